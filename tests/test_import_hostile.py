"""`coffeechat import` under hostile files (SPEC §6, §11): any line endings, unescaped commas,
huge photos, colliding file names and private target companies. Each test is a property:
it holds for every file of its kind, not only for one example."""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import os
import re
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, Book, note
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sites import build, make_notebook, site_texts

from generator.core.contacts import contact_key, slugify
from generator.core.importing import Connection, read_connections
from generator.errors import UnreadableImport

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the '
         'email addresses are missing.\nYou will only see email addresses..."\n\n')
TARGET = "---\nkind: company\ncompany: {name}\n{extra}---\n"
SLOW = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

#: Text a cell may hold: any character but surrogates (not UTF-8) and C0 controls.
_cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_word = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1, max_size=12)


def _chunks(data: bytes, cuts: list[int]) -> Iterator[bytes]:
    """`data` in pieces cut at the offsets `cuts`, as a file read in chunks would give it."""
    start = 0
    for cut in sorted({c % (len(data) + 1) for c in cuts}):
        yield data[start:cut]
        start = cut
    yield data[start:]


# --- 1. line endings ----------------------------------------------------------------------

@st.composite
def _connections(draw: st.DrawFn) -> list[Connection]:
    people = []
    for _ in range(draw(st.integers(0, 6))):
        first, last, company = draw(_word), draw(_word), draw(_word)
        position = draw(st.one_of(_cell_text, st.sampled_from(
            ["Director, Learning", 'The "lead"', "two\nlines", "cr\rinside", "crlf\r\nin"])))
        people.append(Connection(f"{first} {last}", company, position.strip(),
                                 draw(st.sampled_from(["", "a@b.example"])),
                                 draw(st.sampled_from(["", "https://www.linkedin.com/in/x"]))))
    return people


def _linkedin_csv(people: list[Connection], ends: list[str]) -> bytes:
    """LinkedIn's export of `people`, its lines ended by `ends` in turn."""
    rows = [[p.name.split(" ", 1)[0], p.name.split(" ", 1)[1], p.url, p.email, p.company,
             p.position, "12 Mar 2024"] for p in people]
    lines = [*NOTES.split("\n")[:-1], HEADER]
    for row in rows:
        one = io.StringIO()
        csv.writer(one, lineterminator="\r\n").writerow(row)  # quotes a field with CR or LF
        lines.append(one.getvalue().removesuffix("\r\n"))
    text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    return ("\ufeff" + text).encode()


@given(people=_connections(),
       ends=st.lists(st.sampled_from(["\r", "\n", "\r\n"]), min_size=1, max_size=4),
       cuts=st.lists(st.integers(0, 10**6), max_size=6))
@example(people=[Connection("Kim Park", "Lumen Energy, Inc.", "Lead, Education")], ends=["\r"],
         cuts=[])
def test_any_line_endings_read_the_same_connections(people: list[Connection], ends: list[str],
                                                    cuts: list[int]) -> None:
    """CR (Excel's "CSV (Macintosh)"), LF, CR LF or a mix, in chunks cut anywhere (even
    between a CR and its LF): the same connections, quoted line breaks kept."""
    data = _linkedin_csv(people, ends)
    assert read_connections(_chunks(data, cuts), "Connections.csv") == ("LinkedIn", people)


def test_a_file_cut_into_chunks_anywhere_reads_the_same() -> None:
    """Wherever a chunk ends (between a CR and its LF, inside a character), and in
    chunks of one byte: the same connections."""
    people = [Connection("Zoë Ng", "Lumen Energy, Inc.", "crlf\r\nin"),
              Connection("Kim Park", "Acme", "cr\rinside")]
    data = _linkedin_csv(people, ["\r\n", "\r", "\r\n", "\n"])
    for cut in range(len(data) + 1):
        assert read_connections(_chunks(data, [cut]), "c.csv") == ("LinkedIn", people), cut
    assert read_connections((data[i:i + 1] for i in range(len(data))), "c.csv")[1] == people


