"""`coffeechat new` and `coffeechat log`: what they write, checked before it is written."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import yaml

from ..core.contacts import contact_key, find_contact, group_contacts, latest, names_match, slugify
from ..core.days import add_business_days
from ..core.edit import add_check_in, body_of, set_value
from ..core.fields import NOTE, NOTE_KEYS, read_note
from ..core.followup import next_check_in, thank_you_due
from ..core.importing import Connection
from ..core.model import CheckIn, Contact, Note, Severity, Status, new_status
from ..core.notebook import Notebook
from ..core.options import Options
from ..core.outreach import follow_up_day, try_another_day
from ..core.parse import one_line, parse_front_matter
from ..core.referrals import referrer_of
from ..core.template import note_text, prefill
from ..core.wording import plural
from ..errors import AmbiguousContact, EditError, Refusal
from .store import create_file, create_files, edit_file


def note_path(notes_dir: str, person: str, company: str, when: date) -> str:
    """`notes/DATE-PERSON-COMPANY.md`, with slugs."""
    return os.path.join(notes_dir, f"{when.isoformat()}-{slugify(person)}-{slugify(company)}.md")


def create_note(book: Notebook, notes_dir: str, person: str, company: str, when: date, *,
                today: date, role: str | None = None, fmt: str | None = None,
                status: Status | None = None, outreach: dict[str, object] | None = None,
                details: dict[str, str] | None = None) -> str:
    """Write a new note from the template; its path. Never overwrites.

    `status` defaults to `new`'s rule (planned unless already past); `outreach` and
    `details` (role, linkedin…) are written when given; what earlier notes say about the
    person fills the rest.
    """
    values: dict[str, object] = {**introduction(book, person), **prefill(book.notes, person),
                                 **(details or {}), "person": person, "company": company,
                                 "date": when}
    values["status"] = str(status or new_status(when, today))
    values.update((key, value) for key, value in (("role", role), ("format", fmt)) if value)
    if outreach:
        values["outreach"] = outreach
    path = note_path(notes_dir, person, company, when)
    text = _checked_text(values, path, today)
    try:
        create_file(path, text.encode("utf-8"))
    except FileExistsError:
        raise Refusal(f"{path} exists already: nothing was written (edit it, or pass another "
                      "--date)") from None
    return path


def introduction(book: Notebook, person: str) -> dict[str, str]:
    """For someone with no note yet whom a conversation suggested (SPEC §9): who introduced
    them (`referred_by`), and where they work when the referral says."""
    if any(contact_key(n.person) == contact_key(person) for n in book.notes):
        return {}
    found = referrer_of(book.notes, person)
    if found is None:
        return {}
    note, referral = found
    return {"referred_by": note.person, **({"company": referral.company}
                                           if referral.company else {})}


def _checked_text(values: dict[str, object], path: str, today: date) -> str:
    """The template filled with `values`, refused unless it reads back as written."""
    text = note_text(values)
    fm = parse_front_matter(text.encode("utf-8", "surrogateescape"), path)
    written = read_note(fm, os.path.basename(path), today)
    if not isinstance(written, Note) or not fm.ok or (written.person, written.company) != (
            str(values["person"]).strip(), str(values["company"]).strip()):
        raise Refusal(f"{path}: the new note would not read back as written; nothing was "
                      "written")
    return text


def open_outreach_note(book: Notebook, person: str, company: str | None, *,
                       partial: bool = True) -> Note | None:
    """The person's note still before a conversation (`lead` or `asked`), at `company` if
    given: the one `new` books and `reach` fills. The person is named in full (any
    spelling), or (with `partial`) by part of a name that only one person with such a
    note has."""
    waiting = [n for n in book.notes if n.status in (Status.LEAD, Status.ASKED) and (
        company is None or contact_key(n.company) == contact_key(company))]
    key = contact_key(person)
    mine = [n for n in waiting if contact_key(n.person) == key]
    if partial and not mine and not any(contact_key(n.person) == key for n in book.notes):
        people = {contact_key(n.person): n.person for n in waiting
                  if names_match(person, contact_key(n.person))}
        if len(people) > 1:
            raise AmbiguousContact(person, sorted(people.values()))
        mine = [n for n in waiting if contact_key(n.person) in people]
    asked = [n for n in mine if n.status is Status.ASKED]
    return latest(asked) or min(mine, key=lambda n: (n.date, n.rel_path), default=None)


def book_conversation(book: Notebook, target: Note, when: date, *, today: date,
                      role: str | None = None, fmt: str | None = None) -> Note:
    """`new` for a person with a `lead` or `asked` note: that note becomes the booked
    conversation (its date and status set), keeping its outreach and prep."""
    refuse_suspects(book, target.person)
    if target.sent is not None and when < target.sent:
        raise Refusal(f"{when} is before the first message to {target.person} "
                      f"({target.sent}, {target.path}): is the date right?")
    status = new_status(when, today)

    def change(text: str) -> str:
        text = set_value(text, ("date",), when)
        text = set_value(text, ("status",), str(status), after=("date",))
        for key, value in (("role", role), ("format", fmt)):
            if value:
                text = set_value(text, (key,), value, after=_BEFORE[key])
        return text

    return _edit(target, today, change, lambda n: n.date == when and n.status is status
                 and (not role or n.role == role) and (not fmt or str(n.format) == fmt))


#: For each key `log`, `reach` and `new` may add: the keys it goes after (the table's order).
_BEFORE = {f.key: NOTE_KEYS[:i] for i, f in enumerate(NOTE)}


# --- log: edits of a person's note ----------------------------------------------------------

def _person(book: Notebook, query: str) -> Contact:
    """The contact `query` names, provided no note with errors could be theirs."""
    refuse_suspects(book, query)
    return find_contact(group_contacts(book.notes), query)


def refuse_suspects(book: Notebook, query: str) -> None:
    """Refuse when a note with errors could be the person's (its person cannot be read, or
    matches `query`): what is written could be wrong."""
    suspects = {path: person for path, person in book.broken_people.items()
                if person is None or names_match(query, contact_key(person))}
    if suspects:
        reasons = {path: "its person cannot be read" if person is None else f"it names {person}"
                   for path, person in suspects.items()}
        why = "; ".join(f"{path} ({reasons[path]})" for path in sorted(reasons)[:3])
        one = len(suspects) == 1
        raise Refusal(f"{plural(len(suspects), 'note')} {'has' if one else 'have'} errors and "
                      f"could be {query}'s: {why}{', …' if len(suspects) > 3 else ''}; fix "
                      f"{'it' if one else 'them'} first (run coffeechat check)")


def _edit(target: Note, today: date, change: Callable[[str], str],
          wanted: Callable[[Note], bool]) -> Note:
    """Edit the target note's front matter with `change` (text → text) under a lock, and
    return the note read back; refuse, writing nothing, unless it reads back valid, as
    `wanted`, with its body untouched."""
    updated: list[Note] = []

    def edit(original: bytes) -> bytes:
        try:
            before = original.decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(f"{target.path}: is not UTF-8 text any more") from None
        try:
            text = change(before)
        except (ValueError, IndexError, yaml.YAMLError) as exc:  # a layout the edits do not know
            raise EditError(one_line(str(exc))) from None
        fm = parse_front_matter(text.encode("utf-8"), target.path)
        note = read_note(fm, target.rel_path, today)
        if not isinstance(note, Note) or not fm.ok:
            errors = "; ".join(p.message for p in fm.problems if p.severity is Severity.ERROR)
            raise EditError(f"{target.path}: the edit would not read back ({errors}); nothing "
                            "was written")
        if not wanted(note):
            raise EditError(f"{target.path}: the edit did not read back as expected; nothing "
                            "was written")
        if body_of(text) != body_of(before):
            raise EditError(f"{target.path}: the edit would change the body; nothing was "
                            "written")
        updated.append(note)
        return text.encode("utf-8")

    try:
        edit_file(target.path, edit)
    except EditError as exc:
        message = str(exc)
        raise EditError(message if message.startswith(target.path) else
                        f"{target.path}: cannot be edited safely: {message}") from None
    return updated[0]


@dataclass(frozen=True)
class Logged:
    path: str
    next_check_in: date | None


def log_contact(book: Notebook, person: str, *, today: date, options: Options,
                when: date | None = None, note: str | None = None, thank_you: bool = False,
                next_date: date | None = None) -> Logged:
    """Record a check-in (or the thank-you, or only an agreed next date) in the contact's
    latest conversation, editing its front matter in place."""
    contact = _person(book, person)
    target = contact.latest
    if target is None:
        name = shlex.quote(person)
        past = any(n.status is Status.PLANNED and n.date <= today for n in contact.notes)
        asked = any(n.status is Status.ASKED for n in contact.notes)
        hint = (f"; if the planned one happened, mark it done first: coffeechat log {name} "
                "--done" if past else f"; did they answer your message? coffeechat log {name} "
                "--replied" if asked else "")
        raise Refusal(f"no conversation with {contact.name} has happened yet (no `done` "
                      f"note): log records what follows one{hint}")
    when = when or today
    if when < target.date:
        raise Refusal(f"{when} is before the conversation of {target.date} in {target.path}")
    check_in = not thank_you and (note is not None or next_date is None)

    def change(text: str) -> str:
        if thank_you:
            text = set_value(text, ("follow_up", "thank_you"), when)
        elif check_in:
            text = add_check_in(text, when, note)
        if next_date is not None:
            text = set_value(text, ("follow_up", "next"), next_date)
        return text

    def wanted(updated: Note) -> bool:
        return (updated.status is Status.DONE
                and (not thank_you or updated.thank_you == when)
                and (next_date is None or updated.next == next_date)
                and (not check_in or CheckIn(when, (note or "").strip()) in updated.check_ins))

    updated = _edit(target, today, change, wanted)
    notes = [updated if n is target else n for n in book.notes]
    (after,) = [c for c in group_contacts(notes) if c.key == contact.key]
    return Logged(target.path, next_check_in(after, options))


@dataclass(frozen=True)
class Settled:
    path: str
    status: Status
    thank_you_due: date | None  # for a conversation marked done


def settle(book: Notebook, person: str, status: Status, *, today: date,
           options: Options) -> Settled:
    """Mark the person's latest planned conversation on or before today done (or cancelled):
    the `confirm` item of SPEC §3, settled."""
    contact = _person(book, person)
    target = latest(n for n in contact.notes if n.status is Status.PLANNED and n.date <= today)
    if target is None:
        planned = [n for n in contact.notes if n.status is Status.PLANNED]
        later = f" (the next one is on {min(n.date for n in planned)})" if planned else ""
        raise Refusal(f"no planned conversation with {contact.name} on or before {today} to "
                      f"mark {status}{later}")
    updated = _edit(target, today,
                    lambda text: set_value(text, ("status",), str(status), after=("date",)),
                    lambda note: note.status is status)
    due = thank_you_due(updated, options) if status is Status.DONE else None
    return Settled(target.path, status, due)


# --- before the chat: reach and the replies (SPEC §8) ---------------------------------------

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
                                 after=_BEFORE["outreach"])
            return text

        updated = _edit(target, today, change, lambda n: n.status is Status.ASKED
                        and n.sent == when and (not via or (n.outreach is not None
                                                            and str(n.outreach.via) == via)))
        name, at, path, created = updated.person, updated.company, target.path, False
    else:
        known = latest(n for n in book.notes if contact_key(n.person) == contact_key(person))
        found = company or (known.company if known else None) or introduction(
            book, person).get("company")
        if found is None:
            raise Refusal(f"{person} has no note yet: say where they work with --company")
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
    contact = _person(book, person)
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

    updated = _edit(target, today, lambda text: set_value(text, ("outreach", what), when),
                    wanted)
    nudge, country, source = options.nudge_days, options.holidays, options.calendar
    if what == "replied":
        due = (add_business_days(when, 1, country, source)
               if updated.status is Status.ASKED else None)
    else:
        due = add_business_days(when, nudge, country, source)
    return Answered(target.path, updated.person, updated.company, updated.status, due)


# --- import --add (SPEC §11) ------------------------------------------------------------------

def add_leads(notes_dir: str, leads: list[tuple[Connection, str]], *,
              today: date) -> tuple[list[str], list[tuple[str, str]]]:
    """A `lead` note dated today for each (connection, company as the notebook spells it),
    written like `new` writes: all of them or none, never over an existing file. Returns
    the paths written, and (name, path) of anyone left out because an earlier connection
    takes the same file name."""
    files: dict[str, bytes] = {}
    skipped: list[tuple[str, str]] = []
    for connection, company in leads:
        details = {key: value for key, value in (("role", connection.position),
                                                 ("email", connection.email),
                                                 ("linkedin", connection.url)) if value}
        path = note_path(notes_dir, connection.name, company, today)
        rel = os.path.relpath(path, notes_dir)
        if rel in files:
            skipped.append((connection.name, path))
            continue
        values: dict[str, object] = {**details, "person": connection.name, "company": company,
                                     "date": today, "status": str(Status.LEAD)}
        files[rel] = _checked_text(values, path, today).encode()
    try:
        return create_files(notes_dir, files), skipped
    except FileExistsError as exc:
        taken = exc.filename or exc.args[-1]
        raise Refusal(f"{taken} exists already in {notes_dir}: no lead note was written "
                      "(rename or remove it, or add that person by hand)") from None
