"""The types of front-matter values, and the `Field` row that pairs a key with one.

A type reads a value, reporting each wrong one at its line, and gives its JSON Schema
fragment, both from the same grammar (`core.grammar`). The table of a note's fields,
built from these, is `core.fields.NOTE`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from . import grammar, prose
from .model import SKIPPED
from .parse import INVALID, FrontMatter, shown

_NULL = {"type": "null"}


def _nullable(schema: dict[str, Any], required: bool) -> dict[str, Any]:
    if required:
        return schema
    kind = schema["type"]
    return {**schema, "type": [*([kind] if isinstance(kind, str) else kind), "null"]}


def suggest(key: str, known: tuple[str, ...]) -> str:
    """`did you mean `company`?` for a misspelt key, else ''."""
    import difflib  # only for a key that is not known

    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


class Reporter:
    """Reports a `FrontMatter`'s wrong values, each at its line, as the types read them
    (the types read; this says what is wrong)."""

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
        elif expected.endswith("text") and isinstance(value, dict | list):
            line = self.fm.source_line(self.fm.line(key))
            message = prose.reads_as(line, key, found) or message
        self.fm.error(key, message)

    def empty(self, key: str, value: Any, required: bool, example: str, expected: str) -> None:
        """A value that is not there (None or blank text), or of the wrong type."""
        if value is None or isinstance(value, str):
            if required:
                self.missing(key, example)
        else:
            self.wrong_type(key, value, expected)

    def missing(self, key: str, example: str) -> None:
        name = key.rpartition(".")[2]
        if key in self.fm.lines:
            self.fm.error(key, f"`{name}` is required and is empty")
        else:
            self.fm.error(key, f"`{name}` is required: add a `{name}:{example}` line")


# --- the types of values -----------------------------------------------------------------------

class Type:
    """How one kind of value is read and described in the schema."""

    example = ""  # what follows `key:` in the "add a … line" message

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> Any:
        raise NotImplementedError

    def schema(self, required: bool) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Type):
    """Text; white space around it is dropped, and empty text counts as absent."""

    warn: Callable[[str], str | None] | None = None  # a warning about a suspicious value

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> str | None:
        if isinstance(value, str) and value.strip():
            text = value.strip()
            if self.warn and (message := self.warn(text)):
                r.fm.warning(key, message)
            return text
        r.empty(key, value, required, self.example, "text")
        return None

    def schema(self, required: bool) -> dict[str, Any]:
        return {"type": "string", "pattern": r"\S"} if required else {"type": ["string", "null"]}


class Date(Type):
    """A calendar date (a date and time counts by its own date), within the grammar's range."""

    example = " YYYY-MM-DD"

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> date | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            if grammar.in_range(value):
                return value
            r.fm.error(key, grammar.out_of_range_message(value))
            return None
        if isinstance(value, str) and value.strip():
            parsed = grammar.parse_date_text(value)
            if parsed is None:
                r.fm.error(key, grammar.invalid_date_message(shown(value.strip())))
            return parsed
        r.empty(key, value, required, self.example, "a date (YYYY-MM-DD)")
        return None

    def schema(self, required: bool) -> dict[str, Any]:
        # blank text is no date: an error where one is required, nothing otherwise
        pattern = grammar.DATE_PATTERN if required else rf"{grammar.DATE_PATTERN}|^\s*$"
        return _nullable({"type": "string", "pattern": pattern,
                          "description": "YYYY-MM-DD (a date and time is accepted)"}, required)


@dataclass(frozen=True)
class Choice(Type):
    """One word of an enumeration, in any letter case."""

    choices: type[enum.StrEnum]

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> Any:
        if value is None or value is INVALID:
            return None
        words = self.words
        if isinstance(value, str):
            word = grammar.match_word(value, words)
            if word is not None:
                return self.choices(word)
            r.fm.error(key, f"`{shown(value)}` is not one of {', '.join(words)}")
        else:
            r.wrong_type(key, value, f"one of {', '.join(words)}")
        return None

    def schema(self, required: bool) -> dict[str, Any]:
        words = [c.value for c in self.choices]
        return _nullable({"type": "string", "pattern": grammar.words_pattern(words),
                          "examples": words}, required)


