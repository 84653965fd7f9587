"""`coffeechat init`: the files of a new notebook, written all or none."""

from __future__ import annotations

import os
from datetime import date, timedelta
from importlib import resources

from .edit import new_note
from .store import create_file

MKDOCS_YML = """\
site_name: My coffee chats
docs_dir: notes

theme:
  name: material
  custom_dir: site_theme      # coffeechat's badges, header card, print layout, live dates
  font: false                 # no web fonts fetched from Google
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle: {icon: material/weather-sunny, name: Switch to light mode}

plugins:
  - search
  - tags
  - coffeechat:
      # How often to check in with a contact after a conversation: monthly, bimonthly,
      # quarterly, semiannual, yearly, none, or "N days", "N weeks", "N months".
      cadence: quarterly
      # The thank-you is due this many business days after the conversation.
      thank_you_days: 1
      # Warn when a planned conversation this many days away has unanswered prep.
      prep_warning_days: 7
      # Warn when a planned conversation has fewer questions ready than this.
      min_questions: 3
      # Public holidays of this country are not business days (e.g. US, GB, DE); null: none.
      holidays: null
      # true: show email addresses and phone numbers on the site (mind where you publish it).
      show_contact_details: false
"""

GITIGNORE = "site/\n.cache/\n__pycache__/\n"

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
    - cron: "0 5 * * *"
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
    environment:
      name: github-pages
      url: ${{ steps.deploy.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install coffeechat
      - run: coffeechat check
      - run: coffeechat build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
      - id: deploy
        uses: actions/deploy-pages@v4
"""


def notebook_files(today: date) -> dict[str, bytes]:
    """Every file of a new notebook, by path relative to its folder."""
    example = new_note("Alex Example", "Example Corp", today + timedelta(days=7),
                       planned=True, role="Engineering Manager", fmt="coffee")
    example = example.replace(
        "## What I learned",
        "This is an example: edit it, or delete it once you have written your own\n"
        "notes with `coffeechat new \"NAME\" --company \"COMPANY\"`.\n\n## What I learned", 1)
    files = {
        "mkdocs.yml": MKDOCS_YML,
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/coffeechat.yml": WORKFLOW,
        f"notes/{today + timedelta(days=7)}-alex-example-example-corp.md": example,
    }
    result = {path: text.encode() for path, text in files.items()}
    theme = resources.files("generator") / "theme"
    for relative in ("main.html", "assets/stylesheets/coffeechat.css",
                     "assets/javascripts/coffeechat.js"):
        result[f"site_theme/{relative}"] = (theme / relative).read_bytes()
    return result


def init_notebook(folder: str, today: date) -> list[str]:
    """Write a new notebook into `folder`; FileExistsError (nothing written) if any file is
    there already. Returns the paths written."""
    files = notebook_files(today)
    taken = [p for p in files if os.path.lexists(os.path.join(folder, p))]
    if taken:
        raise FileExistsError(", ".join(taken))
    written = []
    for relative, data in files.items():
        path = os.path.join(folder, relative)
        create_file(path, data)
        written.append(path)
    return written
