"""What each generated page shows, as plain data: the page model the templates render.

No HTML here and no MkDocs: values stay text (the templates escape them), links are
relative hrefs computed the way MkDocs lays the site out. `records.py` holds the
person, company and note-card models.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..core.contacts import contact_key
from ..core.days import BUCKET_ENDS, bucket_of
from ..core.followup import last_contact
from ..core.model import BOOKED, AgendaItem, Bucket, Contact, Kind, Note, Status
from ..core.outreach import TargetRow
from ..core.pages import COMPANIES, HOME, PEOPLE, TARGETS, UPCOMING, page_url
from ..core.review import WeekReview, activity, review_week, week_of
from ..core.wording import (
    BUCKET_TITLES,
    CONFIRM_HINT,
    KIND_LABELS,
    describe,
    format_phrase,
    relative_days,
)
from .chart import Chart, chart
from .drafts import mailto
from .model import SiteModel


class Links:
    """Site URLs of source paths, as MkDocs computes them, and links between pages."""

    def __init__(self, *, use_directory_urls: bool = True) -> None:
        self.directory_urls = use_directory_urls

    def url(self, src: str) -> str:
        return page_url(src, directory_urls=self.directory_urls)

    def href(self, from_src: str, to_src: str) -> str:
        """A relative link from one page to another page or file."""
        page = self.url(from_src)
        folder = page if page.endswith("/") else posixpath.dirname(page) + "/" * ("/" in page)
        depth = folder.count("/")
        target = self.url(to_src)
        if not self.directory_urls and target.endswith("/"):
            target += "index.html"
        if not self.directory_urls and target == "":
            target = "index.html"
        return "../" * depth + target or "./"


#: What each badge means, for the legend of the pages that show them (SPEC §3, §8).
BADGE_MEANINGS = {
    "thank-you": "a conversation to thank them for",
    "confirm": "a planned conversation whose day has passed: did it happen?",
    "schedule": "they answered: book the conversation",
    "follow-up": "no answer yet: write once more",
    "try-another": "no answer yet: write to the next person at the company",
    "reach-out": "someone to write a first message to",
    "check-in": "time to check in again",
    "interview": "a conversation booked",
    "lead": "someone to write to, not yet reached",
    "asked": "a first message sent, no conversation yet",
    "planned": "a conversation booked",
    "done": "a conversation held",
    "cancelled": "a conversation called off",
}


def badge_legend(kinds: Iterable[str]) -> list[tuple[str, str, str]]:
    """(kind, label, meaning) of each kind of badge among `kinds`, in the legend's order."""
    labels = {str(kind): label for kind, label in KIND_LABELS.items()}
    wanted = set(kinds)
    return [(kind, labels.get(kind, kind), meaning) for kind, meaning in BADGE_MEANINGS.items()
            if kind in wanted]


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None  # None: text alone (someone or somewhere with no page)


def tile(key: str, count: int, one: str, many: str | None = None) -> Tile:
    """A count and its words: `1 person`, `2 people`; `thank-yous owed` from
    `thank-you owed`."""
    if many is None:
        word, _, rest = one.partition(" ")
        many = f"{word}s" + (f" {rest}" if rest else "")
    return Tile(key, count, one, many)


@dataclass(frozen=True)
class ItemView:
    """One agenda item as a row: who, what, when and its links."""

    kind: str
    label: str
    due: date
    bucket: str
    days: int
    when: str
    person: Link
    company: Link
    details: str
    note: Link
    draft: str | None  # a mailto: link with the email's draft
    urgent: bool  # Home's "needs attention": overdue (but an interview), or due this week


@dataclass(frozen=True)
class Section:
    bucket: str
    title: str
    items: list[ItemView]


@dataclass(frozen=True)
class Tile:
    key: str  # what the browser recounts on a stale page ('' for counts that cannot go stale)
    count: int
    one: str  # what one of it is called: `thank-you owed`
    many: str  # and more than one: `thank-yous owed`


@dataclass(frozen=True)
class Recent:
    day: date
    person: Link
    company: Link
    how: str
    learned: str
    note: Link


@dataclass(frozen=True)
class HomeView:
    today: date
    items: list[ItemView]  # the next month's; those not urgent today hidden until they are
    tiles: list[Tile]
    recent: list[Recent]
    upcoming: Link
    people: Link
    companies: Link
    review: WeekReview  # this week's: the goals' progress and the streak
    chart: Chart  # the last 52 weeks' activity
    phone_chart: Chart  # the same, folded into two rows of 26 weeks for a narrow screen
    limit: int = 0  # how many items "needs attention" shows at most (HOME_LIMIT)

    @property
    def more(self) -> int:
        """How many urgent items Home leaves to the Upcoming page."""
        return max(0, sum(i.urgent for i in self.items) - self.limit)


