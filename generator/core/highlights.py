"""What a note's own text says at a glance: its headings and the first line under each.

A person's page and the dashboard show "what was learned and promised" from the note's
body as written (`## What I learned` and its first line), never a copy of the whole body.
Only the first lines of a body are read, however long it is.
"""

from __future__ import annotations

import re

MAX_LINES = 400  # of a body, read for its highlights
MAX_HIGHLIGHTS = 6
MAX_TEXT = 200  # characters of a line shown

_HEADING = re.compile(r"^#{1,4}[ \t]+(?P<title>.+?)[ \t#]*$")
_MARKER = re.compile(r"^(?:[-*+][ \t]+|\d+[.)][ \t]+|>[ \t]?)+")


def first_lines(text: str, start: int, count: int = MAX_LINES) -> list[str]:
    """Up to `count` lines of `text` from offset `start`, without copying the rest."""
    lines: list[str] = []
    while len(lines) < count and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        lines.append(text[start:end])
        start = end + 1
    return lines


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")


def _shortened(text: str) -> str:
    """One paragraph as plain text (links by their words, no `**` or backticks), cut short."""
    text = _EMPHASIS.sub("", _LINK.sub(r"\1", text))
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def _paragraphs(lines: list[str]) -> list[tuple[bool, str]]:
    """The body as (is a heading, text) blocks: headings, and paragraphs joined into one
    line each (a list item is a paragraph of its own); code and comments left out."""
    blocks: list[tuple[bool, str]] = []
    current: list[str] = []
    fenced = False

    def close() -> None:
        if current:
            blocks.append((False, " ".join(current)))
            current.clear()

    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            close()
            continue
        if fenced or line.lstrip().startswith("<!--"):
            continue
        if not line.strip():
            close()
            continue
        heading = _HEADING.match(line)
        if heading:
            close()
            blocks.append((True, heading.group("title").strip()))
            continue
        if _MARKER.match(line.strip()):
            close()
        text = _MARKER.sub("", line.strip()).strip()
        if text:
            current.append(text)
    close()
    return blocks


def highlights(lines: list[str]) -> tuple[tuple[str, str], ...]:
    """(heading, the first paragraph under it) for each heading with something under it;
    with no heading, ('', the first paragraph)."""
    found: list[tuple[str, str]] = []
    heading: str | None = None
    first = ""
    for is_heading, text in _paragraphs(lines):
        if is_heading:
            heading = text
        elif heading is not None:
            found.append((heading, _shortened(text)))
            heading = None
        elif not first:
            first = _shortened(text)
        if len(found) == MAX_HIGHLIGHTS:
            break
    if not found and first:
        return (("", first),)
    return tuple(found)
