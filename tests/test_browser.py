"""The built site in a real headless Chromium (Debian's), driven by Playwright.

The site is served over HTTP on the loopback address (Material's search runs in a web
worker, which needs it). There is no skip: without Chromium these tests fail.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
import zlib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sites import ROOT, build, make_notebook
from test_site import HOSTILE

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"]


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert path, "Debian's chromium is needed for the browser tests: apt-get install chromium"
    return path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    result, site = build(ROOT, site=tmp_path_factory.mktemp("browser") / "site")
    assert result.exit_code == 0, result.output
    yield from _serve(site)


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_notebook(tmp_path_factory.mktemp("hostile"), {"evil.md": HOSTILE})
    result, site = build(root)
    assert result.exit_code == 0, result.output
    yield from _serve(site)


def _page(browser: Browser, *, on: str = "2026-11-26", **options: object) -> Page:
    """A page whose clock says `on` (the reader's own date, for the live dates)."""
    page = browser.new_page(**options)  # type: ignore[arg-type]
    page.add_init_script(f"""
        window.__pwned = 0;
        window.alert = () => {{ window.__pwned = 'alert'; }};
        const RealDate = Date;
        const fixed = new RealDate('{on}T12:00:00').getTime();
        window.Date = class extends RealDate {{
            constructor(...args) {{ super(...(args.length ? args : [fixed])); }}
            static now() {{ return fixed; }}
        }};
    """)
    return page


def test_upcoming_lists_items_under_their_headings(browser: Browser, sample_url: str) -> None:
    page = _page(browser)
    page.goto(sample_url + "upcoming/")
    headings = page.locator("article h2").all_inner_texts()
    assert headings == ["Overdue (5)", "Next 7 days (4)", "Next 30 days (2)", "Later (3)"]
    overdue = page.locator("section[data-bucket=overdue] tr.cc-item")
    assert overdue.count() == 5
    expect(overdue.nth(0)).to_contain_text("Tom Becker")
    expect(overdue.nth(0)).to_contain_text("14 days overdue")
    expect(overdue.nth(1)).to_contain_text("Omar Haddad")
    expect(overdue.nth(1)).to_contain_text("Try another")
    expect(overdue.nth(2)).to_contain_text("Marcus Chen")
    later = page.locator("section[data-bucket=later] tr.cc-item")
    expect(later.nth(0)).to_contain_text("Raj Patel")
    page.close()


def test_a_click_on_an_item_reaches_its_note(browser: Browser, sample_url: str) -> None:
    page = _page(browser)
    page.goto(sample_url + "upcoming/")
    row = page.locator("tr.cc-item", has_text="Tom Becker")
    row.get_by_role("link", name="Note").click()
    page.wait_for_url("**/2026-08-18-tom-becker-cobalt-robotics/")
    expect(page.locator("article h1")).to_have_text("Tom Becker · Cobalt Robotics · 2026-08-18")
    expect(page.locator(".cc-card")).to_contain_text("Director of Training at Cobalt Robotics")
    page.go_back()
    page.locator("tr.cc-item", has_text="Tom Becker").get_by_role("link",
                                                                  name="Tom Becker").click()
    page.wait_for_url("**/people/tom-becker/")
    expect(page.locator("article")).to_contain_text("Next check-in: 2026-11-12")
    page.close()


def test_search_finds_a_company(browser: Browser, sample_url: str) -> None:
    page = _page(browser)
    page.goto(sample_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("Brightpath", delay=30)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document",
                                                                     timeout=15_000)
    expect(page.locator(".md-search-result__list")).to_contain_text("Brightpath Health")
    page.close()


def _buckets(page: Page) -> dict[str, list[tuple[str, str]]]:
    """The upcoming page as the reader sees it: bucket → (person, kind) of each item."""
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll("section.cc-bucket")].filter(s => !s.hidden).map(s => [
            s.dataset.bucket + " " + s.querySelector("h2").innerText,
            [...s.querySelectorAll("tr.cc-item")].map(r => [
                r.querySelector(".cc-who").innerText, r.dataset.kind])]))""")


def test_a_stale_page_moves_items_to_where_they_are_due_today(browser: Browser,
                                                             sample_url: str) -> None:
    page = _page(browser, on="2026-12-05")  # built on 2026-11-26, read nine days later
    page.goto(sample_url + "upcoming/")
    tom = page.locator("tr.cc-item", has_text="Tom Becker")
    expect(tom.locator(".cc-when")).to_have_text("23 days overdue")
    assert _buckets(page) == {
        "overdue Overdue (10)": [
            ["Tom Becker", "check-in"], ["Omar Haddad", "try-another"],
            ["Marcus Chen", "thank-you"], ["Omar Haddad", "follow-up"],
            ["Ines Duarte", "reach-out"], ["Grace Liu", "try-another"],  # Leo waits his turn
            # the chats of 11-30 and 12-01 passed: did they happen?
            ["Sofía Hernández", "confirm"], ["Dana Okafor", "confirm"],
            ["Kim Park", "reach-out"], ["Grace Liu", "follow-up"]],
        "next-30-days Next 30 days (1)": [["Amara Nwosu", "interview"]],
        "later Later (3)": [["Raj Patel", "check-in"], ["Priya Raman", "check-in"],
                            ["Marcus Chen", "check-in"]],
    }
    dana = page.locator("tr.cc-item", has_text="Dana Okafor")
    expect(dana.locator(".cc-badge")).to_have_text("Confirm")
    assert "cc-overdue" in (dana.get_attribute("class") or "")
    expect(page.locator(".cc-computed")).to_have_attribute("data-stale", "true")
    expect(page.locator(".cc-computed")).to_contain_text("built on another day")
    page.goto(sample_url)
    expect(page.locator('[data-tile="overdue"]')).to_have_text("10 items overdue")
    shown = page.locator(".cc-home tr.cc-item:not([hidden]) .cc-who").all_inner_texts()
    assert shown == ["Tom Becker", "Omar Haddad", "Marcus Chen", "Omar Haddad", "Ines Duarte",
                     "Grace Liu", "Sofía Hernández", "Dana Okafor", "Kim Park", "Grace Liu"]
    page.close()


def test_a_page_read_on_its_day_is_not_stale(browser: Browser, sample_url: str) -> None:
    page = _page(browser)
    page.goto(sample_url + "upcoming/")
    assert page.locator(".cc-computed").get_attribute("data-stale") is None
    assert list(_buckets(page)) == ["overdue Overdue (5)", "this-week Next 7 days (4)",
                                    "next-30-days Next 30 days (2)", "later Later (3)"]
    page.close()


PAGES = ["", "upcoming/", "targets/", "referrals/", "people/", "companies/",
         "people/priya-raman/",
         "people/omar-haddad/", "companies/northwind-learning/",
         "2026-10-02-priya-raman-northwind-learning/", "2026-11-16-omar-haddad-northwind-learning/"]
WIDEST = """() => Math.max(document.documentElement.scrollWidth,
    ...[...document.querySelectorAll("article *")].map(e => e.getBoundingClientRect().right))"""


def test_at_phone_width_nothing_scrolls_sideways(browser: Browser, sample_url: str) -> None:
    page = _page(browser, viewport={"width": 390, "height": 844})
    for path in PAGES:
        page.goto(sample_url + path)
        assert page.evaluate(WIDEST) <= 390, path
        for row in page.locator("tr.cc-item:not([hidden])").all():
            for cell in (".cc-due", ".cc-what", ".cc-when", ".cc-links"):
                box = row.locator(cell).bounding_box()
                assert box and box["width"] > 0 and box["x"] >= 0 and \
                    box["x"] + box["width"] <= 390, (path, cell)
            who = row.locator(".cc-who, .cc-company").first.bounding_box()
            assert who and who["x"] + who["width"] <= 390, path
    page.close()


@pytest.mark.parametrize(("paper", "width"), [("A4", 794), ("Letter", 816)])
def test_printed_nothing_is_clipped(browser: Browser, sample_url: str, paper: str,
                                    width: int) -> None:
    page = _page(browser, viewport={"width": width, "height": 1100})
    page.emulate_media(media="print")
    for path in ["", "upcoming/", "targets/", "people/priya-raman/",
                 "companies/northwind-learning/"]:
        page.goto(sample_url + path)
        assert page.evaluate(WIDEST) <= width, (paper, path)
        for hidden in (".md-header", ".cc-links", ".cc-recomputed", ".cc-draft"):
            assert not page.locator(hidden).first.is_visible(), (paper, path, hidden)
        for h2 in page.locator("article h2").all():
            assert h2.evaluate("h => getComputedStyle(h).breakAfter") == "avoid"
        assert page.pdf(format=paper)[:4] == b"%PDF"
    page.close()


#: Relative luminance of a CSS colour (WCAG 2), for the contrast tests.
LUMINANCE = """
    const rgb = c => c.match(/[\\d.]+/g).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
