"""Leftovers of the last hostile round (issue 13, class 7): a file named several times is
one file, and `log --next` before the conversation is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, Book, note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli


def _spellings(root: Path, name: str) -> list[str]:
    """Ways to name notes/NAME (or its folder) on the command line from `root`."""
    return [f"notes/{name}", f"./notes/{name}", f"notes/../notes/{name}",
            str(root / "notes" / name), f"notes//{name}", "notes", "notes/", str(root / "notes"),
            f"link-to-{name}"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.tuples(st.sampled_from(["a.md", "b.md"]), st.integers(0, 8)),
                      min_size=1, max_size=6))
def test_each_file_is_checked_once_however_often_it_is_named(
        tmp_path_factory: pytest.TempPathFactory, picks: list[tuple[str, int]]) -> None:
    root = tmp_path_factory.mktemp("named")
    (root / "notes").mkdir()
    (root / "notes" / "a.md").write_text(note("Ann Lee", extra="compnay: typo"))
    (root / "notes" / "b.md").write_text(note("Bo Kim"))
    for name in ("a.md", "b.md"):
        os.symlink(root / "notes" / name, root / f"link-to-{name}")
    args = [_spellings(root, name)[i] for name, i in picks]
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["check", "--format", "json", *args,
                                          "--today", TODAY], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    report = json.loads(result.output)
    folder = any(not _spellings(root, n)[i].endswith(".md") for n, i in picks)
    named = {"a.md", "b.md"} if folder else {n for n, _ in picks}
    assert report["notes"] == len(named), args
    assert report["warnings"] == ("a.md" in named), report["problems"]  # the typo, once
    assert not any("copy" in p["message"] for p in report["problems"])


def test_log_next_before_the_conversation_is_refused(book: Book) -> None:
    path = book.write("jane.md", note(extra="status: done"))
    before = path.read_bytes()
    result = book.run("log", "Jane", "--next", "2026-11-19")
    assert result.exit_code == 1
    assert result.output.startswith("Error: --next 2026-11-19 is before the conversation of "
                                    "2026-11-20")
    assert path.read_bytes() == before
    # the day of the conversation itself, or any day after it, is an agreed date
    assert book.run("log", "Jane", "--next", "2026-11-20").exit_code == 0
