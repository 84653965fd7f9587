"""After the chat: referrals and their graph (SPEC §9), goals, the weekly review and the
activity chart (SPEC §10), with concrete dates."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import pytest
from bs4 import BeautifulSoup
from conftest import Book, note
from sites import build, make_notebook

from generator.core.notebook import load_notebook
from generator.core.options import parse_options
from generator.core.referrals import referral_graph
from generator.core.review import activity
from generator.files.store import find_sources
from generator.site.chart import chart

TODAY = date(2026, 11, 26)  # a Thursday, and US Thanksgiving
SVG = "{http://www.w3.org/2000/svg}"


def done(person: str, when: str, extra: str = "", company: str = "Acme Robotics") -> str:
    return note(person=person, company=company, date=when,
                extra="status: done\n" + textwrap.dedent(extra).strip())


REFERRALS = """
    referrals:
      - person: Kim Park
        company: Lumen Energy
        note: Leads the education team
      - person: Sam Lee
    """


# --- referrals --------------------------------------------------------------------------------

def test_referrals_are_checked_item_by_item(book: Book) -> None:
    book.write("a.md", done("Jane Doe", "2026-11-20", """
        referrals:
          - person: Kim Park
            compnay: Lumen
          - company: Nobody named
          - just a name
        """))
    book.write("b.md", done("Ann Lee", "2026-11-20", "referrals: Kim Park"))
    result = book.run("check")
    assert result.output.splitlines() == [
        "notes/a.md:8: warning: referrals[0].compnay: unknown key `compnay` (did you mean "
        "`company`?)",
        "notes/a.md:9: error: referrals[1].person: `person` is required: add a `person:` line",
        "notes/a.md:10: error: referrals[2]: expected `person: NAME` (and an optional "
        "`company:` and `note:`), found the text `just a name`",
        "notes/b.md:6: error: referrals: expected a list of `- person: NAME` entries, found the "
        "text `Kim Park`",
        "checked 2 notes: 3 errors, 1 warning"]


def test_a_person_suggested_without_a_note_is_a_reach_out_on_the_thank_you_day(
        book: Book) -> None:
    book.write("a.md", done("Jane Doe", "2026-11-20", REFERRALS))  # a Friday
    items = json.loads(book.run("due", "--format", "json").output)["items"]
    reach = [(i["person"], i["company"], i["due"], i["path"]) for i in items
             if i["kind"] == "reach-out"]
    # the thank-you day: the business day after a Friday chat is Monday
    assert reach == [("Kim Park", "Lumen Energy", "2026-11-23", "notes/a.md"),
                     ("Sam Lee", "", "2026-11-23", "notes/a.md")]
    text = book.run("due").output
    assert "reach out to Kim Park, suggested by Jane Doe; then: coffeechat reach 'Kim Park'" \
        in text
    assert "reach out to Sam Lee, suggested by Jane Doe; then: coffeechat reach 'Sam Lee' " \
        "--company COMPANY" in text


def test_holidays_move_the_reach_out_like_the_thank_you(book: Book) -> None:
    book.config("site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n      holidays: US\n")
    book.write("a.md", done("Jane Doe", "2026-11-25", REFERRALS))  # Wednesday before Thanksgiving
    items = json.loads(book.run("due", "--format", "json").output)["items"]
    assert {i["due"] for i in items if i["kind"] == "reach-out"} == {"2026-11-27"}


def test_only_done_conversations_suggest_and_the_earliest_names_the_item(book: Book) -> None:
    book.write("b-later.md", done("Ann Lee", "2026-11-10", REFERRALS))
    book.write("a-same-day.md", done("Bo Chu", "2026-11-02", "referrals:\n  - person: kim park"))
    book.write("c-first.md", done("Cy Ode", "2026-11-02", "referrals:\n  - person: KIM PARK"))
    book.write("planned.md", note(person="Di Fox", date="2026-12-01",
                                  extra="status: planned\nreferrals:\n  - person: Zoe Q"))
    items = json.loads(book.run("due", "--format", "json").output)["items"]
    reach = {i["person"]: (i["path"], i["company"]) for i in items if i["kind"] == "reach-out"}
    # Kim: the earliest conversation by date, then path; Zoe: a planned note suggests nobody
    assert reach == {"kim park": ("notes/a-same-day.md", ""),
                     "Sam Lee": ("notes/b-later.md", "")}


@pytest.mark.parametrize("status", ["lead", "cancelled", "planned"])
def test_the_reach_out_is_gone_once_the_person_has_any_note(book: Book, status: str) -> None:
    book.write("a.md", done("Jane Doe", "2026-11-20", REFERRALS))
    book.write("kim.md", note(person="Kim  PARK", company="Lumen Energy", date="2026-12-01",
                              extra=f"status: {status}"))
    items = json.loads(book.run("due", "--format", "json").output)["items"]
    assert [i["person"] for i in items if i["kind"] == "reach-out"
            and i["path"] == "notes/a.md"] == ["Sam Lee"]


def test_each_suggested_person_has_an_event_of_their_own(book: Book) -> None:
    book.write("a.md", done("Jane Doe", "2026-11-20", REFERRALS))
    data = book.run("due", "--format", "ics").stdout_bytes
    events = {str(e["summary"]): str(e["uid"])
              for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert "Reach out to Kim Park (Lumen Energy)" in events
    assert "Reach out to Sam Lee" in events
    assert len(set(events.values())) == len(events)


def test_new_fills_who_introduced_them_and_where_they_work(book: Book) -> None:
    book.write("a.md", done("Jane Doe", "2026-11-20", REFERRALS))
    result = book.run("new", "Kim Park", "--date", "2026-12-03")
    assert result.output == "notes/2026-12-03-kim-park-lumen-energy.md\n"
    text = (book.notes / "2026-12-03-kim-park-lumen-energy.md").read_text()
    assert "\ncompany: Lumen Energy\n" in text and "\nreferred_by: Jane Doe\n" in text
    # --company overrides the referral's; without a company known, it is required
    other = book.run("new", "Sam Lee", "--company", "Quill", "--date", "2026-12-04")
    assert other.exit_code == 0
    assert "\nreferred_by: Jane Doe\n" in (book.notes / "2026-12-04-sam-lee-quill.md").read_text()
    nobody = book.run("new", "Zed Ames")
    assert nobody.exit_code == 2
    assert "--company is needed" in nobody.output
    assert book.run("check").exit_code == 0


def test_reach_fills_the_introduction_too(book: Book) -> None:
    book.write("a.md", done("Jane Doe", "2026-11-20", REFERRALS))
    result = book.run("reach", "Kim Park", "--via", "intro")
    assert result.exit_code == 0, result.output
    text = (book.notes / "2026-11-26-kim-park-lumen-energy.md").read_text()
    assert "\nreferred_by: Jane Doe\n" in text and "\nstatus: asked\n" in text


# --- the referral graph -------------------------------------------------------------------------

CHAIN = {
    "priya.md": done("Priya Raman", "2026-10-02", """
        referred_by: Maya Goldberg
        referrals:
          - person: Marcus Chen
        """),
    "marcus.md": done("Marcus Chen", "2026-11-10", """
        referred_by: Priya Raman
        referrals:
          - person: Kim Park
          - person: Ines Duarte
        """),
    "kim.md": note(person="Kim Park", date="2026-12-01", extra="status: lead"),
    "secret.md": done("Jordan Smith", "2026-10-10", """
        private: true
        referred_by: Priya Raman
        referrals:
          - person: Hidden Person
        """),
}


def test_edges_come_from_referred_by_and_from_referrals_once_each(book: Book) -> None:
    for name, text in CHAIN.items():
        book.write(name, text)
    notes = load_notebook(find_sources(str(book.notes)), TODAY, parse_options(None)).notes
    graph = referral_graph([n for n in notes if not n.private])
    assert [(graph.names[e.source], graph.names[e.target]) for e in graph.edges] == [
        ("Marcus Chen", "Ines Duarte"), ("Marcus Chen", "Kim Park"),
        ("Maya Goldberg", "Priya Raman"), ("Priya Raman", "Marcus Chen")]


def test_a_person_is_drawn_under_the_introducer_the_walk_reaches_first() -> None:
    """site/graph.py's rule: chains walked depth first from the people nobody introduced,
    in name order; Cleo, introduced by Ann (whom Zoe introduced) and by Bea, hangs under
    Bea, whose chain is walked first, with Ann's introduction as an arc; a circle nobody
    started begins at its first name."""
    from generator.core.referrals import Edge, Graph
    from generator.site.graph import layout
    from generator.site.views import Link

    names = {k: k.title() for k in ("ann", "bea", "cleo", "zoe", "max", "lou")}
    graph = Graph(names, [Edge("ann", "cleo"), Edge("bea", "cleo"), Edge("zoe", "ann"),
                          Edge("max", "lou"), Edge("lou", "max")])
    drawn = layout(graph, lambda key, name: Link(name, None))

    def tree(nodes: list) -> list:
        return [(n.link.text, tree(n.children)) for n in nodes]

    assert tree(drawn.roots) == [("Bea", [("Cleo", [])]), ("Zoe", [("Ann", [])]),
                                 ("Lou", [("Max", [])])]
    assert [(line.source, line.target) for line in drawn.lines if not line.tree] == [
        ("ann", "cleo"), ("max", "lou")]
    assert [n.link.text for n in drawn.nodes] == ["Bea", "Cleo", "Zoe", "Ann", "Lou", "Max"]
    assert [who.text for n in drawn.nodes for who in n.also] == ["Ann", "Max"]
    assert layout(graph, lambda key, name: Link(name, None)) == drawn

def test_the_referrals_page_draws_the_chains_and_links_the_people(tmp_path: Path) -> None:
    result, site = build(make_notebook(tmp_path, CHAIN))
    assert result.exit_code == 0, result.output
    html = (site / "referrals/index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    svg = ElementTree.fromstring(str(soup.select_one(".cc-graph svg")))
    names = {g.get("data-key"): "".join(g.itertext()).strip()
             for g in svg.iter(f"{SVG}g")}
    assert sorted(names.values()) == ["Ines Duarte", "Kim Park", "Marcus Chen",
                                      "Maya Goldberg", "Priya Raman"]
    edges = {(names[p.get("data-source")], names[p.get("data-target")])
             for p in svg.iter(f"{SVG}path") if p.get("data-source")}
    assert edges == {("Maya Goldberg", "Priya Raman"), ("Priya Raman", "Marcus Chen"),
                     ("Marcus Chen", "Kim Park"), ("Marcus Chen", "Ines Duarte")}
    links = {"".join(a.itertext()).strip(): a.get("href") for a in svg.iter(f"{SVG}a")}
    assert links == {"Priya Raman": "../people/priya-raman/",
                     "Marcus Chen": "../people/marcus-chen/",
                     "Kim Park": "../people/kim-park/"}  # Maya and Ines have no page
    chains = soup.select_one(".cc-chains").get_text(" ", strip=True)
    assert chains.startswith("Maya Goldberg Priya Raman Marcus Chen")
    # a private note adds no node and no edge, and leaves no trace on the page
    for secret in ("Jordan", "Hidden Person"):
        assert secret not in html
    marcus = BeautifulSoup((site / "people/marcus-chen/index.html").read_text(), "html.parser")
    met = marcus.select_one(".cc-met")
    assert met.get_text(" ", strip=True) == (
        "Introduced by Priya Raman . Introduced you to Ines Duarte, Kim Park .")
    assert [a["href"] for a in met.select("a")] == ["../../people/priya-raman/",
                                                    "../../people/kim-park/"]


def test_the_referrals_page_says_how_to_start_when_there_are_none(tmp_path: Path) -> None:
    result, site = build(make_notebook(tmp_path, {"a.md": done("Jane Doe", "2026-11-20")}))
    assert result.exit_code == 0, result.output
    page = BeautifulSoup((site / "referrals/index.html").read_text(), "html.parser")
    assert "No introductions yet" in page.select_one(".cc-referrals").get_text()
    assert page.select_one(".cc-graph") is None


# --- goals --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("goals", "message"), [
    ("5", "option `goals`: expected a mapping of goals (outreach_per_week, chats_per_month), "
          "found `5`"),
    ("{outreach: 5}", "option `goals`: unknown goal `outreach` (known: outreach_per_week, "
                      "chats_per_month)"),
    ("{chats_per_month: 0}", "option `goals`: `chats_per_month`: expected a whole number from "
                             "1 to 1000, found `0`"),
])
def test_a_bad_goal_is_a_one_line_error(book: Book, goals: str, message: str) -> None:
    book.config(f"site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n"
                f"      goals: {goals}\n")
    result = book.run("week")
    assert result.exit_code == 1
    assert result.output == f"Error: mkdocs.yml: plugins.coffeechat: {message}\n"


# --- the weekly review ----------------------------------------------------------------------

GOALS = "site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n      goals: {goals}\n"


def sent(person: str, day: str, extra: str = "", status: str = "asked") -> str:
    return note(person=person, date=day, extra=f"status: {status}\noutreach:\n  sent: {day}\n"
                                               + extra)


def week(book: Book, *args: str, today: str = "2026-11-26") -> dict[str, object]:
    result = book.run("week", "--format", "json", *args, today=today)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_counts_of_a_week(book: Book) -> None:
    book.config(GOALS.format(goals="{outreach_per_week: 2, chats_per_month: 3}"))
    book.write("a.md", sent("A", "2026-11-23", "  replied: 2026-11-24\n"))  # W48 Monday
    book.write("b.md", sent("B", "2026-11-29", status="cancelled"))  # Sunday; any status
    book.write("c.md", sent("C", "2026-11-22"))  # the Sunday before: W47
    book.write("d.md", done("D", "2026-11-20", "follow_up:\n  thank_you: 2026-11-23\n"
                                               "  check_ins:\n    - date: 2026-11-25\n"))
    book.write("e.md", done("E", "2026-11-24", "follow_up:\n  thank_you: 2026-11-26\n"))
    book.write("f.md", done("F", "2026-11-25", "follow_up:\n  thank_you: 2026-11-26\n"))
    assert week(book) == {
        "week": "2026-W48", "from": "2026-11-23", "to": "2026-11-29", "outreach": 2,
        "replies": 1, "chats": 2, "thank_yous": 3,
        # D's (Friday's chat) due Monday 23rd and F's due 26th: on time; E's was due 25th
        "thank_yous_on_time": 2, "check_ins": 1,
        "goals": {"outreach_per_week": {"goal": 2, "done": 2},
                  "chats_per_month": {"goal": 3, "done": 3, "month": "2026-11"}},
        "streak": 1, "coming": 0}


def test_a_week_across_the_new_year_and_week_53(book: Book) -> None:
    book.config(GOALS.format(goals="{chats_per_month: 2}"))
    book.write("a.md", done("A", "2026-12-31"))
    book.write("b.md", done("B", "2027-01-02"))
    book.write("c.md", sent("C", "2027-01-03"))
    review = week(book, "--week", "2026-W53", today="2027-01-10")
    assert (review["week"], review["from"], review["to"]) == ("2026-W53", "2026-12-28",
                                                              "2027-01-03")
    assert (review["chats"], review["outreach"]) == (2, 1)
    # the month is the one holding the week's last day: January, from the 1st
    assert review["goals"] == {"outreach_per_week": None,
                               "chats_per_month": {"goal": 2, "done": 1, "month": "2027-01"}}
    assert week(book, "--week", "2027-W01", today="2027-01-10")["from"] == "2027-01-04"
    bad = book.run("week", "--week", "2027-W53")
    assert bad.exit_code == 2
    assert "2027 has no week 53: its ISO weeks are W01 to W52" in bad.output


def test_the_months_count_stops_at_today(book: Book) -> None:
    book.config(GOALS.format(goals="{chats_per_month: 4}"))
    book.write("a.md", done("A", "2026-11-30"))  # the week's Monday, in November
    book.write("b.md", done("B", "2026-12-01"))
    book.write("c.md", done("C", "2026-12-03"))  # after today: not counted yet
    review = week(book, today="2026-12-02")
    assert review["goals"]["chats_per_month"] == {"goal": 4, "done": 1, "month": "2026-12"}
    assert review["chats"] == 3  # the week's own count holds every day of it


@pytest.mark.parametrize(("this_week", "today", "streak"), [
    (1, "2026-11-26", 3),  # this week not met yet: the streak ends with last week
    (2, "2026-11-26", 4),  # met already: it counts
    (0, "2026-11-30", 0),  # the week of the 23rd is over and missed it
])
def test_the_streak(book: Book, this_week: int, today: str, streak: int) -> None:
    book.config(GOALS.format(goals="{outreach_per_week: 2}"))
    days = ["2026-11-02", "2026-11-03",  # W45: met
            "2026-11-09", "2026-11-10", "2026-11-11",  # W46: met
            "2026-11-16", "2026-11-20",  # W47: met
            "2026-10-26"]  # W44: 1, not met
    days += ["2026-11-23", "2026-11-24"][:this_week]
    for i, day in enumerate(days):
        book.write(f"n{i}.md", sent(f"P{i}", day))
    assert week(book, today=today)["streak"] == streak


def test_reviewing_a_past_week_ends_the_streak_there(book: Book) -> None:
    book.config(GOALS.format(goals="{outreach_per_week: 1}"))
    for i, day in enumerate(["2026-11-03", "2026-11-10", "2026-11-17"]):
        book.write(f"n{i}.md", sent(f"P{i}", day))
    assert week(book, "--week", "2026-W46")["streak"] == 2
    assert week(book)["streak"] == 3
    assert week(book, "--week", "2026-W46")["coming"] == 0


def test_coming_counts_the_items_of_the_next_seven_days(book: Book) -> None:
    book.write("a.md", note(person="A", date="2026-11-26", extra="status: planned"))  # today
    book.write("b.md", note(person="B", date="2026-12-02", extra="status: planned"))  # +6
    book.write("c.md", note(person="C", date="2026-12-03", extra="status: planned"))  # +7
    book.write("d.md", done("D", "2026-11-02"))  # a thank-you overdue: not coming
    assert week(book)["coming"] == 2
    assert week(book)["goals"] == {"outreach_per_week": None, "chats_per_month": None}
    assert week(book)["streak"] is None


def test_the_text_report(book: Book) -> None:
    book.config(GOALS.format(goals="{outreach_per_week: 3, chats_per_month: 1}"))
    book.write("a.md", sent("A", "2026-11-23"))
    book.write("b.md", done("B", "2026-11-24", "follow_up:\n  thank_you: 2026-11-25\n"))
    assert book.run("week").output == """\
