"""Hostile input beyond the note parser: each class of input, and the property it breaks.

Concurrent writers, links, long notes, extreme dates, odd names and file names, a closed
standard output, odd addresses, odd places to start a notebook: every command answers
with one line (or its usual output), never a traceback, and never loses a byte.
"""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from conftest import Book, note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.core.notebook import load_notebook
from generator.core.options import Options
from generator.files.store import find_sources

ROOT = Path(__file__).parent.parent


def _coffeechat(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, **kwargs)  # type: ignore


# --- writers at the same time, links -------------------------------------------------------

@pytest.mark.slow
def test_log_runs_at_the_same_time_all_land(book: Book) -> None:
    book.write("jane.md", note(extra="follow_up:\n  check_ins:\n"))
    runs = 8
    procs = [subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "log", "Jane Doe", "--note", f"run {i}",
         "--today", "2026-11-26"], cwd=book.root, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for i in range(runs)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read())  # type: ignore[union-attr]
               for p in procs]
    assert all(code == 0 for code, _, _ in results), results
    loaded = load_notebook(find_sources(str(book.notes)), date(2026, 11, 26), Options())
    (jane,) = loaded.notes
    assert sorted(c.remark for c in jane.check_ins) == sorted(f"run {i}" for i in range(runs))


def test_log_on_a_symlinked_note_edits_the_note_it_names(book: Book) -> None:
    real = book.write(".archive/jane.md", note())  # dot-folders are not read as notes
    (book.notes / "jane.md").symlink_to(real)
    result = book.run("log", "Jane Doe", "--note", "Coffee again")
    assert result.exit_code == 0, result.output
    assert (book.notes / "jane.md").is_symlink()
    assert "note: Coffee again" in real.read_text()


def test_log_refuses_a_date_past_the_calendar(book: Book) -> None:
    book.write("jane.md", note())
    before = (book.notes / "jane.md").read_bytes()
    result = book.run("log", "Jane Doe", "--date", "9999-12-31")
    assert result.exit_code == 2
    assert "9999-12-31 is outside the dates coffeechat works with" in result.output
    assert (book.notes / "jane.md").read_bytes() == before
    assert book.run("due").exit_code == 0


# --- a long note is a note -------------------------------------------------------------------

@pytest.mark.slow
def test_a_20_mb_body_is_read_and_logged(book: Book) -> None:
    body = ("A line of a pasted transcript, long enough to matter. " * 40 + "\n") * 9500
    path = book.write("long.md", note() + body)
    assert path.stat().st_size > 20_000_000
    assert book.run("check").output == "checked 1 note: 0 errors, 0 warnings\n"
    tracemalloc.start()
    load_notebook(find_sources(str(book.notes)), date(2026, 11, 26), Options())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * path.stat().st_size  # the bytes, their text and little more
    assert book.run("log", "Jane Doe", "--note", "After the long talk").exit_code == 0
    assert path.read_text().endswith(body)


def test_a_huge_front_matter_is_an_error(book: Book) -> None:
    book.write("huge.md", note(extra="role: " + "x" * 300_000))
    assert book.run("check").output.splitlines()[0] == (
        "notes/huge.md:1: error: file: the front matter is larger than 256 KiB, the most it may "
        "be: move long text into the body, below the closing `---`")


# --- dates at the end of the calendar ----------------------------------------------------------

EDGES = st.sampled_from(["1899-12-31", "1900-01-01", "1900-02-28", "2999-12-30", "2999-12-31",
                         "3000-01-01", "9999-12-31", "0001-01-01", "2026-11-20"])
CADENCES = st.sampled_from(["monthly", "999 months", "1000 months", "999 weeks", "1 day",
                            "none", "100000 months", "9" * 5000 + " days",
                            "0" * 5000 + "1 months", "00999 weeks"])


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(when=EDGES, next_date=EDGES, check_in=EDGES, cadence=CADENCES,
       today=st.sampled_from(["1900-01-01", "2026-11-26", "2999-12-31"]),
       status=st.sampled_from(["done", "planned"]))
def test_extreme_dates_check_and_due_agree_and_never_raise(
        tmp_path_factory: pytest.TempPathFactory, when: str, next_date: str, check_in: str,
        cadence: str, today: str, status: str) -> None:
    notes = tmp_path_factory.mktemp("edge") / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(note(date=when, extra=f"""
        status: {status}
        follow_up:
          cadence: "{cadence}"
          next: {next_date}
          check_ins:
            - date: {check_in}
        """))
    base = ["--notes", str(notes), "--config", os.devnull, "--today", today]
    check = CliRunner().invoke(cli, ["check", "--format", "json", *base], catch_exceptions=False)
    clean = json.loads(check.output)["errors"] == 0
    for fmt in ("text", "json", "ics"):
        due = CliRunner().invoke(cli, ["due", "--within", "all", "--format", fmt, *base],
                                 catch_exceptions=False)
        assert due.exit_code == (0 if clean else 1), due.output
    items = json.loads(CliRunner().invoke(
        cli, ["due", "--within", "all", "--format", "json", *base]).stdout)["items"]
    assert clean or not items  # a note check refuses gives no agenda item
    for item in items:
        assert "1900-01-01" <= item["due"] <= "9999-12-31"


@pytest.mark.slow
@pytest.mark.parametrize("today", ["1900-01-01", "2999-12-31"])
def test_init_and_build_at_the_ends_of_the_calendar(tmp_path: Path, today: str) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "book"), "--today", today])
    assert result.exit_code == 0, result.output
    build = _coffeechat("build", "--today", today, cwd=tmp_path / "book")
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "book" / "site" / "calendar.ics").is_file()


