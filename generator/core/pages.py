"""The pages the site generates, by source path, and where MkDocs puts a page.

`generated_pages` is the one list of them: the checker warns about a note that would
take one's place, and the MkDocs plugin adds them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from functools import lru_cache

from .contacts import group_companies, group_contacts
from .model import Note, Target

HOME = "index.md"
UPCOMING = "upcoming/index.md"
TARGETS = "targets/index.md"
REFERRALS = "referrals/index.md"
PEOPLE = "people/index.md"
COMPANIES = "companies/index.md"
TAGS = "tags.md"
CALENDAR = "calendar.ics"

#: The fixed pages: source path → (its title in the navigation, or '' when it has no
#: place there; what it is, in a message).
FIXED_PAGES = {HOME: ("Home", "the dashboard"),
               UPCOMING: ("Upcoming check-ins", "Upcoming check-ins"),
               TARGETS: ("Targets", "the target companies page"),
               REFERRALS: ("Referrals", "the referrals page"),
               PEOPLE: ("People", "the people index"),
               COMPANIES: ("Companies", "the companies index"),
               TAGS: ("Tags", "the tags index"),
               CALENDAR: ("", "the calendar")}
NAVIGATION = {src: title for src, (title, _) in FIXED_PAGES.items() if title}


def person_page(slug: str) -> str:
    return f"people/{slug}.md"


def company_page(slug: str) -> str:
    return f"companies/{slug}.md"


def generated_pages(notes: Iterable[Note], targets: Iterable[Target] = ()) -> dict[str, str]:
    """Every page the site generates for these notes and target companies (private ones
    are left out): source path → what it is."""
    public = [n for n in notes if not n.private]
    contacts = group_contacts(public)
    pages = {src: what for src, (_, what) in FIXED_PAGES.items()}
    pages.update((person_page(c.slug), f"the page of {c.name}") for c in contacts)
    pages.update((company_page(c.slug), f"the page of {c.name}") for c in group_companies(
        public, contacts, [t for t in targets if not t.private]))
    return pages


@lru_cache(maxsize=65536)
def page_dest(src: str, *, directory_urls: bool = True) -> str:
    """The file MkDocs writes for a source path (`mkdocs.structure.files.File.dest_uri`)."""
    if not src.endswith(".md"):
        return src
    parent, filename = posixpath.split(src)
    name = filename[:-3]
    name = "index" if name == "README" else name
    if not directory_urls or name == "index":
        return posixpath.join(parent, f"{name}.html")
    return posixpath.join(parent, name, "index.html")


@lru_cache(maxsize=65536)
def page_url(src: str, *, directory_urls: bool = True) -> str:
    """The URL of a source path inside the site, as `File.url` but unquoted and '' for the
    home page: `people/jane-doe/`."""
    dest = page_dest(src, directory_urls=directory_urls)
    folder, filename = posixpath.split(dest)
    if directory_urls and filename == "index.html":
        return f"{folder}/" if folder else ""
    return dest
