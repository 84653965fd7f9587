"""The README's daily-use section works exactly as written: a month in the pipeline, day by
day, on a clone of this repository whose `file://` remote stands in for GitHub (install
once, start a notebook, import, leads in turn, reach, reply, book, done, thank-you,
referral, cancel a chat ahead, close a dead thread, build, commit); then the steps of the
workflow `init` wrote, in a fresh virtual environment; and the README's cron line."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import venv
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()

#: What the person at the keyboard writes into Ines's note after the chat (the README's
#: `"${EDITOR:-nano}" NOTE` line): what they learned, and whom she suggested.
EDITOR = '''#!/usr/bin/env python3
import sys
from pathlib import Path

path = Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
for hint, line in (("# referrals:", "referrals:"),
                   ("#   - person:", "  - person: Wen Zhao  "),
                   ("#     company:", "    company: Northwind Learning  "),
                   ("#     note:", "    note: Runs their instructional design  ")):
    assert hint in text, hint
    text = text.replace(hint, line, 1)
text = text.replace("## What I learned\\n", "## What I learned\\n\\nThey hire teachers.\\n", 1)
path.write_text(text, encoding="utf-8")
'''


BODY = "a body that never reaches a note"


def _mail(folder: Path) -> None:
    """The owner's mailbox, as mbsync keeps it: a Maildir (~/Mail/INBOX in the README)."""
    import mailbox
    from email.message import EmailMessage

    folder.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(str(folder), create=True)
    for when, sender, to, subject in (
            ("Mon, 16 Nov 2026 09:00:00 +0100", "Job Seeker <seeker@example.org>",
             "priya.raman@northwind.example", "Following up"),
            ("Fri, 20 Nov 2026 18:00:00 +0100", "Job Seeker <seeker@example.org>",
             "Ines Duarte <Ines.Duarte@lumen.example>", "Re: The solar article"),
            ("Fri, 27 Nov 2026 08:15:00 +0100", "Priya Raman <priya.raman@northwind.example>",
             "seeker@example.org", "Re: Following up")):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"], message["Date"] = (
            sender, to, subject, when)
        message.set_content(BODY)
        box.add(message)


def _block(heading: str) -> str:
    section = README[README.index(f"## {heading}\n"):]
    return re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]


