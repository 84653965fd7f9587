"""`sync`'s IMAP source (SPEC §12) against a real Dovecot (tests/imap_server.py): headers
only, since a day (the server searches), nothing marked read, and each failure one line
naming the source without its password. Without Dovecot installed these tests fail,
like the browser tests without Chromium: CI installs it."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage
from itertools import count
from pathlib import Path

import pytest
from imap_server import Dovecot, running_dovecot
from imapclient import IMAPClient

from generator.core.sync import Address, Message
from generator.errors import UnreadableSource
from generator.files import imap
from generator.files.imap import Mailbox, parse_url, read_imap

SINCE = date(2026, 10, 1)
MARKER = "BODY-MARKER-7f3a"  # in every body; must never be fetched
HEADERS_ONLY = "BODY.PEEK[HEADER.FIELDS (FROM TO CC DATE SUBJECT MESSAGE-ID)]"
_users = count()


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    with running_dovecot() as running:
        yield running


@dataclass
class Account:
    server: Dovecot
    user: str
    password: str
    inbox: Path

    @property
    def url(self) -> str:
        return self.server.url(self.user)

    def deliver(self, text: str | bytes, arrived: datetime, folder: str = "INBOX") -> Path:
        maildir = self.server.folder(self.user, folder)
        return self.server.deliver(maildir, text if isinstance(text, bytes) else _mail(text),
                                   arrived)


@pytest.fixture
def account(server: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Account]:
    """A fresh user on the server, its certificate trusted, the owner in Berlin."""
    user = f"ana{next(_users)}"
    inbox = server.add_user(user, "correct horse")
    monkeypatch.setenv("SSL_CERT_FILE", str(server.cert))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield Account(server, user, "correct horse", inbox)
    monkeypatch.undo()
    time.tzset()


def _mail(headers: str) -> EmailMessage:
    """A message with these headers (`Name: value` lines) and a body holding the marker."""
    message = EmailMessage()
    for line in headers.strip().splitlines():
        name, _, value = line.partition(":")
        message[name.strip()] = value.strip()
    message.set_content(f"Confidential.\n{MARKER}\n")
    return message


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _unreadable(url: str, password: str | None = "correct horse") -> str:
    with pytest.raises(UnreadableSource) as caught:
        read_imap(url, since=SINCE, password=password)
    message = str(caught.value)
    assert "\n" not in message and "correct horse" not in message
    return message


# --- what is read ---------------------------------------------------------------------------

def test_reads_the_headers_of_the_messages_since_the_day_in_the_owners_zone(
        account: Account) -> None:
    account.deliver("From: old@example.org\nTo: ana@example.org\nSubject: Long ago\n"
                    "Date: Tue, 01 Sep 2026 10:00:00 +0000\nMessage-ID: <old@x>",
                    _utc(2026, 9, 1, 10))
    # Berlin's 30 September, late: before the day, read by the server, dropped here
    account.deliver("From: late@example.org\nTo: ana@example.org\nSubject: Eve\n"
                    "Date: Wed, 30 Sep 2026 23:50:00 +0200\nMessage-ID: <eve@x>",
                    _utc(2026, 9, 30, 21, 50))
    # Berlin's 1 October, though the server (UTC) received them on 30 September
    account.deliver("From: Zoë Müller-Łukasz <Zoe.Muller@Example.ORG>\n"
                    "To: Ana <ANA@Example.org>\n"
                    "Cc: Søren Ørsted <SOREN@EXAMPLE.ORG>, plain@example.net\n"
                    "Subject: Re: Coffee?\nDate: Thu, 01 Oct 2026 00:30:00 +0200\n"
                    "Message-ID: <zoe@x>", _utc(2026, 9, 30, 22, 30))
    account.deliver("From: utc@example.org\nTo: ana@example.org\nSubject: Midnight\n"
                    "Date: Wed, 30 Sep 2026 22:10:00 +0000\nMessage-ID: <utc@x>",
                    _utc(2026, 9, 30, 22, 10))
    # New York's 30 September, Berlin's 1 October
    account.deliver("From: \"Ny, Joe\" <joe@ny.example>\nTo: ana@example.org\n"
                    "Subject: Evening\nDate: Wed, 30 Sep 2026 23:30:00 -0400\n"
                    "Message-ID: <ny@x>", _utc(2026, 10, 1, 3, 30))

    source = read_imap(account.url, since=SINCE, password=account.password)

    url = f"imaps://{account.user}@127.0.0.1:{account.server.port}/INBOX"
    assert (source.name, source.kind, source.skipped, source.events) == (url, "IMAP", 0, [])
    plus2, minus4 = timezone(timedelta(hours=2)), timezone(timedelta(hours=-4))
    assert source.messages == [  # in the order they arrived (UID order)
        Message(url, _utc(2026, 9, 30, 22, 10), (Address("utc@example.org"),),
                (Address("ana@example.org"),), "Midnight", "<utc@x>"),
        Message(url, datetime(2026, 10, 1, 0, 30, tzinfo=plus2),
                (Address("zoe.muller@example.org", "Zoë Müller-Łukasz"),),
                (Address("ana@example.org", "Ana"),
                 Address("soren@example.org", "Søren Ørsted"),
                 Address("plain@example.net")), "Re: Coffee?", "<zoe@x>"),
        Message(url, datetime(2026, 9, 30, 23, 30, tzinfo=minus4),
                (Address("joe@ny.example", "Ny, Joe"),), (Address("ana@example.org"),),
                "Evening", "<ny@x>"),
    ]
    sent = account.server.rawlog(account.user, "in")
    answered = account.server.rawlog(account.user, "out")
    # the server searched; what arrived before the day (less a day's margin) never came
    assert re.search(r" UID SEARCH SINCE 30-Sep-2026\r?\n", sent)
    assert "<old@x>" not in answered and "<eve@x>" in answered


def test_only_header_fields_are_fetched_and_nothing_is_marked_read(account: Account) -> None:
    for n in range(3):
        account.deliver(f"From: p{n}@example.org\nTo: ana@example.org\nSubject: S{n}\n"
                        f"Date: Mon, 05 Oct 2026 09:0{n}:00 +0000\nMessage-ID: <{n}@x>",
                        _utc(2026, 10, 5, 9, n))
    files = sorted(p.relative_to(account.inbox) for p in account.inbox.glob("*/*"))

    source = read_imap(account.url, since=SINCE, password=account.password)

    assert [m.subject for m in source.messages] == ["S0", "S1", "S2"]
    assert MARKER not in repr(source)
    sent = account.server.rawlog(account.user, "in")
    commands = [line.split(" ", 3)[2:] for line in sent.splitlines()]
    assert [c[0] for c in commands] == ["EXAMINE", "CAPABILITY", "UID", "UID", "LOGOUT"]
    assert commands[3] == ["UID", f"FETCH 1,2,3 ({HEADERS_ONLY})"]
    assert MARKER not in account.server.rawlog(account.user, "out")
    # the server's own count: headers sent, no body
    assert re.search(rf"imap\({account.user}\).*hdr_count=3 .* body_count=0 body_bytes=0",
                     account.server.log())
    # still unread: the same file names (no S flag, still in new/), no \Seen for a client
    assert sorted(p.relative_to(account.inbox) for p in account.inbox.glob("*/*")) == files
    assert all(p.parts[0] == "new" for p in files)
    with IMAPClient("127.0.0.1", port=account.server.port, timeout=10) as other:
        other.login(account.user, account.password)
        other.select_folder("INBOX", readonly=True)
        flags = other.get_flags(other.search(["ALL"]))
    assert len(flags) == 3 and not any(b"\\Seen" in f for f in flags.values())


def test_a_malformed_message_is_skipped_and_counted(account: Account) -> None:
    account.deliver(b"From: nodate@example.org\r\nSubject: No date\r\n\r\n" + MARKER.encode(),
                    _utc(2026, 10, 2, 8))
    account.deliver(b"From: nobody\r\nTo: ana@example.org\r\nSubject: No address\r\n"
                    b"Date: Fri, 02 Oct 2026 08:00:00 +0000\r\n\r\nbody\r\n",
                    _utc(2026, 10, 2, 8, 1))
    account.deliver("From: ok@example.org\nTo: ana@example.org\nSubject: Fine\n"
                    "Date: Fri, 02 Oct 2026 09:00:00 +0000", _utc(2026, 10, 2, 9))

    source = read_imap(account.url, since=SINCE, password=account.password)

    assert [(m.subject, m.message_id) for m in source.messages] == [("Fine", None)]
    assert source.skipped == 2


def test_messages_are_fetched_in_batches(account: Account,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap, "BATCH", 2)
    for n in range(5):
        account.deliver(f"From: p{n}@example.org\nTo: ana@example.org\nSubject: S{n}\n"
                        f"Date: Mon, 05 Oct 2026 09:0{n}:00 +0000", _utc(2026, 10, 5, 9, n))

    source = read_imap(account.url, since=SINCE, password=account.password)

    assert [m.subject for m in source.messages] == ["S0", "S1", "S2", "S3", "S4"]
    fetches = re.findall(r" UID FETCH (\S+) ", account.server.rawlog(account.user, "in"))
    assert fetches == ["1,2", "3,4", "5"]


def test_the_folder_is_the_urls_path(account: Account) -> None:
    account.deliver("From: a@example.org\nTo: ana@example.org\nSubject: In the inbox\n"
                    "Date: Mon, 05 Oct 2026 09:00:00 +0000", _utc(2026, 10, 5, 9))
    account.deliver("From: ana@example.org\nTo: b@example.org\nSubject: Sent\n"
                    "Date: Mon, 05 Oct 2026 10:00:00 +0000", _utc(2026, 10, 5, 10),
                    folder="Sent Items")

    source = read_imap(account.server.url(account.user, "Sent%20Items"), since=SINCE,
                       password=account.password)

    assert [m.subject for m in source.messages] == ["Sent"]


def test_an_empty_folder_reads_nothing(account: Account) -> None:
    source = read_imap(account.url, since=SINCE, password=account.password)
    assert (source.messages, source.skipped) == ([], 0)
    assert " FETCH " not in account.server.rawlog(account.user, "in")


def test_the_url() -> None:
    assert parse_url("imaps://ana%40example.org@imap.example.org/Archive/2026") == \
        Mailbox("ana@example.org", "imap.example.org", 993, "Archive/2026")
    assert parse_url("imaps://ana@[::1]:1993") == Mailbox("ana", "::1", 1993, "INBOX")


# --- what fails: one line naming the source, never the password ------------------------------

def test_a_wrong_password(account: Account) -> None:
    assert _unreadable(account.url, "wrong") == (
        f"{account.url}: login failed for {account.user} "
        "(the server said: [AUTHENTICATIONFAILED] Authentication failed.)")


def test_no_password(account: Account) -> None:
    for password in (None, ""):
        assert _unreadable(account.url, password) == (
            f"{account.url}: no password (set the environment variable "
            "COFFEECHAT_IMAP_PASSWORD)")


def test_a_folder_that_does_not_exist(account: Account) -> None:
    url = account.server.url(account.user, "Nope")
    assert _unreadable(url) == (
        f"{url}: cannot open the folder 'Nope' (the server said: Mailbox doesn't exist: Nope.)")


def test_a_certificate_that_does_not_verify(account: Account,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE")  # the system's store: it never heard of this one
    assert _unreadable(account.url) == (
        f"{account.url}: the server's certificate does not verify (self-signed certificate); "
        "certificates are checked against the system's store (SSL_CERT_FILE names another)")
    assert f"Login: user=<{account.user}>" not in account.server.log()


@pytest.mark.parametrize("url", [
    "imaps://ana:hunter2@127.0.0.1:{port}/INBOX",
    "imaps://ana:hunter2@127.0.0.1:{port}",
    "imaps://ana:%68unter2@127.0.0.1:{port}/INBOX",
    "imaps://ana:hunter2@127.0.0.1:99999/INBOX",
    "imaps://ana:hunter2@/INBOX",
])
def test_a_password_in_the_url_is_refused_without_echoing_it(url: str, server: Dovecot) -> None:
    given = url.format(port=server.port)
    message = _unreadable(given)
    assert "hunter2" not in message and "%68unter2" not in message
    assert message == (f"{given.replace(':hunter2', '').replace(':%68unter2', '')}: the URL "
                       "holds a password; give it in the environment variable "
                       "COFFEECHAT_IMAP_PASSWORD instead, never in the URL")


def test_a_url_of_another_form() -> None:
    assert _unreadable("imap://ana@example.org/INBOX") == (
        "imap://ana@example.org/INBOX: not an imaps://USER@HOST[:PORT]/FOLDER URL")
    assert _unreadable("imaps://example.org/INBOX") == (
        "imaps://example.org/INBOX: a user and a host are needed "
        "(imaps://USER@HOST[:PORT]/FOLDER)")
    assert _unreadable("imaps://ana@example.org:99999/INBOX") == (
        "imaps://ana@example.org:99999/INBOX: the port is not a number from 1 to 65535")


def test_a_server_that_cannot_be_reached() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"imaps://ana@127.0.0.1:{port}/INBOX"
    assert _unreadable(url) == f"{url}: cannot connect to 127.0.0.1:{port}: Connection refused"


def test_a_server_that_does_not_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap, "TIMEOUT", 0.3)
    with socket.socket() as silent:  # accepts (the kernel's backlog), never speaks TLS
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"imaps://ana@127.0.0.1:{silent.getsockname()[1]}/INBOX"
        assert _unreadable(url) == f"{url}: no answer within 0.3 seconds (trying to connect)"
