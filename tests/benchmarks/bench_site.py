"""Benchmark `coffeechat build` against plain MkDocs + Material builds, and under Zensical.

    python tests/benchmarks/bench_site.py [--notes 1000] [--runs 3]

Generates N realistic notes (as bench_core.py does), builds them once with `coffeechat
build` to learn which pages it writes, and times, in one run and interleaved, fresh
processes for:

- floor: `mkdocs build` with theme material, search and tags, the same Markdown files
  kept out of the navigation, and no coffeechat plugin;
- fair floor: the same plain `mkdocs build` of a docs folder holding as many pages as
  coffeechat's build writes, at the same paths: the public notes as they are, and, for
  each page coffeechat generates (Home, the agenda, the indexes, a page per person and
  per company), a Markdown file holding that page's article HTML, so that each stand-in
  is as big as the page it stands for; the same navigation;
- `coffeechat build` of the same notes: checking, the plugin's pages, the calendar;
- `coffeechat build --engine zensical`, cold (no staged tree, no cache of Zensical's, no
  site), and again after one note changed (the staged tree rewrites only what changed).

Compare the ratios, not the seconds: these machines are noisy.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_core import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent

FLOOR_CONFIG = """site_name: Floor
docs_dir: notes
theme:
  name: material
  font: false
nav:
  - Home: index.md
not_in_nav: "*.md"
plugins:
  - search
  - tags
"""

#: The fair floor's navigation is coffeechat's (Home, the agenda and the indexes).
FAIR_CONFIG = FLOOR_CONFIG.replace("Floor", "Fair floor").replace(
    "  - Home: index.md\n", "  - Home: index.md\n" + "".join(
        f"  - {title}: {page}.md\n" for title, page in (
            ("Upcoming check-ins", "upcoming"), ("Targets", "targets"),
            ("Referrals", "referrals"), ("People", "people"), ("Companies", "companies"),
            ("Tags", "tags"))))

COFFEECHAT_CONFIG = """site_name: Notebook
docs_dir: notes
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - coffeechat
"""

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
TAG = re.compile(r"<[^>]*>")
MARKUP = re.compile(r"[\\`*_\[\]#<>|!]")
ENV = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "COFFEECHAT_TODAY": "2026-11-26",
       "PYTHONPATH": str(ROOT)}


def run(argv: list[str], cwd: Path) -> None:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=ENV)
    if done.returncode:
        raise SystemExit(f"{argv} failed:\n{done.stdout}\n{done.stderr}")


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    run(argv, cwd)
    return time.perf_counter() - start


def pages(site: Path) -> list[str]:
    """The pages of a built site (404.html left out), by path."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html")


def stand_in(article: str) -> str:
    """A generated page's article as plain Markdown: its text, a paragraph for each line."""
    text = TAG.sub(" ", re.sub(r"<(script|style)\b.*?</\1>", "", article, flags=re.S))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(MARKUP.sub(r"\\\g<0>", line) for line in lines if line)


def size(site: Path) -> tuple[int, float]:
    """How many pages a site has, and their megabytes."""
    found = pages(site)
    return len(found), sum((site / page).stat().st_size for page in found) / 1e6


def fair_floor(book: Path, fair: Path) -> None:
    """The fair floor's docs folder, from coffeechat's built site (see the docstring)."""
    notes = fair / "notes"
    for page in pages(book / "site"):
        folder = page.removesuffix("index.html").rstrip("/")
        source = book / "notes" / f"{folder}.md"
        target = notes / (f"{folder}.md" if folder else "index.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        if folder and source.is_file():  # a note, or a hand-written page
            shutil.copyfile(source, target)
            continue
        html = (book / "site" / page).read_text(encoding="utf-8")
        found = ARTICLE.search(html)
        if found is None:
            raise SystemExit(f"no article in {page}")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        name = title.group(1).split(" - ")[0] if title else folder
        target.write_text(f"---\ntitle: {name!r}\n---\n\n{stand_in(found.group(1))}\n",
                          encoding="utf-8")
    (fair / "mkdocs.yml").write_text(FAIR_CONFIG)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    today = date(2026, 11, 26)
    python = sys.executable
    build = [python, "-m", "generator.cli", "build", "--today", str(today)]
    mkdocs = [python, "-m", "mkdocs", "build", "-q"]
    with tempfile.TemporaryDirectory() as tmp:
        floor, book, fair = Path(tmp) / "floor", Path(tmp) / "book", Path(tmp) / "fair"
        for root, config in ((floor, FLOOR_CONFIG), (book, COFFEECHAT_CONFIG)):
            (root / "notes").mkdir(parents=True)
            generate(root / "notes", args.notes, today)
            (root / "mkdocs.yml").write_text(config)
        (floor / "notes" / "index.md").write_text("# Floor\n")
        run(build, book)
        fair_floor(book, fair)
        run(mkdocs, fair)
        sizes = {"coffeechat": size(book / "site"), "fair floor": size(fair / "site")}
        zensical = [*build, "--engine", "zensical", "--site-dir", "zsite"]
        changed = book / "notes" / "2025" / "note-00000.md"
        original = changed.read_text(encoding="utf-8")

        def cold() -> None:
            for folder in (book / ".coffeechat", book / "zsite"):
                shutil.rmtree(folder, ignore_errors=True)

        def change() -> None:
            stamp = f"\nA line changed at {time.time_ns()}.\n"
            changed.write_text(original + stamp, encoding="utf-8")

        commands: dict[str, tuple[Path, list[str], Callable[[], None] | None]] = {
            "floor: mkdocs build": (floor, mkdocs, None),
            "fair floor: mkdocs build": (fair, mkdocs, None),
            "coffeechat build": (book, build, None),
            "zensical, cold": (book, zensical, cold),
            "zensical, one note changed": (book, zensical, change),
        }
        best: dict[str, float] = {}
        for _ in range(args.runs):
            for name, (cwd, argv, prepare) in commands.items():
                if prepare:
                    prepare()
                best[name] = min(best.get(name, float("inf")), timed(argv, cwd))
        sizes["floor"] = size(floor / "site")
    floor_time, fair_time = best["floor: mkdocs build"], best["fair floor: mkdocs build"]
    cold_time = best["zensical, cold"]
    print(f"{args.notes} notes; best of {args.runs} runs; pages written (MB of HTML):",
          ", ".join(f"{name} {count} ({mb:.1f})" for name, (count, mb) in sizes.items()))
    for name, seconds in best.items():
        line = f"  {name:28} {seconds:6.2f} s  {seconds / floor_time:5.2f}x floor"
        if not name.startswith("zensical"):
            line += f"  {seconds / fair_time:5.2f}x fair floor"
        else:
            line += f"  {seconds / cold_time:5.2f}x zensical cold"
        print(line)


if __name__ == "__main__":
    main()
