"""Terminal output fits the terminal (issue 14): `due` and `targets` wrap an item's details
to the terminal's width, and print whole lines when piped. Run in a real pseudo-terminal
of a given size, on the sample notebook."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TODAY = "2026-11-26"


def _in_terminal(args: list[str], columns: int) -> str:
    """What `coffeechat ARGS` shows in a terminal `columns` wide (colours removed)."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    done = subprocess.Popen([sys.executable, "-m", "generator.cli", *args, "--today", TODAY],
                            cwd=ROOT, stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    done.wait(timeout=60)
    os.close(main)
    return ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))


def _piped(args: list[str]) -> str:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args, "--today", TODAY],
                          cwd=ROOT, capture_output=True, text=True, check=False).stdout


@pytest.mark.slow
@pytest.mark.parametrize("command", [["due"], ["due", "--within", "all"], ["targets"]])
@pytest.mark.parametrize("columns", [80, 60, 120])
def test_a_terminal_gets_lines_that_fit_and_a_pipe_whole_lines(
        command: list[str], columns: int) -> None:
    shown = _in_terminal(command, columns)
    piped = _piped(command)
    assert max(len(line) for line in shown.splitlines()) <= columns, shown
    assert max(len(line) for line in piped.splitlines()) > 120  # whole lines when piped
    if command[0] == "due":  # nothing is lost in the wrapping: the same text, in order
        assert "".join(shown.split()) == "".join(piped.split())
    else:  # each company, its next step and its gaps in words
        for line in piped.splitlines():
            cells = re.split(r"\s{2,}", line.strip())
            if len(cells) == 13 and cells[0].isdigit():
                for cell in (cells[1], cells[11], cells[12]):
                    assert " ".join(cell.split()) in " ".join(shown.split()), cell
