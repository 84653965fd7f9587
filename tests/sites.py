"""Helpers that build real sites (MkDocs + Material + the plugin) for the tests."""

from __future__ import annotations

import gzip
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import cli

ROOT = Path(__file__).parent.parent
TODAY = "2026-11-26"


def config_text(*, options: str = "", extra: str = "") -> str:
    """A mkdocs.yml like the repository's, with the theme overrides of this checkout."""
    plugin_options = textwrap.indent(textwrap.dedent(options).strip(), " " * 6)
    return (f"site_name: Test notebook\ndocs_dir: notes\n"
            f"theme:\n  name: material\n  custom_dir: {ROOT / 'site_theme'}\n  font: false\n"
            f"plugins:\n  - search\n  - tags\n  - coffeechat:\n{plugin_options or '      {}'}\n"
            f"{textwrap.dedent(extra)}")


def make_notebook(root: Path, notes: dict[str, str], *, options: str = "",
                  extra: str = "") -> Path:
    """A notebook folder: mkdocs.yml and the notes given (name → text)."""
    (root / "notes").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config_text(options=options, extra=extra))
    for name, text in notes.items():
        path = root / "notes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def build(root: Path, *args: str, site: Path | None = None) -> tuple[Result, Path]:
    """`coffeechat build` of the notebook at `root`; returns the result and the site folder."""
    site = site or root / "site"
    result = CliRunner().invoke(cli, ["build", "--notes", str(root / "notes"), "--config",
                                      str(root / "mkdocs.yml"), "--today", TODAY,
                                      "--site-dir", str(site), *args])
    return result, site


def site_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text (gzip files opened), by relative path."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return texts
