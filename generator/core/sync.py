"""Mail and calendars (SPEC §12): what the messages and events say happened, as the entries
a user would have typed (`reach`, `log --replied`, `--followed-up`, `--thank-you`, a
check-in, `new`, a moved chat, `log --done`, `--cancelled`).

Pure: the sources are read by `files/mail.py`; here, messages and events (headers and
dates only) meet the notes. Proposals come in date order, each seeing the ones before it
(a message to a lead on Monday and their reply on Wednesday give `reach`, then
`replied`), and only where the notes do not already say it, so that applying them and
running again proposes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .contacts import contact_key, group_contacts
from .days import add_business_days
from .model import Note, Status
from .options import Options
from .text import CONTROL


@dataclass(frozen=True)
class Address:
    """One address of a message or an event: the address (lower case) and its display
    name, if any."""

    address: str
    name: str = ""


@dataclass(frozen=True)
class Message:
    """A message's headers: nothing of its body is ever read."""

    source: str  # the source it was read from, as the user named it
    when: datetime  # its Date header; without a zone, the owner's local time
    sender: tuple[Address, ...]
    recipients: tuple[Address, ...]  # To and Cc
    subject: str = ""
    message_id: str | None = None


@dataclass(frozen=True)
class CalendarEvent:
    """A calendar event: its day in the owner's zone (an all-day event: its date)."""

    source: str
    day: date
    people: tuple[Address, ...]  # attendees and the organizer
    title: str = ""
    cancelled: bool = False
    start: datetime | None = None  # for the order within a day; None: all-day
    uid: str | None = None


@dataclass(frozen=True)
class Proposal:
    """An entry the mail or the calendar shows, as the command that records it."""

    day: date
    person: str  # the contact, as their notes spell them
    action: str  # reach, replied, followed-up, thank-you, check-in, book, move, done, cancelled
    source: str
    by_name: bool = False  # matched by a display name or a title, not an address
    remark: str | None = None  # a check-in's remark (the subject)
    path: str = ""  # the note it concerns (for book, move, done, cancelled: that note)

    def words(self) -> str:
        """What it records, in the words of the command that would."""
        return {
            "reach": "first message sent (reach --via email)",
            "replied": "they answered (log --replied)",
            "followed-up": "the one follow-up (log --followed-up)",
            "thank-you": "thank-you sent (log --thank-you)",
            "check-in": f"check-in{f': {self.remark}' if self.remark else ''} (log --note)",
            "book": "chat booked (new --date)",
            "move": "chat moved to this day (its date and file name)",
            "done": "the chat happened (log --done)",
            "cancelled": "the chat was cancelled (log --cancelled)",
        }[self.action]

    def as_dict(self) -> dict[str, object]:
        return {"date": self.day.isoformat(), "person": self.person, "action": self.action,
                "source": self.source, "by_name": self.by_name}


# --- the owner -------------------------------------------------------------------------------

def owner(messages: Iterable[Message], me: Sequence[str] | None) -> tuple[str, ...]:
    """The owner's own addresses: `me` when set, else the address that sends most of the
    messages (ties: the first in alphabetical order); none without messages."""
    if me:
        return tuple(a.lower() for a in me)
    senders = Counter(a.address for m in messages for a in m.sender[:1])
    if not senders:
        return ()
    most = max(senders.values())
    return (min(a for a, n in senders.items() if n == most),)


# --- the state the proposals see ---------------------------------------------------------------

@dataclass
class _Thread:
    """A note as the proposals change it, one after the other."""

    note: Note
    status: Status
    day: date
    sent: date | None
    replied: date | None
    followed_up: date | None
    thank_you: object  # a date, SKIPPED or None


@dataclass
class _Person:
    name: str
    threads: list[_Thread]
    check_in_days: set[date] = field(default_factory=set)
    thank_you_ids: set[str] = field(default_factory=set)
    event_days: set[date] = field(default_factory=set)  # days an event with them holds

    def open(self, *statuses: Status) -> list[_Thread]:
        return [t for t in self.threads if t.status in statuses]

    def latest_done(self) -> date | None:
        return max((t.day for t in self.threads if t.status is Status.DONE), default=None)


def _people(notes: Sequence[Note]) -> dict[str, _Person]:
    people = {}
    for contact in group_contacts(notes):
        threads = [_Thread(n, n.status, n.date, n.sent, n.replied,
                           n.outreach.followed_up if n.outreach else None, n.thank_you)
                   for n in sorted(contact.notes, key=lambda n: (n.date, n.rel_path))]
        people[contact.key] = _Person(contact.name, threads,
                                      {c.date for n in contact.notes for c in n.check_ins})
    return people


