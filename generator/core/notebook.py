"""A whole notebook: every note read, checked and kept as a small typed model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .fields import read_note
from .model import Note, Page, Problem, Severity, Target
from .options import Options
from .parse import parse_front_matter
from .validate import check_note, check_notebook, one_file_per_company


@dataclass(frozen=True)
class Source:
    """A Markdown file under the notes folder: its bytes, or why they could not be read."""

    path: str  # as shown to the user
    rel_path: str  # POSIX path inside the notes folder
    data: bytes | None = None
    problem: Problem | None = None


@dataclass
class Notebook:
    notes: list[Note] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # the `kind: company` files
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    #: each note with errors, and the person it names when that much can be read
    broken_people: dict[str, str | None] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def form_warnings(self) -> int:
        """Warnings about a note's form (an unknown key, say): not the reminders, which
        depend on today and never fail a build."""
        return sum(p.severity is Severity.WARNING and not p.reminder for p in self.problems)

    @property
    def broken(self) -> list[str]:
        """The paths of the files with errors, in order."""
        return sorted(self.broken_people)


def load_note(source: Source, today: date, options: Options, *,
              with_highlights: bool = False) -> tuple[Note | Page | Target | None, list[Problem]]:
    """One file's note (or page), None if it has errors, and its problems; with its body's
    highlights when the site will show them."""
    if source.problem is not None:
        return None, [source.problem]
    fm = parse_front_matter(source.data or b"", source.path)
    note = read_note(fm, source.rel_path, today, with_highlights=with_highlights)
    problems = fm.problems
    if isinstance(note, Note):
        problems += check_note(note, today, options)
    return note, problems


def _person(source: Source) -> str | None | bool:
    """The person a file with errors names, when that much can be read; False when the
    file is not a note (a page or a company file): it names nobody."""
    if source.data is None:
        return None
    values = parse_front_matter(source.data, source.path).values
    if values.get("kind") in ("page", "company"):
        return False
    person = values.get("person")
    return person.strip() if isinstance(person, str) and person.strip() else None


def load_notebook(sources: Iterable[Source], today: date, options: Options, *,
                  directory_urls: bool = True, with_highlights: bool = False) -> Notebook:
    """Every source read and checked; the valid notes are kept, the problems sorted."""
    book = Notebook()
    for source in sources:
        book.files += 1
        note, problems = load_note(source, today, options, with_highlights=with_highlights)
        book.problems += problems
        if isinstance(note, Note):
            book.notes.append(note)
        elif isinstance(note, Page):
            book.pages.append(note)
        elif isinstance(note, Target):
            book.targets.append(note)
        elif any(p.severity is Severity.ERROR for p in problems) and (
                person := _person(source)) is not False:
            book.broken_people[source.path] = person  # type: ignore[assignment]
    book.targets, duplicates = one_file_per_company(book.targets)
    book.problems += duplicates
    book.problems += check_notebook(book.notes, book.pages, targets=book.targets,
                                    directory_urls=directory_urls)
    book.problems.sort(key=lambda p: (p.path, p.line, p.severity != Severity.ERROR))
    return book