@pytest.mark.parametrize("end", ["\r", "\n", "\r\n"])
def test_a_mac_csv_imports_like_any_other(book: Book, end: str) -> None:
    book.write("t/lumen.md", TARGET.format(name="Lumen Energy", extra=""))
    people = [Connection("Kim Park", "Lumen Energy, Inc.", "Lead, Education"),
              Connection("Ines Duarte", "Acme", "Designer")]
    (book.root / "c.csv").write_bytes(_linkedin_csv(people, [end]))
    result = book.run("import", "c.csv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("c.csv: 2 connections read (LinkedIn)\n\nyou know 1 person "
                                    "at Lumen Energy\n  Kim Park, Lead, Education\n")


# --- 2. commas in a vCard's values ----------------------------------------------------------

_value = st.lists(_word.filter(lambda w: not re.search(r"[;\\,:]", w)), min_size=1,
                  max_size=4).map(", ".join)


@given(company=_value, name=_value, title=_value, escaped=st.booleans(),
       unit=st.sampled_from(["", ";Education", ";Research\\; Labs"]),
       version=st.sampled_from(["3.0", "4.0"]))
@example(company="Acme Robotics, Inc.", name="Ann Lee", title="Head, Sales", escaped=False,
         unit="", version="3.0")
def test_a_vcard_keeps_the_commas_of_its_values(company: str, name: str, title: str,
                                                escaped: bool, unit: str, version: str) -> None:
    """`ORG:Acme Robotics, Inc.` as several exporters write it (the comma not escaped) is
    the company `Acme Robotics, Inc.`; the same for the name and the title."""
    def write(value: str) -> str:
        return value.replace(",", "\\,") if escaped else value

    text = (f"BEGIN:VCARD\r\nVERSION:{version}\r\nFN:{write(name)}\r\nORG:{write(company)}"
            f"{unit}\r\nTITLE:{write(title)}\r\nTEL;TYPE=CELL:+1 555 0100\r\nEND:VCARD\r\n")
    (found,) = read_connections(text, "c.vcf")[1]
    assert (found.name, found.company, found.position, found.phone) == (
        name.strip(), company.strip(), title.strip(), "+1 555 0100")


def test_an_unescaped_comma_in_org_matches_the_notebooks_company(book: Book) -> None:
    book.write("t/acme.md", TARGET.format(name="Acme Robotics", extra=""))
    (book.root / "c.vcf").write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nORG:Acme Robotics, Inc.\nTITLE:Head, Sales\n"
        "TEL;TYPE=CELL:+1 555 0100\nEMAIL:ann@acme.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Bo Lind\nORG:Acme Robotics, Inc.;R&D\n"
        "TEL;VALUE=uri:tel:+46-8-555-0100\nEND:VCARD\n")
    result = book.run("import", "c.vcf", "--add")
    assert result.exit_code == 0, result.output
    assert "you know 2 people at Acme Robotics\n  Ann Lee, Head, Sales\n  Bo Lind\n" in (
        result.output)
    ann = (book.notes / "2026-11-26-ann-lee-acme-robotics.md").read_text()
    assert ann.startswith("---\nperson: Ann Lee\ncompany: Acme Robotics\ndate: 2026-11-26\n"
                          "role: Head, Sales\nstatus: lead\n"
                          "# format:             # How you talk\nemail: ann@acme.example\n"
                          "phone: +1 555 0100\n")
    bo = (book.notes / "2026-11-26-bo-lind-acme-robotics.md").read_text()
    assert "\nphone: +46-8-555-0100\n" in bo
    assert book.run("check").exit_code == 0


# --- 3. photos, and errors that always say why ----------------------------------------------

PHOTO_MB = 20


