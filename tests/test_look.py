"""The look of the site, measured in a real browser (issue 15, point 5): contrast in both
palettes, the activity chart on a phone, names and dates that never break mid-word, the
skip link, Home's short list of what needs attention, one set of columns on Upcoming and
the 404 page of a site served under a sub-path. (Fixtures: tests/test_browser.py.)"""

from __future__ import annotations

import functools
import textwrap
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sites import build, make_notebook
from test_browser import LUMINANCE, _page, browser, sample_url  # noqa: F401

#: The contrast of an element's text, or of its `prop` colour, with what lies behind it.
RATIO = """([el, prop]) => {
""" + LUMINANCE + """    const background = el => { for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
    const fg = lum(rgb(getComputedStyle(el)[prop || "color"])), bg = lum(background(el));
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""

ACCENT = """() => {
    const probe = document.createElement("span");
    probe.style.color = "var(--md-accent-fg-color)";
    document.querySelector("article").appendChild(probe);
    return probe;
}"""

NOTE = "2026-08-18-tom-becker-cobalt-robotics/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_links_buttons_and_the_accent_meet_their_contrast(browser: Browser,  # noqa: F811
                                                          sample_url: str,  # noqa: F811
                                                          scheme: str) -> None:
    page = _page(browser, color_scheme=scheme)
    page.goto(sample_url + NOTE)
    for selector in (".cc-card a", ".cc-card .md-button.cc-draft"):
        for element in page.locator(selector).all():
            ratio = page.evaluate(RATIO, [element.element_handle(), "color"])
            assert ratio >= 4.5, (scheme, selector, round(ratio, 2))
    draft = page.locator(".cc-card .md-button.cc-draft").first
    draft.hover()  # a hovered button's text on the button's own colour
    page.wait_for_timeout(500)  # once Material's transition is over
    assert page.evaluate(RATIO, [draft.element_handle(), "color"]) >= 4.5, scheme
    # the accent (focus ring, search highlight, the graph's nodes): 3:1 on the page
    probe = page.evaluate_handle(ACCENT)
    assert page.evaluate(RATIO, [probe, "color"]) >= 3, scheme
    page.keyboard.press("Tab")  # a keyboard user: the focus ring shows
    link = page.locator(".cc-card a").first
    link.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.evaluate(RATIO, [link.element_handle(), "outlineColor"]) >= 3, scheme
    page.goto(sample_url + "referrals/")
    for node in page.locator(".cc-graph circle").all()[:3]:
        assert page.evaluate(RATIO, [node.element_handle(), "fill"]) >= 3, scheme
    page.close()


CHART = """() => {
    const svg = [...document.querySelectorAll(".cc-activity__chart")]
        .find(s => s.getBoundingClientRect().width > 0);
    const scale = svg.getScreenCTM().a;
    const labels = [...svg.querySelectorAll("text")].map(
        t => parseFloat(getComputedStyle(t).fontSize) * scale);
    const cells = [...svg.querySelectorAll("rect")].map(r => r.getBoundingClientRect().width);
    return [Math.min(...labels), Math.min(...cells), svg.getBoundingClientRect().right];
}"""

SHADES = """() => {
""" + LUMINANCE + """    const fill = level => lum(rgb(getComputedStyle(
        document.querySelector(`.cc-activity__legend .cc-level-${level}`)).fill));
    const empty = fill(0), light = fill(1);
    return (Math.max(empty, light) + 0.05) / (Math.min(empty, light) + 0.05);
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_activity_chart_is_readable_on_a_phone(browser: Browser,  # noqa: F811
                                                   sample_url: str,  # noqa: F811
                                                   width: int) -> None:
    page = _page(browser, viewport={"width": width, "height": 844})
    page.goto(sample_url)
    label, cell, right = page.evaluate(CHART)
    assert label >= 9.5 and cell >= 10, (width, label, cell)
    assert right <= width
    # the legend says its numbers as text
    legend = page.locator(".cc-activity__legend").inner_text()
    assert all(n in legend for n in ("0", "1", "2", "3–4", "5+")), legend
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_lightest_shade_stands_out_from_an_empty_day(browser: Browser,  # noqa: F811
                                                         sample_url: str,  # noqa: F811
                                                         scheme: str) -> None:
    page = _page(browser, color_scheme=scheme)
    page.goto(sample_url)
    assert page.evaluate(SHADES) >= 3, scheme
    page.close()


#: Words of names and company names that the browser laid out on more than one line, and
#: dates laid out on more than one line.
BROKEN = """() => {
    const broken = [];
    const lines = range => new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top))).size;
    for (const el of document.querySelectorAll(".cc-who, .cc-company, .cc-rows td:first-child")) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            for (const m of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                if (lines(range) > 1) broken.push(m[0]);
            }
        }
    }
    for (const t of document.querySelectorAll("article time")) {
        const range = document.createRange(); range.selectNodeContents(t);
        if (lines(range) > 1) broken.push(t.textContent);
    }
    return broken;
}"""


@pytest.mark.parametrize("width", [390, 800, 1280])
def test_names_and_dates_never_break_mid_word(browser: Browser, sample_url: str,  # noqa: F811
                                              width: int) -> None:
    page = _page(browser, viewport={"width": width, "height": 900})
    for path in ["", "upcoming/", "people/", "companies/", "targets/", "people/priya-raman/",
                 "companies/northwind-learning/", NOTE]:
        page.goto(sample_url + path)
        assert page.evaluate(BROKEN) == [], (width, path)
    page.close()


GENERATED = ["", "upcoming/", "targets/", "referrals/", "people/", "companies/", "tags/",
             "people/priya-raman/", "companies/northwind-learning/", NOTE]


def test_every_page_has_a_skip_link_to_its_content(browser: Browser,  # noqa: F811
                                                   sample_url: str) -> None:  # noqa: F811
    page = _page(browser)
    for path in GENERATED:
        page.goto(sample_url + path)
        skip = page.locator("a.md-skip")
        expect(skip).to_have_count(1)
        target = (skip.get_attribute("href") or "").lstrip("#")
        assert target and page.locator(f"article [id='{target}']").count() == 1, path
    page.close()


def test_pages_ask_nothing_of_the_outside_and_log_no_error(browser: Browser,  # noqa: F811
                                                           sample_url: str  # noqa: F811
                                                           ) -> None:
    page = _page(browser)
    outside, errors = [], []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((sample_url, "data:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in GENERATED:
        page.goto(sample_url + path)
        page.wait_for_load_state("networkidle")
    assert outside == [] and errors == []
    page.close()


COLUMNS = """() => [...document.querySelectorAll("section.cc-bucket:not([hidden]) .cc-items")]
    .map(t => [...t.querySelectorAll("thead th")].map(th => {
        const r = th.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.width)];
    }))"""


def test_upcoming_buckets_share_one_set_of_columns(browser: Browser,  # noqa: F811
                                                   sample_url: str) -> None:  # noqa: F811
    page = _page(browser, viewport={"width": 1280, "height": 900})
    page.goto(sample_url + "upcoming/")
    tables = page.evaluate(COLUMNS)
    assert len(tables) == 4 and all(t == tables[0] for t in tables), tables
    page.close()


def _many_notebook(root: Path, count: int) -> Path:
    """`count` conversations held in November, each owing a thank-you by now."""
    notes = {f"2026-11-{day:02d}-person-{n}.md": textwrap.dedent(f"""\
        ---
        person: Person {n:02d}
        company: Company {n:02d}
        date: 2026-11-{day:02d}
        status: done
        format: video
        ---
        Body
        """) for n, day in ((n, 2 + n % 20) for n in range(count))}
    return make_notebook(root, notes)


@pytest.fixture(scope="module")
def many_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_browser import _serve

    root = _many_notebook(tmp_path_factory.mktemp("many"), 24)
    result, site = build(root)
    assert result.exit_code == 0, result.output
    yield from _serve(site)


@pytest.mark.parametrize("on", ["2026-11-26", "2026-12-20"])
def test_home_shows_the_most_urgent_and_how_many_more(browser: Browser,  # noqa: F811
                                                      many_url: str, on: str) -> None:
    page = _page(browser, on=on)  # on a later day too: the page script keeps the limit
    page.goto(many_url)
    rows = page.locator(".cc-home tr.cc-item:not([hidden])")
    expect(rows).to_have_count(10)
    dues = [r.get_attribute("data-due") for r in rows.all()]
    assert dues == sorted(dues)  # the earliest due: the most urgent
    more = page.locator(".cc-more-urgent")
    expect(more).to_be_visible()
    expect(more.locator("a")).to_have_text("14 more in Upcoming check-ins")
    more.locator("a").click()
    page.wait_for_url("**/upcoming/")
    page.close()


def test_home_with_few_urgent_items_has_no_more_link(browser: Browser,  # noqa: F811
                                                     sample_url: str) -> None:  # noqa: F811
    page = _page(browser)
    page.goto(sample_url)
    expect(page.locator(".cc-home tr.cc-item:not([hidden])")).to_have_count(9)
    expect(page.locator(".cc-more-urgent")).to_be_hidden()
    page.close()


class _SubPath(SimpleHTTPRequestHandler):
    """A site served under /sub/, as GitHub Pages serves a project site: a missing page
    gets the site's 404.html."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        return super().translate_path(path[4:]) if path.startswith("/sub/") else "/nowhere"

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_the_404_page_works_under_a_sub_path(browser: Browser, tmp_path: Path) -> None:  # noqa: F811
    root = _many_notebook(tmp_path, 2)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_url: https://example.github.io/sub/\n")
    result, site = build(root)
    assert result.exit_code == 0, result.output
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_SubPath, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/sub/"
    page = _page(browser)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(base + "no/such/page/")
        page.wait_for_load_state("networkidle")
        assert failed == [base + "no/such/page/"]  # the page itself, and nothing it needs
        expect(page.locator("article h1")).to_have_text("404 - Not found")
        page.locator(".md-nav__link", has_text="Upcoming check-ins").first.click()
        page.wait_for_url(base + "upcoming/")
        expect(page.locator("article h1")).to_have_text("Upcoming check-ins")
    finally:
        page.close()
        server.shutdown()
        server.server_close()
