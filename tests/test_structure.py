"""The layering of the package, lint and types, and the sample notebook."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "generator"
#: What each layer may import from the package and from outside it. The core is pure:
#: no click, no MkDocs, no file I/O; the file edges and the site build on it; the command
#: line sits on top of everything. A layer is a folder, with everything under it.
LAYERS = {
    "core": ({"core", "errors"}, {"yaml", "dateutil", "holidays", "icalendar", "vobject"}),
    "files": ({"core", "errors", "files", "__init__"}, {"yaml", "mkdocs", "icalendar",
                                                       "imapclient"}),
    "site": ({"core", "errors", "files", "site"},
             {"mkdocs", "jinja2", "markdown", "markupsafe", "watchdog"}),
    "cli": ({"core", "errors", "files", "site", "cli", "__init__"}, {"click"}),
}
#: The modules at the top of the package, beside the layers.
TOP_MODULES = {"__init__.py": "the version", "errors.py": "the exceptions, under one base"}


def unknown_parts(package: Path) -> list[str]:
    """What in `package` belongs to no layer: a folder that is not one, a top-level module
    that is not a known one (every module must have its place)."""
    unknown = []
    for path in sorted(package.iterdir()):
        if path.is_dir() and path.name not in LAYERS and path.name != "__pycache__":
            unknown.append(f"{path.name}/")
        elif path.suffix == ".py" and path.name not in TOP_MODULES:
            unknown.append(path.name)
    return unknown


def layer_modules(package: Path, layer: str) -> list[Path]:
    """Every module of a layer, in its folder and in the folders under it."""
    return sorted(p for p in (package / layer).rglob("*.py") if "__pycache__" not in p.parts)


def _package_imports(path: Path, package: Path = PACKAGE) -> tuple[set[str], set[str]]:
    """(the package's layers, the outside packages) a module imports: a relative import is
    resolved from the module's own folder, however deep."""
    parts = path.relative_to(package.parent).with_suffix("").parts
    here = parts[:-1]  # the package the module is in (for `__init__`, its own folder)
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[:len(here) - node.level + 1]
            name = (*base, *(node.module.split(".") if node.module else ()))
            inside.add(name[1] if len(name) > 1 else "__init__")
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                alias.name for alias in node.names]
            for name in names:
                first, _, rest = name.partition(".")
                if first == package.name:
                    inside.add(rest.partition(".")[0] or "__init__")
                else:
                    outside.add(first)
    third_party = {name for name in outside if name not in sys.stdlib_module_names}
    return inside, third_party


def test_every_folder_and_module_belongs_to_a_layer() -> None:
    assert unknown_parts(PACKAGE) == []
    assert {p.name for p in PACKAGE.glob("*.py")} == set(TOP_MODULES)


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_only_the_layers_below(layer: str) -> None:
    allowed_inside, allowed_outside = LAYERS[layer]
    modules = layer_modules(PACKAGE, layer)
    assert modules
    for path in modules:
        inside, outside = _package_imports(path)
        assert inside <= allowed_inside, (path.name, inside - allowed_inside)
        assert outside <= allowed_outside, (path.name, outside - allowed_outside)


def test_errors_import_nothing_of_the_package() -> None:
    assert _package_imports(PACKAGE / "errors.py") == (set(), set())


