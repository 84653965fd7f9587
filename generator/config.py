"""Reading `mkdocs.yml`: where the notes are and the coffeechat plugin's options."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml

from .fields import CADENCE_HELP, parse_cadence
from .model import Options

PLUGIN = "coffeechat"


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (`!ENV`, `!!python/name:…`)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Config:
    path: str | None
    docs_dir: str
    options: Options


def parse_options(raw: Any, where: str = "coffeechat") -> Options:
    """Plugin options (a mapping, or None for all defaults) → `Options`, or ConfigError."""
    if raw is None:
        return Options()
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: the plugin's options must be a mapping")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{where}: option `{key}`"
        if key == "cadence":
            cadence = parse_cadence(value) if isinstance(value, str) else None
            if cadence is None:
                raise ConfigError(f"{name}: `{value}` is not a cadence: {CADENCE_HELP}")
            values[key] = cadence
        elif key in ("thank_you_days", "prep_warning_days", "min_questions"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(f"{name}: expected a whole number ≥ 0, found `{value}`")
            values[key] = value
        elif key == "holidays":
            values[key] = _country(value, name)
        elif key == "show_contact_details":
            if not isinstance(value, bool):
                raise ConfigError(f"{name}: expected true or false, found `{value}`")
            values[key] = value
        else:
            raise ConfigError(
                f"{where}: unknown option `{key}` (known: cadence, "
                "thank_you_days, prep_warning_days, min_questions, holidays, "
                "show_contact_details)"
            )
    return Options(**values)


def _country(value: Any, name: str) -> str | None:
    if value is None:
        return None
    import holidays

    supported = holidays.list_supported_countries()
    if not isinstance(value, str) or value.upper() not in supported:
        raise ConfigError(
            f"{name}: `{value}` is not a country code known to the holidays "
            "package (e.g. US, GB, DE, FR)"
        )
    return value.upper()


def load_config(path: str | None) -> Config:
    """The notes folder and options from `path` (a mkdocs.yml), or the defaults if None."""
    if path is None:
        return Config(None, "notes", Options())
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = yaml.load(handle, Loader=_ConfigLoader)  # noqa: S506 - a safe subclass
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: is not valid YAML: {str(exc).splitlines()[0]}") from None
    data = {} if data is None else data  # an empty file: every default
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of MkDocs settings")
    docs_dir = data.get("docs_dir") or "docs"
    if not isinstance(docs_dir, str):
        raise ConfigError(f"{path}: docs_dir must be a folder name")
    base = os.path.dirname(path)
    return Config(
        path,
        os.path.normpath(os.path.join(base, docs_dir)) if base else docs_dir,
        parse_options(_plugin_options(data.get("plugins"), path), f"{path}: plugins.{PLUGIN}"),
    )


def _plugin_options(plugins: Any, path: str) -> Any:
    if isinstance(plugins, dict):  # MkDocs also accepts plugins as a mapping
        return plugins.get(PLUGIN)
    for entry in plugins or ():
        if isinstance(entry, dict) and PLUGIN in entry:
            return entry[PLUGIN]
    return None
