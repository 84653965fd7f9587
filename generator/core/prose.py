"""Plain words for the YAML mistakes people make when they write prose (SPEC §4).

An answer holding `: `, an item that starts with a quote mark, `@`, a backtick or a
bracket, a tab, an item that `#` turns into a comment: YAML's own messages
("mapping values are not allowed in this context") say nothing to a job seeker. These
functions look at the line YAML stopped at and say what to do, with the corrected line
when one fix is evident.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

_ITEM = re.compile(r"^(?P<prefix>\s*(?:-[ \t]+)+)(?P<value>.*)$")
_KEY = re.compile(r"^(?P<prefix>\s*(?:-[ \t]+)*(?P<key>[^\s#:'\"@`%*&!|>\[\]{}?-][^:]*?):[ \t]+)"
                  r"(?P<value>.*)$")

#: What a character means to YAML at the start of a value.
_STARTS = {
    "@": "`@` cannot start a value in YAML",
    "`": "a backtick cannot start a value in YAML",
    "%": "`%` cannot start a value in YAML",
    "*": "`*` starts an alias in YAML",
    "&": "`&` starts an anchor in YAML",
    "!": "`!` starts a tag in YAML",
    "|": "`|` starts a block of text in YAML",
    ">": "`>` starts a block of text in YAML",
    "[": "`[` starts a list in YAML",
    "{": "`{` starts a mapping in YAML",
    "]": "`]` cannot start a value in YAML",
    "}": "`}` cannot start a value in YAML",
    ",": "`,` cannot start a value in YAML",
    ":": "`:` cannot start a value in YAML",
    "?": "`?` starts a key in YAML",
    "-": "`- ` starts a list in YAML",
    '"': "the text starts with a quote mark, so YAML takes only what is inside the quotes",
    "'": "the text starts with a quote mark, so YAML takes only what is inside the quotes",
}
_UNCLOSED = "the text starts with a quote mark that is never closed"


_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def yaml_lines(source: str) -> list[str]:
    """The lines of a YAML text as YAML counts them (NEL and the Unicode separators break
    lines too)."""
    return _BREAKS.split(source)


@dataclass(frozen=True)
class Explained:
    line: int  # 1-based, in the file
    field: str
    message: str
    fixed: str | None = None  # the whole line, corrected, when one fix is evident


def quote(text: str) -> str:
    """`text` as a quoted YAML scalar: in single quotes when it holds a double quote mark
    and no apostrophe, else in double quotes (JSON's quoting is YAML's too)."""
    if '"' in text and "'" not in text and "\\" not in text:
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


def _what(field: str, item: bool) -> str:
    if field.startswith("prep."):
        return "answer"
    if item:
        return "question" if field.startswith("questions") else "item"
    return "value"


def _fix(prefix: str, value: str) -> str | None:
    """The line with its value in quotes, if that reads back as one text."""
    value = value.strip()
    if not value:
        return None
    line = prefix + quote(value)
    try:
        loaded = yaml.safe_load(line.strip())
    except yaml.YAMLError:
        return None
    found = loaded[0] if isinstance(loaded, list) else (
        next(iter(loaded.values())) if isinstance(loaded, dict) and len(loaded) == 1 else None)
    return line.strip() if found == value else None


_BARE_KEY = re.compile(r"^\s*(?:-[ \t]+)*(?P<key>[^\s#:'\"@`%*&!|>\[\]{}?-][^:]*?):(?:[ \t].*)?$")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def key_path(lines: list[str], index: int) -> str:
    """The dotted path of the key (or list item) on line `index` of the YAML, from the
    indentation of the lines above it: `prep.why`, `questions[2]`,
    `follow_up.check_ins[0].note`; '' when none shows."""
    path = _container(lines, index, item_only=False)
    return path or ""


def _container(lines: list[str], index: int, *, item_only: bool) -> str | None:
    line = lines[index]
    level = _indent(line)
    above = [i for i in range(index - 1, -1, -1)
             if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    own = _BARE_KEY.match(line)
    if line.lstrip().startswith("-"):
        count, parent = 0, None
        for i in above:
            if _indent(lines[i]) == level and lines[i].lstrip().startswith("-"):
                count += 1
            elif _indent(lines[i]) <= level:
                parent = i
                break
        if parent is None:
            return None
        base = _container(lines, parent, item_only=False)
        if base is None:
            return None
        item = f"{base}[{count}]"
        return item if item_only or own is None else f"{item}.{own.group('key').strip()}"
    if own is None:
        return None
    key = own.group("key").strip()
    for i in above:
        if _indent(lines[i]) < level:
            base = _container(lines, i, item_only=True)
            return None if base is None else f"{base}.{key}"
    return key


def explain(exc: yaml.MarkedYAMLError, source: str) -> Explained | None:
    """Plain words for YAML's error at a line of prose, or None when it is not one of those
    mistakes."""
    lines = yaml_lines(source)
    marked = [m.line for m in (exc.problem_mark, exc.context_mark) if m and m.line < len(lines)]
    if marked and not lines[marked[0]].strip():  # stopped at the end: the last line with text
        marked += [i for i in range(marked[0] - 1, -1, -1) if lines[i].strip()][:1]
    for index in dict.fromkeys(marked):  # where YAML stopped, then where it began
        explained = _explain_line(exc, lines, index)
        if explained is not None:
            return explained
    return None


def _explain_line(exc: yaml.MarkedYAMLError, lines: list[str], index: int
                  ) -> Explained | None:
    text = lines[index]
    field = key_path(lines, index) or "file"
    if "\t" in text[: _indent(text)]:
        return Explained(index + 2, field, "this line is indented with a tab, and YAML needs "
                                           "spaces: replace the tab with spaces")
    item = _ITEM.match(text)
    key = None if item else _KEY.match(text)
    found = item or key
    if found is None:
        return None
    mark = exc.problem_mark
    if exc.problem == "mapping values are not allowed in this context" and mark \
            and mark.line == index:
        if key and mark.column < len(key.group("prefix")):
            return _indented(lines, index)
        what = _what(field, item is not None)
        reason: str | None = f'the {what} holds ": ", which YAML reads as the start of another key'
    else:
        reason = _start_reason(found.group("value"))
    if reason is None:
        return None
    fix = _fix(found.group("prefix"), found.group("value"))
    fixed = text[: _indent(text)] + fix if fix else None
    return Explained(index + 2, field, advice(text, field, reason), fixed)


def _start_reason(value: str) -> str | None:
    """Why YAML cannot read `value` as the text it looks like, from how it starts."""
    if not value or value[0] not in _STARTS:
        return None
    if value[0] in "'\"":
        closed = _goes_on_after_quote(value)
        if closed is None:
            return _UNCLOSED
        return _STARTS[value[0]] if closed else None
    if value[0] in "-?:" and len(value) > 1 and not value[1].isspace():
        return None  # -5, ?x and :x are text to YAML
    return _STARTS[value[0]]


def _goes_on_after_quote(value: str) -> bool | None:
    """Whether text follows the quote that closes the one `value` starts with; None when
    the quote is never closed on the line."""
    mark, i = value[0], 1
    while i < len(value):
        if value[i] == "\\" and mark == '"':
            i += 2
            continue
        if value[i] == mark:
            if mark == "'" and value[i + 1:i + 2] == "'":  # '' is an apostrophe
                i += 2
                continue
            rest = value[i + 1:].strip()
            return bool(rest) and not rest.startswith("#")
        i += 1
    return None


def _indented(lines: list[str], index: int) -> Explained | None:
    """A key indented under a key that has a value: YAML reads it as more of that value."""
    above = next((i for i in range(index - 1, -1, -1) if lines[i].strip()
                  and not lines[i].lstrip().startswith("#")), None)
    if above is None or _indent(lines[above]) >= _indent(lines[index]):
        return None
    owner = _KEY.match(lines[above])
    if owner is None or not owner.group("value").strip():
        return None
    fixed = lines[above][: _indent(lines[above])] + lines[index].lstrip(" \t")
    field = key_path([*lines[:index], fixed], index) or "file"
    return Explained(index + 2, field,
                     f"this line is indented further than `{owner.group('key').strip()}:` "
                     "above it, so YAML reads it as more of that value: line it up with the "
                     f"other keys: {fixed.strip()}", fixed)


def advice(line: str, field: str, reason: str) -> str:
    """`REASON: put the answer in quotes: CORRECTED LINE` for the value on `line`."""
    found = _ITEM.match(line) or _KEY.match(line)
    what = _what(field, _ITEM.match(line) is not None)
    fix = _fix(found.group("prefix"), found.group("value")) if found else None
    return f"{reason}: put the {what} in quotes" + (f": {fix}" if fix else "")


def marked_advice(line: str, field: str) -> str | None:
    """For a value YAML read with a tag or an anchor in front (`- !important thing`,
    `&c text`), which takes part of the text away: what to do, or None."""
    found = _ITEM.match(line) or _KEY.match(line)
    if found is None or found.group("value")[:1] not in ("!", "&"):
        return None
    return advice(line, field, _STARTS[found.group("value")[0]])


def comment_in_place_of(line: str, column: int) -> str | None:
    """The text that `#` turned into a comment where a value should start (`- #1 thing`,
    `goals: #1 learn`): `#` followed directly by anything but white space. A comment after
    `# ` and a space, as the template's hints are written, is a comment."""
    rest = line[column:].lstrip(" \t")
    if re.match(r"#(\S|$)", rest):
        return rest
    return None


def emptied_message(line: str, column: int, field: str) -> str | None:
    """The warning for a value that YAML reads as empty because of `#`, or None."""
    comment = comment_in_place_of(line, column)
    if comment is None:
        return None
    what = _what(field, field.endswith("]"))
    fix = _fix(line[:column].rstrip() + " ", comment)
    return (f"the {what} is empty to YAML, because `#` starts a comment: put it in quotes"
            + (f": {fix}" if fix else ""))


def reads_as(line: str, field: str, found: str) -> str | None:
    """For text that YAML read as a mapping or a list (`- What's your role: engineer?`,
    `- - first`, `why: - pay`): what to do, or None."""
    match = _ITEM.match(line) or _KEY.match(line)
    if match is None:
        return None
    value = match.group("value")
    if found == "a list" and (value == "-" or re.search(r"-[ \t]+-", match.group("prefix"))):
        return advice(line, field, _STARTS["-"])  # `- - first`, `why: - pay`
    if value[:1] in ("[", "{", "?"):
        return advice(line, field, _STARTS[value[0]])
    if found == "a mapping" and ": " in value + " ":
        return advice(line, field, 'the text holds ": ", which YAML reads as a key and its '
                                   "value")
    return None
