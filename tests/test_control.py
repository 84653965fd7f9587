"""Bytes that are not text (SPEC §6): control characters — C0 but tab, LF and CR, and DEL —
never reach a page, an SVG, the calendar or the terminal raw; C1 (U+0080–U+009F) is text.

In a front-matter value a control character is an error on its line; in a body it is
shown as its Control Picture (␛); on a terminal as `\\x1b`. A terminal that cannot show
a letter gets a replacement, never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import Book, note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sites import build, make_notebook, site_texts

from generator.core.ics import agenda_calendar
from generator.core.model import Note, Referral
from generator.core.notebook import Source, load_notebook
from generator.core.options import Options
from generator.core.text import CONTROL, pictured, terminal
from generator.site.model import build_site_model
from generator.site.render import Renderer

ROOT = Path(__file__).parent.parent
TODAY = "2026-11-26"
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f"]
#: What a terminal must not get raw: the control characters, CR and C1.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Text around a control character: letters, accents, wide letters, C1, markup.
_AROUND = st.text(st.sampled_from(list("Ja né李<&>'\"|#*`[]") + ["\x85", "\x9b"]), max_size=6)
HOSTILE = st.tuples(_AROUND, st.sampled_from(CONTROLS), _AROUND,
                    st.sampled_from(["", *CONTROLS])).map("".join)


def _no_control(text: str | bytes, where: str = "") -> None:
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    found = CONTROL.search(text)
    assert found is None, f"{where}: U+{ord(found.group()):04X} at {found.start()}: " \
                          f"{text[max(found.start() - 60, 0):found.start() + 20]!r}"


def test_the_definition_is_c0_but_tab_lf_cr_and_del_not_c1() -> None:
    assert [chr(c) for c in range(0x100) if CONTROL.match(chr(c))] == CONTROLS
    assert pictured("a\x1b[31m\x07\x00\x7f\tb\x85\x9b") == "a␛[31m␇␀␡\tb\x85\x9b"
    assert terminal("a\x1b[31m\r\x9bb\tc\n") == "a\\x1b[31m\\x0d\\x9bb\tc\n"


# --- a value: an error on its line -------------------------------------------------------

#: Where a text value stands: (FIELD, the front-matter lines after `date:`, with {v} for
#: the value, or a whole front matter for a target company's file; the LINE of the value).
_PLACES = [
    ("person", "person: {v}", 2),
    ("company", "company: {v}", 3),
    ("role", "role: {v}", 5),
    ("phone", "phone: {v}", 5),
    ("email", "email: {v}", 5),
    ("linkedin", "linkedin: {v}", 5),
    ("referred_by", "referred_by: {v}", 5),
    ("status", "status: {v}", 5),
    ("title", "title: {v}", 5),
    ("pronouns", "pronouns: {v}", 5),  # an unknown key: its value too
    ("tags[1]", "tags: [work, {v}]", 5),
    ("questions[1]", "questions:\n  - Why?\n  - {v}", 7),
    ("prep.why", "prep:\n  company: Robots\n  why: {v}", 7),
    ("prep.goals[1]", "prep:\n  goals:\n    - learn\n    - {v}", 8),
    ("follow_up.check_ins[0].note",
     "follow_up:\n  check_ins:\n    - date: 2026-11-22\n      note: {v}", 8),
    ("referrals[0].person", "referrals:\n  - person: {v}\n    company: Beta", 6),
    ("referrals[0].company", "referrals:\n  - person: Ann Lee\n    company: {v}", 7),
    ("referrals[0].note", "referrals:\n  - person: Ann Lee\n    note: {v}", 7),
    ("company", "kind: company\ncompany: {v}\nmotivation: 2", 3),
    ("website", "kind: company\ncompany: Acme\nwebsite: {v}", 4),
    ("tags[0]", "kind: company\ncompany: Acme\ntags:\n  - {v}", 5),
]


def _front_matter(field: str, lines: str, value: str) -> str:
    if lines.startswith("kind: company"):
        return f"---\n{lines.format(v=value)}\n---\nBody\n"
    fm = {"person": "person: Jane Doe", "company": "company: Acme Robotics"}
    head = [fm["person"], fm["company"], "date: 2026-11-20"]
    if field in fm:
        head[list(fm).index(field)] = lines.format(v=value)
        return "---\n" + "\n".join(head) + "\n---\nBody\n"
    return "---\n" + "\n".join(head) + "\n" + lines.format(v=value) + "\n---\nBody\n"


def _quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar: its control characters as escapes (`\\e`)."""
    return yaml.safe_dump(value, default_style='"', width=10**6, allow_unicode=True).strip()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(_PLACES), value=HOSTILE, raw=st.booleans(),
       fmt=st.sampled_from(["text", "json"]))
