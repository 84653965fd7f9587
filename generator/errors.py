"""The one error ladder: every failure coffeechat reports is a `CoffeechatError`.

The command line turns each into one line and exit code 1 (`cli.commands`); the MkDocs
plugin turns each into a `PluginError`. Problems with notes are not exceptions but
data (`core.model.Problem`).
"""

from __future__ import annotations


class CoffeechatError(Exception):
    """A failure with a message a user understands: what is wrong, where, what to do."""


class ConfigError(CoffeechatError):
    """`mkdocs.yml` or the environment cannot be used."""


class NotebookNotFound(CoffeechatError):
    """No notebook here: no `mkdocs.yml` and no notes folder."""


class Refusal(CoffeechatError):
    """A command refuses to act; nothing was written."""


class NeedsCompany(Refusal):
    """`new` cannot tell where the person works: a usage error (`--company` is needed)."""


class EditError(Refusal):
    """A note cannot be edited safely; nothing was written."""


class ContactNotFound(Refusal):
    """No contact matches a name; `suggestions` are close names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        hint = f" Did you mean {' or '.join(repr(n) for n in suggestions)}?" if suggestions else ""
        super().__init__(f"no notes with {query!r}.{hint}")
        self.suggestions = suggestions


class AmbiguousContact(Refusal):
    """Several contacts match a name; `candidates` are their names."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        super().__init__(f"{query!r} could be any of: {'; '.join(candidates)}. Use the full name")
        self.candidates = candidates


class WriteError(CoffeechatError):
    """A file could not be written (or read to be edited); nothing was left half-written."""

    def __init__(self, path: str, reason: str, *, verb: str = "write") -> None:
        super().__init__(f"cannot {verb} {path}: {reason}")
        self.path = path


class BuildError(CoffeechatError):
    """MkDocs could not build or serve the site."""


class UnreadableImport(CoffeechatError):
    """A file to import is neither LinkedIn's export nor a vCard file, or is malformed."""


class UnreadableSource(CoffeechatError):
    """`sync` cannot read a source (a missing path, a folder or a file of no known kind, a
    failed login): one line naming it; nothing is written."""
