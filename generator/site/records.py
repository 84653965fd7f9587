"""A person's page, a company's page and a note's card, as plain data (see `views.py`).

A person's page reads like a contact record: who they are, how you met, what is next,
and a timeline of conversations, thank-yous and check-ins with what was learned and
promised. A company's page: what you wrote about the company and everyone you know
there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from ..core.contacts import contact_key
from ..core.fields import DETAILS, PREP_QUESTIONS
from ..core.followup import thank_you_due
from ..core.model import SKIPPED, Company, Contact, Kind, Note, Status, TargetStatus
from ..core.pages import REFERRALS
from ..core.text import pictured
from ..core.wording import CONFIRM_HINT, format_phrase, next_step, outreach_step
from .drafts import mailto
from .graph import Layout, layout
from .model import SiteModel
from .views import ItemView, Link, Links, Views, badge_legend, last_talked

#: The prep answers that are about the company (SPEC §6: what you wrote about it).
COMPANY_PREP = ("company", "values", "why")


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a timeline."""

    day: date | None
    kind: str  # done, planned, cancelled, thank-you, check-in, next
    text: str
    note: Link | None = None
    highlights: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PersonView:
    name: str
    role: str
    company: Link | None
    linkedin: str | None
    emails: list[str]
    phones: list[str]
    introduced_by: list[Link]  # linked where that person has a page
    introduced: list[Link]  # whom this person introduced you to (SPEC §9's graph)
    next: str
    response: str  # how they answered your latest first message (SPEC §8), or ''
    items: list[ItemView]
    timeline: list[TimelineEntry]
    met: TimelineEntry | None = None  # the first thing that happened with them: how you met
    last_talked: str = ""
    response_meaning: str = ""  # the response class in words
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # the badges shown


@dataclass(frozen=True)
class Written:
    day: date
    person: Link
    question: str
    answer: str
    note: Link


@dataclass(frozen=True)
class Member:
    person: Link
    role: str
    status: str
    last_talked: str
    next: date | None
    response: str  # their response class, or '' when no first message was sent
    sent: date | None
    followed_up: date | None
    replied: date | None


@dataclass(frozen=True)
class Scores:
    """What a company's target file says, with the defaults filled in (SPEC §8)."""

    status: str
    motivation: int | None
    posting: int | None
    advocacy: bool
    in_play: bool
    website: str | None
    gaps: str  # where you stand there, in words (the scores are shown beside it)


@dataclass(frozen=True)
class CompanyView:
    name: str
    scores: Scores | None  # None: no target file
    about: Markup | None  # the target file's own text, as HTML
    written: list[Written]  # the prep answers about the company (when no file says more)
    people: list[Member]
    next: ItemView | None  # the company's next step
    items: list[ItemView]


@dataclass(frozen=True)
class ReferralsView:
    layout: Layout
    introductions: int


@dataclass(frozen=True)
class CardView:
    person: Link
    role: str
    company: Link
    status: str
    day: date
    how: str
    introduced_by: Link | None
    linkedin: str | None
    email: str | None
    phone: str | None
    details: list[tuple[str, str]]  # (label, value) of other details in the field table
    prep: list[tuple[str, str]]  # (question, answer or '')
    answered: int
    missing: list[str]
    questions: list[str]
    timeline: list[TimelineEntry]
    drafts: list[Link]


def _markdown(text: str) -> str:
    import markdown

    return markdown.markdown(text)


def _latest_message(notes: Iterable[Note]) -> Note | None:
    """The note of the latest first message among these (their response class is the
    person's), or None when none was sent."""
    return max((n for n in notes if n.sent), key=lambda n: (n.sent, n.rel_path), default=None)


def _outreach_events(note: Note) -> list[tuple[date, str]]:
    """The first message, the follow-up and the reply of a note, as timeline lines."""
    outreach = note.outreach
    if outreach is None or outreach.sent is None:
        return []
    via = f" ({outreach.via})" if outreach.via else ""
    events = [(outreach.sent, f"First message sent{via}")]
    if outreach.followed_up:
        events.append((outreach.followed_up, "Followed up"))
    if outreach.replied:
        events.append((outreach.replied, "They answered"))
    return events


def _web(link: str | None) -> str | None:
    """A link that is a web address (never `javascript:` or the like), else None."""
    return link if link and link.startswith(("https://", "http://")) else None


def _linkedin(note: Note) -> str | None:
    return _web(note.linkedin)


