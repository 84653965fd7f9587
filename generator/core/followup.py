"""The follow-up rules of SPEC §3 (thank-yous, check-ins, confirmations) and the agenda
that gathers every rule's items (SPEC §8's outreach rules are in `core.outreach`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta

from .contacts import contact_key, group_contacts, latest_done
from .days import add_business_days, bucket_for, roll_forward
from .model import AgendaItem, Cadence, Contact, Kind, Note, Status, Target
from .options import Options
from .outreach import CompanyNotes, dropped_companies, index_by_company, outreach_due
from .referrals import suggested

_KIND_ORDER = {kind: i for i, kind in enumerate(Kind)}


def add_cadence(day: date, cadence: Cadence) -> date:
    """`day` plus the cadence, in calendar months clamped to the month's end where in months."""
    return day + relativedelta(months=cadence.months, days=cadence.days)


def last_contact(contact: Contact) -> date | None:
    """The latest of its done conversations and all check-ins logged in any of its notes."""
    dates = [n.date for n in contact.notes if n.status is Status.DONE]
    dates += [c.date for n in contact.notes for c in n.check_ins]
    return max(dates, default=None) if contact.latest else None


def contact_cadence(contact: Contact, default: Cadence) -> Cadence:
    """The cadence of its latest done note that sets one, else the default."""
    setting = latest_done(n for n in contact.notes if n.cadence is not None)
    return setting.cadence if setting is not None and setting.cadence else default


def next_check_in(contact: Contact, options: Options) -> date | None:
    """The contact's one next check-in, or None (no done conversation, or cadence none)."""
    latest, last = contact.latest, last_contact(contact)
    if latest is None or last is None:
        return None
    if latest.next is not None and latest.next > last:
        return latest.next  # an agreed date is kept as written
    cadence = contact_cadence(contact, options.cadence)
    if cadence.is_none:
        return None
    return roll_forward(add_cadence(last, cadence), options.holidays, options.calendar)


def thank_you_due(note: Note, options: Options) -> date | None:
    """When the thank-you for a done note is due, or None when it was sent or skipped."""
    if note.status is not Status.DONE or note.thank_you is not None:
        return None
    return add_business_days(note.date, options.thank_you_days, options.holidays,
                             options.calendar)


def _item(kind: Kind, contact: Contact, note: Note, due: date, today: date,
          next_lead: str | None = None) -> AgendaItem:
    person = contact.name if kind is Kind.CHECK_IN else note.person
    return AgendaItem(kind, person, note.company, due, bucket_for(due, today),
                      (due - today).days, note.path, note, contact.key, last_contact(contact),
                      next_lead)


def build_agenda(notes: Iterable[Note], today: date, options: Options, *,
                 targets: Iterable[Target] = (),
                 companies: dict[str, CompanyNotes] | None = None) -> list[AgendaItem]:
    """Every item of every rule, most urgent first: thank-yous, past planned chats to
    confirm, outreach (SPEC §8), people suggested in a conversation (§9), check-ins and
    interviews. `targets`: the target files (a dropped company has no outreach items);
    `companies`: the notes indexed by company with those targets, when the caller has
    them already."""
    notes = list(notes)
    targets = list(targets)
    companies = companies if companies is not None else index_by_company(notes, targets)
    dropped = dropped_companies(targets)
    items: list[AgendaItem] = []
    for contact in group_contacts(notes):
        for note in contact.notes:
            due = thank_you_due(note, options)
            if due is not None:
                items.append(_item(Kind.THANK_YOU, contact, note, due, today))
            if note.status is Status.PLANNED:  # ahead: an interview; past: did it happen?
                kind = Kind.INTERVIEW if note.date >= today else Kind.CONFIRM
                items.append(_item(kind, contact, note, note.date, today))
            elif note.status in (Status.LEAD, Status.ASKED):
                at = companies[contact_key(note.company)]
                items += [_item(d.kind, contact, note, d.due, today, d.next_lead)
                          for d in outreach_due(note, at, options)]
        check_in = next_check_in(contact, options)
        if check_in is not None and contact.latest is not None:
            items.append(_item(Kind.CHECK_IN, contact, contact.latest, check_in, today))
    for s in suggested(notes, options):  # people suggested in a conversation, with no note
        if s.referral.company and contact_key(s.referral.company) in dropped:
            continue
        items.append(AgendaItem(
            Kind.REACH_OUT, s.referral.person, s.referral.company or "", s.due,
            bucket_for(s.due, today), (s.due - today).days, s.note.path, s.note,
            contact_key(s.referral.person), referred_by=s.note.person))
    items.sort(key=lambda i: (i.due, _KIND_ORDER[i.kind], contact_key(i.person), i.path))
    return items


def within(items: Iterable[AgendaItem], days: int | None) -> list[AgendaItem]:
    """Overdue items and those due within `days` (None: all)."""
    return [i for i in items if days is None or i.days <= days]
