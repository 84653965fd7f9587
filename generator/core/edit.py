"""Front-matter edits as text: surgical insertions that change nothing else.

`log` edits a note in place. Rather than dump a re-parsed YAML tree (which reflows
quotes, indentation and comments), it finds the nodes it needs with their marks and
inserts or replaces only those lines, so the diff is just the new lines. The result is
parsed again and checked before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import yaml

from ..errors import EditError
from .parse import Loader, split_front_matter


def scalar(value: str | date | bool, *, flow: bool = False) -> str:
    """A YAML scalar for `value`: plain when that reads back the same, else quoted.

    `flow`: for inside `[...]` or `{...}`, where `,[]{}` need quotes too.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    style = '"' if any(c in value for c in "\n\r\x85\u2028\u2029") else None  # YAML breaks
    if flow:
        text = yaml.safe_dump([value], default_style=style, default_flow_style=True,
                              allow_unicode=True, width=10**9)
        return text.strip()[1:-1]
    text = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=10**9)
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


# --- surgical edits ---------------------------------------------------------------------------

@dataclass
class _Doc:
    """A note's text split for editing: the front-matter lines and what surrounds them.

    The text is edited with LF line ends; a CRLF file is turned back to CRLF when joined
    (only a file whose every line end is CRLF, so that the round trip is exact).
    """

    prefix: str  # a BOM, if any
    head: str  # the opening `---` line and its line end
    lines: list[str]  # the front-matter YAML lines, without line ends
    tail: str  # the closing line and the body, exactly as they were
    crlf: bool

    @classmethod
    def split(cls, text: str) -> _Doc:
        prefix = "\ufeff" if text.startswith("\ufeff") else ""
        rest = text[len(prefix):]
        crlf = "\r\n" in rest
        lf = rest.replace("\r\n", "\n") if crlf else rest
        if "\r" in lf or (crlf and "\n" in rest.replace("\r\n", "")):
            raise EditError("its line endings are mixed; make them all LF or all CRLF first")
        found = split_front_matter(lf)
        if found is None:
            raise EditError("its front matter cannot be found (run coffeechat check)")
        yaml_lines = lf[found.start:found.end].split("\n")[:-1]
        return cls(prefix, lf[:found.start], yaml_lines, lf[found.end:], crlf)

    def join(self) -> str:
        text = self.head + "".join(line + "\n" for line in self.lines) + self.tail
        return self.prefix + (text.replace("\n", "\r\n") if self.crlf else text)

    def root(self) -> yaml.MappingNode:
        node = yaml.compose("\n".join(self.lines) + "\n", Loader=Loader)
        if not isinstance(node, yaml.MappingNode):
            raise EditError("its front matter is not a mapping")
        if node.flow_style:
            raise EditError("its front matter is one `{…}` mapping; write it a key a line, "
                            "or edit it by hand")
        return node