def _by_day(block: str) -> str:
    """The block, with each day's heading (`# Mon 2026-11-02: …`) made that day's date."""
    lines = []
    for line in block.splitlines():
        if day := re.match(r"# [A-Z][a-z]{2} (\d{4}-\d{2}-\d{2})\b", line):
            lines.append(f"export COFFEECHAT_TODAY={day.group(1)}")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _front(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text().split("---\n")[1])  # type: ignore[no-any-return]


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.slow
def test_the_daily_use_section_is_a_month_that_works_as_written(tmp_path: Path) -> None:
    remote = tmp_path / "coffeechat.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(remote)], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", remote.as_uri(), str(clone)], check=True)
    home = tmp_path / "home"
    home.mkdir()
    editor = tmp_path / "editor"
    editor.write_text(EDITOR)
    editor.chmod(0o755)
    env = {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "TZ": "Europe/Berlin", "EDITOR": str(editor), "GIT_AUTHOR_NAME": "Job Seeker",
           "GIT_AUTHOR_EMAIL": "seeker@example.org", "GIT_COMMITTER_NAME": "Job Seeker",
           "GIT_COMMITTER_EMAIL": "seeker@example.org",
           **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "HTTP", "http"))}}
    _mail(home / "Mail" / "INBOX")
    script = "set -euo pipefail\n" + _by_day(_block("Daily use"))
    assert script.count("export COFFEECHAT_TODAY=") >= 6  # a month, day by day
    done = subprocess.run(["bash", "-c", script], cwd=clone, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    out = done.stdout
    notes = home / "coffee" / "notes"

    # import: a lead for each person known at an active target; they take turns
    assert "Lead notes for 5 people:" in out
    first_day = out[out.index("coffeechat agenda for Mon 2026-11-02"):]
    first_day = first_day[:first_day.index("\n\n", first_day.index("reach-out"))]
    assert first_day.count("reach-out") == 2  # one a company: Ines and Leo
    assert "Ines Duarte" in first_day and "Leo Martin" in first_day
    # three business days later: try another, naming the next lead at Northwind
    assert "write to the next contact at Northwind Learning: Priya Raman" in out
    # Ines: reached, replied, booked (her note renamed to the day), done, thanked
    ines = _front(notes / "2026-11-12-ines-duarte-lumen-energy.md")
    assert ines["status"] == "done" and str(ines["date"]) == "2026-11-12"
    assert {k: str(v) for k, v in ines["outreach"].items()} == {  # type: ignore[union-attr]
        "sent": "2026-11-02", "via": "linkedin", "replied": "2026-11-06"}
    follow_up = ines["follow_up"]
    assert str(follow_up["thank_you"]) == "2026-11-13"  # type: ignore[index]
    assert follow_up["check_ins"][1:] == [{  # type: ignore[index]
        "date": date(2026, 11, 30),
        "note": "Sent the article about their solar program"}]
    assert str(follow_up["next"]) == "2027-01-12"  # type: ignore[index]
    assert len(list(notes.glob("*ines-duarte*.md"))) == 1
    # the referral: an item on the thank-you day, then a note that knows who introduced Wen
    assert "reach out to Wen Zhao, suggested by Ines Duarte" in out
    wen = _front(notes / "2026-11-19-wen-zhao-northwind-learning.md")
    assert (wen["status"], wen["referred_by"], wen["company"]) == (
        "cancelled", "Ines Duarte", "Northwind Learning")  # cancelled before its day
    assert _front(notes / "2026-11-02-leo-martin-northwind-learning.md")["status"] == (
        "cancelled")  # the dead thread, closed
    assert "Your week 2026-W46" in out and "1 conversation held" in out
    # the morning's mail: the follow-up to Priya, her reply, a note to Ines
    priya = _front(notes / "2026-11-02-priya-raman-northwind-learning.md")
    assert {k: str(v) for k, v in priya["outreach"].items()} == {  # type: ignore[union-attr]
        "sent": "2026-11-05", "via": "email", "follow_up": "2026-11-16",
        "replied": "2026-11-27"}
    assert follow_up["check_ins"][0] == {  # type: ignore[index]
        "date": date(2026, 11, 20), "note": "The solar article"}
    assert BODY not in "".join(p.read_text() for p in notes.rglob("*.md"))
    assert (home / "coffee" / "site" / "referrals" / "index.html").is_file()
    calendar = (home / "coffeechat.ics").read_text()
    assert calendar.startswith("BEGIN:VCALENDAR") and "20270112" in calendar  # every item
    assert _git("log", "--format=%s", cwd=home / "coffee").split("\n")[:2] == [
        "A month of coffee chats", "Start my coffee chats"]
    assert _git("status", "--porcelain", cwd=home / "coffee") == ""  # site/ is ignored
    assert _git("symbolic-ref", "HEAD", cwd=home / "coffee").strip() == "refs/heads/main"

    # the first push: the workflow's steps, in a fresh environment, from the remote
    workflow = yaml.safe_load((home / "coffee" / ".github" / "workflows" /
                               "coffeechat.yml").read_text())
    job = workflow["jobs"]["site"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    commit = _git("rev-parse", "HEAD", cwd=clone).strip()
    assert runs[0] == (f'pip install "coffeechat @ git+'
                       f'{remote.as_uri().replace("file:///", "file://localhost/")}@{commit}"')
    runner = tmp_path / "runner"
    venv.create(runner, with_pip=True)
    ci = {**env, "PATH": f"{runner / 'bin'}:/usr/bin:/bin", **job["env"]}
    ci.pop("COFFEECHAT_TODAY", None)
    ci["COFFEECHAT_TODAY"] = "2026-12-01"  # the morning after: a reminder is no error
    for run in runs:
        step = subprocess.run(shlex.split(run), cwd=home / "coffee", env=ci,
                              capture_output=True, text=True, timeout=900)
        assert step.returncode == 0, (run, step.stdout[-2000:], step.stderr[-2000:])
    assert (home / "coffee" / "site" / "index.html").is_file()

    cron = re.search(r"`0 7 \* \* \* (.+?)`", README).group(1)  # type: ignore[union-attr]
    again = subprocess.run(["bash", "-c", cron], env=env, capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
