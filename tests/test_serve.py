"""`coffeechat serve`: a live preview that rebuilds once per change and never loops, that
shows a note's error in the browser over the last good site without ever hanging a request,
and that sleeps while nothing changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sites import make_notebook

NOTE = "---\nperson: Jane Doe\ncompany: {company}\ndate: 2026-11-20\n---\nBody\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    """The page at `url`, an error page's included; a server that takes more than five
    seconds to answer fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except urllib.error.HTTPError as error:
        return str(error.read().decode())


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


@contextmanager
def _serving(book: Path, log: Path, *args: str) -> Iterator[tuple[str, int]]:
    """`coffeechat serve` on a free port of 127.0.0.1: its address and process id; stopped
    (and every process of its session) however the test ends."""
    port = _free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--today", "2026-11-26",
             "--dev-addr", f"127.0.0.1:{port}", *args],
            cwd=book, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            yield f"http://127.0.0.1:{port}/", server.pid
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    with pytest.raises(OSError):  # nothing left listening
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


BROKEN = NOTE.replace("date: 2026-11-20", "date: 2026-02-30 <b>bold</b>")


def _without_tags(page: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_an_error_is_shown_over_the_last_good_site_and_no_request_hangs(tmp_path: Path
                                                                        ) -> None:
    book = make_notebook(tmp_path, {"jane.md": NOTE.format(company="Acme")})
    note = book / "notes" / "jane.md"
    with _serving(book, tmp_path / "serve.log") as (url, _):
        _wait_for(url + "people/", "Acme")
        note.write_text(BROKEN.format(company="Lumen Energy"))
        started = time.monotonic()
        home = _wait_for(url, "notes/jane.md:4", seconds=20)  # each request: 5 s at most
        assert time.monotonic() - started < 20
        text = _without_tags(home)
        assert "notes/jane.md:4: error: date: 2026-02-30 <b>bold</b> is not a date" in text
        assert "&lt;b&gt;bold&lt;/b&gt;" in home and "<b>bold</b>" not in home  # escaped
        people = _get(url + "people/")  # the last good site, with the error above it
        assert "Acme" in people and "Lumen Energy" not in people
        assert "notes/jane.md:4" in _without_tags(people)
        note.write_text(NOTE.format(company="Lumen Energy"))
        _wait_for(url + "people/", "Lumen Energy")
        assert "notes/jane.md:4" not in _get(url + "people/")
        assert "coffeechat-errors" not in _get(url)
    assert "the browser shows the last site built without errors" in (
        tmp_path / "serve.log").read_text()


def test_an_error_from_the_start_is_the_page_until_it_is_fixed(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {"jane.md": BROKEN.format(company="Acme")})
    with _serving(book, tmp_path / "serve.log") as (url, _):
        page = _wait_for(url, "notes/jane.md:4")
        with pytest.raises(urllib.error.HTTPError):  # no site yet
            urllib.request.urlopen(url, timeout=5)
        assert "is not a date" in _without_tags(page)
        (book / "notes" / "jane.md").write_text(NOTE.format(company="Acme"))
        _wait_for(url + "people/", "Acme")
        assert "notes/jane.md:4" not in _get(url)


def _cpu_seconds(pid: int) -> float:
    """User and system time of a process so far, from /proc (fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
def test_idle_serve_uses_no_cpu_to_speak_of(tmp_path: Path) -> None:
    """Material's theme (thousands of files) is installed and used, as in every notebook:
    watching it by polling cost a third of a core."""
    book = make_notebook(tmp_path, {"jane.md": NOTE.format(company="Acme")})
    with _serving(book, tmp_path / "serve.log") as (url, pid):
        _wait_for(url + "people/", "Acme")
        time.sleep(1)
        before, started = _cpu_seconds(pid), time.monotonic()
        time.sleep(5)
        share = (_cpu_seconds(pid) - before) / (time.monotonic() - started)
    assert share < 0.05, f"{share:.1%} of a core while idle"
