"""What the site shows, computed once from the public notes: contacts, companies, agenda."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..core.contacts import contact_key, group_companies, group_contacts
from ..core.followup import build_agenda, next_check_in
from ..core.model import AgendaItem, Company, Contact, Kind, Note, Page, Response, Target
from ..core.options import Options
from ..core.outreach import TargetRow, index_by_company, rank_targets, response_class
from ..core.pages import company_page, person_page
from ..core.referrals import Graph, referral_graph


@dataclass
class SiteModel:
    """The public notebook, ready to render; private notes never get here."""

    today: date
    options: Options
    notes: list[Note]  # newest first
    pages: list[Page]
    contacts: list[Contact]
    companies: list[Company]
    agenda: list[AgendaItem]
    targets: list[TargetRow] = field(default_factory=list)  # every company, in LAMP order
    contact_of: dict[str, Contact] = field(default_factory=dict)  # by note rel_path
    company_of: dict[str, Company] = field(default_factory=dict)  # by note rel_path
    next_of: dict[str, date | None] = field(default_factory=dict)  # by contact key
    items_of: dict[str, list[AgendaItem]] = field(default_factory=dict)  # by contact key
    items_at: dict[str, list[AgendaItem]] = field(default_factory=dict)  # by company key
    thank_you_of: dict[str, AgendaItem] = field(default_factory=dict)  # by note rel_path
    contact_by_key: dict[str, Contact] = field(default_factory=dict)
    company_by_key: dict[str, Company] = field(default_factory=dict)
    graph: Graph = field(default_factory=lambda: Graph({}, []))  # who introduced whom
    response_of: dict[str, Response] = field(default_factory=dict)  # by note rel_path
    row_of: dict[str, TargetRow] = field(default_factory=dict)  # by company key

    def person_page(self, contact: Contact) -> str:
        return person_page(contact.slug)

    def company_page(self, company: Company) -> str:
        return company_page(company.slug)

    def items_for(self, contact: Contact) -> list[AgendaItem]:
        return self.items_of.get(contact.key, [])


def build_site_model(notes: list[Note], pages: list[Page], today: date, options: Options,
                     targets: list[Target] | None = None) -> SiteModel:
    """The site model of the notes and target companies that are not private."""
    public = sorted((n for n in notes if not n.private), key=lambda n: (n.date, n.rel_path),
                    reverse=True)
    files = [t for t in targets or () if not t.private]
    contacts = group_contacts(public)
    index = index_by_company(public, files)
    agenda = build_agenda(public, today, options, targets=files, companies=index)
    site = SiteModel(today, options, public, sorted(pages, key=lambda p: p.rel_path), contacts,
                     group_companies(public, contacts, files), agenda,
                     rank_targets(public, files, agenda, options, today, index))
    site.row_of = {row.key: row for row in site.targets}
    site.graph = referral_graph(public, {c.key: c.name for c in contacts})
    for note in public:
        if (response := response_class(note, today, options)) is not None:
            site.response_of[note.rel_path] = response
    for contact in contacts:
        site.contact_by_key[contact.key] = contact
        site.next_of[contact.key] = next_check_in(contact, options)
        for note in contact.notes:
            site.contact_of[note.rel_path] = contact
    for company in site.companies:
        site.company_by_key[company.key] = company
        for note in company.notes:
            site.company_of[note.rel_path] = company
    for item in site.agenda:
        site.items_of.setdefault(item.contact_key, []).append(item)
        site.items_at.setdefault(contact_key(item.company), []).append(item)
        if item.kind is Kind.THANK_YOU:
            site.thank_you_of[item.note.rel_path] = item
    return site
