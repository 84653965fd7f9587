"""`coffeechat init`: the files of a new notebook, written all or none."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta

from ..core.grammar import LAST_DAY
from ..core.options import options_yaml
from ..errors import Refusal
from .engines import ZENSICAL_TOML
from .provenance import Requirement, running_requirement
from .store import create_files

MKDOCS_YML = """\
site_name: My coffee chats
docs_dir: notes
site_url: !ENV SITE_URL   # the workflow sets it to the Pages address (a site under /REPO/)

theme:
  name: material
  # custom_dir: site_theme    # a folder of your own overrides of Material's templates
  font: false                 # no web fonts fetched from Google
  features:
    - search.suggest
    - search.highlight
    - content.tooltips
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: brown
      accent: deep orange
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: brown
      accent: deep orange
      toggle: {icon: material/weather-sunny, name: Switch to light mode}

markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list

plugins:
  - search
  - tags
  - coffeechat:
"""
MKDOCS_YML += options_yaml(" " * 6)

GITIGNORE = "/site/\n.cache/\n.coffeechat/\n__pycache__/\n"

PRE_COMMIT = """\
# Check the notes before each commit: pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: coffeechat-check
        name: coffeechat check
        entry: coffeechat check
        language: system
        files: ^notes/.*\\.md$
        pass_filenames: false
"""

WORKFLOW = """\
# Check the notes, build the site and publish it to GitHub Pages on every push, and
# every morning too, so that the "Upcoming check-ins" page stays current.
# In the repository's settings, set Pages to deploy from GitHub Actions.
name: coffeechat
on:
  push:
    branches: [main]
  schedule:
    - cron: "0 5 * * *"  # every day at 05:00 UTC
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: true
jobs:
  site:
    runs-on: ubuntu-latest
    env:
      # "Today" is computed in this time zone, the one `coffeechat init` found on your
      # machine (the runner's own is UTC). To change it, write yours: a name from the tz
      # database, such as Europe/Berlin or America/Los_Angeles.
      TZ: {zone}
    environment:
      name: github-pages
      url: ${{{{ steps.deploy.outputs.page_url }}}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
{install}
      - run: coffeechat check
      - id: pages
        uses: actions/configure-pages@v5
      - run: coffeechat build
        env:
          SITE_URL: ${{{{ steps.pages.outputs.base_url }}}}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
      - id: deploy
        uses: actions/deploy-pages@v4
"""


def install_step(requirement: Requirement | None = None) -> str:
    """The workflow's step that installs the coffeechat that wrote it, with its comment."""
    requirement = requirement or running_requirement()
    lines = [wrapped for paragraph in requirement.comment.splitlines()
             for wrapped in (textwrap.wrap(paragraph, 80, drop_whitespace=False)
                             if not paragraph.startswith(" ") else [paragraph])]
    comment = "\n".join(f"      # {line.strip() if not line.startswith(' ') else line}"
                        for line in lines)
    return f'{comment}\n      - run: pip install "{requirement.line}"'


def local_zone() -> str:
    """This machine's time zone as a tz database name (`Europe/Berlin`), else `UTC`."""
    from zoneinfo import available_timezones

    names = available_timezones()
    candidates = [os.environ.get("TZ", "").lstrip(":"),
                  os.path.realpath("/etc/localtime").partition("zoneinfo/")[2]]
    with contextlib.suppress(OSError), open("/etc/timezone", encoding="utf-8") as handle:
        candidates.append(handle.read().strip())
    return next((name for name in candidates if name in names), "UTC")


EXAMPLE = """\
---
person: Alex Example
company: Example Corp
date: {date}
role: Engineering Manager
status: planned
format: coffee
tags: [example]
prep:
  company: Example Corp makes the scheduling software most of the city's clinics use.
  values: Their careers page puts patient time first; engineers sit with clinic staff.
  why: I want to build tools that people in care work rely on every day.
  person: Alex leads the team behind the booking app; we met at a local meetup.
  goals: Learn how their teams are organised and what a first year there looks like.
  next_steps: Ask whom else I should talk to, and offer to send my portfolio.
questions:
  - How did you start with this organization?
  - What can you tell me about the culture?
  - How does my experience fit into the organization?
  - What does a typical career path look like here?
follow_up:
  thank_you:          # when you sent it (coffeechat log --thank-you), or skipped
  cadence: quarterly
---
This is an example note: edit it, or delete it once you have written your own with
`coffeechat new "NAME" --company "COMPANY"`.

## What I learned


## Promises made


## Next steps

"""


def notebook_files(today: date) -> dict[str, bytes]:
    """Every file of a new notebook, by path relative to its folder: coffeechat's
    templates and assets come with the package, so none is copied."""
    when = min(today + timedelta(days=7), LAST_DAY)
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "zensical.toml": ZENSICAL_TOML,  # a plain `zensical build` stops: it runs no plugin
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/coffeechat.yml": WORKFLOW.format(zone=local_zone(),
                                                            install=install_step()),
        f"notes/{when}-alex-example-example-corp.md": EXAMPLE.format(date=when),
    }
    return {path: text.encode() for path, text in files.items()}


@dataclass(frozen=True)
class Scaffolded:
    written: list[str]
    git: str  # what became of version control, in a sentence


def init_notebook(folder: str, today: date) -> Scaffolded:
    """Write a new notebook into `folder`: all its files or none. Refusal (nothing
    written) if any of them, or a file in place of one of their folders, exists already.
    Then make it a git repository, unless it is inside one already."""
    try:
        written = create_files(folder, notebook_files(today))
    except FileExistsError as exc:
        raise Refusal(f"these exist already in {folder}: {exc}; nothing was written") from None
    return Scaffolded(written, _git_init(folder))


def _git_init(folder: str) -> str:
    git = shutil.which("git")
    if git is None:
        return "git is not installed: install it to keep the history of your notes"
    inside = subprocess.run([git, "rev-parse", "--show-toplevel"], cwd=folder,
                            capture_output=True, text=True)
    if inside.returncode == 0:
        top = inside.stdout.strip()
        if os.path.realpath(top) == os.path.realpath(folder):
            return f"inside the git repository at {top}"
        return (f"warning: inside the git repository at {top}: GitHub runs workflows only "
                f"from a repository's top folder, so .github/workflows/coffeechat.yml will not "
                f"run from here; make the notebook a repository of its own (git init), or "
                f"move the workflow to {os.path.join(top, '.github', 'workflows')} and set "
                f"its steps' working-directory")
    made = subprocess.run([git, "init", "--quiet"], cwd=folder, capture_output=True, text=True)
    if made.returncode != 0:
        return f"git init failed: {made.stderr.strip() or made.returncode}"
    # the branch the workflow runs on, whatever git's default (init.defaultBranch) is
    subprocess.run([git, "symbolic-ref", "HEAD", "refs/heads/main"], cwd=folder,
                   capture_output=True, text=True)
    return "made it a git repository (git init) on the branch main"
