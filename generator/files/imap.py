"""An IMAP mailbox as a `sync` source (SPEC §12): `imaps://USER@HOST[:PORT]/FOLDER`.

Read-only and headers only: the folder is opened with EXAMINE, the messages since a day
are found by the server (SEARCH SINCE), and only their From, To, Cc, Date, Subject and
Message-ID are fetched, with BODY.PEEK, so nothing is marked read and no body is sent.
The password comes from the caller (the environment variable `COFFEECHAT_IMAP_PASSWORD`),
never from the URL; no message this module raises names it. TLS is verified against the
system's store (OpenSSL's defaults: `SSL_CERT_FILE` is honoured).
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import unquote, urlsplit

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from ..core.sync import local_day
from ..errors import UnreadableSource
from .mail import MAX_HEADERS, MailSource, message_from_headers

DEFAULT_PORT = 993
#: Seconds to wait for the server to connect or answer, each time.
TIMEOUT = 30.0
#: Messages fetched per FETCH command.
BATCH = 500
HEADERS = b"BODY.PEEK[HEADER.FIELDS (FROM TO CC DATE SUBJECT MESSAGE-ID)]"
PASSWORD_VARIABLE = "COFFEECHAT_IMAP_PASSWORD"


@dataclass(frozen=True)
class Mailbox:
    """Where an `imaps://` URL points: the login, the server and the folder."""

    user: str
    host: str
    port: int
    folder: str


def redact(url: str) -> str:
    """The URL as given, less any password it carries (`imaps://user:secret@host/x` →
    `imaps://user@host/x`)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, slash, path = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.partition(':')[0]}@{hostport}{slash}{path}"


def parse_url(url: str) -> Mailbox:
    """The mailbox an `imaps://USER@HOST[:PORT]/FOLDER` URL names (folder: INBOX when none
    is given); a URL that carries a password, or is not of that form, is refused."""
    name = redact(url)
    parts = urlsplit(url)
    if parts.scheme.lower() != "imaps":
        raise UnreadableSource(f"{name}: not an imaps://USER@HOST[:PORT]/FOLDER URL")
    if parts.password is not None:
        raise UnreadableSource(f"{name}: the URL holds a password; give it in the environment "
                               f"variable {PASSWORD_VARIABLE} instead, never in the URL")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise UnreadableSource(f"{name}: the port is not a number from 1 to 65535") from None
    if not parts.username or not parts.hostname:
        raise UnreadableSource(f"{name}: a user and a host are needed "
                               "(imaps://USER@HOST[:PORT]/FOLDER)")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return Mailbox(unquote(parts.username), parts.hostname, port, folder)


def read_imap(url: str, *, since: date, password: str | None) -> MailSource:
    """The messages of an IMAP folder dated on or after `since` (in the owner's zone),
    headers only, nothing marked read. A message whose headers do not parse is skipped
    and counted; a URL, a login, a server or a folder that fails raises
    `UnreadableSource`, one line naming the source without any password."""
    name = redact(url)
    box = parse_url(url)
    if not password:
        raise UnreadableSource(f"{name}: no password (set the environment variable "
                               f"{PASSWORD_VARIABLE})")
    source = MailSource(name, "IMAP")
    step = "connect"
    try:
        client = IMAPClient(box.host, port=box.port, ssl=True,
                            ssl_context=ssl.create_default_context(), timeout=TIMEOUT)
        try:
            step = "log in"
            client.login(box.user, password)
            step = "open"
            client.select_folder(box.folder, readonly=True)
            step = "search"
            # The server compares its own calendar day of each arrival, in a zone that need
            # not be the owner's: a day earlier, then the owner's day decides.
            uids = sorted(client.search(["SINCE", since - timedelta(days=1)]))
            step = "fetch"
            for start in range(0, len(uids), BATCH):
                fetched = client.fetch(uids[start:start + BATCH], [HEADERS])
                for uid in uids[start:start + BATCH]:
                    _add(source, _header_block(fetched.get(uid, {})), since)
        finally:
            _close(client)
    except ssl.SSLCertVerificationError as exc:
        raise _failure(name, password, "the server's certificate does not verify "
                       f"({exc.verify_message}); certificates are checked against the "
                       "system's store (SSL_CERT_FILE names another)") from None
    except TimeoutError:
        raise _failure(name, password, f"no answer within {TIMEOUT:g} seconds "
                       f"(trying to {step})") from None
    except socket.gaierror:
        raise _failure(name, password, f"unknown host {box.host}") from None
    except LoginError as exc:
        raise _failure(name, password, f"login failed for {box.user} "
                       f"(the server said: {_text(exc)})") from None
    except (IMAPClientError, imaplib.IMAP4.error) as exc:
        what = f"cannot open the folder {box.folder!r}" if step == "open" else \
            f"the server refused to {step}"
        raise _failure(name, password, f"{what} (the server said: {_text(exc)})") from None
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise _failure(name, password, f"cannot {step} to {box.host}:{box.port}: {reason}"
                       if step == "connect" else f"the connection failed ({reason})") from None
    return source


def _header_block(item: dict[bytes, object]) -> bytes | None:
    """The header fields of one FETCH answer (the server names it BODY[HEADER.FIELDS …])."""
    for key, value in item.items():
        if isinstance(key, bytes) and key.upper().startswith(b"BODY[") \
                and isinstance(value, bytes):
            return value if len(value) <= MAX_HEADERS else None
    return None


def _add(source: MailSource, raw: bytes | None, since: date) -> None:
    message = message_from_headers(raw, source.name) if raw is not None else None
    if message is None:
        source.skipped += 1
    elif local_day(message.when) >= since:
        source.messages.append(message)


def _close(client: IMAPClient) -> None:
    """Log out, or at least close the connection: the folder was only examined."""
    try:
        client.logout()
    except (IMAPClientError, imaplib.IMAP4.error, OSError):
        with contextlib.suppress(OSError):
            client.shutdown()


def _text(exc: BaseException) -> str:
    """What the server said, less imaplib's wrapping and Dovecot's timings."""
    text = str(exc.args[0]) if exc.args else str(exc)
    if isinstance(exc.args[0] if exc.args else None, bytes):
        text = exc.args[0].decode("utf-8", "replace")
    text = re.sub(r"^b('|\")(.*)\1$", r"\2", text)
    text = re.sub(r"^\w+ failed: ", "", text)
    return re.sub(r" ?\([\d.]+( \+ [\d.]+)* secs\)", "", text)


def _failure(name: str, password: str, reason: str) -> UnreadableSource:
    """One line naming the source; the password never appears, even if a server echoes."""
    line = " ".join(f"{name}: {reason}".split())
    return UnreadableSource(line.replace(password, "***") if password else line)
