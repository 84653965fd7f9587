"""The checks of SPEC §4 that need today, the options or the whole notebook."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .contacts import contact_key
from .model import Note, Page, Problem, Severity, Status, Target
from .options import Options
from .pages import generated_pages, page_dest
from .wording import plural


def _warn(note: Note, key: str, message: str, line: int | None = None, *,
          reminder: bool = False) -> Problem:
    return Problem(note.path, line or note.line(key.split("[")[0]), Severity.WARNING, key,
                   message, reminder=reminder)


def _remind(note: Note, key: str, message: str, line: int | None = None) -> Problem:
    """A warning that depends on today: `check --strict` fails on it, a build never does."""
    return _warn(note, key, message, line, reminder=True)


def check_note(note: Note, today: date, options: Options) -> list[Problem]:
    """The reminders about one valid note: warnings that depend on today and the options."""
    problems = []
    days = (note.date - today).days
    if note.status is Status.DONE and days > 0:
        problems.append(_remind(note, "date", f"the conversation is marked done but dated "
                                              f"{note.date}, after today ({today})"))
    if note.status is Status.PLANNED:
        if days < 0:
            problems.append(_remind(note, "status" if "status" in note.lines else "date",
                                    f"still planned although its date ({note.date}) has "
                                    "passed: set `status: done` (or `cancelled`)"))
        elif days <= options.prep_warning_days and note.missing_prep:
            when = "today" if days == 0 else f"in {plural(days, 'day')}"
            problems.append(_remind(note, "prep", f"the conversation is {when} and prep is "
                                                  f"incomplete: missing "
                                                  f"{', '.join(note.missing_prep)}"))
        if len(note.questions) < options.min_questions:
            problems.append(_remind(note, "questions", f"{plural(len(note.questions), 'question')}"
                                                       f" prepared; prepare at least "
                                                       f"{options.min_questions}"))
    if isinstance(note.thank_you, date) and note.thank_you > today:
        problems.append(_remind(note, "follow_up.thank_you", f"the thank-you is dated "
                                                             f"{note.thank_you}, after today "
                                                             f"({today})"))
    problems += [_remind(note, f"follow_up.check_ins[{c.index}].date",
                         f"the check-in is dated {c.date}, after today ({today})", line=c.line)
                 for c in note.check_ins if c.date > today]
    if note.outreach is not None:
        for key, day in (("sent", note.outreach.sent), ("replied", note.outreach.replied),
                         ("follow_up", note.outreach.followed_up)):
            if day is not None and day > today:
                problems.append(_remind(note, f"outreach.{key}", f"`{key}` is dated {day}, "
                                        f"after today ({today})",
                                        line=note.lines.get(f"outreach.{key}")))
    return problems


def one_file_per_company(targets: Iterable[Target]) -> tuple[list[Target], list[Problem]]:
    """The target files kept (the first, in path order, of each company) and an error on
    each second file of a company (SPEC §8)."""
    described: dict[str, Target] = {}
    problems = []
    for target in sorted(targets, key=lambda t: t.rel_path):
        same = described.setdefault(contact_key(target.company), target)
        if same is not target:
            problems.append(Problem(target.path, target.line("company"), Severity.ERROR,
                                    "company", f"{same.path} describes {target.company} "
                                    "already: keep one file per company"))
    return list(described.values()), problems


def check_notebook(notes: Iterable[Note], pages: Iterable[Page] = (), *,
                   targets: Iterable[Target] = (), directory_urls: bool = True) -> list[Problem]:
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
                 for src, what in generated_pages(notes, targets).items()}
    files: list[Note | Page] = [*(n for n in notes if not n.private), *pages]
    for file in files:
        what = generated.get(page_dest(file.rel_path, directory_urls=directory_urls))
        if what is not None:
            problems.append(Problem(file.path, 1, Severity.WARNING, "file",
                                    f"this path is taken by {what} that the site generates: "
                                    "move the note to another folder"))
    return problems
