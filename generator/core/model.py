"""The typed model of a notebook: notes, problems, cadences, contacts and agenda items."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Status(enum.StrEnum):
    LEAD = "lead"  # someone to write to, by `date` (SPEC §2)
    ASKED = "asked"  # the first message was sent; nothing booked yet
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


#: The statuses of a conversation that was booked: it stops the outreach routine (§8).
BOOKED = frozenset({Status.PLANNED, Status.DONE})


class Via(enum.StrEnum):
    """How the first message was sent (SPEC §8)."""

    EMAIL = "email"
    LINKEDIN = "linkedin"
    INTRO = "intro"
    PHONE = "phone"
    OTHER = "other"


class TargetStatus(enum.StrEnum):
    """Where a target company stands, in LAMP order (SPEC §8)."""

    ACTIVE = "active"
    WATCHING = "watching"
    DROPPED = "dropped"


class Response(enum.StrEnum):
    """How someone answered a first message (SPEC §8's response classes)."""

    BOOSTER = "booster"
    OBLIGATE = "obligate"
    CURMUDGEON = "curmudgeon"
    WAITING = "waiting"


class Format(enum.StrEnum):
    COFFEE = "coffee"
    VIDEO = "video"
    PHONE = "phone"
    IN_PERSON = "in-person"
    OTHER = "other"


class Kind(enum.StrEnum):
    """What an agenda item asks of the job seeker, in the order of items due the same day."""

    THANK_YOU = "thank-you"
    CONFIRM = "confirm"
    SCHEDULE = "schedule"
    FOLLOW_UP = "follow-up"
    TRY_ANOTHER = "try-another"
    REACH_OUT = "reach-out"
    CHECK_IN = "check-in"
    INTERVIEW = "interview"


class Bucket(enum.StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "this-week"
    NEXT_30_DAYS = "next-30-days"
    LATER = "later"


SKIPPED = "skipped"


def resolve_status(written: Status | None, when: date, today: date) -> Status:
    """The status a note has: the written one, else planned if dated after today, else done
    (SPEC §2)."""
    if written is not None:
        return written
    return Status.PLANNED if when > today else Status.DONE


def new_status(when: date, today: date) -> Status:
    """The status `new` writes: planned unless the conversation is already past.

    A note is written to prepare, so one dated today is still ahead when it is written;
    `new` says so explicitly. A note that says nothing is read by `resolve_status`, where
    today counts as done (SPEC §2). These are the only two rules, and they differ only
    for today, on purpose.
    """
    return Status.PLANNED if when >= today else Status.DONE


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a note, at a line of its file."""

    path: str
    line: int
    severity: Severity
    field: str
    message: str
    #: a warning that depends on today (prep due, a date ahead): never fails a build
    reminder: bool = dataclasses.field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "severity": str(self.severity),
                "field": self.field, "message": self.message}


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
    remark: str = ""  # what it was about (its `note:`)
    index: int = field(default=0, compare=False)  # its place in `follow_up.check_ins`
    line: int = field(default=1, compare=False)


class _Detail:
    """A detail of a note read as an attribute: `note.role` is `note.details.get("role")`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, instance: Any, owner: type | None = None) -> str | None:
        return instance.details.get(self.key) if instance is not None else None


@dataclass(frozen=True, slots=True)
class Referral:
    """Someone the contact suggested you talk to (`referrals:`, SPEC §9)."""

    person: str
    company: str | None = None
    remark: str | None = None  # why, or how to reach them (its `note:`)
    index: int = field(default=0, compare=False)  # its place in `referrals`
    line: int = field(default=1, compare=False)


@dataclass(frozen=True, slots=True)
class Outreach:
    """How a conversation was asked for (`outreach:`, SPEC §8)."""

    sent: date | None = None  # the first message
    via: Via | None = None
    replied: date | None = None
    followed_up: date | None = None  # `follow_up:`, the one follow-up message


@dataclass(frozen=True, slots=True)
class Note:
    """A conversation as written in one Markdown file (its front matter only).

    Its attributes are filled from the field table (`core.fields.NOTE`): the fields the
    rules use are typed attributes; optional text about the person (role, contact
    details and any text field added to the table) is in `details`, by key.
    """

    path: str  # as shown to the user
    rel_path: str  # POSIX path inside the notes folder: the page's source path
    person: str
    company: str
    date: date
    status: Status  # resolved: the written one, else by the date
    format: Format | None = None
    details: dict[str, str] = field(default_factory=dict, hash=False)
    tags: tuple[str, ...] = ()
    private: bool = False
    prep: tuple[tuple[str, str], ...] = ()  # (question key, answer) for every question
    questions: tuple[str, ...] = ()
    thank_you: dt.date | str | None = None  # a date, SKIPPED, or None (still owed)
    cadence: Cadence | None = None
    next: dt.date | None = None
    check_ins: tuple[CheckIn, ...] = ()
    outreach: Outreach | None = None
    referrals: tuple[Referral, ...] = ()
    #: the note's own headings and the first line under each (`core.highlights`)
    highlights: tuple[tuple[str, str], ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    role = _Detail()
    email = _Detail()
    phone = _Detail()
    linkedin = _Detail()
    referred_by = _Detail()

    @property
    def missing_prep(self) -> tuple[str, ...]:
        return tuple(key for key, answer in self.prep if not answer)

    @property
    def prep_score(self) -> tuple[int, int]:
        return len(self.prep) - len(self.missing_prep), len(self.prep)

    def line(self, key: str) -> int:
        """The line of a top-level key, or 1 when the key is absent."""
        return self.lines.get(key, 1)

    @property
    def sent(self) -> dt.date | None:
        """The day the first message was sent, if one was."""
        return self.outreach.sent if self.outreach else None

    @property
    def replied(self) -> dt.date | None:
        return self.outreach.replied if self.outreach else None


@dataclass(frozen=True, slots=True)
class Target:
    """A target company, as its `kind: company` file describes it (SPEC §8)."""

    path: str
    rel_path: str
    company: str
    motivation: int | None = None  # 0-3; None: not written (counts 0)
    posting: int | None = None  # 1-3; None: not written (counts 1)
    advocacy: bool | None = None  # None: not written (any note at the company says)
    status: TargetStatus = TargetStatus.ACTIVE
    website: str | None = None
    tags: tuple[str, ...] = ()
    private: bool = False
    body: str = field(default="", compare=False, repr=False)  # its Markdown, for the site
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass(frozen=True, slots=True)
class Page:
    """A hand-written page (`kind: page`): built, never validated as a note."""

    path: str
    rel_path: str


@dataclass(frozen=True, slots=True)
class Contact:
    """Every note about one person, compared by `contact_key`."""

    key: str  # the identity: what stays the same from build to build
    slug: str  # the name of the person's page
    name: str  # as spelled in the latest conversation (else the first note)
    notes: tuple[Note, ...]  # in path order
    latest: Note | None  # the latest done conversation


@dataclass(frozen=True, slots=True)
class Company:
    """Every note at one company, compared like a contact key."""

    key: str
    slug: str
    name: str  # as in its target file, else its latest done note (else its latest note)
    notes: tuple[Note, ...]  # newest first
    contacts: tuple[Contact, ...]  # in the order of their keys
    target: Target | None = None  # its `kind: company` file, if it has one


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
    contact_key: str
    last_contact: date | None = None
    next_lead: str | None = None  # for `try-another`: the lead to write to next, if any
    referred_by: str | None = None  # for a referral's `reach-out`: who suggested the person

    def as_dict(self) -> dict[str, object]:
        return {"kind": str(self.kind), "person": self.person, "company": self.company,
                "due": self.due.isoformat(), "bucket": str(self.bucket), "days": self.days,
                "path": self.path}
