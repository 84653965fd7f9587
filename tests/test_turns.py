"""SPEC §8 as amended: leads take turns, one company contact at a time, and a dropped
company has no outreach items at all. Properties over any mix of notes at a company."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import Book, note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.contacts import contact_key
from generator.core.followup import build_agenda
from generator.core.model import Kind, Status
from generator.core.notebook import load_notebook
from generator.core.options import parse_options
from generator.files.store import find_sources

TODAY = date(2026, 11, 26)
OUTREACH = {Kind.REACH_OUT, Kind.TRY_ANOTHER, Kind.FOLLOW_UP, Kind.SCHEDULE}
COMPANIES = ["Acme Robotics", "ACME  robotics", "Lumen Energy"]


def _note(i: int, status: str, company: str, day: int, replied: bool) -> tuple[str, str]:
    when = (TODAY + timedelta(days=day)).isoformat()
    sent = (TODAY + timedelta(days=min(day, 0) - 3)).isoformat()
    extra = f"status: {status}"
    if status != "lead" and (status == "asked" or i % 2):
        extra += f"\noutreach:\n  sent: {sent}"
        if replied:
            extra += f"\n  replied: {sent}"
    if status == "done":
        when = min(when, TODAY.isoformat())
    return f"n{i:02d}.md", note(person=f"Person {i}", company=company, date=when, extra=extra)


NOTES = st.lists(st.tuples(st.sampled_from(["lead", "lead", "asked", "planned", "done",
                                            "cancelled"]),
                           st.sampled_from(COMPANIES), st.integers(-20, 20), st.booleans()),
                 min_size=1, max_size=8)


def _agenda(book: Book, dropped: bool):  # type: ignore[no-untyped-def]
    book.write("t/acme.md", "---\nkind: company\ncompany: Acme Robotics\nstatus: "
               f"{'dropped' if dropped else 'active'}\n---\n")
    loaded = load_notebook(find_sources(str(book.notes)), TODAY, parse_options(None))
    assert loaded.errors == 0, loaded.problems
    return loaded, build_agenda(loaded.notes, TODAY, parse_options(None),
                                targets=loaded.targets)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=NOTES)
def test_leads_take_turns_one_company_contact_at_a_time(
        tmp_path_factory: pytest.TempPathFactory, notes: list[tuple[str, str, int, bool]]) -> None:
    book = Book(tmp_path_factory.mktemp("turns"))
    for i, spec in enumerate(notes):
        book.write(*_note(i, *spec))
    loaded, items = _agenda(book, dropped=False)
    for key in {contact_key(c) for c in COMPANIES}:
        here = [n for n in loaded.notes if contact_key(n.company) == key]
        leads = sorted((n for n in here if n.status is Status.LEAD),
                       key=lambda n: (n.date, n.rel_path))
        busy = any(n.status in (Status.ASKED, Status.PLANNED) for n in here)
        reach = [i for i in items if i.kind is Kind.REACH_OUT and contact_key(i.company) == key]
        # one reach-out at most, the first lead's, on its own date, and only while no thread
        # there is open
        assert [(i.path, i.due) for i in reach] == (
            [] if busy or not leads else [(leads[0].path, leads[0].date)])
        for item in items:
            if item.kind is Kind.TRY_ANOTHER and contact_key(item.company) == key:
                assert item.next_lead == (leads[0].person if leads else None)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=NOTES)
def test_a_dropped_company_has_no_outreach_items_and_keeps_the_rest(
        tmp_path_factory: pytest.TempPathFactory, notes: list[tuple[str, str, int, bool]]) -> None:
    book = Book(tmp_path_factory.mktemp("dropped"))
    for i, spec in enumerate(notes):
        book.write(*_note(i, *spec))
    _, active = _agenda(book, dropped=False)
    _, dropped = _agenda(book, dropped=True)
    acme = contact_key("Acme Robotics")

    def mine(item) -> bool:  # type: ignore[no-untyped-def]
        return contact_key(item.company) == acme

    assert not [i for i in dropped if mine(i) and i.kind in OUTREACH]
    kept = [(i.kind, i.path, i.due) for i in active if not (mine(i) and i.kind in OUTREACH)]
    assert [(i.kind, i.path, i.due) for i in dropped] == kept


def test_after_the_first_lead_is_written_to_the_second_waits(book: Book) -> None:
    """What `import --add` followed by `reach` did: three leads all due at once, and the
    second overdue at once after the first was written to."""
    for name in ("Ana Lima", "Ben Otto", "Cy Park"):
        book.write(f"{name.split()[0].lower()}.md", note(person=name, date="2026-11-26",
                                                         extra="status: lead"))
    due = book.run("due", "--format", "json")
    items = [(i["kind"], i["person"]) for i in json.loads(due.output)["items"]]
    assert items == [("reach-out", "Ana Lima")]
    assert book.run("reach", "Ana Lima").exit_code == 0
    items = [(i["kind"], i["person"]) for i in json.loads(
        book.run("due", "--format", "json", "--within", "all").output)["items"]]
    assert items == [("try-another", "Ana Lima"), ("follow-up", "Ana Lima")]
    text = book.run("due", today="2026-12-02").output
    assert "write to the next contact at Acme Robotics: Ben Otto" in text
    assert "reach-out" not in text
