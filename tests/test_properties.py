"""Property-based tests: no input makes the checker raise, and MkDocs agrees on front matter."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.cli import cli
from generator.core.followup import build_agenda
from generator.core.model import Note, Page, Severity
from generator.core.notebook import Source, load_note
from generator.core.options import Options
from generator.core.parse import decode, parse_front_matter

TODAY = date(2026, 11, 26)
FIELDS = ["person", "company", "date", "role", "status", "format", "email", "linkedin",
          "tags", "private", "prep", "questions", "follow_up", "kind", "thank_you", "cadence",
          "next", "check_ins", "note", "company", "values", "why", "goals", "next_steps"]


def _check(data: bytes) -> None:
    """Every problem is one line at a real line; a file is a note, a page, or says why not."""
    note, problems = load_note(Source("x.md", "x.md", data), TODAY, Options())
    lines = data.count(b"\n") + 1
    for problem in problems:
        assert "\n" not in str(problem)
        assert 1 <= problem.line <= lines, problem
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if isinstance(note, Note):
        assert not errors
        build_agenda([note], TODAY, Options())
    elif isinstance(note, Page):
        assert not errors and b"kind: page" in data
    else:
        assert errors, "a file that is neither a note nor a page must say why"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _check(data)
    _check(b"---\n" + data + b"\n---\n")


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_arbitrary_text_in_front_matter_never_raises(text: str) -> None:
    _check(("---\n" + text + "\n---\n").encode("utf-8", "surrogatepass"))


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=20), st.dates(),
    st.datetimes(timezones=st.just(UTC)), st.sampled_from(
        ["2026-02-30", "quarterly", "none", "3 weeks", "skipped", "planned", "done", "no",
         "2026-11-20", "jane@acme.example", "https://www.linkedin.com/in/x"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5),
    max_leaves=20,
)


@pytest.mark.slow
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), values, max_size=10))
def test_arbitrary_yaml_values_never_raise(front_matter: dict[str, object]) -> None:
    text = yaml.safe_dump(front_matter, allow_unicode=True, default_flow_style=False)
    _check(f"---\n{text}---\nBody\n".encode())


@given(st.sampled_from([d for d in (date(2026, 1, 1), datetime(2026, 1, 1, 12))]),
       st.sampled_from(["person", "company"]))
def test_dates_where_text_is_expected_say_quote_it(value: date, key: str) -> None:
    base = {"person": "Jane", "company": "Acme", "date": "2026-11-20"}
    text = yaml.safe_dump(base | {key: value})
    note, problems = load_note(Source("x.md", "x.md", f"---\n{text}---\n".encode()), TODAY,
                               Options())
    assert note is None
    assert [p.field for p in problems] == [key]
    assert "quote it" in problems[0].message


# --- agreement with MkDocs on what is front matter ------------------------------------------

LINES = ["---", "...", "--- ", "----", "-- -", "", " ", "a: 1", "b: [1, 2]", "c: x", "  d: 2",
         "- e", "# comment", "x", "{}", "'q'", ": :"]


@settings(max_examples=800)
@given(st.lists(st.sampled_from(LINES), max_size=8), st.sampled_from(["\n", "\r\n", "\r"]),
       st.booleans(), st.booleans())
def test_front_matter_is_exactly_what_mkdocs_reads(lines: list[str], newline: str, bom: bool,
                                                  final_newline: bool) -> None:
    text = newline.join(lines) + (newline if final_newline else "")
    data = ("\ufeff" if bom else "").encode() + text.encode()
    fm = parse_front_matter(data, "x.md")
    # MkDocs reads the file as utf-8-sig with universal newlines, then meta.get_data
    as_mkdocs_reads = decode(data, parse_front_matter(b"", "y.md"))
    assert as_mkdocs_reads is not None
    doc, meta = get_data(as_mkdocs_reads)
    mkdocs_took_it = as_mkdocs_reads.startswith("---") and doc != as_mkdocs_reads
    # MkDocs takes front matter whose YAML reads as a mapping; so does the checker (these
    # lines hold no alias or tag, which the checker refuses)
    assert mkdocs_took_it == fm.is_mapping, (text, meta, fm.problems)
    if mkdocs_took_it and fm.ok:
        assert fm.values == meta


@pytest.mark.slow
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.dictionaries(st.sampled_from(FIELDS), values, max_size=6))
def test_check_and_due_commands_never_raise(tmp_path_factory: pytest.TempPathFactory,
                                            data: bytes, front_matter: dict[str, object]
                                            ) -> None:
    """Through the command line: exit 0 or 1, never a traceback, nothing written."""
    notes = tmp_path_factory.mktemp("notes")
    (notes / "bytes.md").write_bytes(data)
    text = yaml.safe_dump(front_matter, allow_unicode=True)
    (notes / "values.md").write_text(f"---\n{text}---\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in notes.iterdir()}
    for command in (["check"], ["check", "--format", "json"], ["due", "--within", "all"],
                    ["due", "--format", "ics"]):
        result = CliRunner().invoke(cli, [*command, "--notes", str(notes), "--today",
                                          "2026-11-26", "--config", os.devnull],
                                    catch_exceptions=False)
        assert result.exit_code in (0, 1)
        assert "Traceback" not in result.output
        if command == ["check"]:
            assert result.output.splitlines()[-1].startswith("checked 2 notes: ")
    assert {p.name: p.read_bytes() for p in notes.iterdir()} == before


@pytest.mark.parametrize("breaker", ["\x85", "\u2028", "\u2029"])
def test_a_line_break_only_yaml_knows_keeps_problems_on_the_files_lines(breaker: str) -> None:
    """YAML breaks lines at NEL, LS and PS too; a problem names the line of the file."""
    data = (f'---\nperson: Jane\ncompany: Acme\nrole: "a{breaker}b{breaker}c"\n'
            "date: 2026-02-30\n---\n").encode()
    _, problems = load_note(Source("x.md", "x.md", data), TODAY, Options())
    assert [(p.field, p.line) for p in problems if p.field == "date"] == [("date", 5)]
