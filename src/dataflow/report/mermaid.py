"""`dataflow diagram --format mermaid`: the diagram as a Mermaid flowchart.

Mermaid renders on GitHub and GitLab, so a diagram can sit in a Markdown file. Clusters are
subgraphs, colours are `style` and `linkStyle` lines after the graph, and the legend (only
what the diagram uses) is one more subgraph. The transfer mechanism is the arrow: `-->`
adequacy, a thick line for safeguards, `--o` a derogation, `--x` no mechanism.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .diagram_labels import (
    EDGE,
    ERROR,
    ERROR_FILL,
    LEGEND,
    OUTSIDE,
    OUTSIDE_FILL,
    SPECIAL,
    edge_label,
    legend_keys,
    node_label,
)
from .registry import Style

if TYPE_CHECKING:
    from ..view.diagram import Cluster, Diagram, DiagramEdge, DiagramNode

#: The samples of the legend entries that Mermaid draws its own way.
SAMPLES = {"adequacy": "-->", "safeguards": "thick ==>", "derogation": "--o",
           "none": "--x", "inferred": "-.->", "uses": "-.-"}
_LEGEND_STYLES = {
    "error": f"fill:{ERROR_FILL},color:{ERROR}",
    "outside": f"stroke:{OUTSIDE},stroke-width:2px,stroke-dasharray:5 3",
    "special": f"stroke:{SPECIAL},stroke-width:2px,color:{SPECIAL}",
}


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
            out.append(f"{indent}  {_mm_node(ids[n], diagram, diagram.nodes[n])}")
        for child in c.children:
            cluster(child, indent + "  ")
        out.append(f"{indent}end")
        if c.outside:
            styles.append(f"  style {cid} fill:{OUTSIDE_FILL},stroke:{OUTSIDE},"
                          "stroke-dasharray:5 3")

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
        out.append(f'  {a} {_arrow(edge)}|"{label}"| {b}')
        link = _link_style(edge)
        if link:
            links.append(f"  linkStyle {i} {link}")
    for n, node in diagram.nodes.items():
        node_style = _mm_style(node)
        if node_style:
            styles.append(f"  style {ids[n]} {node_style}")
    out.append('  subgraph legend["Legend"]')
    samples = {key: SAMPLES.get(key, sample) for key, sample, _ in LEGEND}
    texts = {key: text for key, _, text in LEGEND}
    for key in legend_keys(diagram):
        out.append(f'    legend_{key}["{_mm(samples[key] + "  " + texts[key])}"]')
        if key in _LEGEND_STYLES:
            styles.append(f"  style legend_{key} {_LEGEND_STYLES[key]}")
    out.append("  end")
    return "\n".join(out + links + styles) + "\n"


def _arrow(edge: DiagramEdge) -> str:
    """`-->` / `-.->`, with `o` for a derogation and `x` for no mechanism at the end."""
    head = {"derogation": "o", "none": "x"}.get(edge.transfer or "", ">")
    return ("-.-" if edge.inferred else "--") + head


def _link_style(edge: DiagramEdge) -> str:
    color = SPECIAL if edge.special else OUTSIDE if edge.outside else EDGE
    width = 4 if edge.transfer == "safeguards" else 2 if edge.special or edge.outside else 0
    if not width:
        return ""
    return f"stroke:{color},stroke-width:{width}px,color:{color}"


def _mm_node(nid: str, diagram: Diagram, node: DiagramNode) -> str:
    text = _mm("\n".join(node_label(diagram, node)))
    shape = {"activity": ('(["', '"])'), "system": ('[("', '")]'),
             "organisation": ('{{"', '"}}'), "party": ('["', '"]')}.get(node.kind, ('["', '"]'))
    return f"{nid}{shape[0]}{text}{shape[1]}"


def _mm_style(node: DiagramNode) -> str:
    """Errors: the fill; outside the EEA: a dashed border; special category: its colour."""
    parts = [f"fill:{ERROR_FILL}"] if node.errors else []
    if node.special or node.outside:
        parts += [f"stroke:{SPECIAL if node.special else OUTSIDE}", "stroke-width:2px"]
    if node.outside:
        parts.append("stroke-dasharray:5 3")
    return ",".join(parts)
