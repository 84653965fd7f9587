"""The site's generated pages, rendered from Jinja templates with autoescaping.

The templates live in the package (`site/theme/coffeechat/`), on the theme's search path,
so a notebook overrides one of them the way Material's own are overridden: a file of
the same name in its `custom_dir`. They are fed the page models of `views.py` and
`records.py`; every value is escaped by the environment, not by discipline, and its
control characters shown as pictures (`core.text.pictured`): the one function for HTML
and the SVG drawn inside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.model import Contact, Note
from ..core.pages import (
    CALENDAR,
    COMPANIES,
    HOME,
    PEOPLE,
    REFERRALS,
    TAGS,
    TARGETS,
    UPCOMING,
    generated_pages,
)
from ..core.text import CONTROL, pictured
from ..core.wording import COVERAGE_LEGEND, plural
from .model import SiteModel
from .records import Records
from .views import Links, page_rules

#: The folder that holds the plugin's templates and assets, added to the theme's path.
THEME = str(resources.files("generator.site") / "theme")


def _finalized(value: Any) -> Any:
    """A value as a template prints it: text (escaped or Markup) without control
    characters."""
    if isinstance(value, str) and CONTROL.search(value):
        return Markup(pictured(value)) if isinstance(value, Markup) else pictured(value)
    return value


#: An ISO date in running text: it is never broken at its hyphens.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: An ISO date, or a command-line option (`--followed-up`): neither is split at a hyphen.
UNBROKEN = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b|(?<![\w-])(--[a-z][a-z-]*[a-z])")


def dated(text: str) -> Markup:
    """Text with each ISO date in it as a `<time>` and each command-line option in a
    `<code>`, each kept on one line by the stylesheet."""
    out, at = Markup(""), 0
    for match in UNBROKEN.finditer(text):
        out += Markup(escape(text[at:match.start()]))
        day, option = match.groups()
        out += (Markup(f'<time datetime="{day}">{day}</time>') if day else
                Markup(f'<code class="cc-option">{escape(option)}</code>'))
        at = match.end()
    return out + Markup(escape(text[at:]))


def environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """Where the templates come from (the theme's own loader, in a build), escaping every
    value it renders and showing control characters as pictures."""
    env = jinja2.Environment(loader=loader or jinja2.FileSystemLoader(THEME), autoescape=True,
                             trim_blocks=False, keep_trailing_newline=False,
                             finalize=_finalized)
    env.globals["page_rules"] = page_rules()  # for the page script (`macros.computed`)
    env.globals["coverage_legend"] = COVERAGE_LEGEND
    env.filters["plural"] = plural  # `{{ n | plural("person", "people") }}`: `2 people`
    env.filters["dated"] = dated  # `{{ text | dated }}`: its ISO dates never split
    return env


@dataclass(frozen=True)
class GeneratedPage:
    """A page the site generates: its title and its content, already HTML.

    MkDocs reads `source()` (front matter, plus Markdown where the page has some for
    another plugin, like the tags listing); the plugin then puts `html` in its place,
    so no raw HTML goes through Markdown, which would only slow the build down.
    """

    title: str
    html: str = ""
    markdown: str = ""
    search: bool = True
    boost: int = 1  # its rank in search results, against the other pages' 1
    tags: tuple[str, ...] = ()

    def source(self, *, escaped: bool = True, body: str | None = None) -> str:
        """`escaped`: the title and tags escaped, for an engine whose templates print them
        as they are (MkDocs's); `body`: in place of the page's Markdown."""
        quote = escape if escaped else str
        meta = f"title: {json.dumps(quote(self.title))}\nhide:\n  - toc\n"
        if not self.search:
            meta += "search:\n  exclude: true\n"
        elif self.boost != 1:
            meta += f"search:\n  boost: {self.boost}\n"
        if self.tags:
            meta += f"tags: {json.dumps([quote(tag) for tag in self.tags])}\n"
        return f"---\n{meta}---\n\n{self.markdown if body is None else body}\n"

    def staged(self, *, escaped: bool) -> str:
        """The whole page as one Markdown file, for an engine that runs no plugin: its
        HTML stands in the Markdown as a block of raw HTML."""
        return self.source(escaped=escaped, body=self.html.strip() or None)


class Renderer:
    """Renders every generated page of one `SiteModel`, and the card above each note."""

    def __init__(self, site: SiteModel, links: Links | None = None,
                 env: jinja2.Environment | None = None,
                 markdown: Callable[[str], str] | None = None) -> None:
        self.site = site
        self.records = Records(site, links, markdown)
        self.env = env or environment()

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(f"coffeechat/{template}.html").render(**context)

    def pages(self) -> dict[str, GeneratedPage]:
        """Every page of `core.pages.generated_pages` but the calendar, by source path."""
        r = self.records
        fixed = {
            HOME: lambda: GeneratedPage("Coffee chats", self.render("home", page=r.home())),
            UPCOMING: lambda: GeneratedPage("Upcoming check-ins",
                                            self.render("upcoming", page=r.upcoming())),
            TARGETS: lambda: GeneratedPage("Target companies",
                                           self.render("targets", page=r.targets())),
            REFERRALS: lambda: GeneratedPage("Referrals",
                                             self.render("referrals", page=r.referrals())),
            PEOPLE: lambda: GeneratedPage("People", self.render("people", page=r.people())),
            COMPANIES: lambda: GeneratedPage("Companies",
                                             self.render("companies", page=r.companies())),
            TAGS: lambda: GeneratedPage("Tags", markdown="<!-- material/tags -->" + (
                "" if self.tagged() else "\n\n" + self.render("tags"))),
        }
        people = {self.site.person_page(c): c for c in self.site.contacts}
        companies = {self.site.company_page(c): c for c in self.site.companies}
        pages = {}
        targets = [c.target for c in self.site.companies if c.target]
        for src in generated_pages(self.site.notes, targets):
            if src in fixed:
                pages[src] = fixed[src]()
            elif src in people:
                pages[src] = self.person(people[src])
            elif src != CALENDAR:
                company = companies[src]
                # searchable when its target file says something of its own (few pages)
                target = company.target
                pages[src] = GeneratedPage(company.name, self.render(
                    "company", page=r.company(company)),
                    search=bool(target and target.body.strip()),
                    tags=target.tags if target else ())
        return pages

    def tagged(self) -> bool:
        """Whether the Tags page may list something: a tagged note or target file, or a
        hand-written page (its tags are the engine's to read)."""
        return bool(self.site.pages) or any(n.tags for n in self.site.notes) or any(
            c.target.tags for c in self.site.companies if c.target)

    def person(self, contact: Contact) -> GeneratedPage:
        """A person's page: in search, for their name, role or company, and ranked above
        the notes that name them (SPEC §6)."""
        return GeneratedPage(contact.name, self.render("person", page=self.records.person(
            contact)), boost=2)

    def note_card(self, note: Note) -> str:
        """The header card of a note's own page: who, when, prep, questions, follow-up."""
        return self.render("card", card=self.records.card(note))