def body_of(text: str) -> str | None:
    """What follows the front matter of a note's text (LF line ends), or None."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    found = split_front_matter(text)
    return text[found.body:] if found else None


def _child(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _last_line(node: yaml.Node) -> int:
    """The (0-based) last line that holds text of a node.

    A block collection ends where the next token starts (after blank lines and
    comments), so its last line is that of its last leaf.
    """
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value \
            and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark
    return end.line - 1 if end.column == 0 else end.line


def _indent(root: yaml.MappingNode) -> int:
    """The indentation step this file uses (2 unless a nested block mapping says more)."""
    for _, value in root.value:
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            return max(value.value[0][0].start_mark.column, 1)
    return 2


def _after(doc: _Doc, line: int, new: list[str]) -> None:
    doc.lines[line + 1:line + 1] = new


def _open(doc: _Doc, value: yaml.ScalarNode) -> None:
    """Empty a null written as a word (`outreach: ~`, `null`) so that lines can go under
    its key; its comment stays."""
    if value.value and value.start_mark.line == value.end_mark.line:
        line = doc.lines[value.start_mark.line]
        doc.lines[value.start_mark.line] = (line[:value.start_mark.column].rstrip()
                                            + line[value.end_mark.column:])


def _set_scalar(doc: _Doc, key_node: yaml.Node, value_node: yaml.Node, text: str) -> None:
    """Replace a one-line scalar value, or fill an empty one, keeping a trailing comment."""
    line = key_node.start_mark.line
    old = doc.lines[line]
    if isinstance(value_node, yaml.ScalarNode) and value_node.value == "":
        colon = old.index(":", key_node.end_mark.column) + 1
        doc.lines[line] = old[:colon] + " " + text + old[colon:].rstrip()
        return
    if not isinstance(value_node, yaml.ScalarNode) or value_node.start_mark.line != line \
            or value_node.end_mark.line != line:
        raise EditError(f"`{key_node.value}` is not a one-line value; edit it by hand")
    start, end = value_node.start_mark.column, value_node.end_mark.column
    doc.lines[line] = old[:start] + text + old[end:]


def set_value(text: str, path: tuple[str, ...], value: str | date, *,
              after: tuple[str, ...] = ()) -> str:
    """`KEY: VALUE` (a top-level key) or `BLOCK.KEY: VALUE` set in a note's text: the value
    replaced where the key stands, else a line added. A new top-level key takes the place
    of the template's commented-out line for it (`# email:  # Their email address`); else
    it (or a new block) goes after the last of the keys `after` that the note has, else at
    the end."""
    doc = _Doc.split(text)
    root = doc.root()
    step = _indent(root)
    line = f"{path[-1]}: {scalar(value)}"

    def add_top(lines: list[str]) -> str:
        _add_top(doc, root, lines, after)
        return doc.join()

    if len(path) == 1:
        existing = _child(root, path[0])
        hint = next((i for i, text in enumerate(doc.lines)
                     if re.match(rf"# {re.escape(path[0])}:(\s|$)", text)), None)
        if existing is None and hint is not None:
            doc.lines[hint] = line
            return doc.join()
        if existing is None:
            return add_top([line])
        _set_scalar(doc, existing[0], existing[1], scalar(value))
        return doc.join()
    block, key = path
    found = _child(root, block)
    if found is None:
        return add_top([f"{block}:", f"{' ' * step}{line}"])
    block_key, node = found
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        _open(doc, node)
        _after(doc, block_key.start_mark.line,
               [f"{' ' * (block_key.start_mark.column + step)}{line}"])
        return doc.join()
    if not isinstance(node, yaml.MappingNode):
        raise EditError(f"`{block}` is not a mapping")
    existing = _child(node, key)
    if existing is not None:
        _set_scalar(doc, existing[0], existing[1], scalar(value))
    elif node.flow_style:
        _insert_in_flow(doc, node, f"{key}: {scalar(value, flow=True)}")
    else:
        column = node.value[0][0].start_mark.column if node.value else step
        _after(doc, _last_line(node), [f"{' ' * column}{line}"])
    return doc.join()


def add_block(text: str, key: str, lines: list[str], *, after: tuple[str, ...] = ()) -> str:
    """Top-level `lines` (a key and what goes under it, as the template writes them) added
    after the last of the keys `after` that the note has, else at the end; unchanged when
    the note has `key` already."""
    doc = _Doc.split(text)
    root = doc.root()
    if _child(root, key) is not None:
        return text
    _add_top(doc, root, lines, after)
    return doc.join()


def _add_top(doc: _Doc, root: yaml.MappingNode, lines: list[str], after: tuple[str, ...]
             ) -> None:
    """Top-level `lines` added after the last of the keys `after` the note has, else at
    the end."""
    anchors = [found[1] for name in after if (found := _child(root, name))]
    if anchors:
        _after(doc, max(_last_line(node) for node in anchors), lines)
    else:
        doc.lines += lines


def _insert_in_flow(doc: _Doc, node: yaml.Node, item: str) -> None:
    """Add `item` before the closing bracket of a one-line flow collection."""
    end = node.end_mark
    if node.start_mark.line != end.line:
        raise EditError("a flow collection over several lines; edit it by hand")
    line = doc.lines[end.line]
    close = end.column - 1
    separator = ", " if node.value else ""
    doc.lines[end.line] = line[:close] + separator + item + line[close:]


def add_check_in(text: str, when: date, remark: str | None) -> str:
    """A check-in appended to `follow_up.check_ins` of a note's text, with `remark` (what
    it was about) as its `note:`."""
    doc = _Doc.split(text)
    root = doc.root()
    step = _indent(root)
    remark = remark.strip() if remark else None
    entry = [f"date: {when.isoformat()}"] + ([f"note: {scalar(remark)}"] if remark else [])
    flow_entry = "{" + ", ".join(entry[:1] + ([f"note: {scalar(remark, flow=True)}"]
                                             if remark else [])) + "}"

    def block(column: int, gap: int = 1) -> list[str]:
        """An item with its dash at `column` and `gap` spaces after the dash."""
        dash = " " * column + "-" + " " * gap
        return [dash + entry[0]] + [" " * len(dash) + line for line in entry[1:]]

    found = _child(root, "follow_up")
    if found is None:
        doc.lines += ["follow_up:", f"{' ' * step}check_ins:", *block(step * 2)]
        return doc.join()
    fu_key, fu = found
    if isinstance(fu, yaml.ScalarNode) and fu.tag.endswith(":null"):
        _open(doc, fu)
        column = fu_key.start_mark.column + step
        _after(doc, fu_key.start_mark.line, [f"{' ' * column}check_ins:",
                                             *block(column + step)])
        return doc.join()
    if not isinstance(fu, yaml.MappingNode):
        raise EditError("`follow_up` is not a mapping")
    found_list = _child(fu, "check_ins")
    if fu.flow_style:
        if found_list is None:
            _insert_in_flow(doc, fu, f"check_ins: [{flow_entry}]")
        elif isinstance(found_list[1], yaml.SequenceNode) and found_list[1].flow_style:
            _insert_in_flow(doc, found_list[1], flow_entry)
        else:
            raise EditError("`follow_up.check_ins` is not a list")
        return doc.join()
    column = fu.value[0][0].start_mark.column if fu.value else step
    if found_list is None:
        _after(doc, _last_line(fu), [f"{' ' * column}check_ins:", *block(column + step)])
        return doc.join()
    list_key, items = found_list
    if isinstance(items, yaml.ScalarNode) and items.tag.endswith(":null"):
        _open(doc, items)
        _after(doc, list_key.start_mark.line, block(column + step))
    elif isinstance(items, yaml.SequenceNode) and items.flow_style:
        _insert_in_flow(doc, items, flow_entry)
    elif isinstance(items, yaml.SequenceNode) and items.value:
        first = items.value[0]
        dash = doc.lines[first.start_mark.line].rfind("-", 0, first.start_mark.column)
        gap = max(first.start_mark.column - dash - 1, 1)
        _after(doc, _last_line(items.value[-1]), block(dash, gap))
    else:
        raise EditError("`follow_up.check_ins` is not a list")
    return doc.join()
