"""SPEC §4: `coffeechat check`, its exact reports and exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, Book, note

from generator.cli import cli

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.stem for p in CORPUS.glob("*.md"))


@pytest.mark.parametrize("name", CASES)
def test_corpus_report_is_exact(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each bad (or tricky) note gets exactly the report kept beside it."""
    monkeypatch.chdir(CORPUS)
    before = (CORPUS / f"{name}.md").read_bytes()
    result = CliRunner().invoke(cli, ["check", "--notes", ".", "--today", TODAY, f"{name}.md"],
                                catch_exceptions=False)
    expected = (CORPUS / f"{name}.expected").read_text(encoding="utf-8")
    assert result.output == expected
    assert result.exit_code == (1 if ": error: " in expected else 0)
    assert (CORPUS / f"{name}.md").read_bytes() == before


def test_corpus_together_reports_every_note_and_keeps_the_valid_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    result = CliRunner().invoke(cli, ["check", "--notes", ".", "--today", TODAY, "--format",
                                      "json"], catch_exceptions=False)
    report = json.loads(result.output)
    assert report["notes"] == len(CASES)
    together = {f"{p['path']}:{p['line']}: {p['severity']}: {p['field']}: {p['message']}"
                for p in report["problems"]}
    alone = {line for n in CASES for line in (CORPUS / f"{n}.expected").read_text().splitlines()
             if not line.startswith("checked ")}
    assert alone <= together
    # what only shows together: the many notes with Jane Doe on 2026-11-20
    assert all("is also with Jane Doe on 2026-11-20" in line for line in together - alone)
    due = CliRunner().invoke(cli, ["due", "--notes", ".", "--today", TODAY, "--format", "json",
                                   "--within", "all"], catch_exceptions=False)
    assert due.exit_code == 1
    paths = {item["path"] for item in json.loads(due.stdout)["items"]}
    # the valid notes still count: a thank-you from each that has not recorded one, and the
    # one contact's check-in from its latest conversation (a tie on the date: the first
    # path); the notes with errors are left out
    valid = sorted(f"{n}.md" for n in CASES
                   if ": error: " not in (CORPUS / f"{n}.expected").read_text())
    owing = {p for p in valid if "thank_you:" not in (CORPUS / p).read_text()}
    assert paths == owing | {valid[0]}
    assert len(owing) >= 5


def test_clean_notebook_exits_0(book: Book) -> None:
    book.write("a.md", note(extra="follow_up:\n  thank_you: 2026-11-21"))
    result = book.run("check")
    assert (result.exit_code, result.output) == (0, "checked 1 note: 0 errors, 0 warnings\n")


def test_warnings_exit_0_unless_strict(book: Book) -> None:
    book.write("a.md", note(extra="compnay: x"))
    assert book.run("check").exit_code == 0
    strict = book.run("check", "--strict")
    assert strict.exit_code == 1
    assert strict.output.splitlines()[0] == (
        "notes/a.md:5: warning: compnay: unknown key `compnay` (did you mean `company`?)")


def test_json_report(book: Book) -> None:
    book.write("a.md", note(date="2026-02-30"))
    book.write("b.md", note(extra="compnay: x"))
    result = book.run("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == {"notes": 2, "errors": 1, "warnings": 1, "problems": [
        {"path": "notes/a.md", "line": 4, "severity": "error", "field": "date",
         "message": "2026-02-30 is not a date (February 2026 has 28 days)"},
        {"path": "notes/b.md", "line": 5, "severity": "warning", "field": "compnay",
         "message": "unknown key `compnay` (did you mean `company`?)"},
    ]}


def test_check_only_the_paths_given(book: Book) -> None:
    book.write("a.md", note(date="2026-02-30"))
    book.write("sub/b.md", note())
    assert book.run("check", "notes/sub/b.md").output == "checked 1 note: 0 errors, 0 warnings\n"
    assert book.run("check", "notes/sub").exit_code == 0
    assert book.run("check", "notes/a.md").exit_code == 1
    missing = book.run("check", "notes/nope.md")
    assert missing.output.splitlines()[0] == "notes/nope.md:1: error: file: does not exist"


def test_sub_folders_are_walked_and_dot_folders_skipped(book: Book) -> None:
    book.write("2026/q4/a.md", note())
    book.write(".trash/b.md", "not a note")
    book.write("templates/t.md", "a template")
    book.write("readme.txt", "not markdown")
    assert book.run("check").output == "checked 1 note: 0 errors, 0 warnings\n"


def test_kind_page_is_not_validated(book: Book) -> None:
    book.write("about.md", "---\nkind: page\ntitle: About me\n---\n# About\n")
    assert book.run("check").output == "checked 1 note: 0 errors, 0 warnings\n"


# --- warnings that depend on today and the options ----------------------------------------

PREP_ALL = """
prep:
  company: a
  values: b
  why: c
  person: d
  goals: [e]
  next_steps: f
questions: [one, two, three]
"""


def test_prep_warning_within_the_window_names_missing_questions(book: Book) -> None:
    book.write("a.md", note(date="2026-12-03", extra="""
        prep:
          company: Knows the company
          values: ""
          goals: []
        questions: [one, two, three]
        """))
    assert book.run("check").output.splitlines() == [
        "notes/a.md:5: warning: prep: the conversation is in 7 days and prep is incomplete: "
        "missing values, why, person, goals, next_steps",
        "checked 1 note: 0 errors, 1 warning"]
    book.write("a.md", note(date="2026-12-04", extra="questions: [one, two, three]"))
    assert book.run("check").output == "checked 1 note: 0 errors, 0 warnings\n"
    book.write("b.md", note(person="Bob", date="2026-12-04", extra=PREP_ALL))
    assert book.run("check").output == "checked 2 notes: 0 errors, 0 warnings\n"


