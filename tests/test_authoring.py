"""`new`, `log`, `init`, `schema` and the pre-commit hook: writing notes without losing a byte."""

from __future__ import annotations

import difflib
import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import Book, note
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.cli import cli

ROOT = Path(__file__).parent.parent
GOLDEN = Path(__file__).parent / "golden" / "log"
CASES = sorted(p.name.removesuffix(".md") for p in GOLDEN.glob("*.md")
               if not p.name.endswith(".expected.md"))


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- new -------------------------------------------------------------------------------------

def test_new_writes_the_template_and_prints_its_path(book: Book) -> None:
    result = book.run("new", "Jane Doé", "--company", "Acme: Robotics", "--date", "2026-12-01",
                      "--role", "CTO", "--format", "video")
    assert (result.exit_code, result.output) == (
        0, "notes/2026-12-01-jane-doe-acme-robotics.md\n")
    text = (book.notes / "2026-12-01-jane-doe-acme-robotics.md").read_text()
    assert text.startswith("---\nperson: Jane Doé\ncompany: 'Acme: Robotics'\ndate: 2026-12-01\n"
                           "role: CTO\nstatus: planned\nformat: video\n")
    assert "  why:        # Why am I interested in this company?\n" in text
    assert "  - How did you start with this organization?\n" in text
    assert "## What I learned\n" in text and "## Promises made\n" in text
    check = book.run("check")
    assert check.exit_code == 0
    assert [line.split(": ")[2] for line in check.output.splitlines()[:-1]] == ["prep"]


def test_new_prefills_what_is_known_and_never_overwrites(book: Book) -> None:
    book.write("old.md", note(person="jane doe", extra="""
        role: Staff Engineer
        email: jane@acme.example
        linkedin: https://www.linkedin.com/in/jane
        referred_by: Sam Lee
        """))
    result = book.run("new", "Jane Doe", "--company", "Acme Robotics")
    path = book.root / result.output.strip()
    text = path.read_text()
    for line in ("role: Staff Engineer", "email: jane@acme.example",
                 "linkedin: https://www.linkedin.com/in/jane", "referred_by: Sam Lee",
                 "date: 2026-11-26", "status: planned"):
        assert f"\n{line}\n" in text
    before = _snapshot(book.notes)
    again = book.run("new", "Jane Doe", "--company", "Acme Robotics")
    assert again.exit_code == 1
    assert again.output == ("Error: a conversation with Jane Doe at Acme Robotics is planned "
                            "on 2026-11-26 already (notes/2026-11-26-jane-doe-acme-robotics.md):"
                            " to move it, edit its date\n")
    assert _snapshot(book.notes) == before


def test_new_quotes_values_yaml_would_misread(book: Book) -> None:
    result = book.run("new", "no", "--company", "#1 [Corp]", "--date", "2026-10-01")
    text = (book.root / result.output.strip()).read_text()
    assert "person: 'no'\ncompany: '#1 [Corp]'\n" in text
    assert "status: done" in text
    assert book.run("check").exit_code == 0


def test_new_edit_opens_the_editor(book: Book, tmp_path: Path) -> None:
    marker = tmp_path / "opened"
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\necho \"$1\" > {marker}\n")
    editor.chmod(0o755)
    result = book.run("new", "Bob", "--company", "B", "--edit", env={"EDITOR": str(editor)})
    assert result.exit_code == 0
    assert marker.read_text().strip().endswith("notes/2026-11-26-bob-b.md")


# --- log -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", CASES)
def test_log_golden_edit_adds_only_its_lines(name: str, book: Book) -> None:
    source = (GOLDEN / f"{name}.md").read_bytes()
    expected = (GOLDEN / f"{name}.expected.md").read_bytes()
    (book.notes / "note.md").write_bytes(source)
    result = book.run("log", "Jane Doe", "--date", "2026-11-25", "--note", "Coffee: again")
    assert result.exit_code == 0, result.output
    assert (book.notes / "note.md").read_bytes() == expected
    before, after = source.decode().splitlines(), expected.decode().splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    if "flow" not in name:  # a flow collection grows on its own line
        assert all(line.startswith("+ ") for line in changes), changes
    assert book.run("check").exit_code == 0


