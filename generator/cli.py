"""The `coffeechat` command line: a few lines per command over the pure core.

Only click is imported at start-up, so `coffeechat --help` stays fast; each command
imports the parts of the core it needs.
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
    from .model import Options
    from .notebook import Notebook

__version__ = "0.1.0"


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)


class WithinType(click.ParamType):
    name = "DAYS|all"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
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


@dataclass(frozen=True)
class Context:
    notes_dir: str
    today: date
    options: Options
    config_file: str | None = None

    def require_config(self) -> str:
        if self.config_file is None:
            raise click.ClickException(
                "no mkdocs.yml here: the site needs one with the coffeechat plugin "
                "(see the README), or pass --config FILE")
        return self.config_file

    def load(self, paths: tuple[str, ...] = ()) -> Notebook:
        from .notebook import load_notebook
        from .store import find_sources

        return load_notebook(find_sources(self.notes_dir, paths), self.today, self.options)


today_option = click.option(
    "--today", type=DateType(), envvar="COFFEECHAT_TODAY",
    help="The date to compute for [default: $COFFEECHAT_TODAY, else today].")


def notebook_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--notes, --config and --today, resolved into a `Context` passed as `ctx`."""

    @click.option(
        "--notes",
        "notes_dir",
        metavar="DIR",
        type=click.Path(file_okay=False),
        help="The notes folder [default: docs_dir of mkdocs.yml, else notes].",
    )
    @click.option(
        "--config",
        "config_file",
        metavar="FILE",
        type=click.Path(exists=True, dir_okay=False),
        help="The mkdocs.yml to read plugin options from [default: ./mkdocs.yml].",
    )
    @today_option
    @functools.wraps(command)
    def wrapper(
        notes_dir: str | None, config_file: str | None, today: date | None, **kwargs: Any
    ) -> Any:
        from .config import ConfigError, load_config

        if config_file is None and os.path.isfile("mkdocs.yml"):
            config_file = "mkdocs.yml"
        try:
            config = load_config(config_file)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None
        notes_dir = notes_dir or config.docs_dir
        if not os.path.isdir(notes_dir):
            raise click.ClickException(
                f"the notes folder {notes_dir!r} does not exist: pass --notes DIR, "
                "or create it and write a note there"
            )
        ctx = Context(notes_dir, today or date.today(), config.options, config_file)
        return command(ctx=ctx, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coffeechat")
def cli() -> None:
    """Keep informational-interview notes: prepare, thank, check in.

    Notes are Markdown files with YAML front matter under notes/: `new` writes
    one from the prep template, `check` validates them, `due` shows what to do,
    `log` records a thank-you or check-in, and `build` makes the site. A new
    notebook starts with `coffeechat init`.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@notebook_options
def check(ctx: Context, paths: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Validate notes (all of them, or the PATHs given); never writes anything.

    Prints one PATH:LINE: SEVERITY: FIELD: MESSAGE line per problem and a
    summary. Exits 1 on any error (with --strict, on any warning too).
    """
    from .report import problems_json, problems_text

    book = ctx.load(paths)
    render = problems_json if fmt == "json" else problems_text
    click.echo(render(book.problems, book.files))
    sys.exit(1 if book.errors or (strict and book.warnings) else 0)


@cli.command()
@click.option(
    "--within",
    "days",
    type=WithinType(),
    default="30",
    show_default=True,
    help="Show overdue items and those due within DAYS days ('all': everything).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "ics"]),
    default="text",
    show_default=True,
    help="text: an agenda to read; json: for scripts; ics: an iCalendar file.",
)
@notebook_options
def due(ctx: Context, days: int | None, fmt: str) -> None:
    """The agenda: thank-yous, check-ins and interviews, most urgent first.

    Exits 1 if any note has errors (the agenda of the valid notes is still
    printed); run `coffeechat check` to see them.
    """
    from .followup import build_agenda, within
    from .report import agenda_json, agenda_text

    book = ctx.load()
    items = within(build_agenda(book.notes, ctx.today, ctx.options), days)
    if fmt == "ics":
        from .ics import agenda_calendar

        click.echo(agenda_calendar(items, ctx.today), nl=False)
    elif fmt == "json":
        click.echo(agenda_json(items, ctx.today))
    else:
        click.echo(agenda_text(items, ctx.today, days=days, style=sys.stdout.isatty()))
        if not book.files:
            click.echo(f"\nThere are no notes in {ctx.notes_dir!r} yet.")
    if book.errors:
        broken = len({p.path for p in book.problems if p.severity == "error"})
        click.echo(
            f"Error: {broken} note{'s' * (broken != 1)} with errors left out of the "
            "agenda: run `coffeechat check` to see them.",
            err=True,
        )
        sys.exit(1)


FORMATS = ["coffee", "video", "phone", "in-person", "other"]


@cli.command()
@click.argument("person")
@click.option("--company", required=True, help="Where they work.")
@click.option("--date", "when", type=DateType(), help="The day of the conversation "
              "[default: today].")
@click.option("--role", help="Their role [default: the one in their latest note].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="How you will talk.")
@click.option("--edit", is_flag=True, help="Open the new note in $EDITOR.")
@notebook_options
def new(ctx: Context, person: str, company: str, when: date | None, role: str | None,
        fmt: str | None, edit: bool) -> None:
    """Write a new note for a conversation with PERSON, from the prep template.

    The file is notes/DATE-PERSON-COMPANY.md; what earlier notes say about PERSON
    (role, contact details, who introduced you) is filled in. Never overwrites.
    """
    from .authoring import AuthoringError, create_note

    try:
        path = create_note(ctx.load(), ctx.notes_dir, person, company, when or ctx.today,
                           today=ctx.today, role=role, fmt=fmt)
    except AuthoringError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(path)
    if edit:
        click.edit(filename=path)


@cli.command()
@click.argument("person")
@click.option("--date", "when", type=DateType(), help="When you were in touch "
              "[default: today].")
@click.option("--note", help="What the check-in was about.")
@click.option("--thank-you", is_flag=True, help="Record the thank-you instead of a check-in.")
@click.option("--next", "next_date", type=DateType(), help="The agreed (or snoozed) date of "
              "the next check-in; alone, it records only that.")
@notebook_options
def log(ctx: Context, person: str, when: date | None, note: str | None, thank_you: bool,
        next_date: date | None) -> None:
    """Record a check-in with PERSON (or the thank-you) in their latest conversation.

    Edits the front matter in place, changing nothing else, then prints the next
    check-in. Refuses, writing nothing, when a note has errors or PERSON is unknown
    or ambiguous.
    """
    from .authoring import AuthoringError, log_contact

    try:
        logged = log_contact(ctx.load(), person, today=ctx.today, options=ctx.options,
                             when=when, note=note, thank_you=thank_you, next_date=next_date)
    except AuthoringError as exc:
        raise click.ClickException(str(exc)) from None
    upcoming = (f"next check-in: {logged.next_check_in:%a %Y-%m-%d}"
                if logged.next_check_in else "no next check-in (cadence: none)")
    click.echo(f"{logged.path}: recorded; {upcoming}")


@cli.command()
@click.option("--strict", is_flag=True, help="Refuse to build on warnings too.")
@click.option("--site-dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Where to write the site [default: site_dir of mkdocs.yml, site/].")
@notebook_options
def build(ctx: Context, strict: bool, site_dir: str | None) -> None:
    """Check the notes, then build the site with MkDocs.

    No site is written when a note has an error (with --strict, a warning).
    """
    from .report import problems_text
    from .sitebuild import BuildError, build_site

    config_file = ctx.require_config()
    book = ctx.load()
    if book.errors or (strict and book.warnings):
        click.echo(problems_text(book.problems, book.files))
        raise click.ClickException("no site was written: fix the problems above first")
    try:
        folder = build_site(config_file, notes_dir=ctx.notes_dir, today=ctx.today,
                            strict=strict, site_dir=site_dir, notebook=book)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Site written to {folder}: open {os.path.join(folder, 'index.html')}")


@cli.command()
@click.option("--dev-addr", metavar="HOST:PORT", help="Where to serve [default: 127.0.0.1:8000].")
@notebook_options
def serve(ctx: Context, dev_addr: str | None) -> None:
    """Preview the site, rebuilding when a note, mkdocs.yml or site_theme/ changes."""
    from .sitebuild import BuildError, serve_site

    try:
        serve_site(ctx.require_config(), notes_dir=ctx.notes_dir, today=ctx.today,
                   dev_addr=dev_addr)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@today_option
def init(folder: str, today: date | None) -> None:
    """Start a notebook in FOLDER (default: here): mkdocs.yml, notes/ with an example,
    site_theme/, .gitignore, a pre-commit hook and a GitHub Actions workflow.

    Writes nothing if any of those files exists already.
    """
    from .scaffold import init_notebook

    try:
        written = init_notebook(folder, today or date.today())
    except FileExistsError as exc:
        raise click.ClickException(f"these exist already in {folder}: {exc}; nothing was "
                                   "written") from None
    for path in written:
        click.echo(f"  wrote {path}")
    click.echo(f"Next: cd {folder}, write a note with `coffeechat new \"NAME\" --company "
               "\"COMPANY\"`, see what is due with `coffeechat due`, and preview the site "
               "with `coffeechat serve`.")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a note's front matter, for editors' YAML tooling.

    For example, with the YAML language server: `# yaml-language-server: $schema=...`.
    """
    import json

    from .schema import front_matter_schema

    click.echo(json.dumps(front_matter_schema(), indent=2))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
