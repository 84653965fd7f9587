"""The text of a new note, written by walking the field table (`core.fields.NOTE`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from .contacts import contact_key, latest
from .edit import scalar
from .fields import DETAILS, NOTE
from .fieldtypes import Block, Entries, Field
from .model import Note

BODY_OUTLINE = "## What I learned\n\n\n## Promises made\n\n\n## Next steps\n\n"
_COMMENT_COLUMN = 22


def note_text(values: Mapping[str, Any], *, body: str = BODY_OUTLINE) -> str:
    """A new note: the template's front matter with `values` (by key) filled in, then `body`.

    Every field the table marks for the template is written: a value when there is one,
    the key alone or an example otherwise, with the table's comment after it. A field
    marked `commented` is written, when `values` has nothing for it, as a comment: its key
    with its hint (`# email:  # Their email address`), or a block's lines, an optional line
    to fill in; when `values` has a value (or a block's mapping), as those lines.
    """
    lines = ["---"]
    for f in NOTE:
        lines += _field_lines(f, values.get(f.key), "", _COMMENT_COLUMN)
    return "\n".join([*lines, "---", body])


def template_lines(key: str) -> list[str]:
    """The lines the template writes for one top-level field, with nothing filled in (the
    prep block that `new` adds to a booked note that has none)."""
    (f,) = [f for f in NOTE if f.key == key]
    return _field_lines(f, None, "", _COMMENT_COLUMN)


def _commented(line: str, comment: str, column: int) -> str:
    return f"{line}{' ' * max(column - len(line), 1)}# {comment}" if comment else line


def _field_lines(f: Field, value: Any, indent: str, column: int) -> list[str]:
    key = f"{indent}{f.key}:"
    if f.template in ("value", "commented") and value is not None and not isinstance(
            f.type, Block | Entries):
        return [_commented(f"{key} {scalar(value)}", f.comment, column)]
    if f.template == "commented" and not isinstance(f.type, Block | Entries):
        return [_commented(f"# {key}", f.comment or f.help, column)]
    if f.template == "blank":
        return [_commented(key, f.comment, column)]
    if f.template == "example" and isinstance(f.example, str):
        return [_commented(f"{key} {f.example}", f.comment, column)]
    if f.template == "example":
        return [_commented(key, f.comment, column),
                *(f"{indent}  - {scalar(item)}" for item in f.example)]
    if f.template == "commented" and isinstance(f.type, Block):
        if isinstance(value, Mapping):
            return [key, *(f"{indent}  {s.key}: {scalar(value[s.key])}"
                           for s in f.type.fields if value.get(s.key) is not None)]
        lines = _field_lines(dataclasses.replace(f, template="block"), None, indent, column)
        return [f"# {line}" for line in lines]
    if f.template == "commented" and isinstance(f.type, Entries):  # one item, as a hint
        item = _field_lines(dataclasses.replace(f, type=f.type.block, template="block"), None,
                            indent, column)[1:]
        item = [f"{indent}  - {item[0].strip()}", *(f"  {line}" for line in item[1:])]
        return [f"# {line}" for line in [_commented(key, f.comment, column), *item]]
    if f.template == "block" and isinstance(f.type, Block):
        subs = [s for s in f.type.fields if s.template]
        inner = f.type.hint_column or len(indent) + 4 + max(len(s.key) for s in subs)
        return [_commented(key, f.comment, column),
                *(line for s in subs for line in _field_lines(s, None, indent + "  ", inner))]
    return []


def prefill(notes: Iterable[Note], person: str) -> dict[str, str]:
    """What earlier notes say about `person` (role, contact details…): of each field the
    table marks for prefilling, the value in their latest note that has one."""
    mine = [n for n in notes if contact_key(n.person) == contact_key(person)]
    values: dict[str, str] = {}
    for f in DETAILS:
        source = latest(n for n in mine if f.key in n.details) if f.prefill else None
        if source is not None:
            values[f.key] = source.details[f.key]
    return values
