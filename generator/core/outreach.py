"""The rules before the chat (SPEC §8): outreach items, response classes, LAMP order and
coverage of the target companies.

Pure functions over notes, target files, the options and today. The notes at one
company are gathered once (`index_by_company`, into `CompanyNotes`), so that a company
with many notes costs one pass, not one per note.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .contacts import contact_key, latest
from .days import add_business_days
from .model import (
    BOOKED,
    AgendaItem,
    Kind,
    Note,
    Response,
    Status,
    Target,
    TargetStatus,
)
from .options import Options
from .wording import plural


@dataclass
class CompanyNotes:
    """What the notes at one company say, for the outreach rules (gathered in one pass)."""

    notes: list[Note] = field(default_factory=list)
    #: the latest day anyone there answered: a reply, or a conversation booked
    answered: date | None = None
    #: the two latest first messages there: (day, path), latest first
    sent: list[tuple[date, str]] = field(default_factory=list)
    #: its `lead` notes, by date then path
    leads: list[Note] = field(default_factory=list)
    #: a note there is `asked` or `planned`: a thread is open, the leads wait their turn
    busy: bool = False
    #: its target file says `status: dropped`: no outreach items there at all
    dropped: bool = False

    def add(self, note: Note) -> None:
        self.notes.append(note)
        for day in (note.replied, note.date if note.status in BOOKED else None):
            if day is not None and (self.answered is None or day > self.answered):
                self.answered = day
        if note.sent is not None:
            self.sent = sorted([*self.sent, (note.sent, note.rel_path)], reverse=True)[:2]
        if note.status is Status.LEAD:
            self.leads.append(note)
        elif note.status in (Status.ASKED, Status.PLANNED):
            self.busy = True

    def sent_by_another(self, note: Note) -> date | None:
        """The latest first message at the company from a note other than `note`."""
        return next((day for day, path in self.sent if path != note.rel_path), None)

    def next_lead(self, note: Note) -> Note | None:
        """The lead to write to next, instead of `note`'s person: the earliest lead there
        (`leads` is in that order once `index_by_company` is done)."""
        key = contact_key(note.person)
        return next((lead for lead in self.leads if contact_key(lead.person) != key), None)


def index_by_company(notes: Iterable[Note], targets: Iterable[Target] = ()
                     ) -> dict[str, CompanyNotes]:
    """The notes of every company (compared like a contact key), in path order; the
    companies whose target file says `dropped` marked so."""
    index: dict[str, CompanyNotes] = {}
    for note in sorted(notes, key=lambda n: n.rel_path):
        index.setdefault(contact_key(note.company), CompanyNotes()).add(note)
    for company in index.values():
        company.leads.sort(key=lambda n: (n.date, n.rel_path))
    for target in targets:
        if target.status is TargetStatus.DROPPED and (
                at := index.get(contact_key(target.company))) is not None:
            at.dropped = True
    return index


def dropped_companies(targets: Iterable[Target]) -> frozenset[str]:
    """The keys of the companies whose target file says `status: dropped`."""
    return frozenset(contact_key(t.company) for t in targets
                     if t.status is TargetStatus.DROPPED)


@dataclass(frozen=True)
class Due:
    """An outreach item of one note, before it is placed in the agenda."""

    kind: Kind
    due: date
    next_lead: str | None = None  # for `try-another`: whom to write to next, if known


def try_another_day(sent: date, options: Options) -> date:
    """The 3B day: no reply by then, write to the next contact at the company."""
    return add_business_days(sent, options.nudge_days, options.holidays, options.calendar)


def follow_up_day(sent: date, options: Options) -> date:
    """The 7B day: no reply by then, follow up once."""
    return add_business_days(sent, options.follow_up_days, options.holidays, options.calendar)


def outreach_due(note: Note, company: CompanyNotes, options: Options) -> list[Due]:
    """The outreach items of one note (SPEC §8), with their cancellations applied: none
    at a dropped company; a lead only in its turn (the first lead there, while no thread
    there is open)."""
    if company.dropped:
        return []
    if note.status is Status.LEAD:
        if company.busy or not company.leads or company.leads[0] is not note:
            return []  # it waits its turn; the company's try-another names the first lead
        return [Due(Kind.REACH_OUT, note.date)]  # the day to write by, as written
    sent = note.sent
    if note.status is not Status.ASKED or sent is None:
        return []
    if note.replied is not None:
        return [Due(Kind.SCHEDULE, add_business_days(note.replied, 1, options.holidays,
                                                     options.calendar))]
    if company.answered is not None and company.answered >= sent:
        return []  # someone at the company answered, or a conversation was booked
    items = []
    other = company.sent_by_another(note)
    if other is None or other < sent:  # else the next contact was written to
        lead = company.next_lead(note)
        items.append(Due(Kind.TRY_ANOTHER, try_another_day(sent, options),
                         lead.person if lead else None))
    if note.outreach is not None and note.outreach.followed_up is None:
        items.append(Due(Kind.FOLLOW_UP, follow_up_day(sent, options)))
    return items


def response_class(note: Note, today: date, options: Options) -> Response | None:
    """How the person answered the first message (SPEC §8); None when none was sent.

    A conversation booked without a `replied` date counts as answered on its own date.
    """
    sent = note.sent
    if sent is None or note.outreach is None:
        return None
    replied = note.replied or (note.date if note.status in BOOKED else None)
    if replied is not None:
        return Response.BOOSTER if replied <= try_another_day(sent, options) \
            else Response.OBLIGATE
    nudge, country, source = options.nudge_days, options.holidays, options.calendar
    followed_up = note.outreach.followed_up
    limit = (add_business_days(followed_up, nudge, country, source) if followed_up else
             add_business_days(sent, options.follow_up_days + nudge, country, source))
    return Response.CURMUDGEON if today > limit else Response.WAITING


# --- the target companies ------------------------------------------------------------------

_STATUS_ORDER = {status: i for i, status in enumerate(TargetStatus)}


@dataclass(frozen=True)
class TargetRow:
    """One company of the LAMP list, with its coverage (SPEC §8)."""

    key: str
    company: str  # as in its file, else as in its latest note
    target: Target | None
    status: TargetStatus | None  # None: known from notes only
    motivation: int | None
    posting: int | None
    advocacy: bool
    in_play: bool
    contacts: int
    reached: int
    replied: int
    chats: int
    next: AgendaItem | None
    planned: int = 0  # planned conversations there (not in the JSON: its words only)
    #: how the people written to there answered: (class, how many), in the classes' order
    responses: tuple[tuple[Response, int], ...] = ()

    @property
    def responded(self) -> str:
        """`1 booster, 2 waiting`, or ''."""
        return ", ".join(f"{count} {response}" for response, count in self.responses)

    @property
    def gaps(self) -> str:
        """What the company's row says in words: `motivation 3, nobody contacted yet`."""
        words = [] if self.target is None else [f"motivation {self.motivation}"]
        if self.status is TargetStatus.DROPPED:
            words.append("dropped")
        elif self.status is TargetStatus.WATCHING:
            words.append("watching")
        if not self.contacts:
            words.append("nobody contacted yet")
        elif not self.reached:
            words.append(f"no message sent yet ({plural(self.contacts, 'person', 'people')} "
                         "known)")
        elif not self.replied:
            words.append("no reply yet")
        elif not self.chats:
            words.append("a conversation planned" if self.planned else "no conversation yet")
        else:
            words.append(plural(self.chats, "conversation"))
        return ", ".join(words)

    def as_dict(self) -> dict[str, object]:
        nxt = self.next
        return {"company": self.company,
                "status": str(self.status) if self.status else None,
                "motivation": self.motivation, "posting": self.posting,
                "advocacy": self.advocacy, "in_play": self.in_play,
                "contacts": self.contacts, "reached": self.reached, "replied": self.replied,
                "chats": self.chats,
                "next": {"kind": str(nxt.kind), "person": nxt.person,
                         "due": nxt.due.isoformat()} if nxt else None}


