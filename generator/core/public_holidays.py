"""Where public holidays come from: the holidays package, asked one year at a time.

The rules need, for a country, its supported codes and a year's holidays. `Library`
asks the holidays package (importing it costs a command more than its own work); the
command line hands the rules a source that keeps the answers in a cache file
(`files.holiday_cache`), so a daily `coffeechat due` does not pay that every morning.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol


class HolidaySource(Protocol):
    def __hash__(self) -> int: ...

    def codes(self) -> frozenset[str]:
        """Every country code the holidays package knows (alpha-2 and alpha-3)."""

    def dates(self, country: str, year: int) -> frozenset[date]:
        """The public holidays of `country` in `year`."""


class Library:
    """The holidays package itself."""

    def codes(self) -> frozenset[str]:
        # the registry names every country's codes without importing every country
        from holidays.registry import COUNTRIES

        return frozenset(code for entry in COUNTRIES.values() for code in entry[1:]
                         if code.isupper() and 2 <= len(code) <= 3)

    def dates(self, country: str, year: int) -> frozenset[date]:
        import holidays

        return frozenset(holidays.country_holidays(country, years=year))

    def __repr__(self) -> str:
        return "Library()"


LIBRARY = Library()
