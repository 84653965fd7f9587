"""The JSON Schema of a note's front matter, generated from the checker's own tables."""

from __future__ import annotations

from typing import Any

from .fields import CHECK_IN_KEYS, FIELDS, FOLLOW_UP_KEYS, NAMED_CADENCES, PAGE_KEYS, REQUIRED
from .model import PREP_QUESTIONS, SKIPPED, Format, Status

DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([Tt ][0-9:.]+([Zz]|[ ]?[+-][0-9:]+)?)?$",
        "description": "YYYY-MM-DD (a date and time is accepted)"}
TEXT = {"type": "string", "minLength": 1}
TEXTS = {"type": "array", "items": {"type": ["string", "null"]}}
CADENCE = {"type": "string", "pattern": "^(" + "|".join(NAMED_CADENCES) +
           r"|\s*[1-9][0-9]*\s+(day|week|month)s?\s*)$"}

_KINDS: dict[str, dict[str, Any]] = {
    "text": TEXT,
    "email": {**TEXT, "format": "email"},
    "url": {**TEXT, "format": "uri"},
    "date": DATE,
    "status": {"enum": [s.value for s in Status]},
    "format": {"enum": [f.value for f in Format]},
    "texts": TEXTS,
    "bool": {"type": "boolean"},
    "kind": {"enum": ["page", "note"]},
    "prep": {
        "type": ["object", "null"],
        "properties": {key: {"description": question,
                             "anyOf": [{"type": ["string", "null"]}, TEXTS]}
                       for key, question in PREP_QUESTIONS.items()},
        "additionalProperties": False,
    },
    "follow_up": {
        "type": ["object", "null"],
        "properties": {
            "thank_you": {"anyOf": [DATE, {"const": SKIPPED}, {"type": "null"}]},
            "cadence": CADENCE,
            "next": DATE,
            "check_ins": {"type": ["array", "null"], "items": {
                "type": "object",
                "properties": {"date": DATE, "note": {"type": ["string", "null"]}},
                "required": ["date"],
                "additionalProperties": False,
            }},
        },
        "additionalProperties": False,
    },
}


def front_matter_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) for editors' YAML tooling; dates are ISO strings there."""
    assert set(_KINDS["follow_up"]["properties"]) == set(FOLLOW_UP_KEYS)
    assert set(_KINDS["follow_up"]["properties"]["check_ins"]["items"]["properties"]) == \
        set(CHECK_IN_KEYS)
    properties = {key: _KINDS[kind] for key, kind in FIELDS.items()}
    properties.update({key: {} for key in PAGE_KEYS})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://coffeechat.invalid/schema/front-matter.json",
        "title": "coffeechat note",
        "description": "The front matter of a coffeechat note (or, with kind: page, a page).",
        "type": "object",
        "properties": properties,
        "if": {"properties": {"kind": {"const": "page"}}, "required": ["kind"]},
        "then": {},
        "else": {"required": list(REQUIRED)},
    }
