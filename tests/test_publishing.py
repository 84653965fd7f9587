"""Publishing that works on a fresh machine: the package builds into a wheel that
installs and runs; the workflow `init` writes is a valid GitHub Actions workflow, pins
the coffeechat that wrote it, computes "today" in the owner's time zone, and its steps
build the site when run in order in a fresh virtual environment."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import venv
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import generator
from generator.cli import cli

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
    job = workflow["jobs"]["site"]  # type: ignore[index]
    assert job["env"]["TZ"] == zone
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == [f'pip install "coffeechat=={generator.__version__}"', "coffeechat check",
                    "coffeechat build"]
    text = path.read_text()
    assert "Until coffeechat is published on PyPI" in text  # what to change, and to what
    assert "coffeechat @ git+https://github.com/OWNER/coffeechat@v" in text


def test_this_repositorys_release_workflow_is_valid() -> None:
    workflow = _workflow(ROOT / ".github" / "workflows" / "release.yml")
    jsonschema.validate(workflow, SCHEMA)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    publish = workflow["jobs"]["publish"]  # type: ignore[index]
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"


def test_the_workflow_steps_build_the_site_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    """The `run:` steps of the generated workflow, in order, in a fresh virtual
    environment whose pip is offered the wheel built from this checkout."""
    book = tmp_path / "book"
    assert CliRunner().invoke(cli, ["init", str(book)]).exit_code == 0
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    workflow = _workflow(book / ".github" / "workflows" / "coffeechat.yml")
    job = workflow["jobs"]["site"]  # type: ignore[index]
    env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path),
           "PIP_FIND_LINKS": str(wheel.parent), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           **job["env"]}
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL",
                  "http_proxy", "https_proxy", "NO_PROXY", "no_proxy"):
        if proxy in os.environ:
            env[proxy] = os.environ[proxy]
    for step in job["steps"]:
        if "run" in step:
            done = subprocess.run(shlex.split(step["run"]), cwd=book, env=env,
                                  capture_output=True, text=True, timeout=900)
            assert done.returncode == 0, (step["run"], done.stdout[-2000:], done.stderr[-2000:])
    assert (book / "site" / "index.html").is_file()
    assert (book / "site" / "upcoming" / "index.html").is_file()
    version = subprocess.run([str(env_dir / "bin" / "coffeechat"), "--version"], env=env,
                             capture_output=True, text=True, check=True)
    assert version.stdout == f"coffeechat, version {generator.__version__}\n"
