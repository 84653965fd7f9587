"""The checks of SPEC §4 that need today, the options or the whole notebook."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .contacts import contact_key
from .model import Note, Page, Problem, Severity, Status
from .options import Options
from .pages import generated_pages, page_dest


def _warn(note: Note, key: str, message: str, line: int | None = None) -> Problem:
    return Problem(note.path, line or note.line(key.split("[")[0]), Severity.WARNING, key, message)


def check_note(note: Note, today: date, options: Options) -> list[Problem]:
    """Warnings about one valid note that depend on today and the options."""
    problems = []
    days = (note.date - today).days
    if note.status is Status.DONE and days > 0:
        problems.append(
            _warn(
                note,
                "date",
                f"the conversation is marked done but dated {note.date}, after today ({today})",
            )
        )
    if note.status is Status.PLANNED:
        if days < 0:
            problems.append(
                _warn(
                    note,
                    "status" if "status" in note.lines else "date",
                    f"still planned although its date ({note.date}) has passed: "
                    "set `status: done` (or `cancelled`)",
                )
            )
        elif days <= options.prep_warning_days and note.missing_prep:
            when = "today" if days == 0 else f"in {days} day{'s' * (days != 1)}"
            problems.append(
                _warn(
                    note,
                    "prep",
                    f"the conversation is {when} and prep is "
                    f"incomplete: missing {', '.join(note.missing_prep)}",
                )
            )
        if len(note.questions) < options.min_questions:
            count = len(note.questions)
            problems.append(
                _warn(
                    note,
                    "questions",
                    f"{count} question{'s' * (count != 1)} "
                    f"prepared; prepare at least {options.min_questions}",
                )
            )
    if isinstance(note.thank_you, date) and note.thank_you > today:
        problems.append(
            _warn(
                note,
                "follow_up.thank_you",
                f"the thank-you is dated {note.thank_you}, after today ({today})",
            )
        )
    for check_in in note.check_ins:
        if check_in.date > today:
            problems.append(
                _warn(
                    note,
                    f"follow_up.check_ins[{check_in.index}].date",
                    f"the check-in is dated {check_in.date}, after today ({today})",
                    line=check_in.line,
                )
            )
    return problems


def check_notebook(notes: Iterable[Note], pages: Iterable[Page] = (), *,
                   directory_urls: bool = True) -> list[Problem]:
    """Problems between notes: same person on the same date, a page the site generates."""
    notes = sorted(notes, key=lambda n: n.rel_path)
    problems = []
    first: dict[tuple[str, date], Note] = {}
    for note in notes:
        same = first.setdefault((contact_key(note.person), note.date), note)
        if same is not note:
            problems.append(_warn(note, "date", f"{same.path} is also with {note.person} on "
                                                f"{note.date}: is one a copy?"))
    generated = {page_dest(src, directory_urls=directory_urls): what
                 for src, what in generated_pages(notes).items()}
    files: list[Note | Page] = [*(n for n in notes if not n.private), *pages]
    for file in files:
        what = generated.get(page_dest(file.rel_path, directory_urls=directory_urls))
        if what is not None:
            problems.append(Problem(file.path, 1, Severity.WARNING, "file",
                                    f"this path is taken by {what} that the site generates: "
                                    "move the note to another folder"))
    return problems
