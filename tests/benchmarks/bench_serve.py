"""Benchmark `coffeechat serve` against a plain `mkdocs serve` of the same notes.

    python tests/benchmarks/bench_serve.py [--notes 300] [--idle 10] [--saves 5]

Generates N realistic notes (as bench_core.py does) and, in one run, starts each server in
turn on a free port of 127.0.0.1:

- floor: `mkdocs serve` with theme material, search and tags, the same Markdown files kept
  out of the navigation, and no coffeechat plugin;
- `coffeechat serve` (MkDocs) of the same notes, and `coffeechat serve --engine zensical`
  when Zensical is installed.

For each it measures the CPU the server uses while idle (user and system time of its
processes from /proc/PID/stat over --idle seconds, as a share of one core), and the time
from saving a note to its served page showing the change (waited for as a browser does:
the live-reload request, then the page; the median of --saves saves). Compare the ratios,
not the seconds: these machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_core import generate  # noqa: E402
from bench_site import COFFEECHAT_CONFIG, FLOOR_CONFIG  # noqa: E402

NOTE = "2025/note-00002.md"  # a public note, in both notebooks
PAGE = "2025/note-00002/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode())
    except (urllib.error.URLError, ConnectionError):
        return ""


def wait_for(url: str, text: str, seconds: float = 300) -> float:
    """Seconds until the page at `url` holds `text`."""
    start = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - start > seconds:
            raise SystemExit(f"{text!r} never showed at {url}")
        time.sleep(0.02)
    return time.perf_counter() - start


def shown_after_save(url: str, note: Path, text: str, marker: str) -> float:
    """Seconds from saving `text` to the page at `url` showing `marker`, waited for as a
    browser does: the live-reload request both servers answer when a build is done, then
    the page (polling instead would compete with the build for the server's time)."""
    page = fetch(url)
    epoch = re.search(r"livereload\((\d+), ", page)
    assert epoch, "no live-reload script in the page"
    origin = url.split("/", 3)[:3]
    start = time.perf_counter()
    note.write_text(text)
    while marker not in page:
        epoch_now = fetch("/".join([*origin, f"livereload/{epoch[1]}/1"]))
        if time.perf_counter() - start > 300:
            raise SystemExit(f"{marker!r} never showed at {url}")
        page = fetch(url)
        epoch = re.search(r"livereload\((\d+), ", page) or epoch
        if not epoch_now:
            time.sleep(0.02)
    return time.perf_counter() - start


def cpu_seconds(session: int) -> float:
    """User and system time so far of every process in a session (a server and what it
    started, as Zensical's own server): fields 14 and 15 of /proc/PID/stat."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[3]) == session:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(argv: list[str], root: Path, args: argparse.Namespace) -> dict[str, float]:
    """Start a server, wait for the note's page, then its idle CPU and save-to-show times."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    note = root / "notes" / NOTE
    original = note.read_text()
    server = subprocess.Popen([*argv, f"127.0.0.1:{port}"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                   "COFFEECHAT_TODAY": "2026-11-26"})
    try:
        started = wait_for(url, "</html>")
        time.sleep(2)  # the first requests' work done
        before, clock = cpu_seconds(server.pid), time.perf_counter()
        time.sleep(args.idle)
        idle = (cpu_seconds(server.pid) - before) / (time.perf_counter() - clock)
        shows = []
        for n in range(args.saves):
            marker = f"SAVED{n}MARKER{port}"
            shows.append(shown_after_save(url, note, original + f"\n{marker}\n", marker))
            time.sleep(1)
    finally:
        os.killpg(server.pid, signal.SIGINT)  # as Ctrl-C: mkdocs serve removes its folder
        server.wait(timeout=60)
        note.write_text(original)
    return {"start": started, "idle": idle, "show": statistics.median(shows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--idle", type=float, default=10, help="seconds of idle measured")
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    today = date(2026, 11, 26)
    with tempfile.TemporaryDirectory() as tmp:
        floor, book = Path(tmp) / "floor", Path(tmp) / "book"
        for root, config in ((floor, FLOOR_CONFIG), (book, COFFEECHAT_CONFIG)):
            (root / "notes").mkdir(parents=True)
            generate(root / "notes", args.notes, today)
            (root / "mkdocs.yml").write_text(config)
        (floor / "notes" / "index.md").write_text("# Floor\n")
        assert "private: false" in (book / "notes" / NOTE).read_text()
        servers = {
            "floor: mkdocs serve": (floor, [sys.executable, "-m", "mkdocs", "serve", "-a"]),
            "coffeechat serve": (book, [sys.executable, "-m", "generator.cli", "serve",
                                        "--dev-addr"]),
        }
        if find_spec("zensical"):
            servers["coffeechat serve --engine zensical"] = (
                book, [sys.executable, "-m", "generator.cli", "serve", "--engine", "zensical",
                       "--dev-addr"])
        results = {name: measure(argv, root, args) for name, (root, argv) in servers.items()}
    floor_result = results["floor: mkdocs serve"]
    print(f"{args.notes} notes; idle CPU over {args.idle:g} s; median of {args.saves} saves")
    print(f"  {'':36} {'idle CPU':>9} {'ratio':>7} {'save to show':>13} {'ratio':>7} "
          f"{'first page':>11}")
    for name, result in results.items():
        print(f"  {name:36} {result['idle']:8.1%} "
              f"{result['idle'] / max(floor_result['idle'], 1e-9):6.2f}x "
              f"{result['show']:11.2f} s {result['show'] / floor_result['show']:6.2f}x "
              f"{result['start']:9.2f} s")


if __name__ == "__main__":
    main()
