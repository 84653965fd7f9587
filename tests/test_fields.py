"""The field table is the one place a field is declared.

The README shows how to add an optional text field: one row in `core/fields.py`. This
test makes that change to a copy of the package and checks that the reader, the JSON
Schema, the `new` template, the prefill and the note's card all know the new field.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
ROW = '''    Field("pronouns", TEXT, "Their pronouns", template="commented", prefill=True,
          label="Pronouns"),
'''
ANCHOR = '''    Field("tags", Texts("tags"),'''

PROBE = textwrap.dedent('''
    from datetime import date
    from generator.core.fields import read_note
    from generator.core.notebook import Source, load_note
    from generator.core.options import Options
    from generator.core.parse import parse_front_matter
    from generator.core.schema import front_matter_schema
    from generator.core.template import note_text, prefill
    from generator.site.model import build_site_model
    from generator.site.render import Renderer

    text = b"---\\nperson: Jo\\ncompany: Acme\\ndate: 2026-11-20\\npronouns: they/them\\n---\\n"
    note, problems = load_note(Source("a.md", "a.md", text), date(2026, 11, 26), Options())
    assert problems == [], problems
    assert note.details == {"pronouns": "they/them"}, note.details
    assert front_matter_schema()["else"]["else"]["properties"]["pronouns"]["description"] == \\
        "Their pronouns"
    known = prefill([note], "Jo")
    assert known == {"pronouns": "they/them"}, known
    written = note_text({"person": "Jo", "company": "Acme", "date": date(2026, 12, 1),
                         "status": "planned", **known})
    assert "\\npronouns: they/them\\n" in written, written
    unknown = note_text({"person": "Jo", "company": "Acme", "date": date(2026, 12, 1)})
    assert "\\n# pronouns:           # Their pronouns\\n" in unknown, unknown
    again = read_note(parse_front_matter(written.encode(), "b.md"), "b.md", date(2026, 11, 26))
    assert again.details["pronouns"] == "they/them"
    site = build_site_model([note], [], date(2026, 11, 26), Options())
    assert "Pronouns: they/them" in Renderer(site).note_card(note)
    print("ok")
''')


def test_a_new_optional_text_field_is_one_row(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "generator", tmp_path / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    fields = tmp_path / "generator" / "core" / "fields.py"
    source = fields.read_text()
    assert source.count(ANCHOR) == 1
    fields.write_text(source.replace(ANCHOR, ROW + ANCHOR))
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(tmp_path)})
    assert result.stdout == "ok\n", result.stderr
    # without the row, the same note warns about an unknown key: the probe is not vacuous
    fields.write_text(source)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(tmp_path)})
    assert "unknown key `pronouns`" in result.stderr


def test_the_readme_shows_the_same_row() -> None:
    readme = (ROOT / "README.md").read_text()
    assert ROW in readme


# --- every example of a note agrees with the table ---------------------------------------------

def _template_keys(text: str) -> list[str]:
    """The top-level keys a new note's front matter names, written or commented out."""
    front = text.split("---\n")[1]
    return [m[1] for m in re.finditer(r"^(?:# )?(\w+):", front, re.MULTILINE)]


def test_the_template_names_every_field_of_the_table() -> None:
    """"One row per field": a new note shows each field of a note, in the table's order,
    whether `new` knows its value (written) or not (a commented-out line with its hint)."""
    from generator.core.fields import NOTE
    from generator.core.template import note_text

    bare = note_text({"person": "Jo", "company": "Acme", "date": date(2026, 12, 1),
                      "status": "planned", "format": "coffee"})
    note_keys = [f.key for f in NOTE if f.key != "kind"]  # `kind` is for pages and companies
    assert _template_keys(bare) == note_keys
    assert "\n# email:              # Their email address\n" in bare
    assert "\n# private:            # true: never published on the site\n" in bare
    known = note_text({"person": "Jo", "company": "Acme", "date": date(2026, 12, 1),
                       "email": "jo@acme.example", "private": True})
    assert "\nemail: jo@acme.example\n" in known and "\nprivate: true\n" in known
    assert "# email:" not in known and "# private:" not in known
    assert _template_keys(known) == note_keys


def test_a_value_set_later_takes_the_place_of_its_hint() -> None:
    from generator.core.edit import set_value
    from generator.core.template import note_text

    text = note_text({"person": "Jo", "company": "Acme", "date": date(2026, 12, 1)})
    edited = set_value(text, ("email",), "jo@acme.example", after=("date",))
    assert edited == text.replace("# email:              # Their email address",
                                  "email: jo@acme.example")


def _keys_in_order(node: yaml.Node, fields: tuple, where: str) -> list[str]:
    """Problems with a mapping's keys: one the table lacks, or one out of its order."""
    from generator.core.fieldtypes import Block, Entries

    assert isinstance(node, yaml.MappingNode), where
    order = [f.key for f in fields]
    problems: list[str] = []
    seen = [key.value for key, _ in node.value]
    problems += [f"{where}{key}: not in the table" for key in seen if key not in order]
    known = [key for key in seen if key in order]
    if known != sorted(known, key=order.index):
        problems.append(f"{where}: {known} is not in the table's order {order}")
    by_key = {f.key: f for f in fields}
    for key, value in node.value:
        f = by_key.get(key.value)
        if f is not None and isinstance(f.type, Block) and isinstance(value, yaml.MappingNode):
            problems += _keys_in_order(value, f.type.fields, f"{where}{key.value}.")
        if f is not None and isinstance(f.type, Entries) and isinstance(value,
                                                                        yaml.SequenceNode):
            for i, item in enumerate(value.value):
                problems += _keys_in_order(item, f.type.block.fields,
                                           f"{where}{key.value}[{i}].")
    return problems


def _agrees_with_the_table(text: str, today: date) -> None:
    from generator.core.fields import NOTE
    from generator.core.notebook import Source, load_note
    from generator.core.options import Options

    front = text.split("---\n")[1]
    assert _keys_in_order(yaml.compose(front), NOTE, "") == []
    note, problems = load_note(Source("a.md", "a.md", text.encode()), today, Options())
    assert note is not None and problems == []


def test_inits_example_note_agrees_with_the_table() -> None:
    from generator.files.scaffold import EXAMPLE

    _agrees_with_the_table(EXAMPLE.format(date=date(2026, 12, 3)), date(2026, 11, 26))


def test_the_readmes_note_agrees_with_the_table() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("\n## A note\n"):]
    block = re.search(r"```yaml\n(---\n.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]
    _agrees_with_the_table(block, date(2027, 3, 1))


def test_the_check_catches_a_key_out_of_order() -> None:
    from generator.core.fields import NOTE

    front = "person: Jo\ndate: 2026-12-01\ncompany: Acme\nfollow_up:\n  cadence: x\n  thank_you:\n"
    assert _keys_in_order(yaml.compose(front), NOTE, "") == [
        ": ['person', 'date', 'company', 'follow_up'] is not in the table's order "
        f"{[f.key for f in NOTE]}",
        "follow_up.: ['cadence', 'thank_you'] is not in the table's order "
        "['thank_you', 'cadence', 'next', 'check_ins']"]
    assert _keys_in_order(yaml.compose("person: Jo\npronouns: x\n"), NOTE, "") == [
        "pronouns: not in the table"]