def test_the_layering_rules_catch_what_they_should(tmp_path: Path) -> None:
    """The rules above on a made-up package: an unknown folder and top-level module are
    found, a module deep in a layer is checked, and its relative imports resolve."""
    package = tmp_path / "generator"
    for name in ("core/deep/inner.py", "core/x.py", "extras/y.py", "helpers.py", "errors.py"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("")
    (package / "core/deep/inner.py").write_text(
        "from . import a\nfrom .. import b\nfrom ...site import c\nfrom ... import d\n"
        "import click\nfrom generator.files import e\nimport os\n")
    assert unknown_parts(package) == ["extras/", "helpers.py"]
    assert package / "core/deep/inner.py" in layer_modules(package, "core")
    assert _package_imports(package / "core/deep/inner.py", package) == (
        {"core", "site", "__init__", "files"}, {"click"})


# --- the core touches no file, no terminal, no clock ---------------------------------------

#: Modules that reach files, processes, the terminal or the clock; the core imports none.
IMPURE_MODULES = {"os", "pathlib", "shutil", "subprocess", "io", "tempfile", "glob", "fcntl",
                  "socket", "sqlite3", "zipfile", "tarfile", "gzip", "mmap", "urllib", "http",
                  "sys", "builtins", "importlib", "logging", "time", "fileinput", "linecache",
                  "click", "mkdocs"}
#: Built-in functions that do I/O (or run code from a string).
IMPURE_CALLS = {"open", "print", "input", "exec", "eval", "compile", "__import__", "Path",
                "breakpoint"}
#: Attributes that read a file or the clock, on whatever module they are reached through
#: (`posixpath` is pure string work, all but these).
IMPURE_ATTRIBUTES = {"exists", "isfile", "isdir", "islink", "realpath", "getsize",
                     "getmtime", "expanduser", "expandvars", "abspath", "today", "now",
                     "utcnow", "read_text", "read_bytes", "write_text", "write_bytes"}


def impurities(source: str) -> list[str]:
    """Where a module's source reaches a file, a process, the terminal or the clock."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = ([node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                 else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
        found += [f"{node.lineno}: import {name}" for name in names
                  if name.partition(".")[0] in IMPURE_MODULES]
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in IMPURE_CALLS):
            found.append(f"{node.lineno}: {node.func.id}()")
        if isinstance(node, ast.Attribute) and node.attr in IMPURE_ATTRIBUTES:
            found.append(f"{node.lineno}: .{node.attr}")
    return found


def test_the_core_touches_no_file_no_terminal_no_clock() -> None:
    found = {str(p.relative_to(PACKAGE)): impurities(p.read_text())
             for p in layer_modules(PACKAGE, "core")}
    assert {path: where for path, where in found.items() if where} == {}


@pytest.mark.parametrize("source", [
    "import os", "import os.path", "from os import path", "from pathlib import Path",
    "import shutil", "import subprocess", "import io\nio.open('x')", "open('notes.md')",
    "Path('x').read_text()", "import sys", "from datetime import date\ndate.today()",
    "datetime.now()", "print('x')", "import posixpath\nposixpath.exists('x')",
    "def f():\n    import tempfile", "import logging",
])
def test_impurities_are_found(source: str) -> None:
    assert impurities(source)


@pytest.mark.parametrize("source", [
    "import posixpath\nposixpath.join('a', 'b')", "import re, json, csv, hashlib",
    "thread.open()", "class T:\n    def open(self): pass", "from . import parse",
    "from datetime import date\ndate(2026, 11, 26)", "import yaml\nyaml.safe_load('a')",
])
def test_pure_code_passes(source: str) -> None:
    assert impurities(source) == []


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    return {name.split(".")[0] for name in json.loads(out)}


def test_core_imports_neither_click_nor_mkdocs() -> None:
    core = sorted(p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")
    assert len(core) >= 15
    loaded = _modules_after("; ".join(f"import generator.core.{m}" for m in core))
    assert not loaded & {"click", "mkdocs"}


def test_cli_start_up_imports_only_click() -> None:
    """`coffeechat --help` stays fast: the heavy parts load only when a command runs."""
    loaded = _modules_after("import generator.cli")
    assert "click" in loaded
    assert not loaded & {"yaml", "dateutil", "holidays", "icalendar", "mkdocs"}


def test_holidays_load_only_when_configured() -> None:
    loaded = _modules_after(
        "from datetime import date; from generator.core.days import add_business_days; "
        "add_business_days(date(2026, 11, 20), 1)")
    assert "holidays" not in loaded


def test_ruff_and_mypy_pass() -> None:
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "generator", "tests"],
                          capture_output=True, text=True, cwd=ROOT)
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True,
                          cwd=ROOT)
    assert mypy.returncode == 0, mypy.stdout


def test_modules_stay_small() -> None:
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text().splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert max(sizes.values()) <= 400, sizes



def _module_stems() -> set[str]:
    return {p.stem for p in PACKAGE.rglob("*.py") if p.stem not in ("__init__", "__main__")}


def test_no_module_is_named_after_something_else() -> None:
    """A module's name means one thing: not a library (the standard one or an installed one,
    which it would shadow) and not an MkDocs plugin (`search`, `tags`: the site's words)."""
    from importlib.metadata import entry_points, packages_distributions

    libraries = set(sys.stdlib_module_names) | set(packages_distributions())
    plugins = {e.name.rpartition("/")[2] for e in entry_points(group="mkdocs.plugins")}
    assert {"holidays", "yaml", "calendar"} <= libraries and "search" in plugins
    assert not _module_stems() & (libraries | plugins)


def test_the_readme_layout_names_every_module() -> None:
    """The README's Layout section names each module in its layer's item; any other name
    there is a command's or a library's (no module is named after one), so a module that
    is gone (`search`) shows."""
    from importlib.metadata import packages_distributions

    outside = set(cli.commands) | set(packages_distributions())
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    items = {m[0]: set(re.findall(r"`(\w+)`", m[1]))
             for m in re.findall(r"^- `(\w+)/`: (.*?)(?=^- |^$)", layout, re.M | re.S)}
    assert set(items) == {p.name for p in PACKAGE.iterdir() if p.is_dir()
                          and p.name != "__pycache__"}
    for layer, named in items.items():
        modules = {p.stem for p in (PACKAGE / layer).glob("*.py")} - {"__init__", "__main__"}
        assert modules <= named, (layer, modules - named)
        assert named - modules <= outside, (layer, named - modules - outside)


# --- one name, one meaning ---------------------------------------------------------------------

def _trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text()) for p in sorted(PACKAGE.rglob("*.py"))}


