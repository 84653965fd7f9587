"""`coffeechat sync` (SPEC §12): mail and calendars, read locally and read-only, proposing
what a user would have typed; with --apply, recorded through the same edits; again,
nothing new. Messages are built with the standard library, files are real mbox, Maildir,
.eml and iCalendar files."""

from __future__ import annotations

import hashlib
import json
import mailbox
import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from conftest import TODAY, Book, note

ME = "ana@example.org"
NY = timezone(timedelta(hours=-5))
BODY_MARKER = "BODYMARKER-never-in-a-note"


@pytest.fixture(autouse=True)
def _zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The owner's zone is the process's (SPEC §12): New York here, unless a test says."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def mail(when: datetime, sender: str, to: str, subject: str = "Hello", *, cc: str = "",
         mid: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    if cc:
        message["Cc"] = cc
    message["Date"] = format_datetime(when)
    digest = hashlib.sha1(repr((when, sender, to, subject)).encode()).hexdigest()
    message["Message-ID"] = f"<{mid or digest}@x>"
    message.set_content(f"{BODY_MARKER}\nsecret details\n")
    return message


def at(day: str, hour: int = 10, zone: timezone = NY) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=zone)


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(str(path), create=True)
    for message in messages:
        box.add(message)
    box.flush()
    return path


def write_maildir(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.Maildir(str(path), create=True)
    for message in messages:
        box.add(message)
    return path


def write_eml(path: Path, messages: list[EmailMessage]) -> Path:
    path.mkdir()
    for n, message in enumerate(messages):
        (path / f"{n:03d}.eml").write_bytes(bytes(message))
    return path


def ics(*events: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + "".join(events)
            + "END:VCALENDAR\r\n")


def vevent(start: str, *, attendee: str = "", title: str = "Coffee", cancelled: bool = False,
           uid: str = "e1") -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z",
             f"DTSTART;VALUE=DATE:{start}" if len(start) == 8 else f"DTSTART:{start}",
             f"SUMMARY:{title}"]
    if attendee:
        lines.append(f"ATTENDEE;CN=Someone:mailto:{attendee}")
    if cancelled:
        lines.append("STATUS:CANCELLED")
    return "\r\n".join([*lines, "END:VEVENT"]) + "\r\n"


@pytest.fixture
def pipeline(book: Book) -> Book:
    """Kim: a lead; Omar: a message out; Marcus: a chat on Tuesday, thank-you owed;
    Priya: a chat in October; Dana: a chat ahead; all with their addresses."""
    book.config(f"site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n      me: [{ME}]\n")
    book.write("kim.md", note("Kim Park", "Lumen", "2026-11-30",
                              "status: lead\nemail: kim.park@lumen.example"))
    book.write("omar.md", note("Omar Haddad", "Northwind", "2026-11-16",
                               "status: asked\nemail: omar@northwind.example\noutreach:\n"
                               "  sent: 2026-11-16"))
    book.write("marcus.md", note("Marcus Chen", "Lumen", "2026-11-24",
                                 "status: done\nemail: marcus@lumen.example"))
    book.write("priya.md", note("Priya Raman", "Northwind", "2026-10-02",
                                "status: done\nemail: priya@northwind.example\nfollow_up:\n"
                                "  thank_you: 2026-10-03"))
    book.write("2026-12-01-dana-okafor.md", note(
        "Dana Okafor", "Brightpath", "2026-12-01", "status: planned\nemail: dana@bp.example"))
    return book


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def proposals(book: Book, *args: str, today: str = TODAY) -> list[tuple[str, str, str, bool]]:
    result = book.run("sync", *args, "--format", "json", today=today)
    assert result.exit_code == 0, result.output
    return [(p["date"], p["person"], p["action"], p["by_name"])
            for p in json.loads(result.stdout)["proposals"]]