@dataclass(frozen=True)
class Texts(Type):
    """A list of texts (one `- ` line each); empty items are dropped."""

    what: str

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> tuple[str, ...]:
        if value is None or value is INVALID:
            return ()
        if not isinstance(value, list):
            r.wrong_type(key, value, f"a list of {self.what} (one `- ` line each)")
            return ()
        items = (TEXT.read(r, f"{key}[{i}]", item, False) for i, item in enumerate(value))
        return tuple(item for item in items if item)

    def schema(self, required: bool) -> dict[str, Any]:
        return _nullable({"type": "array", "items": {"type": ["string", "null"]}}, required)


@dataclass(frozen=True)
class Boolean(Type):
    """true or false; `absent` when the key is left out (or empty)."""

    absent: bool | None = False

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> bool | None:
        if value is None or value is INVALID:
            return self.absent
        if not isinstance(value, bool):
            r.wrong_type(key, value, "true or false")
            return self.absent
        return value

    def schema(self, required: bool) -> dict[str, Any]:
        return _nullable({"type": "boolean"}, required)


@dataclass(frozen=True)
class Whole(Type):
    """A whole number from `low` to `high` (a score)."""

    low: int
    high: int

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> int | None:
        if value is None or value is INVALID:
            return None
        if isinstance(value, float) and value.is_integer():  # `2.0` is 2, as in JSON Schema
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if self.low <= value <= self.high:
                return value
            r.fm.error(key, f"`{value}` is not from {self.low} to {self.high}")
        else:
            r.wrong_type(key, value, f"a whole number from {self.low} to {self.high}")
        return None

    def schema(self, required: bool) -> dict[str, Any]:
        return _nullable({"type": "integer", "minimum": self.low, "maximum": self.high},
                         required)


class Answer(Type):
    """A prep answer: text, or a list of texts (joined with `; `); '' when unanswered."""

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> str:
        if isinstance(value, list):
            return "; ".join(Texts("answers").read(r, key, value, False))
        return TEXT.read(r, key, value, False) or ""

    def schema(self, required: bool) -> dict[str, Any]:
        return {"anyOf": [{"type": ["string", "null"]}, Texts("answers").schema(True)]}


class ThankYou(Type):
    """The date the thank-you was sent, or `skipped`."""

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> date | str | None:
        if isinstance(value, str) and grammar.match_word(value, (SKIPPED,)):
            return SKIPPED
        if value is None or value is INVALID or isinstance(value, date) or (
                isinstance(value, str) and re.match(r"\s*\d{4}-", value)):
            return DATE.read(r, key, value, False)
        r.fm.error(key, f"`{shown(r.fm.sources.get(key, value))}` is neither the date the "
                   "thank-you was sent (YYYY-MM-DD) nor `skipped`")
        return None

    def schema(self, required: bool) -> dict[str, Any]:
        return {"anyOf": [DATE.schema(True), {"type": "string", "pattern":
                                              grammar.words_pattern([SKIPPED])}, _NULL]}


class CadenceType(Type):
    def read(self, r: Reporter, key: str, value: Any, required: bool) -> Any:
        if value is None or value is INVALID:
            return None
        cadence = grammar.parse_cadence(value) if isinstance(value, str) else None
        if cadence is None:
            r.fm.error(key, f"`{shown(value)}` is not a cadence: {grammar.CADENCE_HELP}")
        return cadence

    def schema(self, required: bool) -> dict[str, Any]:
        return _nullable({"type": "string", "pattern": grammar.CADENCE_PATTERN}, required)


