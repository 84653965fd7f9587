"""The commands of the pipeline around the chats (SPEC §8, §10, §11): `reach`, `targets`
and `import` fill it before them, and `week` reviews it.

Registered on the `coffeechat` group by `commands.py`; like every command, each imports
the core when it runs.
"""

from __future__ import annotations

import shlex
from datetime import date
from typing import TYPE_CHECKING

import click

from ..core.model import Via
from ..core.text import terminal
from ..errors import Refusal
from .params import (
    DateType,
    Session,
    WeekType,
    colour,
    exit_on_errors,
    non_empty,
    terminal_width,
    with_notebook,
    writes_notes,
)

if TYPE_CHECKING:
    from ..core.notebook import Notebook
    from ..core.outreach import TargetRow

VIAS = [v.value for v in Via]


@click.command()
@click.argument("person", callback=non_empty)
@click.option("--company", callback=non_empty,
              help="Where they work [default: from their lead note, or their latest note].")
@click.option("--via", type=click.Choice(VIAS), help="How you wrote to them.")
@click.option("--date", "when", type=DateType(), help="When you sent it [default: today].")
@with_notebook
@writes_notes
def reach(session: Session, person: str, company: str | None, via: str | None,
          when: date | None) -> None:
    """Record a first message to PERSON, sent today (or on --date).

    Fills PERSON's `lead` note (status: asked, outreach.sent), or writes a new
    note with the prep template. Prints when to try the next contact at the
    company (after 3 business days without a reply) and when to follow up once
    (after 7), the 3B7 routine.
    """
    from ..files.outreach import reach as reach_person

    done = reach_person(session.load(), session.notes_dir, person, today=session.today,
                        options=session.options, company=company, via=via, when=when)
    how = "new note" if done.created else "was a lead"
    click.echo(terminal(
        f"{done.path}: message to {done.person} ({done.company}) sent "
        f"{done.sent:%a %Y-%m-%d} ({how})\n"
        f"  no reply by {done.try_another:%a %Y-%m-%d}: write to the next contact at "
        f"{done.company}\n"
        f"  still none by {done.follow_up:%a %Y-%m-%d}: follow up once (coffeechat log "
        f"{shlex.quote(done.person)} --followed-up)"))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a table to read; json: for scripts.")
@with_notebook
def targets(session: Session, fmt: str) -> None:
    """The target companies in LAMP order, with their coverage and next step.

    Target companies are notes-folder files with `kind: company` (motivation,
    posting, advocacy, status); the first `active_targets` active ones are in
    play. Companies known only from notes follow. Exits 1 if a note has errors.
    """
    from .report import targets_json, targets_text

    book = session.load()
    rows = _ranked(session, book)
    if fmt == "json":
        click.echo(targets_json(rows, session.today))
    else:
        click.echo(targets_text(rows, session.today, active_targets=session.options.active_targets,
                                style=colour(), width=terminal_width()))
    exit_on_errors(book)


def _ranked(session: Session, book: Notebook) -> list[TargetRow]:
    """The notebook's companies in LAMP order, each with its next step."""
    from ..core.followup import build_agenda
    from ..core.outreach import index_by_company, rank_targets

    index = index_by_company(book.notes, book.targets)
    agenda = build_agenda(book.notes, session.today, session.options, targets=book.targets,
                          companies=index)
    return rank_targets(book.notes, book.targets, agenda, session.options, session.today,
                        index)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--add", is_flag=True, help="Write a lead note for each connection at an active "
              "target company who has no note yet.")
@with_notebook
@writes_notes
def import_(session: Session, file: str, add: bool) -> None:
    """Whom you know at the notebook's companies, from FILE: LinkedIn's
    Connections.csv export or a vCard (.vcf) file.

    Prints, per company (target companies first), the people you know there and
    marks those who have a note. Writes nothing unless --add is given.
    """
    from ..core.importing import match, new_leads, read_connections
    from ..core.model import TargetStatus
    from .report import imported_text

    with open(file, "rb") as handle:  # read in chunks: a photo is never held whole
        kind, connections = read_connections(iter(lambda: handle.read(1 << 16), b""), file)
    book = session.load()
    rows = _ranked(session, book)
    found = match(connections, [(r.key, r.company) for r in rows],
                  [n.person for n in book.notes])
    leads = new_leads(found, {r.key: r.target is not None and r.target.private for r in rows
                              if r.status is TargetStatus.ACTIVE})
    click.echo(imported_text(kind, file, len(connections), found, len(leads), added=add))
    if add and leads:
        from ..files.outreach import add_leads

        if book.errors:  # a note that cannot be read could be one of these people's
            raise Refusal("no lead note was written: some notes have errors, and one of "
                          "them could be one of these people's; fix them first (run "
                          "coffeechat check)")
        for path in add_leads(session.notes_dir, leads, today=session.today):
            click.echo(terminal(f"  wrote {path}"))
    exit_on_errors(book)


@click.command()
@click.option("--week", "monday", type=WeekType(),
              help="The ISO week to review, YYYY-Www [default: the one holding today].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a short report; json: for scripts.")
@with_notebook
def week(session: Session, monday: date | None, fmt: str) -> None:
    """The weekly review: messages sent, replies, conversations, thank-yous (on
    time or not) and check-ins of one week; progress toward the goals
    (`goals:` in mkdocs.yml) and the streak; what the coming seven days hold.

    Exits 1 if a note has errors (the review of the others is still printed).
    """
    import json

    from ..core.followup import build_agenda
    from ..core.review import review_week, week_of
    from .report import week_text

    book = session.load()
    agenda = build_agenda(book.notes, session.today, session.options, targets=book.targets)
    review = review_week(book.notes, agenda, monday or week_of(session.today), session.today,
                         session.options)
    if fmt == "json":
        click.echo(json.dumps(review.as_dict(), indent=2))
    else:
        click.echo(week_text(review, session.today))
    exit_on_errors(book)
