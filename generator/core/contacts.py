"""Who is who: a person's identity (`contact_key`), page names (slugs) and lookup by name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ..errors import AmbiguousContact, ContactNotFound
from .model import Company, Contact, Note, Status, Target

_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^\w]+")
MAX_SLUG_BYTES = 80  # a page's folder name stays far below every file system's limit
#: Names a page may not take: the index of its folder, and names Windows reserves.
RESERVED = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                      *(f"lpt{i}" for i in range(1, 10))})


@lru_cache(maxsize=65536)
def contact_key(person: str) -> str:
    """The identity of a person (or company): case, accents and runs of white space don't
    matter."""
    decomposed = unicodedata.normalize("NFKD", person)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip().casefold()


def slugify(text: str) -> str:
    """`Jane Doé` → `jane-doe`; letters of any script are kept; at most 80 bytes."""
    slug = _NOT_SLUG.sub("-", contact_key(text)).strip("-_")
    if len(slug.encode()) > MAX_SLUG_BYTES:
        slug = slug.encode()[:MAX_SLUG_BYTES].decode("utf-8", "ignore").strip("-_")
    return slug or "x"


def _hashed(slug: str, key: str, taken: set[str]) -> str:
    import hashlib  # only when two slugs collide: OpenSSL costs a daily command 2 ms

    digest = hashlib.sha256(key.encode()).hexdigest()
    size = 6
    while f"{slug}-{digest[:size]}" in taken and size < len(digest):
        size += 2
    return f"{slug}-{digest[:size]}"


def assign_slugs(keys: Iterable[str]) -> dict[str, str]:
    """The page name of each key: its slug, made unique as stably as can be.

    A slug that only one key gives is that key's. When several keys give the same slug
    (`Jane Doe`, `Jane-Doe`), the one that reads exactly as the slug's words keeps it
    (`jane doe`), and each other gets a suffix from a hash of its own key, so that it
    depends on no other contact. A reserved slug (`index`) always gets a suffix.
    """
    groups: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        groups.setdefault(slugify(key), []).append(key)
    bare: dict[str, str] = {}
    for slug, members in groups.items():
        if slug in RESERVED:
            continue
        plain = [k for k in members if k == slug.replace("-", " ")]
        if len(members) == 1 or plain:
            bare[(plain or members)[0]] = slug
    taken = set(bare.values())
    result = dict(bare)
    for slug, members in groups.items():
        for key in members:
            if key not in result:
                result[key] = _hashed(slug, key, taken)
                taken.add(result[key])
    return result


def latest(notes: Iterable[Note]) -> Note | None:
    """The note with the latest date; on a tie, the first path in sort order."""
    best: Note | None = None
    for note in notes:
        if best is None or note.date > best.date or (
                note.date == best.date and note.rel_path < best.rel_path):
            best = note
    return best


def latest_done(notes: Iterable[Note]) -> Note | None:
    """The latest conversation that happened (SPEC §3's "latest conversation")."""
    return latest(n for n in notes if n.status is Status.DONE)


def group_contacts(notes: Iterable[Note]) -> list[Contact]:
    """One contact per person, in the order of their keys."""
    by_key: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda n: n.rel_path):
        by_key.setdefault(contact_key(note.person), []).append(note)
    slugs = assign_slugs(by_key)
    contacts = []
    for key in sorted(by_key):
        notes_of = tuple(by_key[key])
        done = latest_done(notes_of)
        contacts.append(Contact(key, slugs[key], (done or notes_of[0]).person, notes_of, done))
    return contacts


def group_companies(notes: Iterable[Note], contacts: Iterable[Contact],
                    targets: Iterable[Target] = ()) -> list[Company]:
    """One company per company name (its notes and its target file), in the order of their
    keys; `contacts` are the notes' contacts (from `group_contacts`). A company is spelled
    as in its target file, else as in its latest note (SPEC §8)."""
    by_key: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda n: (n.date, n.rel_path), reverse=True):
        by_key.setdefault(contact_key(note.company), []).append(note)
    files = {contact_key(t.company): t for t in targets}
    contact_by_key = {c.key: c for c in contacts}
    slugs = assign_slugs(by_key.keys() | files.keys())
    result = []
    for key in sorted(by_key.keys() | files.keys()):
        notes_at = tuple(by_key.get(key, ()))
        target = files.get(key)
        named = latest(notes_at)
        name = target.company if target is not None else named.company if named else key
        people = sorted({contact_key(n.person) for n in notes_at})
        result.append(Company(key, slugs[key], name, notes_at,
                              tuple(contact_by_key[k] for k in people), target))
    return result


def names_match(query: str, key: str) -> bool:
    """Whether `query` names the person with this key: the same person, or a name with all
    of the query's words (`Jane` names `jane doe`)."""
    words = contact_key(query).split()
    return bool(words) and all(w in key.split() for w in words)


def find_contact(contacts: Iterable[Contact], query: str) -> Contact:
    """The contact named `query`: the same person, else the one whose name has its words."""
    contacts = list(contacts)
    key = contact_key(query)
    exact = [c for c in contacts if c.key == key]
    if exact:
        return exact[0]
    partial = [c for c in contacts if names_match(query, c.key)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise AmbiguousContact(query, sorted(c.name for c in partial))
    import difflib  # only to suggest a name when none matches

    close = difflib.get_close_matches(key, [c.key for c in contacts], n=3, cutoff=0.6)
    names = {c.key: c.name for c in contacts}
    raise ContactNotFound(query, [names[k] for k in close])
