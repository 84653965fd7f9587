"""`coffeechat new` and `coffeechat log`: what they write, checked before it is written."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import yaml

from ..core.choose import Booking, note_to_cancel, note_to_mark_done, plan_new, preferred
from ..core.contacts import contact_key, find_contact, group_contacts, names_match, slugify
from ..core.edit import add_block, add_check_in, body_of, set_value
from ..core.fields import NOTE, NOTE_KEYS, read_note
from ..core.followup import next_check_in, thank_you_due
from ..core.model import CheckIn, Contact, Note, Severity, Status, new_status
from ..core.notebook import Notebook
from ..core.options import Options
from ..core.parse import one_line, parse_front_matter
from ..core.referrals import referrer_of
from ..core.template import note_text, prefill, template_lines
from ..core.wording import plural
from ..errors import AmbiguousContact, EditError, NeedsCompany, Refusal
from .store import create_file, edit_file, rename_file


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
    values: dict[str, object] = {**introduction(book, person), **prefill(public(book), person),
                                 **(details or {}), "person": person, "company": company,
                                 "date": when}
    values["status"] = str(status or new_status(when, today))
    values.update((key, value) for key, value in (("role", role), ("format", fmt)) if value)
    if outreach:
        values["outreach"] = outreach
    path = note_path(notes_dir, person, company, when)
    text = checked_text(values, path, today)
    try:
        create_file(path, text.encode("utf-8"))
    except FileExistsError:
        raise Refusal(f"{path} exists already: nothing was written (edit it, or pass another "
                      "--date)") from None
    return path


def public(book: Notebook) -> list[Note]:
    """The notes a new note may copy from: copying is publishing (SPEC §6), so a private
    note's values never land in another note."""
    return [n for n in book.notes if not n.private]


def introduction(book: Notebook, person: str) -> dict[str, str]:
    """For someone with no note yet whom a public conversation suggested (SPEC §9): who
    introduced them (`referred_by`), and where they work when the referral says."""
    if any(contact_key(n.person) == contact_key(person) for n in book.notes):
        return {}
    found = referrer_of(public(book), person)
    if found is None:
        return {}
    note, referral = found
    return {"referred_by": note.person, **({"company": referral.company}
                                           if referral.company else {})}


def checked_text(values: dict[str, object], path: str, today: date) -> str:
    """The template filled with `values`, refused unless it reads back as written (its
    person, company and privacy)."""
    text = note_text(values)
    fm = parse_front_matter(text.encode("utf-8", "surrogateescape"), path)
    written = read_note(fm, os.path.basename(path), today)
    if not isinstance(written, Note) or not fm.ok or (
            written.person, written.company, written.private) != (
            str(values["person"]).strip(), str(values["company"]).strip(),
            values.get("private") is True):
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
    return preferred(mine) if mine else None


def book_conversation(book: Notebook, target: Note, when: date, *, today: date,
                      role: str | None = None, fmt: str | None = None,
                      rename_to: str | None = None) -> tuple[Note, str]:
    """`new` for a person with a `lead` or `asked` note: that note becomes the booked
    conversation (its date and status set, the prep template's six questions added when
    it has none), keeping its outreach, its other lines and its body; then the file is
    renamed to `rename_to` in its folder, when given. Returns the note and its path."""
    refuse_suspects(book, target.person)
    if target.sent is not None and when < target.sent:
        raise Refusal(f"{when} is before the first message to {target.person} "
                      f"({target.sent}, {target.path}): is the date right?")
    if rename_to is not None and os.path.lexists(os.path.join(os.path.dirname(target.path),
                                                               rename_to)):
        raise Refusal(f"{target.path} would be renamed {rename_to}, which exists already: "
                      "nothing was written (rename one of them)")
    status = new_status(when, today)

    def change(text: str) -> str:
        text = set_value(text, ("date",), when)
        text = set_value(text, ("status",), str(status), after=("date",))
        for key, value in (("role", role), ("format", fmt)):
            if value:
                text = set_value(text, (key,), value, after=PLACE_AFTER[key])
        return add_block(text, "prep", template_lines("prep"), after=PLACE_AFTER["prep"])

    booked = edit_note(target, today, change, lambda n: n.date == when and n.status is status
                       and (not role or n.role == role) and (not fmt or str(n.format) == fmt)
                       and "prep" in n.lines,
                       still=lambda n: n.status is target.status)
    if rename_to is None:
        return booked, target.path
    try:
        return booked, rename_file(target.path, rename_to)
    except FileExistsError:
        raise Refusal(f"{target.path} was booked, but {rename_to} exists already, so it keeps "
                      "its name") from None


@dataclass(frozen=True)
class Started:
    """What `new` did: the path of the note, and the open note it booked (as it was), if
    it booked one rather than writing a new note."""

    path: str
    person: str
    status: Status
    booked: Note | None = None


