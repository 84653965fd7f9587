"""Benchmark `coffeechat sync`'s mbox reader against the standard library alone.

    python tests/benchmarks/bench_sync.py [--messages 20000] [--body-kb 20] [--runs 3]

Writes an mbox of N messages (each with a body of the given size, so that reading bodies
would show), then times, in one run and interleaved:
- the floor: the standard library's `mailbox.mbox` with `email.parser.BytesHeaderParser`
  on each message's headers (what a careful script would write);
- coffeechat: `files.mail.read_path` (headers only, bodies skipped line by line), and
  the whole `coffeechat sync` command in a fresh process (start-up, the notebook, the
  rules) on the sample notebook.
Peak memory (tracemalloc) of each reader is printed too: it must not grow with the
bodies. These machines are noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import mailbox
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import format_datetime, getaddresses, parsedate_to_datetime
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
sys.path.insert(0, str(ROOT))

from generator.files.mail import read_path  # noqa: E402


def write_mbox(path: Path, count: int, body_kb: int) -> None:
    """`count` messages over 100 days, among a few people, each with a body."""
    body = ("Lorem ipsum dolor sit amet. " * 40 + "\n") * max(1, body_kb * 1024 // 1160)
    start = datetime(2026, 8, 1, 8, tzinfo=UTC)
    box = mailbox.mbox(str(path), create=True)
    box.lock()
    try:
        for n in range(count):
            message = EmailMessage()
            message["From"] = f"Person {n % 50} <p{n % 50}@example.org>" if n % 2 else \
                "Ana <ana@example.org>"
            message["To"] = "Ana <ana@example.org>" if n % 2 else f"p{n % 50}@example.org"
            message["Subject"] = f"Message {n}"
            message["Date"] = format_datetime(start + timedelta(minutes=7 * n))
            message["Message-ID"] = f"<{n}@bench>"
            message.set_content(body)
            box.add(message)
    finally:
        box.flush()
        box.unlock()


def stdlib(path: Path) -> int:
    """The floor: the standard library's own mbox reader, each message's headers parsed
    (compat32, as fast as the library goes) and the same fields read: date, addresses."""
    parser = BytesHeaderParser(policy=compat32)
    box = mailbox.mbox(str(path))
    count = 0
    for key in box.iterkeys():
        handle = box.get_file(key)
        lines = []
        for line in handle:
            if line in (b"\n", b"\r\n"):
                break
            lines.append(line)
        headers = parser.parsebytes(b"".join(lines))
        parsedate_to_datetime(headers["date"])
        getaddresses([headers["from"] or "", headers["to"] or "", headers["cc"] or ""])
        count += 1
    return count


def ours(path: Path) -> int:
    return len(read_path(str(path), date(2000, 1, 1)).messages)


def seconds(function: object, path: Path) -> float:
    start = time.perf_counter()
    function(path)  # type: ignore[operator]
    return time.perf_counter() - start


def peak(function: object, path: Path) -> int:
    tracemalloc.start()
    function(path)  # type: ignore[operator]
    found = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--body-kb", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coffeechat-bench-"))
    path = folder / "INBOX.mbox"
    write_mbox(path, args.messages, args.body_kb)
    size = path.stat().st_size
    best = {"stdlib": float("inf"), "coffeechat": float("inf")}
    for _ in range(args.runs):
        for name, function in (("stdlib", stdlib), ("coffeechat", ours)):
            best[name] = min(best[name], seconds(function, path))
    command = float("inf")
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator.cli", "sync", str(path), "--since",
                        "2026-01-01", "--today", "2026-11-26"], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       env={**os.environ, "TZ": "UTC"})
        command = min(command, time.perf_counter() - start)
    floor_s = best["stdlib"]
    print(f"{args.messages} messages, {size / 1e6:.0f} MB mbox; best of {args.runs} runs")
    for name, function in (("stdlib", stdlib), ("coffeechat", ours)):
        print(f"  {name:<22} {best[name]:6.2f} s  {best[name] / floor_s:5.2f}x the floor  "
              f"peak {peak(function, path) / 1e6:6.1f} MB")
    print(f"  {'coffeechat sync (all)':<22} {command:6.2f} s  {command / floor_s:5.2f}x the floor"
          "  (a fresh process: start-up, the notebook, the rules)")
    path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
