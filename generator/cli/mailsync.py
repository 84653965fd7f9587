"""`coffeechat sync` (SPEC §12): the mail and the calendar, read locally and read-only,
proposing (or, with --apply, recording) what they show.

Registered on the `coffeechat` group by `commands.py`; the core is imported when it runs.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

import click

from ..core.text import terminal
from .params import DateType, Session, exit_on_errors, with_notebook, writes_notes

#: `--since`'s default, in days before today.
SINCE_DAYS = 120


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--since", type=DateType(), help=f"Read what is dated on or after this day "
              f"[default: {SINCE_DAYS} days before today].")
@click.option("--apply", "apply_", is_flag=True,
              help="Record the proposals (through the same edits as log, reach and new).")
@click.option("--by-name", is_flag=True, help="Also match a display name or an event title "
              "to a person without an address (marked so).")
@click.option("--no-subjects", is_flag=True,
              help="Write no subject line into a check-in's note.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a line a proposal; json: for scripts.")
@with_notebook
@writes_notes
def sync(session: Session, sources: tuple[str, ...], since: date | None, apply_: bool,
         by_name: bool, no_subjects: bool, fmt: str) -> None:
    """Read mail and calendars and propose what they show: first messages, replies,
    follow-ups, thank-yous, check-ins, chats booked, moved, held or cancelled.

    SOURCE is an mbox file, a Maildir folder, a folder of .eml files, an iCalendar
    (.ics) file, or imaps://USER@HOST[:PORT]/FOLDER (the password from the environment
    variable COFFEECHAT_IMAP_PASSWORD). Everything is read-only: nothing is marked read,
    and only headers are read. A message is about a person when one of its addresses is
    an `email` of their notes. Writes nothing unless --apply; running it again after
    --apply proposes nothing new.
    """
    from ..files.sync import apply, plan, read_sources
    from .report import sync_json, sync_text

    book = session.load()
    if book.errors:
        exit_on_errors(book, "; nothing was read or written")
    read = read_sources(sources, since or session.today - timedelta(days=SINCE_DAYS))
    synced = plan(book, read, today=session.today, options=session.options, by_name=by_name,
                  subjects=not no_subjects)
    if apply_:
        apply(synced, session.load, session.notes_dir, today=session.today,
              options=session.options)
    click.echo(sync_json(synced, applied=apply_) if fmt == "json" else
               terminal(sync_text(synced, applied=apply_)))
    if synced.refused:
        sys.exit(1)
