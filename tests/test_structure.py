"""The layering of the package, lint and types, and the sample notebook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).parent.parent
CORE = ["model", "parse", "fields", "validate", "followup", "notebook", "store", "ics", "config",
        "site", "render", "drafts", "edit", "schema"]


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    return {name.split(".")[0] for name in json.loads(out)}


def test_core_imports_neither_click_nor_mkdocs() -> None:
    loaded = _modules_after("; ".join(f"import generator.{m}" for m in CORE))
    assert not loaded & {"click", "mkdocs"}


def test_cli_start_up_imports_only_click() -> None:
    """`coffeechat --help` stays fast: the heavy parts load only when a command runs."""
    loaded = _modules_after("import generator.cli")
    assert "click" in loaded
    assert not loaded & {"yaml", "dateutil", "holidays", "icalendar", "mkdocs"}


def test_holidays_load_only_when_configured() -> None:
    loaded = _modules_after(
        "from datetime import date; from generator.followup import add_business_days; "
        "add_business_days(date(2026, 11, 20), 1)")
    assert "holidays" not in loaded


def test_ruff_and_mypy_pass() -> None:
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "generator", "tests"],
                          capture_output=True, text=True, cwd=ROOT)
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True,
                          cwd=ROOT)
    assert mypy.returncode == 0, mypy.stdout


def test_modules_stay_small() -> None:
    sizes = {p.name: len(p.read_text().splitlines()) for p in (ROOT / "generator").glob("*.py")}
    assert max(sizes.values()) <= 400, sizes


# --- the sample notebook ---------------------------------------------------------------------

def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--notes", str(ROOT / "notes"), "--config",
                                      str(ROOT / "mkdocs.yml"), "--today", "2026-11-26"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_sample_notebook_has_no_errors() -> None:
    report = json.loads(_run("check", "--format", "json"))
    assert report["errors"] == 0
    assert report["notes"] >= 11


def test_sample_notebook_covers_every_state() -> None:
    from datetime import date

    from generator.config import load_config
    from generator.followup import build_agenda, group_contacts
    from generator.model import Status
    from generator.notebook import load_notebook
    from generator.store import find_sources

    options = load_config(str(ROOT / "mkdocs.yml")).options
    today = date(2026, 11, 26)
    book = load_notebook(find_sources(str(ROOT / "notes")), today, options)
    notes = book.notes
    planned = [n for n in notes if n.status is Status.PLANNED and n.date >= today]
    assert any(not n.missing_prep for n in planned)
    assert any(n.missing_prep for n in planned)
    assert any(n.status is Status.DONE and n.thank_you is None for n in notes)
    assert any(n.status is Status.CANCELLED for n in notes)
    assert any(n.private for n in notes)
    assert any(n.cadence and n.cadence.is_none for n in notes)
    assert any(n.cadence and n.cadence.text not in ("quarterly", "none") for n in notes)
    assert any(n.next for n in notes)
    assert book.pages
    contacts = group_contacts(notes)
    assert any(len(c.notes) >= 2 and any(n.check_ins for n in c.notes) for c in contacts)
    kinds = {str(i.kind) for i in build_agenda(notes, today, options)}
    assert kinds == {"thank-you", "check-in", "interview"}


def test_sample_agenda() -> None:
    agenda = json.loads(_run("due", "--format", "json", "--within", "all"))
    assert [(i["kind"], i["person"], i["due"]) for i in agenda["items"]] == [
        ("check-in", "Tom Becker", "2026-11-12"),  # 2026-10-01 + 6 weeks
        ("thank-you", "Marcus Chen", "2026-11-25"),  # the business day after 11-24
        ("interview", "Sofía Hernández", "2026-11-30"),
        ("interview", "Dana Okafor", "2026-12-01"),
        ("interview", "Amara Nwosu", "2026-12-15"),
        ("check-in", "Raj Patel", "2027-01-12"),  # agreed in the note
        ("check-in", "Priya Raman", "2027-02-10"),  # check-in 11-10 + 3 months
        ("check-in", "Marcus Chen", "2027-02-24"),  # 11-24 + 3 months
        ("check-in", "Jordan Smith", "2027-04-20"),  # private; semiannual
    ]
