"""`dataflow diagram --format mermaid`: the diagram as a Mermaid flowchart.

Mermaid renders on GitHub and GitLab, so a diagram can sit in a Markdown file. Clusters are
subgraphs, colours are `style` and `linkStyle` lines after the graph, and the legend is one
more subgraph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .diagram_labels import (
    ERROR,
    LEGEND,
    OUTSIDE,
    OUTSIDE_FILL,
    SPECIAL,
    edge_label,
    node_label,
)
from .registry import Style

if TYPE_CHECKING:
    from ..view.diagram import Cluster, Diagram, DiagramNode


def _mm(text: str) -> str:
    """Mermaid label text: its entity codes for quotes and angle brackets, <br/> for lines."""
    return (text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("\n", "<br/>"))


def render(diagram: Diagram, style: Style) -> str:
    ids = diagram.ids()
    out = ["flowchart LR"]
    counter = iter(range(10_000))
    styles: list[str] = []

    def cluster(c: Cluster, indent: str) -> None:
        cid = f"c{next(counter)}"
        out.append(f'{indent}subgraph {cid}["{_mm(c.label)}"]')
        for n in c.nodes:
            out.append(f"{indent}  {_mm_node(ids[n], diagram.nodes[n])}")
        for child in c.children:
            cluster(child, indent + "  ")
        out.append(f"{indent}end")
        if c.outside:
            styles.append(f"  style {cid} fill:{OUTSIDE_FILL},stroke:{OUTSIDE}")

    for c in diagram.clusters:
        cluster(c, "  ")
    links: list[str] = []
    for i, edge in enumerate(diagram.edges):
        a, b = ids[edge.sender], ids[edge.receiver]
        if edge.uses:
            out.append(f"  {a} -.- {b}")
            links.append(f"  linkStyle {i} stroke:#adb5bd,stroke-dasharray:2 3")
            continue
        label = _mm("\n".join(edge_label(diagram, edge)))
        arrow = "-.->" if edge.inferred else "-->"
        out.append(f'  {a} {arrow}|"{label}"| {b}')
        if edge.special or edge.outside:
            color = SPECIAL if edge.special else OUTSIDE
            links.append(f"  linkStyle {i} stroke:{color},stroke-width:2px,color:{color}")
    for n, node in diagram.nodes.items():
        node_style = _mm_style(node)
        if node_style:
            styles.append(f"  style {ids[n]} {node_style}")
    out.append('  subgraph legend["Legend"]')
    for key, text in LEGEND:
        out.append(f'    legend_{key}["{_mm(text)}"]')
    out.append("  end")
    styles.append(f"  style legend_outside fill:{OUTSIDE_FILL},stroke:{OUTSIDE}")
    styles.append(f"  style legend_special stroke:{SPECIAL},stroke-width:2px")
    styles.append(f"  style legend_error stroke:{ERROR},stroke-width:3px")
    return "\n".join(out + links + styles) + "\n"


def _mm_node(nid: str, node: DiagramNode) -> str:
    text = _mm("\n".join(node_label(node)))
    shape = {"activity": ('(["', '"])'), "system": ('[("', '")]'),
             "organisation": ('{{"', '"}}'), "party": ('["', '"]')}.get(node.kind, ('["', '"]'))
    return f"{nid}{shape[0]}{text}{shape[1]}"


def _mm_style(node: DiagramNode) -> str:
    parts = []
    if node.outside:
        parts.append(f"fill:{OUTSIDE_FILL}")
    if node.errors:
        parts += [f"stroke:{ERROR}", "stroke-width:3px"]
    elif node.special:
        parts += [f"stroke:{SPECIAL}", "stroke-width:2px"]
    elif node.outside:
        parts += [f"stroke:{OUTSIDE}", "stroke-width:2px"]
    return ",".join(parts)
