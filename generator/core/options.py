"""The plugin options of SPEC §7: one declaration each, in the `Options` class.

Each option is one field of `Options` with its default, the function that reads its
value and the help text. The MkDocs plugin's config class, the command line's reader
(`parse_options`), the defaults and the messages all follow from these fields.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from .grammar import CADENCE_HELP, CADENCE_WORDS, parse_cadence
from .model import Cadence
from .public_holidays import LIBRARY, HolidaySource

#: Reads an option's value (with where holidays come from), or raises ValueError saying why.
Reader = Callable[[Any, HolidaySource], Any]


def quoted(value: Any) -> str:
    """A value as a message quotes it: `text` on one line and cut short when long; a list
    or a mapping (however long, deep or aliased) only by what it is."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    from .parse import shown  # only when a message is written

    return f"`{shown(value)}`"


def _cadence(value: Any, _: HolidaySource) -> Cadence:
    cadence = parse_cadence(value) if isinstance(value, str) else None
    if cadence is None:
        raise ValueError(f"{quoted(value)} is not a cadence: {CADENCE_HELP}")
    return cadence


def _whole_number(low: int, high: int) -> Reader:
    def read(value: Any, _: HolidaySource) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, "
                             f"found {quoted(value)}")
        return value
    return read


def _boolean(value: Any, _: HolidaySource) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {quoted(value)}")
    return value


def _country(value: Any, source: HolidaySource) -> str:
    if not isinstance(value, str) or value.upper() not in source.codes():
        raise ValueError(f"{quoted(value)} is not a country code known to the holidays package "
                         "(e.g. US, GB, DE, FR)")
    return value.upper()


@dataclass(frozen=True, slots=True)
class Goals:
    """What the job seeker aims for (SPEC §10); None: no goal of that kind."""

    outreach_per_week: int | None = None  # first messages sent in a week
    chats_per_month: int | None = None  # conversations held in a calendar month


def _goals(value: Any, _: HolidaySource) -> Goals:
    names = [f.name for f in dataclasses.fields(Goals)]
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a mapping of goals ({', '.join(names)}), "
                         f"found {quoted(value)}")
    read = _whole_number(1, 1000)
    goals = {}
    for key, number in value.items():
        if key not in names:
            raise ValueError(f"unknown goal {quoted(key)} (known: {', '.join(names)})")
        if number is not None:
            try:
                goals[key] = read(number, LIBRARY)
            except ValueError as exc:
                raise ValueError(f"`{key}`: {exc}") from None
    return Goals(**goals)


_ADDRESS = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")


def _addresses(value: Any, _: HolidaySource) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list | tuple) or not values or not all(
            isinstance(v, str) and _ADDRESS.fullmatch(v.strip()) for v in values):
        raise ValueError(f"expected an email address or a list of them (e.g. "
                         f"[ana@example.org]), found {quoted(value)}")
    return tuple(v.strip().lower() for v in values)


def _option(default: Any, read: Reader, help: str, *, example: str | None = None) -> Any:
    """A field of `Options`: `default` as written in mkdocs.yml, read like any value."""
    value = None if default is None else read(default, LIBRARY)
    written = example if example is not None else ("null" if default is None else
                                                   str(default).lower())
    return dataclasses.field(default=value, metadata={"read": read, "help": help,
                                                      "written": written})


@dataclass(frozen=True, slots=True)
class Options:
    """The coffeechat plugin's options in mkdocs.yml, with their defaults."""

    cadence: Cadence = _option(
        "quarterly", _cadence, "How often to check in with a contact after a conversation: "
        f'{CADENCE_WORDS}, or "N days", "N weeks", "N months".')
    thank_you_days: int = _option(
        1, _whole_number(0, 30), "The thank-you is due this many business days after the "
        "conversation.")
    prep_warning_days: int = _option(
        7, _whole_number(0, 365), "Warn when a planned conversation this many days away has "
        "unanswered prep.")
    min_questions: int = _option(
        3, _whole_number(0, 100), "Warn when a planned conversation has fewer questions ready "
        "than this.")
    holidays: str | None = _option(
        None, _country, "Public holidays of this country are not business days (e.g. US, GB, "
        "DE); null: none.")
    show_contact_details: bool = _option(
        False, _boolean, "true: show email addresses and phone numbers on the site (mind "
        "where you publish it).")
    nudge_days: int = _option(
        3, _whole_number(1, 30), "Business days without a reply to a first message before "
        "writing to the next contact at the company (the 3 of 3B7).")
    follow_up_days: int = _option(
        7, _whole_number(1, 60), "Business days without a reply before the one follow-up "
        "message (the 7 of 3B7).")
    active_targets: int = _option(
        5, _whole_number(1, 100), "How many target companies are worked at once (in play).")
    goals: Goals | None = _option(
        None, _goals, "Weekly and monthly goals: outreach_per_week (first messages sent), "
        "chats_per_month (conversations held); null: none.",
        example="null  # e.g. {outreach_per_week: 5, chats_per_month: 4}")
    me: tuple[str, ...] | None = _option(
        None, _addresses, "Your own email addresses, for `coffeechat sync` (null: the "
        "address that sends most of the messages read).",
        example="null  # e.g. [ana@example.org]")
    #: not an option: where the holidays of `holidays` come from
    calendar: HolidaySource = dataclasses.field(default=LIBRARY, compare=False, repr=False)


OPTIONS = tuple(f for f in dataclasses.fields(Options) if "read" in f.metadata)
#: MkDocs only warns about a plugin listed twice; two agendas make no sense: an error.
LISTED_TWICE = "plugins: `coffeechat` is listed more than once; keep one"
NAMES = tuple(option.name for option in OPTIONS)


def parse_options(raw: Any, where: str = "plugins.coffeechat", *,
                  calendar: HolidaySource = LIBRARY) -> Options:
    """The plugin's options as MkDocs reads them (a mapping; None, or any empty value,
    for all defaults; None for one option: its default) → `Options`, or ConfigError.
    `calendar` is where holidays come from (and which country codes exist)."""
    raw = raw or {}  # as MkDocs: `- coffeechat:` with nothing after it, or `[]`
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: the plugin's options must be a mapping of "
                          f"`option: value` lines (known: {', '.join(NAMES)})")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        option = next((o for o in OPTIONS if o.name == key), None)
        if option is None:
            raise ConfigError(f"{where}: unknown option {quoted(key)} "
                              f"(known: {', '.join(NAMES)})")
        if value is None:  # `!ENV` of an unset variable, or `cadence:` left empty
            continue
        try:
            values[key] = option.metadata["read"](value, calendar)
        except ValueError as exc:
            raise ConfigError(f"{where}: option `{key}`: {exc}") from None
    return Options(**values, calendar=calendar)


def options_yaml(indent: str) -> str:
    """Every option with its help as a comment and its default: for a new mkdocs.yml."""
    import textwrap

    lines = []
    for option in OPTIONS:
        help_lines = textwrap.wrap(option.metadata["help"], 92 - len(indent))
        lines += [f"{indent}# {line}" for line in help_lines]
        lines.append(f"{indent}{option.name}: {option.metadata['written']}")
    return "\n".join(lines) + "\n"
