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

_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
#: The control characters of SPEC §6.
CONTROL = re.compile(f"[{_C0}]")
#: What a terminal must not receive raw: the control characters, and also CR (it
#: rewrites the line) and C1 (U+009B opens an escape sequence on some terminals).
_TERMINAL = re.compile(f"[{_C0}\r\x80-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character in `text`, or None."""
    found = CONTROL.search(text)
    return found.group() if found else None


def code_point(character: str) -> str:
    """`U+001B`: how a message names a character, without printing it."""
    return f"U+{ord(character):04X}"


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
