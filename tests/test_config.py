"""mkdocs.yml is input too: coffeechat reads it exactly as `mkdocs build` does.

Whatever the file says, coffeechat and MkDocs never read two different notebooks from it:
where MkDocs accepts the file, coffeechat finds the same notes folder, the same plugin
options and the same URL style; where MkDocs refuses what coffeechat reads, coffeechat
refuses too, in one line. (The plugin reads its options with the command line's own
reader, `parse_options`: what these tests hold is that both find the same values in the
file, whatever YAML, tags, INHERIT or plugin shapes it uses.)
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.options import Options
from generator.errors import ConfigError
from generator.files.config import load_config

Reading = tuple[str, Options, bool] | None


def _coffeechat_reads(path: Path) -> Reading:
    try:
        config = load_config(str(path))
    except ConfigError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{path}: "), str(exc)
        return None
    if not os.path.isdir(config.docs_dir):  # every command stops here, saying so
        return None
    return os.path.abspath(config.docs_dir), config.options, config.directory_urls


def _mkdocs_reads(path: Path) -> Reading:
    from mkdocs.config import load_config as mkdocs_load_config

    try:
        config = mkdocs_load_config(str(path))
        plugin = config.plugins.get("coffeechat")
        options = Options()
        if plugin is not None:
            plugin.on_config(config)
            options = plugin.options
    except (Exception, RecursionError):  # MkDocs refuses the file, however it says so
        return None
    return config.docs_dir, options, config.use_directory_urls


def _write(folder: Path, text: str, name: str = "mkdocs.yml") -> Path:
    for sub in ("notes", "docs", "journal"):
        (folder / sub).mkdir(exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def _agree(path: Path) -> Reading:
    ours, theirs = _coffeechat_reads(path), _mkdocs_reads(path)
    assert ours == theirs, (path.read_text()[:400], ours, theirs)
    return ours


NEST = "x: " + "[" * 5000 + "]" * 5000 + "\n"

CASES = {
    "plugins is text": ("plugins: coffeechat\n", None),
    "plugins is a number": ("plugins: 5\n", None),
    "plugins as a mapping": ("plugins:\n  coffeechat:\n    cadence: monthly\n", "monthly"),
    "an item with two names": ("plugins:\n  - coffeechat: {}\n    search: {}\n", None),
    "the plugin twice": ("plugins:\n  - coffeechat\n  - coffeechat\n", None),
    "a leading slash": ("plugins:\n  - /coffeechat:\n      cadence: yearly\n", "yearly"),
    "no plugins": ("plugins:\n", "quarterly"),
    "options as an empty list": ("plugins:\n  - coffeechat: []\n", "quarterly"),
    "options as a list": ("plugins:\n  - coffeechat: [cadence]\n", None),
    "an unknown option": ("plugins:\n  - coffeechat:\n      colour: blue\n", None),
    "!ENV of an unset variable": (
        "plugins:\n  - coffeechat:\n      cadence: !ENV CC_UNSET_CADENCE\n", "quarterly"),
    "!ENV with a default": (
        "plugins:\n  - coffeechat:\n      cadence: !ENV [CC_UNSET_CADENCE, monthly]\n", "monthly"),
    "an alias": ("x: &c yearly\nplugins:\n  - coffeechat:\n      cadence: *c\n", "yearly"),
    "an alias of a list": ("x: &c [1, 2]\nplugins:\n  - coffeechat:\n      cadence: *c\n", None),
    "nesting thousands deep": (NEST + "plugins:\n  - coffeechat\n", None),
    "a Python tag elsewhere": ("extra:\n  f: !!python/name:os.path.join\nplugins:\n"
                               "  - coffeechat:\n      cadence: monthly\n", "monthly"),
    "an unknown tag": ("extra:\n  f: !nonsense x\nplugins:\n  - coffeechat\n", None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_odd_plugin_settings(tmp_path: Path, name: str) -> None:
    text, cadence = CASES[name]
    reading = _agree(_write(tmp_path, "site_name: x\ndocs_dir: notes\n" + text))
    assert (reading[1].cadence.text if reading else None) == cadence


@pytest.mark.parametrize("docs_dir", ["notes", "journal", ".", "''", "5", "[notes]", "null",
                                      "missing", "!ENV [CC_UNSET_DOCS, journal]",
                                      "!relative $config_dir/notes", "../notes"])
def test_odd_docs_dirs(tmp_path: Path, docs_dir: str) -> None:
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "notes").mkdir()
    reading = _agree(_write(book, f"site_name: x\ndocs_dir: {docs_dir}\nplugins:\n"
                                  "  - coffeechat\n"))
    if docs_dir in ("notes", "journal", "null", "../notes"):
        assert reading is not None


@pytest.mark.parametrize("value", ["no", "true", "'yes'", "1", "null"])
def test_use_directory_urls(tmp_path: Path, value: str) -> None:
    _agree(_write(tmp_path, f"site_name: x\ndocs_dir: notes\nuse_directory_urls: {value}\n"))


@pytest.mark.parametrize(("plugins", "cadence"), [
    ("plugins:\n  - coffeechat:\n      {}\n", "quarterly"),  # a list replaces the parent's
    ("plugins:\n  coffeechat:\n    {}\n", "monthly"),  # a mapping is merged into it
])
def test_inherit(tmp_path: Path, plugins: str, cadence: str) -> None:
    indent = plugins.splitlines()[-1].index("{")
    _write(tmp_path, "site_name: base\n" + plugins.format(
        "cadence: monthly\n" + " " * indent + "thank_you_days: 2"), "base.yml")
    reading = _agree(_write(tmp_path, "INHERIT: base.yml\ndocs_dir: journal\n"
                            + plugins.format("thank_you_days: 4")))
    assert reading is not None
    assert (reading[0], reading[1].cadence.text, reading[1].thank_you_days) == (
        str(tmp_path / "journal"), cadence, 4)
    assert _agree(_write(tmp_path, "INHERIT: missing.yml\nsite_name: x\n")) is None


def test_env_tags_read_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "site_name: x\ndocs_dir: notes\nplugins:\n  - coffeechat:\n"
                            "      thank_you_days: !ENV [CC_DAYS, 3]\n")
    assert _agree(path)[1].thank_you_days == 3  # type: ignore[index]
    monkeypatch.setenv("CC_DAYS", "2")
    assert _agree(path)[1].thank_you_days == 2  # type: ignore[index]
    monkeypatch.setenv("CC_DAYS", "two")
    assert _agree(path) is None


VALUES = {
    "cadence": ["monthly", "Quarterly", "6 weeks", "0 days", "1000 months", "sometimes", "3",
                "null", "[]", "!ENV CC_UNSET", "!ENV [CC_UNSET, yearly]"],
    "thank_you_days": ["0", "1", "30", "31", "-1", "true", "'2'", "2.5", "null"],
    "prep_warning_days": ["7", "365", "366", "x", "null"],
    "min_questions": ["3", "0", "101", "[3]", "null"],
    "holidays": ["US", "gb", "XX", "5", "null", "''"],
    "show_contact_details": ["true", "false", "yes", "'true'", "1", "null"],
}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({}, optional={key: st.sampled_from(values)
                                           for key, values in VALUES.items()}))
def test_any_option_values(tmp_path_factory: pytest.TempPathFactory,
                           options: dict[str, Any]) -> None:
    lines = "".join(f"      {key}: {value}\n" for key, value in options.items())
    text = "site_name: x\ndocs_dir: notes\nplugins:\n  - coffeechat:" + (
        "\n" + lines if lines else " {}\n")
    _agree(_write(tmp_path_factory.mktemp("options"), text))
