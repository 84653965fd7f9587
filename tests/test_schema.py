"""`coffeechat schema`: generated from the field table, and agreeing with the checker."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.core import fields as f
from generator.core import fieldtypes as t
from generator.core.grammar import parse_date_text
from generator.core.model import Severity
from generator.core.notebook import Source, load_note
from generator.core.options import Options
from generator.core.schema import front_matter_schema

ROOT = Path(__file__).parent.parent
TODAY = date(2026, 11, 26)
VALIDATOR = jsonschema.Draft202012Validator(front_matter_schema())


def _instance(value: Any) -> Any:
    """A loaded YAML value as JSON Schema tools see it: dates as ISO text."""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _instance(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_instance(v) for v in value]
    return value


def _checker_accepts(front_matter: dict[str, Any]) -> bool:
    """No error from the checker, leaving out the order of dates (the schema cannot see it)."""
    text = yaml.safe_dump(front_matter, allow_unicode=True)
    _, problems = load_note(Source("x.md", "x.md", f"---\n{text}---\n".encode()), TODAY,
                            Options())
    return not [p for p in problems if p.severity is Severity.ERROR
                and f.ORDER_MESSAGE not in p.message]


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert json.loads(result.output) == json.loads(json.dumps(front_matter_schema()))
    jsonschema.Draft202012Validator.check_schema(json.loads(result.output))


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8-sig")
    data = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    return _instance(data)


def test_every_sample_note_is_valid() -> None:
    for path in sorted((ROOT / "notes").glob("*.md")):
        errors = [e.message for e in VALIDATOR.iter_errors(_front_matter(path))]
        assert not errors, (path.name, errors)


GOOD = {"person": "Jane", "company": "Acme", "date": "2026-11-20"}


@pytest.mark.parametrize("front_matter", [
    GOOD | {"follow_up": {"cadence": "Quarterly"}},
    GOOD | {"follow_up": {"cadence": "6 Weeks", "thank_you": "SKIPPED"}},
    GOOD | {"status": "Done", "format": " In-Person "},
    GOOD | {"role": None, "tags": None, "private": None},
    GOOD | {"prep": {"goal": "a typo: the checker only warns"}, "colour": "blue"},
    GOOD | {"date": "2026-11-20 10:30"}, GOOD | {"follow_up": {"next": " "}},
    {"kind": "page", "title": "About", "person": 5},
    GOOD | {"status": " Asked ", "outreach": {"sent": "2026-11-10", "via": "LinkedIn"}},
    GOOD | {"status": "lead", "outreach": None},
    {"kind": "company", "company": "Acme", "motivation": 0, "posting": 3, "advocacy": None,
     "status": "Watching", "website": "https://acme.example", "title": "Acme"},
])
def test_checker_and_schema_accept(front_matter: dict[str, Any]) -> None:
    assert _checker_accepts(front_matter)
    assert VALIDATOR.is_valid(_instance(front_matter))


@pytest.mark.parametrize("front_matter", [
    {"company": "Acme", "date": "2026-11-20"}, GOOD | {"person": " "},
    GOOD | {"status": "finished"}, GOOD | {"date": "next week"}, GOOD | {"date": "2026-02-29"},
    GOOD | {"date": "20261120"}, GOOD | {"date": date(9999, 12, 31)},
    GOOD | {"follow_up": {"cadence": "every so often"}},
    GOOD | {"follow_up": {"cadence": "1000 months"}},
    GOOD | {"follow_up": {"check_ins": [{"note": "no date"}]}},
    GOOD | {"prep": {"goals": 5}}, GOOD | {"private": "yes please"}, GOOD | {"person": True},
    GOOD | {"kind": "Page"}, GOOD | {"date": " "}, GOOD | {"follow_up": {"thank_you": ""}},
    GOOD | {"follow_up": {"cadence": "0" * 5000 + "1 days"}},
    GOOD | {"status": "asked"}, GOOD | {"status": "asked", "outreach": {"sent": " "}},
    GOOD | {"status": "ASKED", "outreach": {"via": "email"}},
    GOOD | {"outreach": {"sent": "2026-11-10", "via": "fax"}},
    {"kind": "company"}, {"kind": "company", "company": "Acme", "motivation": 4},
    {"kind": "company", "company": "Acme", "posting": 0},
    {"kind": "company", "company": "Acme", "advocacy": "yes please"},
    {"kind": "company", "company": "Acme", "motivation": True},
    {"kind": "company", "company": "Acme", "status": "maybe"},
])
def test_checker_and_schema_reject(front_matter: dict[str, Any]) -> None:
    assert not _checker_accepts(front_matter)
    assert not VALIDATOR.is_valid(_instance(front_matter))


# --- agreement on a generated corpus -------------------------------------------------------

_DATE_TEXTS = st.sampled_from(["2026-11-20", " 2026-11-20 ", "2026-02-29", "2024-02-29",
                               "1900-02-29", "2000-02-29", "2026-13-01", "2026-1-5",
                               "2026-11-20T10:30:00Z", "2026-11-20 25:00", "20261120",
                               "2026-W48-4", "1899-12-31", "3000-01-01", "next week"])
_WORDS = st.sampled_from(["done", "Done", " PLANNED ", "cancelled", "finished", "coffee",
                          "asked", "Lead", "company", "email", "active", "dropped",
                          "VIDEO", "in-person", "quarterly", "Quarterly", "none", "6 Weeks",
                          "1 month", "0 days", "999 days", "1000 days", "007 weeks",
                          "skipped", "SKIPPED", "page", "Page", "note", "", " ", "\t"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                     st.floats(allow_nan=True), st.text(max_size=12), _WORDS, _DATE_TEXTS)
_DATES = st.one_of(st.dates(), st.datetimes(timezones=st.just(UTC)))
_ANY = st.recursive(st.one_of(_SCALARS, _DATES),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
#: Where any text is fine, a date written unquoted is the one thing JSON cannot show
#: (it reads as text there): the checker says "quote it". Those places get no date objects.
_NO_DATES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                         max_leaves=8)


_TEXT = st.text(min_size=1, max_size=12).filter(str.strip)
_BLANK = st.sampled_from(["", " ", "\t"])
_IN_RANGE = st.one_of(st.dates(date(1900, 1, 1), date(2999, 12, 31)),
                      st.datetimes(datetime(1900, 1, 1), datetime(2999, 12, 31),
                                   timezones=st.just(UTC)))
_NAMED = st.sampled_from(["monthly", "bimonthly", "quarterly", "semiannual", "yearly", "none"])
_UNITS = st.sampled_from(["day", "days", "week", "weeks", "month", "months"])


def _case(word: str) -> st.SearchStrategy[str]:
    """`word` in random letter case, sometimes with space around it."""
    return st.tuples(st.lists(st.booleans(), min_size=len(word), max_size=len(word)),
                     st.sampled_from(["", " ", "\t"])).map(
        lambda pair: pair[1] + "".join(c.upper() if up else c for c, up in zip(word, pair[0],
                                                                          strict=True)) + pair[1])


def _block(kind: t.Block, values: Any) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {sub.key: values(sub.type) for sub in kind.fields if sub.required},
        optional={sub.key: values(sub.type) for sub in kind.fields if not sub.required})


def _valid(kind: t.Type) -> st.SearchStrategy[Any]:
    """Values the checker takes for a field of this type (from the field table)."""
    if isinstance(kind, t.Block):
        return _block(kind, _valid)
    if isinstance(kind, t.Entries):
        return st.lists(_valid(kind.block), max_size=3)
    if isinstance(kind, t.Text):
        return _TEXT
    if isinstance(kind, t.Texts):
        return st.lists(st.one_of(st.none(), _TEXT, _BLANK), max_size=3)
    if isinstance(kind, t.Answer):
        return st.one_of(_TEXT, _BLANK, _valid(t.Texts("answers")))
    if isinstance(kind, t.Date):
        return _IN_RANGE
    if isinstance(kind, t.Choice):
        return st.sampled_from([c.value for c in kind.choices]).flatmap(_case)
    if isinstance(kind, t.CadenceType):
        return st.one_of(_NAMED.flatmap(_case), st.tuples(st.integers(1, 999), _UNITS).map(
            lambda pair: f"{pair[0]} {pair[1]}"))
    if isinstance(kind, t.ThankYou):
        return st.one_of(_IN_RANGE, _case("skipped"))
    if isinstance(kind, t.Boolean):
        return st.booleans()
    if isinstance(kind, t.Whole):
        return st.integers(kind.low, kind.high)
    return st.just("note")


def _tricky(kind: t.Type) -> st.SearchStrategy[Any]:
    """Near misses for a field of this type, null, and anything at all."""
    anything = _NO_DATES if isinstance(kind, t.Text | t.Texts | t.Answer) else _ANY
    near: st.SearchStrategy[Any] = st.nothing()
    if isinstance(kind, t.Block):
        near = st.tuples(_block(kind, _valid), st.sampled_from(kind.fields)).flatmap(
            lambda pair: _tricky(pair[1].type).map(lambda v: pair[0] | {pair[1].key: v}))
    elif isinstance(kind, t.Entries):
        near = st.lists(st.one_of(_valid(kind.block), _tricky(kind.block)), min_size=1,
                        max_size=3)
    elif isinstance(kind, t.Text):
        near = _BLANK
    elif isinstance(kind, t.Date | t.ThankYou):
        near = st.one_of(_DATE_TEXTS, _BLANK)
    elif isinstance(kind, t.Choice | t.CadenceType | t.FileKindType):
        near = st.one_of(_WORDS, st.tuples(st.integers(0, 1200), _UNITS).map(
            lambda pair: f"{pair[0]} {pair[1]}"))
    elif isinstance(kind, t.Whole):
        near = st.one_of(st.integers(kind.low - 2, kind.high + 2), st.booleans(),
                         st.sampled_from([1.0, 2.5, "3", " 2"]))
    return st.one_of(near, st.none(), anything)


def _files(table: tuple[f.Field, ...], fixed: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Files of right values, and the same with one field given a tricky value."""
    fields = tuple(field for field in table if field.key not in fixed)
    right = _block(t.Block(fields), _valid).map(lambda values: values | fixed)
    return st.one_of(right, st.tuples(right, st.sampled_from(table)).flatmap(
        lambda pair: _tricky(pair[1].type).map(lambda v: pair[0] | {pair[1].key: v})))


_NOTES = _files(f.NOTE, {})
#: `asked` notes are the ones with a rule across fields (SPEC §8: `outreach.sent`)
_ASKED = _files(f.NOTE, {"status": "asked"})
_COMPANIES = _files(f.COMPANY, {"kind": "company"})


@pytest.mark.slow
@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_NOTES, _ASKED, _COMPANIES))
def test_checker_and_schema_agree(front_matter: dict[str, Any]) -> None:
    """Whatever the checker accepts (no error), the schema accepts, and the other way round."""
    assert _checker_accepts(front_matter) == VALIDATOR.is_valid(_instance(front_matter))


def test_date_pattern_is_every_calendar_day_in_range() -> None:
    day, checked = date(1899, 12, 25), 0
    while day <= date(3000, 1, 5):
        parsed = parse_date_text(day.isoformat())
        assert parsed == (day if date(1900, 1, 1) <= day <= date(2999, 12, 31) else None), day
        day = date.fromordinal(day.toordinal() + 1)
        checked += 1
    for year in range(1900, 3000):
        assert (parse_date_text(f"{year}-02-29") is not None) == (
            year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)), year
    assert checked > 400_000
