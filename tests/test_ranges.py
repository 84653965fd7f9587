"""The ends of the calendar, and values too big to quote.

Dates run from FIRST_DAY to LAST_DAY, and weeks from the ISO week holding the first to
the one holding the last: `week`, `due`, `check` and the site agree on them and never
raise at either end, and every week `week` prints, `--week` takes back. A value in
mkdocs.yml however long, deep or aliased is quoted in a message by a short prefix only.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import note
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.core.grammar import FIRST_DAY, LAST_DAY

FIRST_WEEK = "1900-W01"  # 1900-01-01 is a Monday
LAST_WEEK = "3000-W01"  # Mon 2999-12-30 to Sun 3000-01-05: it holds LAST_DAY
WEEK_NAME = re.compile(r"[0-9]{4}-W[0-9]{2}")

CONFIG = """\
site_name: Ends
docs_dir: notes
plugins:
  - coffeechat:
      goals: {outreach_per_week: 1, chats_per_month: 1}
"""


def _clamp(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def _notebook(root: Path, today: date) -> Path:
    """A notebook with a little of everything around `today`: a conversation a few days
    ago without its thank-you and a check-in today, one ahead, a message out."""
    notes = root / "notes"
    notes.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG)
    back, ahead = _clamp(today - timedelta(days=3)), _clamp(today + timedelta(days=3))
    (notes / "done.md").write_text(note(date=back.isoformat(), extra=f"""
        status: done
        follow_up:
          check_ins:
            - date: {today}
        """))
    (notes / "ahead.md").write_text(note("Sam Lee", date=ahead.isoformat(),
                                         extra="status: planned"))
    (notes / "asked.md").write_text(note("Ana Ruiz", "Globex", date=back.isoformat(), extra=f"""
        status: asked
        outreach:
          sent: {back}
        """))
    return root / "mkdocs.yml"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args, result.output)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def _near_the_ends(days: int = 400) -> st.SearchStrategy[date]:
    return st.one_of(st.dates(FIRST_DAY, FIRST_DAY + timedelta(days=days)),
                     st.dates(LAST_DAY - timedelta(days=days), LAST_DAY),
                     st.dates(FIRST_DAY, LAST_DAY))


def _weeks() -> st.SearchStrategy[str]:
    """ISO week names in and around the range, and a few far outside it."""
    years = st.one_of(st.integers(1898, 1901), st.integers(2998, 3001),
                      st.integers(0, 9999))
    return st.builds(lambda y, w: f"{y:04d}-W{w:02d}", years, st.integers(1, 53))


def _in_range(week: str) -> bool | None:
    """Whether the week holds a day of the range; None: there is no such ISO week."""
    year, number = (int(part) for part in week.split("-W"))
    if not 1899 < year < 3001:
        return False
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        return None
    return FIRST_DAY - timedelta(days=6) <= monday <= LAST_DAY


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(today=_near_the_ends(), week=_weeks())
def test_week_due_and_check_at_the_ends_of_the_calendar(
        tmp_path_factory: pytest.TempPathFactory, today: date, week: str) -> None:
    config = _notebook(tmp_path_factory.mktemp("ends"), today)
    base = ["--config", str(config), "--today", today.isoformat()]
    assert _invoke("check", *base)[0] == 0
    for fmt in ("text", "json", "ics"):
        assert _invoke("due", "--within", "all", "--format", fmt, *base)[0] == 0
    # the week holding today, and back through --week: the same review
    code, out, _ = _invoke("week", "--format", "json", *base)
    assert code == 0, out
    shown = json.loads(out)
    assert WEEK_NAME.fullmatch(shown["week"])
    assert date.fromisoformat(shown["from"]) <= today <= date.fromisoformat(shown["to"])
    code, again, _ = _invoke("week", "--format", "json", "--week", shown["week"], *base)
    assert (code, json.loads(again)) == (0, shown)
    code, text, _ = _invoke("week", *base)
    assert code == 0
    name = re.match(r"Your week (\S+) ", text)
    assert name and name.group(1) == shown["week"]
    # any week: reviewed when it holds a day of the range, else a one-line usage error
    for fmt in ("text", "json"):
        code, out, err = _invoke("week", "--week", week, "--format", fmt, *base)
        exists = _in_range(week)
        if exists:
            assert code == 0, out
            printed = json.loads(out)["week"] if fmt == "json" else out.split()[2]
            assert printed == week
        else:
            assert code == 2
            errors = [line for line in err.splitlines() if line.startswith("Error:")]
            assert len(errors) == 1, err
            assert exists is None or f"({FIRST_WEEK} to {LAST_WEEK})" in errors[0], err


@pytest.mark.parametrize(("week", "monday"), [(FIRST_WEEK, "1900-01-01"),
                                              (LAST_WEEK, "2999-12-30")])
def test_the_first_and_last_weeks(tmp_path: Path, week: str, monday: str) -> None:
    config = _notebook(tmp_path, date.fromisoformat(monday))
    for today in (FIRST_DAY, LAST_DAY):
        code, out, _ = _invoke("week", "--week", week, "--format", "json", "--config",
                               str(config), "--today", today.isoformat())
        assert code == 0
        assert (json.loads(out)["week"], json.loads(out)["from"]) == (week, monday)


@pytest.mark.parametrize("week", ["1899-W52", "3000-W02", "0001-W01", "0000-W01", "9999-W53"])
def test_weeks_outside_the_range_are_usage_errors(tmp_path: Path, week: str) -> None:
    config = _notebook(tmp_path, date(2026, 11, 26))
    code, _, err = _invoke("week", "--week", week, "--config", str(config),
                           "--today", "2026-11-26")
    assert code == 2
    assert (f"{week} is outside the weeks coffeechat works with ({FIRST_WEEK} to "
            f"{LAST_WEEK})") in err


@pytest.mark.slow
@pytest.mark.parametrize("today", [FIRST_DAY, LAST_DAY])
def test_the_site_builds_at_the_ends_of_the_calendar(tmp_path: Path, today: date) -> None:
    _notebook(tmp_path, today)
    build = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--today",
                            today.isoformat()], cwd=tmp_path, capture_output=True, text=True,
                           timeout=300)
    assert build.returncode == 0, build.stderr
    home = (tmp_path / "site" / "index.html").read_text()
    assert f"{today.isoformat()}: " in home  # the activity chart's cell for today
    assert (tmp_path / "site" / "calendar.ics").is_file()


# --- values too big to quote ----------------------------------------------------------------

HUGE = "x" * 100_000
BOMB = textwrap.dedent("""\
    a: &a [x, x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f {k: *e, l: *e, m: [*e, *e]}
    """)
OPTION_KEYS = ["cadence", "thank_you_days", "prep_warning_days", "min_questions", "holidays",
               "show_contact_details", "nudge_days", "follow_up_days", "active_targets",
               "goals", "colour", "x" * 2000]
VALUES = [f'"{HUGE}"', HUGE, f"'{HUGE}'", f"[{HUGE}]", f"{{{HUGE[:1000]}: 1}}", "*e", "*f",
          "[*e, *f]", "{outreach_per_week: *e}", f"{{outreach_per_week: {HUGE}}}",
          f"{{{'y' * 1000}: 1}}", "9" * 5000, "2026-02-30", "[" * 50 + "]" * 50,
          "!ENV [CC_UNSET_X, *e]"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(OPTION_KEYS), value=st.sampled_from(VALUES),
       command=st.sampled_from(["check", "due", "build"]))
def test_a_huge_option_value_is_one_short_line(tmp_path_factory: pytest.TempPathFactory,
                                               key: str, value: str, command: str) -> None:
    root = tmp_path_factory.mktemp("huge")
    (root / "notes").mkdir()
    (root / "notes" / "a.md").write_text(note())
    entry = f"? {key}\n      : {value}" if len(key) > 1000 else f"{key}: {value}"
    (root / "mkdocs.yml").write_text(f"site_name: x\ndocs_dir: notes\n{BOMB}plugins:\n"
                                     f"  - coffeechat:\n      {entry}\n")
    code, out, err = _invoke(command, "--config", str(root / "mkdocs.yml"), "--today",
                             "2026-11-26")
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1, err[:500]
    assert len(err) < 300 + len(str(root)), err[:500]
    assert err.startswith(f"Error: {root / 'mkdocs.yml'}: "), err[:500]
