"""The one place that finds and reads note files (and, later, writes them atomically)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import Problem, Severity
from .parse import MAX_NOTE_BYTES


@dataclass(frozen=True)
class Source:
    """A Markdown file under the notes folder: its bytes, or why they could not be read."""

    path: str  # as shown to the user
    rel_path: str  # POSIX path inside the notes folder
    data: bytes | None = None
    problem: Problem | None = None


def _excluded(name: str, rel_dir: str) -> bool:
    # MkDocs's default `exclude_docs`: dot-files and a top-level templates/ folder
    return name.startswith(".") or (rel_dir == "" and name == "templates")


def _error(path: str, rel_path: str, message: str) -> Source:
    return Source(path, rel_path, problem=Problem(path, 1, Severity.ERROR, "file", message))


def _read(path: str, rel_path: str, *, regular: bool = False) -> Source:
    try:
        if not regular and not stat.S_ISREG(os.stat(path).st_mode):
            return _error(path, rel_path, "is not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_NOTE_BYTES + 1)  # the parser reports a larger file
    except OSError as exc:
        return _error(path, rel_path, f"cannot be read: {exc.strerror or exc}")
    return Source(path, rel_path, data)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def walk_notes(root: str, *, start: str | None = None) -> Iterator[Source]:
    """Every `.md` file under `root` (or its sub-folder `start`), in path order."""
    real_root = os.path.realpath(root)
    visited: set[str] = set()

    def walk(folder: str, rel_dir: str) -> Iterator[Source]:
        real = os.path.realpath(folder)
        if real in visited:
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield _error(folder, rel_dir, f"cannot be read: {exc.strerror or exc}")
            return
        for entry in entries:
            if _excluded(entry.name, rel_dir):
                continue
            path = os.path.join(folder, entry.name)
            rel = f"{rel_dir}{entry.name}"
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    if entry.name.endswith(".md"):
                        yield _error(path, rel, "is a broken link")
                    continue
                if not _inside(target, real_root):
                    if entry.name.endswith(".md") or os.path.isdir(target):
                        yield _error(
                            path,
                            rel,
                            "is a link to a file outside the notes folder: "
                            "move the file into the notes folder instead",
                        )
                    continue
            if entry.is_dir():
                if entry.name.endswith(".md"):
                    yield _error(path, rel, "is a folder, not a note: rename the folder")
                yield from walk(path, rel + "/")
            elif entry.name.endswith(".md"):
                yield _read(path, rel, regular=entry.is_file())

    if start is None:
        yield from walk(root, "")
    else:
        rel = os.path.relpath(start, root).replace(os.sep, "/")
        yield from walk(start, "" if rel == "." else rel + "/")


def find_sources(root: str, paths: Iterable[str] = ()) -> Iterator[Source]:
    """The notes under `root`, or only those at `paths` (files or folders) when given."""
    paths = list(paths)
    if not paths:
        yield from walk_notes(root)
        return
    real_root = os.path.realpath(root)
    for path in paths:
        real = os.path.realpath(path)
        rel = (
            os.path.relpath(real, real_root).replace(os.sep, "/")
            if _inside(real, real_root)
            else os.path.basename(path)
        )
        if os.path.isdir(path):
            inside = _inside(real, real_root)
            yield from walk_notes(root if inside else path, start=path if inside else None)
        elif not os.path.exists(path):
            yield _error(path, rel, "does not exist")
        else:
            yield _read(path, rel)


def _temporary(path: str, data: bytes) -> str:
    """`data` in a new temporary file beside `path`, flushed to disk."""
    handle, temporary = tempfile.mkstemp(prefix=".coffeechat-", suffix=".tmp",
                                         dir=os.path.dirname(path) or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def create_file(path: str, data: bytes) -> None:
    """Write a new file whole, or not at all; FileExistsError if `path` exists."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    temporary = _temporary(path, data)
    try:
        os.link(temporary, path)  # fails, atomically, when the path exists
        os.chmod(path, 0o644)
    finally:
        os.unlink(temporary)


def replace_file(path: str, data: bytes, *, expected: bytes) -> None:
    """Replace a file atomically, provided it still holds `expected` (else OSError)."""
    temporary = _temporary(path, data)
    try:
        with open(path, "rb") as current:
            if current.read() != expected:
                raise OSError(f"{path} changed while it was being edited; try again")
        os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
