"""Prose in YAML (SPEC §4): whatever text a person writes as an answer, a question or a
role, either it reads back as written, or the checker says so at its line and the
corrected line it shows reads back as written. (The exact reports of each kind of
mistake are in tests/corpus/prose-*.)"""

from __future__ import annotations

from datetime import date

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from generator.core.model import Note
from generator.core.notebook import Source, load_note
from generator.core.options import Options
from generator.core.prose import _goes_on_after_quote, key_path

HEAD = "---\nperson: Jane Doe\ncompany: Acme\ndate: 2026-11-20\n"
LAYOUTS = {  # where the text goes, the line it is on, and how to read it back
    "answer": ("prep:\n  why: {}\n", 6, lambda n: dict(n.prep)["why"]),
    "question": ("questions:\n  - First?\n  - {}\n", 7, lambda n: n.questions[-1]),
    "role": ("role: {}\n", 5, lambda n: n.role),
}
TEXT = st.text(alphabet=st.sampled_from(list("abc XYZ:#'\"@`*&!|>[]{}%?-,.")), min_size=1,
               max_size=24)


def _read(text: str, layout: str) -> tuple[Note | None, list[str]]:
    lines, _, _ = LAYOUTS[layout]
    data = (HEAD + lines.format(text) + "---\n").encode()
    note, problems = load_note(Source("x.md", "x.md", data), date(2026, 11, 26), Options())
    return (note if isinstance(note, Note) else None), [p.message for p in problems]


@settings(max_examples=400, deadline=None)
@given(text=TEXT, layout=st.sampled_from(sorted(LAYOUTS)))
def test_prose_reads_back_or_the_shown_fix_does(text: str, layout: str) -> None:
    wanted = text.strip()
    assume(wanted and " #" not in text)  # a comment after text is YAML's, by design
    assume(not (wanted[0] in "'\"" and not _goes_on_after_quote(wanted)))  # quoted already
    note, messages = _read(text, layout)
    _, line, value_of = LAYOUTS[layout]
    value = value_of(note) if note else None
    if value == wanted:
        event("reads back as written")
        return
    assume(not any("quote it" in m for m in messages))  # read as a number, a date, yes/no
    fixes = [m.split(" in quotes: ", 1)[1] for m in messages if " in quotes: " in m]
    assume(fixes)  # no evident fix: the message says what is wrong without one
    indent = "  " if layout != "role" else ""
    event("fixed as shown")
    fixed_text = fixes[0]
    lines = (HEAD + LAYOUTS[layout][0].format(text)).split("\n")
    lines[line - 1] = indent + fixed_text
    data = ("\n".join(lines) + "---\n").encode()
    fixed, problems = load_note(Source("x.md", "x.md", data), date(2026, 11, 26), Options())
    assert isinstance(fixed, Note), (text, fixed_text, problems)
    assert value_of(fixed) == wanted, (text, fixed_text)


def test_key_paths_follow_the_indentation() -> None:
    lines = ["person: Jane", "prep:", "  why: x", "questions:", "  - a", "  - b", "follow_up:",
             "  check_ins:", "    - date: 2026-11-20", "      note: x", "    - date: 2026-11-21",
             "tags:", "- a", "- b"]
    assert [key_path(lines, i) for i in range(len(lines))] == [
        "person", "prep", "prep.why", "questions", "questions[0]", "questions[1]",
        "follow_up", "follow_up.check_ins", "follow_up.check_ins[0].date",
        "follow_up.check_ins[0].note", "follow_up.check_ins[1].date", "tags", "tags[0]",
        "tags[1]"]
