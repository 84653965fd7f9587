"""Connections from elsewhere (SPEC §11): LinkedIn's `Connections.csv` export and vCard
files, read from their bytes and matched against the notebook's companies.

Pure: the caller opens the file and hands over its bytes, whole or in chunks; they are
read a line at a time (CR, LF or CR LF), so that what an import holds in memory is what it
keeps, never the photos it skips. A file that is neither format, or is malformed, raises
`UnreadableImport` with the line where it went wrong.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import itertools
import quopri
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..errors import UnreadableImport
from .contacts import contact_key
from .parse import shown
from .text import CONTROL

#: The header of LinkedIn's export, after its "Notes:" lines.
LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                   "Connected On")
#: Legal suffixes a company's name is matched without (SPEC §11).
LEGAL_SUFFIXES = ("inc", "llc", "ltd", "gmbh", "corp", "co", "sa", "ag", "plc")
_SUFFIX = re.compile(rf"(?:[\s,]+(?:{'|'.join(LEGAL_SUFFIXES)})\.?)+$")
_PUNCTUATION = re.compile(r"[^\w\s&+-]+")
#: The longest line kept, in bytes: a longer one is read past (a photo), never held whole.
MAX_LINE = 1 << 16
#: The vCard properties read; every other one (PHOTO, LOGO, SOUND, KEY, NOTE…) is skipped.
VCARD_PROPERTIES = frozenset({"BEGIN", "END", "VERSION", "FN", "ORG", "TITLE", "EMAIL", "TEL",
                              "URL"})
_EOL = re.compile(rb"\r\n?|\n")
_PROPERTY = re.compile(r"(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[;:]")
_COMPONENT = re.compile(r"(?:\\.|[^\\;]|\\$)*")  # up to the first unescaped `;`
_ESCAPE = re.compile(r"\\([\\,;nN])")


@dataclass(frozen=True)
class Connection:
    """One person from the file."""

    name: str
    company: str
    position: str = ""
    email: str = ""
    url: str = ""  # a LinkedIn profile, when the file gives one
    phone: str = ""

    def __post_init__(self) -> None:
        # a NUL or an escape code from an exporter is no part of a name: dropped, so that a
        # lead note reads back valid (SPEC §6 makes one an error in a note)
        for key, value in vars(self).items():
            if CONTROL.search(value):
                object.__setattr__(self, key, CONTROL.sub("", value))


def company_key(name: str) -> str:
    """A company compared across legal suffixes, case, accents and punctuation:
    `Acme Robotics, Inc.` and `ACME Robotics` are one company."""
    key = contact_key(name)
    key = _SUFFIX.sub("", key)
    return " ".join(_PUNCTUATION.sub(" ", key).split())


def read_connections(source: str | bytes | Iterable[bytes],
                     filename: str) -> tuple[str, list[Connection]]:
    """The file's format (`LinkedIn` or `vCard`) and its connections, from its text or its
    bytes (whole, or as chunks read one after the other)."""
    chunks = [source.encode()] if isinstance(source, str) else (
        [source] if isinstance(source, bytes) else source)
    lines = _Lines(chunks, filename)
    try:
        return _read(lines, filename)
    except MemoryError:
        raise UnreadableImport(f"{filename}:{max(lines.number, 1)}: too large to read with the "
                               "memory available") from None


def _read(lines: _Lines, filename: str) -> tuple[str, list[Connection]]:
    head: list[_Line] = []  # the lines up to the first that is not blank
    while not (head and head[-1].text.strip()) and len(head) < 50:
        if (line := next(lines, None)) is None:
            break
        head.append(line)
    first = head[-1].text.lstrip() if head else ""
    if filename.lower().endswith((".vcf", ".vcard")) or first[:11].upper() == "BEGIN:VCARD":
        return "vCard", _vcards(itertools.chain(head, lines), filename)
    while head and not _is_header(head[-1]) and len(head) < 50:
        if (line := next(lines, None)) is None:
            break
        head.append(line)
    if head and _is_header(head[-1]):
        return "LinkedIn", _linkedin(itertools.chain(head[-1:], lines), filename,
                                     head[-1].number)
    raise UnreadableImport(f"{filename}:1: neither LinkedIn's Connections.csv (no line "
                           f"\"{','.join(LINKEDIN_HEADER)}\") nor a vCard file (.vcf)")


@dataclass(frozen=True)
class _Line:
    number: int
    text: str  # without its line break; only the first MAX_LINE bytes when `cut`
    end: str  # its line break: CR, LF, CR LF, or nothing at the end of the file
    cut: bool = False


class _Lines:
    """The lines of a file given in chunks of bytes, decoded one by one: one pass, however
    many loops take lines from it. `number`: the line last read."""

    def __init__(self, chunks: Iterable[bytes], filename: str) -> None:
        self.filename, self.number = filename, 0
        self._iterator = self._lines(chunks)

    def __iter__(self) -> Iterator[_Line]:
        return self._iterator

    def __next__(self) -> _Line:
        return next(self._iterator)

    def _lines(self, chunks: Iterable[bytes]) -> Iterator[_Line]:
        held, cut, after_cr = bytearray(), False, False
        for chunk in filter(None, chunks):
            at = 0
            if after_cr:  # a line that ended a chunk with CR: is it CR LF?
                at = int(chunk[:1] == b"\n")
                yield self._line(held, "\r\n" if at else "\r", cut)
                held, cut, after_cr = bytearray(), False, False
            for brk in _EOL.finditer(chunk, at):
                cut = self._hold(held, chunk[at:brk.start()], cut)
                at = brk.end()
                if brk.group() == b"\r" and at == len(chunk):
                    after_cr = True
                    break
                yield self._line(held, brk.group().decode(), cut)
                held, cut = bytearray(), False
            else:
                cut = self._hold(held, chunk[at:], cut)
        if held or cut or after_cr:
            yield self._line(held, "\r" if after_cr else "", cut)

    @staticmethod
    def _hold(held: bytearray, part: bytes, cut: bool) -> bool:
        room = MAX_LINE - len(held)
        held += part[:max(room, 0)]
        return cut or len(part) > room

    def _line(self, data: bytearray, end: str, cut: bool) -> _Line:
        self.number += 1
        try:  # a cut line may end inside a character: that one is left out
            text = codecs.getincrementaldecoder("utf-8")().decode(bytes(data), final=not cut)
        except UnicodeDecodeError as exc:
            raise UnreadableImport(f"{self.filename}:{self.number}: is not UTF-8 text (byte "
                                   f"0x{data[exc.start]:02x}); export it again, or save it as "
                                   "UTF-8") from None
        if self.number == 1:
            text = text.removeprefix("\ufeff")
        return _Line(self.number, text, end, cut)


def _is_header(line: _Line) -> bool:
    return line.text.strip().startswith(",".join(LINKEDIN_HEADER[:2]))


# --- LinkedIn ---------------------------------------------------------------------------------

def _linkedin(lines: Iterable[_Line], filename: str, header: int) -> list[Connection]:
    """The connections below the header (the first of `lines`, on line `header`) of
    LinkedIn's export."""
    def texts() -> Iterator[str]:
        for line in lines:
            if line.cut:
                raise UnreadableImport(f"{filename}:{line.number}: a line longer than "
                                       f"{MAX_LINE} bytes: not a row of LinkedIn's export")
            yield line.text + line.end

    reader = csv.reader(texts())
    found = []
    try:
        columns = [c.strip() for c in next(reader)]
        missing = [c for c in LINKEDIN_HEADER[:6] if c not in columns]
        if missing:
            raise UnreadableImport(f"{filename}:{header}: the header has no "
                                   f"{', '.join(missing)} column")
        at = {name: columns.index(name) for name in LINKEDIN_HEADER[:6]}
        for row in reader:
            line = header + reader.line_num - 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise UnreadableImport(f"{filename}:{line}: {len(row)} fields where the header "
                                       f"has {len(columns)}")
            cell = {name: row[i].strip() for name, i in at.items()}
            name = " ".join(filter(None, (cell["First Name"], cell["Last Name"])))
            if name and cell["Company"]:
                found.append(Connection(name, cell["Company"], cell["Position"],
                                        cell["Email Address"], cell["URL"]))
    except csv.Error as exc:
        raise UnreadableImport(f"{filename}:{header + reader.line_num - 1}: "
                               f"{_why(exc)}") from None
    return found


