"""The staged tree a plugin-less engine (Zensical) builds: `.coffeechat/zensical/` beside
mkdocs.yml, gitignored.

It holds `docs/` (the public notes, each as its card and text under a front matter of its
title and tags alone; the hand-written pages; the notebook's other files; the generated
pages; calendar.ics; coffeechat's assets; never a private note), `zensical.toml` (the
notebook's mkdocs.yml settings that Zensical reads, with coffeechat's navigation and
assets), and Zensical's own `site/` and `.cache/`. `mirror` rewrites only the files whose
bytes changed and deletes what is gone, so Zensical's cache rebuilds one page for one note.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2

from ..core.notebook import Notebook
from ..core.options import Options
from ..core.pages import CALENDAR
from ..core.text import pictured
from ..errors import BuildError
from ..files.config import PLUGIN, plain_value, python_value, read_settings
from .render import THEME, environment
from .tree import Tree, generate, navigation, note_source

#: coffeechat's assets, as the pages link to them.
ASSETS = ("assets/stylesheets/coffeechat.css", "assets/javascripts/coffeechat.js")
#: The settings of a mkdocs.yml that are passed on to Zensical as they are.
PASSED = ("site_name", "site_description", "site_author", "site_url", "copyright",
          "repo_url", "repo_name", "edit_uri", "use_directory_urls", "extra",
          "markdown_extensions", "extra_templates")
#: The Markdown extensions MkDocs always adds (`MarkdownExtensions(builtins=…)`).
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
MARKER = "# Written by coffeechat (`coffeechat build --engine zensical`): edit mkdocs.yml.\n"


@dataclass(frozen=True)
class Stage:
    """Where the staged tree of one notebook lives."""

    config_file: str  # the notebook's mkdocs.yml

    @property
    def notebook(self) -> str:
        return os.path.dirname(os.path.abspath(self.config_file))

    @property
    def root(self) -> str:
        return os.path.join(self.notebook, ".coffeechat", "zensical")

    @property
    def config(self) -> str:
        return os.path.join(self.root, "zensical.toml")

    @property
    def docs(self) -> str:
        return os.path.join(self.root, "docs")

    @property
    def site(self) -> str:
        return os.path.join(self.root, "site")


def _custom_dir(settings: dict[str, Any], notebook: str) -> str | None:
    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return os.path.join(notebook, custom) if isinstance(custom, str) else None


def _markdown(settings: dict[str, Any]) -> Callable[[str], str]:
    """Markdown to HTML with the notebook's extensions, as MkDocs configures them."""
    import markdown

    names, configs = list(BUILTIN_EXTENSIONS), {}
    for item in python_value(settings.get("markdown_extensions") or []):
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if isinstance(config, dict):
            configs[name] = config
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    return lambda text: md.reset().convert(text)


def _read_text(path: str) -> str:
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def staged_files(book: Notebook, today: date, options: Options, *, config_file: str,
                 notes_dir: str) -> tuple[dict[str, bytes], list[Any]]:
    """The docs tree (relative POSIX path → bytes) and the navigation, for a checked
    notebook with no errors."""
    settings = read_settings(config_file)
    notebook = os.path.dirname(os.path.abspath(config_file))
    custom = _custom_dir(settings, notebook)
    env = environment(jinja2.FileSystemLoader([d for d in (custom, THEME) if d]))
    urls = settings.get("use_directory_urls")
    tree = generate(book, today, options, env=env, markdown=_markdown(settings),
                    use_directory_urls=urls is not False)
    files = {src: page.staged(escaped=True).encode() for src, page in tree.pages.items()}
    calendar = tree.calendar
    files[CALENDAR] = calendar.encode() if isinstance(calendar, str) else calendar
    files.update(_notebook_files(tree, book, notes_dir))
    for asset in ASSETS:
        mine = os.path.join(custom, asset) if custom else ""
        with open(mine if mine and os.path.isfile(mine) else os.path.join(THEME, asset),
                  "rb") as handle:
            files[asset] = handle.read()
    return files, navigation(tree)


