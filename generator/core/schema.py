"""The JSON Schema of a note's front matter, generated from the field table.

Each field's type gives its fragment from the same grammar the checker reads with, so
that a front matter the checker accepts (no errors) is valid under the schema and the
other way round. What the schema cannot say is the order of dates between fields (a
thank-you before the conversation), which only the checker reports. Unknown keys are
allowed: the checker only warns about them. Dates are ISO strings here, as editors
see them.
"""

from __future__ import annotations

from typing import Any

from .fields import KINDS, NOTE, PAGE_KEYS
from .fieldtypes import Block


def front_matter_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) for editors' YAML tooling."""
    note = Block(NOTE).schema(True)
    note["properties"].update((key, {}) for key in PAGE_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://coffeechat.invalid/schema/front-matter.json",
        "title": "coffeechat note",
        "description": "The front matter of a coffeechat note (or, with kind: page, a page).",
        "type": "object",
        "if": {"properties": {"kind": {"const": "page"}}, "required": ["kind"]},
        "then": {"properties": {"kind": {"enum": list(KINDS)}}},
        "else": note,
    }
