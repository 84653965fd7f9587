"""The checks of SPEC §4 that need today, the options or the whole notebook."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .followup import contact_key
from .model import Note, Options, Page, Problem, Severity, Status
from .site import CALENDAR, COMPANIES, HOME, PEOPLE, TAGS, UPCOMING

#: Pages the site generates (source paths inside the notes folder), and what they are;
#: `upcoming.md` would take the URL of `upcoming/index.md`, so it counts too.
GENERATED_PAGES = {HOME: "the dashboard", CALENDAR: "the calendar", TAGS: "the tags index"}
for _src, _what in ((UPCOMING, "Upcoming check-ins"), (PEOPLE, "the people index"),
                    (COMPANIES, "the companies index")):
    GENERATED_PAGES[_src] = GENERATED_PAGES[_src.replace("/index.md", ".md")] = _what
GENERATED_FOLDERS = {"people/": "a contact's page", "companies/": "a company's page"}


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


def check_notebook(notes: Iterable[Note], pages: Iterable[Page] = ()) -> list[Problem]:
    """Problems between notes: same person on the same date, paths the site generates."""
    problems = []
    first: dict[tuple[str, date], Note] = {}
    for note in sorted(notes, key=lambda n: n.rel_path):
        same = first.setdefault((contact_key(note.person), note.date), note)
        if same is not note:
            problems.append(
                _warn(
                    note,
                    "date",
                    f"{same.path} is also with {note.person} on {note.date}: is one a copy?",
                )
            )
        problems.extend(_collision(note.path, note.rel_path))
    for page in pages:
        problems.extend(_collision(page.path, page.rel_path))
    return problems


def _collision(path: str, rel_path: str) -> list[Problem]:
    page = GENERATED_PAGES.get(rel_path)
    if page is None:
        page = next(
            (what for folder, what in GENERATED_FOLDERS.items() if rel_path.startswith(folder)),
            None,
        )
    if page is None:
        return []
    return [
        Problem(
            path,
            1,
            Severity.WARNING,
            "file",
            f"this path is taken by {page} that "
            "the site generates: move the note to another folder",
        )
    ]
