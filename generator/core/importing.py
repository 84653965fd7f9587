"""Connections from elsewhere (SPEC §11): LinkedIn's `Connections.csv` export and vCard
files, read from their text and matched against the notebook's companies.

Pure: the caller reads the file. A file that is neither format, or is malformed, raises
`UnreadableImport` with the line where it went wrong.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import UnreadableImport
from .contacts import contact_key
from .parse import one_line

#: The header of LinkedIn's export, after its "Notes:" lines.
LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                   "Connected On")
#: Legal suffixes a company's name is matched without (SPEC §11).
LEGAL_SUFFIXES = ("inc", "llc", "ltd", "gmbh", "corp", "co", "sa", "ag", "plc")
_SUFFIX = re.compile(rf"(?:[\s,]+(?:{'|'.join(LEGAL_SUFFIXES)})\.?)+$")
_PUNCTUATION = re.compile(r"[^\w\s&+-]+")


@dataclass(frozen=True)
class Connection:
    """One person from the file."""

    name: str
    company: str
    position: str = ""
    email: str = ""
    url: str = ""  # a LinkedIn profile, when the file gives one


def company_key(name: str) -> str:
    """A company compared across legal suffixes, case, accents and punctuation:
    `Acme Robotics, Inc.` and `ACME Robotics` are one company."""
    key = contact_key(name)
    key = _SUFFIX.sub("", key)
    return " ".join(_PUNCTUATION.sub(" ", key).split())


def read_connections(text: str, filename: str) -> tuple[str, list[Connection]]:
    """The file's format (`LinkedIn` or `vCard`) and its connections."""
    text = text.removeprefix("\ufeff")
    start = text.lstrip()
    if filename.lower().endswith((".vcf", ".vcard")) or start[:11].upper() == "BEGIN:VCARD":
        return "vCard", _vcards(text, filename)
    if (header := _header_line(text)) is not None:
        return "LinkedIn", _linkedin(text, filename, header)
    raise UnreadableImport(f"{filename}:1: neither LinkedIn's Connections.csv (no line "
                           f"\"{','.join(LINKEDIN_HEADER)}\") nor a vCard file (.vcf)")


def _header_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines()[:50], 1):
        if line.strip().startswith(",".join(LINKEDIN_HEADER[:2])):
            return number
    return None


def _linkedin(text: str, filename: str, header: int) -> list[Connection]:
    """The connections below the header (on line `header`) of LinkedIn's export."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO("".join(lines[header - 1:])))
    columns = [c.strip() for c in next(reader)]
    missing = [c for c in LINKEDIN_HEADER[:6] if c not in columns]
    if missing:
        raise UnreadableImport(f"{filename}:{header}: the header has no "
                               f"{', '.join(missing)} column")
    at = {name: columns.index(name) for name in LINKEDIN_HEADER[:6]}
    found = []
    try:
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
        raise UnreadableImport(f"{filename}:{header + reader.line_num - 1}: {exc}") from None
    return found


def _vcards(text: str, filename: str) -> list[Connection]:
    import vobject  # only for `coffeechat import`

    if not text.strip():
        raise UnreadableImport(f"{filename}:1: is empty: export your contacts again")
    found = []
    try:
        for card in vobject.readComponents(text):
            if card.name != "VCARD":
                raise UnreadableImport(f"{filename}: a {card.name} where a vCard (BEGIN:VCARD) "
                                       "was expected")
            version = card.contents.get("version")
            if not version or version[0].value not in ("3.0", "4.0"):
                raise UnreadableImport(f"{filename}: vCard {version[0].value if version else '?'}"
                                       " cannot be read: export vCard 3.0 or 4.0")
            connection = _card(card)
            if connection is not None:
                found.append(connection)
    except UnreadableImport:
        raise
    except vobject.base.ParseError as exc:
        raise UnreadableImport(f"{filename}:{_parse_error_line(exc, text)}: not a valid vCard "
                               f"file: {_reason(exc)}") from None
    except Exception as exc:  # noqa: BLE001 (vobject decodes values too: base64, dates…)
        raise UnreadableImport(f"{filename}: not a valid vCard file: {one_line(str(exc))}"
                               ) from None
    if not found and "BEGIN:VCARD" not in text.upper():
        raise UnreadableImport(f"{filename}:1: not a vCard file (no BEGIN:VCARD line)")
    return found


def _reason(exc: Exception) -> str:
    return re.sub(r"^At line \d+: ", "", str(exc)).strip()


def _parse_error_line(exc: Exception, text: str) -> int:
    """The line vobject's error is about (its own count is unreliable): the line it quotes,
    else the last line."""
    match = re.search(r"Failed to parse line: (.*)$", str(exc))
    lines = text.splitlines()
    if match:
        quoted = match.group(1).strip()
        for number, line in enumerate(lines, 1):
            if line.strip() == quoted:
                return number
    return max(len(lines), 1)


def _value(card: object, key: str) -> str:
    lines = getattr(card, "contents", {}).get(key) or []
    value = lines[0].value if lines else ""
    if isinstance(value, list):  # ORG: the company, then its units
        value = value[0] if value else ""
    return str(value).strip()


def _card(card: object) -> Connection | None:
    name = _value(card, "fn")
    company = _value(card, "org")
    if not name or not company:
        return None
    urls = [str(line.value) for line in getattr(card, "contents", {}).get("url", [])]
    linkedin = next((u for u in urls if "linkedin.com/" in u.lower()), "")
    return Connection(name, company, _value(card, "title"), _value(card, "email"), linkedin)


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
