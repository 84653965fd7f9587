"""Benchmark `coffeechat build` against a plain MkDocs + Material build of the same notes.

    python tests/benchmarks/bench_site.py [--notes 1000] [--runs 3]

Generates N realistic notes (as bench_core.py does) and times, in one run and
interleaved, fresh processes for:

- floor: `mkdocs build` with theme material, search and tags, the same Markdown files
  kept out of the navigation, and no coffeechat plugin;
- `coffeechat build` of the same notes: checking, the plugin's pages, the calendar.

Compare the ratio, not the seconds: these machines are noisy.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_core import generate  # noqa: E402

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


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1",
                               "COFFEECHAT_TODAY": "2026-11-26"})
    if done.returncode:
        raise SystemExit(f"{argv} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    today = date(2026, 11, 26)
    with tempfile.TemporaryDirectory() as tmp:
        floor, book = Path(tmp) / "floor", Path(tmp) / "book"
        for root, config in ((floor, FLOOR_CONFIG), (book, COFFEECHAT_CONFIG)):
            (root / "notes").mkdir(parents=True)
            generate(root / "notes", args.notes, today)
            (root / "mkdocs.yml").write_text(config)
        (floor / "notes" / "index.md").write_text("# Floor\n")
        commands = {
            "floor: mkdocs build": (floor, [sys.executable, "-m", "mkdocs", "build", "-q"]),
            "coffeechat build": (book, [sys.executable, "-m", "generator.cli", "build",
                                        "--today", str(today)]),
        }
        best: dict[str, float] = {}
        for _ in range(args.runs):
            for name, (cwd, argv) in commands.items():
                best[name] = min(best.get(name, float("inf")), timed(argv, cwd))
    floor_time = best["floor: mkdocs build"]
    print(f"{args.notes} notes; best of {args.runs} runs")
    for name, seconds in best.items():
        print(f"  {name:22} {seconds:6.2f} s  {seconds / floor_time:5.2f}x floor")


if __name__ == "__main__":
    main()