MONTH = [  # (what, message) in the pipeline fixture's month
    mail(at("2026-11-20"), "Omar Haddad <Omar@Northwind.example>", ME, "Re: coffee?"),
    mail(at("2026-11-25", 8), ME, "Marcus <marcus@lumen.example>", "Thank you"),
    mail(at("2026-11-25", 9), ME, "Kim Park <KIM.PARK@lumen.example>", "Hello from Marcus"),
    mail(at("2026-11-05"), "Priya <priya@northwind.example>", ME, "Re: Fwd: the article"),
    mail(at("2026-11-05", 15), ME, "Priya <priya@northwind.example>", "Re: the article"),
]
WANTED = [("2026-11-05", "Priya Raman", "check-in", False),  # one a day: the day's first
          ("2026-11-20", "Omar Haddad", "replied", False),
          ("2026-11-25", "Marcus Chen", "thank-you", False),
          ("2026-11-25", "Kim Park", "reach", False)]


@pytest.mark.parametrize("kind", ["mbox", "maildir", "eml"])
def test_each_source_proposes_the_month_and_apply_then_proposes_nothing(
        pipeline: Book, tmp_path: Path, kind: str) -> None:
    writer = {"mbox": write_mbox, "maildir": write_maildir, "eml": write_eml}[kind]
    source = writer(tmp_path / f"box-{kind}", MONTH)
    source_before = snapshot(source) if source.is_dir() else {"": source.read_bytes()}
    before = snapshot(pipeline.root)
    assert proposals(pipeline, str(source)) == WANTED
    assert snapshot(pipeline.root) == before  # without --apply, nothing written
    result = pipeline.run("sync", str(source), "--apply")
    assert result.exit_code == 0, result.output
    assert "recorded 4 of 4" in result.output
    assert proposals(pipeline, str(source)) == []  # again: nothing new
    assert (snapshot(source) if source.is_dir() else {"": source.read_bytes()}) == source_before
    texts = "".join(p.read_text() for p in pipeline.notes.rglob("*.md"))
    assert BODY_MARKER not in texts and "secret" not in texts
    assert "remark" not in texts and "    note: the article\n" in (
        pipeline.notes / "priya.md").read_text()
    kim = (pipeline.notes / "kim.md").read_text()
    assert "status: asked" in kim and "  sent: 2026-11-25\n  via: email\n" in kim
    assert pipeline.run("check").exit_code == 0


def test_a_calendar_books_moves_settles_and_cancels(pipeline: Book, tmp_path: Path) -> None:
    cal = tmp_path / "c.ics"
    cal.write_text(ics(vevent("20261204", attendee="kim.park@lumen.example", uid="a"),
                       vevent("20261202T150000Z", attendee="DANA@bp.example", uid="b")))
    assert proposals(pipeline, str(cal)) == [("2026-12-02", "Dana Okafor", "move", False),
                                             ("2026-12-04", "Kim Park", "book", False)]
    assert pipeline.run("sync", str(cal), "--apply").exit_code == 0
    assert (pipeline.notes / "2026-12-02-dana-okafor.md").is_file()  # renamed as booked
    assert "date: 2026-12-04\nstatus: planned" in (pipeline.notes / "kim.md").read_text()
    assert proposals(pipeline, str(cal)) == []
    # once the day has passed: it happened; a cancelled one closes only a chat on its day
    past = tmp_path / "p.ics"
    past.write_text(ics(vevent("20261202", attendee="dana@bp.example", uid="c"),
                        vevent("20261205", attendee="kim.park@lumen.example", uid="d",
                               cancelled=True),
                        vevent("20261204", attendee="kim.park@lumen.example", uid="e",
                               cancelled=True)))
    got = proposals(pipeline, str(past), today="2026-12-03")
    assert got == [("2026-12-02", "Dana Okafor", "done", False),
                   ("2026-12-04", "Kim Park", "cancelled", False)]