@dataclass(frozen=True)
class UpcomingView:
    today: date
    sections: list[Section]  # every bucket, empty ones too (a stale page may fill them)
    calendar: Link
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # what badges mean


@dataclass(frozen=True)
class PersonRow:
    person: Link
    role: str
    company: Link
    conversations: int
    last_talked: str
    next: date | None


@dataclass(frozen=True)
class CompanyRow:
    company: Link
    people: list[Link]
    conversations: int
    latest: date | None  # None: a target company nobody was contacted at yet
    next: date | None


@dataclass(frozen=True)
class TargetView:
    """A company of the LAMP list, as a row of the targets page: its numbers (`lamp`), with
    its link and its next step made for the page."""

    rank: int
    company: Link
    lamp: TargetRow
    next: ItemView | None


@dataclass(frozen=True)
class TargetsView:
    today: date
    active_targets: int
    groups: list[tuple[str, str, list[TargetView]]]  # (id, title, rows): in play first


@dataclass(frozen=True)
class IndexView:
    people: list[PersonRow] = field(default_factory=list)
    companies: list[CompanyRow] = field(default_factory=list)


def _conversations(notes: Iterable[Note]) -> int:
    """How many conversations the notes are: held or planned (not leads, messages or
    cancelled ones)."""
    return sum(n.status in BOOKED for n in notes)


#: The most urgent items Home shows (the earliest due first); the rest are on Upcoming.
HOME_LIMIT = 10


def is_urgent(kind: Kind, days: int) -> bool:
    """Home's rule (SPEC §6): overdue thank-yous, check-ins and confirmations, and
    everything due in the next seven days. The browser applies the same rule on a stale
    page, from `page_rules`."""
    return (days < 0 and kind is not Kind.INTERVIEW) or bucket_of(days) is Bucket.THIS_WEEK


def page_rules() -> dict[str, object]:
    """The rules a page's script applies when the page is read on a later day than it was
    built (it moves items to where they are due then), as data from the core: the script
    computes nothing of its own."""
    return {
        "buckets": [[str(bucket), end] for bucket, end in BUCKET_ENDS],
        "urgent_bucket": str(Bucket.THIS_WEEK),
        "home_limit": HOME_LIMIT,
        "calm_when_overdue": [str(Kind.INTERVIEW)],
        "confirm": {"from": str(Kind.INTERVIEW), "kind": str(Kind.CONFIRM),
                    "label": KIND_LABELS[Kind.CONFIRM], "hint": CONFIRM_HINT},
        "days": {str(d): relative_days(d) for d in (-1, 0, 1)}
                | {"ahead": relative_days(2).replace("2", "{n}"),
                   "overdue": relative_days(-2).replace("2", "{n}")},
    }


def last_talked(contact: Contact) -> str:
    """`2026-11-24 (phone call), last contact 2026-12-01`, or `not yet`."""
    latest, last = contact.latest, last_contact(contact)
    if latest is None or last is None:
        return "not yet"
    text = f"{latest.date} ({format_phrase(latest.format)})"
    return text if last == latest.date else f"{text}, last contact {last}"


def learned(note: Note) -> str:
    """The first line under the note's "learned" heading, else its first highlight."""
    for heading, text in note.highlights:
        if "learn" in heading.lower():
            return text
    return note.highlights[0][1] if note.highlights else ""


