"""The activity chart of Home (SPEC §10): the last 52 weeks, one cell per day, weeks as
columns, darker with more activity; laid out here, drawn by `home.html` as an SVG.

The 52 weeks are the ISO weeks ending with the one holding today; the cells run from
the Monday 51 weeks before this one to today (no cells for the days still ahead).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.review import ACTIVITIES, week_name, week_of
from ..core.wording import plural

WEEKS = 52
CELL = 11  # px
STEP = 13  # px from one cell to the next
LEFT = 30  # px for the weekday labels
TOP = 16  # px for the month labels
GAP = 10  # px between two rows of weeks (a phone's chart folds the year in two)
#: The least activity of each shade above 0: 1, 2, 3–4, 5 and more.
LEVELS = (1, 2, 3, 5)
WORDS = {"outreach": ("first message", "first messages"), "replies": ("reply", "replies"),
         "chats": ("conversation", "conversations"), "thank_yous": ("thank-you", "thank-yous"),
         "check_ins": ("check-in", "check-ins")}


def level(count: int) -> int:
    return sum(count >= least for least in LEVELS)


@dataclass(frozen=True)
class Cell:
    day: date
    x: int
    y: int
    count: int
    level: int
    title: str  # `2026-11-24: 2 (1 first message, 1 conversation)`


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    cells: list[Cell]
    months: list[tuple[int, str]]  # (x, `Dec`) where a month's first week starts
    weekdays: list[tuple[int, str]]  # (y, `Mon`), for each row of weeks
    labels: list[tuple[int, int, str]]  # every label, months and weekdays: (x, y, text)
    legend: list[tuple[int, str]]  # (level, what it means: `1`, `3–4`, `5+`)
    summary: str


def _said(counts: Counter[str]) -> str:
    return ", ".join(plural(counts[k], *WORDS[k]) for k in ACTIVITIES if counts[k])


def chart(days: dict[date, Counter[str]], today: date, *, rows: int = 1) -> Chart:
    """The chart of the 52 weeks up to today, from each day's activity by kind; `rows`:
    how many rows of weeks the year is folded into (2 on a phone: cells and labels
    keep a readable size)."""
    per_row = -(-WEEKS // rows)
    band = TOP + 7 * STEP + GAP
    first = week_of(today) - timedelta(weeks=WEEKS - 1)
    cells: list[Cell] = []
    months: list[tuple[int, str]] = []
    labels: list[tuple[int, int, str]] = []
    total: Counter[str] = Counter()
    weekly: Counter[date] = Counter()
    day = first
    while day <= today:
        counts = days.get(day, Counter())
        count = sum(counts.values())
        total.update(counts)
        weekly[week_of(day)] += count
        row, column = divmod((day - first).days // 7, per_row)
        title = f"{day.isoformat()}: {count}" + (f" ({_said(counts)})" if count else "")
        x, y = LEFT + column * STEP, row * band
        cells.append(Cell(day, x, y + TOP + day.weekday() * STEP, count, level(count), title))
        starts = day.weekday() == 0 and (day.day <= 7 or column == 0)  # a month, or a row
        if starts and (not labels or labels[-1][1] != y + 10 or x - labels[-1][0] >= 3 * STEP):
            months.append((x, f"{day:%b}"))
            labels.append((x, y + 10, f"{day:%b}"))
        day += timedelta(days=1)
    active = sum(1 for c in cells if c.count)
    busiest = max(weekly.items(), key=lambda pair: (pair[1], pair[0]), default=None)
    if active and busiest:
        summary = (f"{plural(sum(total.values()), 'thing')} done on {plural(active, 'day')} "
                   f"in the last 52 weeks: {_said(total)}. The busiest week was "
                   f"{week_name(busiest[0])}, with {busiest[1]}.")
    else:
        summary = ("Nothing recorded in the last 52 weeks yet: first messages, replies, "
                   "conversations, thank-yous and check-ins will show here.")
    legend = [(0, "0"), (1, "1"), (2, "2"), (3, "3–4"), (4, "5+")]
    weekdays = [(row * band + TOP + i * STEP + CELL - 2, name) for row in range(rows)
                for i, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"))]
    return Chart(LEFT + per_row * STEP, rows * band - GAP, cells, months, weekdays,
                 labels + [(0, y, name) for y, name in weekdays], legend, summary)
