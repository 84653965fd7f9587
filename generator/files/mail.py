"""The sources `coffeechat sync` reads (SPEC §12), read-only: an mbox file, a Maildir
folder, a folder of `.eml` files, an IMAP mailbox (`files/imap.py`) and iCalendar files.

Only headers are read: an mbox is read line by line and a message's body is skipped
without being kept; a Maildir or `.eml` file is read up to its first blank line. A
message or an event that cannot be read is skipped and counted, never a reason to stop;
a source that cannot be read at all raises `UnreadableSource`, naming it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.errors import HeaderParseError
from email.header import Header, decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from ..core.grammar import in_range
from ..core.sync import Address, CalendarEvent, Message, local_day
from ..errors import UnreadableSource

#: compat32: the headers as written, parsed only as far as they are used (the default
#: policy's rich headers cost several times as much on a big mailbox)
_PARSER = BytesHeaderParser(policy=compat32)
#: The longest header block kept; a message whose headers run longer is skipped.
MAX_HEADERS = 1 << 18


@dataclass
class MailSource:
    """What one source gave: its messages and events within `--since`, and how many it
    skipped (malformed)."""

    name: str
    kind: str  # mbox, Maildir, .eml folder, IMAP, iCalendar
    messages: list[Message] = field(default_factory=list)
    events: list[CalendarEvent] = field(default_factory=list)
    skipped: int = 0


def _text(value: str | None) -> str:
    """A header's text with its RFC 2047 words (`=?utf-8?q?Zo=C3=AB?=`) decoded."""
    if not value:
        return ""
    if "=?" not in value:
        return " ".join(value.split())
    return " ".join(str(make_header(decode_header(value))).split())


def addresses(*values: str | None) -> tuple[Address, ...]:
    """The addresses of `From`, `To` or `Cc` headers, lower case, with their names."""
    found = []
    for name, address in getaddresses([v for v in values if v]):
        if "@" in address:
            found.append(Address(address.strip().lower(), _text(name)))
    return tuple(found)


def message_from_headers(raw: bytes, source: str) -> Message | None:
    """The message whose header block is `raw`, or None when it cannot be read (no date,
    no sender, a header that does not parse)."""
    try:
        headers = _PARSER.parsebytes(raw)
        date_text = headers["date"]
        when = parsedate_to_datetime(str(date_text)) if date_text else None
        sender = addresses(_raw(headers["from"]))
        recipients = addresses(_raw(headers["to"]), _raw(headers["cc"]))
        subject = _text(_raw(headers["subject"]))
        message_id = _raw(headers["message-id"])
        if when is None or not sender or not in_range(local_day(when)):
            return None  # no date, no sender, or a date outside the calendar's range
    except (ValueError, TypeError, IndexError, AttributeError, LookupError, OverflowError,
            HeaderParseError):
        return None
    return Message(source, when, sender, recipients, subject,
                   message_id.strip() if message_id else None)


def _raw(value: object) -> str | None:
    """A header as text (an undecodable one, as compat32 keeps it, made text)."""
    if value is None:
        return None
    return str(value) if not isinstance(value, Header) else str(make_header(
        decode_header(str(value))))


# --- files ----------------------------------------------------------------------------------

def _mbox_headers(path: str) -> Iterator[bytes | None]:
    """The header block of each message of an mbox file (None for one too long to keep),
    reading line by line: bodies are skipped, never held."""
    with open(path, "rb") as handle:
        first = handle.readline()
        if not first:
            return  # an empty mailbox (a folder with no mail yet)
        if not first.startswith(b"From "):
            raise UnreadableSource(f"{path}: not an mbox file (it does not start with a "
                                   "\"From \" line)")
        block: list[bytes] | None = []
        size = 0
        in_headers = True
        for line in handle:
            if line.startswith(b"From "):
                if in_headers and block is not None:
                    yield b"".join(block)
                elif in_headers:
                    yield None
                block, size, in_headers = [], 0, True
                continue
            if not in_headers:
                continue
            if line in (b"\n", b"\r\n"):
                yield b"".join(block) if block is not None else None
                in_headers = False
                continue
            if block is not None:
                size += len(line)
                if size <= MAX_HEADERS:
                    block.append(line)
                else:
                    block = None  # too long to keep: skipped, and counted
        if in_headers and block:
            yield b"".join(block)


def _file_headers(path: str) -> bytes | None:
    """A message file's header block, read up to its first blank line; None for one that
    cannot be read (a folder, gone meanwhile, not readable): skipped, and counted."""
    try:
        return _headers_of(path)
    except OSError:
        return None


def _headers_of(path: str) -> bytes | None:
    lines = []
    size = 0
    with open(path, "rb") as handle:
        for line in handle:
            if line in (b"\n", b"\r\n"):
                break
            size += len(line)
            if size > MAX_HEADERS:
                return None
            lines.append(line)
    return b"".join(lines)


