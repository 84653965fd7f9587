"""Search finds people (SPEC §6): a search for a name, a role or a company lands on the
person's page, and a result's excerpt reads as text, never as table cells glued together.

The sample notebook, with a private note about one of its people, is built once per engine
(module-scoped): `coffeechat build` (MkDocs, Material's `search/search_index.json`) and
`coffeechat build --engine zensical` (Zensical's `search.json`). The indexes are read as
they are written; then Material's own search box is used in Chromium.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import Browser, expect
from sites import ROOT, build
from test_browser import _serve, browser  # noqa: F401 (a fixture)

MARKER = "PRIVATE-SEARCH-MARKER-51c2"
#: A private note about a public person: none of its values may reach her page or search.
PRIVATE = f"""\
---
person: Priya Raman
company: Hidden Works
role: Undercover Recruiter
date: 2026-11-20
status: done
private: true
---
## What I learned

{MARKER}: nothing of this note may be found.
"""
#: What the sample's private notes hold that no public note says.
SECRETS = (MARKER, "Hidden Works", "Undercover Recruiter", "Jordan Smith", "Quill Publishing")
#: Elements whose text is one cell of a table, a term or its definition, or a list item.
CELLS = ("th", "td", "dt", "dd", "li")


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    company: str
    page: str  # the page's location in the search index


@dataclass(frozen=True)
class Indexed:
    site: Path
    entries: list[dict[str, str]]  # location, title, text: as the engine wrote them

    def at(self, page: str) -> list[dict[str, str]]:
        """The entries of one page (its own, and its sections')."""
        return [e for e in self.entries if e["location"].split("#")[0] == page]


def _notebook(root: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("notes", "site_theme"):
        shutil.copytree(ROOT / name, root / name)
    (root / "notes" / "2026-11-20-priya-raman-hidden-works.md").write_text(PRIVATE)
    return root


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    root = _notebook(tmp_path_factory.mktemp("search"))
    result, site = build(root)
    assert result.exit_code == 0, result.output
    index = json.loads((site / "search" / "search_index.json").read_text())
    return Indexed(site, index["docs"])


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    root = _notebook(tmp_path_factory.mktemp("search-zensical"))
    result, site = build(root, "--engine", "zensical")
    assert result.exit_code == 0, result.output
    return Indexed(site, json.loads((site / "search.json").read_text())["items"])


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def indexed(request: pytest.FixtureRequest) -> Indexed:
    return request.getfixturevalue(f"{request.param}_site")


def _people(site: Path) -> list[Person]:
    """Everyone on the People page, as it shows them: name, role, company, page."""
    soup = BeautifulSoup((site / "people" / "index.html").read_text(), "html.parser")
    people = []
    for row in soup.select(".cc-people tbody tr"):
        who, role, company = (td.get_text(" ", strip=True) for td in row.select("td")[:3])
        href = row.select_one("td a")["href"]  # relative to people/
        people.append(Person(who, role, company, posixpath.normpath(f"people/{href}") + "/"))
    return people


def _plain(text: str) -> str:
    """An entry's text as its excerpt reads: the markup it keeps (paragraphs, list items)
    is a break between words."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("&amp;", "&")


def _words(element: Tag) -> list[str]:
    return element.get_text(" ", strip=True).split()


def _neighbours(html: str) -> Iterator[tuple[str, str]]:
    """Each pair of words of a page that a reader sees apart, being in neighbouring cells,
    terms, definitions or list items, or on either side of a line break."""
    soup = BeautifulSoup(html, "html.parser")
    for cell in soup.find_all(CELLS):
        after = cell.find_next_sibling()
        if after is not None and after.name in CELLS and _words(cell) and _words(after):
            yield _words(cell)[-1], _words(after)[0]
    for br in soup.find_all("br"):
        before = br.find_previous(string=lambda s: bool(s.strip()))
        after = br.find_next(string=lambda s: bool(s.strip()))
        if before and after:
            yield before.split()[-1], after.split()[0]


def _glued(indexed: Indexed) -> tuple[int, list[tuple[str, str]]]:
    """How many pairs of neighbouring words were looked for, and those found glued
    together in the search text of their own page."""
    pairs, glued = 0, []
    for path in sorted(indexed.site.rglob("index.html")):
        page = path.parent.relative_to(indexed.site).as_posix() + "/"
        page = "" if page == "./" else page
        text = " ".join(_plain(e["text"]) for e in indexed.at(page))
        for left, right in set(_neighbours(path.read_text())):
            pairs += 1
            if left + right in text:
                glued.append((page, left + right))
    return pairs, glued


def test_each_person_is_found_on_their_own_page(indexed: Indexed) -> None:
    people = _people(indexed.site)
    assert len(people) == 13
    for person in people:
        entries = indexed.at(person.page)
        assert entries, f"{person.name} ({person.page}) is not in the search index"
        top = entries[0]
        assert top["title"] == person.name
        text = _plain(top["text"])
        assert f"{person.role} at {person.company}" in text, (person, text)


def test_what_you_learned_is_found_on_the_persons_page(indexed: Indexed) -> None:
    text = " ".join(_plain(e["text"]) for e in indexed.at("people/marcus-chen/"))
    assert "PMs write the first draft of every course" in text
    assert "What I learned Customer education sits inside product" in text


def test_no_private_note_reaches_the_index(indexed: Indexed) -> None:
    everything = json.dumps(indexed.entries, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in everything
    assert not any("jordan-smith" in e["location"] for e in indexed.entries)


def test_no_cells_glued_together(indexed: Indexed) -> None:
    pairs, glued = _glued(indexed)
    assert pairs > 500  # the pages' tables, facts and lists were all looked at
    assert glued == []
    for entry in indexed.entries:  # the headers of the People page, of every agenda
        assert not re.search(r"PersonRole|RoleCompany|CompanyConversations|DueWhen|WhenWhat",
                             entry["text"]), entry


def test_the_index_pages_leave_their_rows_to_the_pages_they_list(indexed: Indexed) -> None:
    for page in ("people/", "companies/"):
        (entry,) = indexed.at(page)
        assert entry["text"] == ""


@pytest.fixture(scope="module")
def search_url(mkdocs_site: Indexed) -> Iterator[str]:
    yield from _serve(mkdocs_site.site)


@pytest.mark.parametrize("query", ["Marcus Chen", "Customer Education", "Lumen Energy"])
def test_the_search_box_leads_to_the_person(browser: Browser,  # noqa: F811
                                            search_url: str, query: str) -> None:
    page = browser.new_page()  # the real clock: under a fixed one, the results never show
    page.goto(search_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item")
    result = results.filter(has=page.locator("a[href*='/people/marcus-chen/']")).first
    expect(result).to_be_visible(timeout=15_000)
    if query == "Marcus Chen":  # above the notes that name him
        expect(results.first).to_contain_text("Product Manager")
    excerpt = result.locator("article").first.inner_text()
    assert "Product Manager, Customer Education at Lumen Energy" in excerpt
    assert not re.search(r"[a-z][A-Z]|\d[A-Za-z]", excerpt.replace("LinkedIn", "")), excerpt
    result.locator("a").first.click()
    page.wait_for_url(re.compile(r"/people/marcus-chen/(\?|$)"))
    expect(page.locator("article h1")).to_have_text("Marcus Chen")
    page.close()