def test_names_match_only_with_by_name_and_are_marked(pipeline: Book, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "m", [mail(at("2026-11-20"), "Omar H <omar.private@home.example>",
                                           ME, "Re: coffee")])
    cal = tmp_path / "c.ics"
    cal.write_text(ics(vevent("20261203", title="Coffee: dana OKAFOR / Brightpath")))
    assert proposals(pipeline, str(box), str(cal)) == []
    assert proposals(pipeline, str(box), str(cal), "--by-name") == [
        ("2026-12-03", "Dana Okafor", "move", True)]  # a display name must be a full name
    box2 = write_mbox(tmp_path / "m2", [mail(at("2026-11-20"), "Omar Haddad <o@home.example>",
                                             ME, "Re: coffee")])
    assert proposals(pipeline, str(box2), "--by-name") == [
        ("2026-11-20", "Omar Haddad", "replied", True)]
    text = pipeline.run("sync", str(box2), "--by-name").output
    assert "2026-11-20 Omar Haddad: they answered (log --replied) [by name]" in text


def test_a_follow_up_and_a_thank_you_window(pipeline: Book, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "m", [
        mail(at("2026-11-16", 18), ME, "omar@northwind.example", "coffee?"),  # the first
        mail(at("2026-11-17"), ME, "omar@northwind.example", "Following up"),
        mail(at("2026-12-03"), ME, "marcus@lumen.example", "Thanks, late"),  # 7 b.days late
    ])
    assert proposals(pipeline, str(box), today="2026-12-04") == [
        ("2026-11-17", "Omar Haddad", "followed-up", False),
        ("2026-12-03", "Marcus Chen", "check-in", False)]  # past the window: not a thank-you