# --- vCard ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Property:
    number: int  # the line it starts on
    name: str  # upper case; "" when the line is not `NAME[;PARAMS]:VALUE`
    text: str  # unfolded; for a skipped property, only the start of it


def _properties(lines: Iterable[_Line], filename: str) -> Iterator[_Property]:
    """The logical lines of a vCard file (continuation lines unfolded into the line they
    continue), each read whole only when its property is one of `VCARD_PROPERTIES`."""
    number, name, size, parts = 0, "", 0, [""]
    for line in lines:
        if line.text[:1] in (" ", "\t") and number:  # a folded line's continuation
            if name in VCARD_PROPERTIES:
                size += len(line.text) - 1
                _refuse_long(filename, number, name, line.cut or size > MAX_LINE)
                parts.append(line.text[1:])
            continue
        if number:
            yield _Property(number, name, "".join(parts))
        number = line.number if line.text.strip() else 0
        if number:
            found = _PROPERTY.match(line.text)
            name = found.group(1).upper().replace("_", "-") if found else ""
            _refuse_long(filename, number, name, line.cut and name in VCARD_PROPERTIES)
            size, parts = len(line.text), [line.text if name in VCARD_PROPERTIES else
                                           line.text[:80]]
    if number:
        yield _Property(number, name, "".join(parts))