def test_a_public_name_is_defined_in_one_module() -> None:
    """`KINDS` was the kinds of activity in one module and the kinds of file in another;
    `Reader` a class in one and a function type in another. Outside `cli/` (where a command
    is named after what it runs), a public module-level name is defined once."""
    where: dict[str, list[str]] = {}
    for path, tree in _trees().items():
        if path.parent.name == "cli":
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            else:
                names = []
            for name in names:
                if not name.startswith("_"):
                    where.setdefault(name, []).append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}
    assert "KINDS" not in where and where["Reader"] == ["core/options.py"]


def test_note_always_names_a_note() -> None:
    """A parameter or attribute called `note` is a note (or a link to its page), never
    text: what a check-in or a referral says (their `note:` key) is its `remark`."""
    wrong = []
    for path, tree in _trees().items():
        for node in ast.walk(tree):
            named = (node.arg if isinstance(node, ast.arg) else node.target.id
                     if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                     else None)
            annotation = getattr(node, "annotation", None)
            if named != "note" or annotation is None:
                continue
            if not re.fullmatch(r"(Note|Link)( \| None)?", ast.unparse(annotation)):
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert wrong == []


#: Names a docstring may mention that are not the package's own.
OUTSIDE_NAMES = {"PluginError", "DocsDir", "LinkedIn"}


def test_docstrings_name_what_exists() -> None:
    """A docstring or comment that names `core.x.y`, `SomeClass` or `x.py` names something
    that exists (`CompanyIndex` and `cli.app` had outlived their code)."""
    import importlib
    import io
    import tokenize

    classes = {node.name for tree in _trees().values() for node in ast.walk(tree)
               if isinstance(node, ast.ClassDef)}
    files = {p.name for p in PACKAGE.rglob("*.py")}
    stale = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
            if token.type != tokenize.COMMENT and not (
                    token.type == tokenize.STRING and token.string.endswith('"""')):
                continue
            for name in re.findall(r"`([^`\s]+)`", token.string):
                if re.fullmatch(r"(core|files|site|cli|errors)(\.\w+)*", name):
                    first, *attrs = name.split(".")
                    try:
                        found = importlib.import_module(f"generator.{first}")
                        for attr in attrs:
                            found = (getattr(found, attr) if hasattr(found, attr) else
                                     importlib.import_module(f"{found.__name__}.{attr}"))
                    except ImportError:
                        stale.append(f"{path.relative_to(PACKAGE)}:{token.start[0]}: {name}")
                elif re.fullmatch(r"[A-Z][a-z0-9]+[A-Z]\w*", name):
                    if name not in classes | OUTSIDE_NAMES:
                        stale.append(f"{path.relative_to(PACKAGE)}:{token.start[0]}: {name}")
                elif re.fullmatch(r"\w+\.py", name) and name not in files:
                    stale.append(f"{path.relative_to(PACKAGE)}:{token.start[0]}: {name}")
    assert stale == []