def test_the_owners_day_decides_near_midnight(pipeline: Book, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    late = datetime(2026, 11, 20, 23, 30, tzinfo=NY)  # Saturday 05:30 in Berlin
    box = write_mbox(tmp_path / "m", [mail(late, "omar@northwind.example", ME, "Re: coffee")])
    assert proposals(pipeline, str(box))[0][0] == "2026-11-20"
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    assert proposals(pipeline, str(box))[0][0] == "2026-11-21"


def test_the_same_message_in_two_sources_counts_once(pipeline: Book, tmp_path: Path) -> None:
    one = write_mbox(tmp_path / "a", MONTH[:1])
    two = write_maildir(tmp_path / "b", MONTH[:1])
    assert proposals(pipeline, str(one), str(two)) == WANTED[1:2]


def test_without_me_the_most_frequent_sender_is_assumed_and_said(
        book: Book, tmp_path: Path) -> None:
    book.write("omar.md", note("Omar Haddad", "N", "2026-11-16", "status: asked\nemail: "
                               "omar@n.example\noutreach:\n  sent: 2026-11-16"))
    box = write_mbox(tmp_path / "m", [
        mail(at("2026-11-17"), "Me <me@mine.example>", "x@y.example"),
        mail(at("2026-11-18"), "Me <me@mine.example>", "z@y.example"),
        mail(at("2026-11-19"), "omar@n.example", "me@mine.example", "Re: hi")])
    result = book.run("sync", str(box))
    assert result.output.startswith("me: me@mine.example (assumed: the address that sends "
                                    "most of the messages")
    assert "2026-11-19 Omar Haddad: they answered" in result.output


def test_malformed_messages_and_events_are_skipped_and_counted(
        pipeline: Book, tmp_path: Path) -> None:
    bad = EmailMessage()
    bad["Subject"] = "no date, no sender"
    bad.set_content("x")
    box = write_mbox(tmp_path / "m", [bad, MONTH[0], bad])
    cal = tmp_path / "c.ics"
    cal.write_text(ics("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:no start\r\nEND:VEVENT\r\n",
                       vevent("20261203", attendee="dana@bp.example")))
    result = json.loads(pipeline.run("sync", str(box), str(cal), "--format", "json").stdout)
    assert result["read"] == {"messages": 1, "events": 1, "skipped": 3}
    assert [p["action"] for p in result["proposals"]] == ["replied", "move"]


@pytest.mark.parametrize("make", ["missing", "empty-folder", "text-file", "not-a-calendar"])
def test_a_source_that_cannot_be_read_is_one_line_and_nothing_is_written(
        pipeline: Book, tmp_path: Path, make: str) -> None:
    path = tmp_path / make
    if make == "empty-folder":
        path.mkdir()
    elif make == "text-file":
        path.write_text("just some text\n")
    elif make == "not-a-calendar":
        path = tmp_path / "x.ics"
        path.write_text("hello\n")
    box = write_mbox(tmp_path / "m", MONTH)
    before = snapshot(pipeline.root)
    result = pipeline.run("sync", str(box), str(path), "--apply")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith(f"Error: {path}: ")
    assert snapshot(pipeline.root) == before


def test_a_refused_proposal_is_reported_and_the_others_recorded(
        pipeline: Book, tmp_path: Path) -> None:
    pipeline.write("2026-12-02-dana-okafor.md", "---\nkind: page\n---\nmine\n")  # taken
    cal = tmp_path / "c.ics"
    cal.write_text(ics(vevent("20261202", attendee="dana@bp.example")))
    box = write_mbox(tmp_path / "m", MONTH[:1])
    result = pipeline.run("sync", str(box), str(cal), "--apply")
    assert result.exit_code == 1
    assert "recorded 1 of 2" in result.output
    assert "refused: 2026-12-02 Dana Okafor: chat moved" in result.output
    assert "replied: 2026-11-20" in (pipeline.notes / "omar.md").read_text()
    assert (pipeline.notes / "2026-12-01-dana-okafor.md").read_text().count("2026-12-01") == 1


@pytest.mark.slow
def test_the_sample_notebook_shows_proposals_on_a_fresh_clone() -> None:
    """The README's one command: the sample mail and calendar beside the sample notebook."""
    import re
    import shlex
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    line = re.search(r"^coffeechat sync tests/data/mail/.*$", (root / "README.md").read_text(),
                     re.MULTILINE).group(0)  # type: ignore[union-attr]
    done = subprocess.run([sys.executable, "-m", "generator.cli", *shlex.split(line)[1:]],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "TZ": "America/New_York"})
    assert done.returncode == 0, done.stderr
    assert "2026-11-20 Omar Haddad: they answered (log --replied)" in done.stdout
    assert "2026-12-03 Dana Okafor: chat moved to this day" in done.stdout
    assert "nothing was written" in done.stdout


# --- through the command, with a real IMAP server; the weekly review ----------------------------

