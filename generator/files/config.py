"""Reading `mkdocs.yml` the way MkDocs reads it: where the notes are, and the options.

The YAML is loaded by MkDocs's own loader (`mkdocs.utils.yaml`), so `!ENV`, `!relative`
and `INHERIT` mean here what they mean to `mkdocs build`; `docs_dir` and `plugins` are
then read with MkDocs's rules (`DocsDir`, `Plugins`). Python tags (`!!python/name:…`,
which MkDocs imports) are not run: coffeechat reads none of the settings that use them.
Anything else that MkDocs would refuse is refused here too, in one line naming it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..core.options import LISTED_TWICE, Options, parse_options, quoted
from ..errors import ConfigError, NotebookNotFound
from .holiday_cache import Cached

PLUGIN = "coffeechat"


@dataclass(frozen=True)
class Config:
    path: str | None  # the mkdocs.yml read, None: none (every default)
    docs_dir: str
    options: Options = field(default_factory=Options)
    directory_urls: bool = True
    plugin: bool = False  # the coffeechat plugin is enabled


class _Unread:
    """A value behind a Python tag, which coffeechat does not construct."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __str__(self) -> str:
        return f"a value tagged {self.tag}"


class _Loader(yaml.SafeLoader):
    """MkDocs's loader is PyYAML's full one; this one leaves Python tags unconstructed."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/",
                              lambda loader, suffix, node: _Unread(f"!!python/{suffix}"))


@dataclass
class _Settings:
    """What `!relative` placeholders ask of a MkDocs config."""

    config_file_path: str
    docs_dir: str = ""
    _current_page: Any = None


CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")  # the names MkDocs looks for, in its order


def find_config(start: str) -> str | None:
    """The nearest mkdocs.yml in `start` or a folder above it, as git finds its repository;
    its path relative to the current folder."""
    folder = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                return os.path.relpath(path)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def find_notebook(*, config: str | None, notes: str | None,
                  cache_writes: bool = True) -> tuple[Config, str]:
    """The notebook a command works on, and its notes folder (SPEC §5): the mkdocs.yml
    given, else the nearest one from here (or from the notes folder given); its
    `docs_dir` unless a notes folder is given; with no mkdocs.yml, `notes/` here.
    `cache_writes`: whether the holiday cache may be written (not by `check`)."""
    path = config or find_config(os.curdir) or (find_config(notes) if notes else None)
    if path is not None:
        found = load_config(path, cache_writes=cache_writes)
        return found, notes or found.docs_dir
    if notes or os.path.isdir("notes"):
        return load_config(None, cache_writes=cache_writes), notes or "notes"
    raise NotebookNotFound("this folder is not inside a coffeechat notebook (no mkdocs.yml "
                           "here or above, and no notes/ folder): start one with "
                           "`coffeechat init`, or pass --notes DIR")


def load_config(path: str | None, *, cache_writes: bool = True) -> Config:
    """The notes folder and the options from a mkdocs.yml (None: the defaults, `notes/`)."""
    calendar = Cached(writes=cache_writes)
    if path is None:
        return Config(None, "notes", parse_options(None, calendar=calendar))
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of MkDocs settings")
    absolute = os.path.abspath(path)
    docs_dir = _docs_dir(data.get("docs_dir"), absolute, path)
    directory_urls = data.get("use_directory_urls")
    if directory_urls is None:
        directory_urls = True
    elif not isinstance(directory_urls, bool):
        raise ConfigError(f"{path}: use_directory_urls: expected true or false")
    raw = list(_plugin_configs(data.get("plugins"), path))
    if len(raw) > 1:
        raise ConfigError(f"{path}: {LISTED_TWICE}")
    options = parse_options(raw[0] if raw else None, f"{path}: plugins.{PLUGIN}",
                            calendar=calendar)
    return Config(path, shown_dir(docs_dir), options, directory_urls, bool(raw))


def read_settings(path: str) -> dict[str, Any]:
    """Every setting of a mkdocs.yml, read as `load_config` reads it (a value behind a
    Python tag is left unconstructed: `python_value` makes it)."""
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of MkDocs settings")
    return data


def python_value(value: Any) -> Any:
    """A setting with its `!!python/name:` tags resolved (as MkDocs's loader would),
    anywhere inside it; other Python tags are left out."""
    if isinstance(value, dict):
        return {k: python_value(v) for k, v in value.items() if not _other_tag(v)}
    if isinstance(value, list):
        return [python_value(v) for v in value if not _other_tag(v)]
    if isinstance(value, _Unread):
        import importlib

        module, _, name = value.tag.removeprefix("!!python/name:").rpartition(".")
        return getattr(importlib.import_module(module), name)
    return value


def plain_value(value: Any) -> Any:
    """A setting as plain data: a `!!python/name:` tag becomes the dotted name it
    names (what a TOML config writes), other Python tags are left out."""
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items() if not _other_tag(v)}
    if isinstance(value, list):
        return [plain_value(v) for v in value if not _other_tag(v)]
    if isinstance(value, _Unread):
        return value.tag.removeprefix("!!python/name:")
    return value


def _other_tag(value: Any) -> bool:
    return isinstance(value, _Unread) and not value.tag.startswith("!!python/name:")


def plugin_names(settings: dict[str, Any]) -> list[str]:
    """The names under `plugins:` (empty when it is not a list or mapping)."""
    plugins = settings.get("plugins")
    if isinstance(plugins, dict):
        return [str(name) for name in plugins]
    if isinstance(plugins, list):
        return [str(next(iter(item))) if isinstance(item, dict) and item else str(item)
                for item in plugins]
    return []


def shown_dir(path: str) -> str:
    """A folder as paths are shown: relative to the current folder when the two share more
    than the root (`notes`, `../../notes`), else absolute."""
    absolute = os.path.abspath(path)
    if os.path.commonpath([absolute, os.path.abspath(os.curdir)]) == os.sep:
        return absolute
    return os.path.relpath(absolute)


def _load_yaml(path: str) -> Any:
    try:
        with open(os.path.abspath(path), "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if b"!" not in data and b"INHERIT" not in data:
        # no tag and no INHERIT: MkDocs's loader reads exactly what a safe one reads, and
        # importing MkDocs's costs a fifth of a daily command
        try:
            loaded = yaml.load(data, Loader=_Loader)  # noqa: S506 - a safe loader
            return {} if loaded is None else loaded  # as MkDocs's yaml_load
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: is not valid YAML: {_first_line(exc)}") from None
        except RecursionError:
            raise ConfigError(f"{path}: is nested too deeply") from None
        except ValueError as exc:  # a date like 2026-02-30, a number of 5,000 digits
            raise ConfigError(_unreadable(path, exc)) from None
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader(_Loader, config=_Settings(os.path.abspath(path)))  # type: ignore[arg-type]
    try:
        with open(os.path.abspath(path), "rb") as handle:
            return yaml_load(handle, loader)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except ConfigurationError as exc:
        if isinstance(exc.__context__, yaml.YAMLError):  # MkDocs wraps PyYAML's errors
            raise ConfigError(f"{path}: is not valid YAML: {_first_line(exc.__context__)}"
                              ) from None
        raise ConfigError(f"{path}: {_first_line(exc)}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: is not valid YAML: {_first_line(exc)}") from None
    except RecursionError:
        raise ConfigError(f"{path}: is nested too deeply (or INHERIT goes round in a loop)"
                          ) from None
    except ValueError as exc:
        raise ConfigError(_unreadable(path, exc)) from None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _unreadable(path: str, exc: ValueError) -> str:
    """A value YAML matched but Python could not make: `day is out of range for month`."""
    from ..core.parse import shown

    return (f"{path}: is not valid YAML: a value cannot be read "
            f"({shown(_first_line(exc).split(':')[0], 80)})")


def _docs_dir(value: Any, config_file: str, path: str) -> str:
    """MkDocs's `DocsDir(default='docs')`: a text, relative to the config file's folder,
    and not that folder itself."""
    if value is None:
        value = "docs"
    if not isinstance(value, str):
        raise ConfigError(f"{path}: docs_dir: expected a folder name, found {_found(value)}")
    config_dir = os.path.dirname(config_file)
    docs_dir = os.path.abspath(os.path.join(config_dir, value))
    if docs_dir == config_dir:
        raise ConfigError(f"{path}: docs_dir: should not be the folder of mkdocs.yml itself; "
                          "use a folder beside it, such as `notes`")
    return docs_dir


def _found(value: Any) -> str:
    return str(value) if isinstance(value, _Unread) else quoted(value)


def _plugin_configs(plugins: Any, path: str) -> Iterator[Any]:
    """The options given to each `coffeechat` entry of `plugins`, read as MkDocs reads it."""
    if plugins is None:
        return
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = []
        for item in plugins:
            if isinstance(item, dict):
                if len(item) != 1:
                    raise ConfigError(f"{path}: plugins: each item is a plugin name, or one "
                                      "`name:` with its options")
                entries.append(next(iter(item.items())))
            else:
                entries.append((item, None))
    else:
        raise ConfigError(f"{path}: plugins: expected a list of plugins, found {_found(plugins)}")
    for name, options in entries:
        if not isinstance(name, str):
            raise ConfigError(f"{path}: plugins: {quoted(name)} is not a plugin name")
        if name.removeprefix("/") == PLUGIN:
            yield options