@dataclass(frozen=True)
class Block(Type):
    """A mapping of sub-fields; unknown keys are warned about. Reads to {attr: value}."""

    fields: tuple[Field, ...]
    hint_column: int | None = 22  # where the template's comments start (None: aligned)
    #: builds a model object of the values (by attribute); None: the values are the result
    build: Callable[[dict[str, Any]], Any] | None = None

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> Any:
        mapping = self.mapping(r, key, value)
        values = {f.attr: f.type.read(r, f"{key}.{f.key}", mapping.get(f.key), f.required)
                  for f in self.fields}
        return self.build(values) if self.build else values

    def mapping(self, r: Reporter, key: str, value: Any) -> dict[str, Any]:
        known = tuple(f.key for f in self.fields)
        if value is None or value is INVALID:
            return {}
        if not isinstance(value, dict):
            r.wrong_type(key, value, f"a mapping with {', '.join(known)}")
            return {}
        for name in value:
            if name not in known:
                r.fm.warning(f"{key}.{name}", f"unknown key `{shown(name)}`" + suggest(name, known))
        return value

    def schema(self, required: bool) -> dict[str, Any]:
        return _nullable({"type": "object", **_properties(self.fields)}, required)


@dataclass(frozen=True)
class Entries(Type):
    """A list of mappings (`- date: …` items), each built into a model object."""

    block: Block
    build: Callable[[dict[str, Any], int, int], Any]  # (values, index, line) → object or None
    expected_list: str
    expected_item: str

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> tuple[Any, ...]:
        if value is None or value is INVALID:
            return ()
        if not isinstance(value, list):
            r.wrong_type(key, value, self.expected_list)
            return ()
        result = []
        for i, item in enumerate(value):
            item_key = f"{key}[{i}]"
            if not isinstance(item, dict):
                r.wrong_type(item_key, item, self.expected_item)
                continue
            built = self.build(self.block.read(r, item_key, item, True), i,
                               r.fm.line(f"{item_key}.{self.block.fields[0].key}"))
            if built is not None:
                result.append(built)
        return tuple(result)

    def schema(self, required: bool) -> dict[str, Any]:
        return _nullable({"type": "array", "items": self.block.schema(True)}, required)


@dataclass(frozen=True)
class FileKindType(Type):
    """What a Markdown file is: `kinds[0]` (the default) or another of `kinds`."""

    kinds: tuple[str, ...]

    def read(self, r: Reporter, key: str, value: Any, required: bool) -> None:
        if value is not None and value not in self.kinds:
            r.fm.error(key, f"`{shown(value)}` is not a kind: use `page` for a hand-written page, "
                       "`company` for a target company, or leave `kind` out for a note")

    def schema(self, required: bool) -> dict[str, Any]:
        return {"enum": [*self.kinds, None]}


TEXT = Text()
DATE = Date()


@dataclass(frozen=True)
class Field:
    key: str
    type: Type
    help: str = ""  # the schema's description
    required: bool = False
    #: where the value goes in `Note`: an attribute; `details` (optional text, by key);
    #: `*` (a block whose values are attributes themselves); '' (nowhere)
    to: str | None = None
    #: how `new` writes it: `value` (when there is one), `commented` (the value when there
    #: is one, else the line commented out with its hint: the comment, or the help),
    #: `blank` (the key alone), `example` (the `example`), `block` (its sub-fields), None
    #: (not written)
    template: str | None = None
    example: str | tuple[str, ...] = ""
    comment: str = ""  # the template's comment after the line
    prefill: bool = False  # `new` copies it from the person's latest note that has it
    label: str = ""  # how a note's card names the detail ('': the card shows it its own way)

    @cached_property
    def attr(self) -> str:
        if self.to is not None:
            return self.to
        return "details" if isinstance(self.type, Text) and not self.required else self.key


def _properties(fields: tuple[Field, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {"properties": {f.key: {**f.type.schema(f.required), **(
        {"description": f.help} if f.help else {})} for f in fields}}
    required = [f.key for f in fields if f.required]
    return {**schema, "required": required} if required else schema
