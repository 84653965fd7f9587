"""The typed model of a notebook: notes, problems, options and agenda items."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from datetime import date


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Status(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class Format(enum.StrEnum):
    COFFEE = "coffee"
    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in-person"
    OTHER = "other"


class Kind(enum.StrEnum):
    """What an agenda item asks of the job seeker."""

    THANK_YOU = "thank-you"
    CHECK_IN = "check-in"
    INTERVIEW = "interview"


class Bucket(enum.StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "this-week"
    NEXT_30_DAYS = "next-30-days"
    LATER = "later"


#: How a format reads in a sentence ("after your video call on …").
FORMAT_WORDS: dict[str, str] = {
    "coffee": "coffee chat", "video": "video call", "phone": "phone call",
    "in-person": "meeting", "other": "conversation",
}

#: The six questions to answer before a conversation, in the seed's order.
PREP_QUESTIONS: dict[str, str] = {
    "company": "Do I know about this company?",
    "values": "Do I know what this company stands for?",
    "why": "Why am I interested in this company?",
    "person": "What do I know about the person I am having this conversation with?",
    "goals": "What do I want to gain from this conversation?",
    "next_steps": "What are appropriate next steps for this conversation?",
}

SKIPPED = "skipped"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a note, at a line of its file."""

    path: str
    line: int
    severity: Severity
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": str(self.severity),
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often to check in: a number of days or of calendar months (0 = never)."""

    months: int = 0
    days: int = 0
    text: str = ""

    @property
    def is_none(self) -> bool:
        return self.months == 0 and self.days == 0


@dataclass(frozen=True, slots=True)
class CheckIn:
    date: date
    note: str = ""
    index: int = field(default=0, compare=False)  # its place in `follow_up.check_ins`
    line: int = field(default=1, compare=False)


@dataclass(frozen=True, slots=True)
class Note:
    """A conversation as written in one Markdown file (its front matter only)."""

    path: str  # as shown to the user
    rel_path: str  # POSIX path inside the notes folder: the page's source path
    person: str
    company: str
    date: date
    status: Status  # resolved: the written one, else by the date
    format: Format | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    referred_by: str | None = None
    tags: tuple[str, ...] = ()
    private: bool = False
    prep: tuple[tuple[str, str], ...] = ()  # (question key, answer text) for answered ones
    questions: tuple[str, ...] = ()
    thank_you: dt.date | str | None = None  # a date, SKIPPED, or None (still owed)
    cadence: Cadence | None = None
    next: dt.date | None = None
    check_ins: tuple[CheckIn, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def missing_prep(self) -> tuple[str, ...]:
        answered = {key for key, _ in self.prep}
        return tuple(key for key in PREP_QUESTIONS if key not in answered)

    @property
    def prep_score(self) -> tuple[int, int]:
        return len(PREP_QUESTIONS) - len(self.missing_prep), len(PREP_QUESTIONS)

    def line(self, key: str) -> int:
        """The line of a top-level key, or 1 when the key is absent."""
        return self.lines.get(key, 1)


@dataclass(frozen=True, slots=True)
class Page:
    """A hand-written page (`kind: page`): built, never validated as a note."""

    path: str
    rel_path: str


@dataclass(frozen=True, slots=True)
class Options:
    """The plugin options of SPEC §7, with their defaults."""

    cadence: Cadence = Cadence(months=3, text="quarterly")
    thank_you_days: int = 1
    prep_warning_days: int = 7
    min_questions: int = 3
    holidays: str | None = None
    show_contact_details: bool = False


@dataclass(frozen=True, slots=True)
class Contact:
    """Every note about one person, compared by `contact_key`."""

    key: str
    slug: str
    name: str  # as spelled in the latest conversation (else the first note)
    notes: tuple[Note, ...]  # in path order
    latest: Note | None  # the latest done conversation


@dataclass(frozen=True, slots=True)
class AgendaItem:
    kind: Kind
    person: str
    company: str
    due: date
    bucket: Bucket
    days: int
    path: str
    note: Note  # the note it comes from (for a check-in, the latest conversation)
    contact_slug: str
    last_contact: date | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": str(self.kind),
            "person": self.person,
            "company": self.company,
            "due": self.due.isoformat(),
            "bucket": str(self.bucket),
            "days": self.days,
            "path": self.path,
        }
