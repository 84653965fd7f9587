"""Referrals (SPEC §9): whom a conversation suggested you talk to next, the `reach-out`
items for those without a note yet, and the graph of who introduced whom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .contacts import contact_key
from .days import add_business_days
from .model import Note, Referral, Status
from .options import Options


@dataclass(frozen=True)
class Suggested:
    """A person suggested in a conversation who has no note yet: someone to reach out to."""

    referral: Referral
    note: Note  # the conversation that named them (the earliest, when several did)
    due: date  # that conversation's thank-you day


def suggested(notes: Iterable[Note], options: Options) -> list[Suggested]:
    """One item per person suggested in a done conversation who has no note at all, from
    the earliest conversation that named them (by date, then path)."""
    notes = list(notes)
    known = {contact_key(n.person) for n in notes}
    first: dict[str, tuple[Note, Referral]] = {}
    for note in sorted(notes, key=lambda n: (n.date, n.rel_path)):
        if note.status is not Status.DONE:
            continue
        for referral in note.referrals:
            key = contact_key(referral.person)
            if key not in known:
                first.setdefault(key, (note, referral))
    return [Suggested(referral, note, add_business_days(
        note.date, options.thank_you_days, options.holidays, options.calendar))
        for note, referral in first.values()]


def referrer_of(notes: Iterable[Note], person: str) -> tuple[Note, Referral] | None:
    """The earliest done conversation that suggested `person`, with its referral (what
    `new PERSON` fills in from)."""
    key = contact_key(person)
    named = [(n, r) for n in notes if n.status is Status.DONE for r in n.referrals
             if contact_key(r.person) == key]
    return min(named, key=lambda pair: (pair[0].date, pair[0].rel_path), default=None)


@dataclass(frozen=True)
class Edge:
    """A introduced B: B's note says `referred_by: A`, or A's note lists B in `referrals`."""

    source: str  # A's key
    target: str  # B's key


@dataclass(frozen=True)
class Graph:
    names: dict[str, str]  # key → the name to show
    edges: list[Edge]  # in order, no duplicates

    def introduced(self, key: str) -> list[str]:
        return [e.target for e in self.edges if e.source == key]

    def introducers(self, key: str) -> list[str]:
        return [e.source for e in self.edges if e.target == key]


def referral_graph(notes: Iterable[Note], names: dict[str, str] | None = None) -> Graph:
    """Who introduced whom among these notes (pass the public ones for the site). A person
    is named as `names` has them (their contact's name), else as first written."""
    shown = dict(names or {})
    edges: dict[tuple[str, str], None] = {}

    def node(name: str) -> str:
        key = contact_key(name)
        shown.setdefault(key, name.strip())
        return key

    for note in sorted(notes, key=lambda n: n.rel_path):
        me = node(note.person)
        if note.referred_by:
            edges.setdefault((node(note.referred_by), me))
        for referral in note.referrals:
            edges.setdefault((me, node(referral.person)))
    pairs = sorted((a, b) for a, b in edges if a != b)
    used = {key for pair in pairs for key in pair}
    return Graph({k: v for k, v in shown.items() if k in used},
                 [Edge(a, b) for a, b in pairs])
