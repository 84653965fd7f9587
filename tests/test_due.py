"""SPEC §5: `coffeechat due` in its three formats, and the options every command shares."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from conftest import Book, note

DONE = "follow_up:\n  thank_you: 2026-09-02"


def items(book: Book, *args: str, today: str = "2026-11-26") -> list[tuple[str, str, str, str,
                                                                          int, str]]:
    result = book.run("due", "--format", "json", *args, today=today)
    data = json.loads(result.stdout)
    return [(i["kind"], i["person"], i["due"], i["bucket"], i["days"], i["path"])
            for i in data["items"]]


def test_json_agenda(book: Book) -> None:
    book.write("a.md", note(person="Overdue Thanks", date="2026-11-20"))
    book.write("b.md", note(person="Chat Soon", date="2026-12-02", extra="questions: [a, b, c]"))
    book.write("c.md", note(person="Check In", date="2026-09-01", extra=DONE))
    book.write("d.md", note(person="Far Away", date="2027-03-01"))
    result = book.run("due", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"today": "2026-11-26", "items": [
        {"kind": "thank-you", "person": "Overdue Thanks", "company": "Acme Robotics",
         "due": "2026-11-23", "bucket": "overdue", "days": -3, "path": "notes/a.md"},
        {"kind": "check-in", "person": "Check In", "company": "Acme Robotics",
         "due": "2026-12-01", "bucket": "this-week", "days": 5, "path": "notes/c.md"},
        {"kind": "interview", "person": "Chat Soon", "company": "Acme Robotics",
         "due": "2026-12-02", "bucket": "this-week", "days": 6, "path": "notes/b.md"},
    ]}


def test_within(book: Book) -> None:
    book.write("a.md", note(person="Seven", date="2026-12-03"))
    book.write("b.md", note(person="Thirty One", date="2026-12-27"))
    book.write("c.md", note(person="Old", date="2026-01-05", extra="follow_up:\n  cadence: none"))
    assert [i[1] for i in items(book)] == ["Old", "Seven"]
    assert [i[1] for i in items(book, "--within", "6")] == ["Old"]
    assert [i[1] for i in items(book, "--within", "all")] == ["Old", "Seven", "Thirty One"]
    assert [i[1] for i in items(book, "--within", "31")] == ["Old", "Seven", "Thirty One"]
    bad = book.run("due", "--within", "soon")
    assert bad.exit_code == 2
    assert "'soon' is neither a number of days (0 or more) nor 'all'" in bad.output


def test_text_agenda_grouped_by_bucket(book: Book) -> None:
    book.write("a.md", note(person="Overdue Thanks", date="2026-11-20",
                            extra="format: coffee\nfollow_up:\n  cadence: none"))
    book.write("b.md", note(person="Chat Soon", company="Lumen", date="2026-12-02",
                            extra="questions: [a, b, c]\nprep:\n  why: because"))
    book.write("c.md", note(person="Check In", date="2026-09-01", extra=DONE))
    book.write("d.md", note(person="Later On", date="2026-12-20"))
    result = book.run("due")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "coffeechat agenda for Thu 2026-11-26 (overdue and due within 30 days)",
        "",
        "Overdue (1)",
        "  2026-11-23  3 days overdue  thank-you  Overdue Thanks  Acme Robotics  after your "
        "coffee chat on 2026-11-20" + " " * 44 + "notes/a.md",
        "",
        "Next 7 days (2)",
        "  2026-12-01  in 5 days       check-in   Check In        Acme Robotics  last contact "
        "2026-09-01" + " " * 57 + "notes/c.md",
        "  2026-12-02  in 6 days       interview  Chat Soon       Lumen          prep 1/6, "
        "missing company, values, person, goals, next_steps; 3 questions       notes/b.md",
        "",
        "Next 30 days (1)",
        "  2026-12-20  in 24 days      interview  Later On        Acme Robotics  prep 0/6, "
        "missing company, values, why, person, goals, next_steps; 0 questions  notes/d.md",
    ]


def test_text_agenda_empty_states(book: Book) -> None:
    result = book.run("due")
    assert result.exit_code == 0
    assert "Nothing due." in result.output
    assert "There are no notes in 'notes' yet." in result.output
    book.write("a.md", note(date="2026-01-05", extra="follow_up:\n  cadence: none\n  "
                                                     "thank_you: skipped"))
    result = book.run("due")
    assert "Nothing due. Plan your next conversation: write its note" in result.output
    assert "no notes" not in result.output


def test_values_cannot_break_the_terminal(book: Book) -> None:
    book.write("a.md", note(person='"Evil\\x1b[31m Red"', date="2026-11-20",
                            extra="follow_up:\n  cadence: none"))
    result = book.run("due")
    assert "\x1b" not in result.output
    assert result.exit_code == 1  # a control character in a value is an error (SPEC §6)
    assert "Evil" not in result.output


def test_due_exits_1_on_errors_but_prints_the_valid_agenda(book: Book) -> None:
    book.write("a.md", note(person="Valid", date="2026-11-20"))
    book.write("b.md", note(date="2026-02-30"))
    result = book.run("due", "--format", "json")
    assert result.exit_code == 1
    assert [i["person"] for i in json.loads(result.stdout)["items"]] == ["Valid"]
    assert result.stderr == ("Error: 1 note with errors left out of the agenda: run "
                             "`coffeechat check` to see them.\n")


def test_private_notes_are_in_the_cli_agenda(book: Book) -> None:
    book.write("a.md", note(person="Secret", extra="private: true"))
    assert [i[1] for i in items(book)] == ["Secret"]


# --- iCalendar -------------------------------------------------------------------------------

def _events(book: Book, today: str = "2026-11-26") -> dict[str, icalendar.Event]:
    result = book.run("due", "--format", "ics", "--within", "all", today=today)
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_ics_is_a_calendar_of_all_day_events_with_reminders(book: Book) -> None:
    book.write("a.md", note(person="Jane Doe", date="2026-11-20"))
    book.write("b.md", note(person="Bob Roe", company="Lumen", date="2027-02-01"))
    events = _events(book)
    assert set(events) == {"Send a thank-you to Jane Doe (Acme Robotics)",
                           "Check in with Jane Doe (Acme Robotics)",
                           "Coffee chat with Bob Roe (Lumen)"}
    thanks = events["Send a thank-you to Jane Doe (Acme Robotics)"]
    assert thanks.decoded("dtstart") == date(2026, 11, 23)
    assert thanks.decoded("dtend") == date(2026, 11, 24)
    (alarm,) = thanks.walk("VALARM")
    assert alarm["action"] == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(hours=9)
    assert len({str(e["uid"]) for e in events.values()}) == 3


def test_ics_uids_are_stable_and_a_check_in_moves(book: Book) -> None:
    book.write("a.md", note(date="2026-09-01", extra=DONE))
    first = _events(book)["Check in with Jane Doe (Acme Robotics)"]
    again = _events(book, today="2026-11-27")["Check in with Jane Doe (Acme Robotics)"]
    assert again["uid"] == first["uid"]
    logged = DONE + "\n  check_ins:\n    - date: 2026-11-25"
    book.write("a.md", note(date="2026-09-01", extra=logged))
    moved = _events(book)["Check in with Jane Doe (Acme Robotics)"]
    assert moved["uid"] == first["uid"]
    assert (first.decoded("dtstart"), moved.decoded("dtstart")) == (
        date(2026, 12, 1), date(2027, 2, 25))


def test_ics_is_byte_identical_for_the_same_input(book: Book) -> None:
    book.write("a.md", note(date="2026-09-01", extra=DONE))
    first = book.run("due", "--format", "ics").stdout_bytes
    assert book.run("due", "--format", "ics").stdout_bytes == first
    assert first.startswith(b"BEGIN:VCALENDAR\r\n")


# --- shared options --------------------------------------------------------------------------

def test_today_from_the_environment(book: Book) -> None:
    book.write("a.md", note(date="2026-11-20", extra="follow_up:\n  cadence: none"))
    result = book.run("due", "--format", "json", today=None,
                      env={"COFFEECHAT_TODAY": "2026-11-22"})
    assert json.loads(result.output)["today"] == "2026-11-22"
    result = book.run("due", "--format", "json", today="2026-11-24",
                      env={"COFFEECHAT_TODAY": "2026-11-22"})
    assert json.loads(result.output)["today"] == "2026-11-24"


def test_bad_today_is_a_usage_error(book: Book) -> None:
    result = book.run("due", today="2026-02-30")
    assert result.exit_code == 2
    assert "2026-02-30 is not a date (February 2026 has 28 days)" in result.output
    result = book.run("check", today=None, env={"COFFEECHAT_TODAY": "tomorrow"})
    assert result.exit_code == 2
    for text in ("2026-W48-4", "20261126", "2026-11-26T10:00"):  # not YYYY-MM-DD
        result = book.run("due", today=text)
        assert result.exit_code == 2
        assert f"`{text}` is not a date: write it as YYYY-MM-DD" in result.output


def test_notes_folder_from_mkdocs_yml_or_option(book: Book) -> None:
    book.config("site_name: x\ndocs_dir: journal\n")
    (book.root / "journal").mkdir()
    (book.root / "journal" / "a.md").write_text(note(date="2026-02-30"))
    assert book.run("check").output.startswith("journal/a.md:4: error: date:")
    book.write("b.md", note())
    assert book.run("check", "--notes", "notes").exit_code == 0


def test_missing_notes_folder(book: Book) -> None:
    result = book.run("due", "--notes", "nowhere")
    assert result.exit_code == 1
    assert result.output == ("Error: the notes folder 'nowhere' does not exist: pass --notes DIR,"
                             " or create it and write a note there\n")


def test_config_file_option_and_bad_options(book: Book) -> None:
    other = book.root / "other.yml"
    other.write_text("docs_dir: notes\nplugins:\n  - coffeechat:\n      cadence: sometimes\n")
    result = book.run("due", "--config", str(other))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {other}: plugins.coffeechat: option `cadence`: `sometimes` is not a cadence: "
        "use monthly, bimonthly, quarterly, semiannual, yearly, none, or "
        "\"N days|weeks|months\" (N from 1 to 999)\n")
    book.config("plugins:\n  coffeechat:\n    holidays: XX\n")
    assert "`XX` is not a country code" in book.run("check", "--notes", "notes").output
    book.config("plugins:\n  - coffeechat:\n      colour: blue\n")
    assert "unknown option `colour`" in book.run("check", "--notes", "notes").output
    book.config("plugins: [\n")
    result = book.run("check", "--notes", "notes")
    assert (result.exit_code, result.output.startswith("Error: mkdocs.yml: is not valid YAML")) \
        == (1, True)


def test_config_options_change_the_agenda(book: Book) -> None:
    book.config("docs_dir: notes\nplugins:\n  - coffeechat:\n      cadence: monthly\n"
                "      thank_you_days: 3\n      holidays: us\n")
    book.write("a.md", note(date="2026-11-20"))
    assert [(i[0], i[2]) for i in items(book)] == [("thank-you", "2026-11-25"),
                                                   ("check-in", "2026-12-21")]


def test_every_command_has_help(book: Book) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    for name, command in cli.commands.items():
        assert command.help, name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "--today" in result.output or name not in ("check", "due")
    assert CliRunner().invoke(cli, ["--help"]).exit_code == 0
    assert CliRunner().invoke(cli, ["nope"]).exit_code == 2


def test_colour_only_when_asked_and_alignment_survives_it(book: Book) -> None:
    import re

    from generator.cli.report import agenda_text
    from generator.core.followup import build_agenda
    from generator.core.notebook import load_notebook
    from generator.core.options import Options
    from generator.files.store import find_sources

    book.write("a.md", note(person="李小龍", date="2026-11-20"))
    book.write("b.md", note(person="Bob", date="2026-12-01"))
    today = date(2026, 11, 26)
    loaded = load_notebook(find_sources(str(book.notes)), today, Options())
    items = build_agenda(loaded.notes, today, Options())
    plain = agenda_text(items, today, days=30)
    coloured = agenda_text(items, today, days=30, style=True)
    assert "\x1b[" not in plain
    assert "\x1b[31m\x1b[1m3 days overdue" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    rows = [line for line in plain.splitlines() if line.startswith("  2026")]
    # the wide name takes four columns, so the company column starts at one place
    assert len({line.index("Acme") + ("李" in line) * 3 for line in rows}) == 1


# --- a past planned chat: confirm ------------------------------------------------------------

def test_a_past_planned_chat_is_to_confirm_in_every_format(book: Book) -> None:
    book.write("a.md", note(person="Jane Doe", date="2026-11-24", extra="status: planned"))
    assert items(book) == [("confirm", "Jane Doe", "2026-11-24", "overdue", -2, "notes/a.md")]
    text = book.run("due").output.splitlines()
    assert text[2:4] == ["Overdue (1)", (
        "  2026-11-24  2 days overdue  confirm  Jane Doe  Acme Robotics  did it happen? mark it "
        "done, then thank them — or cancelled: coffeechat log 'Jane Doe' --done (or "
        "--cancelled)  notes/a.md")]
    (event,) = _events(book).values()
    assert str(event["summary"]) == "Did the coffee chat with Jane Doe (Acme Robotics) happen?"
    assert event.decoded("dtstart") == date(2026, 11, 24)
    assert "did it happen?" in str(event["description"])


def test_confirming_turns_the_item_into_a_thank_you(book: Book) -> None:
    book.write("a.md", note(person="Jane Doe", date="2026-11-24", extra="status: planned"))
    result = book.run("log", "Jane", "--done")
    assert (result.exit_code, result.output) == (0, (
        "notes/a.md: marked done; thank-you due Wed 2026-11-25 (1 day overdue, then: "
        "coffeechat log Jane --thank-you)\n"))
    assert "\nstatus: done\n" in (book.notes / "a.md").read_text()
    assert [i[0] for i in items(book, "--within", "all")] == ["thank-you", "check-in"]


# --- a notebook found from anywhere (SPEC §5) ------------------------------------------------

def _notebook(book: Book) -> None:
    book.config("site_name: x\ndocs_dir: notes\nplugins:\n  - coffeechat:\n"
                "      thank_you_days: 3\n")
    book.write("a.md", note(date="2026-11-20"))
    (book.notes / "2026" / "deep").mkdir(parents=True)
    (book.root / "elsewhere").mkdir()


def test_every_command_works_from_any_folder_of_the_notebook(
        book: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    _notebook(book)
    for folder in (book.root, book.notes, book.notes / "2026" / "deep"):
        monkeypatch.chdir(folder)
        agenda = json.loads(book.run("due", "--format", "json").output)
        prefix = os.path.relpath(book.notes, folder)
        assert agenda["items"][0]["due"] == "2026-11-25"  # 3 business days: mkdocs.yml read
        assert agenda["items"][0]["path"] == os.path.normpath(f"{prefix}/a.md")
        assert book.run("check").exit_code == 0
    monkeypatch.chdir(book.notes / "2026" / "deep")
    result = book.run("new", "Sam Lee", "--company", "Acme", "--date", "2026-12-01")
    assert result.output == "../../2026-12-01-sam-lee-acme.md\n"
    assert (book.notes / "2026-12-01-sam-lee-acme.md").is_file()
    assert book.run("log", "Jane Doe", "--note", "x").output.startswith("../../a.md: recorded")


def test_notes_alone_still_reads_the_notebooks_mkdocs_yml(
        book: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    _notebook(book)
    for folder, notes in ((book.root, "notes"), (book.root / "elsewhere", "../notes"),
                          (Path("/"), str(book.notes))):
        monkeypatch.chdir(folder)
        agenda = json.loads(book.run("due", "--format", "json", "--notes", notes).output)
        assert agenda["items"][0]["due"] == "2026-11-25", folder


def test_outside_any_notebook_the_message_names_init(book: Book,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(book.root / "notes")  # a folder called notes, with nothing around it
    (book.root / "notes" / "inner").mkdir()
    monkeypatch.chdir(book.root / "notes" / "inner")
    for command in ("check", "due", "new"):
        args = [command, "Jane", "--company", "Acme"] if command == "new" else [command]
        result = book.run(*args)
        assert (result.exit_code, result.output) == (1, (
            "Error: this folder is not inside a coffeechat notebook (no mkdocs.yml here or "
            "above, and no notes/ folder): start one with `coffeechat init`, or pass --notes "
            "DIR\n"))
    assert os.listdir(book.root / "notes" / "inner") == []


def test_a_notes_folder_without_mkdocs_yml_is_a_notebook(book: Book) -> None:
    book.write("a.md", note(date="2026-11-20"))
    agenda = json.loads(book.run("due", "--format", "json").output)
    assert agenda["items"][0]["due"] == "2026-11-23"  # the default: 1 business day
