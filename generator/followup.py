"""The follow-up rules of SPEC §3: contacts, thank-yous, check-ins and the agenda."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from .model import (
    AgendaItem,
    Bucket,
    Cadence,
    Contact,
    Kind,
    Note,
    Options,
    Status,
)

_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^\w]+")
_KIND_ORDER = {Kind.THANK_YOU: 0, Kind.CHECK_IN: 1, Kind.INTERVIEW: 2}


@lru_cache(maxsize=65536)
def contact_key(person: str) -> str:
    """The identity of a person: case, accents and runs of white space don't matter."""
    decomposed = unicodedata.normalize("NFKD", person)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip().casefold()


def slugify(text: str) -> str:
    """`Jane Doé` → `jane-doe`; letters of any script are kept."""
    return _NOT_SLUG.sub("-", contact_key(text)).strip("-_") or "x"


def unique_slug(text: str, taken: set[str]) -> str:
    """The slug of `text`, with `-2`, `-3`… when taken; it is added to `taken`."""
    slug = base = slugify(text)
    suffix = 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(slug)
    return slug


@lru_cache(maxsize=32)
def _holiday_calendar(country: str | None) -> Callable[[date], bool]:
    if not country:
        return lambda day: False
    import holidays  # heavy: imported only when a country is configured

    calendar = holidays.country_holidays(country)
    return calendar.__contains__


def is_business_day(day: date, country: str | None = None) -> bool:
    """Monday to Friday, and not a public holiday of `country`."""
    return day.weekday() < 5 and not _holiday_calendar(country)(day)


def roll_forward(day: date, country: str | None = None) -> date:
    """`day` if it is a business day, else the next business day."""
    while not is_business_day(day, country):
        day += timedelta(days=1)
    return day


def add_business_days(day: date, count: int, country: str | None = None) -> date:
    """The `count`-th business day after `day` (0: `day` rolled forward)."""
    if count <= 0:
        return roll_forward(day, country)
    for _ in range(count):
        day = roll_forward(day + timedelta(days=1), country)
    return day


def add_cadence(day: date, cadence: Cadence) -> date:
    """`day` plus the cadence, in calendar months clamped to the month's end where in months."""
    return day + relativedelta(months=cadence.months, days=cadence.days)


def bucket_for(due: date, today: date) -> Bucket:
    days = (due - today).days
    if days < 0:
        return Bucket.OVERDUE
    if days <= 6:
        return Bucket.THIS_WEEK
    if days <= 30:
        return Bucket.NEXT_30_DAYS
    return Bucket.LATER


def group_contacts(notes: Iterable[Note]) -> list[Contact]:
    """One contact per person, in the order of their slugs; slugs are unique."""
    by_key: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda n: n.rel_path):
        by_key.setdefault(contact_key(note.person), []).append(note)
    contacts = []
    taken: set[str] = set()
    for key in sorted(by_key):
        notes_of = tuple(by_key[key])
        done = [n for n in notes_of if n.status is Status.DONE]
        # latest date wins; on a tie, the first path (notes_of is in path order)
        latest = max(done, key=lambda n: n.date, default=None)
        if latest is not None:
            latest = next(n for n in done if n.date == latest.date)
        slug = unique_slug(key, taken)
        name = (latest or notes_of[0]).person
        contacts.append(Contact(key, slug, name, notes_of, latest))
    return contacts


def last_contact(contact: Contact) -> date | None:
    """The latest of its done conversations and all check-ins logged in any of its notes."""
    dates = [n.date for n in contact.notes if n.status is Status.DONE]
    dates += [c.date for n in contact.notes for c in n.check_ins]
    return max(dates, default=None) if contact.latest else None


def contact_cadence(contact: Contact, default: Cadence) -> Cadence:
    """The cadence of its latest done note that sets one, else the default."""
    done = [n for n in contact.notes if n.status is Status.DONE and n.cadence is not None]
    if not done:
        return default
    # latest date first; among equal dates, the first path (as for the latest conversation)
    newest = max(n.date for n in done)
    cadence = next(n for n in done if n.date == newest).cadence
    assert cadence is not None
    return cadence


def next_check_in(contact: Contact, options: Options) -> date | None:
    """The contact's one next check-in, or None (no done conversation, or cadence none)."""
    latest, last = contact.latest, last_contact(contact)
    if latest is None or last is None:
        return None
    if latest.next is not None and latest.next > last:
        return latest.next  # an agreed date is kept as written
    cadence = contact_cadence(contact, options.cadence)
    if cadence.is_none:
        return None
    return roll_forward(add_cadence(last, cadence), options.holidays)


def thank_you_due(note: Note, options: Options) -> date | None:
    """When the thank-you for a done note is due, or None when it was sent or skipped."""
    if note.status is not Status.DONE or note.thank_you is not None:
        return None
    return add_business_days(note.date, options.thank_you_days, options.holidays)


def build_agenda(notes: Iterable[Note], today: date, options: Options) -> list[AgendaItem]:
    """Every thank-you, check-in and upcoming interview, most urgent first."""
    notes = list(notes)
    items: list[AgendaItem] = []
    for contact in group_contacts(notes):
        last = last_contact(contact)

        def item(
            kind: Kind,
            note: Note,
            due: date,
            *,
            contact: Contact = contact,
            last: date | None = last,
        ) -> AgendaItem:
            person = contact.name if kind is Kind.CHECK_IN else note.person
            return AgendaItem(
                kind,
                person,
                note.company,
                due,
                bucket_for(due, today),
                (due - today).days,
                note.path,
                note,
                contact.slug,
                last,
            )

        for note in contact.notes:
            due = thank_you_due(note, options)
            if due is not None:
                items.append(item(Kind.THANK_YOU, note, due))
            if note.status is Status.PLANNED and note.date >= today:
                items.append(item(Kind.INTERVIEW, note, note.date))
        check_in = next_check_in(contact, options)
        if check_in is not None and contact.latest is not None:
            items.append(item(Kind.CHECK_IN, contact.latest, check_in))
    items.sort(key=lambda i: (i.due, _KIND_ORDER[i.kind], contact_key(i.person), i.path))
    return items


def within(items: Iterable[AgendaItem], days: int | None) -> list[AgendaItem]:
    """Overdue items and those due within `days` (None: all)."""
    return [i for i in items if days is None or i.days <= days]


class ContactNotFound(LookupError):
    """No contact matches; `suggestions` are close names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        super().__init__(query)
        self.suggestions = suggestions


class AmbiguousContact(LookupError):
    """Several contacts match; `candidates` are their names."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        super().__init__(query)
        self.candidates = candidates


def find_contact(contacts: Iterable[Contact], query: str) -> Contact:
    """The contact named `query`: the same person, else the one whose name has its words."""
    import difflib

    contacts = list(contacts)
    key = contact_key(query)
    exact = [c for c in contacts if c.key == key]
    if exact:
        return exact[0]
    words = key.split()
    partial = [c for c in contacts if words and all(w in c.key.split() for w in words)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise AmbiguousContact(query, sorted(c.name for c in partial))
    close = difflib.get_close_matches(key, [c.key for c in contacts], n=3, cutoff=0.6)
    names = {c.key: c.name for c in contacts}
    raise ContactNotFound(query, [names[k] for k in close])
