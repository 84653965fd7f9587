"""The field table is the one place a field is declared.

The README shows how to add an optional text field: one row in `core/fields.py`. This
test makes that change to a copy of the package and checks that the reader, the JSON
Schema, the `new` template, the prefill and the note's card all know the new field.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parent.parent
ROW = '''    Field("pronouns", TEXT, "Their pronouns", template="value", prefill=True,
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
