"""SPEC §6: the site, built with real MkDocs and Material, asserted on its HTML."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import icalendar
import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from sites import ROOT, TODAY, build, make_notebook, site_texts

from generator.cli import cli
from generator.site.views import Links

HOSTILE = """
---
person: <img src=x onerror="window.__pwned=1">
company: A | B <script>window.__pwned=2</script>
date: 2026-11-20
role: "**bold** [link](javascript:alert(1))"
email: evil@example.com
linkedin: "javascript:window.__pwned=3//linkedin.com/in/x"
tags: ["<b>tag</b>"]
prep:
  company: "<iframe src=x></iframe>"
questions: ["<svg onload=window.__pwned=4>"]
follow_up:
  check_ins:
    - date: 2026-11-22
      note: "</li><script>window.__pwned=5</script>"
---
The body is the user's own Markdown.
"""

HOSTILE_TARGET = """
---
kind: company
company: A | B <script>window.__pwned=2</script>
motivation: 3
website: "javascript:window.__pwned=6"
tags: ["<b>tag</b>"]
---
What I know.
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "site"
    result = CliRunner().invoke(cli, ["build", "--notes", str(ROOT / "notes"), "--config",
                                      str(ROOT / "mkdocs.yml"), "--today", TODAY,
                                      "--site-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(), "html.parser")


def _rows(scope: Tag) -> list[tuple[str, str, str]]:
    """(kind, due, person's page) of each agenda item in `scope`; the name of someone with
    no page yet."""
    return [(row["data-kind"], row["data-due"],
             link["href"].rstrip("/").rsplit("/", 1)[-1]
             if (link := row.select_one(".cc-who a")) else row.select_one(".cc-who").text)
            for row in scope.select("tr.cc-item")]


def test_sample_site_has_every_page(sample: Path) -> None:
    for page in ["index.html", "upcoming/index.html", "people/index.html",
                 "companies/index.html", "tags/index.html", "calendar.ics",
                 "people/priya-raman/index.html", "companies/northwind-learning/index.html",
                 "about/index.html", "2026-10-02-priya-raman-northwind-learning/index.html",
                 "search/search_index.json", "sitemap.xml"]:
        assert (sample / page).is_file(), page


def test_upcoming_page_groups_items_by_bucket(sample: Path) -> None:
    soup = _soup(sample, "upcoming/index.html")
    (computed,) = soup.select(".cc-computed")
    assert computed["data-today"] == "2026-11-26"
    assert computed.time["datetime"] == "2026-11-26"
    assert "Computed for 2026-11-26 (Thursday)." in computed.get_text(" ", strip=True)
    sections = {s["data-bucket"]: s for s in soup.select("section.cc-bucket")}
    assert list(sections) == ["overdue", "this-week", "next-30-days", "later"]
    assert {b: _rows(s) for b, s in sections.items()} == {
        "overdue": [("check-in", "2026-11-12", "tom-becker"),
                    ("try-another", "2026-11-19", "omar-haddad"),
                    ("thank-you", "2026-11-25", "marcus-chen"),
                    ("follow-up", "2026-11-25", "omar-haddad"),
                    ("reach-out", "2026-11-25", "Ines Duarte")],  # suggested by Marcus
        "this-week": [("try-another", "2026-11-30", "grace-liu"),  # Leo waits his turn
                      ("interview", "2026-11-30", "sofia-hernandez"),
                      ("interview", "2026-12-01", "dana-okafor"),
                      ("reach-out", "2026-12-02", "kim-park")],
        "next-30-days": [("follow-up", "2026-12-04", "grace-liu"),
                         ("interview", "2026-12-15", "amara-nwosu")],
        "later": [("check-in", "2027-01-12", "raj-patel"),
                  ("check-in", "2027-02-10", "priya-raman"),
                  ("check-in", "2027-02-24", "marcus-chen")],
    }
    assert [s.h2.get_text() for s in sections.values()] == [
        "Overdue (5)", "Next 7 days (4)", "Next 30 days (2)", "Later (3)"]
    # when and how you last talked, and the note's link
    tom, omar, marcus, _, ines = sections["overdue"].select("tr.cc-item")
    # someone suggested in a conversation has no page yet: a name, not a link
    assert ines.select_one(".cc-who a") is None
    assert ines.select_one(".cc-company a")["href"] == "../companies/lumen-energy/"
    assert ines.select_one(".cc-details").get_text() == (
        "reach out to Ines Duarte, suggested by Marcus Chen; then: coffeechat reach "
        "'Ines Duarte'")
    assert omar.select_one(".cc-details").get_text() == (
        "no reply since 2026-11-16: write to the next contact at Northwind Learning: "
        "Leo Martin")
    assert tom.select_one(".cc-details").get_text() == (
        "last talked 2026-08-18 (coffee chat), last contact 2026-10-01")
    assert marcus.select_one(".cc-details").get_text() == "after your phone call on 2026-11-24"
    assert tom.select_one(".cc-links a")["href"] == "../2026-08-18-tom-becker-cobalt-robotics/"


def test_draft_email_links_are_encoded_drafts(sample: Path) -> None:
    html = (sample / "upcoming/index.html").read_text()
    links = [m.replace("&amp;", "&") for m in re.findall(r'href="(mailto:[^"]*)"', html)]
    assert len(links) == 5  # two overdue, three later check-ins; interviews have none
    thanks = urlsplit(links[1])
    assert thanks.path == ""  # no address: contact details are not shown
    query = parse_qs(thanks.query)
    assert query["subject"] == ["Thank you for the call"]
    assert query["body"][0].startswith("Hi Marcus,\n\nThank you for taking the time to talk "
                                       "with me on Tuesday, November 24.")
    check_in = parse_qs(urlsplit(links[0]).query)
    assert check_in["subject"] == ["Checking in from our conversation about Cobalt Robotics"]
    assert "[news about Cobalt Robotics]" in check_in["body"][0]
    assert " " not in links[0] and "\n" not in links[0]


def test_note_page_has_a_header_card(sample: Path) -> None:
    soup = _soup(sample, "2026-10-02-priya-raman-northwind-learning/index.html")
    card = soup.select_one(".cc-card")
    assert "Senior Learning Experience Designer at" in card.select_one(".cc-card__who").text
    assert card.select_one("details.cc-prep summary").get_text() == "Prep 6/6"
    assert "Which part of the case study is weakest?" in card.select_one(".cc-questions").text
    timeline = [(li.time["datetime"] if li.time else None,
                 li.get_text(" ", strip=True).removeprefix(li.time.text if li.time else "")
                 .strip()) for li in card.select(".cc-followup li")]
    assert timeline == [
        ("2026-10-02", "conversation"), ("2026-10-03", "thank-you sent"),
        ("2026-11-10", "check-in: Congratulated her on the assessment squad launch; asked "
                       "about the January roles."),
        ("2027-02-10", "next check-in")]
    (draft,) = card.select(".cc-card__drafts a")
    assert draft.text == "Draft the check-in email" and draft["href"].startswith("mailto:")
    older = _soup(sample, "2026-06-10-priya-raman-northwind-learning/index.html")
    last = older.select(".cc-followup li")[-1]
    assert last.get_text(" ", strip=True) == "later: the latest conversation"
    assert last.a["href"] == "../2026-10-02-priya-raman-northwind-learning/"
    # the date tells two notes with the same person apart, in the title, search and tags
    assert soup.title.text == "Priya Raman · Northwind Learning · 2026-10-02 - My coffee chats"
    index = json.loads((sample / "search/search_index.json").read_text())
    titles = {d["title"] for d in index["docs"] if "Priya Raman" in d["title"]}
    assert {"Priya Raman · Northwind Learning · 2026-10-02",
            "Priya Raman · Northwind Learning · 2026-06-10"} <= titles


def test_dashboard(sample: Path) -> None:
    soup = _soup(sample, "index.html")
    home = soup.select_one(".cc-home")
    shown = [row for row in home.select("tr.cc-item") if not row.has_attr("hidden")]
    assert _rows(BeautifulSoup("".join(map(str, shown)), "html.parser")) == [
        ("check-in", "2026-11-12", "tom-becker"), ("try-another", "2026-11-19", "omar-haddad"),
        ("thank-you", "2026-11-25", "marcus-chen"), ("follow-up", "2026-11-25", "omar-haddad"),
        ("reach-out", "2026-11-25", "Ines Duarte"), ("try-another", "2026-11-30", "grace-liu"),
        ("interview", "2026-11-30", "sofia-hernandez"),
        ("interview", "2026-12-01", "dana-okafor"),
        ("reach-out", "2026-12-02", "kim-park")]  # overdue, and this week
    tiles = [tile.get_text(" ", strip=True) for tile in home.select(".cc-tile")]
    assert tiles == ["6 conversations held", "3 chats planned", "2 messages awaiting a reply",
                     "13 people", "9 companies", "1 thank-you owed", "5 items overdue"]
    recent = home.select(".cc-recent li")
    assert len(recent) == 6
    assert recent[0].select_one(".cc-learned").text == (
        "Customer education sits inside product at Lumen; PMs write the first draft of every "
        "course.")


def test_person_page_reads_like_a_contact_record(sample: Path) -> None:
    soup = _soup(sample, "people/priya-raman/index.html")
    page = soup.select_one(".cc-person")
    assert page.select_one(".cc-facts").get_text(" ", strip=True).startswith(
        "Senior Learning Experience Designer at Northwind Learning · LinkedIn")
    met = page.select_one(".cc-met")
    assert "Introduced by Maya Goldberg" in met.text
    assert [a["href"] for a in met.select("a")] == ["../../people/marcus-chen/"]  # introduced
    assert page.select_one(".cc-next").text.startswith("Next check-in: 2027-02-10.")
    # no column repeats her own name
    assert [th.text for th in page.select(".cc-items th")] == [
        "Due", "When", "What", "Company", "Details", "Links"]
    events = [li.get_text(" ", strip=True)[:40] for li in page.select(".cc-timeline > li")]
    assert events[:3] == ["2026-11-10 Checked in: Congratulated her", "2026-10-03 Thank-you sent",
                          "2026-10-02 Video call at Northwind Learn"]
    learned = page.select(".cc-timeline .cc-highlights")[0]
    assert [dt.text for dt in learned.select("dt")] == ["What I learned", "Promises made"]
    marcus = _soup(sample, "people/marcus-chen/index.html").select_one(".cc-met")
    assert marcus.a["href"] == "../../people/priya-raman/"  # introduced by Priya: linked


def test_company_page_shows_what_you_wrote_and_who_is_there(sample: Path) -> None:
    page = _soup(sample, "companies/northwind-learning/index.html").select_one(
        ".cc-company-page")
    assert [th.text for th in page.select(".cc-items th")] == [
        "Due", "When", "What", "Who", "Details", "Links"]
    members = page.select(".cc-members tbody tr")
    assert [(m.select_one(".cc-who").text, m.select_one(".cc-badge").text) for m in members] \
        == [("Leo Martin", "lead"), ("Omar Haddad", "asked"), ("Priya Raman", "done")]
    omar = members[1].select_one("[data-label=Outreach]").get_text(" ", strip=True)
    assert omar == "sent 2026-11-16 waiting"  # a curmudgeon after 7 + 3 business days
    # its target file: scores, gaps in words, and the file's own text (not the prep answers)
    facts = page.select_one(".cc-facts").get_text(" ", strip=True)
    assert facts.startswith("active in play · motivation 3 of 3 · posting 2 of 3 · someone")
    assert page.select_one(".cc-gaps").text == "2 conversations"  # motivation said once
    assert "the design team grew from 6 to 11" in page.select_one(".cc-about").get_text(
        " ", strip=True).replace("\n", " ")
    assert page.select_one(".cc-written") is None


def test_a_company_page_without_a_file_shows_the_prep_answers(sample: Path) -> None:
    page = _soup(sample, "companies/cobalt-robotics/index.html").select_one(
        ".cc-company-page")
    written = page.select_one(".cc-written")
    questions = [dt.text for dt in written.select("dt")]
    assert questions[0] == "Do I know about this company?"
    dates = [dd.time["datetime"] for dd in written.select("dd")]
    assert dates == sorted(dates, reverse=True)  # latest first
    assert page.select_one(".cc-gaps") is None


def test_targets_page_lists_the_companies_in_play_first(sample: Path) -> None:
    soup = _soup(sample, "targets/index.html")
    assert [a.get_text(strip=True) for a in soup.select(".md-nav--primary .md-nav__link")][:3] == [
        "Home", "Upcoming check-ins", "Targets"]
    page = soup.select_one(".cc-targets")
    assert [h2["id"] for h2 in page.select("h2")] == ["in-play", "other-targets", "from-notes"]
    in_play = page.select(".cc-lamp--in-play tbody tr")
    assert [row.select_one(".cc-who a").get_text() for row in in_play] == [
        "Lumen Energy", "Northwind Learning", "Brightpath Health"]
    assert all("cc-target--in-play" in row["class"] for row in in_play)
    assert [a["href"] for a in (row.select_one(".cc-who a") for row in in_play)] == [
        "../companies/lumen-energy/", "../companies/northwind-learning/",
        "../companies/brightpath-health/"]
    northwind = in_play[1]
    assert northwind.select_one(".cc-gaps").get_text() == "motivation 3, 2 conversations"
    assert northwind.select_one("[data-label='Next step']").get_text(" ", strip=True) == (
        "Try another Omar Haddad , 2026-11-19")
    harbor = page.select_one("#other-targets + table tbody tr")
    assert harbor.select_one(".cc-gaps").get_text() == (
        "motivation 1, watching, no conversation yet")  # Elena answered, then cancelled
    # the same list, in the same order, as `coffeechat targets`
    cli_order = [c["company"] for c in json.loads(CliRunner().invoke(cli, [
        "targets", "--format", "json", "--notes", str(ROOT / "notes"), "--config",
        str(ROOT / "mkdocs.yml"), "--today", TODAY]).output)["companies"]]
    site_order = [a.get_text() for a in page.select(".cc-lamp .cc-who a")]
    assert site_order == [c for c in cli_order if c != "Quill Publishing"]  # private


def test_a_company_file_is_shown_on_its_company_page_only(sample: Path) -> None:
    assert not (sample / "targets" / "lumen-energy").exists()
    assert sorted(p.name for p in (sample / "targets").iterdir()) == ["index.html"]
    index = json.loads((sample / "search/search_index.json").read_text())
    found = {d["location"].split("#")[0] for d in index["docs"]
             if "installer course is the closest" in d["text"]}
    assert found == {"companies/lumen-energy/"}  # searchable, on its company's page only
    tags = BeautifulSoup((sample / "tags/index.html").read_text(), "html.parser")
    assert "Lumen Energy" in tags.get_text()  # a target file's tags tag its company page
    lumen = _soup(sample, "companies/lumen-energy/index.html").select_one(".cc-about")
    assert lumen.select_one("strong").get_text() == "Customer Education Specialist"


def test_a_private_target_file_leaves_no_trace(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {"t/secret.md": """
        ---
        kind: company
        company: Secret Startup
        private: true
        ---
        Stealth mode.
        """})
    result, site = build(book)
    assert result.exit_code == 0, result.output
    for path, text in site_texts(site).items():
        assert "Secret" not in text and "Stealth" not in text, path


def test_private_note_leaves_no_trace(sample: Path) -> None:
    for path, text in site_texts(sample).items():
        for trace in ("Jordan", "Quill", "jordan-smith", "quill-publishing",
                      "family friend"):
            assert trace not in text, (path, trace)


def test_contact_details_only_when_enabled(sample: Path, tmp_path: Path) -> None:
    texts = site_texts(sample)
    assert not any("@northwind.example" in t for t in texts.values())
    assert any("linkedin.com/in/priya-raman-lxd" in t for t in texts.values())
    book = make_notebook(tmp_path, {"a.md": """
        ---
        person: Jane Doe
        company: Acme
        date: 2026-11-20
        email: jane@acme.example
        phone: "+1 555 0100"
        ---
        """}, options="show_contact_details: true")
    result, site = build(book)
    assert result.exit_code == 0, result.output
    upcoming = (site / "upcoming/index.html").read_text()
    assert 'href="mailto:jane@acme.example?subject=' in upcoming
    assert "+1 555 0100" in (site / "people/jane-doe/index.html").read_text()


def test_front_matter_values_are_escaped(tmp_path: Path) -> None:
    result, site = build(make_notebook(tmp_path, {"evil.md": HOSTILE,
                                                  "targets/evil.md": HOSTILE_TARGET}))
    assert result.exit_code == 0, result.output
    targets = BeautifulSoup((site / "targets/index.html").read_text(), "html.parser")
    assert targets.select_one(".cc-lamp .cc-who a").get_text() == (
        "A | B <script>window.__pwned=2</script>")
    for path, text in site_texts(site).items():
        if path.endswith(".html"):
            for raw in ("<img src=x", "<script>window.__pwned", "<svg onload", "<iframe",
                        'href="javascript:', "<b>tag</b>"):
                assert raw not in text, (path, raw)
    people = (site / "people/index.html").read_text()
    assert "&lt;img src=x onerror=" in people
    assert "A | B &lt;script&gt;" in people  # a pipe breaks no table
    soup = BeautifulSoup(people, "html.parser")
    assert soup.select_one(".cc-people .cc-who").get_text() == (
        '<img src=x onerror="window.__pwned=1">')


def test_a_note_with_errors_fails_every_build(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {"good.md": "---\nperson: A\ncompany: B\ndate: 2026-11-20\n"
                                               "---\n",
                                    "bad.md": "---\nperson: A\ncompany: B\ndate: 2026-02-30\n"
                                              "---\n"})
    result, site = build(book)
    assert result.exit_code == 1
    assert "notes/bad.md:4: error: date: 2026-02-30 is not a date" in result.output.replace(
        str(book) + "/", "")
    assert not site.exists()
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=book,
                           capture_output=True, text=True,
                           env={"COFFEECHAT_TODAY": TODAY, "PATH": "/usr/bin:/bin"})
    assert plain.returncode == 1
    assert "notes/bad.md:4: error: date: 2026-02-30 is not a date" in plain.stderr


def test_strict_refuses_warnings(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {"a.md": "---\nperson: A\ncompany: B\ndate: 2026-11-20\n"
                                            "compnay: x\n---\n"})
    result, site = build(book, "--strict")
    assert result.exit_code == 1
    assert "unknown key `compnay`" in result.output
    assert not site.exists()
    result, site = build(book)
    assert result.exit_code == 0


def test_generated_page_path_taken_by_a_note(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    book = make_notebook(tmp_path, {"upcoming.md": "---\nperson: A\ncompany: B\ndate: "
                                                   "2026-11-20\n---\nMy own upcoming\n"})
    (book / "notes" / "calendar.ics").write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    monkeypatch.chdir(book)  # paths are shown relative to here
    result = CliRunner().invoke(cli, ["build", "--today", TODAY])
    site = book / "site"
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert warnings == [  # the checker's line for the note, the plugin's for another file
        "WARNING -  coffeechat: notes/upcoming.md:1: warning: file: this path is taken by "
        "Upcoming check-ins that the site generates: move the note to another folder",
        "WARNING -  coffeechat: notes/calendar.ics takes the place of the page coffeechat "
        "generates at calendar.ics; that page is left out (move the file to get it back)"]
    assert "My own upcoming" in (site / "upcoming/index.html").read_text()
    assert (site / "calendar.ics").read_text() == "BEGIN:VCALENDAR\nEND:VCALENDAR\n"


def test_builds_are_byte_identical_and_write_nothing_into_notes(tmp_path: Path) -> None:
    notes_before = {p: p.read_bytes() for p in (ROOT / "notes").rglob("*") if p.is_file()}
    first = build(ROOT, site=tmp_path / "one")[0]
    second = build(ROOT, site=tmp_path / "two")[0]
    assert first.exit_code == second.exit_code == 0
    one, two = site_texts(tmp_path / "one"), site_texts(tmp_path / "two")
    assert list(one) == list(two)
    for path in one:
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), \
            path
    assert {p: p.read_bytes() for p in (ROOT / "notes").rglob("*") if p.is_file()} == \
        notes_before


def test_site_calendar_is_the_cli_calendar_of_the_public_notes(sample: Path) -> None:
    site_calendar = icalendar.Calendar.from_ical((sample / "calendar.ics").read_bytes())
    cli_calendar = icalendar.Calendar.from_ical(CliRunner().invoke(cli, [
        "due", "--format", "ics", "--within", "all", "--notes", str(ROOT / "notes"),
        "--config", str(ROOT / "mkdocs.yml"), "--today", TODAY]).stdout_bytes)
    site_events = {str(e["uid"]): e.to_ical() for e in site_calendar.walk("VEVENT")}
    cli_events = {str(e["uid"]): e.to_ical() for e in cli_calendar.walk("VEVENT")}
    private = {uid for uid, event in cli_events.items() if b"Jordan Smith" in event}
    assert len(private) == 1
    assert site_events == {uid: e for uid, e in cli_events.items() if uid not in private}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_local_link_resolves(tmp_path: Path, directory_urls: bool) -> None:
    notes = {p.relative_to(ROOT / "notes").as_posix(): p.read_text()
             for p in (ROOT / "notes").rglob("*.md")}
    book = make_notebook(tmp_path, notes, options="holidays: US",
                         extra=f"use_directory_urls: {str(directory_urls).lower()}\n")
    result, site = build(book)
    assert result.exit_code == 0, result.output
    checked = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # Material links it from the site root, wherever it is
            continue
        for href in re.findall(r'href="([^"#?]+)', page.read_text()):
            if href.startswith(("http:", "https:", "mailto:")) or "assets/" in href:
                continue
            target = (page.parent / unquote(href)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (page.relative_to(site), href)
            checked += 1
    assert checked > 200


def test_links_between_pages() -> None:
    links = Links()
    assert links.url("index.md") == ""
    assert links.url("upcoming/index.md") == "upcoming/"
    assert links.href("people/jane.md", "upcoming/index.md") == "../../upcoming/"
    assert links.href("index.md", "index.md") == "./"
    assert links.href("2026/a.md", "calendar.ics") == "../../calendar.ics"
    flat = Links(use_directory_urls=False)
    assert flat.href("people/jane.md", "upcoming/index.md") == "../upcoming/index.html"
    assert flat.href("index.md", "people/jane.md") == "people/jane.html"
    assert flat.href("people/index.md", "index.md") == "../index.html"


def test_theme_overrides_are_in_every_page(sample: Path) -> None:
    html = (sample / "upcoming/index.html").read_text()
    assert 'href="../assets/stylesheets/coffeechat.css"' in html
    assert 'src="../assets/javascripts/coffeechat.js"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert html.count("Computed for") == 1  # one "computed for" line, not two
    assert (sample / "assets/javascripts/coffeechat.js").is_file()
    assert (sample / "assets/stylesheets/coffeechat.css").is_file()
    assert "fonts.googleapis.com" not in html


def test_build_needs_a_config_with_the_plugin(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").mkdir()
    result = CliRunner().invoke(cli, ["build", "--today", TODAY])
    assert (result.exit_code, result.output) == (1, (
        "Error: no mkdocs.yml here: the site needs one with the coffeechat plugin (see the "
        "README), or pass --config FILE\n"))
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: notes\n")
    result = CliRunner().invoke(cli, ["build", "--today", TODAY])
    assert result.exit_code == 1
    assert "does not enable the coffeechat plugin" in result.output
    assert not (tmp_path / "site").exists()


# --- state, names and identities ---------------------------------------------------------------

def _state() -> tuple[dict[str, str], tuple[object, ...]]:
    logger = logging.getLogger("mkdocs")
    return dict(os.environ), (logger.level, logger.propagate, tuple(logger.handlers))


def test_two_builds_in_one_process_keep_their_own_day(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {"a.md": "---\nperson: A\ncompany: B\ndate: 2026-11-20\n"
                                            "---\n"}, extra="site_url: https://example.org/\n")
    before = _state()
    for today in ("2026-11-26", "2027-03-01"):
        result = CliRunner().invoke(cli, ["build", "--notes", str(book / "notes"), "--config",
                                          str(book / "mkdocs.yml"), "--today", today,
                                          "--site-dir", str(tmp_path / today)])
        assert result.exit_code == 0, result.output
        sitemap = (tmp_path / today / "sitemap.xml").read_text()
        assert set(re.findall(r"<lastmod>([0-9-]+)</lastmod>", sitemap)) == {today}
        upcoming = (tmp_path / today / "upcoming/index.html").read_text()
        assert f'Computed for <time datetime="{today}">' in upcoming
        assert _state() == before  # environment and MkDocs's logger as they were


def test_a_person_or_company_called_index_keeps_the_indexes(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {
        "a.md": "---\nperson: Index\ncompany: Index\ndate: 2026-11-20\n---\n",
        "b.md": "---\nperson: Jane Doe\ncompany: Acme\ndate: 2026-11-19\n---\n"})
    result, site = build(book)
    assert result.exit_code == 0, result.output
    for index in ("people", "companies"):
        html = (site / index / "index.html").read_text()
        assert "<h1" in html and ">Index</a>" in html
        assert (">Jane Doe</a>" if index == "people" else ">Acme</a>") in html
    assert len(list((site / "people").glob("index-*/index.html"))) == 1


def test_very_long_names_build_a_whole_site(tmp_path: Path) -> None:
    name, company = "Jane " + "Verylongname" * 30, "Ö" * 200
    book = make_notebook(tmp_path, {"a.md": f"---\nperson: {name}\ncompany: {company}\n"
                                            "date: 2026-11-20\n---\n"})
    result, site = build(book)
    assert result.exit_code == 0, result.output
    people = [p for p in (site / "people").iterdir() if p.is_dir()]
    assert len(people) == 1 and name in (people[0] / "index.html").read_text()


def test_a_check_in_event_keeps_its_uid_when_a_namesake_appears(tmp_path: Path) -> None:
    """Jane-Doe's calendar event depends on her alone, not on who else is in the notebook."""
    def uids(book: Path) -> dict[str, str]:
        result, site = build(book)
        assert result.exit_code == 0, result.output
        calendar = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
        return {str(e["summary"]): str(e["uid"]) for e in calendar.walk("VEVENT")
                if str(e["summary"]).startswith("Check in")}

    note = "---\nperson: {}\ncompany: Acme\ndate: {}\nfollow_up:\n  thank_you: skipped\n---\n"
    book = make_notebook(tmp_path, {"b.md": note.format("Jane-Doe", "2026-11-20")})
    alone = uids(book)
    (book / "notes" / "a.md").write_text(note.format("Jane Doe", "2026-11-19"))
    together = uids(book)
    assert together["Check in with Jane-Doe (Acme)"] == alone["Check in with Jane-Doe (Acme)"]
    assert len(set(together.values())) == 2


def test_the_plugin_generates_exactly_the_pages_the_checker_guards(sample: Path) -> None:
    from datetime import date

    from generator.core.notebook import load_notebook
    from generator.core.pages import CALENDAR, generated_pages
    from generator.files.config import load_config
    from generator.files.store import walk_notes
    from generator.site.model import build_site_model
    from generator.site.render import Renderer

    config = load_config(str(ROOT / "mkdocs.yml"))
    book = load_notebook(walk_notes(str(ROOT / "notes")), date(2026, 11, 26), config.options)
    model = build_site_model(book.notes, book.pages, date(2026, 11, 26), config.options)
    assert {*Renderer(model).pages(), CALENDAR} == set(generated_pages(book.notes))
    assert (sample / "people" / "priya-raman" / "index.html").is_file()


@pytest.mark.parametrize(("today", "message"), [
    ("2026-11-26", None), ("20261126", "`20261126` is not a date: write it as YYYY-MM-DD"),
    ("2026-W48-4", "`2026-W48-4` is not a date: write it as YYYY-MM-DD"),
    ("9999-12-31", "9999-12-31 is outside the dates coffeechat works with")])
def test_plain_mkdocs_build_reads_today_like_the_command_line(tmp_path: Path, today: str,
                                                               message: str | None) -> None:
    book = make_notebook(tmp_path, {"a.md": "---\nperson: A\ncompany: B\ndate: 2026-11-20\n"
                                            "---\n"})
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=book,
                           capture_output=True, text=True,
                           env={"COFFEECHAT_TODAY": today, "PATH": "/usr/bin:/bin"})
    command = CliRunner().invoke(cli, ["due", "--notes", str(book / "notes")],
                                 env={"COFFEECHAT_TODAY": today})
    if message is None:
        assert (plain.returncode, command.exit_code) == (0, 0), plain.stderr
        assert 'datetime="2026-11-26"' in (book / "site/upcoming/index.html").read_text()
    else:
        assert (plain.returncode, command.exit_code) == (1, 2)
        assert f"COFFEECHAT_TODAY: {message}" in plain.stderr
        assert message in command.output


def test_a_past_planned_chat_is_to_confirm_on_the_site(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, {"a.md": "---\nperson: Jane Doe\ncompany: Acme\n"
                                            "date: 2026-11-24\nstatus: planned\n---\n"})
    result, site = build(book)
    assert result.exit_code == 0, result.output
    for page in ("index.html", "upcoming/index.html", "people/jane-doe/index.html"):
        (row,) = _soup(site, page).select('tr.cc-item[data-due="2026-11-24"]')
        assert row["data-kind"] == "confirm" and not row.has_attr("hidden"), page
        assert row.select_one(".cc-badge--confirm").text == "Confirm"
        assert row.select_one(".cc-details").text.startswith(
            "did it happen? mark it done, then thank them — or cancelled")
        assert "Draft email" not in row.text
    card = _soup(site, "a/index.html").select_one(".cc-followup").get_text(" ", strip=True)
    assert "coffee chat planned: did it happen?" in card


REMINDERS = {  # each warning depends on today: incomplete prep, few questions, a past
    # planned chat, a date after today
    "soon.md": "---\nperson: Soon\ncompany: B\ndate: 2026-11-28\n---\n",
    "past.md": "---\nperson: Past\ncompany: B\ndate: 2026-11-20\nstatus: planned\n---\n",
    "ahead.md": "---\nperson: Ahead\ncompany: B\ndate: 2026-11-20\nfollow_up:\n"
                "  thank_you: 2026-12-01\n---\n",
}


def _plain_mkdocs_build(book: Path, today: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=book,
                          capture_output=True, text=True,
                          env={"COFFEECHAT_TODAY": today, "PATH": "/usr/bin:/bin"})


def test_strict_builds_never_fail_on_reminders(tmp_path: Path) -> None:
    book = make_notebook(tmp_path, REMINDERS)
    result, site = build(book, "--strict")
    assert result.exit_code == 0, result.output
    assert (site / "index.html").is_file()
    assert _plain_mkdocs_build(book, TODAY, "--strict").returncode == 0
    check = CliRunner().invoke(cli, ["check", "--strict", "--notes", str(book / "notes"),
                                     "--today", TODAY])
    assert check.exit_code == 1  # check --strict still fails on every warning
    assert check.output.endswith("checked 3 notes: 0 errors, 5 warnings\n")
    (book / "notes" / "typo.md").write_text("---\nperson: T\ncompany: B\ndate: 2026-11-20\n"
                                            "compnay: x\n---\n")
    assert build(book, "--strict")[0].exit_code == 1
    plain = _plain_mkdocs_build(book, TODAY, "--strict")
    assert plain.returncode == 1 and "unknown key `compnay`" in plain.stderr


@pytest.mark.parametrize("today", ["2026-11-26", "2026-12-01", "2027-06-01", "2025-01-01"])
def test_the_sample_notebook_builds_strict_on_any_date(tmp_path: Path, today: str) -> None:
    result = CliRunner().invoke(cli, ["build", "--strict", "--notes", str(ROOT / "notes"),
                                      "--config", str(ROOT / "mkdocs.yml"), "--today", today,
                                      "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output


def test_a_notebook_overrides_one_template_in_its_custom_dir(tmp_path: Path) -> None:
    theme = tmp_path / "mine"
    (theme / "coffeechat").mkdir(parents=True)
    (theme / "coffeechat" / "person.html").write_text(
        '<p class="mine">{{ page.name }} in my own words</p>')
    book = make_notebook(tmp_path / "book", {"a.md": "---\nperson: <Jane>\ncompany: Acme\n"
                                                     "date: 2026-11-20\n---\n"})
    config = (book / "mkdocs.yml").read_text().replace(str(ROOT / "site_theme"), str(theme))
    (book / "mkdocs.yml").write_text(config)
    result, site = build(book)
    assert result.exit_code == 0, result.output
    mine = _soup(site, "people/jane/index.html").select_one(".mine")
    assert mine is not None and mine.text == "<Jane> in my own words"  # escaped there too
    assert "&lt;Jane&gt; in my own words" in (site / "people/jane/index.html").read_text()
    assert _soup(site, "upcoming/index.html").select_one(".cc-upcoming") is not None


def test_the_theme_comes_with_the_package() -> None:
    assert not (ROOT / "site_theme").is_symlink()
    assert sorted(p.name for p in (ROOT / "site_theme").iterdir()) == ["main.html"]
    templates = ROOT / "generator" / "site" / "theme"
    assert {p.name for p in (templates / "coffeechat").glob("*.html")} >= {
        "home.html", "upcoming.html", "person.html", "company.html", "card.html"}