def test_too_few_questions(book: Book) -> None:
    book.write("a.md", note(date="2027-01-04", extra="questions:\n  - How did you start?"))
    assert book.run("check").output.splitlines()[0] == (
        "notes/a.md:5: warning: questions: 1 question prepared; prepare at least 3")


def test_options_from_mkdocs_yml(book: Book) -> None:
    book.config("""
        docs_dir: notes
        plugins:
          - search
          - coffeechat:
              prep_warning_days: 40
              min_questions: 1
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
        """)
    book.write("a.md", note(date="2027-01-04", extra="questions:\n  - How did you start?"))
    assert book.run("check").output.splitlines()[0] == (
        "notes/a.md:1: warning: prep: the conversation is in 39 days and prep is incomplete: "
        "missing company, values, why, person, goals, next_steps")


def test_still_planned_after_its_date(book: Book) -> None:
    book.write("a.md", note(extra="status: planned\n" + PREP_ALL))
    assert book.run("check").output.splitlines()[0] == (
        "notes/a.md:5: warning: status: still planned although its date (2026-11-20) has "
        "passed: set `status: done` (or `cancelled`)")


def test_dates_after_today(book: Book) -> None:
    book.write("a.md", note(date="2026-11-27", extra="""
        status: done
        follow_up:
          thank_you: 2026-11-28
          check_ins:
            - date: 2026-11-29
        """))
    assert book.run("check").output.splitlines() == [
        "notes/a.md:4: warning: date: the conversation is marked done but dated 2026-11-27, "
        "after today (2026-11-26)",
        "notes/a.md:7: warning: follow_up.thank_you: the thank-you is dated 2026-11-28, after "
        "today (2026-11-26)",
        "notes/a.md:9: warning: follow_up.check_ins[0].date: the check-in is dated 2026-11-29, "
        "after today (2026-11-26)",
        "checked 1 note: 0 errors, 3 warnings"]


def test_same_person_same_date(book: Book) -> None:
    book.write("a.md", note(person="Jane Doe"))
    book.write("b.md", note(person="JANE  doe"))
    assert book.run("check").output.splitlines()[0] == (
        "notes/b.md:4: warning: date: notes/a.md is also with JANE  doe on 2026-11-20: "
        "is one a copy?")


@pytest.mark.parametrize("path", ["index.md", "README.md", "upcoming.md", "upcoming/index.md",
                                  "upcoming/README.md", "people.md", "people/jane-doe.md",
                                  "companies/index.md", "companies/acme-robotics.md", "tags.md",
                                  "tags/index.md"])
def test_generated_page_paths(book: Book, path: str) -> None:
    book.write(path, note())
    assert book.run("check").output.splitlines()[0].startswith(
        f"notes/{path}:1: warning: file: this path is taken by ")


@pytest.mark.parametrize("path", ["people/notes-on-networking.md", "companies/acme.md",
                                  "readme-first.md", "upcoming/later.md"])
def test_paths_beside_generated_pages_are_fine(book: Book, path: str) -> None:
    """Only a path that MkDocs would turn into a generated page's URL is warned about."""
    book.write(path, note())
    assert book.run("check").output == "checked 1 note: 0 errors, 0 warnings\n"


def test_generated_page_paths_follow_use_directory_urls(book: Book) -> None:
    book.config("docs_dir: notes\nuse_directory_urls: false\n")
    book.write("upcoming.md", note(date="2026-11-19"))  # upcoming.html: no clash
    book.write("people/index.md", note())  # people/index.html: the people index
    result = book.run("check")
    assert result.stdout.splitlines() == [
        "notes/people/index.md:1: warning: file: this path is taken by the people index that "
        "the site generates: move the note to another folder",
        "checked 2 notes: 0 errors, 1 warning"]
    assert result.stderr.startswith("notice: a plain `mkdocs build`")  # no plugin listed


# --- files that are not notes --------------------------------------------------------------

def test_links_folders_and_sizes(book: Book, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(note())
    os.symlink(outside, book.notes / "linked.md")
    os.symlink(tmp_path / "gone.md", book.notes / "broken.md")
    os.symlink(tmp_path, book.notes / "loop")  # a folder outside (and a loop)
    (book.notes / "x.md").mkdir()
    book.write("x.md/inside.md", note(person="Inside"))
    book.write("inside-link-target.md", note(person="Target"))
    os.symlink(book.notes / "inside-link-target.md", book.notes / "z-inside-link.md")
    os.mkfifo(book.notes / "pipe.md")
    result = book.run("check")
    assert result.output.splitlines() == [
        "notes/broken.md:1: error: file: is a broken link",
        "notes/linked.md:1: error: file: is a link to a file outside the notes folder: move "
        "the file into the notes folder instead",
        "notes/loop:1: error: file: is a link to a file outside the notes folder: move the "
        "file into the notes folder instead",
        "notes/pipe.md:1: error: file: is not a regular file",
        "notes/x.md:1: error: file: is a folder, not a note: rename the folder",
        "notes/z-inside-link.md:4: warning: date: notes/inside-link-target.md is also with "
        "Target on 2026-11-20: is one a copy?",
        "checked 8 notes: 5 errors, 1 warning",
    ]
    assert result.exit_code == 1


def test_check_writes_nothing(book: Book) -> None:
    book.write("a.md", note(date="2026-02-30"))
    book.write("b.md", "\ufeff---\r\nperson: x\r\n")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in book.root.rglob("*")
              if p.is_file()}
    book.run("check")
    book.run("due")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in book.root.rglob("*")
             if p.is_file()}
    assert after == before
