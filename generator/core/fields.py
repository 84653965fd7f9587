"""The field table: every front-matter key of a note, declared once.

A row (`Field`) names the key, the type of its value, whether it is required, its help
text, how the `new` template writes it (every field of a note is there: its value, an
example, or a commented-out line with its hint) and whether `new` prefills it from the
person's earlier notes. The reader (`read_note`), the JSON Schema (`core.schema`), the template
(`core.template`) and the site's card all walk this table; the types of the values
(`Text`, `Date`, …) are in `core.fieldtypes`.

Adding an optional text field to a note is one row in `NOTE`: it is read into
`Note.details`, published in the schema, written by `new` (its value when known, else a
commented-out line with its help as the hint), and shown on the note's card.
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
    FileKindType,
    Reporter,
    Text,
    Texts,
    ThankYou,
    Whole,
    suggest,
)
from .grammar import CADENCE_WORDS
from .highlights import first_lines, highlights
from .model import (
    CheckIn,
    Format,
    Note,
    Outreach,
    Page,
    Referral,
    Status,
    Target,
    TargetStatus,
    Via,
    resolve_status,
)
from .parse import FrontMatter, shown

#: Keys MkDocs and Material read themselves; accepted without a warning.
PAGE_KEYS = ("title", "description", "hide", "search")
#: What `kind` may say: a note (the default), a hand-written page, or a target company.
FILE_KINDS = ("note", "page", "company")


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
    return CheckIn(values["date"], values["remark"] or "", index=index, line=line)


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
    Field("note", TEXT, "What it was about", to="remark"),
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

def _outreach(values: dict[str, Any]) -> Outreach | None:
    return Outreach(**values) if any(v is not None for v in values.values()) else None


OUTREACH = Block((
    Field("sent", DATE, "The day the first message was sent", template="blank",
          comment="the day you wrote to them (coffeechat reach)"),
    Field("via", Choice(Via), "How it was sent", template="blank",
          comment=" | ".join(Via)),
    Field("replied", DATE, "When they answered", template="blank",
          comment="coffeechat log NAME --replied"),
    Field("follow_up", DATE, "The one follow-up message, if one was sent", to="followed_up",
          template="blank", comment="coffeechat log NAME --followed-up"),
), build=_outreach)

REFERRAL = Block((
    Field("person", TEXT, "Whom they suggested you talk to", required=True, template="blank",
          comment="whom (coffeechat new NAME fills the rest)"),
    Field("company", TEXT, "Where that person works", to="company", template="blank",
          comment="where they work"),
    Field("note", TEXT, "Why, or how to reach them", to="remark", template="blank",
          comment="why, or how to reach them"),
), hint_column=20)  # written as a `- ` item: its comments line up with the others


def _referral(values: dict[str, Any], index: int, line: int) -> Referral | None:
    if values["person"] is None:
        return None
    return Referral(values["person"], values["company"], values["remark"], index=index,
                    line=line)


#: Every key of a note, in the order the template writes them.
NOTE = (
    Field("person", TEXT, "The person you talk with", required=True, template="value"),
    Field("company", TEXT, "Where they work", required=True, template="value"),
    Field("date", DATE, "The day of the conversation", required=True, template="value"),
    Field("role", TEXT, "Their role", template="commented", prefill=True),
    Field("status", Choice(Status), f"{', '.join(Status)} (default: by the date)",
          template="commented"),
    Field("format", Choice(Format), "How you talk", template="commented"),
    Field("email", Text(warn=_email_warning), "Their email address", template="commented",
          prefill=True),
    Field("phone", TEXT, "Their phone number", template="commented", prefill=True),
    Field("linkedin", Text(warn=_linkedin_warning), "Their LinkedIn profile (a URL)",
          template="commented", prefill=True),
    Field("referred_by", TEXT, "Who introduced you", template="commented", prefill=True),
    Field("tags", Texts("tags"), "Tags for the site's tag index", template="example",
          example="[]"),
    Field("private", Boolean(), "true: never published on the site", template="commented"),
    Field("outreach", OUTREACH, "How this conversation was asked for: the first message, "
          "the reply, the one follow-up", to="outreach", template="commented",
          comment="before the chat: filled by coffeechat reach and log"),
    Field("referrals", Entries(REFERRAL, _referral, "a list of `- person: NAME` entries",
                               "`person: NAME` (and an optional `company:` and `note:`)"),
          "Whom they suggested you talk to next", template="commented",
          comment="after the chat: whom they suggested you talk to"),
    Field("prep", Block(PREP, hint_column=None), "The six questions to answer before the "
          "conversation", template="block", comment="answer all six before the conversation"),
    Field("questions", Texts("questions"), "Questions to ask (a few)", template="example",
          example=SEED_QUESTIONS, comment="a few questions to ask; edit them"),
    Field("follow_up", FOLLOW_UP, "The thank-you, the check-in rhythm and the check-ins",
          to="*", template="block"),
    Field("kind", FileKindType(FILE_KINDS), "`page` for a hand-written page (not checked as a "
          "note), `company` for a target company", to=""),
)
NOTE_KEYS = tuple(f.key for f in NOTE)
DETAILS = tuple(f for f in NOTE if f.attr == "details")

#: Every key of a target company's file (`kind: company`, SPEC §8).
COMPANY = (
    Field("kind", FileKindType(FILE_KINDS), "`company`", to=""),
    Field("company", TEXT, "The company, spelled as its notes spell it", required=True),
    Field("motivation", Whole(0, 3), "How much you want to work there: 0 (don't know enough "
          "yet) to 3"),
    Field("posting", Whole(1, 3), "3: a relevant opening, 2: some opening, 1: none"),
    Field("advocacy", Boolean(absent=None), "Someone there could vouch for you (default: "
          "any note at the company)"),
    Field("status", Choice(TargetStatus), f"{', '.join(TargetStatus)} (default: active)"),
    Field("website", TEXT, "The company's website"),
    Field("tags", Texts("tags of the company"), "Tags"),
    Field("private", Boolean(), "true: never published on the site"),
)
COMPANY_KEYS = tuple(f.key for f in COMPANY)


def _kept_lines(fields: tuple[Field, ...]) -> frozenset[str]:
    return frozenset(f.key for f in fields) | {f"{f.key}.{sub.key}" for f in fields
                                               if isinstance(f.type, Block)
                                               for sub in f.type.fields}


_KEPT_LINES = _kept_lines(NOTE)


# --- reading a note ----------------------------------------------------------------------------

def read_note(fm: FrontMatter, rel_path: str, today: date, *,
              with_highlights: bool = False) -> Note | Page | Target | None:
    """The note (or hand-written page) in a parsed front matter; None when it has errors.
    `with_highlights`: read the body's headings too (the site shows them)."""
    values = fm.values
    if not fm.is_mapping:  # no mapping could be read: the reason is reported already
        return None
    if values.get("kind") == "page":
        return Page(fm.path, rel_path)
    if values.get("kind") == "company":
        return read_target(fm, rel_path)
    r = Reporter(fm)
    attrs = _read_fields(r, NOTE)
    attrs["prep"] = tuple(attrs["prep"].items())
    if attrs["date"] is not None:
        _check_order(r, attrs["date"], attrs["thank_you"], attrs["check_ins"])
    _check_outreach(r, attrs["status"], attrs["outreach"])
    if None in (attrs["person"], attrs["company"], attrs["date"]) or not fm.ok:
        return None
    attrs["status"] = resolve_status(attrs["status"], attrs["date"], today)
    lines = {k: v for k, v in fm.lines.items() if k in _KEPT_LINES}
    found = highlights(first_lines(fm.text, fm.body)) if with_highlights else ()
    return Note(path=fm.path, rel_path=rel_path, lines=lines, highlights=found, **attrs)