def test_a_control_character_in_any_value_is_an_error_on_its_line(
        book: Book, place: tuple[str, str, int], value: str, raw: bool, fmt: str) -> None:
    field, lines, line = place
    if raw:  # written as it is, inside a plain value (a raw NUL makes a binary file)
        value = f"Ja{CONTROL.findall(value)[0].replace(chr(0), chr(1))}ne Doe"
        written = value
    else:
        written = _quoted(value)
    first = CONTROL.search(value)
    assert first is not None
    (book.notes / "a.md").write_text(_front_matter(field, lines, written), encoding="utf-8")
    result = book.run("check", "--format", fmt)
    assert result.exit_code == 1
    assert not UNSAFE.search(result.stdout)
    expected = f"holds a control character (U+{ord(first.group()):04X}): remove it"
    if fmt == "json":
        problems = json.loads(result.stdout)["problems"]
        assert {"path": "notes/a.md", "line": line, "severity": "error", "field": field,
                "message": expected} in problems, problems
    else:
        assert f"notes/a.md:{line}: error: {field}: {expected}" in result.stdout.splitlines()


def test_a_control_character_in_a_key_or_a_comment_is_an_error_on_its_line(book: Book) -> None:
    book.write("a.md", note(extra='"pro\\enouns": she\n# a comment \x07\nrole: CTO'))
    result = book.run("check")
    assert result.stdout.splitlines()[:2] == [
        "notes/a.md:5: error: file: the key `pro␛nouns` holds a control character (U+001B): "
        "remove it",
        "notes/a.md:6: error: file: holds a control character (U+0007): remove it"]


def test_c1_in_a_value_is_text(book: Book) -> None:
    book.write("a.md", note(person='"Zoë \\x9b Li\\x85"'))
    result = book.run("check")
    assert result.exit_code == 0, result.stdout
    assert "U+" not in result.stdout


@pytest.mark.parametrize("args", [
    ["new", "Jane\x1b[31m Doe", "--company", "Acme"],
    ["new", "Jane Doe", "--company", "Acme\x07"],
    ["new", "Jane Doe", "--company", "Acme", "--role", "CTO\x00"],
    ["reach", "Jane\x7f", "--company", "Acme"],
    ["log", "Jane Doe", "--note", "talked\x1b[2J"],
])
def test_a_control_character_on_the_command_line_writes_nothing(book: Book,
                                                                  args: list[str]) -> None:
    book.write("a.md", note(extra="follow_up:\n  cadence: none"))
    before = {p: p.read_bytes() for p in book.notes.rglob("*")}
    result = book.run(*args)
    assert result.exit_code == 2
    assert "holds a control character" in result.output
    assert not UNSAFE.search(result.output)
    assert {p: p.read_bytes() for p in book.notes.rglob("*")} == before


def test_a_file_name_with_a_control_character_is_an_error(book: Book) -> None:
    book.write("Jane\x1b[31m.md", note())
    result = book.run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "notes/Jane\\x1b[31m.md:1: error: file: its name holds a control character "
        "(U+001B): rename it")


# --- a body: shown as pictures ---------------------------------------------------------

def _body(text: str) -> str:
    return (f"## What I learned {text}\n\n{text} first line\n\n- {text}\n\n| a | {text} |\n"
            f"|---|---|\n| {text} | b |\n\n```\n{text}\n```\n\n[{text}](https://x.test/)\n")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE.map(lambda t: t.replace("\x00", "")).filter(CONTROL.search))
def test_a_control_character_in_a_body_passes_check_and_reaches_no_terminal(
        book: Book, text: str) -> None:
    (book.notes / "a.md").write_text(note(extra="follow_up:\n  cadence: monthly") + _body(text),
                                     encoding="utf-8")
    check = book.run("check")
    assert check.exit_code == 0, check.stdout
    for args in (["check"], ["due", "--within", "all"], ["due", "--format", "json"],
                 ["due", "--format", "ics"], ["week"], ["targets"]):
        result = book.run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert not UNSAFE.search(result.stdout.replace("\r\n", "\n")), args


# --- each medium's function holds whatever the values -----------------------------------

_SAMPLE = [
    ("a.md", note(extra="role: CTO\ntags: [robots]\nreferrals:\n  - person: Ann Lee\n"
                        "    company: Beta\nfollow_up:\n  cadence: monthly")),
    ("b.md", note(person="Ann Lee", company="Beta", date="2026-11-24",
                  extra="referred_by: Jane Doe")),
    ("c.md", note(person="Bo Chen", company="Gamma", date="2026-12-03")),
]


def _sample(body: str) -> list[Note]:
    sources = [Source(f"notes/{name}", name, data=(text + body).encode())
               for name, text in _SAMPLE]
    book = load_notebook(sources, date(2026, 11, 26), Options(), with_highlights=True)
    assert not book.errors and len(book.notes) == 3, book.problems
    return book.notes


def _svg(html: str) -> ET.Element:
    found = re.search(r"<svg xmlns=.*?</svg>", html, re.DOTALL)
    assert found, "no SVG"
    return ET.fromstring(found.group())


