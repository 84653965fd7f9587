"""The live preview of `coffeechat serve`, under every engine, made to be left open.

MkDocs's live-reload server answers the requests and reloads the browsers; `Preview`
replaces its watching and its build loop:

- changes are watched through the system's notifications (inotify on Linux, by watchdog),
  never by polling (MkDocs polls every watched file twice a second), and only where they
  are given: the notes, mkdocs.yml and the notebook's theme overrides, never an installed
  theme's thousands of files. Idle, the server sleeps;
- each build goes to a folder the server is not serving (the builder chooses it) and the
  server switches to it once it is complete: a request never waits for a build;
- a build that fails leaves the last good site served, with the problem (file, line,
  message, escaped) in a banner on every page, and on an error page while no build has
  worked yet; browsers reload when it appears and when it goes.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable
from html import escape
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer
from watchdog import events
from watchdog.observers import Observer

from ..core.text import pictured
from ..errors import BuildError

#: Given the folder served now, build the site and return the folder it is in; a build that
#: fails raises BuildError with what the browser is to show.
Builder = Callable[[str], str]

#: Above every page while the notes have errors: the page itself is the last good build.
BANNER = ('<div id="coffeechat-errors" role="alert" style="position:relative;z-index:100;'
          'padding:.8em 1.2em;background:#8c1d18;color:#fff;font:16px/1.4 system-ui,'
          'sans-serif"><strong>coffeechat: the site shown is the last one built without '
          'errors. Fix this and save:</strong><pre style="margin:.5em 0 0;white-space:'
          'pre-wrap;font:14px/1.4 monospace;color:#fff;background:none;border:0">{text}</pre>'
          '</div>')
#: What is served while no build has worked yet.
ERROR_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>coffeechat: '
              'errors</title></head><body></body></html>')
#: The file events that change a site (not a file opened or read, as a build does).
CHANGES: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
    events.FileMovedEvent, events.DirDeletedEvent, events.DirMovedEvent]


def with_banner(page: bytes, problem: str) -> bytes:
    """`page` with the banner showing `problem` (escaped) first in its body."""
    banner = BANNER.format(text=escape(pictured(problem))).encode()
    body = re.search(rb"<body\b[^>]*>", page)
    at = body.end() if body else 0
    return page[:at] + banner + page[at:]


def mount_path(site_url: object) -> str:
    """The path the site is served under: site_url's, as `/path/`."""
    path = urlsplit(site_url).path if isinstance(site_url, str) else ""
    return ("/" + path.strip("/") + "/").replace("//", "/")


class Preview(LiveReloadServer):
    """A live-reload server that builds with `build` and watches only what it is told."""

    def __init__(self, build: Builder, *, dev_addr: str, mount: str, root: str) -> None:
        host, _, port = dev_addr.rpartition(":")
        super().__init__(builder=self.rebuild, host=host.strip("[]"), port=int(port),
                         root=root, mount_path=mount)
        self.build, self.problem, self.dev_addr = build, "", dev_addr
        self.observer = Observer()  # type: ignore[assignment]
        self.error_handler = self.error_page

    def watch(self, path: str, func: object = None, *, recursive: bool = True) -> None:
        """Rebuild when a file under the folder `path`, or the file `path`, changes."""
        path = os.path.abspath(path)
        if path in self._watched_paths or not os.path.exists(path):
            self._watched_paths[path] = self._watched_paths.get(path, 0) + 1
            return
        self._watched_paths[path] = 1
        single = os.path.isfile(path)  # its folder is watched: editors replace files
        handler = events.FileSystemEventHandler()
        handler.on_any_event = functools.partial(  # type: ignore[method-assign]
            self.changed, only=path if single else None)
        self._watch_refs[path] = self.observer.schedule(
            handler, os.path.dirname(path) if single else path,
            recursive=recursive and not single, event_filter=CHANGES)

    def changed(self, event: events.FileSystemEvent, *, only: str | None) -> None:
        paths = {os.fsdecode(event.src_path), os.fsdecode(event.dest_path or "")}
        if only is None or only in paths:
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    def rebuild(self) -> None:
        """Build; serve the new site, or keep the last one and show the problem."""
        try:
            root, problem = self.build(self.root), ""
        except BuildError as exc:
            root, problem = self.root, str(exc)
        except Exception as exc:  # a template of the notebook's, say: shown, not fatal
            traceback.print_exc()
            root, problem = self.root, described(exc)
        if problem:
            print("coffeechat: the browser shows the last site built without errors, and "
                  "these errors, until they are fixed", file=sys.stderr)
        with self._epoch_cond:  # the new version at once: no request waits for it
            self.root, self.problem = root, problem
            self._wanted_epoch = self._visible_epoch = round(time.monotonic() * 1000)
            self._epoch_cond.notify_all()

    def _build_loop(self) -> None:
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                        lambda: self._want_rebuild or self._shutdown, timeout=1):
                    pass  # woken once a second, so that a signal is handled
                if self._shutdown:
                    return
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    pass  # until the changes stop coming
                self._want_rebuild = False
            self.rebuild()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        page = bytes(super()._inject_js_into_html(content, epoch))
        return with_banner(page, self.problem) if self.problem else page

    def error_page(self, code: int) -> bytes | None:
        """The site's own page for `code`, or, while no build has worked, the problem."""
        try:
            with open(os.path.join(self.root, f"{code}.html"), "rb") as handle:
                page = handle.read()
        except OSError:
            if not self.problem:
                return None
            page = ERROR_PAGE.encode()
        return self._inject_js_into_html(page, self._visible_epoch)


def described(exc: Exception) -> str:
    """An unexpected error as the browser shows it: where (a template's file and line, when
    known), its kind and its message."""
    where, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    at = f"{where}:{line}: " if where and line else ""
    return f"{at}{type(exc).__name__}: {exc}"


def serve_until_stopped(server: Preview, watched: list[str], *,
                        first: Callable[[], None] | None = None) -> None:
    """Build once (then `first`), watch, and serve until Ctrl-C or a SIGTERM; the server and
    its watching are stopped however it ends."""
    stopped = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.rebuild()
        for path in watched:
            server.watch(path)
        if first:
            first()
        try:
            server.serve()
        except (OSError, OverflowError) as exc:  # the address is in use, say
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise BuildError(f"cannot serve on {server.dev_addr}: {reason}") from None
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, stopped)
        server.shutdown()
