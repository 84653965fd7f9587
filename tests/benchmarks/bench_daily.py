"""Benchmark the daily commands on the sample notebook against `coffeechat --help`.

    python tests/benchmarks/bench_daily.py [--runs 10]

`coffeechat due` and `coffeechat check` on the sample notebook (20 files) cost mostly
start-up: imports and reading mkdocs.yml, not work. They are timed in fresh processes,
interleaved with `coffeechat --help` (click alone), in one run; the best of each is
reported with its ratio to `--help`. The holiday cache is warmed first, as a daily
command finds it; the cold figure (an empty cache: the holidays package is asked) is
printed too. These machines are noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
BASE = [sys.executable, "-m", "generator.cli"]
NOTEBOOK = ["--today", "2026-11-26"]
COMMANDS = {"coffeechat --help": ["--help"], "coffeechat check": ["check", *NOTEBOOK],
            "coffeechat due": ["due", *NOTEBOOK], "coffeechat targets": ["targets", *NOTEBOOK]}


def _time(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*BASE, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    cache = Path(tempfile.mkdtemp(prefix="coffeechat-cache-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    try:
        cold = []
        for _ in range(3):
            shutil.rmtree(cache / "coffeechat", ignore_errors=True)
            cold.append(_time(COMMANDS["coffeechat due"], env))
        best = {name: float("inf") for name in COMMANDS}
        for _ in range(runs):
            for name, args in COMMANDS.items():
                best[name] = min(best[name], _time(args, env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    floor = best["coffeechat --help"]
    print(f"sample notebook; best of {runs} runs, fresh processes")
    for name, seconds in best.items():
        print(f"  {name:<20} {seconds:6.3f} s  {seconds / floor:5.2f}x --help")
    print(f"  {'due, cold cache':<20} {min(cold):6.3f} s  {min(cold) / floor:5.2f}x --help")


if __name__ == "__main__":
    main()
