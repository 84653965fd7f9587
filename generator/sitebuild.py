"""Runs MkDocs in-process for `coffeechat build` and `coffeechat serve`."""

from __future__ import annotations

import logging
import os
import sys
from datetime import date
from typing import Any


class BuildError(Exception):
    """MkDocs could not build the site; the message says why."""


class _StderrHandler(logging.Handler):
    """MkDocs's messages, on whatever standard error is at the time."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


def _logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _config(config_file: str, today: date, **overrides: Any) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ["COFFEECHAT_TODAY"] = today.isoformat()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(config_file, **overrides)
    except MkDocsException as exc:
        raise BuildError(str(exc)) from None
    if "coffeechat" not in config.plugins:
        raise BuildError(f"{config_file} does not enable the coffeechat plugin: add "
                         "`- coffeechat` under `plugins:`")
    return config


def build_site(config_file: str, *, notes_dir: str, today: date, strict: bool = False,
               site_dir: str | None = None, notebook: Any = None) -> str:
    """Build the site with MkDocs; return the folder it was written to.

    `notebook`, the notes loaded and checked already for the same folder, today and
    options, spares the plugin reading them again.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    _logging()
    overrides: dict[str, Any] = {"docs_dir": os.path.abspath(notes_dir), "strict": strict}
    if site_dir:
        overrides["site_dir"] = os.path.abspath(site_dir)
    config = _config(config_file, today, **overrides)
    config.plugins["coffeechat"].preloaded = notebook
    try:
        build(config)
    except MkDocsException as exc:
        raise BuildError(str(exc)) from None
    return str(config.site_dir)


def serve_site(config_file: str, *, notes_dir: str, today: date,
               dev_addr: str | None = None) -> None:
    """Live preview: rebuild when a note, mkdocs.yml or the theme changes."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    _logging()
    _config(config_file, today, docs_dir=os.path.abspath(notes_dir))  # fail early, clearly
    overrides: dict[str, Any] = {"docs_dir": os.path.abspath(notes_dir)}
    if dev_addr:
        overrides["dev_addr"] = dev_addr
    try:
        serve(config_file, watch_theme=True, **overrides)
    except MkDocsException as exc:
        raise BuildError(str(exc)) from None
