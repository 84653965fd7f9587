"""Front-matter values → a typed `Note`: one small reader per field, problems as data."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any

from .model import PREP_QUESTIONS, SKIPPED, Cadence, CheckIn, Format, Note, Page, Status
from .parse import INVALID, FrontMatter, invalid_date_message, shown

#: Every key of a note and the kind of value it takes: the checker reads by this table,
#: and `coffeechat schema` is generated from it.
FIELDS: dict[str, str] = {
    "person": "text", "company": "text", "date": "date", "role": "text", "status": "status",
    "format": "format", "email": "email", "phone": "text", "linkedin": "url",
    "referred_by": "text", "tags": "texts", "private": "bool", "prep": "prep",
    "questions": "texts", "follow_up": "follow_up", "kind": "kind",
}
REQUIRED = ("person", "company", "date")
NOTE_KEYS = tuple(FIELDS)
OPTIONAL_TEXT = tuple(k for k, kind in FIELDS.items()
                      if kind in ("text", "email", "url") and k not in REQUIRED)
#: Keys MkDocs and Material read themselves; accepted without a warning.
PAGE_KEYS = ("title", "description", "hide", "search")
FOLLOW_UP_KEYS = ("thank_you", "cadence", "next", "check_ins")
CHECK_IN_KEYS = ("date", "note")

_KEPT_LINES = frozenset(NOTE_KEYS) | {f"follow_up.{key}" for key in FOLLOW_UP_KEYS}

NAMED_CADENCES = {
    "monthly": 1,
    "bimonthly": 2,
    "quarterly": 3,
    "semiannual": 6,
    "yearly": 12,
    "none": 0,
}
_CADENCE = re.compile(r"\s*([0-9]+)\s+(day|week|month)s?\s*", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_LINKEDIN = re.compile(r"https?://([a-z0-9-]+\.)*linkedin\.com/\S+", re.IGNORECASE)


def parse_cadence(text: str) -> Cadence | None:
    """`quarterly` → 3 months, `2 weeks` → 14 days, `none` → never; None if unparsable."""
    name = text.strip().lower()
    if name in NAMED_CADENCES:
        return Cadence(months=NAMED_CADENCES[name], text=name)
    match = _CADENCE.fullmatch(text)
    if not match or int(match.group(1)) < 1:
        return None
    count, unit = int(match.group(1)), match.group(2).lower()
    if unit == "month":
        return Cadence(months=count, text=text.strip())
    return Cadence(days=count * (7 if unit == "week" else 1), text=text.strip())


CADENCE_HELP = (
    'use monthly, bimonthly, quarterly, semiannual, yearly, none, or "N days|weeks|months"'
)


def suggest(key: str, known: tuple[str, ...]) -> str:
    """`did you mean `company`?` for a misspelt key, else ''."""
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


class _Reader:
    """Reads typed values out of a `FrontMatter`, reporting each wrong one at its line."""

    def __init__(self, fm: FrontMatter) -> None:
        self.fm = fm

    def wrong_type(self, key: str, value: Any, expected: str) -> None:
        if value is INVALID:
            return
        source = shown(self.fm.sources.get(key, value))
        if isinstance(value, bool):
            found = f"a boolean `{source}`"
        elif isinstance(value, date):
            found = f"a date `{source}`"
        elif isinstance(value, int | float):
            found = f"a number `{source}`"
        elif isinstance(value, list):
            found = "a list"
        elif isinstance(value, dict):
            found = "a mapping"
        else:
            found = f"the text `{source}`"
        message = f"expected {expected}, found {found}"
        if expected.endswith("text") and isinstance(value, bool | int | float | date):
            message += f': quote it ("{source}") to keep it as text'
        self.fm.error(key, message)

    def _missing(self, key: str, example: str) -> None:
        name = key.rpartition(".")[2]
        if key in self.fm.lines:
            self.fm.error(key, f"`{name}` is required and is empty")
        else:
            self.fm.error(key, f"`{name}` is required: add a `{name}:{example}` line")

    def text(self, key: str, value: Any, *, required: bool = False) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None or isinstance(value, str):
            if required:
                self._missing(key, "")
            return None
        self.wrong_type(key, value, "text")
        return None

    def date(self, key: str, value: Any, *, required: bool = False) -> date | None:
        if isinstance(value, datetime):  # a datetime counts by its own calendar date
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str) and value.strip():
            text = value.strip()
            for parse in (date.fromisoformat, datetime.fromisoformat):
                try:
                    parsed = parse(text)
                except ValueError:
                    continue
                return parsed.date() if isinstance(parsed, datetime) else parsed
            self.fm.error(key, invalid_date_message(shown(text)))
            return None
        if value is None or isinstance(value, str):
            if required:
                self._missing(key, " YYYY-MM-DD")
            return None
        self.wrong_type(key, value, "a date (YYYY-MM-DD)")
        return None

    def choice(self, key: str, value: Any, choices: type[Status] | type[Format]) -> Any:
        if value is None or value is INVALID:
            return None
        if isinstance(value, str):
            try:
                return choices(value.strip().lower())
            except ValueError:
                pass
        allowed = ", ".join(c.value for c in choices)
        if isinstance(value, str):
            self.fm.error(key, f"`{shown(value)}` is not one of {allowed}")
        else:
            self.wrong_type(key, value, f"one of {allowed}")
        return None

    def texts(self, key: str, value: Any, what: str) -> tuple[str, ...]:
        """A list of texts; empty items are dropped."""
        if value is None or value is INVALID:
            return ()
        if not isinstance(value, list):
            self.wrong_type(key, value, f"a list of {what} (one `- ` line each)")
            return ()
        result = []
        for i, item in enumerate(value):
            text = self.text(f"{key}[{i}]", item)
            if text:
                result.append(text)
        return tuple(result)

    def mapping(self, key: str, value: Any, known: tuple[str, ...]) -> dict[str, Any]:
        if value is None or value is INVALID:
            return {}
        if not isinstance(value, dict):
            self.wrong_type(key, value, f"a mapping with {', '.join(known)}")
            return {}
        for name in value:
            if name not in known:
                self.fm.warning(
                    f"{key}.{name}", f"unknown key `{shown(name)}`" + suggest(name, known)
                )
        return value


def read_note(fm: FrontMatter, rel_path: str, today: date) -> Note | Page | None:
    """The note (or hand-written page) in a parsed front matter; None when it has errors."""
    values = fm.values
    if not fm.is_mapping:  # no mapping could be read: the reason is reported already
        return None
    if values.get("kind") == "page":
        return Page(fm.path, rel_path)
    r = _Reader(fm)
    if "kind" in values and values["kind"] not in ("note", None):
        r.fm.error(
            "kind",
            f"`{shown(values['kind'])}` is not a kind: use `page` for a "
            "hand-written "
            "page, or leave `kind` out for a note",
        )
    for key in values:
        if key not in NOTE_KEYS and key not in PAGE_KEYS:
            fm.warning(key, f"unknown key `{shown(key)}`{suggest(key, NOTE_KEYS)}")
    person = r.text("person", values.get("person"), required="person" in REQUIRED)
    company = r.text("company", values.get("company"), required="company" in REQUIRED)
    when = r.date("date", values.get("date"), required="date" in REQUIRED)
    status = r.choice("status", values.get("status"), Status)
    fmt = r.choice("format", values.get("format"), Format)
    optional = {k: r.text(k, values.get(k)) for k in OPTIONAL_TEXT}
    tags = r.texts("tags", values.get("tags"), "tags")
    questions = r.texts("questions", values.get("questions"), "questions")
    private = values.get("private")
    if private is not None and not isinstance(private, bool):
        r.wrong_type("private", private, "true or false")
    prep = _read_prep(r, values.get("prep"))
    follow_up = r.mapping("follow_up", values.get("follow_up"), FOLLOW_UP_KEYS)
    thank_you = _read_thank_you(r, follow_up.get("thank_you"))
    cadence = _read_cadence(r, follow_up.get("cadence"))
    next_date = r.date("follow_up.next", follow_up.get("next"))
    check_ins = _read_check_ins(r, follow_up.get("check_ins"))
    _check_contact_details(r, optional["email"], optional["linkedin"])
    if when is not None:
        _check_order(r, when, thank_you, check_ins)
    if person is None or company is None or when is None or not fm.ok:
        return None
    return Note(
        path=fm.path,
        rel_path=rel_path,
        person=person,
        company=company,
        date=when,
        status=status or (Status.PLANNED if when > today else Status.DONE),
        format=fmt,
        tags=tags,
        private=private is True,
        prep=prep,
        questions=questions,
        thank_you=thank_you,
        cadence=cadence,
        next=next_date,
        check_ins=check_ins,
        lines={k: v for k, v in fm.lines.items() if k in _KEPT_LINES},
        **optional,
    )


def _read_prep(r: _Reader, value: Any) -> tuple[tuple[str, str], ...]:
    answers = []
    for key, answer in r.mapping("prep", value, tuple(PREP_QUESTIONS)).items():
        if key not in PREP_QUESTIONS or answer is None:
            continue
        if isinstance(answer, list):
            text = "; ".join(r.texts(f"prep.{key}", answer, "answers"))
        else:
            text = r.text(f"prep.{key}", answer) or ""
        if text:
            answers.append((key, text))
    return tuple(answers)


def _read_thank_you(r: _Reader, value: Any) -> date | str | None:
    if isinstance(value, str) and value.strip().lower() == SKIPPED:
        return SKIPPED
    if value is None or value is INVALID or isinstance(value, date):
        return r.date("follow_up.thank_you", value)
    if isinstance(value, str) and re.match(r"\s*\d{4}-", value):  # a date, maybe impossible
        return r.date("follow_up.thank_you", value)
    r.fm.error(
        "follow_up.thank_you",
        f"`{shown(r.fm.sources.get('follow_up.thank_you', value))}`"
        " is neither the date the thank-you was sent (YYYY-MM-DD) nor `skipped`",
    )
    return None


def _read_cadence(r: _Reader, value: Any) -> Cadence | None:
    if value is None or value is INVALID:
        return None
    cadence = parse_cadence(value) if isinstance(value, str) else None
    if cadence is None:
        r.fm.error("follow_up.cadence", f"`{shown(value)}` is not a cadence: {CADENCE_HELP}")
    return cadence


def _read_check_ins(r: _Reader, value: Any) -> tuple[CheckIn, ...]:
    if value is None or value is INVALID:
        return ()
    if not isinstance(value, list):
        r.wrong_type("follow_up.check_ins", value, "a list of `- date: YYYY-MM-DD` entries")
        return ()
    result = []
    for i, item in enumerate(value):
        key = f"follow_up.check_ins[{i}]"
        if not isinstance(item, dict):
            r.wrong_type(key, item, "`date: YYYY-MM-DD` (and an optional `note:`)")
            continue
        entry = r.mapping(key, item, CHECK_IN_KEYS)
        when = r.date(f"{key}.date", entry.get("date"), required=True)
        note = r.text(f"{key}.note", entry.get("note"))
        if when is not None:
            result.append(CheckIn(when, note or "", index=i, line=r.fm.line(f"{key}.date")))
    return tuple(result)


def _check_order(
    r: _Reader, when: date, thank_you: date | str | None, check_ins: tuple[CheckIn, ...]
) -> None:
    if isinstance(thank_you, date) and thank_you < when:
        r.fm.error(
            "follow_up.thank_you",
            f"the thank-you ({thank_you}) is dated before the conversation ({when})",
        )
    for check_in in check_ins:
        if check_in.date < when:
            r.fm.error(
                f"follow_up.check_ins[{check_in.index}].date",
                f"the check-in ({check_in.date}) is dated before the conversation ({when})",
            )


def _check_contact_details(r: _Reader, email: str | None, linkedin: str | None) -> None:
    if email and not _EMAIL.fullmatch(email):
        r.fm.warning("email", f"`{shown(email)}` does not look like an email address")
    if linkedin and not _LINKEDIN.fullmatch(linkedin):
        r.fm.warning(
            "linkedin",
            f"`{shown(linkedin)}` does not look like a LinkedIn URL "
            "(https://www.linkedin.com/in/…)",
        )
