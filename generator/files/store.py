"""The one place that finds, reads and writes note files.

Writes are whole or nothing: a new file is written beside its place and linked into
it (never over an existing file); an edit is read, made, checked and swapped in
atomically under an advisory lock, on the file a symlink names. Files get the user's
umask, as any editor would give them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator

from ..core.model import Problem, Severity
from ..core.notebook import Source
from ..core.text import code_point, control_character
from ..errors import WriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, edits stay atomic
    fcntl = None  # type: ignore[assignment]


def shown_path(path: str) -> str:
    """A path as text that can be printed and put in JSON (undecodable bytes as U+FFFD)."""
    return os.fsencode(path).decode("utf-8", "replace")


def _bad_name(name: str) -> bool:
    """A file name whose bytes are not UTF-8 (Python keeps them as lone surrogates)."""
    return any("\udc80" <= c <= "\udcff" for c in name)


def _excluded(name: str, rel_dir: str) -> bool:
    # MkDocs's default `exclude_docs`: dot-files and a top-level templates/ folder
    return name.startswith(".") or (rel_dir == "" and name == "templates")


def _error(path: str, rel_path: str, message: str) -> Source:
    shown = shown_path(path)
    return Source(shown, shown_path(rel_path),
                  problem=Problem(shown, 1, Severity.ERROR, "file", message))


def _read(path: str, rel_path: str, *, regular: bool = False) -> Source:
    try:
        if not regular and not stat.S_ISREG(os.stat(path).st_mode):
            return _error(path, rel_path, "is not a regular file")
        with open(path, "rb") as handle:
            data = handle.read()
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
            path = entry.name if folder == os.curdir else os.path.join(folder, entry.name)
            rel = f"{rel_dir}{entry.name}"
            if _bad_name(entry.name):
                if entry.name.endswith(".md") or entry.is_dir():
                    yield _error(path, rel, "its name is not UTF-8 text: rename it")
                continue
            if (character := control_character(entry.name)) and (
                    entry.name.endswith(".md") or entry.is_dir()):
                yield _error(path, rel, f"its name holds a control character "
                                        f"({code_point(character)}): rename it")
                continue
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    if entry.name.endswith(".md"):
                        yield _error(path, rel, "is a broken link")
                    continue
                if not _inside(target, real_root):
                    if entry.name.endswith(".md") or os.path.isdir(target):
                        yield _error(path, rel, "is a link to a file outside the notes folder: "
                                                "move the file into the notes folder instead")
                    continue
            if entry.is_dir():
                if entry.name.endswith(".md"):
                    yield _error(path, rel, "is a folder, not a note: rename the folder")
                yield from walk(path, rel + "/")
            elif entry.name.endswith(".md"):
                yield _read(path, rel, regular=entry.is_file())

    if start is None:
        yield from walk(os.path.normpath(root), "")
    else:
        rel = os.path.relpath(start, root).replace(os.sep, "/")
        yield from walk(start, "" if rel == "." else rel + "/")


def find_sources(root: str, paths: Iterable[str] = ()) -> Iterator[Source]:
    """The notes under `root`, or only those at `paths` (files or folders) when given."""
    paths = list(paths)
    if not paths:
        yield from walk_notes(root)
        return
    seen: set[str] = set()
    for source in _named_sources(root, paths):
        real = os.path.realpath(source.path)
        if real not in seen:  # a file named twice (or spelled two ways) is read once
            seen.add(real)
            yield source


def _named_sources(root: str, paths: list[str]) -> Iterator[Source]:
    real_root = os.path.realpath(root)
    for path in paths:
        real = os.path.realpath(path)
        inside = _inside(real, real_root)
        rel = os.path.relpath(real, real_root).replace(os.sep, "/") if inside \
            else os.path.basename(path)
        if os.path.isdir(path):
            yield from walk_notes(root if inside else path, start=path if inside else None)
        elif not os.path.exists(path):
            yield _error(path, rel, "does not exist")
        elif _bad_name(path):
            yield _error(path, rel, "its name is not UTF-8 text: rename it")
        else:
            yield _read(path, rel)


# --- writing -------------------------------------------------------------------------------------

def _temporary(path: str, data: bytes) -> str:
    """`data` in a new file beside `path`, on disk, with the umask's permissions."""
    temporary = os.path.join(os.path.dirname(path) or ".", f".coffeechat-{os.urandom(8).hex()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _sync_folder(path: str) -> None:
    with contextlib.suppress(OSError):  # not every system can open a folder
        handle = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def create_file(path: str, data: bytes) -> None:
    """Write a new file whole, or not at all. FileExistsError if `path` exists; WriteError
    when it cannot be written."""
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        temporary = _temporary(path, data)
        try:
            os.link(temporary, path)  # fails, atomically, when the path exists
        finally:
            os.unlink(temporary)
        _sync_folder(path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise WriteError(shown_path(path), exc.strerror or str(exc)) from None


def replace_whole(path: str, data: bytes) -> None:
    """Write a file whole (a new one, or over the one there): never half of it."""
    temporary = _temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def create_files(folder: str, files: dict[str, bytes]) -> list[str]:
    """Write new files under `folder` (relative path → bytes): all of them or none.

    FileExistsError (nothing written) when any of them, or a file where one of their
    folders should be, exists already; WriteError when one cannot be written (whatever
    was written is removed again).
    """
    taken = sorted({rel for rel in files if os.path.lexists(os.path.join(folder, rel))} | {
        parent for rel in files for parent in _parents(rel)
        if os.path.lexists(os.path.join(folder, parent))
        and not os.path.isdir(os.path.join(folder, parent))})
    if taken:
        raise FileExistsError(", ".join(taken))
    made = [os.path.join(folder, p) for rel in files for p in _parents(rel)
            if not os.path.lexists(os.path.join(folder, p))]
    above = os.path.abspath(folder)
    while not os.path.lexists(above):  # the folder itself, and any parent it needs
        made.append(above)
        above = os.path.dirname(above)
    written: list[str] = []
    try:
        for rel, data in files.items():
            path = os.path.join(folder, rel)
            create_file(path, data)
            written.append(path)
    except BaseException:
        for path in written:
            os.unlink(path)
        for made_folder in sorted({os.path.abspath(p) for p in made}, key=len, reverse=True):
            with contextlib.suppress(OSError):
                os.rmdir(made_folder)
        raise
    return written


def _parents(rel: str) -> list[str]:
    """`a/b/c.md` → [`a`, `a/b`]."""
    parts = rel.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """An advisory lock on the file at `path`, held by no other coffeechat at the time."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    while True:
        handle = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            if os.stat(path).st_ino == os.fstat(handle).st_ino:  # not replaced meanwhile
                yield
                return
        finally:
            os.close(handle)


def rename_file(path: str, name: str) -> str:
    """Give the file at `path` (a link itself, when it is one) another name in its folder,
    never over an existing file. FileExistsError when the name is taken. Returns the new
    path."""
    new = os.path.join(os.path.dirname(path), name)
    try:
        try:
            os.link(path, new, follow_symlinks=False)  # fails, atomically, when `new` exists
            os.unlink(path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (exFAT, SMB): checked, then renamed, under
            if os.path.lexists(new):  # the notebook's lock that every writer holds
                raise FileExistsError(new) from None
            os.rename(path, new)
        _sync_folder(new)
    except FileExistsError:
        raise
    except OSError as exc:
        raise WriteError(shown_path(path), exc.strerror or str(exc), verb="rename") from None
    return new


@contextlib.contextmanager
def notebook_lock(notes_dir: str) -> Iterator[None]:
    """Held by one writing coffeechat at a time in a notes folder: decide and write under it.

    A command that reads the notebook, decides what to write (a new note, or which note to
    edit) and writes it holds this lock from before the read to after the write, so that
    commands started together act as if run one after the other. It is an advisory lock
    on the folder itself (no lock file is left in the notes); where the system cannot lock
    a folder, each edit is still atomic under its own file's lock.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    try:
        handle = os.open(notes_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing the folder releases the lock


def edit_file(path: str, edit: Callable[[bytes], bytes]) -> str:
    """Replace the file at `path` (the file a symlink names) by `edit(its bytes)`, atomically
    and under an advisory lock, so that edits made at the same time all land. `edit` may
    raise to refuse; then nothing is written. Returns the path of the file edited."""
    real = os.path.realpath(path)
    try:
        with _locked(real):
            with open(real, "rb") as handle:
                original = handle.read()
            data = edit(original)
            temporary = _temporary(real, data)
            try:
                with open(real, "rb") as current:  # another program may have written it
                    if current.read() != original:
                        raise WriteError(shown_path(path), "it changed while it was being "
                                         "edited; try again")
                os.chmod(temporary, stat.S_IMODE(os.stat(real).st_mode))
                os.replace(temporary, real)
            except BaseException:
                if os.path.exists(temporary):
                    os.unlink(temporary)
                raise
            _sync_folder(real)
    except OSError as exc:
        raise WriteError(shown_path(path), exc.strerror or str(exc)) from None
    return real
