"""Commands at once act one after the other (SPEC §5; STYLE "decide and create under one
lock"): for any mix of the writing commands started together on one person, the notebook
they leave is the one that some serial order leaves, and exactly the commands that said
they succeeded in that order did."""

from __future__ import annotations

import itertools
import multiprocessing
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli

TODAY = "2026-11-26"
PERSON, COMPANY = "Dana Cole", "Acme Robotics"

START = {
    "nothing": None,
    "lead": f"""---
person: {PERSON}
company: {COMPANY}
date: 2026-11-23
status: lead
---
Met at the meetup.
""",
    "asked": f"""---
person: {PERSON}
company: {COMPANY}
date: 2026-11-20
status: asked
outreach:
  sent: 2026-11-20
---
""",
}

COMMANDS = [
    ("reach", PERSON, "--company", COMPANY, "--date", "2026-11-24"),
    ("reach", PERSON, "--company", COMPANY, "--date", "2026-11-25"),
    ("log", PERSON, "--replied", "--date", "2026-11-25"),
    ("log", PERSON, "--followed-up", "--date", "2026-11-26"),
    ("new", PERSON, "--company", COMPANY, "--date", "2026-12-03"),
    ("new", PERSON, "--company", COMPANY, "--date", "2026-12-04"),
    ("log", PERSON, "--cancelled"),
]

Outcome = tuple[tuple[bool, ...], tuple[tuple[str, bytes], ...]]


def _notebook(root: Path, start: str) -> Path:
    (root / "notes").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: notes\n")
    text = START[start]
    if text is not None:
        (root / "notes" / f"2026-11-20-dana-cole-{start}.md").write_text(text)
    return root


def _invoke(root: Path, args: tuple[str, ...]) -> bool:
    result = CliRunner().invoke(cli, [*args, "--config", str(root / "mkdocs.yml"),
                                      "--today", TODAY])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code == 0


def _tree(root: Path) -> tuple[tuple[str, bytes], ...]:
    """Every file of the notes folder (dot-files too: nothing may be left behind)."""
    return tuple(sorted((p.relative_to(root).as_posix(), p.read_bytes())
                        for p in (root / "notes").rglob("*") if p.is_file()))


def _child(root: str, args: tuple[str, ...], barrier: object, results: object,
           index: int) -> None:
    barrier.wait()  # type: ignore[attr-defined]
    results.put((index, _invoke(Path(root), args)))  # type: ignore[attr-defined]


def _at_once(root: Path, commands: list[tuple[str, ...]]) -> Outcome:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(commands)), context.Queue()
    children = [context.Process(target=_child, args=(str(root), args, barrier, results, i))
                for i, args in enumerate(commands)]
    for child in children:
        child.start()
    got = dict(results.get(timeout=60) for _ in children)
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    return tuple(got[i] for i in range(len(commands))), _tree(root)


def _serial(template: Path, work: Path, commands: list[tuple[str, ...]]) -> set[Outcome]:
    """The outcome of every order of the commands, each from a copy of the notebook."""
    outcomes = set()
    for n, order in enumerate(set(itertools.permutations(range(len(commands))))):
        root = work / f"order-{n}"
        shutil.copytree(template, root)
        succeeded = {i: _invoke(root, commands[i]) for i in order}
        outcomes.add((tuple(succeeded[i] for i in range(len(commands))), _tree(root)))
    return outcomes


@pytest.mark.slow
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(sorted(START)),
       commands=st.lists(st.sampled_from(COMMANDS), min_size=2, max_size=3))
def test_commands_at_once_equal_some_serial_order(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, start: str,
        commands: list[tuple[str, ...]]) -> None:
    work = tmp_path_factory.mktemp("race")
    template = _notebook(work / "template", start)
    shutil.copytree(template, work / "together")
    monkeypatch.chdir(work / "together")  # `new` and `reach` write at the top of notes/
    together = _at_once(work / "together", commands)
    serial = _serial(template, work / "serial", commands)
    assert together in serial, (commands, together[0], [o[0] for o in serial])


def test_many_first_messages_at_once_leave_one_note(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The case that was found: `reach` for one new person, several at once, each on
    another day, all said they succeeded and left as many `asked` notes."""
    root = _notebook(tmp_path, "nothing")
    monkeypatch.chdir(root)
    commands = [("reach", PERSON, "--company", COMPANY, "--date", f"2026-11-{day}")
                for day in range(16, 26)]
    succeeded, tree = _at_once(root, commands)
    assert sum(succeeded) == 1
    assert len(tree) == 1
