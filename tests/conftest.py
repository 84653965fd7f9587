"""Shared helpers: a temporary notebook and a way to run the command line on it."""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from generator.cli import cli

TODAY = "2026-11-26"  # a Thursday; US Thanksgiving

# no per-example deadline on these noisy machines; in CI, the same examples every run
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: Files whose every test is slow (a browser, installs into fresh venvs, whole site builds,
#: other engines, an IMAP server): `pytest -m "not slow"`, the quick loop, leaves them out.
#: A slow test in any other file carries `@pytest.mark.slow` itself.
SLOW_FILES = {"test_browser.py", "test_look.py", "test_publishing.py", "test_readme.py",
              "test_serve.py", "test_site.py", "test_engines.py", "test_imap.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)


@dataclass
class Book:
    root: Path

    @property
    def notes(self) -> Path:
        return self.root / "notes"

    def write(self, name: str, text: str) -> Path:
        """Write a note (its text dedented) under notes/ and return its path."""
        path = self.notes / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def config(self, text: str) -> Path:
        path = self.root / "mkdocs.yml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def run(self, *args: str, today: str | None = TODAY, env: dict[str, str] | None = None
            ) -> Result:
        """Run `coffeechat ARGS… --today TODAY` inside the notebook folder."""
        extra = ["--today", today] if today else []
        return CliRunner().invoke(cli, [*args, *extra], env=env, catch_exceptions=False)


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Book:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COFFEECHAT_TODAY", raising=False)
    (tmp_path / "notes").mkdir()
    return Book(tmp_path)


def note(person: str = "Jane Doe", company: str = "Acme Robotics", date: str = "2026-11-20",
         extra: str = "") -> str:
    """A minimal valid note's text, with `extra` front-matter lines appended."""
    return (f"---\nperson: {person}\ncompany: {company}\ndate: {date}\n"
            f"{textwrap.dedent(extra).strip()}\n---\nBody\n").replace("\n\n---", "\n---")
