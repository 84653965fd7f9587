"""Goals and the weekly review (SPEC §10): what was done on each day, a week's counts,
progress toward the goals and the streak.

Activity on a day: first messages sent (`outreach.sent`, whatever the note's status
became), replies (`outreach.replied`), conversations held (done notes' dates),
thank-yous sent and check-ins logged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .days import add_business_days
from .grammar import FIRST_DAY, LAST_DAY
from .model import AgendaItem, Note, Status
from .options import Options

#: The kinds of activity (not `model.Kind`, the kinds of agenda items), in the order they
#: are told.
ACTIVITIES = ("outreach", "replies", "chats", "thank_yous", "check_ins")


def activity(notes: Iterable[Note]) -> dict[date, Counter[str]]:
    """What was done on each day, by kind."""
    days: dict[date, Counter[str]] = {}

    def add(day: date | None, kind: str) -> None:
        if day is not None:
            days.setdefault(day, Counter())[kind] += 1

    for note in notes:
        add(note.sent, "outreach")
        add(note.replied, "replies")
        if note.status is Status.DONE:
            add(note.date, "chats")
            if isinstance(note.thank_you, date):
                add(note.thank_you, "thank_yous")
        for check_in in note.check_ins:
            add(check_in.date, "check_ins")
    return days


def week_of(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_name(monday: date) -> str:
    """`2026-W48`: the ISO week holding `monday`, its year in four digits."""
    year, week, _ = monday.isocalendar()
    return f"{year:04d}-W{week:02d}"


#: The weeks coffeechat works with: those holding a day from FIRST_DAY to LAST_DAY (the
#: last one ends after LAST_DAY: 3000-W01 runs from 2999-12-30 to 3000-01-05).
FIRST_WEEK, LAST_WEEK = week_of(FIRST_DAY), week_of(LAST_DAY)


def parse_week(text: str) -> date:
    """`2026-W48` → its Monday; ValueError saying why when it is no ISO week, or one outside
    the weeks coffeechat works with."""
    import re

    from .parse import shown

    match = re.fullmatch(r"\s*([0-9]{4})-?[Ww]([0-9]{1,2})\s*", text)
    if not match:
        raise ValueError(f"{shown(text)!r} is not an ISO week: write it YYYY-Www (e.g. 2026-W48)")
    year, week = int(match.group(1)), int(match.group(2))
    if not FIRST_WEEK.isocalendar()[0] <= year <= LAST_WEEK.isocalendar()[0]:
        raise ValueError(f"{year:04d}-W{week:02d} is outside the weeks coffeechat works with "
                         f"({week_name(FIRST_WEEK)} to {week_name(LAST_WEEK)})")
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        weeks = date(year, 12, 28).isocalendar()[1]
        raise ValueError(f"{year:04d} has no week {week}: its ISO weeks are W01 to W{weeks}") \
            from None
    if not FIRST_WEEK <= monday <= LAST_WEEK:
        raise ValueError(f"{week_name(monday)} is outside the weeks coffeechat works with "
                         f"({week_name(FIRST_WEEK)} to {week_name(LAST_WEEK)})")
    return monday


@dataclass(frozen=True)
class Goal:
    goal: int
    done: int
    month: str | None = None  # for chats_per_month: YYYY-MM

    @property
    def met(self) -> bool:
        return self.done >= self.goal

    def as_dict(self) -> dict[str, object]:
        return {"goal": self.goal, "done": self.done,
                **({"month": self.month} if self.month is not None else {})}


@dataclass(frozen=True)
class WeekReview:
    week: str
    start: date  # Monday
    end: date  # Sunday
    counts: dict[str, int]  # by kind of activity
    thank_yous_on_time: int
    outreach_goal: Goal | None
    chats_goal: Goal | None
    streak: int | None  # None: no outreach goal
    coming: int
    holds_today: bool
    overdue: int = 0  # agenda items already overdue (told in the text, not a SPEC key)

    def as_dict(self) -> dict[str, object]:
        c = self.counts
        return {"week": self.week, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "outreach": c["outreach"], "replies": c["replies"], "chats": c["chats"],
                "thank_yous": c["thank_yous"], "thank_yous_on_time": self.thank_yous_on_time,
                "check_ins": c["check_ins"],
                "goals": {"outreach_per_week": self.outreach_goal.as_dict()
                          if self.outreach_goal else None,
                          "chats_per_month": self.chats_goal.as_dict()
                          if self.chats_goal else None},
                "streak": self.streak, "coming": self.coming}


def _count(days: dict[date, Counter[str]], start: date, end: date, kind: str) -> int:
    return sum(counts[kind] for day, counts in days.items() if start <= day <= end)


def streak(days: dict[date, Counter[str]], monday: date, today: date, goal: int) -> int:
    """Consecutive weeks whose first messages met `goal`, ending with the week of `monday`
    when it is over (or its goal is met already), else with the week before it."""
    weekly: Counter[date] = Counter()
    for day, counts in days.items():
        weekly[week_of(day)] += counts["outreach"]
    end = monday
    if monday + timedelta(days=6) >= today and weekly[monday] < goal:
        end = monday - timedelta(days=7)
    count = 0
    while weekly[end] >= goal:
        count += 1
        end -= timedelta(days=7)
    return count


def review_week(notes: Sequence[Note], agenda: Iterable[AgendaItem], monday: date, today: date,
                options: Options) -> WeekReview:
    """The weekly review of the ISO week starting on `monday`."""
    days = activity(notes)
    sunday = monday + timedelta(days=6)
    counts = {kind: _count(days, monday, sunday, kind) for kind in ACTIVITIES}
    on_time = sum(1 for n in notes if n.status is Status.DONE and isinstance(n.thank_you, date)
                  and monday <= n.thank_you <= sunday and n.thank_you <= add_business_days(
                      n.date, options.thank_you_days, options.holidays, options.calendar))
    goals = options.goals
    outreach_goal = chats_goal = None
    streak_weeks = None
    if goals is not None and goals.outreach_per_week is not None:
        outreach_goal = Goal(goals.outreach_per_week, counts["outreach"])
        streak_weeks = streak(days, monday, today, goals.outreach_per_week)
    if goals is not None and goals.chats_per_month is not None:
        first = sunday.replace(day=1)
        chats_goal = Goal(goals.chats_per_month,
                          _count(days, first, min(sunday, today), "chats"),
                          f"{sunday:%Y-%m}")
    holds_today = monday <= today <= sunday
    agenda = list(agenda)
    coming = sum(0 <= i.days <= 6 for i in agenda) if holds_today else 0
    overdue = sum(i.days < 0 for i in agenda) if holds_today else 0
    return WeekReview(week_name(monday), monday, sunday, counts, on_time, outreach_goal,
                      chats_goal, streak_weeks, coming, holds_today, overdue)
