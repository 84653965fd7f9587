"""The words every view shares: formats, kinds, buckets, relative days, item summaries.

The terminal, the site and the calendar all say things the same way by taking them
from here.
"""

from __future__ import annotations

import shlex
from datetime import date

from .model import AgendaItem, Bucket, Contact, Format, Kind, Status

BUCKET_TITLES = {
    Bucket.OVERDUE: "Overdue",
    Bucket.THIS_WEEK: "Next 7 days",  # today to today + 6 (SPEC §3), not the ISO week
    Bucket.NEXT_30_DAYS: "Next 30 days",
    Bucket.LATER: "Later",
}

#: What an item is called on a badge.
KIND_LABELS = {Kind.THANK_YOU: "Thank-you", Kind.CONFIRM: "Confirm", Kind.SCHEDULE: "Book it",
               Kind.FOLLOW_UP: "Follow up", Kind.TRY_ANOTHER: "Try another",
               Kind.REACH_OUT: "Reach out", Kind.CHECK_IN: "Check-in",
               Kind.INTERVIEW: "Coffee chat"}

#: What a `confirm` item asks (SPEC §3).
CONFIRM_HINT = "did it happen? mark it done, then thank them — or cancelled"

#: How a format reads in a sentence ("after your video call on …") and as the thing
#: you thank someone for ("Thank you for the call"); None: no format written.
FORMAT_WORDS: dict[Format | None, tuple[str, str]] = {
    Format.COFFEE: ("coffee chat", "coffee"),
    Format.VIDEO: ("video call", "call"),
    Format.PHONE: ("phone call", "call"),
    Format.IN_PERSON: ("meeting", "meeting"),
    Format.OTHER: ("conversation", "conversation"),
    None: ("conversation", "conversation"),
}


def format_phrase(fmt: Format | None) -> str:
    """`video call`, `coffee chat`…: a conversation of this format, in a sentence."""
    return FORMAT_WORDS[fmt][0]


def format_noun(fmt: Format | None) -> str:
    """`call`, `coffee`…: what to thank someone for."""
    return FORMAT_WORDS[fmt][1]


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 note`, `2 notes`; `1 person`, `2 people` (with `many`)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def relative_days(days: int) -> str:
    """`today`, `tomorrow`, `in 5 days`, `yesterday`, `3 days overdue`."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "1 day overdue"
    return f"in {days} days" if days > 0 else f"{-days} days overdue"


def describe(item: AgendaItem) -> str:
    """What to know about an item at a glance."""
    if item.kind is Kind.INTERVIEW:
        answered, total = item.note.prep_score
        missing = item.note.missing_prep
        prep = f"prep {answered}/{total}" + (f", missing {', '.join(missing)}" if missing else "")
        return f"{prep}; {plural(len(item.note.questions), 'question')}"
    if item.kind is Kind.THANK_YOU:
        return f"after your {format_phrase(item.note.format)} on {item.note.date}"
    name = shlex.quote(item.person)
    if item.kind is Kind.CONFIRM:
        return f"{CONFIRM_HINT}: coffeechat log {name} --done (or --cancelled)"
    outreach = item.note.outreach
    if item.kind is Kind.SCHEDULE and outreach is not None:
        return (f"they answered on {outreach.replied}: book the conversation (coffeechat new "
                f"{name} --company {shlex.quote(item.company)} --date YYYY-MM-DD)")
    if item.kind is Kind.FOLLOW_UP and outreach is not None:
        return (f"no reply since {outreach.sent}: follow up once, then: coffeechat log {name} "
                "--followed-up")
    if item.kind is Kind.TRY_ANOTHER and outreach is not None:
        who = f": {item.next_lead}" if item.next_lead else ""
        return (f"no reply since {outreach.sent}: write to the next contact at "
                f"{item.company}{who}")
    if item.kind is Kind.REACH_OUT and item.referred_by:
        return (f"reach out to {item.person}, suggested by {item.referred_by}; then: "
                f"coffeechat reach {name}{'' if item.company else ' --company COMPANY'}")
    if item.kind is Kind.REACH_OUT:
        return f"write the first message, then: coffeechat reach {name}"
    return f"last contact {item.last_contact}" if item.last_contact else ""


def outreach_step(item: AgendaItem) -> str:
    """An outreach item (SPEC §8) as a step on a note's timeline: what to do on its day."""
    if item.kind is Kind.REACH_OUT:
        return "reach out by this day (coffeechat reach)"
    if item.kind is Kind.TRY_ANOTHER:
        nxt = f": {item.next_lead}" if item.next_lead else ""
        return f"no reply by then: write to the next contact at {item.company}{nxt}"
    if item.kind is Kind.FOLLOW_UP:
        return "no reply by then: follow up once"
    if item.kind is Kind.SCHEDULE:
        return "they answered: book the conversation by this day"
    return KIND_LABELS[item.kind]


def next_step(contact: Contact, next_check_in: date | None, today: date) -> str:
    """What is next with a person, in a few words: a chat booked ahead comes first, then
    the next check-in, then where their outreach stands."""
    ahead = [n.date for n in contact.notes if n.status is Status.PLANNED and n.date >= today]
    if ahead:
        return f"Conversation planned on {min(ahead)}"
    if next_check_in:
        return f"Next check-in: {next_check_in}"
    past = [n.date for n in contact.notes if n.status is Status.PLANNED]
    if past:
        return f"Conversation planned on {max(past)}: {CONFIRM_HINT}"
    if contact.latest:
        return "No check-in planned"
    asked = [n.sent for n in contact.notes if n.status is Status.ASKED and n.sent]
    if asked:
        return f"Asked for a conversation on {max(asked)}"
    leads = [n.date for n in contact.notes if n.status is Status.LEAD]
    return f"To reach out to by {min(leads)}" if leads else "No conversation yet"

#: What the coverage counts mean (SPEC §8): a chat booked or held counts as reached and
#: answered, whether or not a message was recorded.
COVERAGE_LEGEND = ("Reached: people you wrote to or have a chat with; replied: people who "
                   "answered, or have a chat with")
