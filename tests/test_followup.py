"""SPEC §3, rule by rule, with concrete dates."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from conftest import Book, note

from generator.core.contacts import contact_key, group_contacts, slugify
from generator.core.days import add_business_days, bucket_for, roll_forward
from generator.core.followup import add_cadence, build_agenda
from generator.core.grammar import parse_cadence
from generator.core.model import Cadence
from generator.core.notebook import load_notebook
from generator.core.options import Options, parse_options
from generator.files.store import find_sources

TODAY = date(2026, 11, 26)


def agenda(book: Book, today: date = TODAY, **options: object) -> list[tuple[str, str, str]]:
    opts = parse_options(options or None)
    loaded = load_notebook(find_sources(str(book.notes)), today, opts)
    assert loaded.errors == 0, loaded.problems
    return [(str(i.kind), i.person, i.due.isoformat())
            for i in build_agenda(loaded.notes, today, opts)]


# --- contacts -------------------------------------------------------------------------------

def test_contact_key_ignores_case_accents_and_runs_of_space() -> None:
    assert contact_key(" jane   DOÉ ") == contact_key("Jane Doe")
    assert contact_key("JaneDoe") != contact_key("Jane Doe")
    assert contact_key("Zoë\tAnn") == contact_key("zoe ann")


def test_slug_keeps_letters_of_any_script() -> None:
    assert slugify(" Jane  Doé ") == "jane-doe"
    assert slugify("李小龍") == "李小龍"
    assert slugify("<script>") == "script"


def test_notes_of_one_person_are_one_contact_named_as_in_the_latest(book: Book) -> None:
    book.write("a.md", note(person="jane doe", date="2026-03-02"))
    book.write("b.md", note(person=" Jane   DOÉ ", date="2026-06-01"))
    book.write("c.md", note(person="JaneDoe", date="2026-06-01"))
    loaded = load_notebook(find_sources(str(book.notes)), TODAY, Options())
    contacts = group_contacts(loaded.notes)
    assert [(c.name, c.slug, len(c.notes)) for c in contacts] == [
        ("Jane   DOÉ", "jane-doe", 2), ("JaneDoe", "janedoe", 1)]


def test_same_date_tie_goes_to_the_first_path(book: Book) -> None:
    book.write("b.md", note(person="Jane Doe", company="Second", date="2026-06-01"))
    book.write("a.md", note(person="jane doe", company="First", date="2026-06-01"))
    loaded = load_notebook(find_sources(str(book.notes)), TODAY, Options())
    (contact,) = group_contacts(loaded.notes)
    assert contact.latest is not None and contact.latest.company == "First"
    assert contact.name == "jane doe"


def _slugs(book: Book) -> dict[str, str]:
    loaded = load_notebook(find_sources(str(book.notes)), TODAY, Options())
    return {c.name: c.slug for c in group_contacts(loaded.notes)}


def _suffix(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:6]


def test_slugs_that_collide_get_a_suffix_from_their_own_key(book: Book) -> None:
    book.write("a.md", note(person="Jane-Doe"))
    assert _slugs(book) == {"Jane-Doe": "jane-doe"}
    book.write("b.md", note(person="Jane Doe", date="2026-11-19"))
    # the name that reads as the slug keeps it; the other's suffix depends on it alone
    assert _slugs(book) == {"Jane Doe": "jane-doe", "Jane-Doe": f"jane-doe-{_suffix('jane-doe')}"}
    book.write("c.md", note(person="Jane_Doe", date="2026-11-18"))  # a slug of its own
    book.write("d.md", note(person="JANE.DOE", date="2026-11-17"))
    assert _slugs(book) == {"Jane Doe": "jane-doe", "Jane-Doe": f"jane-doe-{_suffix('jane-doe')}",
                            "Jane_Doe": "jane_doe", "JANE.DOE": f"jane-doe-{_suffix('jane.doe')}"}


@pytest.mark.parametrize("name", ["Index", "INDEX", "con", "Nul"])
def test_reserved_names_never_take_a_folder_index(book: Book, name: str) -> None:
    book.write("a.md", note(person=name))
    slug = _slugs(book)[name]
    assert slug == f"{name.lower()}-{_suffix(name.lower())}"


def test_long_names_give_short_slugs() -> None:
    assert len(slugify("Ö" * 300).encode()) <= 80
    assert slugify("a" * 300) == "a" * 80


# --- business days --------------------------------------------------------------------------

def test_friday_chat_thank_you_due_monday() -> None:
    assert add_business_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert add_business_days(date(2026, 11, 20), 2) == date(2026, 11, 24)
    assert add_business_days(date(2026, 11, 21), 0) == date(2026, 11, 23)  # Saturday, rolled


def test_public_holidays_are_not_business_days() -> None:
    wednesday = date(2026, 11, 25)  # the day before US Thanksgiving
    assert add_business_days(wednesday, 1) == date(2026, 11, 26)
    assert add_business_days(wednesday, 1, "US") == date(2026, 11, 27)
    assert roll_forward(date(2026, 12, 25), "GB") == date(2026, 12, 29)  # Christmas, Boxing Day
    assert roll_forward(date(2026, 12, 25)) == date(2026, 12, 25)


def test_thank_you_due_the_next_business_day_unless_sent_or_skipped(book: Book) -> None:
    book.write("fri.md", note(person="Fri Day", date="2026-11-20"))
    book.write("sent.md", note(person="Sent", extra="follow_up:\n  thank_you: 2026-11-21"))
    book.write("skip.md", note(person="Skip", extra="follow_up:\n  thank_you: skipped"))
    thanks = [i for i in agenda(book) if i[0] == "thank-you"]
    assert thanks == [("thank-you", "Fri Day", "2026-11-23")]


def test_thank_you_days_and_holidays_options(book: Book) -> None:
    book.write("wed.md", note(date="2026-11-25", extra="follow_up:\n  cadence: none"))
    assert agenda(book, thank_you_days=2, holidays="US") == [
        ("thank-you", "Jane Doe", "2026-11-30")]


# --- cadence arithmetic ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "cadence"), [
    ("monthly", Cadence(months=1, text="monthly")),
    ("bimonthly", Cadence(months=2, text="bimonthly")),
    ("Quarterly", Cadence(months=3, text="quarterly")),
    ("semiannual", Cadence(months=6, text="semiannual")),
    ("yearly", Cadence(months=12, text="yearly")),
    ("none", Cadence(text="none")),
    ("10 days", Cadence(days=10, text="10 days")),
    ("1 day", Cadence(days=1, text="1 day")),
    ("6 weeks", Cadence(days=42, text="6 weeks")),
    ("1 month", Cadence(months=1, text="1 month")),
    ("18 Months", Cadence(months=18, text="18 Months")),
])
def test_cadences(text: str, cadence: Cadence) -> None:
    assert parse_cadence(text) == cadence


@pytest.mark.parametrize("text", ["0 days", "-1 weeks", "weekly", "3", "2 fortnights", "",
                                  "1.5 months"])
def test_unparsable_cadences(text: str) -> None:
    assert parse_cadence(text) is None


def test_months_clamp_to_the_end_of_the_month() -> None:
    quarterly = Cadence(months=3)
    assert add_cadence(date(2026, 11, 30), quarterly) == date(2027, 2, 28)
    assert add_cadence(date(2027, 11, 30), quarterly) == date(2028, 2, 29)  # leap year
    assert add_cadence(date(2026, 1, 31), Cadence(months=1)) == date(2026, 2, 28)
    assert add_cadence(date(2026, 8, 31), Cadence(months=1)) == date(2026, 9, 30)
    assert add_cadence(date(2026, 11, 30), Cadence(days=14)) == date(2026, 12, 14)


# --- check-ins ------------------------------------------------------------------------------

def test_check_in_is_last_contact_plus_quarter_rolled_to_a_business_day(book: Book) -> None:
    book.write("a.md", note(date="2026-11-30", extra="follow_up:\n  thank_you: 2026-11-30"))
    # 2026-11-30 + 3 months = 2027-02-28, a Sunday: rolled to Monday 2027-03-01
    assert agenda(book, date(2026, 12, 1)) == [("check-in", "Jane Doe", "2027-03-01")]


def test_leap_year_clamp(book: Book) -> None:
    book.write("a.md", note(date="2027-11-30", extra="follow_up:\n  thank_you: skipped"))
    assert agenda(book, date(2027, 12, 1)) == [("check-in", "Jane Doe", "2028-02-29")]


def test_last_contact_counts_check_ins_in_any_note(book: Book) -> None:
    book.write("old.md", note(date="2026-03-02", extra="""
        follow_up:
          thank_you: 2026-03-03
          check_ins:
            - date: 2026-10-05
        """))
    book.write("new.md", note(person="jane doe", date="2026-06-01",
                              extra="follow_up:\n  thank_you: 2026-06-02"))
    # last contact 2026-10-05 (logged in the older note) + 3 months = 2027-01-05, a Tuesday
    assert agenda(book, TODAY) == [("check-in", "jane doe", "2027-01-05")]


def test_cadence_from_latest_done_note_that_sets_one_else_default(book: Book) -> None:
    book.write("a.md", note(date="2026-09-01", extra="""
        follow_up:
          thank_you: 2026-09-01
          cadence: monthly
        """))
    book.write("b.md", note(date="2026-10-01", extra="follow_up:\n  thank_you: 2026-10-01"))
    book.write("c.md", note(date="2026-12-10",
                            extra="status: planned\nfollow_up:\n  cadence: yearly"))
    # b.md sets none, so a.md's monthly applies; the planned note's cadence never counts
    assert ("check-in", "Jane Doe", "2026-11-02") in agenda(book)
    book.write("a.md", note(date="2026-09-01", extra="follow_up:\n  thank_you: 2026-09-01"))
    assert ("check-in", "Jane Doe", "2027-01-01") in agenda(book)  # default quarterly, a Friday
    assert ("check-in", "Jane Doe", "2026-12-01") in agenda(book, cadence="2 months")


def test_explicit_next_is_kept_as_written_even_with_cadence_none(book: Book) -> None:
    book.write("a.md", note(date="2026-09-22", extra="""
        follow_up:
          thank_you: 2026-09-23
          cadence: none
          next: 2027-01-16
        """))
    assert agenda(book) == [("check-in", "Jane Doe", "2027-01-16")]  # a Saturday, not rolled


def test_next_not_after_last_contact_is_ignored(book: Book) -> None:
    book.write("a.md", note(date="2026-09-22", extra="""
        follow_up:
          thank_you: 2026-09-23
          next: 2026-10-01
          check_ins:
            - date: 2026-10-01
        """))
    assert agenda(book) == [("check-in", "Jane Doe", "2027-01-01")]
    book.write("a.md", note(date="2026-09-22", extra="""
        follow_up:
          thank_you: 2026-09-23
          cadence: none
          next: 2026-09-01
        """))
    assert agenda(book) == []


def test_next_in_an_older_conversation_does_not_count(book: Book) -> None:
    book.write("a.md", note(date="2026-06-01", extra="""
        follow_up:
          thank_you: 2026-06-01
          next: 2027-06-01
        """))
    book.write("b.md", note(date="2026-10-01", extra="follow_up:\n  thank_you: 2026-10-01"))
    assert agenda(book) == [("check-in", "Jane Doe", "2027-01-01")]


def test_planned_and_cancelled_notes_carry_no_follow_up(book: Book) -> None:
    book.write("a.md", note(date="2026-11-02", extra="""
        status: cancelled
        follow_up:
          next: 2026-12-01
        """))
    book.write("b.md", note(person="Bob Roe", date="2026-12-03", extra="""
        status: planned
        follow_up:
          next: 2026-12-01
        """))
    assert agenda(book) == [("interview", "Bob Roe", "2026-12-03")]


# --- interviews, status, dates --------------------------------------------------------------

def test_planned_interviews_from_today_on_and_past_ones_to_confirm(book: Book) -> None:
    book.write("today.md", note(person="Today", date="2026-11-26", extra="status: planned"))
    book.write("past.md", note(person="Past", date="2026-11-25", extra="status: planned"))
    book.write("long-ago.md", note(person="Long Ago", date="2026-06-01",
                                   extra="status: planned"))
    book.write("later.md", note(person="Later", date="2027-03-01"))  # planned by default
    book.write("off.md", note(person="Called Off", date="2026-11-20", extra="status: cancelled"))
    # a past planned chat never drops out: it is due on its date, overdue from the next day,
    # and asks for no thank-you and no check-in until it is marked done
    assert agenda(book) == [("confirm", "Long Ago", "2026-06-01"),
                            ("confirm", "Past", "2026-11-25"),
                            ("interview", "Today", "2026-11-26"),
                            ("interview", "Later", "2027-03-01")]


def test_kinds_due_the_same_day_come_in_the_order_of_spec(book: Book) -> None:
    book.write("a.md", note(person="A Thanks", date="2026-11-25"))  # thank-you due 11-26
    book.write("b.md", note(person="B Confirm", date="2026-11-26", extra="status: planned"))
    book.write("c.md", note(person="C Check", date="2026-08-26",
                            extra="follow_up:\n  thank_you: skipped"))  # check-in 11-26
    book.write("d.md", note(person="D Confirm", date="2026-11-26", extra="status: planned"))
    assert [kind for kind, _, _ in agenda(book, date(2026, 11, 27))][:1] == ["thank-you"]
    assert agenda(book, date(2026, 11, 26))[:4] == [
        ("thank-you", "A Thanks", "2026-11-26"), ("check-in", "C Check", "2026-11-26"),
        ("interview", "B Confirm", "2026-11-26"), ("interview", "D Confirm", "2026-11-26")]
    assert agenda(book, date(2026, 11, 27))[:4] == [
        ("thank-you", "A Thanks", "2026-11-26"), ("confirm", "B Confirm", "2026-11-26"),
        ("confirm", "D Confirm", "2026-11-26"), ("check-in", "C Check", "2026-11-26")]


def test_status_defaults_by_date(book: Book) -> None:
    book.write("a.md", note(person="Past", date="2026-11-26", extra="follow_up:\n  cadence: none"))
    book.write("b.md", note(person="Future", date="2026-11-27"))
    # same day: thank-yous come before interviews
    assert agenda(book) == [("thank-you", "Past", "2026-11-27"),
                            ("interview", "Future", "2026-11-27")]


def test_done_note_dated_after_today_still_counts_as_done(book: Book) -> None:
    book.write("a.md", note(date="2026-12-04", extra="status: done\nfollow_up:\n  cadence: none"))
    assert agenda(book) == [("thank-you", "Jane Doe", "2026-12-07")]


def test_datetime_counts_by_its_own_calendar_date(book: Book) -> None:
    book.write("a.md", note(date="2026-11-20T23:30:00-08:00",
                            extra="follow_up:\n  cadence: none"))
    book.write("b.md", note(person="Bob", date="2026-11-20 06:00:00+09:00",
                            extra="follow_up:\n  cadence: none"))
    book.write("c.md", note(person="Quoted", date='"2026-11-20"',
                            extra="follow_up:\n  cadence: none"))
    assert agenda(book) == [("thank-you", "Bob", "2026-11-23"),
                            ("thank-you", "Jane Doe", "2026-11-23"),
                            ("thank-you", "Quoted", "2026-11-23")]


@pytest.mark.parametrize(("days", "bucket"), [
    (-1, "overdue"), (0, "this-week"), (6, "this-week"), (7, "next-30-days"),
    (30, "next-30-days"), (31, "later"),
])
def test_buckets(days: int, bucket: str) -> None:
    from datetime import timedelta

    assert bucket_for(TODAY + timedelta(days=days), TODAY) == bucket


def test_contacts_and_companies_break_ties_alike(book: Book) -> None:
    """The latest conversation names a person and a company; on the same date, the first
    path wins for both."""
    from generator.core.contacts import group_companies

    book.write("a.md", note(person="JANE DOE", company="ACME ROBOTICS"))
    book.write("b.md", note(person="Jane Doe", company="Acme Robotics"))
    loaded = load_notebook(find_sources(str(book.notes)), TODAY, Options())
    contacts = group_contacts(loaded.notes)
    assert [c.name for c in contacts] == ["JANE DOE"]
    assert [c.name for c in group_companies(loaded.notes, contacts)] == ["ACME ROBOTICS"]


def test_the_version_is_declared_once() -> None:
    from importlib.metadata import version

    from click.testing import CliRunner

    import generator
    from generator.cli import cli

    assert version("coffeechat") == generator.__version__
    result = CliRunner().invoke(cli, ["--version"])
    assert result.output == f"coffeechat, version {generator.__version__}\n"


def test_country_codes_are_those_the_holidays_package_supports() -> None:
    import holidays

    from generator.core.options import parse_options

    for code in holidays.list_supported_countries():
        assert parse_options({"holidays": code.lower()}).holidays == code
    for wrong in ("XX", "U", "USAA", "Holidays", 5):
        with pytest.raises(Exception, match="is not a country code"):
            parse_options({"holidays": wrong})


def test_the_holiday_cache_keeps_the_packages_answers(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.core.public_holidays import LIBRARY
    from generator.files.holiday_cache import Cached

    cached = Cached(tmp_path)
    assert cached.dates("US", 2026) == LIBRARY.dates("US", 2026)
    assert cached.codes() == LIBRARY.codes()
    (folder,) = tmp_path.iterdir()
    assert folder.name.startswith("holidays-0.")  # named after the package's version
    assert (folder / "US-2026.txt").read_text().startswith("2026-01-01\n")

    def no_package(*args: object) -> frozenset[date]:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(type(LIBRARY), "dates", no_package)
    assert date(2026, 11, 26) in Cached(tmp_path).dates("US", 2026)  # from the file alone
    monkeypatch.undo()
    (folder / "US-2026.txt").write_text("not a date\n")  # a damaged file: asked again
    assert Cached(tmp_path).dates("US", 2026) == LIBRARY.dates("US", 2026)
    read_only = Cached(tmp_path / "other", writes=False)
    assert read_only.dates("GB", 2026) == LIBRARY.dates("GB", 2026)
    assert not (tmp_path / "other").exists()


def test_check_writes_no_cache_and_due_keeps_one(book: Book,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    cache = book.root / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    book.config("docs_dir: notes\nplugins:\n  - coffeechat:\n      holidays: US\n")
    book.write("a.md", note(date="2026-11-25"))  # thank-you: Friday, after Thanksgiving
    assert book.run("check").exit_code == 0
    assert not cache.exists()
    assert items_of(book) == [("thank-you", "2026-11-27")]
    assert sorted(p.name for p in next((cache / "coffeechat").iterdir()).iterdir()) == [
        "US-2026.txt", "US-2027.txt", "codes.txt"]
    assert items_of(book) == [("thank-you", "2026-11-27")]  # the same, from the cache


def items_of(book: Book) -> list[tuple[str, str]]:
    import json

    data = json.loads(book.run("due", "--format", "json").output)
    return [(i["kind"], i["due"]) for i in data["items"]]