def _read_fields(r: Reporter, fields: tuple[Field, ...]) -> dict[str, Any]:
    """Every field's value, by attribute; unknown keys warned about."""
    known = tuple(f.key for f in fields)
    for key in r.fm.values:
        if key not in known and key not in PAGE_KEYS:
            r.fm.warning(key, f"unknown key `{shown(key)}`{suggest(key, known)}")
    attrs: dict[str, Any] = {"details": {}}
    for f in fields:
        value = f.type.read(r, f.key, r.fm.values.get(f.key), f.required)
        if f.attr == "details":
            if value is not None:
                attrs["details"][f.key] = value
        elif f.attr == "*":
            attrs.update(value)
        elif f.attr:
            attrs[f.attr] = value
    return attrs


_COMPANY_LINES = _kept_lines(COMPANY)


def read_target(fm: FrontMatter, rel_path: str) -> Target | None:
    """A target company's file (`kind: company`); None when it has errors."""
    attrs = _read_fields(Reporter(fm), COMPANY)
    details = attrs.pop("details")
    if attrs["company"] is None or not fm.ok:
        return None
    attrs["status"] = attrs["status"] or TargetStatus.ACTIVE
    lines = {k: v for k, v in fm.lines.items() if k in _COMPANY_LINES}
    return Target(fm.path, rel_path, website=details.get("website"), lines=lines,
                  body=fm.text[fm.body:], **attrs)


#: The checks between fields, which the JSON Schema cannot express: dates in order.
ORDER_MESSAGE = "is dated before the"


def _check_outreach(r: Reporter, status: Status | None, outreach: Outreach | None) -> None:
    sent = outreach.sent if outreach else None
    written = r.fm.values.get("outreach")
    if status is Status.ASKED and sent is None and (written is None or isinstance(written, dict)):
        # a missing key is reported at line 1 (SPEC §4), or at its block when that is there
        r.fm.error("outreach.sent", "an `asked` note needs the day the first message was "
                   "sent: add `outreach:` with `sent: YYYY-MM-DD` (coffeechat reach writes it)",
                   line=None if "outreach" in r.fm.lines else 1)
    if outreach is None or sent is None:
        return
    for key, day, what in (("replied", outreach.replied, "the reply"),
                           ("follow_up", outreach.followed_up, "the follow-up")):
        if day is not None and day < sent:
            r.fm.error(f"outreach.{key}", f"{what} ({day}) {ORDER_MESSAGE} first message "
                                          f"({sent})")


def _check_order(r: Reporter, when: date, thank_you: date | str | None,
                 check_ins: tuple[CheckIn, ...]) -> None:
    if isinstance(thank_you, date) and thank_you < when:
        r.fm.error("follow_up.thank_you",
                   f"the thank-you ({thank_you}) {ORDER_MESSAGE} conversation ({when})")
    for check_in in check_ins:
        if check_in.date < when:
            r.fm.error(f"follow_up.check_ins[{check_in.index}].date",
                       f"the check-in ({check_in.date}) {ORDER_MESSAGE} conversation ({when})")


