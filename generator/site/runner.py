"""Runs the engine for `coffeechat build` and `coffeechat serve`.

MkDocs runs in-process with the plugin: today and the notes already checked reach the
plugin as attributes of its instance; what must be set process-wide (the engine's logging,
one environment variable) is set for the length of the run and put back afterwards. The
same code runs under ProperDocs, whose modules stand in for MkDocs's when it is the one
loaded (its messages, and so the plugin's, go to its own logger, `properdocs`).

Zensical runs no plugin: coffeechat writes the staged tree (`stage.py`) and runs
`zensical build` (or `serve`) on it in a process of its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ..core.model import Severity
from ..core.notebook import Notebook
from ..core.options import Options
from ..core.text import terminal
from ..errors import BuildError
from ..files.config import read_settings
from .stage import Stage, mirror, read_tree, safe_site_dir, staged_files, zensical_config
from .tree import ROBOTS


class _StderrHandler(logging.Handler):
    """MkDocs's messages, on whatever standard error is at the time."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


@contextlib.contextmanager
def _mkdocs_session() -> Iterator[None]:
    """The engine's messages on standard error, and Material's banner about MkDocs 2 off, for
    the length of the block; the loggers and the environment are restored afterwards.

    Under ProperDocs the engine's logger is `properdocs` (the plugin's messages among
    them), and `mkdocs` is kept for plugins that name it."""
    import mkdocs

    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    loggers = [logging.getLogger(name) for name in dict.fromkeys(["mkdocs", mkdocs.__name__])]
    saved = [(logger, logger.level, logger.propagate) for logger in loggers]
    environ = os.environ.get("NO_MKDOCS_2_WARNING")
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        yield
    finally:
        for logger, level, propagate in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
        if environ is None:
            os.environ.pop("NO_MKDOCS_2_WARNING", None)
        else:
            os.environ["NO_MKDOCS_2_WARNING"] = environ


def _config(config_file: str, **overrides: Any) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file, **overrides)
    except MkDocsException as exc:
        raise BuildError(str(exc)) from None
    if "coffeechat" not in config.plugins:
        raise BuildError(f"{config_file} does not enable the coffeechat plugin: add "
                         "`- coffeechat` under `plugins:`")
    return config


def run_build(config_file: str, *, notes_dir: str, today: date, strict: bool = False,
              site_dir: str | None = None, notebook: Notebook | None = None) -> str:
    """Build the site with MkDocs; return the folder it was written to.

    `notebook`, the notes loaded and checked already for the same folder, today and
    options, spares the plugin reading them again.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    overrides: dict[str, Any] = {"docs_dir": os.path.abspath(notes_dir), "strict": strict}
    if site_dir:
        overrides["site_dir"] = os.path.abspath(site_dir)
    with _mkdocs_session():
        config = _config(config_file, **overrides)
        plugin = config.plugins["coffeechat"]
        plugin.given_today, plugin.preloaded = today, notebook
        try:
            build(config)
        except MkDocsException as exc:
            raise BuildError(str(exc)) from None
        except OSError as exc:  # a page MkDocs could not write: the site is incomplete
            raise BuildError(f"cannot write {exc.filename or config.site_dir}: "
                             f"{exc.strerror or exc}") from None
    return str(config.site_dir)


# --- Zensical: a staged tree, built in a process of its own -------------------------------

def _zensical(stage: Stage, command: str, *args: str) -> list[str]:
    import importlib.util

    if importlib.util.find_spec("zensical") is None:
        raise BuildError("Zensical is not installed: pip install 'coffeechat[zensical]'")
    return [sys.executable, "-m", "zensical", command, "-f", stage.config, *args]


def stage_notebook(config_file: str, *, notes_dir: str, today: date, notebook: Notebook,
                   options: Options) -> list[str]:
    """Write (or bring up to date) the staged tree of a notebook checked already, with no
    errors; return the docs files written."""
    stage = Stage(config_file)
    files, nav = staged_files(notebook, today, options, config_file=config_file,
                              notes_dir=notes_dir)
    written = mirror(files, stage.docs)
    config = zensical_config(config_file, nav).encode()
    try:
        with open(stage.config, "rb") as handle:
            same = handle.read() == config
    except FileNotFoundError:
        same = False
    if not same:
        with open(stage.config, "wb") as handle:
            handle.write(config)
    return written


def run_zensical_build(config_file: str, *, notes_dir: str, today: date, notebook: Notebook,
                       options: Options, site_dir: str | None = None) -> str:
    """Stage the notebook, build it with Zensical, and bring the site folder (mkdocs.yml's
    `site_dir`, else `site/`, unless `site_dir` is given) up to date with what it built;
    return that folder. Zensical's messages go to standard error."""
    import subprocess

    stage = Stage(config_file)
    target = site_dir or os.path.join(stage.notebook, str(
        read_settings(config_file).get("site_dir") or "site"))
    target = safe_site_dir(target, notebook=stage.notebook, notes_dir=notes_dir)
    stage_notebook(config_file, notes_dir=notes_dir, today=today, notebook=notebook,
                   options=options)
    done = subprocess.run(_zensical(stage, "build"), cwd=stage.root, capture_output=True,
                          text=True, check=False)
    output = (done.stdout + done.stderr).strip()
    if output:
        print(output, file=sys.stderr)
    if done.returncode:
        last = output.splitlines()[-1] if output else f"exit status {done.returncode}"
        raise BuildError(f"zensical build failed: {last}")
    built = read_tree(stage.site)
    for path, data in built.items():  # a personal notebook: kept out of search engines
        if path.endswith(".html"):
            built[path] = data.replace(b"<head>", f"<head>\n{ROBOTS}".encode(), 1)
    mirror(built, target, keep_hidden=True)
    return target


