"""The site as a tree of files, whatever engine turns it into HTML (SPEC §6, "Any engine").

coffeechat renders every page it adds from its own templates: `generate` returns, for one
checked notebook, the generated pages by source path (front matter and HTML), the
calendar, and the navigation. The MkDocs plugin hands them to MkDocs (or ProperDocs) as
virtual files; `stage.py` writes them, with the public notes, for Zensical. A note's own
page is its header card above its text: `note_source` is that page as a Markdown file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import jinja2

from ..core.ics import agenda_calendar
from ..core.model import Note
from ..core.notebook import Notebook
from ..core.options import Options
from ..core.pages import CALENDAR, NAVIGATION
from ..core.parse import split_front_matter
from ..core.text import pictured
from .model import SiteModel, build_site_model
from .render import GeneratedPage, Renderer
from .views import Links

#: A personal notebook is kept out of search engines, even when published.
ROBOTS = '<meta name="robots" content="noindex, nofollow">'


@dataclass(frozen=True)
class Tree:
    """What coffeechat adds to a notebook's site: its pages and calendar, by source path."""

    site: SiteModel
    renderer: Renderer
    pages: dict[str, GeneratedPage]
    calendar: str | bytes

    @property
    def notes(self) -> dict[str, Note]:
        """The public notes, by source path."""
        return {n.rel_path: n for n in self.site.notes}

    def files(self) -> dict[str, str | bytes]:
        """Every generated file's source: the pages' front matter (the HTML is put in by
        the engine's adapter, or by `GeneratedPage.staged`), and the calendar."""
        files: dict[str, str | bytes] = {src: page.source() for src, page in self.pages.items()}
        files[CALENDAR] = self.calendar
        return files


def generate(book: Notebook, today: date, options: Options, *, env: jinja2.Environment,
             markdown: Callable[[str], str] | None, use_directory_urls: bool) -> Tree:
    """The generated pages of a checked notebook (private notes are left out)."""
    site = build_site_model(book.notes, book.pages, today, options, book.targets)
    renderer = Renderer(site, Links(use_directory_urls=use_directory_urls), env, markdown)
    return Tree(site, renderer, renderer.pages(), agenda_calendar(site.agenda, today))


def note_title(note: Note) -> str:
    """A note's page title: the date tells two notes with the same person apart, in search
    and tag lists."""
    return f"{note.person} · {note.company} · {note.date}"


def note_source(tree: Tree, note: Note, text: str, *, escaped: bool = True) -> str:
    """A note's page as a Markdown file for an engine that runs no plugin: its own front
    matter replaced by the title and tags alone (so no key of the note, such as `status`,
    turns on an engine's feature), its header card, then its text with control
    characters shown as pictures. `escaped`: whether the engine prints the title
    unescaped (MkDocs's Jinja), so that it must be escaped here."""
    found = split_front_matter(text)
    body = text[found.body:] if found else text
    quote = escape if escaped else str
    meta = f"title: {json.dumps(quote(note_title(note)))}\n"
    if note.tags:
        meta += f"tags: {json.dumps([quote(tag) for tag in note.tags])}\n"
    return (f"---\n{meta}---\n\n{tree.renderer.note_card(note).strip()}\n\n"
            f"{pictured(body.lstrip(chr(10)))}")


def navigation(tree: Tree, served_by: dict[str, str] | None = None) -> list[Any]:
    """Home, the agenda, the indexes and hand-written pages; notes are reached from those.
    `served_by`: the source path that serves each generated page's URL (a notebook's own
    file may take one's place)."""
    served = served_by or {}
    nav: list[Any] = [{title: served.get(src, src)} for src, title in NAVIGATION.items()]
    return nav + [page.rel_path for page in tree.site.pages]
