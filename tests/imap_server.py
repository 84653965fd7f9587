"""A real IMAP server for the tests: Debian's Dovecot (`apt-get install dovecot-imapd`),
started in the foreground on a free port of 127.0.0.1 with a throwaway configuration
(`dovecot -F -c CONFIG`, no system file read), TLS with a self-signed certificate made
here, a passwd-file of users, Maildir storage, and a rawlog of every IMAP session (what
the client sent, what the server answered) so a test can see exactly what was fetched.

Messages are delivered as an MDA would: a file written into the Maildir's `new/`, its
modification time the arrival (Dovecot's INTERNALDATE). Stopping it ends the master and
waits for every process it started.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from itertools import count
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
auth_mechanisms = plain
auth_failure_delay = 0
first_valid_uid = 0
default_internal_user = {internal}
default_login_user = {login}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd.d/%u
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:{root}/mail/%u
protocol imap {{
  rawlog_dir = {root}/rawlog/%u
}}
# no delay after a wrong password, no penalty on the next login (anvil unreachable)
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
"""


def available() -> bool:
    """Whether Dovecot is installed here."""
    return os.path.exists(DOVECOT)


@dataclass
class Dovecot:
    """A running Dovecot: its folder, its port, the certificate to trust."""

    root: Path
    port: int
    uid: int
    gid: int
    process: subprocess.Popen[bytes] | None = None
    _serial: Iterator[int] = field(default_factory=count)

    @property
    def cert(self) -> Path:
        return self.root / "cert.pem"

    def url(self, user: str, folder: str = "INBOX") -> str:
        return f"imaps://{user}@127.0.0.1:{self.port}/{folder}"

    def add_user(self, user: str, password: str) -> Path:
        """A new user (a passwd-file of their own: Dovecot reads a file once a second at
        most); their INBOX."""
        self._own(self.root / "passwd.d")
        (self.root / "passwd.d" / user).write_text(f"{user}:{{PLAIN}}{password}\n")
        self._own(self.root / "rawlog" / user)
        return self.folder(user, "INBOX")

    def folder(self, user: str, name: str) -> Path:
        """A user's Maildir folder (Maildir++: `.Name` beside the INBOX), made if new."""
        path = self.root / "mail" / user / ("" if name == "INBOX" else f".{name}")
        for sub in ("cur", "new", "tmp"):
            self._own(path / sub)
        return path

    def deliver(self, maildir: Path, message: EmailMessage | bytes, arrived: datetime,
                *, seen: bool = False) -> Path:
        """Write a message into `new/` (or `cur/` with the Seen flag), arriving then."""
        data = message if isinstance(message, bytes) else message.as_bytes()
        unique = f"{int(arrived.timestamp())}.M{next(self._serial)}P{os.getpid()}.test"
        path = maildir / "cur" / f"{unique}:2,S" if seen else maildir / "new" / unique
        path.write_bytes(data)
        stamp = arrived.timestamp()
        os.utime(path, (stamp, stamp))
        os.chown(path, self.uid, self.gid)
        return path

    def rawlog(self, user: str, suffix: str, *, sessions: int = 1) -> str:
        """Everything of `user`'s IMAP sessions after login: `.in` what clients sent,
        `.out` what the server answered; first waiting until that many sessions have
        logged out and been written down (the client returns before the server has)."""
        deadline = time.monotonic() + 15
        while True:
            text = "".join(p.read_text("utf-8", "replace") for p in
                           sorted((self.root / "rawlog" / user).glob(f"*.{suffix}")))
            ended = len(re.findall(rf"imap\({re.escape(user)}\).*Logged out", self.log()))
            done = text.count(" LOGOUT" if suffix == "in" else "Logout completed")
            if min(ended, done) >= sessions or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""

    def _own(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        while path != self.root:
            os.chown(path, self.uid, self.gid)
            path = path.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _certificate(root: Path) -> None:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True)


def _users() -> tuple[int, int, str, str, str]:
    """(uid, gid, internal user, login user, chroot line): as root, the package's own
    users (Dovecot runs no mail or login process as root); otherwise, ourselves."""
    if os.geteuid() == 0:
        internal = pwd.getpwnam("dovecot")
        return internal.pw_uid, internal.pw_gid, "dovecot", "dovenull", ""
    me = pwd.getpwuid(os.geteuid())
    return me.pw_uid, me.pw_gid, me.pw_name, me.pw_name, "chroot ="


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid`."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    """Start Dovecot on a free port of 127.0.0.1, yield it, stop it and every process it
    started, and remove its folder."""
    # Not pytest's tmp_path: its parents are private to root, and Dovecot's unprivileged
    # processes must reach the Maildirs; a short path also keeps socket names short.
    root = Path(tempfile.mkdtemp(prefix="coffeechat-dovecot-"))
    uid, gid, internal, login, chroot = _users()
    server = Dovecot(root, _free_port(), uid, gid)
    try:
        os.chown(root, uid, gid)
        _certificate(root)
        config = root / "dovecot.conf"
        config.write_text(_CONFIG.format(root=root, port=server.port, uid=uid, gid=gid,
                                         internal=internal, login=login, chroot=chroot))
        server.process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait_until_listening(server)
        yield server
    finally:
        if server.process is not None:
            _stop(server.process)
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_listening(server: Dovecot) -> None:
    assert server.process is not None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            stderr = server.process.stderr.read().decode() if server.process.stderr else ""
            raise RuntimeError(f"dovecot exited: {stderr}{server.log()}")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"dovecot did not listen on port {server.port}: {server.log()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the master, wait for it and for each process it had started."""
    children = _children(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in children:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    if process.stderr is not None:
        process.stderr.close()
