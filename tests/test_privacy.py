"""Copying is publishing (SPEC §6, §9): nothing a command copies out of a private note
(`new`'s and `reach`'s prefill of role, contact details, `referred_by`, the company; a
referral listed in a private note) ever lands in a public one, nor on the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sites import build, make_notebook, site_texts

from generator.cli import cli

TODAY = "2026-11-26"
MARKER = re.compile(r"mrk[a-z]+", re.IGNORECASE)

#: A private conversation with a unique marker in every field a command could copy.
PRIVATE = """\
---
person: Pat Quinn
company: Mrkcompany Labs
date: 2026-10-01
status: done
private: true
role: Mrkrole Lead
email: mrkemail@mrkdomain.example
phone: "+1 555 0100 mrkphone"
linkedin: https://www.linkedin.com/in/mrklinkedin
referred_by: Mrkreferrer Smith
format: coffee
tags: [mrktag]
referrals:
  - person: Kim Park
    company: Mrkrefcompany Inc
    note: Mrkrefnote about Kim
prep:
  company: Mrkprepcompany
  values: Mrkprepvalues
  why: Mrkprepwhy
  person: Mrkprepperson
  goals: Mrkprepgoals
  next_steps: Mrkprepnext
questions:
  - Mrkquestion one?
follow_up:
  thank_you: 2026-10-02
  cadence: monthly
  check_ins:
    - date: 2026-10-20
      note: Mrkcheckin sent an article
---
Mrkbody: what was said.
"""

#: An older public conversation with the same person: it may be copied from.
PUBLIC = """\
---
person: Pat Quinn
company: Acme Robotics
date: 2026-06-01
status: done
role: Engineer
follow_up:
  thank_you: 2026-06-02
---
Met at a meetup.
"""

#: Commands that write a new note and would prefill it, and a private referral's person.
COMMANDS = [
    ("new", "Pat Quinn", "--company", "Acme Robotics", "--date", "2026-12-10"),
    ("new", "Pat Quinn", "--company", "Beta Works", "--date", "2026-12-11"),
    ("reach", "Pat Quinn", "--company", "Beta Works"),
    ("reach", "Pat Quinn"),
    ("new", "Pat", "--company", "Gamma", "--date", "2026-12-12"),
    ("new", "Kim Park", "--date", "2026-12-14"),
    ("new", "Kim Park", "--company", "Acme Robotics", "--date", "2026-12-14"),
    ("reach", "Kim Park"),
    ("reach", "Kim Park", "--company", "Acme Robotics"),
]


def _notebook(root: Path, with_public: bool) -> Path:
    notes = {"2026-10-01-pat-quinn-private.md": PRIVATE}
    if with_public:
        notes["2026-06-01-pat-quinn-acme-robotics.md"] = PUBLIC
    return make_notebook(root, notes)


def _public_texts(notes: Path) -> dict[str, str]:
    """Every note under `notes` that is not private, as text."""
    texts = {}
    for path in sorted(notes.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not re.search(r"^private:\s*true\s*$", text, re.MULTILINE):
            texts[path.name] = text
    return texts


def _run(root: Path, args: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*args, "--notes", str(root / "notes"), "--config",
                                      str(root / "mkdocs.yml"), "--today", TODAY],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(commands=st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=4),
       with_public=st.booleans())
def test_no_prefilled_value_comes_from_a_private_note(
        tmp_path_factory: pytest.TempPathFactory, commands: list[tuple[str, ...]],
        with_public: bool) -> None:
    root = _notebook(tmp_path_factory.mktemp("private"), with_public)
    for args in commands:
        _run(root, args)
    for name, text in _public_texts(root / "notes").items():
        assert not MARKER.search(text), (name, commands, text)
    check = CliRunner().invoke(cli, ["check", "--notes", str(root / "notes"), "--config",
                                     str(root / "mkdocs.yml"), "--today", TODAY])
    assert check.exit_code == 0, check.output


def test_a_public_note_is_still_prefilled_from_public_ones(tmp_path: Path) -> None:
    """The rule removes only what is private: a public note's role is still copied."""
    root = _notebook(tmp_path, with_public=True)
    _run(root, COMMANDS[1])
    (written,) = [t for n, t in _public_texts(root / "notes").items() if "beta-works" in n]
    assert "role: Engineer" in written


def test_reach_says_why_it_needs_the_company_of_a_private_contact(tmp_path: Path) -> None:
    root = _notebook(tmp_path, with_public=False)
    result = CliRunner().invoke(cli, ["reach", "Pat Quinn", "--notes", str(root / "notes"),
                                      "--config", str(root / "mkdocs.yml"), "--today", TODAY])
    assert result.exit_code == 1
    assert "Pat Quinn's notes are private" in result.output
    assert "--company" in result.output
    assert sorted(p.name for p in (root / "notes").iterdir()) == [
        "2026-10-01-pat-quinn-private.md"]


@pytest.mark.slow
def test_no_built_file_holds_a_private_value_after_every_prefilling_command(
        tmp_path: Path) -> None:
    root = _notebook(tmp_path, with_public=True)
    for args in COMMANDS:
        _run(root, args)
    assert len(list((root / "notes").glob("*.md"))) > 3  # the commands wrote notes
    result, site = build(root)
    assert result.exit_code == 0, result.output
    texts = site_texts(site)
    assert any("Kim Park" in t for t in texts.values())  # the public notes are there
    leaks = {path: MARKER.findall(text) for path, text in texts.items() if MARKER.search(text)}
    assert leaks == {}
