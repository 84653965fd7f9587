"""The field table: every front-matter key of a note, declared once.

A row (`Field`) names the key, the type of its value, whether it is required, its help
text, how the `new` template writes it and whether `new` prefills it from the person's
earlier notes. The reader (`read_note`), the JSON Schema (`core.schema`), the template
(`core.template`) and the site's card all walk this table; the types of the values
(`Text`, `Date`, …) are in `core.fieldtypes`.

Adding an optional text field to a note is one row in `NOTE`: it is read into
`Note.details`, published in the schema, written by `new` when known, and shown on
the note's card.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .fieldtypes import (
    DATE,
    TEXT,
    Answer,
    Block,
    Boolean,
    CadenceType,
    Choice,
    Entries,
    Field,
    KindType,
    Reader,
    Text,
    Texts,
    ThankYou,
    suggest,
)
from .grammar import CADENCE_WORDS
from .highlights import first_lines, highlights
from .model import CheckIn, Format, Note, Page, Status, resolve_status
from .parse import FrontMatter, shown

#: Keys MkDocs and Material read themselves; accepted without a warning.
PAGE_KEYS = ("title", "description", "hide", "search")
#: What `kind` may say: a note (the default), or a hand-written page.
KINDS = ("note", "page")


def _email_warning(text: str) -> str | None:
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", text):
        return None
    return f"`{shown(text)}` does not look like an email address"


def _linkedin_warning(text: str) -> str | None:
    if re.fullmatch(r"https?://([a-z0-9-]+\.)*linkedin\.com/\S+", text, re.IGNORECASE):
        return None
    return f"`{shown(text)}` does not look like a LinkedIn URL (https://www.linkedin.com/in/…)"


def _check_in(values: dict[str, Any], index: int, line: int) -> CheckIn | None:
    if values["date"] is None:
        return None
    return CheckIn(values["date"], values["note"] or "", index=index, line=line)


#: The six questions to answer before a conversation, in the seed's order.
PREP = tuple(Field(key, Answer(), question, template="blank", comment=question)
             for key, question in (
    ("company", "Do I know about this company?"),
    ("values", "Do I know what this company stands for?"),
    ("why", "Why am I interested in this company?"),
    ("person", "What do I know about the person I am having this conversation with?"),
    ("goals", "What do I want to gain from this conversation?"),
    ("next_steps", "What are appropriate next steps for this conversation?"),
             ))
PREP_QUESTIONS = {f.key: f.help for f in PREP}

SEED_QUESTIONS = (
    "How did you start with this organization?",
    "What can you tell me about the culture?",
    "How does my experience fit into the organization?",
    "What does a typical career path look like here?",
)

CHECK_IN = Block((
    Field("date", DATE, "When you were in touch", required=True),
    Field("note", TEXT, "What it was about", to="note"),
))

FOLLOW_UP = Block((
    Field("thank_you", ThankYou(), "When the thank-you was sent, or `skipped`",
          template="blank", comment="when you sent it (coffeechat log --thank-you), or skipped"),
    Field("cadence", CadenceType(), f'How often to check in: {CADENCE_WORDS}, or '
          '"N days|weeks|months"', template="example", example="quarterly",
          comment=CADENCE_WORDS),
    Field("next", DATE, "An agreed date for the next check-in"),
    Field("check_ins", Entries(CHECK_IN, _check_in, "a list of `- date: YYYY-MM-DD` entries",
                               "`date: YYYY-MM-DD` (and an optional `note:`)"),
          "Contacts made after the conversation"),
))

#: Every key of a note, in the order the template writes them.
NOTE = (
    Field("person", TEXT, "The person you talk with", required=True, template="value"),
    Field("company", TEXT, "Where they work", required=True, template="value"),
    Field("date", DATE, "The day of the conversation", required=True, template="value"),
    Field("role", TEXT, "Their role", template="value", prefill=True),
    Field("status", Choice(Status), f"{', '.join(Status)} (default: by the date)",
          template="value"),
    Field("format", Choice(Format), "How you talk", template="value"),
    Field("email", Text(warn=_email_warning), "Their email address", template="value",
          prefill=True),
    Field("phone", TEXT, "Their phone number", template="value", prefill=True),
    Field("linkedin", Text(warn=_linkedin_warning), "Their LinkedIn profile (a URL)",
          template="value", prefill=True),
    Field("referred_by", TEXT, "Who introduced you", template="value", prefill=True),
    Field("tags", Texts("tags"), "Tags for the site's tag index", template="example",
          example="[]"),
    Field("private", Boolean(), "true: never published on the site"),
    Field("prep", Block(PREP, hint_column=None), "The six questions to answer before the "
          "conversation", template="block", comment="answer all six before the conversation"),
    Field("questions", Texts("questions"), "Questions to ask (a few)", template="example",
          example=SEED_QUESTIONS, comment="a few questions to ask; edit them"),
    Field("follow_up", FOLLOW_UP, "The thank-you, the check-in rhythm and the check-ins",
          to="*", template="block"),
    Field("kind", KindType(KINDS), "`page` for a hand-written page (not checked as a note)", to=""),
)
NOTE_KEYS = tuple(f.key for f in NOTE)
DETAILS = tuple(f for f in NOTE if f.attr == "details")
_KEPT_LINES = frozenset(NOTE_KEYS) | {f"{f.key}.{sub.key}" for f in NOTE
                                      if isinstance(f.type, Block) for sub in f.type.fields}


# --- reading a note ----------------------------------------------------------------------------

def read_note(fm: FrontMatter, rel_path: str, today: date, *,
              with_highlights: bool = False) -> Note | Page | None:
    """The note (or hand-written page) in a parsed front matter; None when it has errors.
    `with_highlights`: read the body's headings too (the site shows them)."""
    values = fm.values
    if not fm.is_mapping:  # no mapping could be read: the reason is reported already
        return None
    if values.get("kind") == "page":
        return Page(fm.path, rel_path)
    r = Reader(fm)
    for key in values:
        if key not in NOTE_KEYS and key not in PAGE_KEYS:
            fm.warning(key, f"unknown key `{shown(key)}`{suggest(key, NOTE_KEYS)}")
    attrs: dict[str, Any] = {"details": {}}
    for f in NOTE:
        value = f.type.read(r, f.key, values.get(f.key), f.required)
        if f.attr == "details":
            if value is not None:
                attrs["details"][f.key] = value
        elif f.attr == "*":
            attrs.update(value)
        elif f.attr:
            attrs[f.attr] = value
    attrs["prep"] = tuple(attrs["prep"].items())
    if attrs["date"] is not None:
        _check_order(r, attrs["date"], attrs["thank_you"], attrs["check_ins"])
    if None in (attrs["person"], attrs["company"], attrs["date"]) or not fm.ok:
        return None
    attrs["status"] = resolve_status(attrs["status"], attrs["date"], today)
    lines = {k: v for k, v in fm.lines.items() if k in _KEPT_LINES}
    found = highlights(first_lines(fm.text, fm.body)) if with_highlights else ()
    return Note(path=fm.path, rel_path=rel_path, lines=lines, highlights=found, **attrs)


#: The checks between fields, which the JSON Schema cannot express.
ORDER_MESSAGE = "is dated before the conversation"


def _check_order(r: Reader, when: date, thank_you: date | str | None,
                 check_ins: tuple[CheckIn, ...]) -> None:
    if isinstance(thank_you, date) and thank_you < when:
        r.fm.error("follow_up.thank_you",
                   f"the thank-you ({thank_you}) {ORDER_MESSAGE} ({when})")
    for check_in in check_ins:
        if check_in.date < when:
            r.fm.error(f"follow_up.check_ins[{check_in.index}].date",
                       f"the check-in ({check_in.date}) {ORDER_MESSAGE} ({when})")


