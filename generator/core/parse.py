"""Bytes → front matter: the values of its YAML mapping and the line of every key.

What counts as front matter is exactly what MkDocs reads as front matter
(`mkdocs.utils.meta.YAML_RE` on the file decoded as `utf-8-sig` with universal
newlines): anything MkDocs would silently render as body text is an error here.
`split_front_matter` is the one place that finds it; the reader, the editor and the
edit's verification all call it. One compose pass (libyaml where present) and one walk
over the node tree give the values, their lines and every problem; the tree is dropped
afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

from . import prose
from .grammar import invalid_date_message
from .model import Problem, Severity
from .text import CONTROL, control_character, control_message, file_line, pictured, take_control
from .text import one_line as one_line
from .text import shown as shown

#: MkDocs's own pattern (mkdocs/utils/meta.py).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING = re.compile(r"-{3}[ \t]*")
_CLOSING = re.compile(r"(?:\.{3}|-{3})[ \t]*")

#: What needs a limit is the YAML, not the note: a body may be as long as it is written.
MAX_FRONT_MATTER = 256 * 1024  # characters
MAX_DEPTH = 20

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"
_CONSTRUCTORS = Loader.yaml_constructors
_SCALAR = yaml.ScalarNode


class Invalid:
    """A value that could not be read; its problem is already reported."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


@dataclass
class FrontMatter:
    """The front matter of one file: values, the line of each dotted key path, problems."""

    path: str
    values: dict[str, Any] = field(default_factory=dict)
    is_mapping: bool = False  # the front matter was read as a mapping (maybe with bad values)
    lines: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # source text of non-text scalars
    problems: list[Problem] = field(default_factory=list)
    source: str = ""  # the YAML text, line 1 of which is the file's line 2
    text: str = ""  # the whole note as MkDocs reads it; its body starts at `body`
    body: int = 0

    def source_line(self, line: int) -> str:
        """The text of a line of the file (as numbered in problems) inside the YAML."""
        lines = prose.yaml_lines(self.source)
        return lines[line - 2] if 2 <= line < len(lines) + 2 else ""

    def line(self, key: str) -> int:
        """The line of a dotted key path, else of its nearest recorded parent, else 1."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0] if "." in key else ""
        return 1

    def report(self, severity: Severity, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line or self.line(key), severity,
                                     pictured(one_line(key)) or "file",
                                     pictured(one_line(message))))

    def error(self, key: str, message: str, line: int | None = None) -> None:
        self.report(Severity.ERROR, key, message, line)

    def warning(self, key: str, message: str, line: int | None = None) -> None:
        self.report(Severity.WARNING, key, message, line)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def decode(data: bytes, fm: FrontMatter) -> str | None:
    """The text of a note as MkDocs reads it (BOM dropped, newlines made LF), or None."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        fm.error(
            "file", f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line=line
        )
        return None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        fm.error("file", "contains a NUL byte: is this a binary file?", line=line)
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Split:
    """Where the front matter stands in a text with LF line ends (offsets into it)."""

    start: int  # the YAML's first character, on line 2
    end: int  # just after the YAML's last line break: the closing line starts here
    body: int  # just after the closing line: the body starts here


def split_front_matter(text: str) -> Split | None:
    """The front matter's place in `text` (LF line ends), exactly as MkDocs finds it."""
    match = _FRONT_MATTER.match(text)
    return Split(match.start(1), match.end(1), match.end()) if match else None


def front_matter_source(text: str, fm: FrontMatter) -> str | None:
    """The YAML between the `---` lines (starting on line 2), or None with the reason."""
    found = split_front_matter(text)
    if found is not None:
        if found.end - found.start > MAX_FRONT_MATTER:
            fm.error("file", f"the front matter is larger than {MAX_FRONT_MATTER // 1024} KiB, "
                     "the most it may be: move long text into the body, below the closing `---`")
            return None
        fm.text, fm.body = text, found.body
        return text[found.start:found.end]
    lines = text.split("\n")
    if not text.strip():
        fm.error("file", "is empty: a note starts with front matter between two `---` lines")
    elif not _OPENING.fullmatch(lines[0]):
        if lines[0].startswith("---"):
            fm.error("file", f"the first line must be exactly `---`, not `{shown(lines[0])}` "
                     "(MkDocs reads front matter only then)")
        elif text.lstrip().startswith("---"):
            fm.error("file", "front matter must start on the very first line: remove what "
                     "stands above the first `---` (MkDocs ignores it otherwise)")
        else:
            fm.error(
                "file",
                "has no front matter: start the note with a `---` line, "
                "its `key: value` lines and a closing `---` line",
            )
    else:
        closing = next((i for i, line in enumerate(lines[1:], 2) if _CLOSING.fullmatch(line)), 0)
        if closing == 2:
            fm.error("file", "front matter is empty", line=1)
        elif closing:  # the only other way to miss: the closing line is the file's last
            fm.error(
                "file",
                f"the closing `{lines[closing - 1].strip()}` needs a line break "
                "after it (MkDocs ignores the front matter otherwise)",
                line=closing,
            )
        else:
            fm.error(
                "file",
                "front matter opened on line 1 is never closed: add a `---` line "
                "after the last `key: value` line",
            )
    return None