def _refuse_long(filename: str, number: int, name: str, long: bool) -> None:
    if long:
        raise UnreadableImport(f"{filename}:{number}: not a valid vCard file: its {name} is "
                               f"longer than {MAX_LINE} characters")


_Card = dict[str, list[tuple[int, list[list[str]], str]]]  # NAME → (line, params, value)


def _vcards(lines: Iterable[_Line], filename: str) -> list[Connection]:
    """The connections of a vCard file, read card by card, property by property."""
    from vobject.base import ParseError, parseLine  # only for `coffeechat import`

    found: list[Connection] = []
    card: _Card = {}
    depth, opened, last = 0, 0, 0  # depth: 1 inside a card, more inside what it nests
    for prop in _properties(lines, filename):
        last = prop.number
        where = f"{filename}:{prop.number}: not a {'valid ' if opened else ''}vCard file"
        if depth == 0 and prop.name != "BEGIN":
            raise UnreadableImport(f"{where}: {shown(prop.text)} is outside BEGIN:VCARD … "
                                   "END:VCARD" if prop.name else
                                   f"{where}: Failed to parse line: {shown(prop.text)}")
        if not prop.name:
            raise UnreadableImport(f"{where}: Failed to parse line: {shown(prop.text)}")
        if prop.name not in VCARD_PROPERTIES or depth > 1 and prop.name not in ("BEGIN", "END"):
            continue  # a property never read (a photo…), or one of a nested component's
        try:
            name, params, value, _group = parseLine(prop.text, prop.number)
        except ParseError:
            raise UnreadableImport(f"{where}: Failed to parse line: {shown(prop.text)}"
                                   ) from None
        name, what = name.upper(), value.strip().upper()
        if name == "BEGIN" and depth == 0 and what != "VCARD":
            raise UnreadableImport(f"{filename}:{prop.number}: a {shown(what)} where a vCard "
                                   "(BEGIN:VCARD) was expected")
        if name == "BEGIN":
            card, opened = (card, opened) if depth else ({}, prop.number)
            depth += 1
        elif name == "END":
            depth -= 1
            if depth == 0 and what != "VCARD":
                raise UnreadableImport(f"{where}: END:{shown(what)} where END:VCARD was "
                                       "expected")
            if depth == 0 and (connection := _card(card, filename, opened)) is not None:
                found.append(connection)
        elif name == "VERSION" and value.strip() not in ("3.0", "4.0"):
            raise UnreadableImport(f"{filename}:{prop.number}: vCard {shown(value.strip())} "
                                   "cannot be read: export vCard 3.0 or 4.0")
        else:
            card.setdefault(name, []).append((prop.number, params, value))
    if depth:
        raise UnreadableImport(f"{filename}:{last}: not a valid vCard file: Component VCARD "
                               "was never closed")
    if not opened:
        raise UnreadableImport(f"{filename}:1: is empty: export your contacts again")
    return found


