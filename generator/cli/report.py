"""Problems and agendas rendered as the strings the command line prints.

Values are made safe for a terminal here (`printable`: control characters, ANSI escapes,
CR and C1 shown as `\\x1b`; JSON with those escaped as `\\u001b`, and all of it ASCII when
the terminal cannot show the rest); the words themselves come from `core.wording`,
shared with the site and the calendar.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..core.model import AgendaItem, Bucket, Problem, Severity
from ..core.text import terminal
from ..core.wording import BUCKET_TITLES, COVERAGE_LEGEND, describe, plural, relative_days

if TYPE_CHECKING:  # for the annotations alone: `due` and `check` need none of these
    from ..core.importing import AtCompany
    from ..core.outreach import TargetRow
    from ..core.review import Goal, WeekReview
    from ..files.sync import Synced

_BUCKET_COLOURS = {
    Bucket.OVERDUE: "red",
    Bucket.THIS_WEEK: "yellow",
    Bucket.NEXT_30_DAYS: "green",
    Bucket.LATER: "blue",
}


_SPACES = re.compile(r"\s+")
#: What JSON (`ensure_ascii=False`) leaves raw that a terminal must not get: DEL and C1.
_JSON_RAW = re.compile("[\x7f-\x9f]")

#: `text` safe for a terminal: control characters (ANSI escapes too) shown as `\\x1b`.
printable = terminal


def to_json(value: object) -> str:
    """`value` as indented JSON for a terminal: no control character raw, and nothing the
    terminal's encoding cannot show (then every non-ASCII letter is a `\\u` escape)."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return json.dumps(value, indent=2)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
    return to_json({
        "notes": notes,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [p.as_dict() for p in problems],
    })


def agenda_json(items: Sequence[AgendaItem], today: date) -> str:
    return to_json({"today": today.isoformat(), "items": [i.as_dict() for i in items]})




def _width(text: str) -> int:
    """Columns `text` takes on a terminal (East Asian wide letters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrapped(first: str, details: Sequence[str], width: int) -> list[str]:
    """An item's lines on a terminal `width` columns wide: its key cells (`first`), then
    each of its `details` below them, indented; every line wrapped to the width."""
    import textwrap

    lines = textwrap.wrap(first.rstrip(), width, initial_indent="  ", subsequent_indent="    ",
                          break_on_hyphens=False) or [""]
    for detail in details:
        lines += textwrap.wrap(detail, width, initial_indent="      ",
                               subsequent_indent="      ", break_on_hyphens=False)
    return lines


def _fits(lines: Iterable[str], width: int | None) -> bool:
    return width is None or all(_width(line) <= width for line in lines)


def _paragraph(text: str, width: int | None) -> str:
    """A line of prose, wrapped to `width` when one is given."""
    import textwrap

    return text if width is None else "\n".join(textwrap.wrap(text, width))


def agenda_text(items: Sequence[AgendaItem], today: date, *, days: int | None,
                style: bool = False, width: int | None = None) -> str:
    """The agenda grouped by bucket, one aligned row per item; ANSI colour when `style`;
    an item's details wrapped under it when its line would not fit `width` columns."""
    import click

    window = ("everything ahead" if days is None else
              f"overdue and due within {plural(days, 'day')}")
    header = _paragraph(f"coffeechat agenda for {today:%a %Y-%m-%d} ({window})", width)
    if not items:
        return (f"{header}\n\nNothing due. Plan your next conversation: write its note in "
                "the notes folder, with its prep and questions.")
    rows = [[item.due.isoformat(), relative_days(item.days), str(item.kind), _cell(item.person),
             _cell(item.company), _cell(describe(item)), _cell(item.path)] for item in items]
    counts = Counter(item.bucket for item in items)
    out = [header]
    aligned = _aligned(rows)
    fits = _fits(("  " + "  ".join(c).rstrip() for c in aligned), width)
    keys = aligned if fits else _aligned([row[:5] + [""] for row in rows])
    for i, (item, cells) in enumerate(zip(items, keys, strict=True)):
        if i == 0 or item.bucket != items[i - 1].bucket:
            title = f"{BUCKET_TITLES[item.bucket]} ({counts[item.bucket]})"
            out += ["", click.style(title, bold=True) if style else title]
        lines = (["  " + "  ".join(cells).rstrip()] if fits or width is None else
                 _wrapped("  ".join(cells[:5]), rows[i][5:], width))
        if style:  # the colour goes on the day words, which the first line starts with
            day = cells[1].rstrip()
            lines[0] = lines[0].replace(day, click.style(day, fg=_BUCKET_COLOURS[item.bucket],
                                                         bold=item.days < 0), 1)
        out += lines
    return "\n".join(out)


