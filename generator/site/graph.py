"""The referral graph laid out for a picture (SPEC §9): an indented tree per chain of
introductions, one person per row, narrow enough for a phone.

Pure layout: coordinates and paths for the `referrals.html` template, which draws the
SVG (its values escaped there). The chains are walked depth first from the people
nobody introduced, in name order, each person's introductions in name order too; a
person is drawn once, under the introducer this walk reaches first (not necessarily the
first in name order), and any other introduction of them is a dashed arc on the right.
A circle of introductions that nobody outside it started begins at its first name. The
same graph gives the same layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.referrals import Graph
from .views import Link

ROW = 34  # px between two people
INDENT = 26  # px a person is indented under whoever introduced them
PAD = 14
CHAR = 7.2  # px a letter takes, on average, at the picture's font size


@dataclass
class Node:
    key: str
    link: Link  # the name, linked to the person's page when there is one
    x: float
    y: float
    depth: int
    children: list[Node] = field(default_factory=list)
    also: list[Link] = field(default_factory=list)  # other people who introduced them


@dataclass(frozen=True)
class Line:
    source: str  # the key of who introduced
    target: str  # the key of whom
    path: str  # SVG path data
    tree: bool  # drawn in the tree (else a dashed arc: another introduction)


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    nodes: list[Node]  # in drawing order
    lines: list[Line]
    roots: list[Node]  # the chains, for the text list


def layout(graph: Graph, link: Callable[[str, str], Link]) -> Layout:
    """Where each person and each introduction goes. `link(key, name)` names a person."""
    children: dict[str, list[str]] = {}
    has_parent = {e.target for e in graph.edges}
    for edge in graph.edges:
        children.setdefault(edge.source, []).append(edge.target)
    order = sorted(graph.names, key=lambda k: (graph.names[k].casefold(), k))
    placed: dict[str, Node] = {}
    nodes: list[Node] = []
    lines: list[Line] = []
    roots: list[Node] = []

    def place(key: str, depth: int, parent: Node | None) -> None:
        node = Node(key, link(key, graph.names[key]), PAD + 6 + depth * INDENT,
                    PAD + 6 + len(nodes) * ROW, depth)
        placed[key] = node
        nodes.append(node)
        if parent is not None:
            parent.children.append(node)
            lines.append(Line(parent.key, key, f"M{parent.x:g},{parent.y + 6:g}V{node.y:g}"
                                               f"H{node.x - 6:g}", True))
        for child in sorted(children.get(key, []), key=order.index):
            if child not in placed:
                place(child, depth + 1, node)

    # chains start with people nobody introduced; a circle of introductions, anywhere
    for key in [k for k in order if k not in has_parent] + order:
        if key not in placed:
            place(key, 0, None)
            roots.append(placed[key])
    tree = {(line.source, line.target) for line in lines}
    right = max((n.x + 12 + len(n.link.text) * CHAR for n in nodes), default=2 * PAD)
    for edge in graph.edges:
        if (edge.source, edge.target) in tree:
            continue
        a, b = placed[edge.source], placed[edge.target]
        bulge = right + 18 + 8 * abs(b.y - a.y) / ROW
        lines.append(Line(edge.source, edge.target,
                          f"M{right:g},{a.y:g}C{bulge:g},{a.y:g} {bulge:g},{b.y:g} "
                          f"{right:g},{b.y:g}", False))
        b.also.append(a.link)
    arcs = any(not line.tree for line in lines)
    width = int(right + PAD + (40 + 8 * len(nodes) if arcs else 0))
    return Layout(width, int(PAD * 2 + 12 + max(len(nodes) - 1, 0) * ROW), nodes, lines,
                  roots)
