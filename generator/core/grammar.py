"""The grammars of dates, cadences and choice words: one regular expression each.

The checker reads text with these patterns, and `coffeechat schema` publishes the very
same patterns, so that the two cannot disagree. They are written in the common subset
of Python's and ECMAScript's syntax (what JSON Schema's `pattern` means), with
upper- and lower-case letters spelled out instead of a case-insensitive flag.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from .model import Cadence

#: The dates coffeechat works with. A job search is not planned in the year 9999: the
#: limit leaves room for every date the rules compute (a cadence of 999 months added to
#: the last day stays far inside what a date can hold), and a date outside it is a typo.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
MAX_COUNT = 999  # the largest N of a cadence "N days|weeks|months"

_YEAR = "(?:19[0-9]{2}|2[0-9]{3})"
_MULTIPLE_OF_4 = "(?:0[48]|[2468][048]|[13579][26])"
_LEAP_YEAR = f"(?:19{_MULTIPLE_OF_4}|2[0-9]{_MULTIPLE_OF_4}|2[048]00)"
_MONTH_DAY = ("(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
              "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)")
_HOUR = "(?:[01]?[0-9]|2[0-3])"
_TIME = (f"(?:(?:T|t|[ \t]+){_HOUR}:[0-5][0-9](?::[0-5][0-9](?:[.][0-9]*)?)?"
         f"(?:[ \t]*(?:Z|z|[-+]{_HOUR}(?::?[0-5][0-9])?))?)?")
#: A calendar date between FIRST_DAY and LAST_DAY, optionally with a time (YAML's
#: timestamp): what a `date` field holds. Surrounding white space is allowed.
DATE_PATTERN = (fr"^\s*(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29){_TIME}\s*$")
_DATE = re.compile(DATE_PATTERN)


def case_insensitive(word: str) -> str:
    """`Done` → `[Dd][Oo][Nn][Ee]`: a pattern for the word in any letter case (ASCII)."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else re.escape(c)
                   for c in word)


def words_pattern(words: Iterable[str]) -> str:
    """A pattern for any one of `words`, in any letter case, with white space around."""
    return r"^\s*(?:" + "|".join(case_insensitive(w) for w in words) + r")\s*$"


@lru_cache(maxsize=64)
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(words_pattern(words))


def match_word(text: str, words: tuple[str, ...]) -> str | None:
    """The word of `words` that `text` spells (any case, white space around), else None."""
    if _words(words).match(text):
        return text.strip().lower()
    return None


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def out_of_range_message(day: date) -> str:
    return (f"{day.isoformat()} is outside the dates coffeechat works with "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")


def parse_date_text(text: str) -> date | None:
    """The calendar date that a text in the date grammar spells, else None."""
    if not _DATE.match(text):
        return None
    return date.fromisoformat(text.strip()[:10])


def parse_day(text: str) -> date:
    """A day given as an option or in the environment: exactly YYYY-MM-DD, in the range.
    ValueError with the reason otherwise."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        from .parse import shown  # only for the message (parse reads this module)

        raise ValueError(f"`{shown(text)}` is not a date: write it as YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(invalid_date_message(text)) from None
    if not in_range(day):
        raise ValueError(out_of_range_message(day))
    return day


def invalid_date_message(text: str) -> str:
    """Why `text` is not a date, e.g. `2026-02-30 is not a date (February 2026 has 28 days)`."""
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            return f"{text} is not a date (there is no month {month})"
        if year >= 1:
            days = calendar.monthrange(year, month)[1]
            if not 1 <= day <= days:
                return f"{text} is not a date ({calendar.month_name[month]} {year} has {days} days)"
            if not FIRST_DAY.year <= year <= LAST_DAY.year:
                return out_of_range_message(date(year, month, day))
    return f"`{text}` is not a date: write it as YYYY-MM-DD"


# --- cadences --------------------------------------------------------------------------------

#: The named cadences, in months (0: never).
NAMED_CADENCES = {"monthly": 1, "bimonthly": 2, "quarterly": 3, "semiannual": 6, "yearly": 12,
                  "none": 0}
_UNITS = {"day": (0, 1), "week": (0, 7), "month": (1, 0)}  # (months, days) per unit
_COUNT = "0{0,2}[1-9][0-9]{0,2}"  # 1 to MAX_COUNT, in at most five digits
_UNIT = "(?:" + "|".join(case_insensitive(u) + "[Ss]?" for u in _UNITS) + ")"
#: A cadence: a named one or "N days|weeks|months" (N from 1 to 999), in any case.
CADENCE_PATTERN = (r"^\s*(?:" + "|".join(case_insensitive(n) for n in NAMED_CADENCES)
                   + fr"|{_COUNT}\s+{_UNIT})\s*$")
_CADENCE = re.compile(CADENCE_PATTERN)

CADENCE_WORDS = ", ".join(NAMED_CADENCES)
CADENCE_HELP = f'use {CADENCE_WORDS}, or "N days|weeks|months" (N from 1 to {MAX_COUNT})'


def parse_cadence(text: str) -> Cadence | None:
    """`quarterly` → 3 months, `2 weeks` → 14 days, `none` → never; None if not a cadence."""
    if not _CADENCE.match(text):
        return None
    name = text.strip().lower()
    if name in NAMED_CADENCES:
        return Cadence(months=NAMED_CADENCES[name], text=name)
    count, unit = name.split()
    months, days = _UNITS[unit.removesuffix("s")]
    return Cadence(months=int(count) * months, days=int(count) * days, text=text.strip())
