"""What every diagram renderer shares: the colours, the legend, the label text and the anchors.

Each marking has its own channel, so that no two can be confused, and none relies on colour
alone (the colours are Paul Tol's colour-blind safe "bright" scheme):

- error findings: a red **fill** and a "⚠ 2 errors: RULE-ID, …" line (which rules);
- outside the EEA: a **dashed** blue border and an "outside EEA: US" badge; the country's
  cluster is blue;
- special-category data: purple and an "Art. 9" badge;
- the transfer mechanism: the **line** of the edge and its label: adequacy (Art. 45) a plain
  arrow, appropriate safeguards (Art. 46: SCC, BCR, …) a double (dot) or thick (Mermaid) line,
  an Art. 49 derogation a round arrowhead, and no mechanism a bar (dot) or cross (Mermaid)
  with "✗ no mechanism".

Node labels are a few short lines: the name, then role · retention, the badges and the
errors with their rule IDs. An edge label is at most three lines: the data categories (at most two
named, "name, email +3"), the legal basis and transfer mechanism, then the marks. A flow that
names no data is marked "~" (it may carry what its sender holds), one that names only a
broader category than the one asked about "≈". The legend lists only what a diagram uses.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..vocab import shorten

if TYPE_CHECKING:
    from ..view.diagram import Diagram, DiagramEdge, DiagramNode

# Colours (Paul Tol's "bright" scheme): one meaning each, never the only channel.
OUTSIDE = "#4477aa"        # outside the EEA: dashed border, badge, cluster
OUTSIDE_FILL = "#e8f0f8"   # cluster of a country outside the EEA
SPECIAL = "#aa3377"        # special-category data (Art. 9)
ERROR = "#b31b1b"          # the ⚠ line of a node or flow with error findings
ERROR_FILL = "#fbd5da"     # the fill of a node with error findings
UNKNOWN_FILL = "#f1f3f5"   # country not stated
EDGE = "#495057"
MUTED = "#495057"
FILLS = {"organisation": "#fff3bf", "activity": "#e7f5ff", "system": "#f8f9fa",
         "party": "#ffffff", "unknown": "#ffffff"}
LABEL_WIDTH = 24
LABEL_LINES = 3
NOTE_WIDTH = 30            # the role · retention, badge and ⚠ lines of a node

#: Every legend entry: key, sample (as dot and HTML draw it), meaning. `legend_keys` picks
#: those a diagram uses; mermaid.py has its own samples for the lines.
LEGEND: list[tuple[str, str, str]] = [
    ("error", "⚠ RULE", "red fill, ⚠ and the rule IDs: error findings of dataflow validate"),
    ("outside", "╌ US ╌", "dashed blue border, badge: outside the EEA (blue cluster: a "
     "country outside it)"),
    ("special", "Art. 9", "purple, Art. 9 badge: special-category data"),
    ("adequacy", "──▶", "Art. 45: transfer under an adequacy decision"),
    ("safeguards", "══▶", "Art. 46: transfer with appropriate safeguards (SCC, BCR, …)"),
    ("derogation", "──○", "Art. 49: transfer on a derogation"),
    ("none", "──┤", "✗ no mechanism: leaves the EEA without a Chapter V mechanism"),
    ("inferred", "╌╌▶", "dashed, ~: the flow names no data; it may carry what its sender "
     "holds"),
    ("broader", "≈", "the flow names a broader category that may include the one asked "
     "about"),
    ("uses", "┈┈┈", "dotted: the activity uses the system"),
    ("labels", "label", "node: role · retention; edge: data (two named, +N more), legal "
     "basis · mechanism"),
]
ARTICLE = {"adequacy": "Art. 45", "safeguards": "Art. 46", "derogation": "Art. 49"}


def legend_keys(diagram: Diagram) -> list[str]:
    """The legend entries a diagram uses, in legend order ("labels" always)."""
    flows = [e for e in diagram.edges if not e.uses]
    nodes = list(diagram.nodes.values())
    used = {"labels"}
    used |= {"error"} if any(n.errors for n in nodes) or any(e.errors for e in flows) else set()
    used |= {"outside"} if any(n.outside for n in nodes) or any(e.outside for e in flows) \
        else set()
    used |= {"special"} if any(n.special for n in nodes) or any(e.special for e in flows) \
        else set()
    used |= {e.transfer for e in flows if e.transfer}
    used |= {"inferred"} if any(e.inferred for e in flows) else set()
    used |= {"broader"} if any(e.broader and not e.inferred for e in flows) else set()
    used |= {"uses"} if len(flows) < len(diagram.edges) else set()
    return [key for key, _, _ in LEGEND if key in used]


def abbreviate(names: Sequence[str], keep: int = 2) -> str:
    """'name, email +3': at most `keep` names, then how many more."""
    if len(names) <= keep + 1:
        return ", ".join(names)
    return f"{', '.join(names[:keep])} +{len(names) - keep}"


def wrap(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> list[str]:
    """Wrap a label to a few short lines, with an ellipsis when it does not fit."""
    out = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def _name(names: dict[str, str], term: str) -> str:
    found = names.get(term)
    return found if found is not None else shorten(term)


def errors_text(count: int, rules: Sequence[str], width: int = NOTE_WIDTH) -> str:
    """'⚠ 3 errors: SC-01, XFER-05 +1': how many error findings, and of which rules (as many
    named as fit in `width`)."""
    head = f"⚠ {count} error{'s' if count != 1 else ''}: "
    ids = sorted(set(rules))
    named = next((abbreviate(ids, keep) for keep in (2, 1)
                  if len(head + abbreviate(ids, keep)) <= width), f"{len(ids)} rules")
    return head + named


def mechanism_text(diagram: Diagram, edge: DiagramEdge) -> str:
    """'Art. 46 scc', 'Art. 49 consent', '✗ no mechanism': the mechanisms, by kind."""
    parts = []
    for kind in ("adequacy", "safeguards", "derogation"):
        names = sorted(_name(diagram.names, m).removeprefix("derogation-")
                       for m in edge.transfers.get(kind, ()))
        if names:
            parts.append(f"{ARTICLE[kind]} {', '.join(names)}")
    if "none" in edge.transfers:
        parts.append("✗ no mechanism")
    return ", ".join(parts)


def edge_label(diagram: Diagram, edge: DiagramEdge) -> list[str]:
    """Up to three short lines: data categories; legal basis · mechanism; Art. 9 and ⚠."""
    if edge.uses:
        return []
    names = diagram.names
    data = sorted(edge.data, key=lambda d: (d not in diagram.special, names.get(d, d)))
    if edge.inferred and edge.sender_data and len(data) > 3:
        data_text = f"sender's data ({len(data)} categories)"
    else:
        data_text = abbreviate([_name(names, d) for d in data]) or "data not stated"
    lines = [("~ " if edge.inferred else "≈ " if edge.broader else "") + data_text]
    if len(edge.flows) > 1:
        lines[0] += f"  ({len(edge.flows)} flows)"
    legal = [abbreviate(sorted(_name(names, b) for b in edge.bases)), mechanism_text(diagram, edge)]
    if any(legal):
        lines.append(" · ".join(x for x in legal if x))
    marks = (["Art. 9"] if edge.special else []) + (
        [errors_text(edge.errors, sorted(edge.rules), 60)] if edge.rules else [])
    if marks:
        lines.append(" · ".join(marks))
    return lines


def role_text(diagram: Diagram, node: DiagramNode) -> str:
    return abbreviate([_name(diagram.names, r) for r in node.roles], keep=1)


def note(diagram: Diagram, node: DiagramNode) -> str:
    """'processor · kept 3 months': role and how long (the full statement in tooltips)."""
    periods = sorted({r.split(" from ")[0] for r in node.retention})
    more = f" +{len(periods) - 1}" if len(periods) > 1 else ""
    kept = f"kept {periods[0]}{more}" if periods else ""
    text = " · ".join(x for x in (role_text(diagram, node), kept) if x)
    return wrap(text, NOTE_WIDTH, 1)[0] if text else ""


def outside_badge(codes: Sequence[str]) -> str:
    """'outside EEA: US, IN' (the countries named; `outside-eea` names none)."""
    named = [c for c in codes if c != "outside-eea"]
    return "outside EEA" + (f": {abbreviate(named)}" if named else "")


def badges(node: DiagramNode) -> list[str]:
    """'outside EEA: US', 'Art. 9'."""
    return ([outside_badge(node.abroad)] if node.outside else []) + (
        ["Art. 9"] if node.special else [])


def node_label(diagram: Diagram, node: DiagramNode) -> list[str]:
    """Name (wrapped), role · retention, badges, ⚠ rule IDs: one line each."""
    lines = wrap(node.label)
    lines += [x for x in (note(diagram, node), " · ".join(badges(node))) if x]
    if node.rules:
        lines.append(errors_text(node.errors, node.rules))
    return lines


def anchor(kind: str, iri: str) -> str:
    """The id of a node or flow in the HTML page: `<kind>-<id>`, e.g. `activity-acme.crm`.

    `activity-<id>` is also the anchor of an activity's row in the HTML record of
    `dataflow ropa` (docs/diagrams.md), so each page can link to the other."""
    return f"{kind}-{shorten(iri)}"


def fragment(name: str) -> str:
    """`#name` as a link: percent-encoded where a fragment may not hold the character."""
    return "#" + quote(name, safe="!$&'()*+,;=:@/?")
