"""The JSON Schema of a note's front matter, generated from the field table.

Each field's type gives its fragment from the same grammar the checker reads with, so
that a front matter the checker accepts (no errors) is valid under the schema and the
other way round. What the schema cannot say is the order of dates between fields (a
thank-you before the conversation, a reply before the first message), which only the
checker reports. Unknown keys are allowed: the checker only warns about them. Dates are
ISO strings here, as editors see them. No text anywhere, key or value at any depth, holds
a control character (SPEC §6): one recursive `$defs` entry says so for the whole file.
"""

from __future__ import annotations

from typing import Any

from .fields import COMPANY, FILE_KINDS, NOTE, OUTREACH, PAGE_KEYS
from .fieldtypes import DATE, Block
from .grammar import words_pattern
from .model import Status

#: No control character (`core.text.CONTROL`) in any text: the same class, for JSON Schema.
_NO_CONTROL = {"pattern": "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$",
               "propertyNames": {"$ref": "#/$defs/text"},
               "items": {"$ref": "#/$defs/text"},
               "additionalProperties": {"$ref": "#/$defs/text"}}


def _kind_is(kind: str) -> dict[str, Any]:
    return {"properties": {"kind": {"const": kind}}, "required": ["kind"]}


def _table(fields: tuple[Any, ...]) -> dict[str, Any]:
    schema = Block(fields).schema(True)
    schema["properties"].update((key, {}) for key in PAGE_KEYS)
    return schema


def front_matter_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) for editors' YAML tooling."""
    note_schema = _table(NOTE)
    # an `asked` note says when the first message was sent (SPEC §8)
    sent = OUTREACH.fields[0].key
    note_schema["if"] = {"properties": {"status": {"type": "string", "pattern": words_pattern(
        [Status.ASKED.value])}}, "required": ["status"]}
    note_schema["then"] = {"required": ["outreach"], "properties": {"outreach": {
        "type": "object", "required": [sent], "properties": {sent: DATE.schema(True)}}}}
    company = _table(COMPANY)
    company["properties"]["kind"] = {"const": "company"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://coffeechat.invalid/schema/front-matter.json",
        "title": "coffeechat note",
        "description": "The front matter of a coffeechat note (with kind: company, a target "
                       "company; with kind: page, a page).",
        "type": "object",
        "$defs": {"text": _NO_CONTROL},
        "$ref": "#/$defs/text",
        "if": _kind_is("page"),
        "then": {"properties": {"kind": {"enum": list(FILE_KINDS)}}},
        "else": {"if": _kind_is("company"), "then": company, "else": note_schema},
    }