def _addresses(notes: Sequence[Note]) -> dict[str, str]:
    """Every `email` in the notes, lower case → the contact key of the person."""
    found: dict[str, str] = {}
    for note in notes:
        if note.email:
            found.setdefault(note.email.strip().lower(), contact_key(note.person))
    return found


_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|sv|tr)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def clean_subject(subject: str) -> str:
    """A subject as a check-in's note: `Re:`/`Fwd:` prefixes removed, on one line."""
    return " ".join(CONTROL.sub("", _PREFIX.sub("", subject)).split())


# --- the rules -------------------------------------------------------------------------------

def propose(notes: Sequence[Note], messages: Iterable[Message], events: Iterable[CalendarEvent], *,
            me: Sequence[str], today: date, options: Options, by_name: bool = False,
            subjects: bool = True) -> list[Proposal]:
    """Every proposal the messages and events make (SPEC §12), in date order."""
    people = _people(notes)
    emails = _addresses(notes)
    mine = {a.lower() for a in me}
    names = {key: key.split() for key in people}
    timeline: list[tuple[date, int, datetime | None, int, Message | CalendarEvent]] = []
    for n, message in enumerate(messages):
        timeline.append((local_day(message.when), 0, message.when, n, message))
    for n, event in enumerate(events):
        timeline.append((event.day, 1, event.start, n, event))
    # within a day, by the moment (an all-day event first): a thank-you sent after the
    # chat's event is seen once the chat is done
    timeline.sort(key=lambda t: (t[0], _sortable(t[2]), t[1], t[3]))
    proposals: list[Proposal] = []
    events = [item for *_, item in timeline if isinstance(item, CalendarEvent)]
    for key, person in people.items():  # the days an event of theirs holds
        person.event_days = {e.day for e in events if not e.cancelled and key in dict(
            _attendees(e, emails, names, mine, by_name))}
    for day, _, _, _, item in timeline:
        if isinstance(item, Message):
            proposals += _message(item, day, people, emails, mine, names, today, options,
                                  by_name=by_name, subjects=subjects)
        else:
            proposals += _event(item, people, emails, mine, names, today, by_name=by_name)
    return proposals


def local_day(when: datetime) -> date:
    """A moment's calendar day in the owner's zone (the process's local zone; a moment
    without a zone is taken as local already)."""
    return (when.astimezone() if when.tzinfo else when).date()


def _sortable(when: datetime | None) -> float:
    if when is None:
        return float("-inf")
    return when.timestamp() if when.tzinfo else when.astimezone().timestamp()


def _who(addresses: Iterable[Address], emails: dict[str, str], names: dict[str, list[str]],
         mine: set[str], by_name: bool) -> list[tuple[str, bool]]:
    """The contacts these addresses are (key, found by name), in order, once each."""
    found: dict[str, bool] = {}
    for a in addresses:
        if a.address in mine:
            continue
        key = emails.get(a.address)
        if key is not None:
            found.setdefault(key, False)
        elif by_name and a.name and contact_key(a.name) in names:
            found.setdefault(contact_key(a.name), True)
    return list(found.items())


def _message(message: Message, day: date, people: dict[str, _Person],
             emails: dict[str, str], mine: set[str], names: dict[str, list[str]],
             today: date, options: Options, *, by_name: bool,
             subjects: bool) -> list[Proposal]:
    sender = message.sender[0] if message.sender else None
    if sender is None:
        return []
    out: list[Proposal] = []
    if sender.address in mine:  # from the owner: to each person among its recipients
        for key, named in _who(message.recipients, emails, names, mine, by_name):
            found = _to(people[key], message, day, options, subjects)
            if found:
                out.append(_proposal(found, people[key], message.source, named))
    else:  # from a person (the owner among the recipients or not)
        for key, named in _who((sender,), emails, names, mine, by_name):
            found = _from(people[key], message, day, subjects)
            if found:
                out.append(_proposal(found, people[key], message.source, named))
    return out


def _proposal(found: tuple[date, str, str | None, str], person: _Person, source: str,
              named: bool) -> Proposal:
    day, action, remark, path = found
    return Proposal(day, person.name, action, source, named, remark, path)


