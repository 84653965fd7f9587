"""`coffeechat new` and `coffeechat log`: what they write, checked before it is written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from ..core.contacts import find_contact, group_contacts, slugify
from ..core.edit import add_check_in, body_of, set_follow_up
from ..core.fields import read_note
from ..core.followup import next_check_in
from ..core.model import CheckIn, Note, Severity, Status, new_status
from ..core.notebook import Notebook
from ..core.options import Options
from ..core.parse import parse_front_matter
from ..core.template import note_text, prefill
from ..errors import EditError, Refusal
from .store import create_file, edit_file


def note_path(notes_dir: str, person: str, company: str, when: date) -> str:
    """`notes/DATE-PERSON-COMPANY.md`, with slugs."""
    return os.path.join(notes_dir, f"{when.isoformat()}-{slugify(person)}-{slugify(company)}.md")


def create_note(book: Notebook, notes_dir: str, person: str, company: str, when: date, *,
                today: date, role: str | None = None, fmt: str | None = None) -> str:
    """Write a new note from the template; its path. Never overwrites."""
    values: dict[str, str | date] = {**prefill(book.notes, person), "person": person,
                                     "company": company, "date": when}
    values["status"] = str(new_status(when, today))
    values.update((key, value) for key, value in (("role", role), ("format", fmt)) if value)
    path = note_path(notes_dir, person, company, when)
    text = note_text(values)
    fm = parse_front_matter(text.encode("utf-8", "surrogateescape"), path)
    written = read_note(fm, os.path.basename(path), today)
    if not isinstance(written, Note) or not fm.ok or (written.person, written.company) != (
            person.strip(), company.strip()):
        raise Refusal(f"{path}: the new note would not read back as written; nothing was "
                      "written")
    try:
        create_file(path, text.encode("utf-8"))
    except FileExistsError:
        raise Refusal(f"{path} exists already: nothing was written (edit it, or pass another "
                      "--date)") from None
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
    broken = book.broken
    if broken:
        raise Refusal(f"{len(broken)} note{'s' * (len(broken) != 1)} "
                      f"({', '.join(broken[:3])}{', …' if len(broken) > 3 else ''}) "
                      "have errors: fix them first (run coffeechat check)")
    contact = find_contact(group_contacts(book.notes), person)
    target = contact.latest
    if target is None:
        raise Refusal(f"no conversation with {contact.name} has happened yet (only planned or "
                      "cancelled notes): log records what follows one")
    when = when or today
    if when < target.date:
        raise Refusal(f"{when} is before the conversation of {target.date} in {target.path}")
    updated: list[Note] = []

    def edit(original: bytes) -> bytes:
        try:
            text = original.decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(f"{target.path}: is not UTF-8 text any more") from None
        before = text
        try:
            if thank_you:
                text = set_follow_up(text, "thank_you", when)
            elif note is not None or next_date is None:
                text = add_check_in(text, when, note)
            if next_date is not None:
                text = set_follow_up(text, "next", next_date)
        except (ValueError, IndexError) as exc:  # a layout the edits do not know
            raise EditError(str(exc)) from None
        updated.append(_verified(target, before, text, today,
                                 thank_you=thank_you, when=when, note=note, next_date=next_date))
        return text.encode("utf-8")

    try:
        edit_file(target.path, edit)
    except EditError as exc:
        message = str(exc)
        raise EditError(message if message.startswith(target.path) else
                        f"{target.path}: cannot be edited safely: {message}") from None
    notes = [updated[0] if n is target else n for n in book.notes]
    (after,) = [c for c in group_contacts(notes) if c.key == contact.key]
    return Logged(target.path, next_check_in(after, options))


def _verified(target: Note, original: str, text: str, today: date, *, thank_you: bool,
              when: date, note: str | None, next_date: date | None) -> Note:
    """The edited note read back: valid, with what was asked, and its body untouched."""
    fm = parse_front_matter(text.encode("utf-8"), target.path)
    updated = read_note(fm, target.rel_path, today)
    if not isinstance(updated, Note) or not fm.ok:
        errors = "; ".join(p.message for p in fm.problems if p.severity is Severity.ERROR)
        raise EditError(f"{target.path}: the edit would not read back ({errors}); nothing was "
                        "written")
    if updated.status is not Status.DONE:
        raise EditError(f"{target.path}: the note is no longer a done conversation; nothing was "
                        "written")
    wanted_check_in = not thank_you and (note is not None or next_date is None)
    if (thank_you and updated.thank_you != when) or (next_date and updated.next != next_date) \
            or (wanted_check_in and CheckIn(when, (note or "").strip()) not in updated.check_ins):
        raise EditError(f"{target.path}: the edit did not read back as expected; nothing was "
                        "written")
    if body_of(text) != body_of(original):
        raise EditError(f"{target.path}: the edit would change the body; nothing was written")
    return updated