"""

CONTRAST = """() => {
""" + LUMINANCE + """    const background = el => { for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
    const selectors = [".cc-badge", ".cc-overdue .cc-when", ".cc-computed", ".cc-learned",
                       ".cc-details", ".cc-who a"];
    return selectors.flatMap(s => [...document.querySelectorAll(s)].map(el => {
        const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
        return [s, (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)]; }));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_and_badges_meet_wcag_aa_contrast(browser: Browser, sample_url: str,
                                               scheme: str) -> None:
    page = _page(browser, color_scheme=scheme)
    checked = set()
    for path in ["", "upcoming/", "targets/", "people/priya-raman/", "people/omar-haddad/",
                 "companies/northwind-learning/"]:
        page.goto(sample_url + path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == (
            "slate" if scheme == "dark" else "default")
        for selector, ratio in page.evaluate(CONTRAST):
            assert ratio >= 4.5, (scheme, path, selector, round(ratio, 2))
            checked.add(selector)
    assert {".cc-badge", ".cc-overdue .cc-when", ".cc-computed"} <= checked
    page.close()


CHART = """() => {
""" + LUMINANCE + """    const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
    return [1, 2, 3, 4].map(level => {
        const cell = document.querySelector(`.cc-activity__legend .cc-level-${level}`);
        const fill = lum(rgb(getComputedStyle(cell).fill));
        return [level, fill, (Math.max(fill, page) + 0.05) / (Math.min(fill, page) + 0.05)];
    });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_activity_shades_stand_out_in_both_palettes(browser: Browser, sample_url: str,
                                                        scheme: str) -> None:
    page = _page(browser, color_scheme=scheme)
    page.goto(sample_url)
    shades = page.evaluate(CHART)
    # every shade with activity is a graphic at 3:1 against the page (WCAG 1.4.11), and
    # each is further from the page than the one before it
    assert all(ratio >= 3 for _, _, ratio in shades), (scheme, shades)
    ratios = [ratio for _, _, ratio in shades]
    assert ratios == sorted(ratios), (scheme, shades)
    cells = page.locator(".cc-activity__chart--wide rect")
    assert cells.count() == 361
    assert page.locator(".cc-activity__chart--wide rect[data-count='0']").count() < 361
    page.close()


def test_hostile_values_run_no_script_and_show_literally(browser: Browser,
                                                         hostile_url: str) -> None:
    page = _page(browser)
    for path in ["", "upcoming/", "people/", "companies/", "tags/", "evil/",
                 "people/img-src-x-onerror-window-__pwned-1/"]:
        response = page.goto(hostile_url + path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") == 0, path
    page.goto(hostile_url + "evil/")
    expect(page.locator(".cc-card")).to_contain_text('<img src=x onerror="window.__pwned=1">')
    expect(page.locator(".cc-card")).to_contain_text("A | B <script>")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("onerror", delay=30)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document",
                                                                     timeout=15_000)
    expect(page.locator(".md-search-result__list")).to_contain_text("<img src=x")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") == 0
    page.close()


def _png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """A PNG's width, height and (filtered) pixel rows, read with zlib alone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:8], "big")
    channels = {2: 3, 6: 4}[header[9]]
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    return width, height, [raw[i:i + stride] for i in range(0, len(raw), stride)]


def test_screenshot_of_the_upcoming_page_shows_the_agenda(browser: Browser, sample_url: str
                                                          ) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(sample_url + "upcoming/")
    full = page.evaluate("document.documentElement.scrollHeight")
    width, height, rows = _png_rows(page.screenshot(full_page=True))
    assert (width, height) == (1280, full)
    assert len(set(rows)) > 100  # text, badges and rules: not a blank or uniform page
    agenda = page.locator(".cc-items").first
    _, table_height, table_rows = _png_rows(agenda.screenshot())
    assert abs(table_height - agenda.bounding_box()["height"]) < 2  # type: ignore[index]
    assert len(set(table_rows)) > table_height // 3  # rows of text, not an empty box
    page.close()