def _to(person: _Person, message: Message, day: date, options: Options,
        subjects: bool) -> tuple[date, str, str | None, str] | None:
    """A message the owner sent to the person: a first message, the follow-up, the
    thank-you, or a check-in."""
    country, source = options.holidays, options.calendar
    leads = person.open(Status.LEAD)
    if leads and not person.open(Status.ASKED):
        lead = min(leads, key=lambda t: (t.day, t.note.rel_path))
        lead.status, lead.sent = Status.ASKED, day
        return day, "reach", None, lead.note.path
    for thread in person.open(Status.ASKED):
        if thread.sent is not None and thread.replied is None and thread.followed_up is None \
                and day >= add_business_days(thread.sent, 1, country, source):
            thread.followed_up = day
            return day, "followed-up", None, thread.note.path
    done = [t for t in person.threads if t.status is Status.DONE]
    latest = max(done, key=lambda t: (t.day, t.note.rel_path), default=None)
    owed = [t for t in [latest] if t is not None and t.thank_you is None
            and t.day <= day <= add_business_days(t.day, options.thank_you_days + 5, country,
                                                  source)]  # where log --thank-you writes
    if owed:
        thread = owed[0]
        thread.thank_you = day
        if message.message_id:
            person.thank_you_ids.add(message.message_id)
        return day, "thank-you", None, thread.note.path
    return _check_in(person, message, day, subjects)


def _from(person: _Person, message: Message, day: date,
          subjects: bool) -> tuple[date, str, str | None, str] | None:
    """A message from the person: their reply, or a check-in."""
    waiting = [t for t in person.open(Status.ASKED) if t.sent is not None and t.replied is None]
    if waiting:  # the latest message out, as log --replied takes it
        thread = max(waiting, key=lambda t: (t.sent or day, t.note.rel_path))
        if thread.sent is not None and day >= thread.sent:
            thread.replied = day
            return day, "replied", None, thread.note.path
    return _check_in(person, message, day, subjects)


def _check_in(person: _Person, message: Message, day: date,
              subjects: bool) -> tuple[date, str, str | None, str] | None:
    latest = person.latest_done()
    if latest is None or day <= latest or day in person.check_in_days or day in {
            d for t in person.threads for d in (t.thank_you, t.sent, t.replied, t.followed_up)
    } or (
            message.message_id and message.message_id in person.thank_you_ids):
        return None  # a day with a check-in, or with the thank-you, has its entry
    person.check_in_days.add(day)
    remark = clean_subject(message.subject) if subjects else ""
    path = max((t for t in person.threads if t.status is Status.DONE),
               key=lambda t: (t.day, t.note.rel_path)).note.path
    return day, "check-in", remark or None, path


def _attendees(event: CalendarEvent, emails: dict[str, str], names: dict[str, list[str]],
               mine: set[str], by_name: bool) -> list[tuple[str, bool]]:
    """The contacts an event is with (key, found by name): its attendees, and with
    `by_name` the people its title names."""
    found = _who(event.people, emails, names, mine, by_name)
    if by_name:
        title = contact_key(event.title).split()
        found += [(key, True) for key, words in names.items()
                  if key not in dict(found) and _holds(title, words)]
    return found


def _event(event: CalendarEvent, people: dict[str, _Person], emails: dict[str, str],
           mine: set[str], names: dict[str, list[str]], today: date, *,
           by_name: bool) -> list[Proposal]:
    out = []
    for key, named in _attendees(event, emails, names, mine, by_name):
        step = _calendar(people[key], event, today)
        if step is not None:
            out.append(Proposal(event.day, people[key].name, step[0], event.source, named,
                                None, step[1]))
    return out


def _holds(words: list[str], name: list[str]) -> bool:
    """Whether a title's words hold a full name as consecutive words."""
    return bool(name) and any(words[i:i + len(name)] == name
                              for i in range(len(words) - len(name) + 1))


def _calendar(person: _Person, event: CalendarEvent, today: date) -> tuple[str, str] | None:
    day = event.day
    planned = person.open(Status.PLANNED)
    if event.cancelled:
        for thread in planned:
            if thread.day == day:
                thread.status = Status.CANCELLED
                return "cancelled", thread.note.path
        return None
    if day >= today:
        if any(t.day == day for t in planned):
            return None
        waiting = person.open(Status.LEAD, Status.ASKED)
        if waiting:
            asked = [t for t in waiting if t.status is Status.ASKED]
            thread = (max(asked, key=lambda t: (t.day, t.note.rel_path)) if asked else
                      min(waiting, key=lambda t: (t.day, t.note.rel_path)))
            thread.status, thread.day = Status.PLANNED, day
            return "book", thread.note.path
        ahead = [t for t in planned if t.day >= today and t.day not in person.event_days]
        if ahead and not any(t.day in person.event_days for t in planned):
            thread = min(ahead, key=lambda t: (t.day, t.note.rel_path))
            thread.day = day
            return "move", thread.note.path
        return None
    for thread in planned:
        if thread.day == day:
            thread.status = Status.DONE
            return "done", thread.note.path
    return None

