"""The MkDocs plugin `coffeechat`: a thin adapter over the core and the page renderer.

- on_config: read the options (the same reader as the command line) and today; pin the
  build date to today (reproducible) for the length of the build.
- on_files: check every note (any error fails the build with the checker's lines),
  drop private notes, add the generated pages and calendar.ics (virtual files: nothing
  is written into the notes folder), and give the site a navigation without the notes.
- on_page_markdown: show the control characters of every page's Markdown as pictures
  (the one place a note's own text is handed to the engine); give each note's page an
  escaped title (and tags).
- on_page_content: the generated pages' HTML.
- on_page_context: the header card above each note, after search has indexed the note's
  own text (the card repeats the front matter, and would make indexing 7 times slower).
- on_post_build, on_build_error: put back what on_config set in the environment.

`coffeechat build` hands the plugin its state (`given_today`, `preloaded`) on the plugin
instance; a plain `mkdocs build` reads today from `COFFEECHAT_TODAY`, else the clock.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from html import escape
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.grammar import parse_day
from ..core.model import Note, Severity
from ..core.notebook import Notebook, load_notebook
from ..core.options import LISTED_TWICE, NAMES, Options, parse_options
from ..core.pages import NAVIGATION
from ..core.text import pictured
from ..errors import CoffeechatError
from ..files.config import shown_dir
from ..files.store import walk_notes
from .model import SiteModel
from .render import THEME, Renderer, environment
from .tree import ROBOTS, generate, navigation, note_title

log = get_plugin_logger("coffeechat")
SKIP_TARGET = "cc-title"  # the id of a generated page's heading


class _Raw(c.BaseConfigOption[Any]):
    """An option MkDocs passes through as written; `parse_options` reads it in on_config."""

    def run_validation(self, value: object) -> object:
        return value


#: The plugin's config: one option per field of `Options`, read by the command line's reader.
CoffeechatConfig = type("CoffeechatConfig", (base.Config,), {name: _Raw() for name in NAMES})


def today_from_environment() -> date:
    """`COFFEECHAT_TODAY` (for a plain `mkdocs build`), else the local date."""
    value = os.environ.get("COFFEECHAT_TODAY")
    if not value:
        return date.today()
    try:
        return parse_day(value)
    except ValueError as exc:
        raise PluginError(f"COFFEECHAT_TODAY: {exc}") from None


class CoffeechatPlugin(BasePlugin[CoffeechatConfig]):  # type: ignore[valid-type]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.given_today: date | None = None  # set by `coffeechat build`
        self.preloaded: Notebook | None = None  # set by `coffeechat build`, checked already
        self.today = date.today()
        self.options = Options()
        self.site: SiteModel | None = None
        self.renderer: Renderer | None = None
        self.notes: dict[str, Note] = {}
        self.html: dict[str, str] = {}  # the generated pages' content, by source path
        self._saved_epoch: list[str | None] = []  # SOURCE_DATE_EPOCH before the build

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if "coffeechat #2" in config.plugins:  # MkDocs only warns; two agendas make no sense
            raise PluginError(LISTED_TWICE)
        try:
            self.options = parse_options(dict(self.config))
        except CoffeechatError as exc:
            raise PluginError(str(exc)) from None
        self.today = self.given_today or today_from_environment()
        midnight = datetime(self.today.year, self.today.month, self.today.day, tzinfo=UTC)
        self._restore_epoch()
        self._saved_epoch.append(os.environ.get("SOURCE_DATE_EPOCH"))
        # the build date, within what gzip's 32-bit clock (sitemap.xml.gz) can hold
        epoch = min(max(int(midnight.timestamp()), 0), 2**32 - 1)
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        # the plugin's templates and assets, after the notebook's own overrides (once,
        # even when `serve` hands the same config to several builds)
        if THEME not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME)
            config.extra_css.append("assets/stylesheets/coffeechat.css")
            config.extra_javascript.append("assets/javascripts/coffeechat.js")
        return config

    def _restore_epoch(self) -> None:
        while self._saved_epoch:
            saved = self._saved_epoch.pop()
            if saved is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = saved

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._restore_epoch()

    def on_build_error(self, *, error: Exception) -> None:
        self._restore_epoch()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        book = self.preloaded or load_notebook(
            walk_notes(shown_dir(config.docs_dir)), self.today, self.options,
            directory_urls=config.use_directory_urls, with_highlights=True)
        errors = [str(p) for p in book.problems if p.severity is Severity.ERROR]
        if errors:
            raise PluginError("coffeechat check found errors; fix them to build the site:\n"
                              + "\n".join(errors))
        for problem in book.problems:  # a reminder never fails `mkdocs build --strict`
            (log.info if problem.reminder else log.warning)(str(problem))
        # private notes leave no trace; a target company's file is shown on its company's
        # page, not as a page of its own
        dropped = [n.rel_path for n in book.notes if n.private]
        for path in [*dropped, *(t.rel_path for t in book.targets)]:
            if file := files.get_file_from_path(path):
                files.remove(file)
        env = environment(config.theme.get_env().loader)
        tree = generate(book, self.today, self.options, env=env, markdown=_markdown(config),
                        use_directory_urls=config.use_directory_urls)
        self.site, self.renderer, self.notes = tree.site, tree.renderer, tree.notes
        self.html = {src: page.html for src, page in tree.pages.items() if page.html}
        generated = tree.files()
        checked = {n.rel_path for n in book.notes} | {p.rel_path for p in book.pages} | {
            t.rel_path for t in book.targets}
        served_by = _add_generated(files, config, generated, checked)
        if config.nav is None:  # notes stay out of the navigation: it grows quadratically
            config.nav = navigation(tree, served_by)
            in_nav = {served_by[src] for src in NAVIGATION}
            for file in files:
                if file.src_uri in self.notes or (file.src_uri in generated
                                                  and file.src_uri not in in_nav):
                    file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        markdown = pictured(markdown)  # shown, never raw (SPEC §6)
        note = self.notes.get(page.file.src_uri)
        if note is None or self.renderer is None:
            return markdown
        # the date tells two notes with the same person apart, in search and tag lists
        page.meta["title"] = escape(note_title(note))
        page.meta["tags"] = [escape(tag) for tag in note.tags]
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        src = page.file.src_uri
        if src not in self.html or not page.file.generated_by:
            return html
        # the page's title as its first heading, in its table of contents: Material's
        # "Skip to content" link leads there (it is drawn for pages with a toc only)
        page.toc = get_toc([{"level": 1, "id": SKIP_TARGET, "name": page.title, "children": []}])
        return f'<h1 id="{SKIP_TARGET}">{page.title}</h1>\n{self.html[src]}'

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # a personal notebook: kept out of search engines even when published
        return output.replace("<head>", f"<head>\n{ROBOTS}", 1)

    @event_priority(-100)  # after the search plugin has indexed the note's own text
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        note = self.notes.get(page.file.src_uri)
        if note is not None and self.renderer is not None and page.content is not None:
            page.content = self.renderer.note_card(note) + page.content
        return context


def _markdown(config: MkDocsConfig) -> Any:
    """Markdown to HTML with the notebook's own extensions, as MkDocs renders a page."""
    import markdown

    md = markdown.Markdown(extensions=config.markdown_extensions,
                           extension_configs=config.mdx_configs or {})
    return lambda text: md.reset().convert(text)


def _add_generated(files: Files, config: MkDocsConfig, pages: dict[str, str | bytes],
                   checked: set[str]) -> dict[str, str]:
    """Add virtual files; a file of the notebook at the same URL is kept, and reported
    (unless it is a note or page the checker has reported already).

    Returns, for each generated source path, the source path that serves its URL.
    """
    taken = {f.dest_uri: f for f in files}
    served_by = {}
    for src, content in pages.items():
        file = File.generated(config, src, content=content)
        if file.dest_uri in taken:
            mine = taken[file.dest_uri].src_uri
            if mine not in checked:
                log.warning(f"{shown_dir(config.docs_dir)}/{mine} takes the place of the page "
                            f"coffeechat generates at {file.url or './'}; that page is left "
                            "out (move the file to get it back)")
            served_by[src] = mine
            continue
        files.append(file)
        served_by[src] = src
    return served_by