def _notebook_files(tree: Tree, book: Notebook, notes_dir: str) -> dict[str, bytes]:
    """The notebook's own files as the engine is to see them: public notes and pages
    (shown, never raw), other files as they are; private notes, target companies' files
    (shown on their company's page) and hidden files left out."""
    notes, pages = tree.notes, {p.rel_path for p in book.pages}
    files = {}
    for folder, dirs, names in os.walk(notes_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, notes_dir).replace(os.sep, "/")
            if not name.endswith(".md"):
                with open(path, "rb") as handle:
                    files[rel] = handle.read()
            elif rel in notes:
                files[rel] = note_source(tree, notes[rel], _read_text(path),
                                         escaped=True).encode()
            elif rel in pages:
                files[rel] = pictured(_read_text(path)).encode()
    return files


def zensical_config(config_file: str, nav: list[Any]) -> str:
    """zensical.toml for the staged tree: the notebook's settings Zensical reads, the docs
    and site folders beside it, coffeechat's assets and navigation; no plugin of MkDocs's
    but the ones Zensical has of its own (search, tags)."""
    settings = read_settings(config_file)
    project: dict[str, Any] = {key: plain_value(settings[key]) for key in PASSED
                               if key in settings}
    project["docs_dir"], project["site_dir"] = "docs", "site"
    theme = plain_value(settings.get("theme") or {})
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    custom = _custom_dir(settings, os.path.dirname(os.path.abspath(config_file)))
    if custom:
        theme["custom_dir"] = custom
    project["theme"] = theme
    project["extra_css"] = [*plain_value(settings.get("extra_css") or []), ASSETS[0]]
    project["extra_javascript"] = [*plain_value(settings.get("extra_javascript") or []),
                                   ASSETS[1]]
    plugins = settings.get("plugins") or []
    entries = list(plugins.items()) if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins]
    project["plugins"] = [{name: plain_value(value)} if isinstance(value, dict) else name
                          for name, value in entries if name != PLUGIN]
    project["nav"] = nav
    lines = [f"{_key(key)} = {_toml(value)}" for key, value in project.items()
             if value is not None]
    return MARKER + "[project]\n" + "\n".join(lines) + "\n"


def _key(key: object) -> str:
    return _toml(str(key))


def _toml(value: Any) -> str:
    """A value as TOML (inline tables and arrays; None left out)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()
                               if v is not None) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value if v is not None) + "]"
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def mirror(files: dict[str, bytes], folder: str, *, keep_hidden: bool = False) -> list[str]:
    """Make `folder` hold exactly `files`: write those whose bytes differ, delete the
    others (and emptied folders; with `keep_hidden`, entries of the top folder whose name
    starts with a dot, as `mkdocs build` keeps them). Returns the paths written."""
    present = set()
    for here, dirs, names in os.walk(folder):
        if keep_hidden and here == folder:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        present |= {os.path.relpath(os.path.join(here, n), folder).replace(os.sep, "/")
                    for n in names}
    written = []
    for rel, data in sorted(files.items()):
        path = os.path.join(folder, *rel.split("/"))
        if rel in present and os.path.getsize(path) == len(data):
            with open(path, "rb") as handle:
                if handle.read() == data:
                    continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.coffeechat-tmp"
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
        written.append(rel)
    for rel in sorted(present - files.keys()):
        os.remove(os.path.join(folder, *rel.split("/")))
    for here, _, _ in sorted(os.walk(folder), reverse=True):
        if here != folder and not os.listdir(here):
            os.rmdir(here)
    return written


def read_tree(folder: str) -> dict[str, bytes]:
    """Every file under `folder`, by relative POSIX path."""
    files = {}
    for here, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(here, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, folder).replace(os.sep, "/")] = handle.read()
    return files


def safe_site_dir(site_dir: str, *, notebook: str, notes_dir: str) -> str:
    """The site folder, refused where emptying it would delete the notebook or its notes."""
    site = os.path.realpath(site_dir)
    book, notes = os.path.realpath(notebook), os.path.realpath(notes_dir)
    if os.path.commonpath([site, book]) == site or os.path.commonpath([site, notes]) in (
            site, notes):
        raise BuildError(f"the site folder {site_dir} would hold the notebook or its notes, "
                         "or be inside the notes: choose another (--site-dir)")
    return site
