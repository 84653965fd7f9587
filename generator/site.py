"""What the site shows, computed once from the public notes: contacts, companies, agenda."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .followup import build_agenda, contact_key, group_contacts, next_check_in, unique_slug
from .model import AgendaItem, Contact, Kind, Note, Options, Page, Status

#: Source paths of the pages the site generates.
HOME = "index.md"
UPCOMING = "upcoming/index.md"
PEOPLE = "people/index.md"
COMPANIES = "companies/index.md"
TAGS = "tags.md"
CALENDAR = "calendar.ics"


@dataclass(frozen=True)
class Company:
    key: str
    slug: str
    name: str  # as spelled in its latest note
    notes: tuple[Note, ...]  # newest first
    contacts: tuple[Contact, ...]


@dataclass
class Site:
    """The public notebook, ready to render; private notes never get here."""

    today: date
    options: Options
    notes: list[Note]  # newest first
    pages: list[Page]
    contacts: list[Contact]
    companies: list[Company]
    agenda: list[AgendaItem]
    contact_of: dict[str, Contact] = field(default_factory=dict)  # by note rel_path
    company_of: dict[str, Company] = field(default_factory=dict)  # by note rel_path
    next_of: dict[str, date | None] = field(default_factory=dict)  # by contact slug
    items_of: dict[str, list[AgendaItem]] = field(default_factory=dict)  # by contact slug
    thank_you_of: dict[str, AgendaItem] = field(default_factory=dict)  # by note rel_path

    def person_page(self, contact: Contact) -> str:
        return f"people/{contact.slug}.md"

    def company_page(self, company: Company) -> str:
        return f"companies/{company.slug}.md"

    def items_for(self, contact: Contact) -> list[AgendaItem]:
        return self.items_of.get(contact.slug, [])


def build_site(notes: list[Note], pages: list[Page], today: date, options: Options) -> Site:
    """The site model of the notes that are not private."""
    public = sorted((n for n in notes if not n.private), key=lambda n: (n.date, n.rel_path),
                    reverse=True)
    contacts = group_contacts(public)
    site = Site(today, options, public, sorted(pages, key=lambda p: p.rel_path), contacts,
                _companies(public, contacts), build_agenda(public, today, options))
    for contact in contacts:
        site.next_of[contact.slug] = next_check_in(contact, options)
        for note in contact.notes:
            site.contact_of[note.rel_path] = contact
    for company in site.companies:
        for note in company.notes:
            site.company_of[note.rel_path] = company
    for item in site.agenda:
        site.items_of.setdefault(item.contact_slug, []).append(item)
        if item.kind is Kind.THANK_YOU:
            site.thank_you_of[item.note.rel_path] = item
    return site


def _companies(notes: list[Note], contacts: list[Contact]) -> list[Company]:
    by_key: dict[str, list[Note]] = {}
    for note in notes:  # newest first
        by_key.setdefault(contact_key(note.company), []).append(note)
    contact_by_key = {c.key: c for c in contacts}
    result: list[Company] = []
    taken: set[str] = set()
    for key in sorted(by_key):
        company_notes = tuple(by_key[key])
        done = [n for n in company_notes if n.status is Status.DONE]
        name = (done or list(company_notes))[0].company
        slug = unique_slug(key, taken)
        people = {contact_key(n.person) for n in company_notes}
        result.append(Company(key, slug, name, company_notes,
                              tuple(contact_by_key[k] for k in sorted(people))))
    return result
