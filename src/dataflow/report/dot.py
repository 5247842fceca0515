"""`dataflow diagram --format dot`: the diagram as Graphviz dot source.

Left to right; one cluster per organisation (with its systems abroad nested) and per
recipients' country; an organisation's activities in one column, the systems they use left
of them and the recipients right, so flows never cross systems. The legend is an HTML-like
table in its own cluster. graphviz.py turns this source into SVG and PNG.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .diagram_labels import (
    EDGE,
    ERROR,
    FILLS,
    OUTSIDE,
    OUTSIDE_FILL,
    SPECIAL,
    UNKNOWN_FILL,
    edge_label,
    node_label,
)
from .registry import Style

if TYPE_CHECKING:
    from ..view.diagram import Cluster, Diagram, DiagramEdge, DiagramNode


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(lines: list[str]) -> str:
    return _dot_str("\n".join(lines)).replace("\n", "\\n")


def render(diagram: Diagram, style: Style) -> str:
    ids = diagram.ids()
    out = [
        "digraph lineage {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.3, ranksep=1.1,'
        f' newrank=true, labelloc=t, labeljust=l, label={_dot_str(diagram.title)}];',
        '  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled",'
        ' fillcolor="#ffffff", color="#868e96", margin="0.12,0.06"];',
        f'  edge [fontname="Helvetica", fontsize=9, color="{EDGE}", fontcolor="#343a40",'
        " arrowsize=0.7];",
    ]
    counter = iter(range(10_000))

    def cluster(c: Cluster, indent: str) -> None:
        out.append(f"{indent}subgraph cluster_{next(counter)} {{")
        color = OUTSIDE if c.outside else "#adb5bd"
        fill = OUTSIDE_FILL if c.outside else "#fcfcfd"
        out.append(f'{indent}  label={_dot_str(c.label)}; style="rounded,filled";'
                   f' color="{color}"; fillcolor="{fill}"; fontsize=11;')
        for n in c.nodes:
            out.append(f"{indent}  {ids[n]} [{_dot_node(diagram.nodes[n])}];")
        activities = [ids[n] for n in c.nodes if diagram.nodes[n].kind == "activity"]
        if len(activities) > 1:  # one column of activities, systems left, recipients right
            out.append(f"{indent}  {{ rank=same; {'; '.join(activities)}; }}")
        for child in c.children:
            cluster(child, indent + "  ")
        out.append(f"{indent}}}")

    for c in diagram.clusters:
        cluster(c, "  ")
    for edge in diagram.edges:
        # A system is drawn left of its activity, so that flows never cross systems.
        a, b = (edge.receiver, edge.sender) if edge.uses else (edge.sender, edge.receiver)
        out.append(f"  {ids[a]} -> {ids[b]} [{_dot_edge(diagram, edge)}];")
    out.append("  subgraph cluster_legend {")
    out.append('    label="Legend"; style="rounded"; color="#adb5bd"; fontsize=11;')
    out.append(f"    legend [shape=plaintext, style=solid, margin=0, label=<{_legend_html()}>];")
    out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_node(node: DiagramNode) -> str:
    shape = {"activity": "box", "system": "cylinder", "organisation": "tab",
             "party": "box", "unknown": "ellipse"}.get(node.kind, "box")
    style = "rounded,filled" if node.kind == "activity" else "filled"
    fill = OUTSIDE_FILL if node.outside else (UNKNOWN_FILL if node.kind == "party"
                                              and node.eea is None else FILLS[node.kind])
    color = ERROR if node.errors else (SPECIAL if node.special else
                                       (OUTSIDE if node.outside else "#868e96"))
    width = 3 if node.errors else (2 if node.special or node.outside else 1)
    return (f'label={_dot_label(node_label(node))}, shape={shape}, style="{style}",'
            f' fillcolor="{fill}", color="{color}", penwidth={width}')


def _dot_edge(diagram: Diagram, edge: DiagramEdge) -> str:
    if edge.uses:
        return 'style=dotted, dir=none, color="#adb5bd"'
    color = SPECIAL if edge.special else (OUTSIDE if edge.outside else EDGE)
    attrs = [f"label={_dot_label(edge_label(diagram, edge))}", f'color="{color}"',
             f"penwidth={2 if edge.special or edge.outside else 1}"]
    if edge.inferred:
        attrs.append("style=dashed")
    if edge.errors:
        attrs.append(f'fontcolor="{ERROR}"')
    elif edge.special or edge.outside:
        attrs.append(f'fontcolor="{color}"')
    return ", ".join(attrs)


def _legend_html() -> str:
    rows = [
        f'<TR><TD BGCOLOR="{OUTSIDE_FILL}" COLOR="{OUTSIDE}" BORDER="2"> </TD>'
        '<TD ALIGN="LEFT">outside the EEA (node fill, cluster); orange arrow: flow leaving'
        " the EEA</TD></TR>",
        f'<TR><TD BGCOLOR="#ffffff" COLOR="{SPECIAL}" BORDER="2"> </TD>'
        '<TD ALIGN="LEFT">purple: special-category data (GDPR Art. 9)</TD></TR>',
        f'<TR><TD BGCOLOR="#ffffff" COLOR="{ERROR}" BORDER="3"> </TD>'
        '<TD ALIGN="LEFT">red border, ⚠: error findings from dataflow validate</TD></TR>',
        '<TR><TD>- - -</TD><TD ALIGN="LEFT">dashed, ~: the flow names no data; it may carry'
        " what its sender holds</TD></TR>",
        '<TR><TD>≈</TD><TD ALIGN="LEFT">the flow names a broader category that may include'
        " the one asked about</TD></TR>",
        '<TR><TD>· · ·</TD><TD ALIGN="LEFT">dotted: the activity uses the system</TD></TR>',
        '<TR><TD>label</TD><TD ALIGN="LEFT">data categories (two named, +N more);'
        " legal basis · transfer mechanism</TD></TR>",
    ]
    return ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
            + "".join(r.replace("<TD>", '<TD BORDER="0">') for r in rows) + "</TABLE>")
