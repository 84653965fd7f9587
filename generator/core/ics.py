"""The agenda as an RFC 5545 calendar: one all-day event with a reminder per item.

Its texts go through `_text`, the calendar's one function for text: control characters
shown as pictures (SPEC §6), line breaks as LF (the library escapes them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from .model import AgendaItem, Kind
from .text import pictured
from .wording import describe

_SUMMARIES = {
    Kind.THANK_YOU: "Send a thank-you to {person}{at}",
    Kind.CONFIRM: "Did the coffee chat with {person}{at} happen?",
    Kind.SCHEDULE: "Book the conversation with {person}{at}",
    Kind.FOLLOW_UP: "Follow up once with {person}{at}",
    Kind.TRY_ANOTHER: "No reply from {person}: write to the next contact at {company}",
    Kind.REACH_OUT: "Reach out to {person}{at}",
    Kind.CHECK_IN: "Check in with {person}{at}",
    Kind.INTERVIEW: "Coffee chat with {person}{at}",
}


def event_uid(item: AgendaItem) -> str:
    """Stable across builds: a check-in's depends on the contact's identity (its key) alone,
    never on other contacts; the others' on the note they come from (and a suggested
    person's on that person too)."""
    what = item.contact_key if item.kind is Kind.CHECK_IN else item.note.rel_path
    if item.referred_by:  # a conversation may suggest several people
        what += f"\0{item.contact_key}"
    digest = hashlib.sha256(f"{item.kind}\0{what}".encode()).hexdigest()[:24]
    return f"{item.kind}-{digest}@coffeechat"


def _text(text: str) -> str:
    """A text as the calendar holds it: no control character, no lone CR."""
    return pictured(text.replace("\r\n", "\n").replace("\r", "\n"))


def _description(item: AgendaItem) -> str:
    lines = [describe(item), f"Note: {item.note.rel_path}"]
    return _text("\n".join(line for line in lines if line))


def agenda_calendar(items: Sequence[AgendaItem], today: date) -> bytes:
    """The calendar for `items`; the same items and today give the same bytes."""
    from icalendar import Alarm, Calendar, Event

    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//coffeechat//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "coffeechat")
    for item in items:
        summary = _text(_SUMMARIES[item.kind].format(
            person=item.person, company=item.company,
            at=f" ({item.company})" if item.company else ""))
        event = Event()
        event.add("uid", event_uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", _description(item))
        event.add("categories", [str(item.kind)])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(hours=9))  # 09:00 on the day
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
