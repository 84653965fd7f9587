"""`coffeechat reach`, `log --replied` / `--followed-up` and `import --add`: the notes
written before the chat (SPEC §8, §11), with the same checked, locked edits as `log`."""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from datetime import date

from ..core.contacts import contact_key, latest
from ..core.days import add_business_days
from ..core.edit import set_value
from ..core.importing import Lead
from ..core.model import Note, Status
from ..core.notebook import Notebook
from ..core.options import Options
from ..core.outreach import follow_up_day, try_another_day
from ..errors import Refusal
from .authoring import (
    PLACE_AFTER,
    checked_text,
    create_note,
    edit_note,
    find_person,
    introduction,
    note_path,
    open_outreach_note,
    public,
    refuse_suspects,
)
from .store import create_files


@dataclass(frozen=True)
class Reached:
    path: str
    created: bool  # a new note, else a `lead` note filled
    person: str
    company: str
    sent: date
    try_another: date  # the 3B day
    follow_up: date  # the 7B day


def reach(book: Notebook, notes_dir: str, person: str, *, today: date, options: Options,
          company: str | None = None, via: str | None = None,
          when: date | None = None) -> Reached:
    """Record a first message sent on `when` (default today): the person's `lead` note
    becomes `asked`, or a new `asked` note is written."""
    refuse_suspects(book, person)
    when = when or today
    target = open_outreach_note(book, person, company)
    if target is not None and target.status is Status.ASKED:
        name = shlex.quote(target.person)
        if target.replied is not None:
            raise Refusal(f"{target.person} answered on {target.replied} ({target.path}): book "
                          f"the conversation with coffeechat new {name} --date YYYY-MM-DD")
        raise Refusal(f"a message to {target.person} is already waiting for a reply (sent "
                      f"{target.sent}, {target.path}): record the one follow-up with "
                      f"coffeechat log {name} --followed-up")
    outreach: dict[str, object] = {"sent": when, **({"via": via} if via else {})}
    if target is not None and target.status is Status.LEAD:
        def change(text: str) -> str:
            text = set_value(text, ("status",), str(Status.ASKED), after=("date",))
            for key, value in outreach.items():
                text = set_value(text, ("outreach", key), value,  # type: ignore[arg-type]
                                 after=PLACE_AFTER["outreach"])
            return text

        updated = edit_note(target, today, change, lambda n: n.status is Status.ASKED
                        and n.sent == when and (not via or (n.outreach is not None
                                                            and str(n.outreach.via) == via)),
                        still=lambda n: n.status is Status.LEAD)
        name, at, path, created = updated.person, updated.company, target.path, False
    else:
        known = latest(n for n in public(book) if contact_key(n.person) == contact_key(person))
        found = company or (known.company if known else None) or introduction(
            book, person).get("company")
        if found is None:
            hidden = any(contact_key(n.person) == contact_key(person) for n in book.notes)
            why = (f"{person}'s notes are private (nothing is copied out of them into a new "
                   "note)" if hidden else f"{person} has no note yet")
            raise Refusal(f"{why}: say where they work with --company")
        at = found
        path = create_note(book, notes_dir, person, at, when, today=today,
                           status=Status.ASKED, outreach=outreach)
        name, created = person, True
    return Reached(path, created, name, at, when, try_another_day(when, options),
                   follow_up_day(when, options))


@dataclass(frozen=True)
class Answered:
    path: str
    person: str
    company: str
    status: Status
    next_due: date | None  # replied: when to book by; followed up: when they count as silent


def record_outreach(book: Notebook, person: str, what: str, *, today: date,
                    options: Options, when: date | None = None) -> Answered:
    """Record the reply (`what="replied"`) to, or the one follow-up (`"follow_up"`) of, the
    person's first message still waiting for a reply."""
    contact = find_person(book, person)
    waiting = [n for n in contact.notes if n.status is Status.ASKED and n.sent is not None
               and n.replied is None]
    if not waiting:
        raise Refusal(f"no message to {contact.name} is waiting for a reply: record a first "
                      f"message with coffeechat reach {shlex.quote(contact.name)}")
    target = max(waiting, key=lambda n: (n.sent, n.rel_path))
    assert target.outreach is not None and target.sent is not None
    when = when or today
    if when < target.sent:
        raise Refusal(f"{when} is before the first message ({target.sent}) in {target.path}")
    if what == "follow_up" and target.outreach.followed_up is not None:
        raise Refusal(f"you followed up with {contact.name} on {target.outreach.followed_up} "
                      f"({target.path}): the routine has one follow-up; write to the next "
                      f"contact at {target.company}")

    def wanted(note: Note) -> bool:
        got = note.replied if what == "replied" else note.outreach and note.outreach.followed_up
        return got == when

    def still(note: Note) -> bool:  # nobody recorded the reply (or the follow-up) meanwhile
        return note.status is Status.ASKED and note.replied is None and (
            what == "replied" or note.outreach is None or note.outreach.followed_up is None)

    updated = edit_note(target, today, lambda text: set_value(text, ("outreach", what), when),
                    wanted, still)
    nudge, country, source = options.nudge_days, options.holidays, options.calendar
    if what == "replied":
        due = (add_business_days(when, 1, country, source)
               if updated.status is Status.ASKED else None)
    else:
        due = add_business_days(when, nudge, country, source)
    return Answered(target.path, updated.person, updated.company, updated.status, due)


# --- import --add (SPEC §11) ------------------------------------------------------------------

def add_leads(notes_dir: str, leads: list[Lead], *, today: date) -> list[str]:
    """A `lead` note dated today for each lead, written like `new` writes: all of them or
    none, never over an existing file; the paths written. A lead whose file name an earlier
    one takes gets the next free name (`…-2.md`); a lead at a company whose target file is
    private is private too (SPEC §6: the company is copied from that file)."""
    files: dict[str, bytes] = {}
    for lead in leads:
        person = lead.connection
        details = {key: value for key, value in (("role", person.position),
                                                 ("email", person.email),
                                                 ("phone", person.phone),
                                                 ("linkedin", person.url)) if value}
        path = _free_name(notes_dir, note_path(notes_dir, person.name, lead.company, today),
                          files)
        values: dict[str, object] = {**details, "person": person.name, "company": lead.company,
                                     "date": today, "status": str(Status.LEAD),
                                     **({"private": True} if lead.private else {})}
        files[os.path.relpath(path, notes_dir)] = checked_text(values, path, today).encode()
    try:
        return create_files(notes_dir, files)
    except FileExistsError as exc:
        taken = exc.filename or exc.args[-1]
        raise Refusal(f"{taken} exists already in {notes_dir}: no lead note was written "
                      "(rename or remove it, or add that person by hand)") from None


def _free_name(notes_dir: str, path: str, taken: dict[str, bytes]) -> str:
    """`path`, or when another of the leads takes it, the first of `…-2.md`, `…-3.md`…
    that neither they nor a file take (the slugs' limit keeps it short)."""
    stem, extension = os.path.splitext(path)
    number = 1
    while os.path.relpath(path, notes_dir) in taken or number > 1 and os.path.lexists(path):
        number += 1
        path = f"{stem}-{number}{extension}"
    return path

