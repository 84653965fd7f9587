"""The `coffeechat` command line: a few lines per command over the core.

Only click is imported at start-up, so `coffeechat --help` stays fast; each command
imports the parts it needs. Every `CoffeechatError` (and any `OSError`) a command
raises is turned into one line and exit code 1 in one place, `_Group.invoke`.
"""

from __future__ import annotations

import errno
import shlex
import sys
from datetime import date
from typing import Any

import click

from .. import __version__
from ..core.model import Format
from ..core.text import terminal
from ..errors import CoffeechatError, Refusal
from .params import (
    AddressType,
    DateType,
    Session,
    WithinType,
    colour,
    exit_on_errors,
    non_empty,
    plain_text,
    read_only,
    terminal_width,
    today_option,
    with_notebook,
    writes_notes,
)

FORMATS = [f.value for f in Format]


class _Group(click.Group):
    """The command group: the one place where failures become messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoffeechatError as exc:
            raise click.ClickException(terminal(str(exc))) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away: click ends quietly
                raise
            if exc.filename is None:
                raise click.ClickException(exc.strerror or str(exc)) from None
            from ..files.store import shown_path

            raise click.ClickException(terminal(f"cannot read or write "
                                                f"{shown_path(str(exc.filename))}: "
                                                f"{exc.strerror or exc}")) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coffeechat")
def cli() -> None:
    """Keep informational-interview notes: reach out, prepare, thank, check in.

    Notes are Markdown files with YAML front matter under notes/: `new` writes
    one from the prep template, `check` validates them, `due` shows what to do,
    `log` records a thank-you or check-in, and `build` makes the site. Before
    the chat, `targets` ranks the companies you want to work for, `reach`
    records a first message (and when to nudge), and `import` finds whom you
    know there. A new notebook starts with `coffeechat init`.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@with_notebook
