"""`coffeechat serve`: a live preview that rebuilds once per change, and never loops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sites import make_notebook

NOTE = "---\nperson: Jane Doe\ncompany: {company}\ndate: 2026-11-20\n---\nBody\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            page = _get(url)
            if text in page:
                return page
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared at {url}")
        time.sleep(0.3)


def test_serve_rebuilds_on_a_change_and_writes_nothing_into_notes(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {"jane.md": NOTE.format(company="Acme")})
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--today", "2026-11-26",
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=book, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/people/"
        _wait_for(url, "Acme")
        before = sorted(p.name for p in (book / "notes").iterdir())
        (book / "notes" / "jane.md").write_text(NOTE.format(company="Lumen Energy"))
        _wait_for(url, "Lumen Energy")
        time.sleep(3)  # a build that wrote into notes/ would now be rebuilding again
        builds = (tmp_path / "serve.log").read_text().count("Building documentation")
        time.sleep(3)
        assert (tmp_path / "serve.log").read_text().count("Building documentation") == builds
        assert builds <= 2
        assert sorted(p.name for p in (book / "notes").iterdir()) == before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
