"""SPEC §5 as amended, for a month in the pipeline: `new` knows the people `log` knows and
books their open note; `log --cancelled` closes any open note, `--done` only a chat that
has happened; `log` is safe to repeat."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import TODAY, Book, note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.core.choose import Booking, Creation, plan_new
from generator.core.contacts import contact_key
from generator.core.notebook import load_notebook
from generator.core.options import parse_options
from generator.files.store import find_sources

DAY = date.fromisoformat(TODAY)
NAMES = ["Diego Alvarez", "Diego Ramos", "Sofía Núñez", "Hiro Tanaka", "Ana Maria Costa"]


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- new finds people as log does ------------------------------------------------------------

@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(known=st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True),
       who=st.sampled_from(NAMES), words=st.sets(st.integers(0, 2), min_size=1),
       upper=st.booleans())
def test_new_names_the_person_log_would_find(
        tmp_path_factory: pytest.TempPathFactory, known: list[str], who: str, words: set[int],
        upper: bool) -> None:
    book = Book(tmp_path_factory.mktemp("names"))
    (book.notes).mkdir()
    for i, name in enumerate(known):
        book.write(f"n{i}.md", note(person=name, company=f"Co {i}", date="2026-10-01",
                                    extra="status: done"))
    parts = who.split()
    query = " ".join(parts[i] for i in sorted(words) if i < len(parts)) or parts[0]
    query = query.upper() if upper else query
    fits = [n for n in known if all(w in contact_key(n).split()
                                    for w in contact_key(query).split())]
    exact = [n for n in known if contact_key(n) == contact_key(query)]
    loaded = load_notebook(find_sources(str(book.notes)), DAY, parse_options(None))
    with _inside(book.root):
        result = book.run("new", query, "--company", "Zeta Labs", "--date", "2026-12-10")
    if len(fits) > 1 and not exact:
        assert result.exit_code == 1 and "could be any of" in result.output
        for name in fits:
            assert name in result.output
        assert len(list(book.notes.iterdir())) == len(known)
        return
    assert result.exit_code == 0, result.output
    written = (book.root / result.stdout.strip()).read_text()
    person = exact[0] if exact else fits[0] if fits else query
    shown = query.strip() if exact else person
    assert f"\nperson: {shown}\n" in written
    plan = plan_new(loaded.notes, query, "Zeta Labs", date(2026, 12, 10), DAY)
    assert isinstance(plan, Creation) and plan.person == shown


def test_new_with_a_first_name_books_the_open_note_and_takes_its_company(book: Book) -> None:
    book.write("2026-11-20-diego-alvarez-orbit-payments.md", note(
        person="Diego Alvarez", company="Orbit Payments", date="2026-11-20", extra="""
        status: asked
        outreach:
          sent: 2026-11-20
        """))
    result = book.run("new", "Diego", "--date", "2026-12-03")
    assert result.exit_code == 0, result.output
    assert result.stdout == "notes/2026-12-03-diego-alvarez-orbit-payments.md\n"
    assert "is now planned on Thu 2026-12-03" in result.stderr
    assert [p.name for p in book.notes.iterdir()] == [
        "2026-12-03-diego-alvarez-orbit-payments.md"]
    text = (book.notes / "2026-12-03-diego-alvarez-orbit-payments.md").read_text()
    assert "\ncompany: Orbit Payments\ndate: 2026-12-03\nstatus: planned\n" in text
    assert "\nprep:" in text and "  why:" in text
    assert book.run("check").exit_code == 0


def test_another_company_than_the_open_notes_is_refused_naming_both(book: Book) -> None:
    book.write("sofia.md", note(person="Sofía Núñez", company="Northwind Learning",
                                extra="status: asked\noutreach:\n  sent: 2026-11-20"))
    before = _snapshot(book.notes)
    result = book.run("new", "Sofía Núñez", "--company", "Northwind")
    assert result.exit_code == 1
    assert "open note is at Northwind Learning" in result.output
    assert "not at Northwind:" in result.output
    assert _snapshot(book.notes) == before


def test_a_second_chat_while_one_is_planned_there_is_refused(book: Book) -> None:
    book.write("hiro.md", note(person="Hiro Tanaka", company="Kite", date="2026-12-01",
                               extra="status: planned"))
    before = _snapshot(book.notes)
    result = book.run("new", "Hiro", "--company", "kite", "--date", "2026-12-08")
    assert result.exit_code == 1
    assert result.output == ("Error: a conversation with Hiro Tanaka at Kite is planned on "
                             "2026-12-01 already (notes/hiro.md): to move it, edit its date\n")
    assert _snapshot(book.notes) == before
    # at another company, or once that one is past, a new chat is a new note
    assert book.run("new", "Hiro", "--company", "Lumen", "--date", "2026-12-08").exit_code == 0


@pytest.mark.parametrize(("name", "renamed"), [
    ("2026-11-20-kim-park-acme.md", "2026-12-03-kim-park-acme.md"),
    ("2026-12-03-kim-park-acme.md", "2026-12-03-kim-park-acme.md"),  # already that day
    ("kim.md", "kim.md"),  # no date in front: kept
    ("2026-13-01-kim.md", "2026-13-01-kim.md"),  # not a date
    ("sub/2026-11-20-kim.md", "sub/2026-12-03-kim.md"),  # in its own folder
])
def test_a_booked_note_is_renamed_to_its_day_in_its_own_folder(
        book: Book, name: str, renamed: str) -> None:
    book.write(name, note(person="Kim Park", company="Acme", extra="status: lead"))
    result = book.run("new", "Kim Park", "--date", "2026-12-03")
    assert result.stdout == f"notes/{renamed}\n"
    assert sorted(str(p.relative_to(book.notes)) for p in book.notes.rglob("*.md")) == [renamed]


def test_a_booked_note_is_not_renamed_over_another_file(book: Book) -> None:
    book.write("2026-11-20-kim.md", note(person="Kim Park", company="Acme", extra="status: lead"))
    other = book.write("2026-12-03-kim.md", "---\nkind: page\n---\nmine\n")
    before = _snapshot(book.notes)
    result = book.run("new", "Kim Park", "--date", "2026-12-03")
    assert result.exit_code == 1 and "exists already" in result.output
    assert _snapshot(book.notes) == before and other.read_text() == "---\nkind: page\n---\nmine\n"


def test_plan_new_decides_without_files() -> None:
    """The decision on its own (the core), for the three cases."""
    from generator.core.model import Note, Outreach, Status

    lead = Note("n/a.md", "a.md", "Kim Park", "Acme", date(2026, 11, 20), Status.LEAD)
    asked = Note("n/b.md", "2026-11-21-b.md", "Kim Park", "Lumen", date(2026, 11, 21),
                 Status.ASKED, outreach=Outreach(date(2026, 11, 21)))
    assert plan_new([lead, asked], "kim", None, date(2026, 12, 3), DAY) == Booking(
        asked, "2026-12-03-b.md")  # the asked thread before the lead
    assert plan_new([lead, asked], "Kim Park", "ACME", date(2026, 12, 3), DAY) == Booking(
        lead, None)
    assert plan_new([lead], "Lee Ames", None, DAY, DAY) == Creation("Lee Ames", None)


# --- log --cancelled and --done ------------------------------------------------------------

OPEN = st.lists(st.tuples(st.sampled_from(["lead", "asked", "planned", "done", "cancelled"]),
                          st.integers(-6, 6)), min_size=1, max_size=5)


def _expected_cancel(notes: list[tuple[str, int]]) -> int | None:
    """SPEC §5 written out: the planned one nearest to today (a past one first), else the
    asked one, else the lead; None when there is none or two of the same kind tie."""
    planned = [(abs(d), d > 0, i) for i, (s, d) in enumerate(notes) if s == "planned"]
    if planned:
        best = min(planned)[:2]
        tied = [i for a, b, i in planned if (a, b) == best]
        return tied[0] if len(tied) == 1 else None
    for status in ("asked", "lead"):
        found = [i for i, (s, _) in enumerate(notes) if s == status]
        if found:
            return found[0] if len(found) == 1 else None
    return None


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=OPEN)
def test_cancelled_closes_the_open_note_the_spec_names(
        tmp_path_factory: pytest.TempPathFactory, notes: list[tuple[str, int]]) -> None:
    root = tmp_path_factory.mktemp("cancel")
    book = Book(root)
    book.notes.mkdir()
    for i, (status, days) in enumerate(notes):
        when = DAY + timedelta(days=min(days, 0) if status == "done" else days)
        extra = f"status: {status}" + ("\noutreach:\n  sent: 2026-11-01" * (status == "asked"))
        book.write(f"n{i}.md", note(person="Kim Park", company=f"Co {i}", date=str(when),
                                    extra=extra))
    before = _snapshot(book.notes)
    with _inside(root):
        result = book.run("log", "Kim", "--cancelled")
    wanted = _expected_cancel(notes)
    after = _snapshot(book.notes)
    if wanted is None:
        assert result.exit_code == 1 and after == before, result.output
        return
    assert result.exit_code == 0, result.output
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [f"n{wanted}.md"]
    assert after[changed[0]] == before[changed[0]].replace(
        f"status: {notes[wanted][0]}".encode(), b"status: cancelled")


def test_a_future_chat_is_cancelled_and_never_marked_done(book: Book) -> None:
    path = book.write("a.md", note(date="2026-12-02", extra="status: planned"))
    done = book.run("log", "Jane", "--done")
    assert done.exit_code == 1 and "after 2026-11-26: mark it done once it has happened" in (
        done.output)
    result = book.run("log", "Jane", "--cancelled")
    assert result.output == "notes/a.md: marked cancelled (it was planned)\n"
    assert "status: cancelled" in path.read_text()
    assert "interview" not in book.run("due", "--format", "json").output


def test_done_late_says_the_thank_you_is_overdue(book: Book) -> None:
    book.write("a.md", note(date="2026-11-23", extra="status: planned"))  # a Monday
    result = book.run("log", "Jane", "--done")
    assert result.output == ("notes/a.md: marked done; thank-you due Tue 2026-11-24 (2 days "
                             "overdue, then: coffeechat log Jane --thank-you)\n")


def test_done_on_the_day_says_when_the_thank_you_is_due(book: Book) -> None:
    book.write("a.md", note(date="2026-11-26", extra="status: planned"))
    result = book.run("log", "Jane", "--done", today="2026-11-26")
    assert result.output == ("notes/a.md: marked done; thank-you due Fri 2026-11-27 (then: "
                             "coffeechat log Jane --thank-you)\n")


# --- log is safe to repeat ---------------------------------------------------------------------

@pytest.mark.parametrize("args", [[], ["--note", "Sent the article"],
                                  ["--date", "2026-11-24", "--note", "Coffee again"]])
def test_the_same_check_in_twice_is_recorded_once(book: Book, args: list[str]) -> None:
    book.write("a.md", note(extra="status: done"))
    book.write("b.md", note(date="2026-10-01", extra="status: done"))
    assert book.run("log", "Jane", *args).exit_code == 0
    once = _snapshot(book.notes)
    again = book.run("log", "Jane", *args)
    assert again.exit_code == 1
    assert "is already recorded in notes/a.md: nothing was written" in again.output
    assert _snapshot(book.notes) == once
    # another note the same day is another check-in
    day = args[args.index("--date"):args.index("--date") + 2] if "--date" in args else []
    assert book.run("log", "Jane", *day, "--note", "Something else").exit_code == 0


def test_cli_new_help_says_it_finds_people_as_log_does() -> None:
    from click.testing import CliRunner

    text = CliRunner().invoke(cli, ["new", "--help"]).output
    assert "found as `log` finds" in text or "as `log` finds them" in text


# --- one calendar ------------------------------------------------------------------------------

def test_the_ics_holds_every_item_unless_within_is_given(book: Book) -> None:
    import icalendar

    book.write("a.md", note(date="2026-11-20", extra="status: done\nfollow_up:\n"
                                                     "  thank_you: 2026-11-21"))
    book.write("b.md", note(person="Kim Park", date="2027-03-01", extra="status: planned"))

    def days(*args: str) -> list[str]:
        data = book.run("due", "--format", "ics", *args).stdout_bytes
        return sorted(e.decoded("dtstart").isoformat()
                      for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))

    # a check-in three months on and a chat in March: both beyond 30 days
    assert days() == ["2027-02-22", "2027-03-01"]
    assert days("--within", "all") == days()
    assert days("--within", "30") == []
    assert days("--within", "90") == ["2027-02-22"]
    text = book.run("due").output  # text keeps its 30 days
    assert "(overdue and due within 30 days)" in text and "Kim Park" not in text


def test_a_window_of_one_day_is_one_day(book: Book) -> None:
    assert "(overdue and due within 1 day)" in book.run("due", "--within", "1").output


def test_import_of_a_missing_file_is_a_usage_error(book: Book) -> None:
    result = book.run("import", "Connections.csv")
    assert result.exit_code == 2
    assert "'Connections.csv' does not exist" in result.output


def test_a_booked_note_is_renamed_where_hard_links_fail(book: Book,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """On a filesystem without hard links (exFAT, SMB) the booking still renames its file,
    never over another one. (The link is refused here as such a filesystem refuses it.)"""
    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    book.write("2026-11-20-kim.md", note(person="Kim Park", company="Acme",
                                         extra="status: lead"))
    monkeypatch.setattr(os, "link", no_links)
    result = book.run("new", "Kim Park", "--date", "2026-12-03")
    assert result.exit_code == 0, result.output
    assert [p.name for p in book.notes.iterdir()] == ["2026-12-03-kim.md"]
