"""The site's pages as Markdown strings (raw HTML blocks inside), from a `SiteModel`.

Every front-matter value passes through `e()` (HTML escaping) before it reaches a
page; values never reach Markdown syntax, so `A | B` or `<script>` show literally.
Links inside raw HTML are not rewritten by MkDocs, so `Links` computes them.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape

from ..core.fields import DETAILS, PREP_QUESTIONS
from ..core.followup import last_contact
from ..core.model import SKIPPED, AgendaItem, Bucket, Company, Contact, Kind, Note, Status
from ..core.pages import (
    CALENDAR,
    COMPANIES,
    HOME,
    PEOPLE,
    TAGS,
    UPCOMING,
    generated_pages,
    page_url,
)
from ..core.wording import (
    BUCKET_TITLES,
    CONFIRM_HINT,
    KIND_LABELS,
    describe,
    format_phrase,
    relative_days,
)
from .drafts import mailto
from .model import SiteModel


def e(value: object) -> str:
    """A value as HTML text (attribute-safe too)."""
    return escape(str(value), quote=True)


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


@dataclass(frozen=True)
class GeneratedPage:
    """A page the site generates: its title and its content, already HTML.

    MkDocs reads `source()` (front matter, plus Markdown where the page has some for
    another plugin, like the tags listing); the plugin then puts `html` in its place,
    so no raw HTML goes through Markdown, which would only slow the build down.
    """

    title: str
    html: str = ""
    markdown: str = ""
    search: bool = True

    def source(self) -> str:
        meta = f"title: {json.dumps(e(self.title))}\nhide:\n  - toc\n"
        if not self.search:
            meta += "search:\n  exclude: true\n"
        return f"---\n{meta}---\n\n{self.markdown}\n"


def _page(title: str, body: str, *, search: bool = True) -> GeneratedPage:
    return GeneratedPage(title, body, search=search)


def _table(cls: str, rows: Iterable[str], head: tuple[str, ...] = ()) -> str:
    """A plain table (Material styles those) in a wrapper that carries our class."""
    thead = f"<thead><tr>{''.join(f'<th>{h}</th>' for h in head)}</tr></thead>" if head else ""
    return (f'<div class="cc-table {cls}"><table>{thead}<tbody>{"".join(rows)}</tbody>'
            "</table></div>")


def _time(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def _when(item: AgendaItem) -> str:
    return (f'<span class="cc-when" data-due="{item.due.isoformat()}">'
            f"{e(relative_days(item.days))}</span>")


def _badge(kind: str, text: str) -> str:
    return f'<span class="cc-badge cc-badge--{e(kind)}">{e(text)}</span>'


def _a(href: str, text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{e(href)}"{attr}>{e(text)}</a>'


def _last_talked(contact: Contact) -> str:
    latest, last = contact.latest, last_contact(contact)
    if latest is None or last is None:
        return "not yet"
    text = f"{_time(latest.date)} ({e(format_phrase(latest.format))})"
    if last != latest.date:
        text += f", last contact {_time(last)}"
    return text


class Renderer:
    """Renders every generated page of one `SiteModel`."""

    def __init__(self, site: SiteModel, links: Links | None = None) -> None:
        self.site = site
        self.links = links or Links()

    # --- building blocks --------------------------------------------------------------------

    def _person(self, src: str, contact: Contact) -> str:
        return _a(self.links.href(src, self.site.person_page(contact)), contact.name)

    def _company(self, src: str, note: Note) -> str:
        company = self.site.company_of[note.rel_path]
        return _a(self.links.href(src, self.site.company_page(company)), note.company)

    def _note(self, src: str, note: Note, text: str = "Note") -> str:
        return _a(self.links.href(src, note.rel_path), text)

    def _items_table(self, src: str, items: Iterable[AgendaItem]) -> str:
        rows = []
        for item in items:
            contact = self.site.contact_of[item.note.rel_path]
            details = (e(describe(item)) if item.kind in (Kind.INTERVIEW, Kind.CONFIRM)
                       else _last_talked(contact))
            actions = [self._note(src, item.note)]
            if item.kind in (Kind.THANK_YOU, Kind.CHECK_IN):
                link = mailto(item, show_contact_details=self.site.options.show_contact_details)
                actions.append(_a(link, "Draft email", "cc-draft"))
            rows.append(
                f'<tr class="cc-item cc-item--{item.kind}" data-due="{item.due.isoformat()}">'
                f"<td>{_time(item.due)}</td><td>{_when(item)}</td>"
                f"<td>{_badge(str(item.kind), KIND_LABELS[item.kind])}</td>"
                f"<td>{self._person(src, contact)}</td><td>{self._company(src, item.note)}</td>"
                f"<td>{details}</td><td>{' · '.join(actions)}</td></tr>")
        return _table("cc-agenda", rows,
                      ("Due", "When", "What", "Who", "Company", "Details", "Links"))

    def _computed(self) -> str:
        today = self.site.today
        return (f'<p class="cc-computed" data-today="{today.isoformat()}">Computed for '
                f"{_time(today)} ({today:%A}). Dates below are recomputed in your browser "
                "against your own date; rebuild the site to refresh the list.</p>")

    # --- pages ------------------------------------------------------------------------------

    def pages(self) -> dict[str, GeneratedPage]:
        """Every page of `core.pages.generated_pages` but the calendar, by source path."""
        fixed = {HOME: self.home, UPCOMING: self.upcoming, PEOPLE: self.people,
                 COMPANIES: self.companies, TAGS: self.tags}
        people = {self.site.person_page(c): c for c in self.site.contacts}
        companies = {self.site.company_page(c): c for c in self.site.companies}
        pages = {}
        for src in generated_pages(self.site.notes):
            if src in fixed:
                pages[src] = fixed[src]()
            elif src in people:
                pages[src] = self.person(people[src])
            elif src != CALENDAR:
                pages[src] = self.company(companies[src])
        return pages

    def tags(self) -> GeneratedPage:
        return GeneratedPage("Tags", markdown="<!-- material/tags -->")

    def home(self) -> GeneratedPage:
        site, src = self.site, HOME
        urgent = [i for i in site.agenda if i.bucket is Bucket.OVERDUE and i.kind is not
                  Kind.INTERVIEW or i.bucket is Bucket.THIS_WEEK]
        attention = (self._items_table(src, urgent) if urgent else
                     '<p class="cc-empty">Nothing needs attention this week. See '
                     f'{_a(self.links.href(src, UPCOMING), "what is coming up")}.</p>')
        done = [n for n in site.notes if n.status is Status.DONE]
        counts = [
            ("conversations held", len(done)),
            ("planned", sum(n.status is Status.PLANNED and n.date >= site.today
                            for n in site.notes)),
            ("people", len(site.contacts)), ("companies", len(site.companies)),
            ("thank-yous owed", sum(i.kind is Kind.THANK_YOU for i in site.agenda)),
            ("overdue", sum(i.bucket is Bucket.OVERDUE for i in site.agenda)),
        ]
        stats = "".join(f'<div class="cc-stat"><span class="cc-stat__n">{n}</span>'
                        f"<span>{e(label)}</span></div>" for label, n in counts)
        recent = [
            f"<tr><td>{_time(n.date)}</td><td>{self._person(src, site.contact_of[n.rel_path])}"
            f"</td><td>{self._company(src, n)}</td><td>{e(format_phrase(n.format) if n.format else '')}"
            f"</td><td>{self._note(src, n)}</td></tr>" for n in done[:8]]
        recent_html = (_table("cc-recent", recent) if recent else
                       '<p class="cc-empty">No conversations yet: write your first note.</p>')
        return _page("Coffee chats", (
            f'<div class="cc-dashboard">{self._computed()}'
            f"<h2>Needs attention</h2>{attention}"
            f'<h2>At a glance</h2><div class="cc-stats">{stats}</div>'
            f"<h2>Recent conversations</h2>{recent_html}"
            f'<p>{_a(self.links.href(src, UPCOMING), "All upcoming check-ins")} · '
            f'{_a(self.links.href(src, PEOPLE), "People")} · '
            f'{_a(self.links.href(src, COMPANIES), "Companies")}</p></div>'))

    def upcoming(self) -> GeneratedPage:
        src, agenda = UPCOMING, self.site.agenda
        sections = []
        for bucket, title in BUCKET_TITLES.items():
            items = [i for i in agenda if i.bucket is bucket]
            if items:
                sections.append(f'<h2 id="{bucket}">{e(title)} ({len(items)})</h2>'
                                + self._items_table(src, items))
        if not sections:
            sections.append('<p class="cc-empty">Nothing to do: no thank-yous owed, no '
                            "check-ins and no coffee chats planned. Time to plan the next "
                            "one.</p>")
        calendar = _a(self.links.href(src, "calendar.ics"), "calendar.ics")
        return _page("Upcoming check-ins", (
            f'<div class="cc-upcoming">{self._computed()}{"".join(sections)}'
            f'<p class="cc-subscribe">Every item is also in {calendar}: subscribe to it in '
            "your calendar.</p></div>"))

    def people(self) -> GeneratedPage:
        src = PEOPLE
        rows = []
        for contact in self.site.contacts:
            note = contact.latest or contact.notes[-1]
            next_date = self.site.next_of.get(contact.key)
            rows.append(
                f"<tr><td>{self._person(src, contact)}</td><td>{e(note.role or '')}</td>"
                f"<td>{self._company(src, note)}</td><td>{len(contact.notes)}</td>"
                f"<td>{_last_talked(contact)}</td>"
                f"<td>{_time(next_date) if next_date else '—'}</td></tr>")
        body = (_table("cc-people", rows, ("Person", "Role", "Company", "Conversations",
                                           "Last talked", "Next check-in"))
                if rows else '<p class="cc-empty">No one yet.</p>')
        return _page("People", body)

    def person(self, contact: Contact) -> GeneratedPage:
        site, src = self.site, self.site.person_page(contact)
        note = contact.latest or contact.notes[-1]
        facts = []
        if note.role:
            facts.append(f"{e(note.role)} at {self._company(src, note)}")
        else:
            facts.append(self._company(src, note))
        if note.linkedin and note.linkedin.startswith(("https://", "http://")):
            facts.append(_a(note.linkedin, "LinkedIn"))
        if site.options.show_contact_details:
            facts += [_a(f"mailto:{n}", n) for n in {x.email for x in contact.notes} if n]
            facts += [e(n) for n in {x.phone for x in contact.notes} if n]
        referred = {n.referred_by for n in contact.notes if n.referred_by}
        if referred:
            facts.append("referred by " + ", ".join(e(r) for r in sorted(referred)))
        next_date = site.next_of.get(contact.key)
        next_text = (f"Next check-in: {_time(next_date)}" if next_date else
                     "No check-in planned" if contact.latest else "No conversation yet")
        items = site.items_for(contact)
        return _page(contact.name, search=False, body=(
            f'<div class="cc-person"><p class="cc-facts">{" · ".join(facts)}</p>'
            f'<p class="cc-next">{next_text}. Last talked: {_last_talked(contact)}.</p>'
            + (f"<h2>Coming up</h2>{self._items_table(src, items)}" if items else "")
            + f"<h2>Conversations</h2>{self._conversations(src, contact.notes)}</div>"))

    def _conversations(self, src: str, notes: Iterable[Note]) -> str:
        rows = (
            f"<tr><td>{_time(n.date)}</td><td>{self._person(src, self.site.contact_of[n.rel_path])}"
            f"</td><td>{self._company(src, n)}</td><td>{_badge(str(n.status), str(n.status))}"
            f"</td><td>{e(format_phrase(n.format) if n.format else '')}</td>"
            f"<td>{self._note(src, n)}</td></tr>"
            for n in sorted(notes, key=lambda n: (n.date, n.rel_path), reverse=True))
        return _table("cc-conversations", rows)

    def companies(self) -> GeneratedPage:
        src = COMPANIES
        rows = []
        for company in self.site.companies:
            nexts = [d for c in company.contacts if (d := self.site.next_of.get(c.key))]
            people = ", ".join(self._person(src, c) for c in company.contacts)
            link = _a(self.links.href(src, self.site.company_page(company)), company.name)
            rows.append(f"<tr><td>{link}</td><td>{people}</td><td>{len(company.notes)}</td>"
                        f"<td>{_time(company.notes[0].date)}</td>"
                        f"<td>{_time(min(nexts)) if nexts else '—'}</td></tr>")
        body = (_table("cc-companies", rows,
                       ("Company", "People", "Conversations", "Latest", "Next check-in"))
                if rows else '<p class="cc-empty">No companies yet.</p>')
        return _page("Companies", body)

    def company(self, company: Company) -> GeneratedPage:
        src = self.site.company_page(company)
        items = [i for c in company.contacts for i in self.site.items_for(c)]
        items.sort(key=lambda i: (i.due, i.person))
        people = ", ".join(self._person(src, c) for c in company.contacts)
        return _page(company.name, search=False, body=(
            f'<div class="cc-company"><p class="cc-facts">People: {people}</p>'
            + (f"<h2>Coming up</h2>{self._items_table(src, items)}" if items else "")
            + f"<h2>Conversations</h2>{self._conversations(src, company.notes)}</div>"))

    # --- the card above a note ----------------------------------------------------------------

    def note_card(self, note: Note) -> str:
        """The header card of a note's own page: who, when, prep, questions, follow-up."""
        site, src = self.site, note.rel_path
        contact = site.contact_of[note.rel_path]
        who = self._person(src, contact)
        meta = [_badge(str(note.status), str(note.status)), _time(note.date)]
        if note.format:
            meta.append(e(format_phrase(note.format)))
        if note.referred_by:
            meta.append(f"referred by {e(note.referred_by)}")
        if note.linkedin and note.linkedin.startswith(("https://", "http://")):
            meta.append(_a(note.linkedin, "LinkedIn"))
        if site.options.show_contact_details:
            meta += [_a(f"mailto:{note.email}", note.email)] if note.email else []
            meta += [e(note.phone)] if note.phone else []
        meta += [f"{e(f.label)}: {e(note.details[f.key])}" for f in DETAILS
                 if f.label and f.key in note.details]
        answered, total = note.prep_score
        prep = "".join(
            f'<li class="cc-prep--{"yes" if answer else "no"}">'
            f'<span class="cc-prep__q">{e(PREP_QUESTIONS[key])}</span> '
            f'{e(answer) if answer else "<em>not answered</em>"}</li>'
            for key, answer in note.prep)
        missing = (f" — missing: {e(', '.join(note.missing_prep))}" if note.missing_prep else "")
        questions = "".join(f"<li>{e(q)}</li>" for q in note.questions)
        role = f"{e(note.role)} at " if note.role else ""
        return (
            f'<div class="cc-card cc-card--{note.status}">'
            f'<p class="cc-card__who">{who} · {role}{self._company(src, note)}</p>'
            f'<p class="cc-card__meta">{" · ".join(meta)}</p>'
            f'<details class="cc-prep"{" open" if note.status is Status.PLANNED else ""}>'
            f"<summary>Prep {answered}/{total}{missing}</summary><ul>{prep}</ul></details>"
            + (f'<div class="cc-questions"><p><strong>Questions</strong></p><ol>{questions}'
               "</ol></div>" if questions else "")
            + f'<div class="cc-timeline"><p><strong>Follow-up</strong></p><ol>'
            f'{"".join(self._timeline(note, contact))}</ol></div></div>')

    def _timeline(self, note: Note, contact: Contact) -> list[str]:
        if note.status is Status.PLANNED and note.date < self.site.today:
            return [f'<li class="cc-due">{_time(note.date)} coffee chat planned: '
                    f"{e(CONFIRM_HINT)}</li>"]
        if note.status is Status.PLANNED:
            return [f"<li>{_time(note.date)} coffee chat planned</li>"]
        if note.status is Status.CANCELLED:
            return [f"<li>{_time(note.date)} cancelled</li>"]
        steps = [f"<li>{_time(note.date)} conversation</li>"]
        due = self.site.thank_you_of.get(note.rel_path)
        if isinstance(note.thank_you, date):
            steps.append(f"<li>{_time(note.thank_you)} thank-you sent</li>")
        elif note.thank_you == SKIPPED:
            steps.append("<li>thank-you skipped</li>")
        elif due is not None:
            steps.append(f'<li class="cc-due">{_time(due.due)} thank-you due {_when(due)}</li>')
        steps += [f"<li>{_time(c.date)} check-in{': ' + e(c.note) if c.note else ''}</li>"
                  for c in sorted(note.check_ins, key=lambda c: c.date)]
        if contact.latest is note:
            next_date = self.site.next_of.get(contact.key)
            steps.append(f'<li class="cc-due">{_time(next_date)} next check-in</li>' if next_date
                         else "<li>no check-in planned</li>")
        elif contact.latest is not None:
            latest = self._note(note.rel_path, contact.latest, "the latest conversation")
            steps.append(f"<li>later: {latest}</li>")
        return steps
