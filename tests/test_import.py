"""`coffeechat import` (SPEC §11): LinkedIn's Connections.csv and vCard files, matched
against the notebook's companies; lead notes written only with --add."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Book, note

from generator.core.importing import company_key, read_connections

DATA = Path(__file__).parent / "data"
TARGET = "---\nkind: company\ncompany: {name}\n{extra}---\n"


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def targets(book: Book) -> Book:
    """A notebook with three target files (one watching) and notes at two companies."""
    book.write("t/lumen.md", TARGET.format(name="Lumen Energy", extra="motivation: 3\n"))
    book.write("t/northwind.md", TARGET.format(name="Northwind Learning", extra=""))
    book.write("t/harbor.md", TARGET.format(name="Harbor Science Museum",
                                            extra="status: watching\n"))
    book.write("kim.md", note(person="Kim Park", company="Lumen Energy", extra="status: lead"))
    book.write("priya.md", note(person="Priya Raman", company="northwind learning"))
    book.write("tomas.md", note(person="Jo Ng", company="Brightpath Health"))
    return book


@pytest.mark.parametrize(("one", "other"), [
    ("Acme Robotics, Inc.", "ACME Robotics"), ("Acme Robotics Inc", "acme robotics"),
    ("Zoë Labs GmbH", "Zoe Labs"), ("Orbit Co., Ltd.", "Orbit"), ("Nord AG", "NORD"),
    ("Big Corp.", "big"), ("Café SA", "cafe"), ("Tesco plc", "Tesco"),
    ("Lumen Energy, LLC", "Lumen   Energy")])
def test_company_names_match_across_legal_suffixes_and_accents(one: str, other: str) -> None:
    assert company_key(one) == company_key(other)


@pytest.mark.parametrize(("one", "other"), [("Acme", "Acme Robotics"), ("Coinc", "Co"),
                                            ("Inc", "")])
def test_different_companies_stay_apart(one: str, other: str) -> None:
    assert company_key(one) != company_key(other)


def test_both_sample_files_read_as_their_format() -> None:
    kind, people = read_connections((DATA / "Connections.csv").read_text(), "Connections.csv")
    assert kind == "LinkedIn" and len(people) == 8  # the one without a company is left out
    assert people[0].name == "Kim Park" and people[0].company == "Lumen Energy, Inc."
    assert people[3].position == "Director, Learning Experience"
    kind, cards = read_connections((DATA / "contacts.vcf").read_text(), "contacts.vcf")
    assert kind == "vCard"
    assert [(c.name, c.company) for c in cards] == [
        ("Kim Park", "Lumen Energy, Inc."), ("Wen Zhao", "Northwind Learning GmbH"),
        ("Tomás Álvarez", "Brightpath Health"), ("Maya Goldberg", "Eastside High School")]
    assert cards[0].url == "https://www.linkedin.com/in/kim-park-edu"
    assert cards[0].email == "kim.park@lumen.example"


def test_import_prints_whom_you_know_target_files_first_and_writes_nothing(
        targets: Book) -> None:
    before = _snapshot(targets.root)
    result = targets.run("import", str(DATA / "Connections.csv"))
    assert result.exit_code == 0, result.output
    assert result.output.split("\n", 1)[1] == """
you know 2 people at Lumen Energy
  Ines Duarte, Customer Education Specialist
  Kim Park, Education Team Lead (has a note)

you know 3 people at Northwind Learning
  Leo Martin, Instructional Designer
  Priya Raman, Senior Learning Experience Designer (has a note)
  Ruth Okonkwo, Director, Learning Experience

you know 1 person at Harbor Science Museum
  Bea Nilsen, Exhibit Developer

you know 1 person at Brightpath Health
  Tomás Álvarez, Patient Education Specialist

