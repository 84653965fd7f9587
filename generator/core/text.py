"""What a control character is (SPEC §6), and how each medium shows one.

A control character is a C0 control other than tab, LF and CR (escape codes, NUL, the
bell…), or DEL. The C1 range (U+0080–U+009F) is text: an import may carry it. In a
front-matter value a control character is an error on its line (`core.parse`); in a
note's body it is shown as its Unicode Control Picture (␛ for ESC, ␡ for DEL). Each
medium has one function here or next to its renderer: `pictured` for HTML, SVG and the
calendar, `terminal` for the command line.
"""

from __future__ import annotations

import re
from typing import Any

_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
#: The control characters of SPEC §6.
CONTROL = re.compile(f"[{_C0}]")
#: What a terminal must not receive raw: the control characters, and also CR (it
#: rewrites the line) and C1 (U+009B opens an escape sequence on some terminals).
_TERMINAL = re.compile(f"[{_C0}\r\x80-\x9f]")


def one_line(text: str) -> str:
    """`text` with its line breaks and tabs written as `\\n` and `\\t`."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def shown(value: object, limit: int = 60) -> str:
    """A value as quoted in a message: on one line, and cut short when long."""
    text = one_line(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def control_character(text: str) -> str | None:
    """The first control character in `text`, or None."""
    found = CONTROL.search(text)
    return found.group() if found else None


def code_point(character: str) -> str:
    """`U+001B`: how a message names a character, without printing it."""
    return f"U+{ord(character):04X}"


def control_message(character: str) -> str:
    """What a problem says about a control character, naming it without printing it."""
    return f"holds a control character ({code_point(character)}): remove it"


def take_control(source: str, start: int, end: int,
                 raw: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The first of `raw` (offset, control character) within `source[start:end]` widened
    over the blanks and controls around it (a plain YAML value leaves them out), taken
    out of `raw` with every other one there."""
    while start > 0 and (source[start - 1] in " \t" or CONTROL.match(source, start - 1)):
        start -= 1
    while end < len(source) and (source[end] in " \t" or CONTROL.match(source, end)):
        end += 1
    inside = [pair for pair in raw if start <= pair[0] < end]
    raw[:] = [pair for pair in raw if not start <= pair[0] < end]
    return inside[0] if inside else None


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def pictured(text: str) -> str:
    """`text` with each control character replaced by its Control Picture (U+2400 + its
    code; DEL: U+2421), the visible escape of pages, SVG and the calendar."""
    return CONTROL.sub(_picture, text) if CONTROL.search(text) else text


def terminal(text: str) -> str:
    """`text` safe for a terminal: control characters, CR and C1 shown as `\\x1b`."""
    return _TERMINAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def file_line(source: str, mark: Any) -> int:
    """The line of a note where a YAML mark (of the front matter's text, `source`) stands:
    YAML also breaks lines at U+0085, U+2028 and U+2029, a file's lines end at LF only
    (the front matter starts on line 2)."""
    if mark is None:
        return 1
    return source.count("\n", 0, mark.index) + 2