# --- the sample notebook ---------------------------------------------------------------------

def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--notes", str(ROOT / "notes"), "--config",
                                      str(ROOT / "mkdocs.yml"), "--today", "2026-11-26"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_sample_notebook_has_no_errors() -> None:
    report = json.loads(_run("check", "--format", "json"))
    assert report["errors"] == 0
    assert report["notes"] >= 11


def test_sample_notebook_covers_every_state() -> None:
    from datetime import date

    from generator.core.followup import build_agenda, group_contacts
    from generator.core.model import Status
    from generator.core.notebook import load_notebook
    from generator.files.config import load_config
    from generator.files.store import find_sources

    options = load_config(str(ROOT / "mkdocs.yml")).options
    today = date(2026, 11, 26)
    book = load_notebook(find_sources(str(ROOT / "notes")), today, options)
    notes = book.notes
    planned = [n for n in notes if n.status is Status.PLANNED and n.date >= today]
    assert any(not n.missing_prep for n in planned)
    assert any(n.missing_prep for n in planned)
    assert any(n.status is Status.DONE and n.thank_you is None for n in notes)
    assert any(n.status is Status.CANCELLED for n in notes)
    assert any(n.private for n in notes)
    assert any(n.cadence and n.cadence.is_none for n in notes)
    assert any(n.cadence and n.cadence.text not in ("quarterly", "none") for n in notes)
    assert any(n.next for n in notes)
    assert book.pages
    contacts = group_contacts(notes)
    assert any(len(c.notes) >= 2 and any(n.check_ins for n in c.notes) for c in contacts)
    kinds = {str(i.kind) for i in build_agenda(notes, today, options)}
    assert kinds == {"thank-you", "check-in", "interview", "try-another", "follow-up",
                     "reach-out"}
    # before the chat (SPEC §8): leads (one from a referral), a message waiting, one past
    # its nudge with nobody else written to, one that became a booked chat, ranked targets
    leads = [n for n in notes if n.status is Status.LEAD]
    assert len(leads) == 2 and any(n.referred_by for n in leads)
    asked = [n for n in notes if n.status is Status.ASKED]
    assert len(asked) == 2 and all(n.replied is None for n in asked)
    assert any(n.status is Status.PLANNED and n.replied for n in notes)
    assert len(book.targets) == 4
    assert len({(t.motivation, t.posting, t.status) for t in book.targets}) == 4
    # after the chat (SPEC §9, §10): a chain of three introductions ending with a lead,
    # goals, and months of activity with a streak
    from generator.core.contacts import contact_key
    from generator.core.referrals import referral_graph
    from generator.core.review import activity, review_week, week_of

    graph = referral_graph(notes)
    leads_keys = {contact_key(n.person) for n in leads}
    chains = [(a.source, a.target, b.target) for a in graph.edges for b in graph.edges
              if a.target == b.source and b.target in leads_keys]
    assert chains, graph.edges
    assert any(n.referrals for n in notes if n.status is Status.DONE)
    assert options.goals and options.goals.outreach_per_week and options.goals.chats_per_month
    assert len({day.month for day in activity(notes)}) >= 5
    review = review_week(notes, [], week_of(today), today, options)
    assert review.streak is not None and review.streak >= 2


