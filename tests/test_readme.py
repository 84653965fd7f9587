"""The README's daily-use section works exactly as written, on a copy of this clone:
install once, start a notebook, prepare, confirm, thank, check in, build, commit; and
its cron line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


def _block(heading: str) -> str:
    section = README[README.index(f"## {heading}\n"):]
    return re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]


def test_the_daily_use_section_works_as_written(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "COFFEECHAT_TODAY": "2026-12-02",
           "TZ": "Europe/Berlin", "GIT_AUTHOR_NAME": "Job Seeker",
           "GIT_AUTHOR_EMAIL": "seeker@example.org", "GIT_COMMITTER_NAME": "Job Seeker",
           "GIT_COMMITTER_EMAIL": "seeker@example.org",
           **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "HTTP", "http"))}}
    script = "set -euo pipefail\n" + _block("Daily use")
    done = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    book = home / "coffee"
    note = book / "notes" / "2026-12-02-jane-doe-acme-robotics.md"
    front = yaml.safe_load(note.read_text().split("---\n")[1])
    assert front["status"] == "done"
    # before the chat: `reach` wrote the note, `log --replied` recorded the answer, and
    # `new` booked that same note instead of writing a second one
    assert {k: str(v) for k, v in front["outreach"].items()} == {
        "sent": "2026-12-02", "via": "linkedin", "replied": "2026-12-02"}
    assert len(list((book / "notes").glob("*jane-doe*.md"))) == 1
    assert "In play (1 of 5)" in done.stdout and "Acme Robotics" in done.stdout
    assert str(front["follow_up"]["thank_you"]) == "2026-12-02"
    assert front["follow_up"]["check_ins"][0]["note"] == "Sent the article about their Series B"
    assert str(front["follow_up"]["next"]) == "2027-01-12"
    assert (book / "site" / "upcoming" / "index.html").is_file()
    assert (home / "coffeechat.ics").read_text().startswith("BEGIN:VCALENDAR")
    log = subprocess.run(["git", "log", "--format=%s"], cwd=book, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    assert log[:2] == ["Coffee with Jane", "Start my coffee chats"]
    assert subprocess.run(["git", "status", "--porcelain"], cwd=book, capture_output=True,
                          text=True, check=True).stdout == ""  # site/ is ignored
    cron = re.search(r"`0 7 \* \* \* (.+?)`", README).group(1)  # type: ignore[union-attr]
    again = subprocess.run(["bash", "-c", cron], env=env, capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