@pytest.mark.slow
def test_sync_from_imap_applies_and_marks_nothing_read(
        pipeline: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    from imap_server import available, running_dovecot

    assert available(), "Dovecot (dovecot-imapd) is needed: .ci/run installs it"
    with running_dovecot() as server:
        inbox = server.add_user("ana", "correct horse")
        for message, arrived in ((MONTH[0], at("2026-11-20")), (MONTH[2], at("2026-11-25"))):
            server.deliver(inbox, message, arrived)
        monkeypatch.setenv("SSL_CERT_FILE", str(server.cert))
        monkeypatch.setenv("COFFEECHAT_IMAP_PASSWORD", "correct horse")
        url = server.url("ana")
        assert proposals(pipeline, url) == [("2026-11-20", "Omar Haddad", "replied", False),
                                            ("2026-11-25", "Kim Park", "reach", False)]
        result = pipeline.run("sync", url, "--apply")
        assert result.exit_code == 0, result.output
        assert proposals(pipeline, url) == []
        assert len(list((inbox / "new").iterdir())) == 2  # still new: nothing marked read
        assert not list((inbox / "cur").iterdir())
        texts = "".join(p.read_text() for p in pipeline.notes.rglob("*.md"))
        assert BODY_MARKER not in texts


def test_a_password_in_the_url_is_refused_and_never_shown(pipeline: Book) -> None:
    before = snapshot(pipeline.root)
    result = pipeline.run("sync", "imaps://ana:hunter2secret@127.0.0.1:1/INBOX")
    assert result.exit_code == 1
    assert "hunter2secret" not in result.output and result.output.count("\n") == 1
    assert "COFFEECHAT_IMAP_PASSWORD" in result.output
    assert snapshot(pipeline.root) == before


def test_accented_display_names_in_encoded_headers_match_by_name(
        book: Book, tmp_path: Path) -> None:
    book.config(f"site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n      me: [{ME}]\n")
    book.write("sofia.md", note("Sofía Hernández", "Tidewater", "2026-11-16",
                                "status: asked\noutreach:\n  sent: 2026-11-16"))
    message = mail(at("2026-11-18"), "=?utf-8?q?Sof=C3=ADa_Hern=C3=A1ndez?= <s@home.example>",
                   ME, "=?utf-8?q?Re=3A_caf=C3=A9?=")
    box = write_mbox(tmp_path / "m", [message])
    assert proposals(book, str(box)) == []
    assert proposals(book, str(box), "--by-name") == [
        ("2026-11-18", "Sofía Hernández", "replied", True)]


def test_the_weekly_review_counts_what_sync_recorded(pipeline: Book, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "m", MONTH)
    before = json.loads(pipeline.run("week", "--format", "json").stdout)
    assert pipeline.run("sync", str(box), "--apply").exit_code == 0
    after = json.loads(pipeline.run("week", "--format", "json").stdout)  # 2026-W48
    assert (after["outreach"], after["thank_yous"]) == (before["outreach"] + 1,
                                                        before["thank_yous"] + 1)
    assert after["thank_yous_on_time"] == before["thank_yous_on_time"] + 1


def test_a_person_on_cc_is_written_to(pipeline: Book, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "m", [mail(at("2026-11-25"), ME, "someone@else.example",
                                           "Intro", cc="Kim <kim.park@LUMEN.example>")])
    assert proposals(pipeline, str(box)) == [("2026-11-25", "Kim Park", "reach", False)]


# --- found in review -----------------------------------------------------------------------------

def _twice(book: Book, *sources: str, today: str = TODAY) -> None:
    """Apply, then apply again: the second run proposes and writes nothing."""
    first = book.run("sync", *sources, "--apply", today=today)
    assert first.exit_code == 0, first.output
    before = snapshot(book.root)
    assert proposals(book, *sources, today=today) == []
    assert book.run("sync", *sources, "--apply", today=today).exit_code == 0
    assert snapshot(book.root) == before


def test_a_thank_you_sent_after_the_chats_event_the_same_day(book: Book, tmp_path: Path) -> None:
    book.config(f"site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n      me: [{ME}]\n")
    book.write("jane.md", note(date="2026-11-20", extra="status: planned\nemail: j@a.example"))
    cal = tmp_path / "c.ics"
    cal.write_text(ics(vevent("20261120T150000Z", attendee="j@a.example")))
    box = write_mbox(tmp_path / "m", [mail(datetime(2026, 11, 20, 18, tzinfo=NY), ME,
                                           "j@a.example", "Thank you")])
    assert proposals(book, str(cal), str(box)) == [("2026-11-20", "Jane Doe", "done", False),
                                                   ("2026-11-20", "Jane Doe", "thank-you",
                                                    False)]
    _twice(book, str(cal), str(box))


def test_two_events_with_one_person_never_move_the_chat_to_and_fro(
        pipeline: Book, tmp_path: Path) -> None:
    cal = tmp_path / "c.ics"
    cal.write_text(ics(vevent("20261201", attendee="dana@bp.example", uid="a"),
                       vevent("20261215", attendee="dana@bp.example", uid="b")))
    assert proposals(pipeline, str(cal)) == []  # the chat has its event: nothing moves
    # booked and moved in one run: the move finds the note under its new name
    cal2 = tmp_path / "d.ics"
    cal2.write_text(ics(vevent("20261204", attendee="kim.park@lumen.example", uid="c")))
    box = write_mbox(tmp_path / "m", MONTH)
    _twice(pipeline, str(box), str(cal2))


def test_messages_recorded_as_outreach_are_no_check_ins(book: Book, tmp_path: Path) -> None:
    book.config(f"site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n      me: [{ME}]\n")
    book.write("old.md", note(date="2026-06-01", extra="status: done\nemail: j@a.example\n"
                              "follow_up:\n  thank_you: 2026-06-02"))
    book.write("new.md", note(company="Beta", date="2026-11-10", extra="status: asked\n"
                              "outreach:\n  sent: 2026-11-10"))
    box = write_mbox(tmp_path / "m", [
        mail(at("2026-11-10"), ME, "j@a.example", "Coffee at Beta?"),
        mail(at("2026-11-12"), "j@a.example", ME, "Re: Coffee at Beta?")])
    assert proposals(book, str(box)) == [("2026-11-12", "Jane Doe", "replied", False)]
    _twice(book, str(box))


def test_a_subject_with_control_characters_is_recorded_without_them(
        pipeline: Book, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "m", [mail(at("2026-11-05"), "priya@northwind.example", ME,
                                           "=?utf-8?q?Hello=1B[31m_there=07?=")])
    _twice(pipeline, str(box))
    assert "    note: Hello[31m there\n" in (pipeline.notes / "priya.md").read_text()


def test_dates_beyond_the_calendar_are_skipped_not_a_traceback(
        pipeline: Book, tmp_path: Path) -> None:
    late = EmailMessage()
    late["From"], late["To"], late["Subject"] = "omar@northwind.example", ME, "far"
    late["Date"] = "Fri, 31 Dec 9999 23:00:00 -1200"
    box = write_mbox(tmp_path / "m", [late, MONTH[0]])
    cal = tmp_path / "c.ics"
    cal.write_text(ics("BEGIN:VEVENT\r\nUID:z\r\nDTSTAMP:20261101T000000Z\r\n"
                       "DTSTART:99991231T233000\r\nATTENDEE:mailto:dana@bp.example\r\n"
                       "END:VEVENT\r\n"))
    result = json.loads(pipeline.run("sync", str(box), str(cal), "--format", "json").stdout)
    assert result["read"] == {"messages": 1, "events": 0, "skipped": 2}


def test_an_empty_mailbox_and_a_bad_maildir_entry(pipeline: Book, tmp_path: Path) -> None:
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    box = write_maildir(tmp_path / "md", MONTH[:1])
    (box / "cur" / "a-folder").mkdir()
    result = json.loads(pipeline.run("sync", str(empty), str(box), "--format",
                                     "json").stdout)
    assert result["read"] == {"messages": 1, "events": 0, "skipped": 1}
    assert [p["action"] for p in result["proposals"]] == ["replied"]


def test_the_thank_you_goes_where_log_writes_it(book: Book, tmp_path: Path) -> None:
    """Two chats, the earlier without a thank-you: log --thank-you writes into the latest,
    so a message is a thank-you only when the latest owes one."""
    book.config(f"site_name: t\ndocs_dir: notes\nplugins:\n  - coffeechat:\n      me: [{ME}]\n")
    book.write("a.md", note(date="2026-11-16", extra="status: done\nemail: j@a.example"))
    book.write("b.md", note(date="2026-11-18", extra="status: done\nfollow_up:\n"
                            "  thank_you: 2026-11-18"))
    box = write_mbox(tmp_path / "m", [mail(at("2026-11-19"), ME, "j@a.example", "Hi")])
    assert proposals(book, str(box)) == [("2026-11-19", "Jane Doe", "check-in", False)]
    _twice(book, str(box))
    assert "thank_you: 2026-11-18" in (book.notes / "b.md").read_text()
