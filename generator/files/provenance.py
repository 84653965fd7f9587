"""Where the running coffeechat came from, as the requirement a notebook's workflow installs
it with (SPEC §5): the very coffeechat that wrote the notebook.

- installed from a package index: `coffeechat==VERSION`;
- running from a git checkout with a remote, or installed from one (`pip install .` or
  `pip install -e .` in a clone, or `pip install git+URL`): that repository at the exact
  commit, `coffeechat @ git+URL@COMMIT`;
- otherwise the version pin, with a comment saying what to change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from .. import __version__


@dataclass(frozen=True)
class Requirement:
    """What `pip install` is given, and a comment for the owner when it may need changing."""

    line: str
    comment: str

    @property
    def from_git(self) -> bool:
        return " @ git+" in self.line


def running_requirement() -> Requirement:
    """The requirement that installs the coffeechat running now."""
    here = Path(__file__).resolve().parents[2]  # above the package: a checkout's top
    found = _from_checkout(here)
    if found is not None:
        return found
    direct = _direct_url()
    if direct is None:  # no PEP 610 record: installed from a package index
        return Requirement(f"coffeechat=={__version__}",
                           "The coffeechat that wrote this notebook, from PyPI.")
    vcs = direct.get("vcs_info")
    url = str(direct.get("url", ""))
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return _git(url, str(vcs["commit_id"]))
    if url.startswith("file://"):
        found = _from_checkout(Path(unquote(urlparse(url).path)))
        if found is not None:
            return found
    return _pinned()


def _pinned() -> Requirement:
    return Requirement(
        f"coffeechat=={__version__}",
        f"coffeechat {__version__} came neither from a package index nor from a git "
        "repository with a remote, so this line may not install it: write where it comes "
        "from instead, for example\n"
        '  - run: pip install "coffeechat @ git+https://github.com/OWNER/coffeechat@COMMIT"')


def _git(url: str, commit: str) -> Requirement:
    if url.startswith("file:///"):  # the same URL, with the host that PEP 508's parser wants
        url = "file://localhost/" + url.removeprefix("file:///")
    return Requirement(
        f"coffeechat @ git+{url}@{commit}",
        "The coffeechat that wrote this notebook: the repository it came from, at the "
        "commit it was at (write another commit to upgrade).")


def _direct_url() -> dict[str, object] | None:
    from importlib.metadata import distributions

    found = list(distributions(name="coffeechat"))  # a source tree's egg-info may be one
    if not found:
        return {}  # not installed at all (run from a folder): no index to name
    text = next((t for d in found if (t := d.read_text("direct_url.json"))), None)
    if text is None:
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _from_checkout(folder: Path) -> Requirement | None:
    """The repository and commit of a git checkout of coffeechat at `folder` (its top
    level) that has a remote; None when `folder` is no such checkout."""
    git = shutil.which("git")
    if git is None or not (folder / "pyproject.toml").is_file():
        return None

    def run(*args: str) -> str | None:
        done = subprocess.run([git, "-C", str(folder), *args], capture_output=True,
                              text=True, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        return done.stdout.strip() if done.returncode == 0 else None

    top = run("rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != folder.resolve():
        return None
    remotes = (run("remote") or "").split()
    commit = run("rev-parse", "HEAD")
    if not remotes or commit is None:
        return None
    name = "origin" if "origin" in remotes else remotes[0]
    url = run("remote", "get-url", name)
    if not url or not run("branch", "-r", "--contains", commit):
        return None  # no remote, or the commit was never pushed: the runner could not fetch it
    return _git(_pip_url(url, folder), commit)


def _pip_url(url: str, folder: Path) -> str:
    """A git remote as a URL pip can install from: `git@github.com:o/r.git` becomes
    `https://github.com/o/r.git` (what a GitHub runner can fetch), another scp-like
    address `ssh://`, a folder a `file://` URL."""
    if url.lower().startswith(("http://", "https://")):  # never a token into the workflow
        scheme, _, rest = url.partition("://")  # (`https://me:TOKEN@host/…`)
        where, slash, path = rest.partition("/")
        return f"{scheme}://{where.rpartition('@')[2]}{slash}{path}"
    if "://" in url:
        return url
    host, colon, path = url.partition(":")
    if colon and "/" not in host and not Path(url).exists():
        user, at, name = host.rpartition("@")
        if name == "github.com":
            return f"https://github.com/{path.removeprefix('/')}"
        return f"ssh://{user}{at}{name}/{path.removeprefix('/')}"
    return (folder / url).resolve().as_uri()