def _read_messages(source: MailSource, blocks: Iterable[bytes | None], since: date) -> None:
    for raw in blocks:
        message = message_from_headers(raw, source.name) if raw is not None else None
        if message is None:
            source.skipped += 1
        elif local_day(message.when) >= since:
            source.messages.append(message)


def _maildir_files(path: str) -> list[str] | None:
    """The message files of a Maildir (`cur/` and `new/`), or None when `path` is none."""
    if not all(os.path.isdir(os.path.join(path, sub)) for sub in ("cur", "new")):
        return None
    return sorted(os.path.join(path, sub, name) for sub in ("cur", "new")
                  for name in os.listdir(os.path.join(path, sub)) if not name.startswith("."))


def read_path(path: str, since: date) -> MailSource:
    """The messages or events of a file or folder source."""
    try:
        if os.path.isdir(path):
            files = _maildir_files(path)
            kind = "Maildir"
            if files is None:
                files = sorted(os.path.join(path, n) for n in os.listdir(path)
                               if n.lower().endswith(".eml"))
                kind = ".eml folder"
                if not files:
                    raise UnreadableSource(f"{path}: neither a Maildir (cur/, new/) nor a "
                                           "folder of .eml files")
            source = MailSource(path, kind)
            _read_messages(source, (_file_headers(f) for f in files), since)
            return source
        if not os.path.exists(path):
            raise UnreadableSource(f"{path}: does not exist")
        if path.lower().endswith((".ics", ".ical", ".ifb", ".icalendar")):
            return read_calendar(path, since)
        source = MailSource(path, "mbox")
        _read_messages(source, _mbox_headers(path), since)
        return source
    except OSError as exc:
        raise UnreadableSource(f"{path}: cannot be read: {exc.strerror or exc}") from None


# --- calendars ------------------------------------------------------------------------------

def _blocks(text: str) -> tuple[list[str], list[str]]:
    """The VEVENT blocks of a calendar's text, and its VTIMEZONE blocks, each as lines
    (unfolded later by the parser); a malformed event stays in its own block."""
    events: list[str] = []
    zones: list[str] = []
    current: list[str] | None = None
    kind = ""
    for line in text.splitlines():
        upper = line.strip().upper()
        if current is None and upper in ("BEGIN:VEVENT", "BEGIN:VTIMEZONE"):
            current, kind = [line], upper[6:]
        elif current is not None:
            current.append(line)
            if upper == f"END:{kind}":
                (events if kind == "VEVENT" else zones).append("\r\n".join(current))
                current = None
    if current is not None and kind == "VEVENT":
        events.append("\r\n".join(current))  # cut short: skipped when it does not parse
    return events, zones


def read_calendar(path: str, since: date) -> MailSource:
    """The events of an iCalendar file, each parsed on its own so that a malformed one is
    skipped and counted."""
    import icalendar

    with open(path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableSource(f"{path}: not a calendar (not UTF-8 text)") from None
    if "BEGIN:VCALENDAR" not in text.upper():
        raise UnreadableSource(f"{path}: not a calendar (no BEGIN:VCALENDAR line)")
    source = MailSource(path, "iCalendar")
    blocks, zones = _blocks(text)
    for block in blocks:
        wrapped = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coffeechat//sync//EN",
                               *zones, block, "END:VCALENDAR"]) + "\r\n"
        try:
            calendar = icalendar.Calendar.from_ical(wrapped)
            (component,) = calendar.walk("VEVENT")
            event = _event(component, path)
        except Exception:  # noqa: BLE001 (icalendar raises many kinds for a bad event)
            event = None
        if event is None:
            source.skipped += 1
        elif event.day >= since:
            source.events.append(event)
    return source


def _event(component: object, path: str) -> CalendarEvent | None:
    start = component.decoded("dtstart")  # type: ignore[attr-defined]
    if isinstance(start, datetime):
        day = local_day(start)
        moment: datetime | None = start
    elif isinstance(start, date):
        day, moment = start, None
    else:
        return None
    if not in_range(day):
        return None  # outside the dates coffeechat works with: skipped, and counted
    people = []
    for key in ("organizer", "attendee"):
        values = component.get(key)  # type: ignore[attr-defined]
        for value in values if isinstance(values, list) else [values] if values else []:
            address = str(value)
            if address.lower().startswith("mailto:"):
                address = address[7:]
            name = value.params.get("CN", "") if hasattr(value, "params") else ""
            if "@" in address:
                people.append(Address(address.strip().lower(), str(name)))
    status = str(component.get("status", "")).upper()  # type: ignore[attr-defined]
    title = str(component.get("summary", ""))  # type: ignore[attr-defined]
    uid = str(component.get("uid", "")) or None  # type: ignore[attr-defined]
    return CalendarEvent(path, day, tuple(people), title, status == "CANCELLED", moment, uid)


def days_before(today: date, days: int) -> date:
    """`--since`'s default: this many days before today."""
    return today - timedelta(days=days)


