"""Problems and agendas rendered as the strings the command line prints.

Values are made safe for a terminal here (control characters and ANSI escapes shown as
`\\x1b`); the words themselves come from `core.wording`, shared with the site and the
calendar.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import date

from ..core.model import AgendaItem, Bucket, Problem, Severity
from ..core.wording import BUCKET_TITLES, describe, plural, relative_days

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


def check_summary(notes: int, errors: int, warnings: int) -> str:
    return (
        f"checked {plural(notes, 'note')}: {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}"
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