def _card(card: _Card, filename: str, opened: int) -> Connection | None:
    """The connection a card describes (read from line `opened` on), if it names a person
    and a company."""
    if "VERSION" not in card:
        raise UnreadableImport(f"{filename}:{opened}: a vCard without a VERSION line: export "
                               "vCard 3.0 or 4.0")

    def texts(key: str, *, structured: bool = False) -> Iterator[str]:
        for number, params, value in card.get(key, []):
            yield _text(value, params, f"{filename}:{number}", key, structured=structured)

    def first(key: str, *, structured: bool = False) -> str:
        return next(texts(key, structured=structured), "")

    name, company = first("FN"), first("ORG", structured=True)
    if not name or not company:
        return None
    linkedin = next((u for u in texts("URL") if "linkedin.com/" in u.lower()), "")
    return Connection(name, company, first("TITLE"), first("EMAIL"), linkedin,
                      first("TEL").removeprefix("tel:"))


def _text(value: str, params: list[list[str]], where: str, key: str, *,
          structured: bool = False) -> str:
    """A property's value as text: decoded (base64, quoted-printable), its escapes undone,
    its commas kept (exporters leave `ACME Robotics, Inc.` unescaped); of a structured
    value (ORG), its first component."""
    encoding = {word.upper() for param in params for word in param[1:]
                if param[0].upper() == "ENCODING"} | {p[0].upper() for p in params if len(p) == 1}
    try:
        if encoding & {"B", "BASE64"}:
            value = base64.b64decode(value.strip(), validate=True).decode()
        elif "QUOTED-PRINTABLE" in encoding:
            value = quopri.decodestring(value.encode()).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise UnreadableImport(f"{where}: not a valid vCard file: its {key} does not decode "
                               f"({_why(exc)})") from None
    if structured:
        value = _COMPONENT.findall(value)[0]
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value).strip()


def _why(exc: BaseException) -> str:
    """An exception as a message: its text on one line, else what it is."""
    return shown(str(exc), 200) or type(exc).__name__


# --- matching ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Known:
    """A connection at one of the notebook's companies."""

    connection: Connection
    has_note: bool


@dataclass(frozen=True)
class AtCompany:
    company: str  # spelled as the notebook spells it
    key: str  # the notebook's key of the company (its contact key)
    people: list[Known]


def match(connections: Iterable[Connection], companies: Sequence[tuple[str, str]],
          people: Iterable[str]) -> list[AtCompany]:
    """The connections at each of `companies` ((key, name) in the order to print them),
    dropping companies where nobody is known. `people`: names that have a note already."""
    by_company: dict[str, str] = {}
    for key, name in companies:
        by_company.setdefault(company_key(name), key)
    noted = {contact_key(p) for p in people}
    found: dict[str, dict[str, Known]] = {}
    for connection in connections:
        at = by_company.get(company_key(connection.company))
        if at is not None:
            found.setdefault(at, {}).setdefault(contact_key(connection.name), Known(
                connection, contact_key(connection.name) in noted))
    return [AtCompany(name, key, sorted(found[key].values(),
                                        key=lambda k: contact_key(k.connection.name)))
            for key, name in companies if key in found]


@dataclass(frozen=True)
class Lead:
    """A lead note to write for a connection (`import --add`)."""

    connection: Connection
    company: str  # as the company's target file spells it
    private: bool  # that file is private: so is the note, which names the company (SPEC §6)


def new_leads(found: Iterable[AtCompany], active: Mapping[str, bool]) -> list[Lead]:
    """A lead for each connection with no note yet at an active target company: `active`
    maps the key of each such company to whether its target file is private."""
    return [Lead(known.connection, at.company, active[at.key]) for at in found
            if at.key in active for known in at.people if not known.has_note]