@read_only
def check(session: Session, paths: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Validate notes (all of them, or the PATHs given); never writes anything.

    Prints one PATH:LINE: SEVERITY: FIELD: MESSAGE line per problem and a
    summary. Exits 1 on any error (with --strict, on any warning too).
    """
    import os

    from ..files.engines import guard_notice
    from .report import problems_json, problems_text

    book = session.load(paths)
    render = problems_json if fmt == "json" else problems_text
    click.echo(render(book.problems, book.files))
    # not one of the problems: never counted, never failing --strict (SPEC §6, "Any engine")
    notebook = (os.path.dirname(os.path.abspath(session.config_file)) if session.config_file
                else os.path.abspath(os.curdir))
    if notice := guard_notice(notebook, session.notes_dir):
        click.echo(terminal(notice), err=True)
    sys.exit(1 if book.errors or (strict and book.warnings) else 0)


@cli.command()
@click.option("--within", "days", type=WithinType(), default="30",
              show_default="30; for ics, every item",
              help="Show overdue items and those due within DAYS days ('all': everything).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text",
              show_default=True,
              help="text: an agenda to read; json: for scripts; ics: an iCalendar file.")
@with_notebook
def due(session: Session, days: int | None, fmt: str) -> None:
    """The agenda: thank-yous, messages to send, check-ins and chats, most urgent first.

    Exits 1 if any note has errors (the agenda of the valid notes is still
    printed); run `coffeechat check` to see them.
    """
    from ..core.followup import build_agenda, within
    from .report import agenda_json, agenda_text

    if fmt == "ics" and click.get_current_context().get_parameter_source("days") is \
            click.core.ParameterSource.DEFAULT:
        days = None  # a calendar holds every item, as the site's calendar.ics does

    book = session.load()
    items = within(build_agenda(book.notes, session.today, session.options,
                                targets=book.targets), days)
    if fmt == "ics":
        from ..core.ics import agenda_calendar

        click.echo(agenda_calendar(items, session.today), nl=False)
    elif fmt == "json":
        click.echo(agenda_json(items, session.today))
    else:
        click.echo(agenda_text(items, session.today, days=days, style=colour(),
                               width=terminal_width()))
        if not book.files:
            click.echo(f"\nThere are no notes in {session.notes_dir!r} yet.")
    exit_on_errors(book, " of the agenda")


@cli.command()
@click.argument("person", callback=non_empty)
@click.option("--company", callback=non_empty, help="Where they work (required, unless a "
              "conversation suggested PERSON and named the company).")
@click.option("--date", "when", type=DateType(),
              help="The day of the conversation [default: today].")
@click.option("--role", callback=plain_text,
              help="Their role [default: the one in their latest note].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="How you will talk.")
@click.option("--edit", is_flag=True, help="Open the new note in $EDITOR.")
@with_notebook
@writes_notes
def new(session: Session, person: str, company: str | None, when: date | None,
        role: str | None, fmt: str | None, edit: bool) -> None:
    """Write a new note for a conversation with PERSON, from the prep template.

    The file is notes/DATE-PERSON-COMPANY.md; what earlier public notes say about
    PERSON (role, contact details, who introduced you) is filled in, and for someone
    a conversation suggested (its `referrals`), who suggested them and where they
    work. Never overwrites. PERSON is found as `log` finds them (a first or last
    name is enough when it fits one contact). When PERSON has an open `lead` or
    `asked` note (see `coffeechat reach`), that note is the conversation booked,
    taking its company: its date and status are set (and the prep questions added),
    and the file is renamed to the new date.
    """
    from ..errors import NeedsCompany
    from ..files.authoring import new_conversation

    try:
        done = new_conversation(session.load(), session.notes_dir, person,
                                today=session.today, company=company, when=when, role=role,
                                fmt=fmt)
    except NeedsCompany as exc:
        raise click.UsageError(str(exc)) from None
    path = done.path
    click.echo(terminal(path))
    if done.booked is not None:
        click.echo(terminal(f"booked: the {done.booked.status} note of {done.person} is now "
                            f"{done.status} on {(when or session.today):%a %Y-%m-%d}"),
                   err=True)
    if edit:  # once the notebook's lock is released: the editor may stay open for long
        click.get_current_context().call_on_close(lambda: click.edit(filename=path))


@cli.command()
@click.argument("person", callback=non_empty)
@click.option("--date", "when", type=DateType(), help="When you were in touch "
              "[default: today].")
@click.option("--note", "remark", callback=plain_text, help="What the check-in was about.")
@click.option("--thank-you", is_flag=True, help="Record the thank-you instead of a check-in.")
@click.option("--next", "next_date", type=DateType(), help="The agreed (or snoozed) date of "
              "the next check-in; alone, it records only that.")
@click.option("--done", is_flag=True,
              help="The planned conversation happened: mark it done (then thank them).")
@click.option("--cancelled", is_flag=True,
              help="The planned conversation will not happen: mark it cancelled.")
@click.option("--replied", is_flag=True,
              help="They answered your first message (see `coffeechat reach`).")
@click.option("--followed-up", is_flag=True,
              help="You sent the one follow-up to a first message still unanswered.")
@with_notebook
@writes_notes
def log(session: Session, person: str, when: date | None, remark: str | None, thank_you: bool,
        next_date: date | None, done: bool, cancelled: bool, replied: bool,
        followed_up: bool) -> None:
    """Record a check-in with PERSON (or the thank-you) in their latest conversation.

    Edits the front matter in place, changing nothing else, then prints the next
    check-in. With --done or --cancelled, settles PERSON's latest planned conversation
    on or before today instead; with --replied or --followed-up, records the answer to
    (or the follow-up of) PERSON's first message. Refuses, writing nothing, when PERSON
    is unknown or ambiguous, or when a note with errors could be theirs.
    """
    from ..core.model import Status
    from ..files.authoring import log_contact
    from ..files.authoring import settle as settle_note

    if thank_you and remark is not None:
        raise click.UsageError("--note describes a check-in; a thank-you has none: leave out "
                               "--thank-you or --note")
    modes = [flag for flag, on in (("--done", done), ("--cancelled", cancelled),
                                   ("--replied", replied), ("--followed-up", followed_up)) if on]
    if len(modes) > 1:
        raise click.UsageError(f"{' and '.join(modes)}: one at a time")
    if modes and (thank_you or remark is not None or next_date or (when and modes[0] in (
            "--done", "--cancelled"))):
        raise click.UsageError(f"{modes[0]} records only that; log the thank-you or a "
                               "check-in with a second command")
    if replied or followed_up:
        _log_outreach(session, person, "replied" if replied else "follow_up", when)
        return
    settle = "done" if done else "cancelled" if cancelled else None
    if settle:
        settled = settle_note(session.load(), person, Status(settle), today=session.today,
                              options=session.options)
        click.echo(terminal(f"{settled.path}: marked {settled.status}"
                            f"{settled_words(settled, person, session.today)}"))
        return
    logged = log_contact(session.load(), person, today=session.today, options=session.options,
                         when=when, remark=remark, thank_you=thank_you, next_date=next_date)
    upcoming = (f"next check-in: {logged.next_check_in:%a %Y-%m-%d}"
                if logged.next_check_in else "no next check-in (cadence: none)")
    click.echo(terminal(f"{logged.path}: recorded; {upcoming}"))


def settled_words(settled: Any, person: str, today: date) -> str:
    """What follows a note marked done (the thank-you, and whether it is due or late
    already) or cancelled (what it was)."""
    from ..core.wording import relative_days

    due = settled.thank_you_due
    if due is None:
        return f" (it was {settled.was})" if settled.was != settled.status else ""
    when = f"{relative_days((due - today).days)}, " if due <= today else ""
    return (f"; thank-you due {due:%a %Y-%m-%d} ({when}then: coffeechat log "
            f"{shlex.quote(person)} --thank-you)")


def _log_outreach(session: Session, person: str, what: str, when: date | None) -> None:
    from ..files.outreach import record_outreach

    done = record_outreach(session.load(), person, what, today=session.today,
                           options=session.options, when=when)
    name, company = shlex.quote(done.person), shlex.quote(done.company)
    if what == "replied":
        after = (f"book the conversation by {done.next_due:%a %Y-%m-%d}: coffeechat new {name} "
                 f"--company {company} --date YYYY-MM-DD" if done.next_due else
                 f"the conversation is {done.status} already")
        click.echo(terminal(f"{done.path}: reply recorded; {after}"))
    else:
        click.echo(terminal(f"{done.path}: follow-up recorded; no reply by "
                            f"{done.next_due:%a %Y-%m-%d} means no answer: write to the next "
                            f"contact at {done.company}"))


ENGINES = ["mkdocs", "zensical"]
engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True,
    help="mkdocs: MkDocs 1.6 (or ProperDocs) with the plugin; zensical: Zensical, from a "
    "tree coffeechat stages in .coffeechat/zensical/ (public notes only).")


@cli.command()
@click.option("--strict", is_flag=True, help="Refuse to build on warnings about a note's form "
              "too (an unknown key, say); reminders that depend on today never stop a build.")
@click.option("--site-dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Where to write the site [default: site_dir of mkdocs.yml, site/].")
@engine_option
@with_notebook
def build(session: Session, strict: bool, site_dir: str | None, engine: str) -> None:
    """Check the notes, then build the site with MkDocs (or Zensical).

    No site is written when a note has an error (with --strict, a warning about
    a note's form).
    """
    from ..site.runner import run_build, run_zensical_build
    from .report import problems_text

    config_file = session.require_config()
    book = session.load(for_site=True)
    if book.errors or (strict and book.form_warnings):
        click.echo(problems_text(book.problems, book.files))
        raise Refusal("no site was written: fix the problems above first")
    if engine == "zensical":
        for problem in book.problems:  # as the plugin reports them under MkDocs
            click.echo(terminal(f"coffeechat: {problem}"), err=True)
        folder = run_zensical_build(config_file, notes_dir=session.notes_dir,
                                    today=session.today, notebook=book,
                                    options=session.options, site_dir=site_dir)
    else:
        folder = run_build(config_file, notes_dir=session.notes_dir, today=session.today,
                           strict=strict, site_dir=site_dir, notebook=book)
    click.echo(f"Site written to {terminal(folder)}: publish it, or look at it with "
               f"`coffeechat serve{' --engine zensical' * (engine == 'zensical')}` "
               "(http://127.0.0.1:8000)")


@cli.command()
@click.option("--dev-addr", type=AddressType(),
              help="Where to serve [default: 127.0.0.1:8000].")
@engine_option
@with_notebook
def serve(session: Session, dev_addr: str | None, engine: str) -> None:
    """Preview the site, rebuilding when a note, mkdocs.yml or site_theme/ changes."""
    from ..site.runner import run_serve, run_zensical_serve

    if engine == "zensical":
        run_zensical_serve(session.require_config(), notes_dir=session.notes_dir,
                           today=session.today, options=session.options,
                           load=lambda: session.load(for_site=True), dev_addr=dev_addr)
        return
    run_serve(session.require_config(), notes_dir=session.notes_dir, today=session.today,
              dev_addr=dev_addr)


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@today_option
def init(folder: str, today: date | None) -> None:
    """Start a notebook in FOLDER (default: here): mkdocs.yml, notes/ with an example,
    .gitignore, a pre-commit hook and a GitHub Actions workflow that publishes the
    site; then git init on the branch main (unless FOLDER is inside a repository).

    Writes nothing if any of those files exists already.
    """
    import os

    from ..files.scaffold import init_notebook

    done = init_notebook(folder, today or date.today())
    for path in done.written:
        click.echo(terminal(f"  wrote {path}"))
    click.echo(terminal(f"  {done.git}"), err=done.git.startswith("warning:"))
    here = os.path.realpath(folder) == os.path.realpath(os.curdir)
    go = "" if here else f"\n  cd {terminal(shlex.quote(folder))}"
    click.echo(f"""Next:{go}
  coffeechat new "NAME" --company "COMPANY"   # a note for your next coffee chat
  coffeechat due                              # what is due, most urgent first
  coffeechat serve                            # the site, at http://127.0.0.1:8000
  git add -A && git commit -m "Start my coffee chats"
Publishing: push to GitHub and set Pages to deploy from GitHub Actions (see
.github/workflows/coffeechat.yml).""")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a note's front matter, for editors' YAML tooling.

    For example, with the YAML language server: `# yaml-language-server: $schema=...`.
    """
    import json

    from ..core.schema import front_matter_schema

    click.echo(json.dumps(front_matter_schema(), indent=2))


from .mailsync import sync  # noqa: E402  (registered after the group)
from .pipeline import import_, reach, targets, week  # noqa: E402

for _command in (reach, targets, import_, week, sync):
    cli.add_command(_command)


def main() -> None:
    if sys.stdout is None:  # started with standard output closed: nothing could be shown
        print("coffeechat: standard output is closed; nothing was done", file=sys.stderr)
        sys.exit(1)
    for stream in (sys.stdout, sys.stderr):  # what the terminal cannot show, as `\xeb`
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    cli()