def _photo_card(version: str, folded: bool, end: str, size: int) -> Iterator[bytes]:
    """A card holding a `size`-byte photo, written piece by piece."""
    yield (f"BEGIN:VCARD{end}VERSION:{version}{end}FN:Kim Park{end}ORG:Acme Robotics, Inc."
           f"{end}").encode()
    yield (b"PHOTO;ENCODING=b;TYPE=JPEG:" if version == "3.0" else
           b"PHOTO:data:image/jpeg;base64,")
    piece = base64.b64encode(bytes(range(256)) * 192)  # 64 KiB of base64
    lines = [piece[i:i + 74] for i in range(0, len(piece), 74)]
    for _ in range(size // len(piece)):
        yield (end.encode() + b" ").join(lines) + end.encode() + b" " if folded else piece
    yield f"AAAA{end}TITLE:Engineer{end}END:VCARD{end}".encode()


#: (version, folded, line end, MB): a folded photo is many lines, slower to trace
PHOTOS = [("3.0", True, "\r\n", 12), ("4.0", False, "\n", PHOTO_MB), ("4.0", True, "\r", 4),
          ("3.0", False, "\r\n", PHOTO_MB)]


@pytest.mark.slow
@pytest.mark.parametrize(("version", "folded", "end", "megabytes"), PHOTOS)
def test_memory_does_not_grow_with_the_photos_skipped(book: Book, version: str, folded: bool,
                                                      end: str, megabytes: int) -> None:
    """Two cards with a large photo each: the import peaks below a MB, whatever the
    photo's size and form (vCard 3.0 or a 4.0 data URI, folded or on one line, any line
    ending)."""
    book.write("t/acme.md", TARGET.format(name="Acme Robotics", extra=""))
    path = book.root / "c.vcf"
    with path.open("wb") as out:
        for _ in range(2):
            out.writelines(_photo_card(version, folded, end, megabytes << 19))
    assert path.stat().st_size > megabytes << 20
    (book.root / "small.vcf").write_bytes(b"".join(_photo_card(version, folded, end, 0)))
    book.run("import", "small.vcf")  # the modules it imports are not the import's memory
    tracemalloc.start()
    try:
        result = book.run("import", "c.vcf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0, result.output
    assert result.output == ("c.vcf: 2 connections read (vCard)\n\nyou know 1 person at Acme "
                             "Robotics\n  Kim Park, Engineer\n\n1 of them is at an active "
                             "target company with no note yet: `coffeechat import c.vcf --add` "
                             "writes a lead note for each.\n")
    assert peak < 1 << 20, f"{peak / 2**20:.1f} MB"


@pytest.mark.slow
def test_a_photo_imports_under_a_memory_cap(book: Book) -> None:
    """The import of a file with a 20 MB photo, in a process that may use 400 MB."""
    import resource

    book.write("t/acme.md", TARGET.format(name="Acme Robotics", extra=""))
    with (book.root / "c.vcf").open("wb") as out:
        out.writelines(_photo_card("4.0", False, "\n", PHOTO_MB << 20))

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (400 << 20, 400 << 20))

    result = subprocess.run([sys.executable, "-m", "generator.cli", "import", "c.vcf",
                             "--today", TODAY], cwd=book.root, capture_output=True, text=True,
                            preexec_fn=cap, check=False, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert (result.returncode, result.stderr) == (0, "")
    assert "you know 1 person at Acme Robotics\n  Kim Park, Engineer\n" in result.stdout


_LINES = st.sampled_from([
    "BEGIN:VCARD", "END:VCARD", "VERSION:3.0", "VERSION:4.0", "VERSION:2.1", "FN:Kim Park",
    "ORG:Acme, Inc.", "FN Kim", " folded", "\tfolded", "", "BEGIN:VCALENDAR", "END:VEVENT",
    "PHOTO;ENCODING=b:!!!", "FN;ENCODING=b:!!!", "FN;ENCODING=b:S2lt", "X-THING:1",
    "item1.EMAIL;TYPE=\"a:b\":k@p.example", "TEL:", ":no name", "N:Park;Kim", "END:",
    "EMAIL;ENCODING=QUOTED-PRINTABLE:k=C3=A9", "FN;ENCODING=b:/w==", "URL:x", "BEGIN:",
    "ORG;CHARSET=UTF-8:\\", "TITLE:a\\nb"])


@given(lines=st.lists(_LINES, max_size=14), end=st.sampled_from(["\n", "\r\n", "\r"]))
@example(lines=["BEGIN:VCARD", "VERSION:3.0", "FN;ENCODING=b:!!!", "ORG:A", "END:VCARD"],
         end="\n")
def test_a_bad_vcard_is_one_line_with_its_line_and_a_reason(lines: list[str],
                                                             end: str) -> None:
    """Whatever a .vcf file holds, it is read, or refused in one line that names the file,
    the line and says why (never `not a valid vCard file:` and nothing)."""
    data = end.join(lines).encode()
    try:
        read_connections(data, "c.vcf")
    except UnreadableImport as exc:
        message = str(exc)
        assert re.fullmatch(r"c\.vcf:(\d+): \S.*\S", message), message
        assert int(message.split(":")[1]) <= max(len(lines), 1), message
        assert not message.endswith(":") and "\n" not in message and "\r" not in message


def test_running_out_of_memory_is_one_line(book: Book, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    book.write("t/acme.md", TARGET.format(name="Acme Robotics", extra=""))
    (book.root / "c.vcf").write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Kim Park\nEND:VCARD\n")

    def exhausted(*args: object, **kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr("vobject.base.parseLine", exhausted)
    result = book.run("import", "c.vcf")
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: c\.vcf:[12]: too large to read with the memory available\n",
                        result.output), result.output


# --- 4. file names that collide -------------------------------------------------------------

_FIRST = ["José", "Jose", "JOSÉ", "José-", "Jo-Sé", "Ana", "Ana.", "Añá",
          "Maximiliana-Josefina-Alexandra-Konstantina-Bartholomea-Evangelina",
          "Maximiliana-Josefina-Alexandra-Konstantina-Bartholomea-Evangeline", "Ωμέγα" * 9]
_LAST = ["Núñez", "Nunez", "Núñez Ortega", "Nuñez-Ortega", "O'Brien", "OBrien",
         "Wolfeschlegelsteinhausenbergerdorff-Wolfeschlegelsteinhausen", "Ωμέγα" * 10]


@pytest.mark.slow
@SLOW
@given(people=st.lists(st.tuples(st.sampled_from(_FIRST), st.sampled_from(_LAST)),
                       min_size=1, max_size=8),
       other_file=st.booleans())
@example(people=[("José", "Núñez"), ("Jose", "Nunez"), ("José-", "Nunez")], other_file=True)
def test_every_new_connection_gets_exactly_one_note(
        tmp_path_factory: pytest.TempPathFactory, people: list[tuple[str, str]],
        other_file: bool) -> None:
    """However their names slug or cut to one file name, every person matched at an active
    target with no note gets one lead note, and the paths printed are the files written."""
    root = tmp_path_factory.mktemp("collide")
    (root / "notes" / "t").mkdir(parents=True)
    (root / "notes" / "t" / "acme.md").write_text(TARGET.format(name="Acme Robotics", extra=""))
    if other_file:  # a file that takes the name a second person's note would get
        first, last = people[0]
        (root / "notes" / f"{TODAY}-{slugify(f'{first} {last}')}-acme-robotics-2.md"
         ).write_text("---\nkind: page\n---\nmine\n")
    rows = "".join(f'"{first}","{last}",,,"Acme Robotics, Inc.",Engineer,1 Jan 2026\n'
                   for first, last in people)
    (root / "c.csv").write_text(f"{HEADER}\n{rows}")
    before = set((root / "notes").rglob("*.md"))
    with contextlib.chdir(root):
        result = Book(root).run("import", "c.csv", "--add")
    assert result.exit_code == 0, result.output
    written = sorted(set((root / "notes").rglob("*.md")) - before)
    printed = re.findall(r"^  wrote (.+)$", result.output, re.MULTILINE)
    assert sorted(root / p for p in printed) == written
    persons = [re.search(r"^person: (.+)$", p.read_text(), re.MULTILINE) for p in written]
    keys = [contact_key(m.group(1).strip("'\"")) for m in persons if m]
    assert sorted(keys) == sorted({contact_key(f"{f} {last}") for f, last in people})
    assert all(len(p.name.encode()) <= 200 for p in written)
    with contextlib.chdir(root):
        check = Book(root).run("check")
    assert check.exit_code == 0, check.output


# --- 5. a private target company ------------------------------------------------------------

MARKER = re.compile(r"zqx[a-z]*", re.IGNORECASE)
PRIVATE_TARGET = """\
---
kind: company
company: Zqxco Robotics
private: true
motivation: 3
website: https://zqxsite.example
tags: [zqxtag]
---
Zqxbody: why I want to work there.
"""


def _private_notebook(root: Path) -> Path:
    make_notebook(root, {"t/zqx.md": PRIVATE_TARGET,
                         "t/lumen.md": TARGET.format(name="Lumen Energy", extra=""),
                         "kim.md": note(person="Kim Park", company="Lumen Energy")})
    (root / "c.csv").write_text(
        f"{HEADER}\n"
        "Pat,Quinn,https://www.linkedin.com/in/pat-quinn,pat@q.example,ZQXCO ROBOTICS INC,"
        "Engineer,1 Jan 2026\n"
        "Ines,Duarte,,,Lumen Energy,Designer,1 Jan 2026\n")
    return root


def _import_add(root: Path) -> str:
    with contextlib.chdir(root):
        result = Book(root).run("import", "c.csv", "--add")
    assert result.exit_code == 0, result.output
    return result.output


def test_a_lead_at_a_private_target_company_is_private(tmp_path: Path) -> None:
    """The company's name comes from a private file: the note that copies it is private,
    and no public note holds anything of that file."""
    root = _private_notebook(tmp_path)
    _import_add(root)
    pat = (root / "notes" / "2026-11-26-pat-quinn-zqxco-robotics.md").read_text()
    assert re.search(r"^private: true$", pat, re.MULTILINE)
    assert pat.startswith("---\nperson: Pat Quinn\ncompany: Zqxco Robotics\n")
    ines = (root / "notes" / "2026-11-26-ines-duarte-lumen-energy.md").read_text()
    assert "\nprivate:" not in ines.split("\n---\n", 1)[0]  # the template's hint only
    public = [p for p in (root / "notes").rglob("*.md")
              if not re.search(r"^private: true$", p.read_text(), re.MULTILINE)]
    assert {p.name for p in public} == {"kim.md", "lumen.md",
                                        "2026-11-26-ines-duarte-lumen-energy.md"}
    assert [p.name for p in public if MARKER.search(p.read_text())] == []
    with contextlib.chdir(root):
        assert Book(root).run("check").exit_code == 0


@pytest.mark.slow
def test_no_built_file_holds_the_private_target_after_import_add(tmp_path: Path) -> None:
    root = _private_notebook(tmp_path)
    _import_add(root)
    result, site = build(root)
    assert result.exit_code == 0, result.output
    texts = site_texts(site)
    assert any("Ines Duarte" in t for t in texts.values())  # the public lead is there
    leaks = {path: MARKER.findall(text) or ["Pat Quinn"] for path, text in texts.items()
             if MARKER.search(text) or "Pat Quinn" in text}
    assert leaks == {}


def test_control_characters_from_an_exporter_are_dropped(book: Book) -> None:
    """A NUL or an escape code in a vCard or a CSV is no part of a name: the lead note
    is written without it, and reads back valid."""
    book.write("t.md", "---\nkind: company\ncompany: Acme Robotics\n---\n")
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim\x00 Park\x1b[31m\r\nORG:Acme Robotics\r\n"
            "TITLE:Lead\x07\r\nEND:VCARD\r\n")
    (book.root / "c.vcf").write_text(card, encoding="utf-8")
    result = book.run("import", "c.vcf", "--add")
    assert result.exit_code == 0, result.output
    (written,) = [p for p in book.notes.glob("*.md") if p.name != "t.md"]
    text = written.read_text()
    assert "person: Kim Park[31m\n" in text and "role: Lead\n" in text
    assert book.run("check").exit_code == 0
