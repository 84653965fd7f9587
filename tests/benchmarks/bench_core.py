"""Benchmark `coffeechat check` and `coffeechat due` against the floor of reading the notes.

    python tests/benchmarks/bench_core.py [--notes 10000] [--runs 3]

Generates N realistic notes (about 40 front-matter lines each) in a temporary folder,
then times, in one run and interleaved, three commands in fresh processes:

- floor: read every file, cut its front matter with MkDocs's pattern and load it with
  PyYAML's libyaml loader; nothing more;
- `coffeechat check` and `coffeechat due` on the same folder.

It prints the best wall time of each, the ratio to the floor, and the peak memory of each
process. These machines are noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

FLOOR = r"""
import os, re, sys, resource, yaml
pattern = re.compile(r'^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n', re.DOTALL)
count = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith('.md'):
            with open(os.path.join(folder, name), encoding='utf-8-sig') as handle:
                match = pattern.match(handle.read())
            if match:
                yaml.load(match.group(1), Loader=yaml.CSafeLoader)
                count += 1
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

COMMAND = r"""
import resource, sys, atexit
atexit.register(lambda: print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                              file=sys.stderr))
from generator.cli import cli
cli(sys.argv[1:])
"""

PEOPLE = ["Jane Doe", "Priya Raman", "Marcus Chen", "Sofía Hernández", "Tom Becker", "Raj Patel",
          "Amara Nwosu", "Hannah Lee", "Dana Okafor", "Elena Petrova"]
COMPANIES = ["Acme Robotics", "Northwind Learning", "Lumen Energy", "Brightpath Health",
             "Orbit Payments", "Civic Design Lab", "Tidewater Analytics", "Cobalt Robotics"]


def make_note(i: int, rng: random.Random, today: date) -> str:
    contact = i // 2  # two conversations per person, and about 2.5 people per company
    person = f"{PEOPLE[contact % len(PEOPLE)]} {contact}"
    company = f"{COMPANIES[contact % len(COMPANIES)]} {contact % (len(COMPANIES) * 25)}"
    if i % 10 == 0:  # a tenth of the notes at one big company: the rules stay linear
        company = "Mega Corp"
    when = today + timedelta(days=rng.randint(-400, 60))
    status = "planned" if when > today else rng.choice(["done", "done", "done", "cancelled"])
    outreach = ""
    if i % 3 == 1:  # before the chat: leads, messages out, answers (SPEC §8)
        sent = min(when, today) - timedelta(days=rng.randint(0, 20))
        status = rng.choice(["lead", "asked", "asked", status])
        outreach = f"outreach:\n  sent: {sent}\n  via: email\n"
        if rng.random() < 0.4:
            outreach += f"  replied: {sent + timedelta(days=rng.randint(0, 9))}\n"
        elif rng.random() < 0.4:
            outreach += f"  follow_up: {sent + timedelta(days=7)}\n"
        if status == "lead":
            outreach = ""
        elif status == "asked":
            when = sent
    check_ins = "".join(
        f"    - date: {when + timedelta(days=30 * k + 5)}\n      note: Sent an article, #{k}\n"
        for k in range(1, 3) if when + timedelta(days=30 * k + 5) <= today)
    return f"""---
person: {person}
company: {company}
date: {when}
role: Senior Engineer
status: {status}
format: {rng.choice(["coffee", "video", "phone", "in-person"])}
email: person{i}@example.com
phone: "+1 555 01{i % 100:02d}"
linkedin: https://www.linkedin.com/in/person-{i}
referred_by: Sam Lee
tags: [robotics, career-change, networking]
private: false
{outreach}prep:
  company: What I know about the company, its products and its customers.
  values: What the company stands for, in its own words and in its actions.
  why: Why I am interested in this company and this team in particular.
  person: What I know about this person, their path and their work.
  goals: What I want to gain from this conversation, concretely.
  next_steps: The next steps I will propose at the end of the conversation.
questions:
  - How did you start with this organization?
  - What can you tell me about the culture?
  - How does my experience fit into the organization?
  - What does a typical career path look like here?
  - What would you do differently if you started again?
  - Who else should I talk to?
  - What are the team's biggest challenges this year?
follow_up:
  thank_you: {when + timedelta(days=1) if rng.random() < 0.7 else "skipped"}
  cadence: {rng.choice(["quarterly", "monthly", "6 weeks", "none"])}
  check_ins:
{check_ins or "    []"}
---
## What I learned

A few paragraphs of notes about the conversation, what was said and promised.
"""


def make_target(i: int, rng: random.Random) -> str:
    company = f"{COMPANIES[i % len(COMPANIES)]} {i}"
    return (f"---\nkind: company\ncompany: {company}\nmotivation: {rng.randint(0, 3)}\n"
            f"posting: {rng.randint(1, 3)}\nstatus: {rng.choice(['active', 'watching'])}\n"
            f"---\nWhy {company}.\n")


def generate(folder: Path, count: int, today: date) -> None:
    """`count` notes, and a target file for one company in ten."""
    rng = random.Random(2026)
    for i in range(count):
        sub = folder / f"{2025 + i % 2}"
        sub.mkdir(exist_ok=True)
        (sub / f"note-{i:05d}.md").write_text(make_note(i, rng, today), encoding="utf-8")
    (folder / "targets").mkdir(exist_ok=True)
    for i in range(0, len(COMPANIES) * 25, 10):
        (folder / "targets" / f"t-{i}.md").write_text(make_target(i, rng), encoding="utf-8")


def timed(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one fresh process."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=argv[-1])
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed:\n{done.stderr}")
    return elapsed, int(done.stderr.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    today = date(2026, 11, 26)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notes"
        folder.mkdir()
        generate(folder, args.notes, today)
        notes = list(folder.rglob("*.md"))
        lines = sum(p.read_text().split("\n---\n")[0].count("\n") for p in notes) / len(notes)
        # each runs inside the notes folder: no mkdocs.yml there, so default options
        common = ["--today", str(today), "--notes", str(folder)]
        commands = {
            "floor (read + libyaml)": [sys.executable, "-c", FLOOR, str(folder)],
            "coffeechat check": [sys.executable, "-c", COMMAND, "check", *common],
            "coffeechat due": [sys.executable, "-c", COMMAND, "due", *common],
        }
        best: dict[str, tuple[float, int]] = {}
        for _ in range(args.runs):
            for name, argv in commands.items():
                seconds, memory = timed(argv)
                if name not in best or seconds < best[name][0]:
                    best[name] = (seconds, memory)
    floor = best["floor (read + libyaml)"][0]
    print(f"{args.notes} notes, {lines:.0f} front-matter lines each on average; "
          f"best of {args.runs} runs")
    for name, (seconds, memory) in best.items():
        print(f"  {name:24} {seconds:6.2f} s  {seconds / floor:5.2f}x floor  "
              f"peak {memory / 1024:6.1f} MiB")


if __name__ == "__main__":
    main()
