"""The options every command shares, and the types of their values.

Only click is imported here; the core is imported when a command runs.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..core.notebook import Notebook
    from ..core.options import Options


class DateType(click.ParamType):
    """A date written YYYY-MM-DD, within the dates coffeechat works with."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from ..core.grammar import parse_day

        try:
            return parse_day(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class WeekType(click.ParamType):
    """An ISO week, YYYY-Www: its Monday."""

    name = "YYYY-Www"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        from ..core.review import parse_week

        try:
            return parse_week(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class WithinType(click.ParamType):
    name = "DAYS|all"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> int | None:
        if value is None or str(value).lower() == "all":
            return None
        try:
            days = int(value)
        except ValueError:
            days = -1
        if days < 0:
            self.fail(f"{value!r} is neither a number of days (0 or more) nor 'all'", param, ctx)
        return days


class AddressType(click.ParamType):
    """HOST:PORT for the preview server, with a port from 1 to 65535."""

    name = "HOST:PORT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> str:
        host, _, port = str(value).rpartition(":")
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            self.fail(f"{value!r} is not HOST:PORT with a port from 1 to 65535 "
                      "(e.g. 127.0.0.1:8000)", param, ctx)
        return f"{host}:{int(port)}"


def non_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A text argument with something in it (white space around it dropped)."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("must not be empty")
    if any("\udc80" <= c <= "\udcff" for c in value):  # bytes the terminal could not decode
        raise click.BadParameter("is not UTF-8 text: check your terminal's encoding")
    return plain_text(ctx, param, value.strip())


def plain_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A text argument that goes into a note: no control character (SPEC §6), which `check`
    would refuse there."""
    from ..core.text import control_character, control_message

    if value is not None and (character := control_character(value)):
        raise click.BadParameter(control_message(character))
    return value


@dataclass(frozen=True)
class Session:
    """Where one command works: the notes folder, today, the options and the mkdocs.yml."""

    notes_dir: str
    today: date
    options: Options
    config_file: str | None = None
    directory_urls: bool = True

    def require_config(self) -> str:
        from ..errors import ConfigError

        if self.config_file is None:
            raise ConfigError("no mkdocs.yml here: the site needs one with the coffeechat "
                              "plugin (see the README), or pass --config FILE")
        return self.config_file

    def load(self, paths: tuple[str, ...] = (), *, for_site: bool = False) -> Notebook:
        from ..core.notebook import load_notebook
        from ..files.store import find_sources

        return load_notebook(find_sources(self.notes_dir, paths), self.today, self.options,
                             directory_urls=self.directory_urls, with_highlights=for_site)


def colour() -> bool:
    """Colour on a terminal, unless NO_COLOR asks for none (https://no-color.org)."""
    return sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def terminal_width() -> int | None:
    """The width to wrap an agenda or a table to: the terminal's, when the output is one
    (at least 40 columns); None when it is piped or written to a file (whole lines)."""
    if sys.stdout is None or not sys.stdout.isatty():
        return None
    import shutil

    return max(shutil.get_terminal_size().columns, 40)


def exit_on_errors(book: Notebook, where: str = "") -> None:
    """Exit 1, saying so on standard error, when a file of the notebook has errors (what was
    printed came from the others)."""
    if book.errors:
        broken = len(book.broken) or book.errors
        click.echo(f"Error: {broken} note{'s' * (broken != 1)} with errors left out{where}: "
                   "run `coffeechat check` to see them.", err=True)
        sys.exit(1)

today_option = click.option(
    "--today", type=DateType(), envvar="COFFEECHAT_TODAY",
    help="The date to compute for [default: $COFFEECHAT_TODAY, else today].")


def read_only(command: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a command that writes nothing at all, not even a cache file (`check`)."""
    command.read_only = True  # type: ignore[attr-defined]
    return command


def writes_notes(command: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a command that decides what to write from the notes and writes it (`new`,
    `log`, `reach`, `import`): it runs under the notebook's lock, from reading the notes
    to the last write, so that such commands started together act one after the other."""
    command.writes_notes = True  # type: ignore[attr-defined]
    return command


def with_notebook(command: Callable[..., Any]) -> Callable[..., Any]:
    """--notes, --config and --today, resolved into a `Session` passed as `session`."""
    writes = not getattr(command, "read_only", False)
    locks = getattr(command, "writes_notes", False)

    @click.option("--notes", "notes_dir", metavar="DIR", type=click.Path(file_okay=False),
                  help="The notes folder [default: docs_dir of the notebook's mkdocs.yml, "
                       "else ./notes].")
    @click.option("--config", "config_file", metavar="FILE",
                  type=click.Path(exists=True, dir_okay=False),
                  help="The notebook's mkdocs.yml [default: the nearest one here or in a "
                       "folder above].")
    @today_option
    @functools.wraps(command)
    def wrapper(notes_dir: str | None, config_file: str | None, today: date | None,
                **kwargs: Any) -> Any:
        from ..errors import NotebookNotFound
        from ..files.config import find_notebook

        config, notes_dir = find_notebook(config=config_file, notes=notes_dir,
                                          cache_writes=writes)
        if not os.path.isdir(notes_dir):
            raise NotebookNotFound(f"the notes folder {notes_dir!r} does not exist: pass "
                                   "--notes DIR, or create it and write a note there")
        session = Session(notes_dir, today or date.today(), config.options, config.path,
                          config.directory_urls)
        if not locks:
            return command(session=session, **kwargs)
        from ..files.store import notebook_lock

        with notebook_lock(notes_dir):
            return command(session=session, **kwargs)

    return wrapper