def parse_front_matter(data: bytes, path: str) -> FrontMatter:
    """Read a note's bytes into a `FrontMatter`; problems are data, nothing raises."""
    fm = FrontMatter(path)
    text = decode(data, fm)
    source = front_matter_source(text, fm) if text is not None else None
    if source is None:
        return fm
    fm.source = source
    raw = [(m.start(), m.group()) for m in CONTROL.finditer(source)]  # reported at their value
    loader = Loader(CONTROL.sub(" ", source) if raw else source)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        _yaml_error(exc, source, fm)
        return fm
    except yaml.reader.ReaderError as exc:
        line = source.count("\n", 0, exc.position) + 2
        fm.error(
            "file",
            f"front matter is not valid YAML: character U+{exc.character:04X} is "
            "not allowed (a control character?): remove it",
            line=line,
        )
        return fm
    finally:
        loader.dispose()
    if node is None:
        fm.error("file", "front matter is empty (only comments)")
        return fm
    if not isinstance(node, yaml.MappingNode):
        fm.error(
            "file",
            f"front matter must be a mapping of `key: value` lines, not {_describe_node(node)}",
            line=file_line(source, node.start_mark),
        )
        return fm
    walker = _Walker(fm, loader, track_aliases="*" in source, source=source, raw=raw)
    value = walker.value(node, "", 0)
    for index, character in walker.raw:  # outside every value: in a key or a comment
        fm.error("file", control_message(character), line=source.count("\n", 0, index) + 2)
    if walker.aliased:
        fm.problems = [_alias_problem(source, fm.path)]
    elif isinstance(value, dict):
        fm.values, fm.is_mapping = value, True
    return fm


