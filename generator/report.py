"""Problems and agendas rendered as the strings the command line prints."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import date

from .model import FORMAT_WORDS, AgendaItem, Bucket, Kind, Problem, Severity

BUCKET_TITLES = {
    Bucket.OVERDUE: "Overdue",
    Bucket.THIS_WEEK: "This week",
    Bucket.NEXT_30_DAYS: "Next 30 days",
    Bucket.LATER: "Later",
}
_BUCKET_COLOURS = {
    Bucket.OVERDUE: "red",
    Bucket.THIS_WEEK: "yellow",
    Bucket.NEXT_30_DAYS: "green",
    Bucket.LATER: "blue",
}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters (ANSI escapes too) shown as `\\x1b`."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _cell(text: str) -> str:
    return printable(_SPACES.sub(" ", text).strip())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def check_summary(notes: int, errors: int, warnings: int) -> str:
    return (
        f"checked {_plural(notes, 'note')}: {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
    )


def problems_text(problems: Sequence[Problem], notes: int) -> str:
    """One `PATH:LINE: SEVERITY: FIELD: MESSAGE` line per problem, then a summary."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    lines = [printable(str(p).replace("\n", " ")) for p in problems]
    lines.append(check_summary(notes, errors, len(problems) - errors))
    return "\n".join(lines)


def problems_json(problems: Sequence[Problem], notes: int) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return json.dumps(
        {
            "notes": notes,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.as_dict() for p in problems],
        },
        indent=2,
        ensure_ascii=False,
    )


def agenda_json(items: Sequence[AgendaItem], today: date) -> str:
    return json.dumps(
        {"today": today.isoformat(), "items": [i.as_dict() for i in items]},
        indent=2,
        ensure_ascii=False,
    )




def relative_days(days: int) -> str:
    """`today`, `tomorrow`, `in 5 days`, `yesterday`, `3 days overdue`."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "1 day overdue"
    return f"in {days} days" if days > 0 else f"{-days} days overdue"


def describe(item: AgendaItem) -> str:
    """What to know about an item at a glance."""
    if item.kind is Kind.INTERVIEW:
        answered, total = item.note.prep_score
        missing = item.note.missing_prep
        prep = f"prep {answered}/{total}" + (f", missing {', '.join(missing)}" if missing else "")
        return f"{prep}; {_plural(len(item.note.questions), 'question')}"
    if item.kind is Kind.THANK_YOU:
        how = FORMAT_WORDS.get(str(item.note.format), "conversation")
        return f"after your {how} on {item.note.date}"
    return f"last contact {item.last_contact}" if item.last_contact else ""


def _width(text: str) -> int:
    """Columns `text` takes on a terminal (East Asian wide letters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def agenda_text(items: Sequence[AgendaItem], today: date, *, days: int | None,
                style: bool = False) -> str:
    """The agenda grouped by bucket, one aligned row per item; ANSI colour when `style`."""
    import click

    window = "everything ahead" if days is None else f"overdue and due within {days} days"
    header = f"coffeechat agenda for {today:%a %Y-%m-%d} ({window})"
    if not items:
        return (f"{header}\n\nNothing due. Plan your next conversation: write its note in "
                "the notes folder, with its prep and questions.")
    rows = [[item.due.isoformat(), relative_days(item.days), str(item.kind), _cell(item.person),
             _cell(item.company), _cell(describe(item)), _cell(item.path)] for item in items]
    widths = [max(_width(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    counts = Counter(item.bucket for item in items)
    out = [header]
    for i, (item, row) in enumerate(zip(items, rows, strict=True)):
        if i == 0 or item.bucket != items[i - 1].bucket:
            title = f"{BUCKET_TITLES[item.bucket]} ({counts[item.bucket]})"
            out += ["", click.style(title, bold=True) if style else title]
        cells = [cell + " " * (width - _width(cell))
                 for cell, width in zip(row[:-1], widths, strict=True)]
        if style:
            cells[1] = click.style(cells[1], fg=_BUCKET_COLOURS[item.bucket], bold=item.days < 0)
        out.append("  " + "  ".join([*cells, row[-1]]))
    return "\n".join(out)