def test_sample_agenda() -> None:
    agenda = json.loads(_run("due", "--format", "json", "--within", "all"))
    assert [(i["kind"], i["person"], i["due"]) for i in agenda["items"]] == [
        ("check-in", "Tom Becker", "2026-11-12"),  # 2026-10-01 + 6 weeks
        ("try-another", "Omar Haddad", "2026-11-19"),  # sent Monday 11-16 + 3 business days
        ("thank-you", "Marcus Chen", "2026-11-25"),  # the business day after 11-24
        ("follow-up", "Omar Haddad", "2026-11-25"),  # 11-16 + 7 business days
        ("reach-out", "Ines Duarte", "2026-11-25"),  # suggested on 11-24: its thank-you day
        ("try-another", "Grace Liu", "2026-11-30"),  # 11-24 + 3, Thanksgiving skipped
        # Leo Martin's lead waits its turn: Omar's thread at Northwind is open (SPEC §8)
        ("interview", "Sofía Hernández", "2026-11-30"),
        ("interview", "Dana Okafor", "2026-12-01"),
        ("reach-out", "Kim Park", "2026-12-02"),
        ("follow-up", "Grace Liu", "2026-12-04"),  # 11-24 + 7, Thanksgiving skipped
        ("interview", "Amara Nwosu", "2026-12-15"),
        ("check-in", "Raj Patel", "2027-01-12"),  # agreed in the note
        ("check-in", "Priya Raman", "2027-02-10"),  # check-in 11-10 + 3 months
        ("check-in", "Marcus Chen", "2027-02-24"),  # 11-24 + 3 months
        ("check-in", "Jordan Smith", "2027-04-20"),  # private; semiannual
    ]


def test_every_file_of_the_package_is_in_git() -> None:
    """What a clean clone (and CI) gets is what the tests here ran: nothing under
    generator/ is left untracked or ignored."""
    tracked = set(subprocess.run(["git", "ls-files", "generator"], cwd=ROOT, capture_output=True,
                                 text=True, check=True).stdout.split())
    present = {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert present <= tracked, sorted(present - tracked)


# --- the quick loop ----------------------------------------------------------------------------

#: What makes a test slow: an install or a venv, a browser, a pseudo-terminal, a mail server
#: (whole files of them, and the other engines' tests, are in conftest's SLOW_FILES); and
#: more than this many property examples.
SLOW_WORDS = re.compile(r"\b(venv|pip|playwright|chromium|openpty|dovecot|imap_server)\b|\bpty\.")
MAX_QUICK_EXAMPLES = 800


def test_the_quick_loop_leaves_out_the_slow_tests() -> None:
    """`pytest -m "not slow"`, the README's quick loop, selects no test that installs, opens
    a browser or a terminal, runs another engine or a mail server, or draws hundreds of
    examples; CI runs plain `pytest`, every test."""
    import tomllib

    from conftest import SLOW_FILES

    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    assert "--strict-markers" in options["ini_options"]["addopts"]
    assert any(m.startswith("slow:") for m in options["ini_options"]["markers"])
    assert re.search(r"&& pytest &&", (ROOT / ".ci/run").read_text())
    assert 'pytest -m "not slow"' in (ROOT / "README.md").read_text()
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m",
                          "not slow", "-p", "no:cacheprovider"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    quick = [line.split("::") for line in out.splitlines() if "::" in line]
    assert len(quick) > 300
    assert not {Path(file).name for file, *_ in quick} & SLOW_FILES
    sources: dict[tuple[str, str], str] = {}
    for file in {file for file, *_ in quick}:
        text = (ROOT / file).read_text()
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef):
                start = min([d.lineno for d in node.decorator_list] + [node.lineno])
                lines = text.splitlines()[start - 1:node.end_lineno]
                sources[file, node.name] = "\n".join(lines)
    slow = []
    for file, name, *_ in quick:
        source = sources[file, name.partition("[")[0]]
        examples = [int(n) for n in re.findall(r"max_examples=(\d+)", source)]
        if SLOW_WORDS.search(source) or any(n > MAX_QUICK_EXAMPLES for n in examples):
            slow.append(f"{file}::{name}")
    assert slow == []
