"""The holidays package's answers, kept in a cache file between commands.

Importing the holidays package and building a country's calendar costs more than the
rest of a daily `coffeechat due` on a small notebook; the answers only change with the
package. So the command line asks `Cached`, which keeps each answer (the country codes,
a country's holidays in a year) in a small text file named after the package's version,
under `$XDG_CACHE_HOME/coffeechat` (else `~/.cache/coffeechat`). A file that cannot be
read or written is simply not used: the package is asked instead.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from datetime import date
from pathlib import Path

from ..core.public_holidays import LIBRARY
from .store import replace_whole


def _version() -> str | None:
    """The installed holidays package's version, from the name of its `.dist-info`
    folder beside it: neither the package nor importlib.metadata is imported."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    site = Path(spec.origin).parent.parent
    found = sorted(site.glob("holidays-*.dist-info"))
    return found[-1].name.removeprefix("holidays-").removesuffix(".dist-info") if found else None


def cache_folder() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.path.join(os.path.expanduser("~"), ".cache") if os.path.expanduser("~") != "~"
        else None)
    return Path(base) / "coffeechat" if base else None


class Cached:
    """A holiday source that keeps the package's answers in a cache folder."""

    def __init__(self, folder: Path | None = None, *, writes: bool = True) -> None:
        folder = folder or cache_folder()
        version = _version()
        self.folder = folder / f"holidays-{version}" if folder and version else None
        self.writes = writes  # `check` writes nothing, not even this cache

    def _lines(self, name: str) -> list[str] | None:
        if self.folder is None:
            return None
        with contextlib.suppress(OSError, UnicodeDecodeError):
            return (self.folder / name).read_text(encoding="utf-8").split()
        return None

    def _keep(self, name: str, lines: list[str]) -> None:
        if self.folder is None or not self.writes:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            replace_whole(str(self.folder / name), "".join(f"{line}\n" for line in lines).encode())

    def codes(self) -> frozenset[str]:
        kept = self._lines("codes.txt")
        if kept:
            return frozenset(kept)
        codes = LIBRARY.codes()
        self._keep("codes.txt", sorted(codes))
        return codes

    def dates(self, country: str, year: int) -> frozenset[date]:
        name = f"{country}-{year}.txt"
        kept = self._lines(name)
        if kept is not None:
            with contextlib.suppress(ValueError):
                return frozenset(date.fromisoformat(line) for line in kept)
        days = LIBRARY.dates(country, year)
        self._keep(name, sorted(d.isoformat() for d in days))
        return days

    def __repr__(self) -> str:
        return f"Cached({self.folder})"
