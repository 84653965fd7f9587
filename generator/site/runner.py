"""Runs MkDocs in-process for `coffeechat build` and `coffeechat serve`.

Today and the notes already checked reach the plugin as attributes of its instance;
what must be set process-wide (MkDocs's logging, one environment variable) is set for
the length of the run and put back afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from datetime import date
from typing import Any

from ..core.notebook import Notebook
from ..errors import BuildError


class _StderrHandler(logging.Handler):
    """MkDocs's messages, on whatever standard error is at the time."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


@contextlib.contextmanager
def _mkdocs_session() -> Iterator[None]:
    """MkDocs's messages on standard error, and Material's banner about MkDocs 2 off, for the
    length of the block; the logger and the environment are restored afterwards."""
    logger = logging.getLogger("mkdocs")
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    saved = logger.level, logger.propagate, os.environ.get("NO_MKDOCS_2_WARNING")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        if saved[2] is None:
            os.environ.pop("NO_MKDOCS_2_WARNING", None)
        else:
            os.environ["NO_MKDOCS_2_WARNING"] = saved[2]


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


def run_serve(config_file: str, *, notes_dir: str, today: date,
              dev_addr: str | None = None) -> None:
    """Live preview: rebuild when a note, mkdocs.yml or the theme changes."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    overrides: dict[str, Any] = {"docs_dir": os.path.abspath(notes_dir)}
    if dev_addr:
        overrides["dev_addr"] = dev_addr
    with _mkdocs_session():
        _config(config_file, **overrides)  # fail early, clearly
        environ = os.environ.get("COFFEECHAT_TODAY")
        os.environ["COFFEECHAT_TODAY"] = today.isoformat()  # serve loads its own plugins
        try:
            serve(config_file, watch_theme=True, **overrides)
        except MkDocsException as exc:
            raise BuildError(str(exc)) from None
        except (OSError, OverflowError) as exc:  # the address is in use, say
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise BuildError(f"cannot serve on {dev_addr or '127.0.0.1:8000'}: {reason}"
                             ) from None
        finally:
            if environ is None:
                os.environ.pop("COFFEECHAT_TODAY", None)
            else:
                os.environ["COFFEECHAT_TODAY"] = environ
