"""Front-matter edits as text: a new note from the template, and surgical insertions.

`log` edits a note in place. Rather than dump a re-parsed YAML tree (which reflows
quotes, indentation and comments), it finds the nodes it needs with their marks and
inserts or replaces only those lines, so the diff is just the new lines. The result is
parsed again and checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import yaml

from .model import PREP_QUESTIONS
from .parse import _FRONT_MATTER, _Loader

SEED_QUESTIONS = (
    "How did you start with this organization?",
    "What can you tell me about the culture?",
    "How does my experience fit into the organization?",
    "What does a typical career path look like here?",
)


class EditError(Exception):
    """The note cannot be edited safely; nothing was written."""


def scalar(value: str | date, *, flow: bool = False) -> str:
    """A YAML scalar for `value`: plain when that reads back the same, else quoted.

    `flow`: for inside `[...]` or `{...}`, where `,[]{}` need quotes too.
    """
    if isinstance(value, date):
        return value.isoformat()
    style = '"' if any(c in value for c in "\n\r\x85\u2028\u2029") else None  # YAML breaks
    if flow:
        text = yaml.safe_dump([value], default_style=style, default_flow_style=True,
                              allow_unicode=True, width=10**9)
        return text.strip()[1:-1]
    text = yaml.safe_dump(value, default_style=style, allow_unicode=True, width=10**9)
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


@dataclass(frozen=True)
class Known:
    """What earlier notes say about a person, to prefill a new note."""

    role: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    referred_by: str | None = None


def new_note(person: str, company: str, when: date, *, planned: bool, role: str | None,
             fmt: str | None, known: Known = Known()) -> str:
    """The text of a new note: front matter from the template, and a body outline."""
    lines = ["---", f"person: {scalar(person)}", f"company: {scalar(company)}",
             f"date: {when.isoformat()}"]
    role = role or known.role
    if role:
        lines.append(f"role: {scalar(role)}")
    lines.append(f"status: {'planned' if planned else 'done'}")
    if fmt:
        lines.append(f"format: {fmt}")
    for key in ("email", "phone", "linkedin", "referred_by"):
        if value := getattr(known, key):
            lines.append(f"{key}: {scalar(value)}")
    lines += ["tags: []",
              "prep:                 # answer all six before the conversation"]
    lines += [f"  {key}:{' ' * (11 - len(key))}# {question}"
              for key, question in PREP_QUESTIONS.items()]
    lines += ["questions:            # a few questions to ask; edit them"]
    lines += [f"  - {scalar(q)}" for q in SEED_QUESTIONS]
    lines += ["follow_up:",
              "  thank_you:          # when you sent it (coffeechat log --thank-you), or skipped",
              "  cadence: quarterly  # monthly, bimonthly, quarterly, semiannual, yearly, none",
              "---",
              "## What I learned", "", "",
              "## Promises made", "", "",
              "## Next steps", "", ""]
    return "\n".join(lines)


# --- surgical edits ---------------------------------------------------------------------------

@dataclass
class _Doc:
    """A note's text split for editing: the front-matter lines and what surrounds them."""

    prefix: str  # a BOM, if any
    lines: list[str]  # the front-matter YAML lines, without line ends
    head: str  # the opening `---` line, without its line end
    tail: str  # the closing line and the body, exactly as they were
    newline: str

    @classmethod
    def split(cls, text: str) -> _Doc:
        prefix = "\ufeff" if text.startswith("\ufeff") else ""
        body = text[len(prefix):]
        newline = "\r\n" if "\r\n" in body.split("\n", 1)[0] + "\n" else "\n"
        normalised = body.replace("\r\n", "\n") if newline == "\r\n" else body
        match = _FRONT_MATTER.match(normalised)
        if match is None or ("\r" in normalised and newline == "\n"):
            raise EditError("its front matter cannot be found (run coffeechat check)")
        yaml_text = match.group(1)
        head = normalised[: match.start(1)].removesuffix("\n")
        count = yaml_text.count("\n")
        # the tail is kept byte for byte: find where it starts in the original text
        original_lines = body.split(newline)
        tail = newline.join(original_lines[1 + count:])
        doc = cls(prefix, yaml_text.split("\n")[:-1], head, tail, newline)
        if doc.join() != text:  # mixed line endings, say: no edit could keep them exact
            raise EditError("its line endings are mixed; make them all LF or all CRLF first")
        return doc

    def join(self) -> str:
        nl = self.newline
        return self.prefix + nl.join([self.head, *self.lines]) + nl + self.tail

    def root(self) -> yaml.MappingNode:
        node = yaml.compose("\n".join(self.lines) + "\n", Loader=_Loader)
        if not isinstance(node, yaml.MappingNode):
            raise EditError("its front matter is not a mapping")
        return node


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


def set_follow_up(text: str, key: str, value: date) -> str:
    """`follow_up.KEY: VALUE` set in a note's text (key added, or its value replaced)."""
    doc = _Doc.split(text)
    root = doc.root()
    step = _indent(root)
    found = _child(root, "follow_up")
    if found is None:
        doc.lines += ["follow_up:", f"{' ' * step}{key}: {value.isoformat()}"]
        return doc.join()
    fu_key, fu = found
    if isinstance(fu, yaml.ScalarNode) and fu.tag.endswith(":null"):
        _after(doc, fu_key.start_mark.line, [f"{' ' * (fu_key.start_mark.column + step)}"
                                             f"{key}: {value.isoformat()}"])
        return doc.join()
    if not isinstance(fu, yaml.MappingNode):
        raise EditError("`follow_up` is not a mapping")
    existing = _child(fu, key)
    if existing is not None:
        _set_scalar(doc, existing[0], existing[1], value.isoformat())
    elif fu.flow_style:
        _insert_in_flow(doc, fu, f"{key}: {value.isoformat()}")
    else:
        column = fu.value[0][0].start_mark.column if fu.value else step
        _after(doc, _last_line(fu), [f"{' ' * column}{key}: {value.isoformat()}"])
    return doc.join()


def _insert_in_flow(doc: _Doc, node: yaml.Node, item: str) -> None:
    """Add `item` before the closing bracket of a one-line flow collection."""
    end = node.end_mark
    if node.start_mark.line != end.line:
        raise EditError("a flow collection over several lines; edit it by hand")
    line = doc.lines[end.line]
    close = end.column - 1
    separator = ", " if node.value else ""
    doc.lines[end.line] = line[:close] + separator + item + line[close:]


def add_check_in(text: str, when: date, note: str | None) -> str:
    """A check-in appended to `follow_up.check_ins` of a note's text."""
    doc = _Doc.split(text)
    root = doc.root()
    step = _indent(root)
    note = note.strip() if note else None
    entry = [f"date: {when.isoformat()}"] + ([f"note: {scalar(note)}"] if note else [])
    flow_entry = "{" + ", ".join(entry[:1] + ([f"note: {scalar(note, flow=True)}"]
                                             if note else [])) + "}"

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
