"""`coffeechat new` and `coffeechat log`: what they write, checked before it is written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from .edit import EditError, Known, add_check_in, new_note, set_follow_up
from .fields import read_note
from .followup import contact_key, find_contact, group_contacts, next_check_in, slugify
from .model import CheckIn, Note, Options, Severity
from .notebook import Notebook
from .parse import parse_front_matter
from .store import create_file, replace_file


class AuthoringError(Exception):
    """A refusal: the message says why; nothing was written."""


def note_path(notes_dir: str, person: str, company: str, when: date) -> str:
    """`notes/DATE-PERSON-COMPANY.md`, with slugs."""
    return os.path.join(notes_dir, f"{when.isoformat()}-{slugify(person)}-{slugify(company)}.md")


def _known(notes: list[Note], person: str) -> Known:
    """The latest known role and contact details of `person`, from their notes."""
    mine = sorted((n for n in notes if contact_key(n.person) == contact_key(person)),
                  key=lambda n: (n.date, n.rel_path))
    values: dict[str, str] = {}
    for note in mine:
        for key in ("role", "email", "phone", "linkedin", "referred_by"):
            if value := getattr(note, key):
                values[key] = value
    return Known(**values)


def create_note(book: Notebook, notes_dir: str, person: str, company: str, when: date, *,
                today: date, role: str | None = None, fmt: str | None = None) -> str:
    """Write a new note from the template; its path. Never overwrites."""
    path = note_path(notes_dir, person, company, when)
    text = new_note(person, company, when, planned=when >= today, role=role, fmt=fmt,
                    known=_known(book.notes, person))
    try:
        create_file(path, text.encode("utf-8"))
    except FileExistsError:
        raise AuthoringError(f"{path} exists already: nothing was written (edit it, or "
                             "pass another --date)") from None
    return path


@dataclass(frozen=True)
class Logged:
    path: str
    next_check_in: date | None


def log_contact(book: Notebook, person: str, *, today: date, options: Options,
                when: date | None = None, note: str | None = None, thank_you: bool = False,
                next_date: date | None = None) -> Logged:
    """Record a check-in (or the thank-you, or only an agreed next date) in the contact's
    latest conversation, editing its front matter in place."""
    broken = sorted({p.path for p in book.problems if p.severity is Severity.ERROR})
    if broken:
        raise AuthoringError(f"{len(broken)} note{'s' * (len(broken) != 1)} "
                             f"({', '.join(broken[:3])}{', …' if len(broken) > 3 else ''}) "
                             "have errors: fix them first (run coffeechat check)")
    try:
        contact = find_contact(group_contacts(book.notes), person)
    except LookupError as exc:
        names = getattr(exc, "candidates", None)
        if names:
            raise AuthoringError(f"{person!r} could be any of: {'; '.join(names)}. Use the "
                                 "full name") from None
        close = getattr(exc, "suggestions", [])
        hint = f" Did you mean {' or '.join(repr(n) for n in close)}?" if close else ""
        raise AuthoringError(f"no notes with {person!r}.{hint}") from None
    target = contact.latest
    if target is None:
        raise AuthoringError(f"no conversation with {contact.name} has happened yet (only "
                             "planned or cancelled notes): log records what follows one")
    when = when or today
    if when < target.date:
        raise AuthoringError(f"{when} is before the conversation of {target.date} in "
                             f"{target.path}")
    with open(target.path, "rb") as handle:
        original = handle.read()
    text = original.decode("utf-8")
    try:
        if thank_you:
            text = set_follow_up(text, "thank_you", when)
        elif note is not None or next_date is None:
            text = add_check_in(text, when, note)
        if next_date is not None:
            text = set_follow_up(text, "next", next_date)
    except (EditError, ValueError, IndexError) as exc:
        raise AuthoringError(f"{target.path}: cannot be edited safely: {exc}") from None
    updated = _verified(target, text, today, thank_you=thank_you, when=when, note=note,
                        next_date=next_date, original=original)
    try:
        replace_file(target.path, text.encode("utf-8"), expected=original)
    except OSError as exc:
        raise AuthoringError(str(exc)) from None
    notes = [updated if n is target else n for n in book.notes]
    (after,) = [c for c in group_contacts(notes) if c.key == contact.key]
    return Logged(target.path, next_check_in(after, options))


def _verified(target: Note, text: str, today: date, *, thank_you: bool, when: date,
              note: str | None, next_date: date | None, original: bytes) -> Note:
    """The edited note read back: valid, with what was asked, and its body untouched."""
    fm = parse_front_matter(text.encode("utf-8"), target.path)
    updated = read_note(fm, target.rel_path, today)
    if not isinstance(updated, Note) or not fm.ok:
        errors = "; ".join(p.message for p in fm.problems if p.severity is Severity.ERROR)
        raise AuthoringError(f"{target.path}: the edit would not read back ({errors}); "
                             "nothing was written")
    wanted_check_in = not thank_you and (note is not None or next_date is None)
    if (thank_you and updated.thank_you != when) or (next_date and updated.next != next_date) \
            or (wanted_check_in and CheckIn(when, (note or "").strip()) not in updated.check_ins):
        raise AuthoringError(f"{target.path}: the edit did not read back as expected; "
                             "nothing was written")
    body = original.decode("utf-8").replace("\r\n", "\n").split("\n---\n", 1)[-1]
    if not text.replace("\r\n", "\n").endswith(body):
        raise AuthoringError(f"{target.path}: the edit would change the body; nothing was "
                             "written")
    return updated