def test_log_prints_the_next_check_in_and_records_thank_you_and_next(book: Book) -> None:
    book.write("a.md", note(date="2026-11-20", extra="follow_up:\n  thank_you:\n"))
    result = book.run("log", "jane doe", "--thank-you", "--date", "2026-11-21")
    # 2026-11-20 + 3 months is Saturday 2027-02-20, rolled forward to Monday
    assert result.output == "notes/a.md: recorded; next check-in: Mon 2027-02-22\n"
    assert "  thank_you: 2026-11-21\n" in (book.notes / "a.md").read_text()
    result = book.run("log", "Jane", "--next", "2027-01-09")
    assert result.output == "notes/a.md: recorded; next check-in: Sat 2027-01-09\n"
    assert "  next: 2027-01-09\n" in (book.notes / "a.md").read_text()
    assert "check_ins" not in (book.notes / "a.md").read_text()
    result = book.run("log", "Jane", "--next", "2027-03-01", "--note", "Snoozed")
    text = (book.notes / "a.md").read_text()
    assert "  next: 2027-03-01\n" in text and "note: Snoozed" in text
    assert result.output.endswith("next check-in: Mon 2027-03-01\n")


def test_log_writes_into_the_latest_conversation(book: Book) -> None:
    book.write("old.md", note(date="2026-06-01"))
    book.write("new.md", note(person="JANE DOE", date="2026-10-01"))
    book.write("planned.md", note(date="2026-12-10"))
    before = (book.notes / "old.md").read_bytes()
    assert book.run("log", "Jane Doe").exit_code == 0
    assert "- date: 2026-11-26" in (book.notes / "new.md").read_text()
    assert (book.notes / "old.md").read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["log", "Bob Roe"], "Error: no notes with 'Bob Roe'.\n"),
    (["log", "Jane Doo"], "Error: no notes with 'Jane Doo'. Did you mean 'Jane Doe' or "
                             "'Jane Roe'?\n"),
    (["log", "Jane"], "Error: 'Jane' could be any of: Jane Doe; Jane Roe. Use the full name\n"),
    (["log", "Planned Only"], "Error: no conversation with Planned Only has happened yet (no "
                              "`done` note): log records what follows one\n"),
    (["log", "Jane Doe", "--date", "2026-11-01"],
     "Error: 2026-11-01 is before the conversation of 2026-11-20 in notes/a.md\n"),
])
def test_log_refusals_touch_nothing(book: Book, args: list[str], message: str) -> None:
    book.write("a.md", note(person="Jane Doe"))
    book.write("b.md", note(person="Jane Roe"))
    book.write("c.md", note(person="Planned Only", date="2026-12-24"))
    before = _snapshot(book.notes)
    result = book.run(*args)
    assert (result.exit_code, result.output) == (1, message)
    assert _snapshot(book.notes) == before


def test_log_quotes_notes_for_flow_collections(book: Book) -> None:
    book.write("a.md", note(extra="follow_up: {check_ins: []}"))
    result = book.run("log", "Jane Doe", "--note", "0{, [x]")
    assert result.exit_code == 0, result.output
    assert "follow_up: {check_ins: [{date: 2026-11-26, note: '0{, [x]'}]}\n" in \
        (book.notes / "a.md").read_text()
    assert book.run("check").exit_code == 0


def test_log_quotes_yaml_line_breaks(book: Book) -> None:
    book.write("a.md", note())
    assert book.run("log", "Jane Doe", "--note", "one\x85two\u2028three").exit_code == 0
    assert '    - date: 2026-11-26\n      note: "one\\Ntwo\\Lthree"\n' in \
        (book.notes / "a.md").read_text()


def test_log_refuses_while_a_note_that_could_be_theirs_has_errors(book: Book) -> None:
    book.write("a.md", note())
    book.write("broken.md", note(date="2026-02-30"))
    book.write("other.md", note(person="Sam Lee", date="2026-02-30"))
    before = _snapshot(book.notes)
    result = book.run("log", "Jane")
    assert (result.exit_code, result.output) == (1, (
        "Error: 1 note has errors and could be Jane's: notes/broken.md (it names Jane Doe); "
        "fix it first (run coffeechat check)\n"))
    book.write("unreadable.md", "---\nperson: [Jane\ncompany: x\n---\n")
    before = _snapshot(book.notes)
    result = book.run("log", "Jane Doe")
    assert (result.exit_code, result.output) == (1, (
        "Error: 2 notes have errors and could be Jane Doe's: notes/broken.md (it names Jane "
        "Doe); notes/unreadable.md (its person cannot be read); fix them first (run coffeechat "
        "check)\n"))
    bad = book.run("log", "Jane Doe", "--date", "yesterday")
    assert bad.exit_code == 2
    assert _snapshot(book.notes) == before