3 of them are at an active target company with no note yet: `coffeechat import \
""" + str(DATA / "Connections.csv") + """ --add` writes a lead note for each.
"""
    assert _snapshot(targets.root) == before  # nothing written without --add


def test_import_add_writes_lead_notes_for_active_targets_only(targets: Book) -> None:
    result = targets.run("import", str(DATA / "Connections.csv"), "--add")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in targets.notes.glob("2026-11-26-*.md"))
    # Lumen and Northwind are active targets; Harbor is watched, Brightpath has no file
    assert written == ["2026-11-26-ines-duarte-lumen-energy.md",
                       "2026-11-26-leo-martin-northwind-learning.md",
                       "2026-11-26-ruth-okonkwo-northwind-learning.md"]
    assert result.output.endswith("".join(f"  wrote notes/{name}\n" for name in written))
    ines = (targets.notes / written[0]).read_text()
    assert ines.startswith("---\nperson: Ines Duarte\ncompany: Lumen Energy\ndate: 2026-11-26\n"
                           "role: Customer Education Specialist\nstatus: lead\n"
                           "# format:             # How you talk\n"
                           "email: ines.duarte@lumen.example\n"
                           "# phone:              # Their phone number\n"
                           "linkedin: https://www.linkedin.com/in/ines-duarte\n")
    assert targets.run("check").exit_code == 0
    due = targets.run("due").output
    # leads take turns (SPEC §8): Kim's lead first at Lumen, Leo's first at Northwind
    reach_outs = [line for line in due.splitlines() if "reach-out" in line]
    assert [("Kim Park" in line, "Leo Martin" in line) for line in reach_outs] == [
        (True, False), (False, True)]
    again = targets.run("import", str(DATA / "Connections.csv"), "--add")
    assert "Nobody new at an active target company" in again.output


def test_import_add_never_overwrites(targets: Book) -> None:
    blocker = targets.write("2026-11-26-leo-martin-northwind-learning.md",
                            "---\nkind: page\n---\nmy own text\n")
    targets.write("t/other.md", TARGET.format(name="Other", extra=""))
    before = _snapshot(targets.root)
    result = targets.run("import", str(DATA / "Connections.csv"), "--add")
    assert result.exit_code == 1
    assert "2026-11-26-leo-martin-northwind-learning.md exists already" in result.output
    assert blocker.read_text() == "---\nkind: page\n---\nmy own text\n"
    assert _snapshot(targets.root) == before


def test_import_of_a_vcard_file(targets: Book) -> None:
    result = targets.run("import", str(DATA / "contacts.vcf"), "--add")
    assert result.exit_code == 0, result.output
    assert "you know 1 person at Northwind Learning\n  Wen Zhao, Learning Engineer\n" in (
        result.output)
    assert sorted(p.name for p in targets.notes.glob("2026-11-26-*.md")) == [
        "2026-11-26-wen-zhao-northwind-learning.md"]


BAD = {
    "empty.csv": ("", "empty.csv:1: neither LinkedIn's Connections.csv"),
    "other.csv": ("Name,Company\nKim,Acme\n", "other.csv:1: neither LinkedIn's"),
    "short.csv": ("Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,"
                  "Connected On\nKim,Park,u,e,Acme\n", "short.csv:4: 5 fields where the header "
                                                      "has 7"),
    "broken.vcf": ("BEGIN:VCARD\nVERSION:3.0\nFN Kim\nEND:VCARD\n",
                   "broken.vcf:3: not a valid vCard file: Failed to parse line: FN Kim"),
    "open.vcf": ("BEGIN:VCARD\nVERSION:3.0\nFN:Kim\n",
                 "open.vcf:3: not a valid vCard file: Component VCARD was never closed"),
    "old.vcf": ("BEGIN:VCARD\nVERSION:2.1\nFN:Kim\nORG:Acme\nEND:VCARD\n",
                "old.vcf:2: vCard 2.1 cannot be read: export vCard 3.0 or 4.0"),
    "latin1.csv": ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "José,Park,u,e,Acme,p,d\n".encode("latin-1"),
                   "latin1.csv:2: is not UTF-8 text (byte 0xe9)"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_malformed_or_unknown_file_is_one_line_and_writes_nothing(targets: Book,
                                                                    name: str) -> None:
    data, message = BAD[name]
    path = targets.root / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    before = _snapshot(targets.root)
    result = targets.run("import", name, "--add")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}"), result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert _snapshot(targets.root) == before


def test_import_with_no_match_says_so(book: Book) -> None:
    book.write("a.md", note(company="Quill"))
    shutil.copy(DATA / "contacts.vcf", book.root / "c.vcf")
    result = book.run("import", "c.vcf")
    assert result.output == ("c.vcf: 4 connections read (vCard)\nNone of them is at a company "
                             "of the notebook (its target files and notes).\n")


def test_a_vcard_whose_values_do_not_decode_is_one_line(targets: Book) -> None:
    (targets.root / "photo.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN;ENCODING=b:!!!notbase64@@\nORG:Lumen Energy\n"
        "END:VCARD\n")
    result = targets.run("import", "photo.vcf")
    assert result.exit_code == 1
    assert result.output.startswith("Error: photo.vcf:3: not a valid vCard file: its FN does "
                                    "not decode (")
    assert result.output.count("\n") == 1


def test_a_photo_is_never_read(targets: Book) -> None:
    """A property the import does not use is skipped, however it is written."""
    (targets.root / "photo.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Park\nORG:Lumen Energy\n"
        "PHOTO;ENCODING=b;TYPE=JPEG:!!!notbase64@@\nEND:VCARD\n")
    result = targets.run("import", "photo.vcf")
    assert result.exit_code == 0, result.output
    assert "you know 1 person at Lumen Energy\n  Kim Park (has a note)\n" in result.output


@pytest.mark.parametrize("text", ["", "  \n\n", "hello\n"])
def test_an_empty_or_foreign_vcf_is_an_error(targets: Book, text: str) -> None:
    (targets.root / "c.vcf").write_text(text)
    result = targets.run("import", "c.vcf")
    assert result.exit_code == 1 and result.output.startswith("Error: c.vcf:1: ")


def test_import_add_refuses_while_a_note_has_errors(targets: Book) -> None:
    targets.write("broken.md", "---\nperson: Leo Martin\ndate: 2026-02-30\n---\n")
    before = _snapshot(targets.root)
    result = targets.run("import", str(DATA / "Connections.csv"), "--add")
    assert result.exit_code == 1
    assert "Error: no lead note was written: some notes have errors" in result.output
    assert _snapshot(targets.root) == before


def test_two_connections_with_one_file_name_get_a_note_each(targets: Book) -> None:
    (targets.root / "twins.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Jane,Doe,,,Lumen Energy,Engineer,1 Jan 2026\n"
        "Jane-,Doe,,,Lumen Energy,Designer,1 Jan 2026\n")
    result = targets.run("import", "twins.csv", "--add")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Lead notes for 2 people:\n"
                                  "  wrote notes/2026-11-26-jane-doe-lumen-energy.md\n"
                                  "  wrote notes/2026-11-26-jane-doe-lumen-energy-2.md\n")
    assert (targets.notes / "2026-11-26-jane-doe-lumen-energy-2.md").read_text().startswith(
        "---\nperson: Jane- Doe\ncompany: Lumen Energy\n")


def test_import_add_writes_at_the_top_of_the_notes_folder_from_a_sub_folder(
        targets: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    targets.config("site_name: t\ndocs_dir: notes\n")
    monkeypatch.chdir(targets.notes / "t")
    result = targets.run("import", str(DATA / "contacts.vcf"), "--add")
    assert result.exit_code == 0, result.output
    assert (targets.notes / "2026-11-26-wen-zhao-northwind-learning.md").is_file()