class Records(Views):
    """The person, company and card models of one site. `markdown` renders a target file's
    text (the notebook's own Markdown settings, in a build)."""

    def __init__(self, site: SiteModel, links: Links | None = None,
                 markdown: Callable[[str], str] | None = None) -> None:
        super().__init__(site, links)
        self.markdown = markdown or _markdown

    def introducer(self, src: str, name: str) -> Link:
        """Someone of the referral graph: a link when that person has a page, else the name."""
        contact = self.site.contact_by_key.get(contact_key(name))
        return self.person_link(src, contact) if contact else Link(name, None)

    def person(self, contact: Contact) -> PersonView:
        site, src = self.site, self.site.person_page(contact)
        note = contact.latest or contact.notes[-1]
        show = site.options.show_contact_details
        graph = site.graph
        introduced_by = [self.introducer(src, graph.names[k])
                         for k in graph.introducers(contact.key)]
        introduced = [self.introducer(src, graph.names[k]) for k in graph.introduced(contact.key)]
        next_text = self.next_text(contact)
        latest_ask = _latest_message(contact.notes)
        response = str(site.response_of[latest_ask.rel_path]) if latest_ask else ""
        items = self.items(src, site.items_for(contact))
        timeline = self.timeline(src, contact.notes)
        return PersonView(
            contact.name, note.role or "", self.company_link(src, note), _linkedin(note),
            sorted({n.email for n in contact.notes if n.email}) if show else [],
            sorted({n.phone for n in contact.notes if n.phone}) if show else [],
            introduced_by, introduced,
            f"{next_text}.", response, items, timeline, timeline[-1] if timeline else None,
            last_talked(contact), self.response_meaning(response),
            badge_legend(i.kind for i in items))

    def response_meaning(self, response: str) -> str:
        """What a response class says (SPEC §8), with this notebook's days."""
        days = self.site.options.nudge_days
        return {"booster": f"answered your first message within {days} business days",
                "obligate": f"answered your first message, after more than {days} business "
                            "days",
                "curmudgeon": "has not answered your first message, nor the follow-up",
                "waiting": "has not answered your first message yet"}.get(response, "")

    def referrals(self) -> ReferralsView:
        """Who introduced whom, as a picture and as a list (SPEC §9)."""
        graph = self.site.graph
        drawn = layout(graph, lambda key, name: self.introducer(REFERRALS, name))
        return ReferralsView(drawn, len(graph.edges))

    def next_text(self, contact: Contact) -> str:
        """What is next with a person, in a few words (`core.wording.next_step`)."""
        return next_step(contact, self.site.next_of.get(contact.key), self.site.today)

    def timeline(self, src: str, notes: tuple[Note, ...]) -> list[TimelineEntry]:
        """Conversations, thank-yous and check-ins, newest first."""
        events: list[tuple[date, int, TimelineEntry]] = []
        for note in notes:
            how = format_phrase(note.format)
            where = f"{how[0].upper()}{how[1:]} at {note.company}"
            text = {Status.DONE: where, Status.PLANNED: f"{where}, planned",
                    Status.CANCELLED: f"{where}, cancelled",
                    Status.LEAD: f"To reach out to at {note.company}",
                    Status.ASKED: f"Asked for a conversation at {note.company}"}[note.status]
            if note.status is Status.PLANNED and note.date < self.site.today:
                text += f": {CONFIRM_HINT}"
            events.append((note.date, 0, TimelineEntry(note.date, str(note.status), text,
                                                       self.note_link(src, note),
                                                       note.highlights)))
            if isinstance(note.thank_you, date):
                events.append((note.thank_you, 1, TimelineEntry(note.thank_you, "thank-you",
                                                                "Thank-you sent")))
            events += [(c.date, 2, TimelineEntry(
                c.date, "check-in", f"Checked in: {c.remark}" if c.remark else "Checked in"))
                       for c in note.check_ins]
            events += [(day, -1, TimelineEntry(day, "outreach", text))
                       for day, text in _outreach_events(note)]
        events.sort(key=lambda e: (e[0], e[1]), reverse=True)
        return [event for _, _, event in events]

    def company(self, company: Company) -> CompanyView:
        site, src = self.site, self.site.company_page(company)
        row = site.row_of.get(company.key)
        target = company.target
        about = (Markup(self.markdown(pictured(target.body))) if target and target.body.strip()
                 else None)
        written = [] if about else [
            Written(n.date, self.person_link(src, site.contact_of[n.rel_path]),
                    PREP_QUESTIONS[key], answer, self.note_link(src, n))
            for n in company.notes for key, answer in n.prep if key in COMPANY_PREP and answer]
        people = []
        for contact in company.contacts:
            mine = [n for n in company.notes if n in contact.notes]  # newest first
            ask = _latest_message(mine)
            response = site.response_of.get(ask.rel_path) if ask else None
            people.append(Member(
                self.person_link(src, contact), mine[0].role or "", str(mine[0].status),
                last_talked(contact), site.next_of.get(contact.key),
                str(response) if response else "", ask.sent if ask else None,
                ask.outreach.followed_up if ask and ask.outreach else None,
                ask.replied if ask else None))
        scores = None
        if target is not None and row is not None:
            scores = Scores(str(row.status), row.motivation, row.posting, row.advocacy,
                            row.in_play, _web(target.website),
                            row.gaps.removeprefix(f"motivation {row.motivation}, "))
        items = site.items_at.get(company.key, [])
        return CompanyView(company.name, scores, about, written, people,
                           self.item(src, row.next) if row and row.next else None,
                           self.items(src, items))

    def card(self, note: Note) -> CardView:
        site, src = self.site, note.rel_path
        contact = site.contact_of[note.rel_path]
        show = site.options.show_contact_details
        prep = [(PREP_QUESTIONS[key], answer) for key, answer in note.prep]
        details = [(f.label, note.details[f.key]) for f in DETAILS
                   if f.label and f.key in note.details]
        drafts = [Link(f"Draft the {item.kind} email", mailto(item, show_contact_details=show))
                  for item in site.items_for(contact)
                  if item.note is note and item.kind in (Kind.THANK_YOU, Kind.CHECK_IN)]
        return CardView(
            self.person_link(src, contact), note.role or "", self.company_link(src, note),
            str(note.status), note.date, format_phrase(note.format) if note.format else "",
            self.introducer(src, note.referred_by) if note.referred_by else None,
            _linkedin(note), note.email if show else None, note.phone if show else None,
            details, prep, note.prep_score[0], list(note.missing_prep), list(note.questions),
            self.card_timeline(note, contact), drafts)

    def _quiet(self, note: Note) -> str:
        """Why a lead or a message out has no reminder (SPEC §8)."""
        row = self.site.row_of.get(contact_key(note.company))
        if row is not None and row.status is TargetStatus.DROPPED:
            return f"no reminders: {row.company} is dropped"
        if note.status is Status.LEAD:
            return f"waits its turn: another contact at {note.company} first"
        return f"someone at {note.company} answered: no reminder"

    def card_timeline(self, note: Note, contact: Contact) -> list[TimelineEntry]:
        """The follow-up of one conversation, oldest first, to what is next."""
        src = note.rel_path
        if note.status is Status.PLANNED:
            past = note.date < self.site.today
            return [TimelineEntry(note.date, "planned", "coffee chat planned" +
                          (f": {CONFIRM_HINT}" if past else ""))]
        if note.status is Status.CANCELLED:
            return [TimelineEntry(note.date, "cancelled", "cancelled")]
        if note.status in (Status.LEAD, Status.ASKED):
            # the core's items for this note, SPEC §8's turns and cancellations applied
            events = [TimelineEntry(day, "outreach", text) for day, text in
                      sorted(_outreach_events(note))]
            steps = [item for item in self.site.items_for(contact) if item.note is note]
            events += [TimelineEntry(item.due, "due", outreach_step(item)) for item in steps]
            if not steps:
                events.append(TimelineEntry(None, "next", self._quiet(note)))
            return events
        events = [TimelineEntry(note.date, "done", "conversation")]
        if isinstance(note.thank_you, date):
            events.append(TimelineEntry(note.thank_you, "thank-you", "thank-you sent"))
        elif note.thank_you == SKIPPED:
            events.append(TimelineEntry(None, "thank-you", "thank-you skipped"))
        elif (due := thank_you_due(note, self.site.options)) is not None:
            events.append(TimelineEntry(due, "due", "thank-you due"))
        events += [TimelineEntry(c.date, "check-in",
                                 f"check-in: {c.remark}" if c.remark else "check-in")
                   for c in sorted(note.check_ins, key=lambda c: c.date)]
        if contact.latest is note:
            next_date = self.site.next_of.get(contact.key)
            events.append(TimelineEntry(next_date, "due", "next check-in") if next_date
                          else TimelineEntry(None, "next", "no check-in planned"))
        elif contact.latest is not None:
            events.append(TimelineEntry(None, "next", "later:",
                                self.note_link(src, contact.latest, "the latest conversation")))
        return events