Your week 2026-W48 (Mon 23 Nov – Sun 29 Nov 2026)

  1 first message sent  (goal 3 this week: 2 messages to go)
  0 replies to your messages
  1 conversation held  (goal 1 in 2026-11: met)
  1 thank-you sent, all on time
  0 check-ins logged

Streak: none yet; meet this week's outreach goal to start one.
Next 7 days: 0 items due (coffeechat due --within 6).
"""


# --- the activity chart ---------------------------------------------------------------------

def test_the_chart_has_a_cell_for_each_day_of_52_weeks_up_to_today() -> None:
    days = {date(2026, 11, 24): Counter(outreach=1, chats=1), date(2026, 6, 1): Counter(
        thank_yous=5), date(2025, 11, 30): Counter(outreach=9)}
    drawn = chart(days, TODAY)
    assert len(drawn.cells) == 51 * 7 + 4  # Monday 2025-12-01 to Thursday 2026-11-26
    assert drawn.cells[0].day == date(2025, 12, 1) and drawn.cells[-1].day == TODAY
    by_day = {c.day: c for c in drawn.cells}
    assert (by_day[date(2026, 11, 24)].count, by_day[date(2026, 11, 24)].level) == (2, 2)
    assert by_day[date(2026, 11, 24)].title == "2026-11-24: 2 (1 first message, 1 conversation)"
    assert (by_day[date(2026, 6, 1)].count, by_day[date(2026, 6, 1)].level) == (5, 4)
    assert sum(c.count for c in drawn.cells) == 7  # 2025-11-30 is before the first week
    assert drawn.summary == ("7 things done on 2 days in the last 52 weeks: 1 first message, "
                             "1 conversation, 5 thank-yous. The busiest week was 2026-W23, "
                             "with 5.")
    assert [name for _, name in drawn.months][:3] == ["Dec", "Jan", "Feb"]


def test_home_draws_the_chart_from_the_public_notes_only(tmp_path: Path) -> None:
    notes = {"a.md": done("Ann", "2026-11-24", "outreach:\n  sent: 2026-11-16\n"),
             "secret.md": done("Jordan", "2026-11-24", "private: true\noutreach:\n"
                                                       "  sent: 2026-11-17\n")}
    result, site = build(make_notebook(tmp_path, notes,
                                       options="goals: {outreach_per_week: 1}"))
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    svg = ElementTree.fromstring(str(soup.select_one(".cc-activity svg")))
    cells = {r.get("data-date"): int(r.get("data-count")) for r in svg.iter(f"{SVG}rect")}
    assert len(cells) == 361
    assert (cells["2026-11-16"], cells["2026-11-17"], cells["2026-11-24"]) == (1, 0, 1)
    assert sum(cells.values()) == 2
    summary = soup.select_one(".cc-activity__summary").get_text()
    assert summary.startswith("2 things done on 2 days")
    assert [len(lvl) for lvl in soup.select(".cc-activity__legend svg")] == [1] * 5
    goals = soup.select_one(".cc-goals").get_text(" ", strip=True)
    assert "0 of 1 first messages this week" in goals
    assert "Streak: 1 week in a row at your outreach goal." in goals  # W47, Ann's only


def test_activity_counts_each_kind_on_its_day(book: Book) -> None:
    book.write("a.md", done("Ann", "2026-11-24", """
        outreach:
          sent: 2026-11-16
          replied: 2026-11-17
          follow_up: 2026-11-17
        follow_up:
          thank_you: 2026-11-25
          check_ins:
            - date: 2026-11-26
        """))
    book.write("b.md", note(person="Bo", date="2026-11-24", extra="status: cancelled"))
    notes = load_notebook(find_sources(str(book.notes)), TODAY, parse_options(None)).notes
    days = activity(notes)
    assert {day.isoformat(): dict(counts) for day, counts in sorted(days.items())} == {
        "2026-11-16": {"outreach": 1}, "2026-11-17": {"replies": 1},
        "2026-11-24": {"chats": 1}, "2026-11-25": {"thank_yous": 1},
        "2026-11-26": {"check_ins": 1}}


def test_week_exits_1_when_a_note_has_errors(book: Book) -> None:
    book.write("a.md", sent("A", "2026-11-23"))
    book.write("bad.md", "---\nperson: B\ndate: 2026-02-30\n---\n")
    result = book.run("week", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["outreach"] == 1  # the review of the others is printed


def test_week_says_how_many_items_are_overdue_beside_the_coming_ones(book: Book) -> None:
    book.write("a.md", note(date="2026-11-02", extra="status: done"))  # thank-you overdue
    lines = book.run("week").output.splitlines()
    assert lines[-1] == "Next 7 days: 0 items due, and 1 overdue (coffeechat due --within 6)."
