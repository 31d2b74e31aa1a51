"""How each node type looks, in one table shared by the graphs, the legend and the CSS badges.

One table keeps a Method the same violet ellipse on every page, so a reader learns the code once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NodeStyle:
    label: str
    color: str  # fill
    border: str
    shape: str  # a vis-network shape
    plural: str


STYLES: dict[str, NodeStyle] = {
    s.label: s
    for s in (
        NodeStyle("Paper", "#dbeafe", "#2563eb", "box", "Papers"),
        NodeStyle("Method", "#ede9fe", "#7c3aed", "ellipse", "Methods"),
        NodeStyle("Dataset", "#dcfce7", "#16a34a", "hexagon", "Datasets"),
        NodeStyle("Metric", "#fef3c7", "#d97706", "diamond", "Metrics"),
        NodeStyle("Claim", "#fee2e2", "#dc2626", "dot", "Claims"),
        NodeStyle("Repository", "#e5e7eb", "#4b5563", "square", "Repositories"),
    )
}
FALLBACK = NodeStyle("Node", "#f3f4f6", "#6b7280", "dot", "Nodes")


def style_of(label: str) -> NodeStyle:
    return STYLES.get(label, FALLBACK)