def _alias_problem(source: str, path: str) -> Problem:
    """The first alias (`*name`) in `source`, which composed without error."""
    line, name = 1, "name"
    for event in yaml.parse(source, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            line = file_line(source, event.start_mark)
            name = event.anchor or name
            break
    return Problem(path, line, Severity.ERROR, "file",
                   f"aliases (`*{shown(name)}`) are not supported in notes: write the value out")


def _yaml_error(exc: yaml.MarkedYAMLError, source: str, fm: FrontMatter) -> None:
    """Report YAML's error; where prose tripped it and one fix is evident, fix the line and
    read on, so that every such line is reported, not only the first."""
    fixed: set[int] = set()
    for _ in range(20):
        explained = prose.explain(exc, source)
        if explained is None or explained.line in fixed:  # no words, or the fix did not help
            break
        fm.error(explained.field, explained.message, line=explained.line)
        if explained.fixed is None:
            return
        fixed.add(explained.line)
        lines = prose.yaml_lines(source)
        lines[explained.line - 2] = explained.fixed
        source = "\n".join(lines)
        try:
            yaml.compose(source, Loader=Loader)
        except yaml.MarkedYAMLError as again:
            exc = again
            continue
        except yaml.YAMLError:
            return
        return
    else:
        return
    mark = exc.problem_mark or exc.context_mark
    line = file_line(source, mark)
    what = exc.problem or exc.context or "invalid YAML"
    fm.error("file", f"front matter is not valid YAML: {what}", line=line)


def _describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the single value `{shown(node.value)}`"


class _Walker:
    """Constructs values node by node, so one bad value spoils only itself."""

    def __init__(self, fm: FrontMatter, loader: Any, *, track_aliases: bool,
                 source: str, raw: list[tuple[int, str]]) -> None:
        self.fm = fm
        self.raw = raw  # (offset, character): the raw control characters not yet reported
        self.loader = loader
        self.source = source
        # where a `#` may have eaten a value, or a `&` or `!` part of one
        self.hashes = "#" in source
        self.marks = "&" in source or "!" in source
        # an alias is the same node met twice; there is none without a `*` in the source
        self.seen: set[int] | None = set() if track_aliases else None
        self.aliased = False

    def value(self, node: yaml.Node, path: str, depth: int) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:  # an alias: refused, so no alias bomb can go off
                self.aliased = True
                return INVALID
            self.seen.add(id(node))
        if node.__class__ is _SCALAR:
            if self._holds_control(node, path):
                return INVALID
            start = node.start_mark.index
            if self.marks and not node.style and self.source[start:start + 1] in ("&", "!") \
                    and self.source[start:start + 2] != "!!":
                message = prose.marked_advice(self._line(node), path)  # `&x text`, `! text`
                if message:
                    self.fm.error(path, message, line=file_line(self.source, node.start_mark))
                    return INVALID
            if node.tag == _STR:
                return node.value
            if self.hashes and node.value == "" and node.tag == _NULL:
                message = prose.emptied_message(self._line(node), node.start_mark.column, path)
                if message:
                    self.fm.warning(path, message, line=file_line(self.source, node.start_mark))
            return self.scalar(node, path)
        if depth >= MAX_DEPTH:
            top = re.split(r"[.\[]", path, maxsplit=1)[0]
            self.fm.error(top, f"is nested more than {MAX_DEPTH} levels deep",
                          line=file_line(self.source, node.start_mark))
            return INVALID
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                item_path = f"{path}[{i}]"
                self.fm.lines[item_path] = file_line(self.source, item.start_mark)
                items.append(self.value(item, item_path, depth + 1))
            return items
        assert isinstance(node, yaml.MappingNode)
        return self.mapping(node, path, depth)

    def _holds_control(self, node: yaml.ScalarNode, path: str, what: str = "") -> bool:
        """Report a control character `node` holds, raw in the source or escaped (`"\\e"`)."""
        found = take_control(self.source, node.start_mark.index, node.end_mark.index,
                             self.raw) if self.raw else None
        if found is None and node.tag == _STR and (character := control_character(node.value)):
            found = node.start_mark.index, character
        if found:
            self.fm.error(path, what + control_message(found[1]),
                          line=self.source.count("\n", 0, found[0]) + 2)
        return found is not None

    def _at(self, node: yaml.Node) -> str:
        """The source from where a node starts to the end of its line."""
        start = node.start_mark.index
        end = self.source.find("\n", start)
        return self.source[start:end if end >= 0 else len(self.source)]

    def _line(self, node: yaml.Node) -> str:
        """The whole line a node starts on."""
        return self.source[node.start_mark.index - node.start_mark.column:
                           node.start_mark.index] + self._at(node)

    def scalar(self, node: yaml.ScalarNode, path: str) -> Any:
        construct = _CONSTRUCTORS.get(node.tag)
        if construct is None or node.tag == _MERGE:
            advice = prose.marked_advice(self._line(node), path)
            self.fm.error(path, advice or f"the YAML tag `{node.tag}` is not supported in notes",
                          line=file_line(self.source, node.start_mark))
            return INVALID
        try:
            value = construct(self.loader, node)
        except (ValueError, OverflowError, TypeError, yaml.YAMLError):
            message = (invalid_date_message(shown(node.value)) if node.tag.endswith("timestamp")
                       else f"`{shown(node.value)}` cannot be read as a number: put it in "
                       "quotes if it is text")
            self.fm.error(path, message, line=file_line(self.source, node.start_mark))
            return INVALID
        if path:
            self.fm.sources[path] = node.value
        return value

    def mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen_keys: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = file_line(self.source, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                what = "merge keys (`<<`)" if key_node.tag == _MERGE else "keys that are not text"
                self.fm.error(path, f"{what} are not supported in notes", line=line)
                continue
            key = key_node.value
            if self._holds_control(key_node, path, f"the key `{shown(key)}` "):
                continue
            identity = key if key_node.tag == _STR else self.scalar(key_node, "")
            key_path = f"{path}.{key}" if path else key
            try:
                first = seen_keys.get(identity)
            except TypeError:  # an unhashable constructed key
                first = None
            if first is not None:
                self.fm.error(
                    key_path,
                    f"duplicate key `{shown(key)}` (first on line {first}): "
                    "YAML keeps only the last one; merge them",
                    line=line,
                )
                continue
            seen_keys[identity] = line
            self.fm.lines[key_path] = line
            result[key] = self.value(value_node, key_path, depth + 1)
        return result
