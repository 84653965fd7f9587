"""SPEC §8, rule by rule, with concrete dates: outreach items, their cancellations, response
classes, the LAMP order and coverage of target companies."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Book, note

from generator.core.followup import build_agenda
from generator.core.model import Response
from generator.core.notebook import Notebook, load_notebook
from generator.core.options import parse_options
from generator.core.outreach import rank_targets, response_class
from generator.files.store import find_sources

TODAY = date(2026, 11, 26)  # a Thursday, and US Thanksgiving


def load(book: Book, today: date = TODAY, **options: object) -> Notebook:
    loaded = load_notebook(find_sources(str(book.notes)), today, parse_options(options or None))
    assert loaded.errors == 0, loaded.problems
    return loaded


def agenda(book: Book, today: date = TODAY, **options: object) -> list[tuple[str, str, str]]:
    opts = parse_options(options or None)
    return [(str(i.kind), i.person, i.due.isoformat())
            for i in build_agenda(load(book, today, **options).notes, today, opts)]


def asked(person: str = "Kim Park", company: str = "Acme Robotics", sent: str = "2026-11-20",
          *, replied: str | None = None, follow_up: str | None = None,
          status: str = "asked", date: str | None = None) -> str:
    lines = [f"status: {status}", "outreach:", f"  sent: {sent}"]
    lines += [f"  replied: {replied}"] * bool(replied) + [f"  follow_up: {follow_up}"] * bool(
        follow_up)
    return note(person=person, company=company, date=date or sent, extra="\n".join(lines))


def lead(person: str, company: str = "Acme Robotics", when: str = "2026-11-28") -> str:
    return note(person=person, company=company, date=when, extra="status: lead")


# --- the items ------------------------------------------------------------------------------

def test_a_friday_message_nudges_on_wednesday_and_follows_up_the_next_tuesday(
        book: Book) -> None:
    book.write("kim.md", asked(sent="2026-11-20"))  # a Friday
    assert agenda(book) == [("try-another", "Kim Park", "2026-11-25"),
                            ("follow-up", "Kim Park", "2026-12-01")]


def test_a_holiday_inside_the_window_moves_the_day(book: Book) -> None:
    book.write("kim.md", asked(sent="2026-11-23"))  # Monday of Thanksgiving week
    assert agenda(book) == [("try-another", "Kim Park", "2026-11-26"),
                            ("follow-up", "Kim Park", "2026-12-02")]
    # in the US, Thursday the 26th is no business day: 3B is Friday, 7B a day later
    assert agenda(book, holidays="US") == [("try-another", "Kim Park", "2026-11-27"),
                                           ("follow-up", "Kim Park", "2026-12-03")]


def test_nudge_and_follow_up_days_are_options(book: Book) -> None:
    book.write("kim.md", asked(sent="2026-11-20"))
    assert agenda(book, nudge_days=2, follow_up_days=5) == [
        ("try-another", "Kim Park", "2026-11-24"), ("follow-up", "Kim Park", "2026-11-27")]


def test_a_reply_on_the_day_the_nudge_falls_due_cancels_both(book: Book) -> None:
    book.write("kim.md", asked(sent="2026-11-20", replied="2026-11-25"))
    # a schedule item instead, the business day after the reply (Thanksgiving skipped)
    assert agenda(book, holidays="US") == [("schedule", "Kim Park", "2026-11-27")]
    assert agenda(book) == [("schedule", "Kim Park", "2026-11-26")]


def test_a_follow_up_sent_ends_the_follow_up_item_only(book: Book) -> None:
    book.write("kim.md", asked(sent="2026-11-20", follow_up="2026-11-24"))
    assert agenda(book) == [("try-another", "Kim Park", "2026-11-25")]


def test_a_lead_is_due_on_its_date_as_written(book: Book) -> None:
    book.write("sam.md", lead("Sam Lee", when="2026-11-28"))  # a Saturday: not rolled
    assert agenda(book) == [("reach-out", "Sam Lee", "2026-11-28")]


def test_try_another_names_the_next_lead_at_the_company(book: Book) -> None:
    book.write("kim.md", asked(sent="2026-11-20"))
    book.write("zed.md", lead("Zed Ames", when="2026-12-10"))
    book.write("amy.md", lead("Amy Roe", when="2026-12-01"))
    book.write("other.md", lead("Bo Chu", company="Elsewhere", when="2026-11-30"))
    items = build_agenda(load(book).notes, TODAY, parse_options(None))
    (nudge,) = [i for i in items if str(i.kind) == "try-another"]
    assert nudge.next_lead == "Amy Roe"  # the earliest lead at Acme, not elsewhere


@pytest.mark.parametrize(("other", "left"), [
    # anyone at the company (compared like a contact key) answering on or after S
    (asked("Amy Roe", "ACME  robotics", "2026-11-02", replied="2026-11-20"), set()),
    (asked("Amy Roe", "Acme Robotics", "2026-11-02", replied="2026-11-19"),
     {"try-another", "follow-up"}),
    # a cancelled note counts too
    (asked("Amy Roe", "Acme Robotics", "2026-11-02", replied="2026-11-23", status="cancelled",
           date="2026-11-30"), set()),
    # a conversation booked there, planned or done, dated on or after S
    (note(person="Amy Roe", date="2026-12-03", extra="status: planned"), set()),
    (note(person="Amy Roe", date="2026-11-20", extra="status: done"), set()),
    (note(person="Amy Roe", date="2026-11-19", extra="status: done"),
     {"try-another", "follow-up"}),
    (note(person="Amy Roe", date="2026-12-03", extra="status: cancelled"),
     {"try-another", "follow-up"}),
    # the next contact written to, on or after S: no more nudge, but still the follow-up
    (asked("Amy Roe", "Acme Robotics", "2026-11-20"), {"follow-up"}),
    (asked("Amy Roe", "Acme Robotics", "2026-11-19"), {"try-another", "follow-up"}),
])
def test_cancellations(book: Book, other: str, left: set[str]) -> None:
    book.write("kim.md", asked(sent="2026-11-20"))
    book.write("amy.md", other)
    assert {kind for kind, person, _ in agenda(book) if person == "Kim Park"} == left


@pytest.mark.parametrize("status", ["planned", "done", "cancelled"])
def test_a_note_past_asking_makes_no_outreach_item(book: Book, status: str) -> None:
    book.write("kim.md", asked(sent="2026-11-02", status=status, date="2026-11-10"))
    kinds = {kind for kind, _, _ in agenda(book)}
    assert not kinds & {"try-another", "follow-up", "schedule", "reach-out"}


def test_items_due_the_same_day_follow_the_kind_order(book: Book) -> None:
    day = "2026-12-01"
    book.write("a.md", note(person="Ann", date="2026-11-30", extra="status: done"))  # thank-you
    book.write("b.md", note(person="Ben", date=day, extra="status: planned"))  # interview
    book.write("c.md", asked("Cal", "C1", "2026-11-30", replied="2026-11-30"))  # schedule
    book.write("d.md", asked("Dee", "D1", "2026-11-20"))  # follow-up on 12-01
    book.write("e.md", asked("Eve", "E1", "2026-11-26"))  # try-another on 12-01
    book.write("f.md", lead("Fay", "F1", when=day))  # reach-out
    today = date(2026, 11, 30)
    on_the_day = [kind for kind, _, due in agenda(book, today) if due == day]
    assert on_the_day == ["thank-you", "schedule", "follow-up", "try-another", "reach-out",
                          "interview"]


# --- response classes -----------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "today", "expected"), [
    ({"replied": "2026-11-25"}, TODAY, Response.BOOSTER),  # on the 3B day
    ({"replied": "2026-11-26"}, TODAY, Response.OBLIGATE),
    ({}, date(2026, 12, 4), Response.WAITING),  # S + 7 + 3 business days is Dec 4
    ({}, date(2026, 12, 5), Response.CURMUDGEON),
    ({"follow_up": "2026-12-02"}, date(2026, 12, 7), Response.WAITING),  # follow-up + 3
    ({"follow_up": "2026-12-02"}, date(2026, 12, 8), Response.CURMUDGEON),
])
def test_response_classes(book: Book, extra: dict[str, str], today: date,
                          expected: Response) -> None:
    book.write("kim.md", asked(sent="2026-11-20", **extra))
    (kim,) = load(book, today).notes
    assert response_class(kim, today, parse_options(None)) == expected


def test_a_booked_chat_without_a_reply_date_counts_as_answered_on_its_day(book: Book) -> None:
    book.write("a.md", asked("Ann", sent="2026-11-20", status="planned", date="2026-11-25"))
    book.write("b.md", asked("Ben", sent="2026-11-20", status="planned", date="2026-12-09"))
    book.write("c.md", note(person="Cy"))
    classes = {n.person: response_class(n, TODAY, parse_options(None)) for n in load(book).notes}
    assert classes == {"Ann": Response.BOOSTER, "Ben": Response.OBLIGATE, "Cy": None}


# --- validation -----------------------------------------------------------------------------

def test_outreach_errors_and_warnings_are_reported_at_their_lines(book: Book) -> None:
    book.write("a.md", note(person="A", extra="status: asked"))
    book.write("b.md", note(person="B", extra="""
        status: asked
        outreach:
          sent: 2026-11-10
          via: fax
          replied: 2026-11-09
          follow_up: 2026-11-01
        """))
    book.write("c.md", note(person="C", extra="outreach:\n  sent: 2026-11-30"))
    result = book.run("check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "notes/a.md:1: error: outreach.sent: an `asked` note needs the day the first message "
        "was sent: add `outreach:` with `sent: YYYY-MM-DD` (coffeechat reach writes it)",
        "notes/b.md:8: error: outreach.via: `fax` is not one of email, linkedin, intro, phone, "
        "other",
        "notes/b.md:9: error: outreach.replied: the reply (2026-11-09) is dated before the "
        "first message (2026-11-10)",
        "notes/b.md:10: error: outreach.follow_up: the follow-up (2026-11-01) is dated before "
        "the first message (2026-11-10)",
        "notes/c.md:6: warning: outreach.sent: `sent` is dated 2026-11-30, after today "
        "(2026-11-26)",
        "checked 3 notes: 4 errors, 1 warning",
    ]


# --- target companies -----------------------------------------------------------------------

def company(name: str, extra: str = "") -> str:
    return f"---\nkind: company\ncompany: {name}\n{extra}---\nWhy {name}.\n"


def test_lamp_order_in_play_and_the_companies_of_notes_only(book: Book) -> None:
    book.write("t/a.md", company("Alpha", "motivation: 2\nposting: 3\n"))
    book.write("t/b.md", company("Beta", "motivation: 3\nposting: 1\n"))
    book.write("t/c.md", company("Gamma", "motivation: 3\nposting: 1\nadvocacy: true\n"))
    book.write("t/d.md", company("Delta", "motivation: 3\nposting: 3\nstatus: watching\n"))
    book.write("t/e.md", company("Epsilon", "status: dropped\nmotivation: 3\n"))
    book.write("t/f.md", company("Zeta"))  # motivation counts 0, posting 1
    book.write("t/g.md", company("Eta", "motivation: 0\nposting: 1\n"))  # the same: by name
    book.write("n1.md", note(person="X", company="Omega Co"))
    book.write("n2.md", note(person="Y", company="Lambda Co"))
    book.write("n3.md", note(person="Z", company="beta"))  # advocacy from a note
    loaded = load(book)
    rows = rank_targets(loaded.notes, loaded.targets, [], parse_options({"active_targets": 3}),
                        TODAY)
    assert [(r.company, r.in_play) for r in rows] == [
        ("Beta", True), ("Gamma", True), ("Alpha", True), ("Eta", False), ("Zeta", False),
        ("Delta", False), ("Epsilon", False), ("Lambda Co", False), ("Omega Co", False)]
    beta, gamma = rows[0], rows[1]
    assert (beta.advocacy, gamma.advocacy) == (True, True)  # Beta's from its note
    zeta = rows[4]
    assert (zeta.motivation, zeta.posting, zeta.advocacy, str(zeta.status)) == (0, 1, False,
                                                                                "active")
    lam = rows[7]
    assert (lam.status, lam.motivation, lam.posting, lam.advocacy) == (None, None, None, True)


def test_coverage_counts_people_and_the_next_step(book: Book) -> None:
    book.write("t/acme.md", company("ACME Robotics", "motivation: 3\nposting: 2\n"))
    book.write("lead.md", lead("Lee"))
    book.write("kim.md", asked("Kim", sent="2026-11-20"))
    book.write("kim2.md", asked("kim", sent="2026-11-02", status="cancelled", date="2026-11-03"))
    book.write("amy.md", asked("Amy", sent="2026-11-02", replied="2026-11-03"))
    book.write("bo.md", note(person="Bo", date="2026-11-24", extra="status: done"))
    book.write("cy.md", note(person="Cy", date="2026-12-08", extra="status: planned"))
    loaded = load(book)
    opts = parse_options(None)
    items = build_agenda(loaded.notes, TODAY, opts)
    (row,) = rank_targets(loaded.notes, loaded.targets, items, opts, TODAY)
    # people: Lee, Kim (two notes, one cancelled: its message still counts), Amy, Bo, Cy
    assert (row.company, row.contacts, row.reached, row.replied, row.chats) == (
        "ACME Robotics", 5, 4, 3, 1)
    assert row.next is items[0]
    # Kim (2026-11-20, no reply yet), Amy (answered the next day): the cancelled message of
    # 2026-11-02 counts too, a curmudgeon by now
    assert row.responded == "1 booster, 1 curmudgeon, 1 waiting"
    assert (str(row.next.kind), row.next.person) == ("schedule", "Amy")  # overdue since 11-04


def test_a_company_of_notes_only_is_spelled_as_in_its_latest_note(book: Book) -> None:
    book.write("a.md", note(person="A", company="acme inc", date="2026-10-01"))
    book.write("b.md", note(person="B", company="ACME Inc", date="2026-12-01",
                            extra="status: planned"))
    loaded = load(book)
    (row,) = rank_targets(loaded.notes, loaded.targets, [], parse_options(None), TODAY)
    assert row.company == "ACME Inc"


def test_two_files_for_one_company_are_an_error_on_the_second(book: Book) -> None:
    book.write("t/a.md", company("Acme", "motivation: 3\n"))
    book.write("t/b.md", company(" ACME ", "motivation: 1\n"))
    result = book.run("check")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "notes/t/b.md:3: error: company: notes/t/a.md describes ACME already: keep one file "
        "per company", "checked 2 notes: 1 error, 0 warnings"]


def test_a_company_file_is_checked_against_its_own_table(book: Book) -> None:
    book.write("t/a.md", company("Acme", "motivation: 4\nposting: 0\nadvocacy: maybe\n"
                                 "status: hot\nwebsite:\npersn: x\n"))
    result = book.run("check")
    assert result.output.splitlines() == [
        "notes/t/a.md:4: error: motivation: `4` is not from 0 to 3",
        "notes/t/a.md:5: error: posting: `0` is not from 1 to 3",
        "notes/t/a.md:6: error: advocacy: expected true or false, found the text `maybe`",
        "notes/t/a.md:7: error: status: `hot` is not one of active, watching, dropped",
        "notes/t/a.md:9: warning: persn: unknown key `persn`",
        "checked 1 note: 4 errors, 1 warning"]


def test_targets_json_follows_the_spec(book: Book) -> None:
    book.write("t/acme.md", company("Acme Robotics", "motivation: 3\nposting: 2\n"))
    book.write("t/lumen.md", company("Lumen", "status: watching\n"))
    book.write("kim.md", asked("Kim", sent="2026-11-20"))
    book.write("other.md", note(person="Jo", company="Other Co", date="2026-11-25",
                                extra="status: done"))
    result = book.run("targets", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"today": "2026-11-26", "companies": [
        {"company": "Acme Robotics", "status": "active", "motivation": 3, "posting": 2,
         "advocacy": True, "in_play": True, "contacts": 1, "reached": 1, "replied": 0,
         "chats": 0, "next": {"kind": "try-another", "person": "Kim", "due": "2026-11-25"}},
        {"company": "Lumen", "status": "watching", "motivation": 0, "posting": 1,
         "advocacy": False, "in_play": False, "contacts": 0, "reached": 0, "replied": 0,
         "chats": 0, "next": None},
        {"company": "Other Co", "status": None, "motivation": None, "posting": None,
         "advocacy": True, "in_play": False, "contacts": 1, "reached": 1, "replied": 1,
         "chats": 1, "next": {"kind": "thank-you", "person": "Jo", "due": "2026-11-26"}},
    ]}


def test_targets_text_puts_the_companies_in_play_first_with_their_gaps(book: Book) -> None:
    book.write("t/acme.md", company("Acme Robotics", "motivation: 3\nposting: 2\n"))
    book.write("t/lumen.md", company("Lumen", "motivation: 3\nstatus: watching\n"))
    book.write("lee.md", lead("Lee", company="Lumen"))
    lines = book.run("targets").output.splitlines()
    assert lines[0] == "coffeechat targets for Thu 2026-11-26 (LAMP order)"
    assert lines[2] == "In play (1 of 5)"
    assert "Acme Robotics" in lines[4] and lines[4].endswith("motivation 3, nobody contacted yet")
    assert lines[6] == "Other targets"
    assert "reach-out Lee 2026-11-28" in lines[8]
    assert lines[8].endswith("motivation 3, watching, no message sent yet (1 person known)")


def test_targets_says_what_to_do_when_there_are_none(book: Book) -> None:
    result = book.run("targets")
    assert result.exit_code == 0
    assert "No companies yet. Write a target file" in result.output


def test_targets_exits_1_when_a_note_has_errors(book: Book) -> None:
    book.write("t/acme.md", company("Acme", "motivation: 9\n"))
    result = book.run("targets")
    assert result.exit_code == 1


def test_outreach_items_are_calendar_events_with_stable_uids(book: Book) -> None:
    import icalendar

    book.write("kim.md", asked(sent="2026-11-20"))
    book.write("lee.md", lead("Lee Ames", company="Lumen Energy"))  # not waiting on Kim

    def events(today: str) -> dict[str, tuple[str, str]]:
        data = book.run("due", "--format", "ics", "--within", "all", today=today).stdout_bytes
        return {str(e["summary"]): (str(e["uid"]), e.decoded("dtstart").isoformat())
                for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    first, later = events("2026-11-21"), events("2026-11-24")
    assert first == later == {
        "No reply from Kim Park: write to the next contact at Acme Robotics":
            (first["No reply from Kim Park: write to the next contact at Acme Robotics"][0],
             "2026-11-25"),
        "Follow up once with Kim Park (Acme Robotics)":
            (first["Follow up once with Kim Park (Acme Robotics)"][0], "2026-12-01"),
        "Reach out to Lee Ames (Lumen Energy)":
            (first["Reach out to Lee Ames (Lumen Energy)"][0], "2026-11-28"),
    }
    assert len({uid for uid, _ in first.values()}) == 3


@pytest.mark.parametrize(("target", "counts", "words"), [
    (True, (0, 0, 0, 0, 0), "motivation 2, nobody contacted yet"),
    (True, (2, 0, 0, 0, 0), "motivation 2, no message sent yet (2 people known)"),
    (True, (2, 1, 0, 0, 0), "motivation 2, no reply yet"),
    (True, (2, 1, 1, 0, 0), "motivation 2, no conversation yet"),
    (True, (2, 1, 1, 0, 1), "motivation 2, a conversation planned"),
    (True, (2, 2, 2, 1, 0), "motivation 2, 1 conversation"),
    (False, (1, 1, 1, 3, 0), "3 conversations"),
])
def test_gaps_in_words(target: bool, counts: tuple[int, ...], words: str) -> None:
    from generator.core.model import Target, TargetStatus
    from generator.core.outreach import TargetRow

    contacts, reached, replied, chats, planned = counts
    row = TargetRow("acme", "Acme", Target("a.md", "a.md", "Acme") if target else None,
                    TargetStatus.ACTIVE if target else None, 2 if target else None, 1, True,
                    False, contacts, reached, replied, chats, None, planned)
    assert row.gaps == words


def test_the_coverage_legend_says_a_chat_counts_as_reached_and_replied(book: Book) -> None:
    """The example note of `init` is a planned chat with no message recorded: its company
    reads "1 reached, 1 replied" (SPEC §8), and the legend says why, in the terminal and on
    the site alike."""
    from generator.core.wording import COVERAGE_LEGEND

    book.write("a.md", note(date="2026-12-03", extra="status: planned"))
    text = book.run("targets").output
    assert " ".join(COVERAGE_LEGEND.split()) in " ".join(text.split())
    assert "or have a chat with" in COVERAGE_LEGEND
    template = (Path(__file__).parent.parent / "generator" / "site" / "theme" / "coffeechat" /
                "targets.html").read_text()
    assert "{{ coverage_legend }}" in template


def test_targets_says_whom_to_write_to_next(book: Book) -> None:
    book.write("kim.md", asked(sent="2026-11-20"))
    book.write("lee.md", lead("Lee Ames"))
    text = book.run("targets").output
    assert "try-another Kim Park 2026-11-25 (write to Lee Ames)" in text
