"""What every diagram renderer shares: the colours, the legend and the label text.

Each colour has one meaning, named in the legend. Node labels are wrapped to a few short
lines; an edge label is two short lines: the data categories (at most two named,
"name, email +3"), then the legal basis and transfer mechanism. A flow that names no data is
marked "~" (it may carry what its sender holds), one that names only a broader category
than the one asked about "≈".
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..vocab import shorten

if TYPE_CHECKING:
    from ..view.diagram import Diagram, DiagramEdge, DiagramNode

# Colours: one meaning each, named in the legend.
OUTSIDE = "#d9480f"        # leaves the EEA / destination outside the EEA
OUTSIDE_FILL = "#ffe8cc"
SPECIAL = "#7048e8"        # special-category data (Art. 9)
ERROR = "#e03131"          # node or flow with error findings
UNKNOWN_FILL = "#f1f3f5"   # country not stated
EDGE = "#495057"
FILLS = {"organisation": "#fff3bf", "activity": "#e7f5ff", "system": "#f8f9fa",
         "party": "#ffffff", "unknown": "#ffffff"}
LABEL_WIDTH = 24
LABEL_LINES = 3

LEGEND = [
    ("outside", f"orange: destination or flow outside the EEA ({OUTSIDE})"),
    ("special", f"purple: special-category data, Art. 9 ({SPECIAL})"),
    ("error", f"red border / ⚠: error findings from validate ({ERROR})"),
    ("inferred", "dashed, ~: the flow names no data; it may carry what its sender holds"),
    ("broader", "≈: the flow names a broader category that may include the one asked about"),
    ("uses", "dotted: the activity uses the system"),
]


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


def edge_label(diagram: Diagram, edge: DiagramEdge) -> list[str]:
    """Two short lines: data categories, then legal basis and mechanism."""
    if edge.uses:
        return []
    names = diagram.names
    data = sorted(edge.data, key=lambda d: (d not in diagram.special, names.get(d, d)))
    if edge.inferred and edge.sender_data and len(data) > 3:
        data_text = f"sender's data ({len(data)} categories)"
    else:
        data_text = abbreviate([_name(names, d) for d in data]) or "data not stated"
    lines = [("~ " if edge.inferred else "≈ " if edge.broader else "") + data_text]
    legal = [", ".join(sorted(_name(names, b) for b in edge.bases)),
             ", ".join(sorted(_name(names, m) for m in edge.mechanisms))]
    legal_text = " · ".join(x for x in legal if x)
    marks = (["Art. 9"] if edge.special else []) + (
        [f"⚠ {edge.errors} error{'s' if edge.errors != 1 else ''}"] if edge.errors else [])
    if legal_text or marks:
        lines.append(" · ".join([legal_text] + marks if legal_text else marks))
    if len(edge.flows) > 1:
        lines[0] += f"  ({len(edge.flows)} flows)"
    return lines


def _name(names: dict[str, str], term: str) -> str:
    found = names.get(term)
    return found if found is not None else shorten(term)


def node_label(node: DiagramNode) -> list[str]:
    lines = wrap(node.label)
    if node.errors:
        lines.append(f"⚠ {node.errors} error{'s' if node.errors != 1 else ''}")
    return lines