# --- serve ------------------------------------------------------------------------------------

@contextlib.contextmanager
def _errors_kept() -> Iterator[list[str]]:
    """The messages the engine logs as errors within the block (MkDocs logs a plugin's error,
    then raises only 'Aborted with a BuildError!')."""
    import mkdocs

    errors: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: errors.append(record.getMessage())  # type: ignore[method-assign]
    loggers = [logging.getLogger(name) for name in dict.fromkeys(["mkdocs", mkdocs.__name__])]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield errors
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def run_serve(config_file: str, *, notes_dir: str, today: date,
              dev_addr: str | None = None) -> None:
    """Live preview with MkDocs (`preview.py`): rebuild when a note, mkdocs.yml or the
    notebook's theme overrides change, each build into the one of two folders not served;
    while a build fails, serve the last good site with the errors shown."""
    import shutil
    import tempfile

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .preview import Preview, mount_path, serve_until_stopped

    overrides: dict[str, Any] = {"docs_dir": os.path.abspath(notes_dir)}
    if dev_addr:
        overrides["dev_addr"] = dev_addr
    with _mkdocs_session():
        config = _config(config_file, **overrides)  # fail early, clearly
        address = f"{config.dev_addr.host}:{config.dev_addr.port}"
        mount = mount_path(config.site_url)
        serve_url = f"http://{address}{mount}"
        folders = [tempfile.mkdtemp(prefix="coffeechat_") for _ in range(2)]

        def build_site(served: str) -> str:
            target = folders[1] if served == folders[0] else folders[0]
            logging.getLogger("mkdocs.commands.serve").info("Building documentation...")
            with _errors_kept() as errors:
                try:
                    site = load_config(config_file, site_dir=target, **overrides)
                    site.site_url = serve_url
                    site.plugins["coffeechat"].given_today = today  # type: ignore[attr-defined]
                    build(site, serve_url=serve_url)
                except MkDocsException as exc:
                    raise BuildError("\n".join(errors) or str(exc)) from None
            return target

        config.plugins.on_startup(command="serve", dirty=False)
        server = Preview(build_site, dev_addr=address, mount=mount, root=folders[1])
        watched = [config.docs_dir, config_file, *config.watch] + (
            [config.theme.custom_dir] if config.theme.custom_dir else [])
        try:
            serve_until_stopped(server, watched, first=lambda: config.plugins.on_serve(
                server, config=config, builder=server.builder))
        finally:
            config.plugins.on_shutdown()
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)


def run_zensical_serve(config_file: str, *, notes_dir: str, today: date,
                       load: Callable[[], Notebook], options: Options,
                       dev_addr: str | None = None) -> None:
    """Live preview with Zensical (`preview.py`): stage the notebook at the start and whenever
    a note, mkdocs.yml or the notebook's theme overrides change; `zensical serve`, on a port
    of its own, rebuilds what changed in the staged tree (in memory, faster than a `zensical
    build`), and our server serves its site once it is written. While the notes have errors
    nothing is staged: the last good site is served with the errors shown."""
    import socket
    import subprocess

    from .preview import Preview, mount_path, serve_until_stopped

    stage = Stage(config_file)
    settings = read_settings(config_file)
    engine: list[subprocess.Popen[bytes]] = []

    def build_site(served: str) -> str:
        book = load()
        for problem in book.problems:
            print(terminal(f"coffeechat: {problem}"), file=sys.stderr)
        if book.errors:
            raise BuildError("coffeechat check found errors; fix them to build the site:\n"
                             + "\n".join(str(p) for p in book.problems
                                         if p.severity is Severity.ERROR))
        before = _fingerprint(stage.site)
        written = stage_notebook(config_file, notes_dir=notes_dir, today=today, notebook=book,
                                 options=options)
        first = not engine
        if first:  # it builds the whole site as it starts
            with socket.socket() as free:
                free.bind(("127.0.0.1", 0))
                port = free.getsockname()[1]
            engine.append(subprocess.Popen(
                _zensical(stage, "serve", "-a", f"127.0.0.1:{port}"), cwd=stage.root,
                stdout=subprocess.DEVNULL))
        if written or first:
            _wait_for_writes(stage.site, before, engine[0], seconds=120 if first else 15)
        return stage.site

    theme = settings.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    watched = [notes_dir, config_file] + (
        [os.path.join(stage.notebook, custom)] if isinstance(custom, str) else [])
    server = Preview(build_site, dev_addr=dev_addr or "127.0.0.1:8000",
                     mount=mount_path(settings.get("site_url")), root=stage.site)
    try:
        with _mkdocs_session():  # the server's messages ("Serving on …") on standard error
            serve_until_stopped(server, watched)
    finally:
        for process in engine:  # never left running
            process.terminate()
            process.wait()


def _fingerprint(folder: str) -> dict[str, int]:
    """Each file under `folder` with its modification time."""
    found = {}
    for here, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                found[os.path.join(here, name)] = os.stat(os.path.join(here, name)).st_mtime_ns
    return found


def _wait_for_writes(site: str, before: dict[str, int], engine: Any, *, seconds: float
                     ) -> None:
    """Until Zensical has written what the staged change makes it rebuild: the site has
    changed and then stayed still for a moment (or nothing changed for `seconds`). Only the
    browsers' reload waits for this, never a request."""
    import time

    deadline, last, still = time.monotonic() + seconds, before, 0
    while still < 3 and (last != before or time.monotonic() < deadline):
        if engine.poll() is not None:
            raise BuildError(f"zensical serve stopped (exit status {engine.returncode})")
        time.sleep(0.1)
        now = _fingerprint(site)
        still = still + 1 if now == last and now != before else 0
        last = now
