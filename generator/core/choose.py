"""Which note a writing command acts on, and when it refuses (SPEC §5): decided here, from
the notes alone, so that `new`, `log --done` and `log --cancelled` (and `sync`, which
proposes the same edits) never disagree, and each rule is testable without files.

Pure: nothing here reads or writes a file.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..errors import AmbiguousContact, Refusal
from .contacts import contact_key, find_contact, group_contacts, latest, names_match
from .model import Contact, Note, Status

#: A person's open notes: before a conversation, or one booked (SPEC §5).
OPEN = (Status.LEAD, Status.ASKED, Status.PLANNED)


def _listed(notes: Iterable[Note]) -> str:
    return ", ".join(f"{n.path} ({n.status} {n.date})" for n in sorted(notes, key=lambda n: n.path))


def note_to_cancel(contact: Contact, today: date) -> Note:
    """The open note `log --cancelled` closes: the planned one nearest to today (a past one
    first), else the asked one, else the lead. Refusal when there is none, or two of the
    same kind tie."""
    planned = [n for n in contact.notes if n.status is Status.PLANNED]
    if planned:
        def distance(n: Note) -> tuple[int, bool]:
            return abs((n.date - today).days), n.date > today

        nearest = min(distance(n) for n in planned)
        candidates = [n for n in planned if distance(n) == nearest]
    else:
        for status in (Status.ASKED, Status.LEAD):
            candidates = [n for n in contact.notes if n.status is status]
            if candidates:
                break
    if not candidates:
        raise Refusal(f"{contact.name} has no open note (lead, asked or planned) to mark "
                      "cancelled")
    if len(candidates) > 1:
        raise Refusal(f"{contact.name} has {len(candidates)} {candidates[0].status} notes "
                      f"that could be the one to cancel: {_listed(candidates)}; edit the one "
                      "you mean (status: cancelled)")
    return candidates[0]


def note_to_mark_done(contact: Contact, today: date) -> Note:
    """The planned conversation `log --done` settles: the latest dated today or before.
    A chat still ahead cannot have happened: refused, saying when it is."""
    target = latest(n for n in contact.notes if n.status is Status.PLANNED and n.date <= today)
    if target is not None:
        return target
    ahead = [n for n in contact.notes if n.status is Status.PLANNED]
    if ahead:
        first = min(ahead, key=lambda n: (n.date, n.path))
        raise Refusal(f"the conversation with {contact.name} is on {first.date} ({first.path}),"
                      f" after {today}: mark it done once it has happened, or cancelled if it "
                      f"will not (coffeechat log {shlex.quote(contact.name)} --cancelled)")
    raise Refusal(f"no planned conversation with {contact.name} on or before {today} to mark "
                  "done")


@dataclass(frozen=True)
class Booking:
    """`new` books the person's open `lead` or `asked` note: its date and status set."""

    note: Note
    rename_to: str | None  # the file's new name in its folder, when its name starts with a date


@dataclass(frozen=True)
class Creation:
    """`new` writes a new note for `person` (as the notebook spells them) at `company`."""

    person: str
    company: str | None  # None: not given, and no referral names it (a usage error)


def plan_new(notes: Sequence[Note], query: str, company: str | None, when: date,
             today: date, *, referral_company: str | None = None) -> Booking | Creation:
    """What `coffeechat new QUERY [--company C] --date WHEN` does (SPEC §5).

    The person is found as `log` finds them (the same person, or whole words of a known
    name that fit one contact only; words that fit several are refused, listing them);
    someone unknown is a new person, named as typed. When they have an open `lead` or
    `asked` note (at `company`, if given), that note is booked; `company` naming another
    company than their open note's is refused; a second chat at a company where one is
    planned today or later is refused.
    """
    contacts = group_contacts(notes)
    contact = _find(contacts, query)
    exact = contact is not None and contact.key == contact_key(query)
    person = query.strip() if contact is None or exact else contact.name
    mine = contact.notes if contact else []
    waiting = [n for n in mine if n.status in (Status.LEAD, Status.ASKED)]
    if company is not None:
        here = [n for n in waiting if contact_key(n.company) == contact_key(company)]
        if waiting and not here:
            other = preferred(waiting)
            raise Refusal(f"{person}'s open note is at {other.company} ({other.path}), not at "
                          f"{company}: leave out --company to book it, or close it first "
                          f"(coffeechat log {shlex.quote(person)} --cancelled)")
        waiting = here
    if waiting:
        target = preferred(waiting)
        return Booking(target, renamed(target, when))
    company = company or referral_company
    if company is not None:
        booked = [n for n in mine if n.status is Status.PLANNED and n.date >= today
                  and contact_key(n.company) == contact_key(company)]
        if booked:
            first = min(booked, key=lambda n: (n.date, n.path))
            raise Refusal(f"a conversation with {person} at {first.company} is planned on "
                          f"{first.date} already ({first.path}): to move it, edit its date")
    return Creation(person, company)


def _find(contacts: list[Contact], query: str) -> Contact | None:
    """The contact `query` names (as `log` finds it), or None for someone new."""
    key = contact_key(query)
    if not any(c.key == key or names_match(query, c.key) for c in contacts):
        return None
    try:
        return find_contact(contacts, query)
    except AmbiguousContact:
        raise
    except Refusal:  # pragma: no cover - find_contact finds what names_match found
        return None


def preferred(waiting: list[Note]) -> Note:
    """Of several open `lead`/`asked` notes, the one `new` books: the latest asked one,
    else the earliest lead."""
    asked = [n for n in waiting if n.status is Status.ASKED]
    return latest(asked) or min(waiting, key=lambda n: (n.date, n.rel_path))


def renamed(note: Note, when: date) -> str | None:
    """The file name of a note booked on `when`: its name with the date in front replaced,
    when it starts with another date (`2026-11-20-kim-park-acme.md`)."""
    name = note.rel_path.rsplit("/", 1)[-1]
    head = name[:10]
    if len(name) > 11 and name[10] in "-_" and _is_date(head) and head != when.isoformat():
        return when.isoformat() + name[10:]
    return None


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10 and text[4] == "-" and text[7] == "-"