def _aligned(rows: list[list[str]]) -> list[list[str]]:
    """The cells padded into columns (the last one left as it is)."""
    widths = [max(_width(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    return [[cell + " " * (width - _width(cell))
             for cell, width in zip(row[:-1], widths, strict=True)] + row[-1:] for row in rows]


def targets_json(rows: Sequence[TargetRow], today: date) -> str:
    return to_json({"today": today.isoformat(), "companies": [r.as_dict() for r in rows]})


def targets_text(rows: Sequence[TargetRow], today: date, *, active_targets: int,
                 style: bool = False, width: int | None = None) -> str:
    """The LAMP list: the companies in play, the other targets, then the companies known
    from notes only; each with its scores, coverage, next step and gaps in words."""
    import click

    header = f"coffeechat targets for {today:%a %Y-%m-%d} (LAMP order)"
    if not rows:
        return (f"{header}\n\nNo companies yet. Write a target file for each company you "
                "want to work for (notes/targets/COMPANY.md with `kind: company`, "
                "`company:`, `motivation:` 0-3, `posting:` 1-3), then `coffeechat reach` "
                "someone there.")
    groups = [(f"In play ({sum(r.in_play for r in rows)} of {active_targets})",
               [r for r in rows if r.in_play]),
              ("Other targets", [r for r in rows if r.target and not r.in_play]),
              ("Known from notes only", [r for r in rows if r.target is None])]
    table = [["#", "Company", "Status", "M", "P", "A", "People", "Reached", "Replied", "Chats",
              "Responses", "Next", "In words"]]
    for rank, row in enumerate(rows, 1):
        nxt = row.next
        table.append([str(rank), _cell(row.company), str(row.status or "-"),
                      _number(row.motivation), _number(row.posting),
                      "yes" if row.advocacy else "no", str(row.contacts), str(row.reached),
                      str(row.replied), str(row.chats), row.responded or "-",
                      _next_cell(nxt) if nxt else "-",
                      _cell(row.gaps)])
    aligned = _aligned(table)
    fits = _fits(("  " + "  ".join(c).rstrip() for c in aligned), width)
    if not fits:  # the scores on a line; coverage, the next step and the gaps below
        aligned = _aligned([row[:6] + [""] for row in table])
    head, *cells = aligned
    lines = dict(zip((r.key for r in rows), cells, strict=True))
    details = {r.key: [f"{plural(r.contacts, 'person', 'people')}, {r.reached} reached, "
                       f"{r.replied} replied, {plural(r.chats, 'chat')}; responses: {row[10]}",
                       f"next: {row[11]}", row[12]]
               for r, row in zip(rows, table[1:], strict=True)}
    out = [header]
    for title, members in groups:
        if members:
            out += ["", click.style(title, bold=True) if style else title,
                    *(["  " + "  ".join(head).rstrip()] if fits or width is None else
                      _wrapped("  ".join(head), [], width))]
            for r in members:
                out += (["  " + "  ".join(lines[r.key]).rstrip()] if fits or width is None
                        else _wrapped("  ".join(lines[r.key]), details[r.key], width))
    out += ["", _paragraph(
        "M motivation (0-3), P posting (1-3), A advocacy: someone there could vouch for "
        f"you. {COVERAGE_LEGEND}. Responses: "
        "booster (answered within the nudge days), obligate (later), curmudgeon (no "
        "answer by the nudge days after the follow-up, or after the day it was due "
        "when none was sent), waiting.", width)]
    return "\n".join(out)


def _next_cell(item: AgendaItem) -> str:
    """A company's next step: the item, and for a try-another whom to write to next."""
    lead = f" (write to {_cell(item.next_lead)})" if item.next_lead else ""
    return f"{item.kind} {_cell(item.person)} {item.due}{lead}"


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)


def imported_text(kind: str, file: str, read: int, found: Sequence[AtCompany], leads: int, *,
                  added: bool) -> str:
    """`you know N people at COMPANY`, per company, then what --add does (or did)."""
    out = [f"{_cell(file)}: {plural(read, 'connection')} read ({kind})"]
    if not found:
        out.append("None of them is at a company of the notebook (its target files and "
                   "notes).")
    for at in found:
        out += ["", f"you know {plural(len(at.people), 'person', 'people')} at "
                    f"{_cell(at.company)}"]
        for known in at.people:
            c = known.connection
            role = f", {_cell(c.position)}" if c.position else ""
            out.append(f"  {_cell(c.name)}{role}{' (has a note)' if known.has_note else ''}")
    if leads and not added:
        out += ["", f"{plural(leads, 'of them is', 'of them are')} at an active target "
                    "company with no note yet: `coffeechat import "
                    f"{_cell(shlex.quote(file))} --add` writes a lead note for each."]
    elif added and leads:
        out += ["", f"Lead notes for {plural(leads, 'person', 'people')}:"]
    elif added:
        out += ["", "Nobody new at an active target company: no lead note written."]
    return "\n".join(out)


def week_text(review: WeekReview, today: date) -> str:
    """The weekly review as a short report to read on Monday morning."""
    c = review.counts
    start, end = review.start, review.end
    year = f" {start.year}" if start.year != end.year else ""
    span = f"{start:%a} {start.day} {start:%b}{year} – {end:%a} {end.day} {end:%b} {end.year}"
    lines = [f"Your week {review.week} ({span})", ""]
    lines.append(f"  {plural(c['outreach'], 'first message')} sent"
                 + _goal_words(review.outreach_goal, "message", "this week"))
    lines.append(f"  {plural(c['replies'], 'reply', 'replies')} to your messages")
    lines.append(f"  {plural(c['chats'], 'conversation')} held"
                 + _goal_words(review.chats_goal, "conversation",
                               f"in {review.chats_goal.month}" if review.chats_goal else ""))
    if c["thank_yous"]:
        on_time = ("all on time" if review.thank_yous_on_time == c["thank_yous"] else
                   f"{review.thank_yous_on_time} on time")
        lines.append(f"  {plural(c['thank_yous'], 'thank-you')} sent, {on_time}")
    else:
        lines.append("  no thank-you sent")
    lines.append(f"  {plural(c['check_ins'], 'check-in')} logged")
    lines.append("")
    if review.streak is not None:
        weeks = plural(review.streak, "week")
        lines.append(f"Streak: {weeks} in a row at your outreach goal." if review.streak else
                     "Streak: none yet; meet this week's outreach goal to start one.")
    else:
        lines.append("No goals set: add `goals:` (outreach_per_week, chats_per_month) to the "
                     "coffeechat options in mkdocs.yml to track them here.")
    if review.holds_today:
        late = f", and {review.overdue} overdue" if review.overdue else ""
        lines.append(f"{BUCKET_TITLES[Bucket.THIS_WEEK]}: {plural(review.coming, 'item')} "
                     f"due{late} (coffeechat due --within 6).")
    return "\n".join(lines)


def _goal_words(goal: Goal | None, what: str, when: str) -> str:
    """`; goal 5 this week: 2 to go` or `; goal 4 in 2026-11: met`."""
    if goal is None:
        return ""
    if goal.met:
        return f"  (goal {goal.goal} {when}: met)"
    return f"  (goal {goal.goal} {when}: {plural(goal.goal - goal.done, what)} to go)"


def sync_text(synced: Synced, *, applied: bool) -> str:
    """What `sync` read (each source and its counts), whose addresses are the owner's,
    and a line a proposal: `DATE PERSON: WHAT (SOURCE)`."""
    how = (" (assumed: the address that sends most of the messages; set `me:` in the "
           "coffeechat options of mkdocs.yml to name yours)" if synced.me_assumed else "")
    lines = [f"me: {', '.join(synced.me) or 'unknown (no message read)'}{how}"]
    for source in synced.sources:
        counts = ([plural(len(source.messages), "message")] if source.kind != "iCalendar"
                  else []) + ([plural(len(source.events), "event")]
                              if source.kind == "iCalendar" else [])
        skipped = f", {source.skipped} skipped (malformed)" if source.skipped else ""
        lines.append(f"read {source.name} ({source.kind}): {', '.join(counts)}{skipped}")
    shown = synced.recorded if applied else synced.proposals
    if not synced.proposals:
        lines.append("Nothing to propose: the notes already say what the mail and the "
                     "calendar show.")
    lines += [f"{p.day} {p.person}: {p.words()}{' [by name]' if p.by_name else ''} "
              f"({p.source})" for p in shown]
    for p, reason in synced.refused:
        lines.append(f"refused: {p.day} {p.person}: {p.words()} ({p.source}): {reason}")
    if synced.proposals and not applied:
        lines.append(f"{plural(len(synced.proposals), 'proposal')}; nothing was written: run "
                     "again with --apply to record them")
    elif applied and synced.proposals:
        lines.append(f"recorded {len(synced.recorded)} of {len(synced.proposals)}")
    return "\n".join(lines)


def sync_json(synced: Synced, *, applied: bool) -> str:
    """SPEC §12's object: the proposals (with --apply, those recorded), the owner's
    addresses and what was read."""
    shown = synced.recorded if applied else synced.proposals
    value: dict[str, object] = {
        "proposals": [p.as_dict() for p in shown], "me": list(synced.me),
        "read": {"messages": synced.messages, "events": synced.events,
                 "skipped": synced.skipped}}
    if applied:
        value["refused"] = [{**p.as_dict(), "reason": reason} for p, reason in synced.refused]
    return to_json(value)
