"""One site on any engine (SPEC §6, "Any engine"), with the real engines, no mocks.

The sample notebook and one `coffeechat init` made are each built once per engine
(module-scoped): `coffeechat build` (MkDocs with the plugin), `coffeechat build --engine
zensical` (a staged tree), a plain `properdocs build` and a plain `mkdocs build` (both run
the plugin), and a plain `zensical build`, which must fail. The pages' article text is the
same under every engine; a private note's marker is written by none of them.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.files.engines import guard_notice

ROOT = Path(__file__).parent.parent
TODAY = "2026-11-26"
MARKER = "PRIVATE-MARKER-7f3a9c"
PRIVATE = f"""\
---
person: Quinn Secret
company: Hidden Works
date: 2026-11-02
status: done
private: true
email: quinn@hidden.example
---
## What I learned

{MARKER}: nothing of this note may reach any site.
"""
#: A public note whose values a template must escape (and no engine escape twice).
AMPERSAND = """\
---
person: Ada <Lovelace>
company: Babbage & Sons
date: 2026-11-10
status: done
tags: [r&d]
---
## What I learned

Engines: analytical & difference.

## Next steps

Write to her again.
"""
#: The engines the README names; the test extra installs them: none is optional here.
ENGINES = ("properdocs", "zensical")


def test_every_engine_is_installed() -> None:
    missing = [e for e in ENGINES if importlib.util.find_spec(e) is None]
    assert not missing, f"not installed: {missing}: pip install -e '.[test]'"


def _engine(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command in a process of its own, as a user runs it (today pinned)."""
    env = {**os.environ, "COFFEECHAT_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
           "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=300)


def _coffeechat(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _engine(sys.executable, "-m", "generator.cli", *args, "--today", TODAY, cwd=cwd)


@dataclass
class Built:
    root: Path
    sites: dict[str, Path] = field(default_factory=dict)  # engine → its site folder
    outputs: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)


def _build_all(root: Path) -> Built:
    built = Built(root)
    runs = {"mkdocs": lambda d: _coffeechat("build", "--site-dir", str(d), cwd=root),
            "zensical": lambda d: _coffeechat("build", "--engine", "zensical", "--site-dir",
                                              str(d), cwd=root),
            "plain mkdocs": lambda d: _engine(sys.executable, "-m", "mkdocs", "build", "-q",
                                              "-d", str(d), cwd=root),
            "properdocs": lambda d: _engine(sys.executable, "-m", "properdocs", "build",
                                            "-f", "mkdocs.yml", "-d", str(d), cwd=root)}
    for engine, run in runs.items():
        site = root / f"site-{engine.replace(' ', '-')}"
        built.outputs[engine] = done = run(site)
        assert done.returncode == 0, (engine, done.stdout, done.stderr)
        built.sites[engine] = site
    built.outputs["plain zensical"] = _engine(sys.executable, "-m", "zensical", "build",
                                              cwd=root)
    return built


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The repository's own notebook (mkdocs.yml, zensical.toml, notes/, site_theme/), with
    a private note holding the marker."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("mkdocs.yml", "zensical.toml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("notes", "site_theme"):
        shutil.copytree(ROOT / name, root / name)
    (root / "notes" / "2026-11-02-quinn-secret-hidden-works.md").write_text(PRIVATE)
    return _build_all(root)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A notebook `coffeechat init` made, with a private note and a note whose values are
    markup."""
    root = tmp_path_factory.mktemp("generated") / "book"
    done = _coffeechat("init", str(root), cwd=root.parent)
    assert done.returncode == 0, done.stderr
    (root / "notes" / "2026-11-02-quinn-secret-hidden-works.md").write_text(PRIVATE)
    (root / "notes" / "2026-11-10-ada-lovelace-babbage-sons.md").write_text(AMPERSAND)
    return _build_all(root)


def _articles(site: Path) -> dict[str, str]:
    """Each page's `<article>` text, whitespace-normalised; the theme's own parts (the tag
    chips, which each engine puts elsewhere in the article, and heading permalinks)
    left out."""
    texts = {}
    for path in sorted(site.rglob("*.html")):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
        if article is None:
            continue
        for part in article.select("nav.md-tags, a.headerlink"):
            part.decompose()
        texts[path.relative_to(site).as_posix()] = " ".join(article.get_text(" ").split())
    return texts


def _tags(site: Path) -> dict[str, list[str]]:
    tags = {}
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        tags[path.relative_to(site).as_posix()] = sorted(
            t.get_text(strip=True) for t in soup.select("article nav.md-tags .md-tag"))
    return tags


@pytest.mark.parametrize("notebook", ["sample", "generated"])
@pytest.mark.parametrize("engine", ENGINES)
def test_every_engine_gives_the_same_article_text(request: pytest.FixtureRequest,
                                                  notebook: str, engine: str) -> None:
    built: Built = request.getfixturevalue(notebook)
    mine, theirs = _articles(built.sites["mkdocs"]), _articles(built.sites[engine])
    assert len(mine) > 10 and set(mine) == set(theirs)
    assert {p: t for p, t in theirs.items() if mine[p] != t} == {}
    assert _tags(built.sites[engine]) == _tags(built.sites["mkdocs"])


def test_markup_in_values_is_escaped_once_under_every_engine(generated: Built) -> None:
    for engine, site in generated.sites.items():
        text = _articles(site)["2026-11-10-ada-lovelace-babbage-sons/index.html"]
        assert text.startswith("Ada <Lovelace> · Babbage & Sons · 2026-11-10"), engine
        assert "&amp;" not in text and "&lt;" not in text, engine


def _contains(folder: Path, marker: bytes) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            if marker in data or marker.lower() in data.lower():
                found.append(str(path.relative_to(folder)))
    return found


@pytest.mark.parametrize("notebook", ["sample", "generated"])
def test_no_engine_writes_a_private_note(request: pytest.FixtureRequest,
                                         notebook: str) -> None:
    built: Built = request.getfixturevalue(notebook)
    marker = MARKER.encode()
    assert built.sites  # every engine installed here built its site
    for engine, site in built.sites.items():
        assert _contains(site, marker) == [], engine
        assert _contains(site, b"quinn@hidden.example") == [], engine
        assert not (site / "2026-11-02-quinn-secret-hidden-works").exists(), engine
    staged = built.root / ".coffeechat"
    if staged.exists():
        assert _contains(staged, marker) == []
    if "plain zensical" in built.outputs:  # the guard: it fails, saying what to run
        plain = built.outputs["plain zensical"]
        assert plain.returncode != 0
        assert "coffeechat build --engine zensical" in plain.stdout + plain.stderr
        assert not (built.root / "site").exists()
        assert _contains(built.root, marker) == [
            "notes/2026-11-02-quinn-secret-hidden-works.md"]


def test_staged_notes_carry_no_key_of_their_own(generated: Built) -> None:
    """A note's `status:` would turn on Zensical's page-status icons: a staged note's front
    matter is its title and tags alone."""
    docs = generated.root / ".coffeechat" / "zensical" / "docs"
    notes = sorted(docs.glob("20*.md"))
    assert [p.name for p in notes] == sorted(
        p.name for p in (generated.root / "notes").glob("20*.md") if "quinn" not in p.name)
    for path in notes:
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        assert set(front) <= {"title", "tags"}, path.name
    site = generated.sites["zensical"]
    assert "md-status" not in (site / "2026-11-10-ada-lovelace-babbage-sons" /
                               "index.html").read_text()


def test_a_second_build_rewrites_only_the_changed_note(tmp_path: Path) -> None:
    root = tmp_path / "book"
    assert _coffeechat("init", str(root), cwd=tmp_path).returncode == 0
    note = root / "notes" / "2026-11-10-ada-lovelace-babbage-sons.md"
    note.write_text(AMPERSAND)
    assert _coffeechat("build", "--engine", "zensical", cwd=root).returncode == 0
    docs = root / ".coffeechat" / "zensical"

    def mtimes() -> dict[str, int]:
        return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns
                for p in docs.rglob("*") if p.is_file() and ".cache" not in p.parts
                and "site" not in p.relative_to(docs).parts[:1]}

    before = mtimes()
    note.write_text(AMPERSAND + "\nA paragraph added later.\n")
    done = _coffeechat("build", "--engine", "zensical", cwd=root)
    assert done.returncode == 0, done.stderr
    after = mtimes()
    assert set(after) == set(before)
    assert [p for p in after if after[p] != before[p]] == [
        "docs/2026-11-10-ada-lovelace-babbage-sons.md"]
    page = root / "site" / "2026-11-10-ada-lovelace-babbage-sons" / "index.html"
    assert "A paragraph added later." in page.read_text()
    note.unlink()  # a note gone: its staged file and page go too
    assert _coffeechat("build", "--engine", "zensical", cwd=root).returncode == 0
    assert not (docs / "docs" / note.name).exists()
    assert not page.exists()


# --- check's notice: from the files alone --------------------------------------------------

def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _coffeechat("check", *args, cwd=root)


def test_check_notices_a_notebook_a_plain_engine_build_would_publish(tmp_path: Path) -> None:
    root = tmp_path / "book"
    assert _coffeechat("init", str(root), cwd=tmp_path).returncode == 0
    guarded = [_check(root, "--format", "json"), _check(root, "--strict")]
    assert all("notice" not in done.stderr for done in guarded)
    assert guard_notice(str(root), str(root / "notes")) is None

    (root / "zensical.toml").unlink()  # Zensical reads mkdocs.yml now: notes/ as it stands
    unguarded = [_check(root, "--format", "json"), _check(root, "--strict")]
    for before, after in zip(guarded, unguarded, strict=True):
        assert (after.stdout, after.returncode) == (before.stdout, before.returncode)
        assert "notice: a plain `zensical build`" in after.stderr
        assert "zensical.toml" in after.stderr and "--engine zensical" in after.stderr

    # a config that MkDocs and ProperDocs read without the plugin publishes notes too
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - coffeechat:", "  - coffeechat_off:"))
    (root / "properdocs.yml").write_text("site_name: x\ndocs_dir: notes\n")
    notice = guard_notice(str(root), str(root / "notes")) or ""
    assert re.search(r"`mkdocs build`, `properdocs build`, `zensical build`", notice)


def test_init_writes_the_guard_and_ignores_the_staged_tree(generated: Built) -> None:
    assert "docs_dir" in (generated.root / "zensical.toml").read_text()
    assert ".coffeechat/" in (generated.root / ".gitignore").read_text().splitlines()


# --- ProperDocs runs the plugin: our messages still show -----------------------------------

def test_coffeechat_build_under_properdocs_shows_our_messages(sample: Built,
                                                              tmp_path: Path) -> None:
    """ProperDocs's modules stand in for MkDocs's once `properdocs.replacement` is loaded;
    its logger is `properdocs`, and the plugin's messages must still reach standard
    error."""
    script = ("import properdocs.replacement, sys, mkdocs; print(mkdocs.__name__, "
              "file=sys.stderr); from generator.cli import main; sys.argv[0] = 'coffeechat'; "
              "main()")
    done = _engine(sys.executable, "-c", script, "build", "--today", TODAY, "--site-dir",
                   str(tmp_path / "site"), cwd=sample.root)
    assert done.returncode == 0, done.stderr
    mkdocs = sample.outputs["mkdocs"].stderr
    ours = [line for line in mkdocs.splitlines() if "coffeechat: " in line]
    assert done.stderr.splitlines()[0] == "properdocs"  # ProperDocs ran the plugin
    assert ours and all(line in done.stderr for line in ours)


def test_a_notebooks_override_of_our_template_works_under_every_engine(tmp_path: Path) -> None:
    """Zensical's templates cannot call Python, so coffeechat renders its pages itself,
    from the notebook's `site_theme/coffeechat/` first."""
    root = tmp_path / "book"
    assert _coffeechat("init", str(root), cwd=tmp_path).returncode == 0
    home = Path(__import__("generator.site.render", fromlist=["THEME"]).THEME)
    override = root / "site_theme" / "coffeechat" / "home.html"
    override.parent.mkdir(parents=True)
    override.write_text("<p>MY-OWN-HOME</p>\n" + (home / "coffeechat" / "home.html").read_text())
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("# custom_dir: site_theme", "custom_dir: "
                                                 "site_theme"))
    for engine in ("mkdocs", "zensical"):
        done = _coffeechat("build", "--engine", engine, "--site-dir", str(root / engine),
                           cwd=root)
        assert done.returncode == 0, done.stderr
        assert "MY-OWN-HOME" in (root / engine / "index.html").read_text(), engine