@pytest.mark.parametrize("today", ["9999-12-31", "1899-12-31", "0001-01-01"])
def test_today_outside_the_calendar_is_a_usage_error(book: Book, today: str) -> None:
    for command in ("check", "due", "new", "init"):
        args = [command, "Jane", "--company", "Acme"] if command == "new" else [command]
        result = book.run(*args, today=today)
        assert result.exit_code == 2, (command, result.output)
        assert "is outside the dates coffeechat works with" in result.output
    assert os.listdir(book.notes) == []


# --- names and file names ------------------------------------------------------------------

def test_new_with_a_very_long_name_writes_a_short_file_name(book: Book) -> None:
    name = "Jane " + "Verylongname" * 25
    result = book.run("new", name, "--company", "Ö" * 300, "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert len(path.name.encode()) < 200
    assert f"person: {name}\n" in (book.root / path).read_text()
    assert book.run("check").exit_code == 0


@pytest.mark.parametrize("args", [["new", "", "--company", "Acme"],
                                  ["new", "   ", "--company", "Acme"],
                                  ["new", "Jane", "--company", " "], ["log", " "]])
def test_blank_names_are_usage_errors(book: Book, args: list[str]) -> None:
    result = book.run(*args)
    assert result.exit_code == 2
    assert "must not be empty" in result.output
    assert os.listdir(book.notes) == []


def test_a_file_name_that_is_not_utf8(book: Book) -> None:
    book.write("good.md", note())
    with open(os.fsencode(book.notes) + b"/bad-\xff.md", "wb") as handle:
        handle.write(note().encode())
    check = book.run("check", "--format", "json")
    report = json.loads(check.output)
    assert report["errors"] == 1
    assert report["problems"][0]["path"] == "notes/bad-\ufffd.md"
    assert report["problems"][0]["message"] == "its name is not UTF-8 text: rename it"
    due = book.run("due", "--format", "ics", "--within", "all")
    assert due.exit_code == 1
    assert len(icalendar.Calendar.from_ical(due.stdout).walk("VEVENT")) == 2


# --- plumbing --------------------------------------------------------------------------------

def test_closed_standard_output(book: Book) -> None:
    book.write("a.md", note())
    result = subprocess.run([sys.executable, "-m", "generator.cli", "due", "--today",
                             "2026-11-26"], cwd=book.root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, timeout=60,
                            preexec_fn=lambda: os.close(1))
    assert result.returncode == 1
    assert result.stderr == "coffeechat: standard output is closed; nothing was done\n"


def _on_a_terminal(book: Book, env: dict[str, str]) -> bytes:
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "due", "--today",
                                "2026-11-26"], cwd=book.root, stdout=follower,
                               stderr=follower, env={**os.environ, **env})
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(leader)
    return output


@pytest.mark.slow
def test_colour_on_a_terminal_unless_no_color(book: Book) -> None:
    book.write("a.md", note())
    assert b"\x1b[" in _on_a_terminal(book, {})
    plain = _on_a_terminal(book, {"NO_COLOR": "1"})
    assert b"Overdue" in plain and b"\x1b[" not in plain


@pytest.mark.slow
def test_serve_on_a_port_in_use_or_out_of_range(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path), "--today", "2026-11-26"])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _coffeechat("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use")
    for address in ("127.0.0.1:99999", "nowhere", "127.0.0.1:-1"):
        result = _coffeechat("serve", "--dev-addr", address, cwd=tmp_path)
        assert result.returncode == 2
        assert "is not HOST:PORT with a port from 1 to 65535" in result.stderr


@pytest.mark.parametrize("blocker", ["notes", ".github", ".github/workflows"])
def test_init_where_a_folder_would_go_is_a_file(tmp_path: Path, blocker: str) -> None:
    (tmp_path / blocker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / blocker).write_text("mine\n")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert f"these exist already in {tmp_path}: {blocker}" in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_init_under_a_file_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("mine\n")
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "file" / "book")])
    assert result.exit_code == 1
    assert result.output == (f"Error: cannot write {tmp_path}/file/book/mkdocs.yml: "
                             "Not a directory\n")
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_a_failed_write_leaves_nothing_behind(book: Book, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    def no_space(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", no_space)
    result = book.run("new", "Jane Doe", "--company", "Acme", "--date", "2026-12-01")
    assert result.exit_code == 1
    assert result.output == ("Error: cannot write notes/2026-12-01-jane-doe-acme.md: No space "
                             "left on device\n")
    assert os.listdir(book.notes) == []


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_files_get_the_users_umask(book: Book, umask: int) -> None:
    old = os.umask(umask)
    try:
        result = book.run("new", "Jane Doe", "--company", "Acme", "--date", "2026-12-01")
        CliRunner().invoke(cli, ["init", str(book.root / "other")])
    finally:
        os.umask(old)
    mode = (book.root / result.output.strip()).stat().st_mode & 0o777
    assert mode == 0o666 & ~umask
    assert (book.root / "other" / "mkdocs.yml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_init_that_fails_midway_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    real_link, calls = os.link, []

    def link(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real_link(source, target)

    monkeypatch.setattr(os, "link", link)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new" / "book")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write {calls[3]}: No space left on device")
    assert os.listdir(tmp_path) == []