def test_a_broken_note_of_someone_else_does_not_block_log(book: Book) -> None:
    book.write("a.md", note())
    book.write("other.md", note(person="Sam Lee", date="2026-02-30"))
    result = book.run("log", "Jane Doe", "--note", "Coffee again")
    assert result.exit_code == 0, result.output
    assert "note: Coffee again" in (book.notes / "a.md").read_text()


def test_log_refuses_mixed_line_endings_and_multi_line_values(book: Book) -> None:
    (book.notes / "a.md").write_bytes(b"---\r\nperson: Jane Doe\ncompany: Acme\r\n"
                                      b"date: 2026-11-20\r\n---\r\n")
    before = _snapshot(book.notes)
    result = book.run("log", "Jane Doe")
    assert result.exit_code == 1 and "line endings are mixed" in result.output
    book.write("a.md", note(extra="follow_up:\n  thank_you: >-\n    2026-11-21"))
    before = _snapshot(book.notes)
    result = book.run("log", "Jane Doe", "--thank-you")
    assert result.exit_code == 1 and "is not a one-line value" in result.output
    assert _snapshot(book.notes) == before


@pytest.mark.parametrize("failure", [OSError("No space left on device"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_the_note_whole(book: Book, failure: BaseException,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    book.write("a.md", note())
    before = _snapshot(book.notes)

    def crash(*args: object) -> None:
        raise failure

    monkeypatch.setattr(os, "replace", crash)
    result = book.run("log", "Jane Doe")
    assert result.exit_code == 1
    assert ("No space left on device" if isinstance(failure, OSError) else "Aborted!") \
        in result.output
    assert _snapshot(book.notes) == before  # no half note, no temporary file left


LAYOUTS = st.sampled_from([
    "", "follow_up:\n  cadence: monthly\n", "follow_up:\n", "follow_up:\n  check_ins: []\n",
    "follow_up:\n  check_ins:\n    - date: 2026-11-21\n      note: x\n",
    "follow_up: {cadence: none}\n", "follow_up:\n    check_ins:\n    -   date: 2026-11-21\n",
])


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=LAYOUTS, person=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
                                      min_size=1, max_size=20).filter(str.strip),
       # tab, LF and CR, but no control character: --note refuses those (SPEC §6)
       text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
                    | st.sampled_from("\t\n\r"), max_size=40),
       body=st.text(max_size=80), crlf=st.booleans())
def test_log_then_check_is_clean(tmp_path_factory: pytest.TempPathFactory, layout: str,
                                 person: str, text: str, body: str, crlf: bool) -> None:
    from generator.core.edit import scalar

    folder = tmp_path_factory.mktemp("prop")
    notes = folder / "notes"
    notes.mkdir()
    source = (f"---\nperson: {scalar(person)}\ncompany: Acme\ndate: 2026-11-20\n{layout}---\n"
              + body.replace("\r", ""))
    if crlf:
        source = source.replace("\n", "\r\n")
    (notes / "a.md").write_bytes(source.encode())
    base = ["--notes", str(notes), "--today", "2026-11-26", "--config", os.devnull]
    checked = CliRunner().invoke(cli, ["check", *base], catch_exceptions=False)
    assume(checked.exit_code == 0)  # a generated note the checker rejects: not this test's
    result = CliRunner().invoke(cli, ["log", "--note", text, *base, "--", person],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    after = (notes / "a.md").read_bytes().decode()
    closing = "\r\n---\r\n" if crlf else "\n---\n"
    assert after.endswith(closing + source.split(closing, 1)[1])  # the body is untouched
    assert CliRunner().invoke(cli, ["check", *base]).exit_code == 0
    from generator.core.fields import read_note
    from generator.core.parse import parse_front_matter

    logged = read_note(parse_front_matter(after.encode(), "a.md"), "a.md", date(2026, 11, 26))
    assert logged is not None and not isinstance(logged, str)
    assert logged.check_ins[-1].date == date(2026, 11, 26)  # type: ignore[union-attr]
    assert logged.check_ins[-1].remark == text.strip()  # type: ignore[union-attr]


# --- init ------------------------------------------------------------------------------------

def test_init_scaffolds_a_notebook_that_checks_and_builds(tmp_path: Path) -> None:
    folder = tmp_path / "notebook"
    result = CliRunner().invoke(cli, ["init", str(folder), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and ".git" not in p.relative_to(folder).parts)
    assert (folder / ".git").is_dir()  # a repository, ready for `git add -A`
    assert "made it a git repository (git init)" in result.output
    assert files == [".github/workflows/coffeechat.yml", ".gitignore",
                     ".pre-commit-config.yaml", "mkdocs.yml",
                     "notes/2026-12-03-alex-example-example-corp.md",  # no theme copied
                     "zensical.toml"]  # stops a plain `zensical build` (SPEC §6)
    workflow = yaml.safe_load((folder / ".github/workflows/coffeechat.yml").read_text())
    assert workflow[True]["schedule"] == [{"cron": "0 5 * * *"}]  # `on:` reads as True
    steps = [s.get("run", s.get("uses")) for s in workflow["jobs"]["site"]["steps"]]
    assert "coffeechat check" in steps and "coffeechat build" in steps
    assert "actions/deploy-pages@v4" in steps
    hooks = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text())
    assert hooks["repos"][0]["hooks"][0]["entry"] == "coffeechat check"
    base = ["--notes", str(folder / "notes"), "--config", str(folder / "mkdocs.yml"),
            "--today", "2026-11-26"]
    check = CliRunner().invoke(cli, ["check", *base])
    assert (check.exit_code, check.output) == (0, "checked 1 note: 0 errors, 0 warnings\n")
    built = CliRunner().invoke(cli, ["build", "--strict", *base, "--site-dir",
                                     str(folder / "site")])
    assert built.exit_code == 0, built.output
    assert "WARNING" not in built.output  # the example builds with no warning
    assert "cc-badge" in (folder / "site/upcoming/index.html").read_text()
    assert (folder / "site/assets/stylesheets/coffeechat.css").is_file()
    from mkdocs.utils.yaml import get_yaml_loader  # `!ENV` as MkDocs reads it

    config = yaml.load((folder / "mkdocs.yml").read_text(), Loader=get_yaml_loader())
    assert config["site_url"] is None  # SITE_URL unset: no site_url
    sample = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    assert config["theme"]["features"] == sample["theme"]["features"]  # what the sample has
    assert config["markdown_extensions"] == sample["markdown_extensions"]


def test_init_refuses_when_any_file_exists(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("mine\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "these exist already" in result.output and ".gitignore" in result.output
    assert [p.name for p in tmp_path.iterdir()] == [".gitignore"]
    assert (tmp_path / ".gitignore").read_text() == "mine\n"


# --- schema and the pre-commit hook ----------------------------------------------------------

def test_pre_commit_hooks_file() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks == [{"id": "coffeechat-check", "name": "coffeechat check",
                      "description": hooks[0]["description"], "entry": "coffeechat check",
                      "language": "python", "files": r"^notes/.*\.md$",
                      "pass_filenames": False}]


@pytest.mark.parametrize("closing", ["---", "..."])
def test_the_body_is_found_where_mkdocs_finds_it(closing: str) -> None:
    from generator.core.edit import body_of

    body = "A body whose first rule\n---\nis not the end of the front matter.\n---\n"
    text = f"---\nperson: Jane\n{closing}\n{body}"
    assert body_of(text) == body
    assert body_of("\ufeff" + text.replace("\n", "\r\n")) == body


def test_new_writes_planned_unless_the_day_has_passed(book: Book) -> None:
    """`new` prepares a conversation: one dated today is planned. A note that says nothing
    about its status is read as SPEC §2 says: planned only after today."""
    for when, written, unwritten in (("2026-11-25", "done", "done"),
                                     ("2026-11-26", "planned", "done"),
                                     ("2026-11-27", "planned", "planned")):
        result = book.run("new", "Jane Doe", "--company", "Acme", "--date", when)
        path = book.root / result.output.strip()
        text = path.read_text()
        assert f"\nstatus: {written}\n" in text
        for status in (written, unwritten):
            due = json.loads(book.run("due", "--format", "json", "--within", "all").output)
            kinds = {item["kind"] for item in due["items"] if item["path"].endswith(path.name)}
            assert ("interview" in kinds) == (status == "planned"), (when, kinds)
            path.write_text(text.replace(f"\nstatus: {written}\n", "\n"))
        path.unlink()


def test_log_a_thank_you_with_a_note_is_a_usage_error(book: Book) -> None:
    book.write("a.md", note())
    before = (book.notes / "a.md").read_bytes()
    result = book.run("log", "Jane Doe", "--thank-you", "--note", "Lovely chat")
    assert result.exit_code == 2
    assert "a thank-you has none" in result.output
    assert (book.notes / "a.md").read_bytes() == before


def test_new_prefills_from_the_note_log_writes_to(book: Book) -> None:
    """On a tie of dates, the first path is the latest conversation, for `log` and `new`."""
    book.write("a.md", note(extra="role: Role A"))
    book.write("b.md", note(extra="role: Role B"))
    assert book.run("log", "Jane Doe", "--note", "x").output.startswith("notes/a.md: recorded")
    result = book.run("new", "Jane Doe", "--company", "Acme", "--date", "2026-12-01")
    assert "\nrole: Role A\n" in (book.root / result.output.strip()).read_text()


def test_log_done_and_cancelled_edit_only_the_status(book: Book) -> None:
    source = note(person="Jane Doe", date="2026-11-24", extra="""
        role: CTO
        status: planned   # until it happens
        format: coffee
        """)
    book.write("a.md", source)
    book.write("b.md", note(person="Jane Doe", date="2026-12-24", extra="status: planned"))
    result = book.run("log", "Jane Doe", "--cancelled")
    assert (result.exit_code, result.output) == (0, "notes/a.md: marked cancelled (it was "
                                                    "planned)\n")
    after = (book.notes / "a.md").read_text()
    assert after == source.replace("status: planned   #", "status: cancelled   #")
    assert book.run("check").exit_code == 0
    result = book.run("log", "Jane Doe", "--done")
    assert (result.exit_code, result.output) == (1, (
        "Error: the conversation with Jane Doe is on 2026-12-24 (notes/b.md), after 2026-11-26: "
        "mark it done once it has happened, or cancelled if it will not (coffeechat log "
        "'Jane Doe' --cancelled)\n"))


@pytest.mark.parametrize("extra", [["--note", "x"], ["--thank-you"], ["--next", "2027-01-01"],
                                   ["--date", "2026-11-25"], ["--cancelled"]])
def test_log_done_with_other_flags_is_a_usage_error(book: Book, extra: list[str]) -> None:
    book.write("a.md", note(date="2026-11-24", extra="status: planned"))
    before = _snapshot(book.notes)
    result = book.run("log", "Jane Doe", "--done", *extra)
    assert result.exit_code == 2
    assert _snapshot(book.notes) == before


def test_log_after_a_past_planned_chat_says_to_mark_it_done(book: Book) -> None:
    book.write("a.md", note(date="2026-11-24", extra="status: planned"))
    result = book.run("log", "Jane Doe", "--note", "x")
    assert (result.exit_code, result.output) == (1, (
        "Error: no conversation with Jane Doe has happened yet (no `done` note): log records "
        "what follows one; if the planned one happened, mark it done first: coffeechat log "
        "'Jane Doe' --done\n"))


def test_new_says_what_is_wrong_with_a_date(book: Book) -> None:
    result = book.run("new", "Jane Doe", "--company", "Acme", "--date", "2026-13-01")
    assert result.exit_code == 2
    assert "2026-13-01 is not a date (there is no month 13)" in result.output
    result = book.run("new", "Jane Doe", "--company", "Acme", "--date", "2026-02-29")
    assert "2026-02-29 is not a date (February 2026 has 28 days)" in result.output