@pytest.mark.slow
@settings(max_examples=25)
@given(value=HOSTILE, body=HOSTILE)
def test_every_medium_shows_control_characters_as_text(value: str, body: str) -> None:
    """Even a value that slipped past `check`: the HTML (and its SVG), the calendar and
    the terminal each run text through their one function."""
    from generator.cli.report import agenda_json, agenda_text

    notes = [dataclasses.replace(n, person=f"{n.person} {value}", company=value,
                                 tags=(value,), referrals=tuple(
                                     Referral(f"{r.person} {value}", value, value, index=0,
                                              line=r.line) for r in n.referrals))
             for n in _sample(_body(body.replace("\x00", "")))]
    site = build_site_model(notes, [], date(2026, 11, 26), Options(), [])
    renderer = Renderer(site)
    pages = renderer.pages()
    for src, page in pages.items():
        _no_control(page.html, src)
        _no_control(page.source(), src)
    for n in site.notes:
        _no_control(renderer.note_card(n), n.rel_path)
    svg = _svg(pages["referrals/index.md"].html)
    assert f"Ann Lee {pictured(value)}" in "".join(svg.itertext())
    _no_control(agenda_calendar(site.agenda, date(2026, 11, 26)), "calendar.ics")
    for text in (agenda_text(site.agenda, date(2026, 11, 26), days=None),
                 agenda_json(site.agenda, date(2026, 11, 26))):
        assert not UNSAFE.search(text)
    assert value in {i["company"] for i in json.loads(agenda_json(site.agenda,
                                                                 date(2026, 11, 26)))["items"]}


# --- one real site ----------------------------------------------------------------------

@pytest.mark.slow
def test_a_site_of_hostile_bodies_holds_no_control_character(tmp_path: Path) -> None:
    every = "".join(c for c in CONTROLS if c != "\x00")
    body = _body(every) + "".join(f"\nline {i} {c}x{c}\n" for i, c in enumerate(every))
    notes = {
        "2026-11-20-jane.md": note(extra="referrals:\n  - person: Zoë \"Li\"\n    company: Beta\n"
                                   "follow_up:\n  cadence: monthly") + body,
        "2026-11-24-zoe.md": note(person='"Zoë \\x9bLi"', company="Beta", date="2026-11-24",
                                  extra="referred_by: Jane Doe") + body,
        "about.md": "---\nkind: page\n---\n# About \x1b[31m\n" + body,
        "targets/acme.md": "---\nkind: company\ncompany: Acme Robotics\nmotivation: 3\n"
                           "posting: 2\n---\n" + body,
    }
    root = make_notebook(tmp_path, notes)
    result, site = build(root)
    assert result.exit_code == 0, result.output
    texts = site_texts(site)
    written = [p for p in texts if p.endswith((".html", ".svg", ".ics", ".xml", ".json"))]
    assert {"index.html", "calendar.ics", "referrals/index.html", "sitemap.xml",
            "search/search_index.json"} <= set(written)
    for path in written:
        _no_control(texts[path], path)
    _svg(texts["referrals/index.html"])  # parses as XML
    page = texts["2026-11-20-jane/index.html"]
    assert "line 0 ␁x␁" in page and f"line {len(every) - 1} ␡x␡" in page  # shown, visibly
    assert "␛[31m" in texts["about/index.html"]
    assert "\x9b" in texts["calendar.ics"]  # C1 is text
    for args in (["check"], ["due", "--within", "all"], ["due", "--format", "json"]):
        out = subprocess.run([sys.executable, "-m", "generator.cli", *args, "--today", TODAY],
                             cwd=root, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert not UNSAFE.search(out.stdout), args


# --- a terminal that cannot show a name --------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_a_terminal_that_cannot_show_a_name_gets_a_replacement(tmp_path: Path,
                                                               encoding: str) -> None:
    root = make_notebook(tmp_path, {
        "2026-11-20-zoë-李.md": note(person="Zoë 李", company="李 Robotics",
                                     extra="pronouns: she\nfollow_up:\n  cadence: monthly"),
        "targets/li.md": "---\nkind: company\ncompany: 李 Robotics\nmotivation: 3\n---\n",
    })
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for args in (["due"], ["due", "--format", "json"], ["check"], ["check", "--format", "json"],
                 ["targets"], ["targets", "--format", "json"], ["week"],
                 ["week", "--format", "json"], ["log", "Nobody 李", "--note", "x"]):
        out = subprocess.run([sys.executable, "-m", "generator.cli", *args, "--today", TODAY],
                             cwd=root, capture_output=True, env=env, timeout=120)
        assert b"Traceback" not in out.stderr, (args, out.stderr.decode(errors="replace"))
        assert out.returncode in (0, 1), (args, out.stderr)
        if "json" in args:
            data = json.loads(out.stdout.decode(encoding))
            if args[0] == "due":
                assert data["items"][0]["person"] == "Zoë 李"  # JSON escapes: nothing lost
        elif args[0] == "due":
            assert b"Zo" in out.stdout
