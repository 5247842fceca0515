"""`dataflow diagram --format dot`: the diagram as Graphviz dot source.

Left to right; one cluster per organisation (with its systems abroad nested) and per
recipients' country; an organisation's activities in one column, the systems they use left
of them and the recipients right, so flows never cross systems. Node and edge labels are
HTML-like tables (badges, the ⚠ line in red); every node and edge has a tooltip with the
full text, which SVG shows on hover. The legend, only what the diagram uses, is a table in
its own cluster. graphviz.py turns this source into SVG and PNG; html.py asks `source` for
links from nodes and edges to their entries in the page, and draws the legend itself.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .diagram_labels import (
    EDGE,
    ERROR,
    ERROR_FILL,
    FILLS,
    LEGEND,
    MUTED,
    OUTSIDE,
    SPECIAL,
    UNKNOWN_FILL,
    anchor,
    badges,
    edge_label,
    fragment,
    legend_keys,
    mechanism_text,
    node_label,
    note,
    wrap,
)
from .registry import Style

if TYPE_CHECKING:
    from ..view.diagram import Cluster, Diagram, DiagramEdge, DiagramNode

#: The arrowhead of each kind of transfer mechanism (safeguards: a double line).
ARROWHEADS = {"derogation": "odot", "none": "tee"}
LEGEND_COLORS = {"error": ERROR, "outside": OUTSIDE, "special": SPECIAL, "adequacy": OUTSIDE,
                 "safeguards": OUTSIDE, "derogation": OUTSIDE, "none": OUTSIDE}


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _h(text: str) -> str:
    """Text inside an HTML-like label."""
    return escape(text, quote=True)


def render(diagram: Diagram, style: Style) -> str:
    return source(diagram)


def source(diagram: Diagram, *, links: bool = False, legend: bool = True) -> str:
    """The dot source; `links`: nodes and edges link to `#<anchor>`, for html.py's page,
    which has its own title and legend (`legend=False` leaves out both)."""
    ids = diagram.ids()
    title = diagram.title if legend else ""
    out = [
        "digraph lineage {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.3, ranksep=1.1,'
        f' newrank=true, labelloc=t, labeljust=l, label={_dot_str(title)}];',
        '  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled",'
        ' fillcolor="#ffffff", color="#868e96", margin="0.12,0.06"];',
        f'  edge [fontname="Helvetica", fontsize=9, color="{EDGE}", fontcolor="#343a40",'
        " arrowsize=0.7];",
    ]
    counter = iter(range(10_000))

    def cluster(c: Cluster, indent: str) -> None:
        out.append(f"{indent}subgraph cluster_{next(counter)} {{")
        look = (f'style="rounded,filled,dashed"; color="{OUTSIDE}"; fillcolor="#e8f0f8";'
                f' penwidth=1.5; fontcolor="{OUTSIDE}"' if c.outside else
                'style="rounded,filled"; color="#adb5bd"; fillcolor="#fcfcfd"')
        out.append(f"{indent}  label={_dot_str(c.label)}; {look}; fontsize=11;")
        for n in c.nodes:
            out.append(f"{indent}  {ids[n]} [{_dot_node(diagram, diagram.nodes[n], links)}];")
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
        out.append(f"  {ids[a]} -> {ids[b]} [{_dot_edge(diagram, edge, links)}];")
    if legend:
        out.append("  subgraph cluster_legend {")
        out.append('    label="Legend"; style="rounded"; color="#adb5bd"; fontsize=11;')
        out.append("    legend [shape=plaintext, style=solid, margin=0,"
                   f" label=<{_legend_html(legend_keys(diagram))}>];")
        out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def node_tooltip(diagram: Diagram, node: DiagramNode) -> list[str]:
    """The full text of a node: name, kind and country, role, retention, errors."""
    place = diagram.countries.get(node.country or "", node.country or "")
    lines = [node.label, node.kind + (f", {place}" if place else "")]
    lines += [" · ".join(badges(node))] if node.outside or node.special else []
    lines += [f"role: {', '.join(diagram.names.get(r, r) for r in node.roles)}"] \
        if node.roles else []
    lines += [f"retention: {r}" for r in node.retention]
    if node.rules:
        lines.append(f"⚠ {node.errors} error finding(s): {', '.join(node.rules)}")
    return lines


def edge_tooltip(diagram: Diagram, edge: DiagramEdge) -> list[str]:
    names = diagram.names
    sender, receiver = diagram.nodes[edge.sender].label, diagram.nodes[edge.receiver].label
    if edge.uses:
        return [f"{sender} uses {receiver}"]
    lines = [f"{sender} → {receiver}" + (f" ({len(edge.flows)} flows)"
                                         if len(edge.flows) > 1 else "")]
    data = ", ".join(sorted(names.get(d, d) for d in edge.data)) or "not stated"
    lines.append(("may carry: " if edge.inferred else "data: ") + data)
    lines += [f"legal basis: {', '.join(sorted(names.get(b, b) for b in edge.bases))}"] \
        if edge.bases else []
    lines += [f"transfer: {mechanism_text(diagram, edge)}"] if edge.transfers else []
    lines += [f"role: {', '.join(sorted(names.get(r, r) for r in edge.roles))}"] \
        if edge.roles else []
    lines += [f"retention: {r}" for r in sorted(edge.retention)]
    if edge.rules:
        lines.append(f"⚠ {edge.errors} error finding(s): {', '.join(sorted(edge.rules))}")
    return lines


def _html_label(rows: list[str]) -> str:
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            + "".join(f"<TR><TD>{row}</TD></TR>" for row in rows) + "</TABLE>>")


def _badge(text: str, color: str) -> str:
    return (f'<TD BGCOLOR="{color}"><FONT COLOR="#ffffff" POINT-SIZE="8"> {_h(text)} '
            "</FONT></TD>")


def _dot_node(diagram: Diagram, node: DiagramNode, links: bool) -> str:
    shape = {"activity": "box", "system": "cylinder", "organisation": "tab",
             "party": "box", "unknown": "ellipse"}.get(node.kind, "box")
    rows = ["<BR/>".join(_h(line) for line in wrap(node.label))]
    if note(diagram, node):
        rows.append(f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{_h(note(diagram, node))}</FONT>')
    marks = badges(node)
    if marks:
        cells = [_badge(m, SPECIAL if m == "Art. 9" else OUTSIDE) for m in marks]
        rows.append('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3"><TR>'
                    + "".join(cells) + "</TR></TABLE>")
    if node.rules:
        rows.append(f'<FONT COLOR="{ERROR}"><B>{_h(node_label(diagram, node)[-1])}</B></FONT>')
    styles = (["rounded"] if node.kind == "activity" else []) + ["filled"] + (
        ["dashed"] if node.outside else [])
    fill = ERROR_FILL if node.errors else (UNKNOWN_FILL if node.kind == "party"
                                           and node.eea is None else FILLS[node.kind])
    color = SPECIAL if node.special else (OUTSIDE if node.outside else "#868e96")
    width = 2 if node.special or node.outside else 1
    attrs = (f"label={_html_label(rows)}, shape={shape}, style=\"{','.join(styles)}\","
             f' fillcolor="{fill}", color="{color}", penwidth={width},'
             f" tooltip={_dot_str(chr(10).join(node_tooltip(diagram, node)))}")
    if links:
        attrs += f", href={_dot_str(fragment(anchor(node.kind, node.id)))}"
    return attrs.replace("\n", "\\n")


def _dot_edge(diagram: Diagram, edge: DiagramEdge, links: bool) -> str:
    text = _dot_str(chr(10).join(edge_tooltip(diagram, edge)))
    tooltip = f"tooltip={text}, labeltooltip={text}"  # not Graphviz's "<TABLE>"
    if edge.uses:
        return f'style=dotted, dir=none, color="#adb5bd", {tooltip}'.replace("\n", "\\n")
    color = SPECIAL if edge.special else (OUTSIDE if edge.outside else EDGE)
    lines = edge_label(diagram, edge)
    rows = [_h(line) for line in lines]
    if edge.rules:  # the ⚠ line: the last one, in red
        rows[-1] = rows[-1].replace("⚠", f'<FONT COLOR="{ERROR}"><B>⚠', 1) + "</B></FONT>"
    kind = edge.transfer
    attrs = [f"label={_html_label(rows)}",
             f'color="{color}:invis:{color}"' if kind == "safeguards" else f'color="{color}"',
             f"penwidth={2 if edge.special or edge.outside else 1}", tooltip]
    if kind in ARROWHEADS:
        attrs.append(f"arrowhead={ARROWHEADS[kind]}")
    if edge.inferred:
        attrs.append("style=dashed")
    if edge.special or edge.outside:
        attrs.append(f'fontcolor="{color}"')
    if links:
        attrs.append(f"href={_dot_str(fragment(anchor('flow', edge.flows[0])))}")
    return ", ".join(attrs).replace("\n", "\\n")


def _legend_html(keys: list[str]) -> str:
    rows = []
    for key, sample, text in LEGEND:
        if key not in keys:
            continue
        look = f' BGCOLOR="{ERROR_FILL}"' if key == "error" else ""
        color = LEGEND_COLORS.get(key, EDGE)
        rows.append(f'<TR><TD{look}><FONT COLOR="{color}">{_h(sample)}</FONT></TD>'
                    f'<TD ALIGN="LEFT">{_h(text)}</TD></TR>')
    return ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
            + "".join(rows) + "</TABLE>")

