"""Short email drafts for thank-yous and check-ins, as RFC 6068 `mailto:` links."""

from __future__ import annotations

from urllib.parse import quote

from ..core.model import AgendaItem, Kind
from ..core.wording import format_noun


def _first_name(person: str) -> str:
    return person.split()[0] if person.split() else person


def draft(item: AgendaItem) -> tuple[str, str]:
    """(subject, body) of the email an item asks for."""
    note = item.note
    name = _first_name(item.person)
    when = f"{note.date:%A, %B} {note.date.day}"
    if item.kind is Kind.THANK_YOU:
        subject = f"Thank you for the {format_noun(note.format)}"
        body = (f"Hi {name},\n\n"
                f"Thank you for taking the time to talk with me on {when}. I learned a lot "
                f"about {note.company}, and I especially appreciated [one thing you learned].\n\n"
                "As we discussed, [the next step you proposed]. I will keep you posted on how "
                "my search goes.\n\n"
                "Best regards,\n")
        return subject, body
    subject = f"Checking in from our conversation about {note.company}"
    body = (f"Hi {name},\n\n"
            f"I hope all is well at {note.company}. It has been a while since we talked on "
            f"{when}, and I wanted to say hello.\n\n"
            f"I saw [news about {note.company}] and thought of our conversation. "
            "On my side, [an update on your search].\n\n"
            "Best regards,\n")
    return subject, body


def mailto(item: AgendaItem, *, show_contact_details: bool) -> str:
    """A `mailto:` link with the draft; the address only when contact details are shown."""
    subject, body = draft(item)
    email = item.note.email if show_contact_details and item.note.email else ""
    return (f"mailto:{quote(email, safe='@')}?subject={quote(subject, safe='')}"
            f"&body={quote(body, safe='')}")
