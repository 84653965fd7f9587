"""`reach`, `log --replied` / `--followed-up` and `new` booking a lead: SPEC §5 and §8 on
the command line, writing notes without losing a byte."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import Book, note

GOLDEN = Path(__file__).parent / "golden" / "outreach"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md") if "." not in p.stem)


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- reach ------------------------------------------------------------------------------------

def test_reach_writes_an_asked_note_and_prints_the_3b_and_7b_days(book: Book) -> None:
    result = book.run("reach", "Kim Park", "--company", "Acme Robotics", "--via", "linkedin",
                      "--date", "2026-11-20")
    assert (result.exit_code, result.output.splitlines()) == (0, [
        "notes/2026-11-20-kim-park-acme-robotics.md: message to Kim Park (Acme Robotics) sent "
        "Fri 2026-11-20 (new note)",
        "  no reply by Wed 2026-11-25: write to the next contact at Acme Robotics",
        "  still none by Tue 2026-12-01: follow up once (coffeechat log 'Kim Park' "
        "--followed-up)"])
    text = (book.notes / "2026-11-20-kim-park-acme-robotics.md").read_text()
    assert "\ndate: 2026-11-20\n# role:               # Their role\nstatus: asked\n" in text
    assert "\noutreach:\n  sent: 2026-11-20\n  via: linkedin\n# referrals:" in text
    assert "  why:        # Why am I interested in this company?\n" in text  # the prep template
    assert book.run("check").exit_code == 0
    due = book.run("due", "--format", "json").output
    assert '"kind": "try-another"' in due and '"kind": "follow-up"' in due


def test_reach_counts_business_days_with_the_notebooks_holidays(book: Book) -> None:
    book.config("""
        site_name: t
        docs_dir: notes
        plugins:
          - coffeechat:
              holidays: US
        """)
    result = book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-23")
    assert "no reply by Fri 2026-11-27" in result.output  # Thanksgiving is no business day
    assert "still none by Thu 2026-12-03" in result.output


def test_reach_fills_the_persons_lead_note_keeping_its_date(book: Book) -> None:
    path = book.write("lead.md", note(person="Kim Park", date="2026-12-01", extra="""
        status: lead
        role: Engineer
        tags: []
        # outreach:
        prep:
          company: Robots
        """))
    result = book.run("reach", "kim", "--via", "email")  # part of the name is enough
    assert result.exit_code == 0, result.output
    assert result.output.startswith("notes/lead.md: message to Kim Park (Acme Robotics) sent "
                                    "Thu 2026-11-26 (was a lead)\n")
    after = path.read_text()
    assert after == ("---\nperson: Kim Park\ncompany: Acme Robotics\ndate: 2026-12-01\n"
                     "status: asked\nrole: Engineer\ntags: []\noutreach:\n  sent: 2026-11-26\n"
                     "  via: email\n# outreach:\nprep:\n  company: Robots\n---\nBody\n")
    assert len(list(book.notes.iterdir())) == 1


def test_reach_refuses_a_second_first_message_and_a_missing_company(book: Book) -> None:
    assert book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20"
                    ).exit_code == 0
    before = _snapshot(book.notes)
    again = book.run("reach", "Kim Park")
    assert again.exit_code == 1
    assert again.output == (
        "Error: a message to Kim Park is already waiting for a reply (sent 2026-11-20, "
        "notes/2026-11-20-kim-park-acme.md): record the one follow-up with coffeechat log "
        "'Kim Park' --followed-up\n")
    nobody = book.run("reach", "Sam Lee")
    assert (nobody.exit_code, nobody.output) == (
        1, "Error: Sam Lee has no note yet: say where they work with --company\n")
    assert book.run("reach", "Sam Lee", "--company", "X", "--via", "fax").exit_code == 2
    assert _snapshot(book.notes) == before


def test_reach_refuses_when_a_broken_note_could_be_the_persons(book: Book) -> None:
    book.write("broken.md", "---\nperson: Kim Park\ncompany: [Acme\n---\n")
    before = _snapshot(book.notes)
    result = book.run("reach", "Kim Park", "--company", "Acme")
    assert result.exit_code == 1
    assert "1 note has errors and could be Kim Park's: notes/broken.md" in result.output
    assert _snapshot(book.notes) == before


def test_reach_with_two_leads_of_that_name_asks_which(book: Book) -> None:
    book.write("a.md", note(person="Kim Park", extra="status: lead"))
    book.write("b.md", note(person="Kim Lee", extra="status: lead"))
    result = book.run("reach", "Kim")
    assert result.exit_code == 1
    assert "Kim Lee" in result.output and "Kim Park" in result.output


# --- log --replied and --followed-up ---------------------------------------------------------

@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("mode", ["replied", "followed-up"])
def test_log_outreach_golden_edit_adds_only_its_line(name: str, mode: str, book: Book) -> None:
    source = (GOLDEN / f"{name}.md").read_bytes()
    expected = (GOLDEN / f"{name}.{mode}.md").read_bytes()
    (book.notes / "note.md").write_bytes(source)
    result = book.run("log", "Jane Doe", f"--{mode}", "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert (book.notes / "note.md").read_bytes() == expected
    before, after = source.decode().splitlines(), expected.decode().splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert len([c for c in changes if c.startswith("+ ")]) == 1, changes
    assert book.run("check").exit_code == 0


def test_log_replied_prints_when_to_book_and_the_agenda_follows(book: Book) -> None:
    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    result = book.run("log", "Kim", "--replied", "--date", "2026-11-25")
    assert result.output == (
        "notes/2026-11-20-kim-park-acme.md: reply recorded; book the conversation by "
        "Thu 2026-11-26: coffeechat new 'Kim Park' --company Acme --date YYYY-MM-DD\n")
    assert "  2026-11-26  today  schedule  Kim Park  Acme  they answered on 2026-11-25: book " \
        "the conversation" in book.run("due").output


def test_log_followed_up_once_only_and_never_before_the_message(book: Book) -> None:
    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    early = book.run("log", "Kim Park", "--followed-up", "--date", "2026-11-19")
    assert (early.exit_code, early.output) == (
        1, "Error: 2026-11-19 is before the first message (2026-11-20) in "
           "notes/2026-11-20-kim-park-acme.md\n")
    ok = book.run("log", "Kim Park", "--followed-up", "--date", "2026-12-01")
    assert ok.output == ("notes/2026-11-20-kim-park-acme.md: follow-up recorded; no reply by "
                         "Fri 2026-12-04 means no answer: write to the next contact at Acme\n")
    before = _snapshot(book.notes)
    twice = book.run("log", "Kim Park", "--followed-up")
    assert twice.exit_code == 1
    assert "the routine has one follow-up" in twice.output
    assert _snapshot(book.notes) == before


def test_log_replied_needs_a_message_waiting(book: Book) -> None:
    book.write("a.md", note(person="Kim Park"))
    result = book.run("log", "Kim Park", "--replied")
    assert (result.exit_code, result.output) == (
        1, "Error: no message to Kim Park is waiting for a reply: record a first message "
           "with coffeechat reach 'Kim Park'\n")


@pytest.mark.parametrize("args", [["--replied", "--followed-up"], ["--replied", "--done"],
                                  ["--followed-up", "--note", "x"], ["--replied", "--thank-you"]])
def test_log_outreach_modes_are_one_at_a_time(book: Book, args: list[str]) -> None:
    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    assert book.run("log", "Kim Park", *args).exit_code == 2


# --- new books the conversation ---------------------------------------------------------------

def test_new_turns_an_asked_note_into_the_booked_conversation(book: Book) -> None:
    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    book.run("log", "Kim Park", "--replied", "--date", "2026-11-24")
    result = book.run("new", "Kim Park", "--company", "ACME", "--date", "2026-12-03",
                      "--format", "video")
    assert result.exit_code == 0
    # renamed in its folder to the day booked, as `new` would have named it
    assert result.stdout == "notes/2026-12-03-kim-park-acme.md\n"
    text = (book.notes / "2026-12-03-kim-park-acme.md").read_text()
    assert ("\ndate: 2026-12-03\n# role:               # Their role\nstatus: planned\n"
            "format: video\n") in text
    assert "  sent: 2026-11-20\n  replied: 2026-11-24\n" in text
    assert len(list(book.notes.iterdir())) == 1
    agenda = book.run("due", "--format", "json").output
    assert '"kind": "interview"' in agenda and '"kind": "schedule"' not in agenda


def test_new_at_another_company_than_the_open_note_is_refused(book: Book) -> None:
    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    before = sorted(p.read_bytes() for p in book.notes.iterdir())
    result = book.run("new", "Kim Park", "--company", "Lumen", "--date", "2026-12-03")
    assert result.exit_code == 1
    assert result.output == ("Error: Kim Park's open note is at Acme (notes/2026-11-20-kim-park-"
                             "acme.md), not at Lumen: leave out --company to book it, or close "
                             "it first (coffeechat log 'Kim Park' --cancelled)\n")
    assert sorted(p.read_bytes() for p in book.notes.iterdir()) == before


def test_new_finds_the_person_as_log_does_and_takes_the_open_notes_company(
        book: Book) -> None:
    book.write("lead.md", note(person="Kim Park", extra="status: lead"))
    result = book.run("new", "Kim", "--date", "2026-12-03")
    assert result.exit_code == 0, result.output
    assert result.stdout == "notes/lead.md\n"  # no date in front: the name is kept
    text = (book.notes / "lead.md").read_text()
    assert "\ndate: 2026-12-03\nstatus: planned\n" in text
    assert "\nprep:" in text  # the six questions, for the chat now booked
    assert book.run("check").exit_code == 0


# --- layouts and refusals found in review ------------------------------------------------------

def test_reach_fills_a_lead_whose_outreach_is_written_null(book: Book) -> None:
    path = book.write("lead.md", note(person="Kim Park", extra="""
        status: lead
        outreach: ~   # later
        follow_up: null
        """))
    assert book.run("reach", "Kim Park", "--via", "linkedin").exit_code == 0
    assert "\noutreach:   # later\n  sent: 2026-11-26\n  via: linkedin\nfollow_up: null\n" in (
        path.read_text())
    assert book.run("log", "Kim Park", "--replied").exit_code == 0
    assert "  via: linkedin\n  replied: 2026-11-26\nfollow_up: null\n" in path.read_text()
    assert book.run("check").exit_code == 0


def test_a_front_matter_in_one_flow_mapping_is_refused_in_one_line(book: Book) -> None:
    path = book.write("lead.md", "---\n{person: Kim Park, company: Acme, date: 2026-12-01, "
                                 "status: lead}\n---\n")
    before = path.read_bytes()
    for args in (["reach", "Kim Park", "--via", "email"], ["reach", "Kim Park"],
                 ["new", "Kim Park", "--company", "Acme", "--format", "video"]):
        result = book.run(*args)
        assert result.exit_code == 1, args
        assert result.output == ("Error: notes/lead.md: cannot be edited safely: its front "
                                 "matter is one `{…}` mapping; write it a key a line, or edit "
                                 "it by hand\n"), args
    assert path.read_bytes() == before


def test_log_replied_writes_only_into_an_asked_note(book: Book) -> None:
    done = book.write("done.md", note(person="Dora", extra="""
        status: done
        outreach:
          sent: 2026-11-10
        """))
    before = done.read_bytes()
    for mode in ("--replied", "--followed-up"):
        result = book.run("log", "Dora", mode)
        assert result.exit_code == 1
        assert "no message to Dora is waiting for a reply" in result.output
    assert done.read_bytes() == before


def test_new_will_not_book_a_conversation_before_the_first_message(book: Book) -> None:
    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    path = book.notes / "2026-11-20-kim-park-acme.md"
    before = path.read_bytes()
    result = book.run("new", "Kim Park", "--company", "Acme", "--date", "2026-11-19")
    assert (result.exit_code, result.output) == (
        1, "Error: 2026-11-19 is before the first message to Kim Park (2026-11-20, "
           "notes/2026-11-20-kim-park-acme.md): is the date right?\n")
    assert path.read_bytes() == before


def test_log_without_a_conversation_points_to_replied(book: Book) -> None:
    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    result = book.run("log", "Kim Park", "--note", "hello")
    assert result.output.endswith("did they answer your message? coffeechat log 'Kim Park' "
                                  "--replied\n")


def test_reach_writes_at_the_top_of_the_notes_folder_from_a_sub_folder(
        book: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    (book.notes / "2026" / "november").mkdir(parents=True)
    book.config("site_name: t\ndocs_dir: notes\n")
    monkeypatch.chdir(book.notes / "2026" / "november")
    result = book.run("reach", "Kim Park", "--company", "Acme")
    assert result.exit_code == 0, result.output
    assert (book.notes / "2026-11-26-kim-park-acme.md").is_file()


@pytest.mark.parametrize("what", ["replied", "follow_up"])
def test_an_answer_recorded_meanwhile_is_never_overwritten(book: Book, what: str) -> None:
    """Two commands at once: the second read the notebook before the first wrote."""
    from datetime import date

    from generator.core.notebook import load_notebook
    from generator.core.options import Options
    from generator.errors import EditError
    from generator.files.outreach import record_outreach
    from generator.files.store import find_sources

    book.run("reach", "Kim Park", "--company", "Acme", "--date", "2026-11-20")
    stale = load_notebook(find_sources(str(book.notes)), date(2026, 11, 26), Options())
    assert book.run("log", "Kim Park", "--replied", "--date", "2026-11-23").exit_code == 0
    path = book.notes / "2026-11-20-kim-park-acme.md"
    before = path.read_bytes()
    with pytest.raises(EditError, match="changed since it was read"):
        record_outreach(stale, "Kim Park", what, today=date(2026, 11, 26), options=Options(),
                        when=date(2026, 11, 24))
    assert path.read_bytes() == before
