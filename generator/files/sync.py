"""`coffeechat sync` (SPEC §12): read the sources, propose, and with `--apply` record each
proposal through the very edit of the command a user would have typed (`reach`, `log
--replied`, `--followed-up`, `--thank-you`, a check-in, `new`, `--done`, `--cancelled`),
each on the notebook as the ones before it left it. A proposal its command refuses is
reported and skipped; the others are recorded.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..core.choose import renamed
from ..core.edit import set_value
from ..core.model import Note, Status
from ..core.notebook import Notebook
from ..core.options import Options
from ..core.sync import CalendarEvent, Message, Proposal, owner, propose
from ..errors import CoffeechatError, Refusal
from .authoring import PLACE_AFTER, edit_note, log_contact, new_conversation
from .mail import MailSource, read_path
from .outreach import reach, record_outreach
from .store import rename_file

#: What a calendar event proposes (on its own day, ahead of today too).
CALENDAR_ACTIONS = frozenset({"book", "move", "done", "cancelled"})


def read_sources(specs: Sequence[str], since: date) -> list[MailSource]:
    """Every source, read-only; UnreadableSource (naming it) for one that cannot be read."""
    sources = []
    for spec in specs:
        if spec.lower().startswith(("imaps://", "imap://")):
            from .imap import PASSWORD_VARIABLE, read_imap

            sources.append(read_imap(spec, since=since,
                                     password=os.environ.get(PASSWORD_VARIABLE)))
        else:
            sources.append(read_path(spec, since))
    return sources


def unique_messages(sources: Sequence[MailSource]) -> list[Message]:
    """The messages of all sources, the same `Message-ID` counted once."""
    seen: set[str] = set()
    found = []
    for source in sources:
        for message in source.messages:
            if message.message_id:
                if message.message_id in seen:
                    continue
                seen.add(message.message_id)
            found.append(message)
    return found


@dataclass
class Synced:
    """What `sync` read, proposed and (with `--apply`) recorded."""

    me: tuple[str, ...]
    me_assumed: bool  # not from the `me` option: the most frequent sender
    sources: list[MailSource]
    proposals: list[Proposal]
    recorded: list[Proposal] = field(default_factory=list)
    refused: list[tuple[Proposal, str]] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return sum(len(s.messages) for s in self.sources)

    @property
    def events(self) -> int:
        return sum(len(s.events) for s in self.sources)

    @property
    def skipped(self) -> int:
        return sum(s.skipped for s in self.sources)


def plan(book: Notebook, sources: list[MailSource], *, today: date, options: Options,
         by_name: bool = False, subjects: bool = True) -> Synced:
    """The proposals of the sources against the notebook (nothing written)."""
    messages = unique_messages(sources)
    events: list[CalendarEvent] = [e for s in sources for e in s.events]
    me = owner(messages, options.me)
    proposals = propose(book.notes, messages, events, me=me, today=today, options=options,
                        by_name=by_name, subjects=subjects)
    # a message dated after today (a wrong clock) records nothing; an event may be ahead
    proposals = [p for p in proposals if p.day <= today or p.action in CALENDAR_ACTIONS]
    return Synced(me, not options.me, sources, proposals)


def apply(synced: Synced, load: Callable[[], Notebook], notes_dir: str, *, today: date,
          options: Options) -> None:
    """Record every proposal in order, each on the notebook as the ones before left it (a
    note booked or moved earlier in the run is found under its new name)."""
    renamed: dict[str, str] = {}
    for proposal in synced.proposals:
        proposal = dataclasses.replace(proposal, path=renamed.get(proposal.path, proposal.path))
        try:
            path = record(proposal, load(), notes_dir, today=today, options=options)
        except CoffeechatError as exc:
            synced.refused.append((proposal, str(exc)))
        else:
            synced.recorded.append(proposal)
            if path is not None and path != proposal.path:
                renamed[proposal.path] = path


def record(p: Proposal, book: Notebook, notes_dir: str, *, today: date,
           options: Options) -> str | None:
    """One proposal, through the edit of the command that records it; the note's path
    when booking or moving it gave it a new name."""
    if p.action == "reach":
        reach(book, notes_dir, p.person, today=today, options=options, via="email", when=p.day)
    elif p.action in ("replied", "followed-up"):
        record_outreach(book, p.person, "replied" if p.action == "replied" else "follow_up",
                        today=today, options=options, when=p.day)
    elif p.action == "thank-you":
        log_contact(book, p.person, today=today, options=options, when=p.day, thank_you=True)
    elif p.action == "check-in":
        log_contact(book, p.person, today=today, options=options, when=p.day,
                    remark=p.remark)
    elif p.action == "book":
        return new_conversation(book, notes_dir, p.person, today=today, when=p.day).path
    else:
        target = _note(book, p)
        if p.action == "move":
            return move_conversation(target, p.day, today=today)
        else:
            status = Status.DONE if p.action == "done" else Status.CANCELLED
            edit_note(target, today,
                      lambda text: set_value(text, ("status",), str(status), after=("date",)),
                      lambda n: n.status is status,
                      still=lambda n: n.status is Status.PLANNED and n.date == p.day)
    return None


def _note(book: Notebook, p: Proposal) -> Note:
    found = next((n for n in book.notes if n.path == p.path), None)
    if found is None or found.status is not Status.PLANNED:
        raise Refusal(f"{p.path}: no longer a planned chat of {p.person}; nothing was written")
    return found


def move_conversation(target: Note, when: date, *, today: date) -> str:
    """A planned chat moved to `when`: its date set and its file renamed as booking renames
    it (never over another file). Returns its path."""
    name = renamed(target, when)
    if name is not None and os.path.lexists(os.path.join(os.path.dirname(target.path), name)):
        raise Refusal(f"{target.path} would be renamed {name}, which exists already: nothing "
                      "was written")
    edit_note(target, today, lambda text: set_value(text, ("date",), when,
                                                    after=PLACE_AFTER["date"]),
              lambda n: n.date == when, still=lambda n: n.status is Status.PLANNED)
    return rename_file(target.path, name) if name is not None else target.path