def _coverage(notes: Sequence[Note]) -> tuple[int, int, int, int, int]:
    """contacts, reached, replied, chats and planned conversations of the notes at one
    company."""
    people: set[str] = set()
    reached: set[str] = set()
    replied: set[str] = set()
    for note in notes:
        key = contact_key(note.person)
        people.add(key)
        booked = note.status in BOOKED
        if note.sent is not None or booked:
            reached.add(key)
        if note.replied is not None or booked:
            replied.add(key)
    return (len(people), len(reached), len(replied), sum(n.status is Status.DONE for n in notes),
            sum(n.status is Status.PLANNED for n in notes))


def rank_targets(notes: Iterable[Note], targets: Iterable[Target],
                 agenda: Iterable[AgendaItem], options: Options, today: date,
                 index: dict[str, CompanyNotes] | None = None) -> list[TargetRow]:
    """Every company in LAMP order: the target files ranked (status; motivation, posting,
    advocacy, highest first; name), the first `active_targets` active ones in play; then
    the companies known only from notes, by name. `agenda` gives each its next step;
    `today`, how the people written to answered (their response classes)."""
    targets = list(targets)
    index = index if index is not None else index_by_company(notes, targets)
    first_item: dict[str, AgendaItem] = {}
    for item in agenda:  # most urgent first
        first_item.setdefault(contact_key(item.company), item)
    rows = []
    files = {contact_key(t.company): t for t in targets}
    for key in sorted(files.keys() | index.keys()):
        target, at = files.get(key), index.get(key, CompanyNotes())
        contacts, reached, replied, chats, planned = _coverage(at.notes)
        classes = Counter(r for n in at.notes if (r := response_class(n, today, options)))
        responses = tuple((r, classes[r]) for r in Response if classes[r])
        if target is not None:
            advocacy = target.advocacy if target.advocacy is not None else bool(at.notes)
            rows.append(TargetRow(key, target.company, target, target.status,
                                  target.motivation or 0, target.posting or 1, advocacy, False,
                                  contacts, reached, replied, chats, first_item.get(key),
                                  planned, responses))
        else:
            named = latest(at.notes)
            assert named is not None
            rows.append(TargetRow(key, named.company, None, None, None, None, True, False,
                                  contacts, reached, replied, chats, first_item.get(key),
                                  planned, responses))

    def lamp(row: TargetRow) -> tuple[object, ...]:
        if row.status is None:
            return (1, 0, 0, 0, 0, row.key)
        return (0, _STATUS_ORDER[row.status], -(row.motivation or 0), -(row.posting or 1),
                not row.advocacy, row.key)

    rows.sort(key=lamp)
    in_play = [row.key for row in rows if row.status is TargetStatus.ACTIVE][
        :options.active_targets]
    return [dataclasses.replace(row, in_play=True) if row.key in in_play else row
            for row in rows]