def test_serve_with_zensical_serves_public_notes_and_follows_a_change(tmp_path: Path) -> None:
    import socket
    import time
    import urllib.error
    import urllib.request

    root = tmp_path / "book"
    assert _coffeechat("init", str(root), cwd=tmp_path).returncode == 0
    (root / "notes" / "2026-11-02-quinn-secret-hidden-works.md").write_text(PRIVATE)
    note = root / "notes" / "2026-11-10-ada-lovelace-babbage-sons.md"
    note.write_text(AMPERSAND)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {**os.environ, "COFFEECHAT_TODAY": TODAY}
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--engine",
                               "zensical", "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page(path: str, wanted: str = "", seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as r:
                    text = r.read().decode()
                if wanted in text:
                    return text
            except (urllib.error.URLError, ConnectionError):
                pass
            assert time.monotonic() < deadline, f"{path} never showed {wanted!r}"
            time.sleep(0.3)

    try:
        assert "Babbage &amp; Sons" in page("2026-11-10-ada-lovelace-babbage-sons/")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/2026-11-02-quinn-secret-hidden-"
                                   "works/", timeout=5)
        note.write_text(AMPERSAND + "\nSERVED-AFTER-A-SAVE\n")
        page("2026-11-10-ada-lovelace-babbage-sons/", "SERVED-AFTER-A-SAVE")
    finally:
        server.terminate()
        server.wait(timeout=30)
    with pytest.raises(OSError):  # Zensical's server stopped with ours
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
