"""Business days (SPEC §3): Monday to Friday minus a country's public holidays, and the
buckets of the agenda. The follow-up rules and the outreach rules both count with these."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from .model import Bucket
from .public_holidays import LIBRARY, HolidaySource


@lru_cache(maxsize=256)
def _holidays(source: HolidaySource, country: str, year: int) -> frozenset[date]:
    return source.dates(country, year)


def is_business_day(day: date, country: str | None = None,
                    source: HolidaySource = LIBRARY) -> bool:
    """Monday to Friday, and not a public holiday of `country` (from `source`)."""
    return day.weekday() < 5 and not (country and day in _holidays(source, country, day.year))


def roll_forward(day: date, country: str | None = None,
                 source: HolidaySource = LIBRARY) -> date:
    """`day` if it is a business day, else the next business day."""
    while not is_business_day(day, country, source):
        day += timedelta(days=1)
    return day


def add_business_days(day: date, count: int, country: str | None = None,
                      source: HolidaySource = LIBRARY) -> date:
    """The `count`-th business day after `day` (0: `day` rolled forward)."""
    if count <= 0:
        return roll_forward(day, country, source)
    for _ in range(count):
        day = roll_forward(day + timedelta(days=1), country, source)
    return day


#: SPEC §3's buckets, each with the last day (days from today) it holds; `later` has none.
BUCKET_ENDS: tuple[tuple[Bucket, int | None], ...] = (
    (Bucket.OVERDUE, -1), (Bucket.THIS_WEEK, 6), (Bucket.NEXT_30_DAYS, 30), (Bucket.LATER, None))


def bucket_of(days: int) -> Bucket:
    """The bucket of an item due `days` from today."""
    return next(bucket for bucket, end in BUCKET_ENDS if end is None or days <= end)


def bucket_for(due: date, today: date) -> Bucket:
    return bucket_of((due - today).days)
