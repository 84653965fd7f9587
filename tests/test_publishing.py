"""Publishing that works on a fresh machine: the package builds into a wheel that
installs and runs; the workflow `init` writes is a valid GitHub Actions workflow, pins
the coffeechat that wrote it, computes "today" in the owner's time zone, and its steps
build the site when run in order in a fresh virtual environment."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import venv
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import generator
from generator.cli import cli
from generator.files.provenance import running_requirement
from generator.files.scaffold import install_step, notebook_files

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((Path(__file__).parent / "schemastore" / "github-workflow.json").read_text())


def _workflow(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true; GitHub does not
    return data


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as `python -m build` builds it."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (found,) = out.glob("coffeechat-*.whl")
    return found


def test_the_wheel_carries_the_theme(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for part in ("generator/site/theme/coffeechat/person.html",
                 "generator/site/theme/assets/stylesheets/coffeechat.css",
                 "generator/site/theme/assets/javascripts/coffeechat.js"):
        assert part in names
    assert f"coffeechat-{generator.__version__}" in wheel.name


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Europe/Berlin"])
def test_the_notebook_workflow_is_valid_pinned_and_in_the_owners_zone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "book")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "book" / ".github" / "workflows" / "coffeechat.yml"
    workflow = _workflow(path)
    jsonschema.validate(workflow, SCHEMA)
    assert workflow["on"]["push"] == {"branches": ["main"]}  # type: ignore[index]
    job = workflow["jobs"]["site"]  # type: ignore[index]
    assert job["env"]["TZ"] == zone
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == [f'pip install "{running_requirement().line}"', "coffeechat check",
                    "coffeechat build"]


def test_a_coffeechat_from_a_package_index_is_pinned_to_its_version(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.files import provenance

    monkeypatch.setattr(provenance, "_from_checkout", lambda folder: None)
    monkeypatch.setattr(provenance, "_direct_url", lambda: None)  # what pip records for PyPI
    step = install_step()
    assert step.endswith(f'- run: pip install "coffeechat=={generator.__version__}"')
    assert "from PyPI" in step and "write where it comes from" not in step


def test_a_checkout_is_installed_from_its_remote_only_once_pushed(tmp_path: Path) -> None:
    from generator.files.provenance import _from_checkout

    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text("[project]\nname = 'coffeechat'\n")
    _git("init", "-q", cwd=checkout)
    _git("add", "-A", cwd=checkout)
    _git("commit", "-q", "-m", "x", cwd=checkout)
    assert _from_checkout(checkout) is None
    _git("init", "-q", "--bare", str(tmp_path / "pushed.git"), cwd=tmp_path)
    _git("remote", "add", "origin", str(tmp_path / "pushed.git"), cwd=checkout)
    commit = _git("rev-parse", "HEAD", cwd=checkout)
    assert _from_checkout(checkout) is None  # a remote, but the commit is not on it
    _git("push", "-q", "origin", "HEAD:main", cwd=checkout)
    for remote, url in (("git@github.com:ana/coffeechat.git",
                         "https://github.com/ana/coffeechat.git"),
                        ("https://ana:ghp_TOKEN@github.com/ana/coffeechat.git",
                         "https://github.com/ana/coffeechat.git")):  # never a token
        _git("remote", "set-url", "origin", remote, cwd=checkout)
        found = _from_checkout(checkout)
        assert found is not None
        assert found.line == f"coffeechat @ git+{url}@{commit}"
    assert _from_checkout(checkout / "sub") is None  # not the checkout's top folder


@pytest.mark.parametrize(("remote", "url"), [
    ("https://github.com/ana/coffeechat.git", "https://github.com/ana/coffeechat.git"),
    ("git@github.com:ana/coffeechat.git", "https://github.com/ana/coffeechat.git"),
    ("me@git.example.org:tools/coffeechat", "ssh://me@git.example.org/tools/coffeechat"),
    ("file:///srv/git/coffeechat.git", "file:///srv/git/coffeechat.git"),
])
def test_a_remote_becomes_a_url_pip_installs_from(remote: str, url: str) -> None:
    from generator.files.provenance import _pip_url

    assert _pip_url(remote, Path("/tmp")) == url


def test_init_makes_the_branch_main_whatever_gits_default(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = master\n")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home)}
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "book")], env=env)
    assert result.exit_code == 0, result.output
    assert "on the branch main" in result.output
    assert _git("symbolic-ref", "HEAD", cwd=tmp_path / "book") == "refs/heads/main"


def test_init_inside_a_repository_warns_that_its_workflow_will_not_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _git("init", "-q", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "book"])
    assert result.exit_code == 0
    assert f"warning: inside the git repository at {tmp_path}" in result.stderr
    assert "will not run from here" in result.stderr
    assert "\n  cd book\n" in result.stdout
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0
    assert "cd ." not in result.output and "\n  cd " not in result.output


def test_init_help_promises_only_what_it_writes() -> None:
    result = CliRunner().invoke(cli, ["init", "--help"])
    assert "site_theme" not in result.output
    written = notebook_files(date(2026, 11, 26))
    assert "site_theme/" not in "".join(written)


def test_this_repositorys_release_workflow_is_valid() -> None:
    workflow = _workflow(ROOT / ".github" / "workflows" / "release.yml")
    jsonschema.validate(workflow, SCHEMA)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    publish = workflow["jobs"]["publish"]  # type: ignore[index]
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout.strip()


def _fresh_env(env_dir: Path, home: Path, job_env: dict[str, str]) -> dict[str, str]:
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(home),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", **job_env}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
                 "PIP_FIND_LINKS", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def test_the_first_push_publishes_from_a_clone_with_a_remote(tmp_path: Path) -> None:
    """End to end, with a `file://` remote standing in for GitHub: coffeechat run from a
    clone of this repository writes a notebook whose workflow installs that repository at
    the exact commit; the workflow's `run:` steps, in order in a fresh virtual environment,
    install it, check the notes and build the site; and the coffeechat installed so writes
    the same line in its turn."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(ROOT), str(remote)], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", remote.as_uri(), str(clone)], check=True)
    commit = _git("rev-parse", "HEAD", cwd=clone)
    book = tmp_path / "book"
    made = subprocess.run([sys.executable, "-m", "generator.cli", "init", str(book)],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(clone)})
    assert made.returncode == 0, made.stderr
    assert _git("symbolic-ref", "HEAD", cwd=book) == "refs/heads/main"
    workflow = _workflow(book / ".github" / "workflows" / "coffeechat.yml")
    job = workflow["jobs"]["site"]  # type: ignore[index]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    uri = remote.as_uri().replace("file:///", "file://localhost/")
    wanted = f"coffeechat @ git+{uri}@{commit}"
    assert runs == [f'pip install "{wanted}"', "coffeechat check", "coffeechat build"]

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    env = _fresh_env(env_dir, tmp_path, job["env"])
    for run in runs:
        done = subprocess.run(shlex.split(run), cwd=book, env=env, capture_output=True,
                              text=True, timeout=900)
        assert done.returncode == 0, (run, done.stdout[-2000:], done.stderr[-2000:])
    assert (book / "site" / "index.html").is_file()
    assert (book / "site" / "upcoming" / "index.html").is_file()

    again = subprocess.run(["coffeechat", "init", str(tmp_path / "second")], env=env,
                           cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    text = (tmp_path / "second" / ".github" / "workflows" / "coffeechat.yml").read_text()
    assert f'- run: pip install "{wanted}"' in text


def test_a_project_site_under_a_sub_path_gets_working_links(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """GitHub Pages serves a project site under /REPO/: the workflow hands the Pages
    address to the build (SITE_URL, read by `site_url: !ENV SITE_URL`), so that a page
    at any depth, the 404 page included, links to the site's own root."""
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "book")]).exit_code == 0
    workflow = _workflow(tmp_path / "book" / ".github" / "workflows" / "coffeechat.yml")
    steps = workflow["jobs"]["site"]["steps"]  # type: ignore[index]
    (pages,) = [s for s in steps if s.get("uses", "").startswith("actions/configure-pages@")]
    (build,) = [s for s in steps if s.get("run") == "coffeechat build"]
    assert steps.index(pages) < steps.index(build)
    assert build["env"] == {"SITE_URL": f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"}
    monkeypatch.setenv("SITE_URL", "https://ana.github.io/coffee")
    built = CliRunner().invoke(cli, ["build", "--config", str(tmp_path / "book" / "mkdocs.yml"),
                                     "--today", "2026-11-26"])
    assert built.exit_code == 0, built.output
    page = (tmp_path / "book" / "site" / "404.html").read_text()
    links = re.findall(r'(?:href|src)="(/[^"]*)"', page)
    assert links and all(link.startswith("/coffee/") for link in links)
