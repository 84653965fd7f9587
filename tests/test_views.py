"""The page models on their own: what each generated page shows, before any HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.core.model import Kind
from generator.core.notebook import load_notebook
from generator.files.config import load_config
from generator.files.store import walk_notes
from generator.site.model import SiteModel, build_site_model
from generator.site.records import Records
from generator.site.views import Link, is_urgent, learned, tile

ROOT = Path(__file__).parent.parent
TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def site() -> SiteModel:
    options = load_config(str(ROOT / "mkdocs.yml")).options
    book = load_notebook(walk_notes(str(ROOT / "notes")), TODAY, options, with_highlights=True)
    return build_site_model(book.notes, book.pages, TODAY, options, book.targets)


def test_counts_in_correct_english() -> None:
    assert (tile("", 1, "thank-you owed").one, tile("", 2, "thank-you owed").many) == (
        "thank-you owed", "thank-yous owed")
    assert tile("", 2, "person", "people").many == "people"
    assert tile("", 3, "conversation held").many == "conversations held"


@pytest.mark.parametrize(("kind", "days", "urgent"), [
    (Kind.THANK_YOU, -1, True), (Kind.CHECK_IN, -30, True), (Kind.CONFIRM, -2, True),
    (Kind.INTERVIEW, -1, False), (Kind.INTERVIEW, 0, True), (Kind.CHECK_IN, 6, True),
    (Kind.CHECK_IN, 7, False), (Kind.INTERVIEW, 20, False)])
def test_what_needs_attention(kind: Kind, days: int, urgent: bool) -> None:
    assert is_urgent(kind, days) is urgent


def test_home(site: SiteModel) -> None:
    home = Records(site).home()
    assert [(i.kind, i.person.text) for i in home.items if i.urgent] == [
        ("check-in", "Tom Becker"), ("try-another", "Omar Haddad"),
        ("thank-you", "Marcus Chen"), ("follow-up", "Omar Haddad"),
        ("reach-out", "Ines Duarte"), ("try-another", "Grace Liu"),
        ("interview", "Sofía Hernández"), ("interview", "Dana Okafor"),
        ("reach-out", "Kim Park")]  # Leo Martin's lead waits for Omar's thread (SPEC §8)
    # the rest of the next month waits, hidden, for its day (a stale page shows it then)
    assert len(home.items) == sum(i.days <= 30 for i in site.agenda) == 11
    assert [(t.count, t.one if t.count == 1 else t.many) for t in home.tiles] == [
        (6, "conversations held"), (3, "chats planned"), (2, "messages awaiting a reply"),
        (13, "people"), (9, "companies"), (1, "thank-you owed"), (5, "items overdue")]
    assert [r.person.text for r in home.recent][:2] == ["Marcus Chen", "Priya Raman"]
    assert all(r.learned for r in home.recent)


def test_a_person_record(site: SiteModel) -> None:
    records = Records(site)
    priya = next(c for c in site.contacts if c.name == "Priya Raman")
    view = records.person(priya)
    assert view.introduced_by == [Link("Maya Goldberg (former colleague at Eastside High)", None)]
    assert [link.text for link in view.introduced] == ["Marcus Chen"]
    days = [e.day for e in view.timeline]
    assert days == sorted(days, reverse=True)  # newest first
    kinds = [e.kind for e in view.timeline]
    assert kinds.count("done") == 2 and kinds.count("thank-you") == 2
    assert all(i.person.text == "Priya Raman" for i in view.items)


def test_a_card_offers_a_draft_only_when_an_email_is_due(site: SiteModel) -> None:
    records = Records(site)
    cards = {n.rel_path: records.card(n) for n in site.notes}
    assert [d.text for d in cards["2026-11-24-marcus-chen-lumen-energy.md"].drafts] == [
        "Draft the thank-you email", "Draft the check-in email"]
    assert cards["2026-06-10-priya-raman-northwind-learning.md"].drafts == []  # not the latest
    assert cards["2026-12-01-dana-okafor-brightpath-health.md"].drafts == []  # planned


def test_learned_prefers_the_learned_heading(site: SiteModel) -> None:
    note = next(n for n in site.notes if n.rel_path.startswith("2026-11-24"))
    assert learned(note).startswith("Customer education sits inside product")


def test_what_is_next_with_someone_before_the_chat(site: SiteModel) -> None:
    records = Records(site)
    by_name = {c.name: c for c in site.contacts}
    assert [records.person(by_name[name]).next.split(".")[0] for name in (
        "Leo Martin", "Omar Haddad", "Sofía Hernández", "Tom Becker")] == [
        "To reach out to by 2026-11-30", "Asked for a conversation on 2026-11-16",
        "Conversation planned on 2026-11-30", "Next check-in: 2026-11-12"]
    omar = records.person(by_name["Omar Haddad"])
    assert omar.response == "waiting"
    assert [(e.kind, e.text) for e in omar.timeline] == [
        ("asked", "Asked for a conversation at Northwind Learning"),
        ("outreach", "First message sent (email)")]
    card = records.card(next(n for n in site.notes if n.person == "Omar Haddad"))
    assert [(str(e.day), e.text) for e in card.timeline] == [
        ("2026-11-16", "First message sent (email)"),
        ("2026-11-19", "no reply by then: write to the next contact at Northwind "
                       "Learning: Leo Martin"),
        ("2026-11-25", "no reply by then: follow up once")]


def test_a_target_company_with_no_note_has_a_page(site: SiteModel) -> None:
    from generator.core.model import Target

    lonely = Target("t.md", "t.md", "Lonely Labs", motivation=2, body="Why *them*.")
    model = build_site_model(site.notes, [], TODAY, site.options, [lonely])
    company = next(c for c in model.companies if c.name == "Lonely Labs")
    view = Records(model).company(company)
    assert view.people == [] and view.next is None
    assert view.scores is not None and view.scores.gaps == "nobody contacted yet"
    assert str(view.about) == "<p>Why <em>them</em>.</p>"


def test_the_indexes_count_conversations_not_leads_or_messages(site: SiteModel) -> None:
    records = Records(site)
    people = {row.person.text: row.conversations for row in records.people().people}
    assert (people["Kim Park"], people["Omar Haddad"], people["Priya Raman"]) == (0, 0, 2)
    northwind = next(r for r in records.companies().companies
                     if r.company.text == "Northwind Learning")
    assert (northwind.conversations, str(northwind.latest)) == (2, "2026-10-02")


def _model(tmp_path: Path, notes: dict[str, str], targets: str = "") -> SiteModel:
    from generator.core.options import parse_options

    (tmp_path / "notes").mkdir(parents=True)
    for name, text in {**notes, **({"t.md": targets} if targets else {})}.items():
        (tmp_path / "notes" / name).write_text(text)
    options = parse_options(None)
    book = load_notebook(walk_notes(str(tmp_path / "notes")), TODAY, options)
    assert book.errors == 0, book.problems
    return build_site_model(book.notes, book.pages, TODAY, options, book.targets)


ASKED = ("---\nperson: {person}\ncompany: Acme Robotics\ndate: {sent}\nstatus: asked\n"
         "outreach:\n  sent: {sent}\n{replied}---\n")


def _card_steps(site: SiteModel, person: str) -> list[tuple[str | None, str]]:
    (note,) = [n for n in site.notes if n.person == person]
    return [(str(e.day) if e.day else None, e.text)
            for e in Records(site).card(note).timeline if e.kind in ("due", "next")]


def test_the_card_says_what_due_says_after_a_colleague_replied(tmp_path: Path) -> None:
    """The bug found in review: `due` was right, the card still said to write to the next
    contact and to follow up, after someone else at the company had answered."""
    site = _model(tmp_path, {
        "kim.md": ASKED.format(person="Kim Park", sent="2026-11-16", replied=""),
        "lee.md": ASKED.format(person="Lee Ames", sent="2026-11-17",
                               replied="  replied: 2026-11-18\n")})
    assert [i.kind for i in site.agenda if i.person == "Kim Park"] == []
    assert _card_steps(site, "Kim Park") == [
        (None, "someone at Acme Robotics answered: no reminder")]
    assert _card_steps(site, "Lee Ames") == [
        ("2026-11-19", "they answered: book the conversation by this day")]


def test_the_card_of_a_lead_waiting_its_turn_and_of_a_dropped_company(tmp_path: Path) -> None:
    lead = "---\nperson: {p}\ncompany: Acme Robotics\ndate: 2026-11-30\nstatus: lead\n---\n"
    site = _model(tmp_path, {"a.md": lead.format(p="Ana Lima"), "b.md": lead.format(p="Bo Kim"),
                             "c.md": ASKED.format(person="Cy Ng", sent="2026-11-24",
                                                  replied="")})
    assert _card_steps(site, "Ana Lima") == [
        (None, "waits its turn: another contact at Acme Robotics first")]
    assert _card_steps(site, "Cy Ng") == [
        ("2026-11-27", "no reply by then: write to the next contact at Acme Robotics: "
                       "Ana Lima"),
        ("2026-12-03", "no reply by then: follow up once")]
    dropped = _model(tmp_path / "d", {"c.md": ASKED.format(person="Cy Ng", sent="2026-11-24",
                                                           replied="")},
                     "---\nkind: company\ncompany: Acme Robotics\nstatus: dropped\n---\n")
    assert _card_steps(dropped, "Cy Ng") == [(None, "no reminders: Acme Robotics is dropped")]


def test_the_page_script_takes_its_rules_from_the_core() -> None:
    """The script that moves items on a stale page applies the core's rules, embedded in
    the page; it holds no bucket, urgency or confirmation of its own."""
    import json
    import re

    from generator.core.days import bucket_of
    from generator.site.render import environment
    from generator.site.views import is_urgent, page_rules

    script = (ROOT / "generator" / "site" / "theme" / "assets" / "javascripts" /
              "coffeechat.js").read_text()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    code = re.sub(r"\[data-[a-z]+=\"[a-z-]+\"\]", "", code)  # selectors name, decide nothing
    for word in ("this-week", "next-30-days", "later", "overdue", "interview", "confirm",
                 "Confirm", "did it happen", "tomorrow", "days"):
        assert f'"{word}"' not in code and f"'{word}'" not in code, word
    assert not re.search(r"<=\s*(6|30)\b", code)
    rules = page_rules()
    for days in range(-3, 40):  # the data says what the core says
        ends = [(name, end) for name, end in rules["buckets"]]  # type: ignore[attr-defined]
        bucket = next(name for name, end in ends if end is None or days <= end)
        assert bucket == str(bucket_of(days))
        for kind in Kind:
            urgent = (str(kind) not in rules["calm_when_overdue"]) if days < 0 else (  # type: ignore[operator]
                bucket == rules["urgent_bucket"])
            assert urgent is is_urgent(kind, days)
    html = environment().from_string("{{ page_rules|tojson }}").render()
    assert json.loads(html) == rules


def test_templates_count_in_words_through_one_function() -> None:
    """No template pluralises by hand: counts go through core.wording.plural."""
    import re

    from generator.site.render import environment

    for template in (ROOT / "generator" / "site" / "theme" / "coffeechat").glob("*.html"):
        text = template.read_text()
        assert not re.search(r'== 1 else "', text), template.name
    render = environment().from_string
    assert render('{{ 1 | plural("person", "people") }}, {{ 2 | plural("person", "people") }}'
                  ', {{ 0 | plural("reply", "replies") }}').render() == (
        "1 person, 2 people, 0 replies")


def test_what_is_next_puts_a_booked_chat_first(tmp_path: Path) -> None:
    """A person with a conversation held and another booked: the booked one is next, not
    the check-in (it was 'No check-in planned' or the check-in before)."""
    done = ("---\nperson: Kim Park\ncompany: Acme\ndate: 2026-10-01\nstatus: done\n"
            "follow_up:\n  thank_you: 2026-10-02\n  cadence: none\n---\n")
    ahead = "---\nperson: Kim Park\ncompany: Acme\ndate: 2026-12-03\nstatus: planned\n---\n"
    site = _model(tmp_path, {"a.md": done, "b.md": ahead})
    (kim,) = site.contacts
    assert Records(site).next_text(kim) == "Conversation planned on 2026-12-03"


def test_dates_and_command_options_in_details_are_never_split() -> None:
    from generator.site.render import dated

    html = str(dated("no reply since 2026-11-16: coffeechat log 'A <b>' --followed-up "
                     "(or --cancelled); a-b--c"))
    assert html == ('no reply since <time datetime="2026-11-16">2026-11-16</time>: coffeechat '
                    "log &#x27;A &lt;b&gt;&#x27; <code class=\"cc-option\">--followed-up</code>"
                    ' (or <code class="cc-option">--cancelled</code>); a-b--c')
    css = (ROOT / "generator" / "site" / "theme" / "assets" / "stylesheets" /
           "coffeechat.css").read_text()
    assert ".md-typeset .cc-option { white-space: nowrap; }" in css or \
        ".md-typeset time, .md-typeset .cc-option { white-space: nowrap; }" in css
