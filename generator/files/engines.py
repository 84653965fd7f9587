"""Whether a plain engine build would publish a notebook's notes (SPEC §6, "Any engine"),
decided from the notebook's files alone: no engine is run.

Each engine reads the first config file it finds in the folder it runs in: MkDocs
`mkdocs.yml`, ProperDocs `properdocs.yml` then `mkdocs.yml`, Zensical `zensical.toml` then
`mkdocs.yml` (the `.yaml` spellings after each). MkDocs and ProperDocs run the coffeechat
plugin when it is listed, which leaves private notes out; Zensical runs no plugin of
MkDocs's, so it publishes its `docs_dir` as it stands. A build publishes the notes when its
config's `docs_dir` (default `docs`) holds the notes folder or lies inside it, and nothing
keeps them out. `init` writes a `zensical.toml` whose `docs_dir` names no folder:
`zensical build` stops there, saying what to run instead.
"""

from __future__ import annotations

import os
import tomllib
from typing import Any

from ..errors import CoffeechatError
from .config import PLUGIN, plugin_names, read_settings

#: The config files each engine looks for, in its order.
ENGINE_CONFIGS = {
    "mkdocs": ("mkdocs.yml", "mkdocs.yaml"),
    "properdocs": ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml"),
    "zensical": ("zensical.toml", "mkdocs.yml", "mkdocs.yaml"),
}
#: The folder a plain `zensical build` is sent to, and what it says when it is not there.
ZENSICAL_GUARD = "run coffeechat build --engine zensical instead"
ZENSICAL_TOML = f"""\
# A plain `zensical build` here would publish notes/ as it stands, private notes included
# (Zensical runs no MkDocs plugin). This file stops it: the folder below does not exist.
# Build the site with `coffeechat build --engine zensical` (or `coffeechat serve --engine
# zensical`); it reads mkdocs.yml and writes what Zensical needs in .coffeechat/zensical/.
[project]
site_name = "My coffee chats"
docs_dir = "{ZENSICAL_GUARD}"
"""


def _docs_dir(engine: str, path: str) -> str | None:
    """The folder a plain build would publish with this config file, None when it would
    publish nothing of the notebook's as it stands (it fails, or it runs the plugin)."""
    folder = os.path.dirname(os.path.abspath(path))
    settings: Any
    try:
        if path.endswith(".toml"):
            with open(path, "rb") as handle:
                settings = tomllib.load(handle)
            settings = settings.get("project", settings)
        else:
            settings = read_settings(path)
    except (OSError, ValueError, CoffeechatError):
        return None  # the engine cannot read it either
    if not isinstance(settings, dict):
        return None
    if engine != "zensical" and not path.endswith(".toml") and any(
            name.removeprefix("/") == PLUGIN for name in plugin_names(settings)):
        return None
    docs = settings.get("docs_dir", "docs")
    return os.path.join(folder, docs) if isinstance(docs, str) and docs else None


def unguarded(notebook: str, notes_dir: str) -> list[str]:
    """The engines whose plain build, run in the notebook's folder, would publish its notes
    as they stand."""
    notes = os.path.realpath(notes_dir)
    found = []
    for engine, names in ENGINE_CONFIGS.items():
        path = next((os.path.join(notebook, n) for n in names
                     if os.path.isfile(os.path.join(notebook, n))), None)
        docs = _docs_dir(engine, path) if path else None
        if docs is None or not os.path.isdir(docs):
            continue
        docs = os.path.realpath(docs)
        if os.path.commonpath([docs, notes]) in (docs, notes):
            found.append(engine)
    return found


def guard_notice(notebook: str, notes_dir: str) -> str | None:
    """What `check` says on standard error about a notebook a plain engine build would
    publish, with how to guard it; None when none would."""
    engines = unguarded(notebook, notes_dir)
    if not engines:
        return None
    how = []
    if "zensical" in engines:
        how.append("write a zensical.toml beside mkdocs.yml that stops a plain `zensical "
                   f"build` (`coffeechat init` writes one: [project] site_name = \"…\", "
                   f"docs_dir = \"{ZENSICAL_GUARD}\") and build with `coffeechat build "
                   "--engine zensical`")
    if {"mkdocs", "properdocs"} & set(engines):
        how.append("list the coffeechat plugin under `plugins:` in the config file that "
                   "`mkdocs build` / `properdocs build` read")
    shown = ", ".join(f"`{e} build`" for e in engines)
    return (f"notice: a plain {shown} in {notebook} would publish "
            f"{os.path.relpath(notes_dir, notebook)}/ as it stands, private notes included: "
            + "; ".join(how) + ".")