def new_conversation(book: Notebook, notes_dir: str, query: str, *, today: date,
                     company: str | None = None, when: date | None = None,
                     role: str | None = None, fmt: str | None = None) -> Started:
    """`coffeechat new` (SPEC §5): book the person's open lead or asked note, or write a
    new note, as `core.choose.plan_new` decides. NeedsCompany when the company is
    unknown."""
    when = when or today
    plan = plan_new(book.notes, query, company, when, today,
                    referral_company=introduction(book, query).get("company"))
    if isinstance(plan, Booking):
        booked, path = book_conversation(book, plan.note, when, today=today, role=role,
                                         fmt=fmt, rename_to=plan.rename_to)
        return Started(path, booked.person, booked.status, plan.note)
    if plan.company is None:
        raise NeedsCompany(f"--company is needed: where does {plan.person} work? (it may be "
                           "left out only for someone with an open lead or asked note, or "
                           "whom a conversation suggested with their company)")
    path = create_note(book, notes_dir, plan.person, plan.company, when, today=today,
                       role=role, fmt=fmt)
    return Started(path, plan.person, new_status(when, today))


#: For each key `log`, `reach` and `new` may add: the keys it goes after (the table's order).
PLACE_AFTER = {f.key: NOTE_KEYS[:i] for i, f in enumerate(NOTE)}


# --- log: edits of a person's note ----------------------------------------------------------

def find_person(book: Notebook, query: str) -> Contact:
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


def edit_note(target: Note, today: date, change: Callable[[str], str],
          wanted: Callable[[Note], bool], still: Callable[[Note], bool] | None = None) -> Note:
    """Edit the target note's front matter with `change` (text → text) under a lock, and
    return the note read back; refuse, writing nothing, unless it reads back valid, as
    `wanted`, with its body untouched. `still`: whether the note, as it is under the lock,
    still calls for the edit (another command may have changed it since it was read)."""
    updated: list[Note] = []

    def edit(original: bytes) -> bytes:
        try:
            before = original.decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(f"{target.path}: is not UTF-8 text any more") from None
        if still is not None:
            now = read_note(parse_front_matter(original, target.path), target.rel_path, today)
            if not isinstance(now, Note) or not still(now):
                raise EditError(f"{target.path}: changed since it was read (another coffeechat "
                                "at the same time?); nothing was written: run it again")
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
                when: date | None = None, remark: str | None = None, thank_you: bool = False,
                next_date: date | None = None) -> Logged:
    """Record a check-in (or the thank-you, or only an agreed next date) in the contact's
    latest conversation, editing its front matter in place."""
    contact = find_person(book, person)
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
    if next_date is not None and next_date < target.date:
        raise Refusal(f"--next {next_date} is before the conversation of {target.date} in "
                      f"{target.path}: the next check-in comes after it")
    check_in = not thank_you and (remark is not None or next_date is None)
    if check_in:
        again = CheckIn(when, (remark or "").strip())
        logged = next((n for n in contact.notes if again in n.check_ins), None)
        if logged is not None:
            about = f" ({again.remark})" if again.remark else ""
            raise Refusal(f"this check-in with {contact.name} on {when}{about} is already "
                          f"recorded in {logged.path}: nothing was written")

    def change(text: str) -> str:
        if thank_you:
            text = set_value(text, ("follow_up", "thank_you"), when)
        elif check_in:
            text = add_check_in(text, when, remark)
        if next_date is not None:
            text = set_value(text, ("follow_up", "next"), next_date)
        return text

    def wanted(updated: Note) -> bool:
        return (updated.status is Status.DONE
                and (not thank_you or updated.thank_you == when)
                and (next_date is None or updated.next == next_date)
                and (not check_in or CheckIn(when, (remark or "").strip()) in updated.check_ins))

    updated = edit_note(target, today, change, wanted)
    notes = [updated if n is target else n for n in book.notes]
    (after,) = [c for c in group_contacts(notes) if c.key == contact.key]
    return Logged(target.path, next_check_in(after, options))


@dataclass(frozen=True)
class Settled:
    path: str
    status: Status
    thank_you_due: date | None  # for a conversation marked done
    was: Status  # what the note was before


def settle(book: Notebook, person: str, status: Status, *, today: date,
           options: Options) -> Settled:
    """`log --done`: the person's latest planned conversation on or before today becomes
    done (the `confirm` item of SPEC §3, settled). `log --cancelled`: the person's open
    note (planned, asked or lead, as `core.choose` picks it) becomes cancelled."""
    contact = find_person(book, person)
    if status is Status.DONE:
        target = note_to_mark_done(contact, today)
    else:
        target = note_to_cancel(contact, today)
    updated = edit_note(target, today,
                        lambda text: set_value(text, ("status",), str(status), after=("date",)),
                        lambda note: note.status is status,
                        still=lambda note: note.status is target.status)
    due = thank_you_due(updated, options) if status is Status.DONE else None
    return Settled(target.path, status, due, target.status)