class Views:
    """Builds the page models of one `SiteModel`, with links relative to each page."""

    def __init__(self, site: SiteModel, links: Links | None = None) -> None:
        self.site = site
        self.links = links or Links()
        self._drafts: dict[int, tuple[AgendaItem, str]] = {}  # by id() of the item kept

    def draft(self, item: AgendaItem) -> str:
        """The item's `mailto:` draft, made once: Home, Upcoming and the person's and
        company's pages all show it."""
        kept = self._drafts.get(id(item))
        if kept is None or kept[0] is not item:
            kept = item, mailto(item, show_contact_details=self.site.options.show_contact_details)
            self._drafts[id(item)] = kept
        return kept[1]

    def person_link(self, src: str, contact: Contact) -> Link:
        return Link(contact.name, self.links.href(src, self.site.person_page(contact)))

    def company_link(self, src: str, note: Note) -> Link:
        company = self.site.company_of[note.rel_path]
        return Link(note.company, self.links.href(src, self.site.company_page(company)))

    def note_link(self, src: str, note: Note, text: str = "Note") -> Link:
        return Link(text, self.links.href(src, note.rel_path))

    def item(self, src: str, item: AgendaItem) -> ItemView:
        draft = None
        if item.kind in (Kind.THANK_YOU, Kind.CHECK_IN):
            draft = self.draft(item)
        if item.referred_by:  # someone suggested in a conversation: no page of their own yet
            company = self.site.company_by_key.get(contact_key(item.company))
            person, at = Link(item.person, None), Link(item.company, self.links.href(
                src, self.site.company_page(company)) if company else None)
            details = describe(item)
        else:
            contact = self.site.contact_of[item.note.rel_path]
            person, at = self.person_link(src, contact), self.company_link(src, item.note)
            details = (f"last talked {last_talked(contact)}" if item.kind is Kind.CHECK_IN
                       else describe(item))
        return ItemView(str(item.kind), KIND_LABELS[item.kind], item.due, str(item.bucket),
                        item.days, relative_days(item.days), person, at, details,
                        self.note_link(src, item.note), draft, is_urgent(item.kind, item.days))

    def items(self, src: str, items: Iterable[AgendaItem]) -> list[ItemView]:
        return [self.item(src, i) for i in items]

    def home(self) -> HomeView:
        site, src = self.site, HOME
        done = [n for n in site.notes if n.status is Status.DONE]
        planned = sum(n.status is Status.PLANNED and n.date >= site.today for n in site.notes)
        thanks = sum(i.kind is Kind.THANK_YOU for i in site.agenda)
        overdue = sum(i.bucket is Bucket.OVERDUE for i in site.agenda)
        waiting = sum(n.status is Status.ASKED and n.replied is None for n in site.notes)
        tiles = [tile("", len(done), "conversation held"), tile("", planned, "chat planned"),
                 tile("", waiting, "message awaiting a reply", "messages awaiting a reply"),
                 tile("", len(site.contacts), "person", "people"),
                 tile("", len(site.companies), "company", "companies"),
                 tile("", thanks, "thank-you owed"), tile("overdue", overdue, "item overdue")]
        recent = [Recent(n.date, self.person_link(src, site.contact_of[n.rel_path]),
                         self.company_link(src, n), format_phrase(n.format) if n.format else "",
                         learned(n), self.note_link(src, n)) for n in done[:8]]
        # what may need attention within a month, so that a stale page can show it
        soon = (i for i in site.agenda if i.days <= 30)
        return HomeView(site.today, self.items(src, soon), tiles, recent,
                        Link("All upcoming check-ins", self.links.href(src, UPCOMING)),
                        Link("People", self.links.href(src, PEOPLE)),
                        Link("Companies", self.links.href(src, COMPANIES)),
                        review_week(site.notes, site.agenda, week_of(site.today), site.today,
                                    site.options),
                        chart(days := activity(site.notes), site.today),
                        chart(days, site.today, rows=2), HOME_LIMIT)

    def upcoming(self) -> UpcomingView:
        src = UPCOMING
        sections = [Section(str(bucket), title, self.items(src, (
            i for i in self.site.agenda if i.bucket is bucket)))
            for bucket, title in BUCKET_TITLES.items()]
        # a page read on a later day may turn a coffee chat into one to confirm
        kinds = {i.kind for s in sections for i in s.items}
        kinds |= {str(Kind.CONFIRM)} if str(Kind.INTERVIEW) in kinds else set()
        return UpcomingView(self.site.today, sections,
                            Link("calendar.ics", self.links.href(src, "calendar.ics")),
                            badge_legend(kinds))

    def people(self) -> IndexView:
        src = PEOPLE
        rows = []
        for contact in self.site.contacts:
            note = contact.latest or contact.notes[-1]
            rows.append(PersonRow(self.person_link(src, contact), note.role or "",
                                  self.company_link(src, note), _conversations(contact.notes),
                                  last_talked(contact), self.site.next_of.get(contact.key)))
        return IndexView(people=rows)

    def companies(self) -> IndexView:
        src = COMPANIES
        rows = []
        for company in self.site.companies:
            nexts = [d for c in company.contacts if (d := self.site.next_of.get(c.key))]
            held = [n.date for n in company.notes if n.status in BOOKED]
            rows.append(CompanyRow(
                Link(company.name, self.links.href(src, self.site.company_page(company))),
                [self.person_link(src, c) for c in company.contacts],
                _conversations(company.notes), max(held, default=None),
                min(nexts) if nexts else None))
        return IndexView(companies=rows)

    def target_row(self, src: str, rank: int, row: TargetRow) -> TargetView:
        company = self.site.company_by_key[row.key]
        return TargetView(rank, Link(row.company, self.links.href(
            src, self.site.company_page(company))), row,
            self.item(src, row.next) if row.next else None)

    def targets(self) -> TargetsView:
        """The LAMP list: the companies in play, the other targets, those of notes only."""
        src, rows = TARGETS, self.site.targets
        views = [self.target_row(src, rank, row) for rank, row in enumerate(rows, 1)]
        groups = [("in-play", "In play", [v for v in views if v.lamp.in_play]),
                  ("other-targets", "Other targets",
                   [v for v, r in zip(views, rows, strict=True) if r.target and not r.in_play]),
                  ("from-notes", "Known from notes only",
                   [v for v, r in zip(views, rows, strict=True) if r.target is None])]
        return TargetsView(self.site.today, self.site.options.active_targets,
                           [g for g in groups if g[2]])
