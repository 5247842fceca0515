"""Lineage diagrams of the networkx view: Mermaid, Graphviz dot, SVG/PNG and one HTML page.

A diagram is built once (`build`) as plain data (nodes, aggregated edges, clusters) and then
written by one renderer per format, so every format shows the same thing:

- nodes are organisations, activities, systems and parties; activities and systems sit in
  their organisation's cluster, parties in a cluster per country;
- parallel flows between the same two nodes are one edge, labelled with the data categories
  (at most two named, "name, email +3") and the legal basis and transfer mechanism;
- destinations outside the EEA, flows leaving it, special-category flows and nodes with
  error findings are coloured, and a legend says so;
- a flow that names no data is dashed and labelled "~": it may carry what its sender holds.

`--focus DATA` and `--subject CATEGORY` restrict the diagram to the paths trace.py finds.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rdflib import URIRef

from ..errors import InputError
from ..gcpause import without_gc
from ..vocab import DPV, shorten
from .graph import Hop, build_view, edge_hops, locations
from .trace import Route, Tracer, recipients, trace_subject

if TYPE_CHECKING:
    import networkx as nx

    from ..findings import Finding
    from ..store.terms import TermIndex

Format = Literal["mermaid", "dot", "svg", "png", "html"]
INSTALL_GRAPHVIZ = ("this format needs Graphviz's dot program: install Graphviz "
                    "(Debian package graphviz: apt-get install graphviz)")

# Colours: one meaning each, named in the legend.
OUTSIDE = "#d9480f"        # leaves the EEA / destination outside the EEA
OUTSIDE_FILL = "#ffe8cc"
SPECIAL = "#7048e8"        # special-category data (Art. 9)
ERROR = "#e03131"          # node or flow with error findings
UNKNOWN_FILL = "#f1f3f5"   # country not stated
EDGE = "#495057"
FILLS = {"organisation": "#fff3bf", "activity": "#e7f5ff", "system": "#f8f9fa",
         "party": "#ffffff", "unknown": "#ffffff"}
_SPECIAL = str(DPV.SpecialCategoryPersonalData)
LABEL_WIDTH = 24
LABEL_LINES = 3


@dataclass
class DNode:
    id: str
    label: str
    kind: str
    country: str | None
    eea: bool | None
    errors: int = 0
    outside: bool = False
    special: bool = False


@dataclass
class DEdge:
    sender: str
    receiver: str
    flows: list[str] = field(default_factory=list)
    data: set[str] = field(default_factory=set)
    inferred: bool = False          # every flow of the edge names no data
    sender_data: bool = False       # data is all the sender may hold (not a focus)
    broader: bool = False           # every flow names only a broader category than asked
    bases: set[str] = field(default_factory=set)
    mechanisms: set[str] = field(default_factory=set)
    outside: bool = False
    special: bool = False
    errors: int = 0
    uses: bool = False              # activity -> system, not a flow


@dataclass
class Cluster:
    label: str
    nodes: list[str] = field(default_factory=list)
    children: list[Cluster] = field(default_factory=list)
    outside: bool = False


@dataclass
class Diagram:
    title: str
    nodes: dict[str, DNode]
    edges: list[DEdge]
    clusters: list[Cluster]
    findings: list[Finding]
    names: dict[str, str]           # term IRI -> short name, for labels
    special: set[str] = field(default_factory=set)   # special-category data terms shown

    def ids(self) -> dict[str, str]:
        """Stable short ids (n0, n1, …) in cluster order."""
        order: list[str] = []

        def visit(cluster: Cluster) -> None:
            order.extend(cluster.nodes)
            for child in cluster.children:
                visit(child)

        for cluster in self.clusters:
            visit(cluster)
        placed = set(order)
        order.extend(n for n in sorted(self.nodes) if n not in placed)
        return {node: f"n{i}" for i, node in enumerate(order)}


# -- building ---------------------------------------------------------------------------------


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


def _focus_of(iri: str, view: nx.MultiDiGraph, flows: set[str]) -> str | None:
    """The node or flow a finding is about (purpose, retention and DPA nodes belong to theirs)."""
    while iri:
        if iri in view or iri in flows:
            return iri
        head, sep, _ = iri.rpartition("/")
        if not sep:
            return None
        iri = head.rsplit("/", 1)[0] if re.fullmatch(r".*/(purpose|retention)", head) else head
    return None


class _Builder:
    def __init__(self, view: nx.MultiDiGraph, terms: TermIndex,
                 findings: Sequence[Finding]) -> None:
        self.view = view
        self.terms = terms
        self.tracer = Tracer(view, terms)
        self.findings = list(findings)
        self.hops: dict[str, Hop] = {hop.flow: hop for hop in edge_hops(view)}
        flows = set(self.hops)
        self.errors: dict[str, int] = {}
        for f in self.findings:
            target = _focus_of(f.focus, view, flows)
            if target is not None and f.severity.value == "error":
                self.errors[target] = self.errors.get(target, 0) + 1

    def special(self, data: Iterable[str]) -> bool:
        return any(_SPECIAL in self.tracer.ancestors(d) for d in data)

    def build(self, title: str, selection: Selection, nodes: Iterable[str]) -> Diagram:
        selected = selection.data
        keep = set(nodes)
        edges: dict[tuple[str, str], DEdge] = {}
        for hop in sorted(self.hops.values(), key=lambda h: h.flow):
            if hop.flow not in selected:
                continue
            u, v = hop.sender, hop.receiver
            keep.update((u, v))
            shown = selected[hop.flow]
            carried = shown if shown is not None else self.tracer.may_carry(hop)
            edge = edges.setdefault((u, v), DEdge(u, v, inferred=True, broader=True))
            edge.flows.append(hop.flow)
            edge.data.update(carried)
            edge.inferred &= not hop.declared
            edge.broader &= hop.flow in selection.broader
            edge.sender_data |= shown is None and not hop.declared
            bases, _ = self.tracer.basis(hop)
            edge.bases.update(bases)
            edge.mechanisms.update(hop.mechanisms)
            edge.outside |= self.tracer.eea(locations(self.view, hop)) is False
            edge.special |= self.special(carried)
            edge.errors += self.errors.get(hop.flow, 0)
        # Systems used by the activities shown.
        for node in sorted(keep):
            attrs = self.view.nodes[node]
            if attrs.get("kind") != "activity":
                continue
            for system in attrs.get("systems", ()):
                if system in self.view:
                    keep.add(system)
                    edges.setdefault((node, system), DEdge(node, system, uses=True))
        # The flows into each node, in edge order (not a scan of every edge per node).
        incoming: dict[str, list[DEdge]] = {}
        for edge in edges.values():
            if not edge.uses:
                incoming.setdefault(edge.receiver, []).append(edge)
        dnodes = {n: self._node(n, incoming.get(n, [])) for n in sorted(keep)}
        names = {t: self.tracer.name(t) for e in edges.values() for t in
                 e.data | e.bases | e.mechanisms}
        special = {t for e in edges.values() for t in e.data if self.special([t])}
        return Diagram(title, dnodes, list(edges.values()), self._clusters(dnodes, incoming),
                       self.findings, names, special)

    def _node(self, node: str, incoming: list[DEdge]) -> DNode:
        a = self.view.nodes[node]
        return DNode(
            id=node, label=str(a.get("label") or shorten(node)), kind=str(a.get("kind")),
            country=a.get("country"), eea=a.get("eea"), errors=self.errors.get(node, 0),
            outside=a.get("eea") is False or any(e.outside for e in incoming),
            special=self.special(a.get("data", ())) or any(e.special for e in incoming),
        )

    def _country(self, node: DNode, incoming: list[DEdge]) -> str | None:
        """A party's country; else the one place all flows to it name (e.g. outside-eea)."""
        if node.country:
            return node.country
        places: set[str] = set()
        for e in incoming:
            for flow in e.flows:
                hop = self.hops[flow]
                places.update(hop.target or hop.storage)
        return next(iter(places)) if len(places) == 1 else None

    def _country_label(self, code: str | None) -> tuple[str, bool]:
        if not code:
            return "Country not stated", False
        if code == "outside-eea":
            return "Outside the EEA (country not named)", True
        eea = self.tracer.eea([code])
        label = f"{self.tracer.country_label(code)} ({code})"
        return (label if eea else f"{label} · outside the EEA"), eea is False

    def _clusters(self, nodes: dict[str, DNode], incoming: dict[str, list[DEdge]],
                  ) -> list[Cluster]:
        """One cluster per organisation (foreign-country systems nested), then recipients in
        a cluster per country. With several organisations, recipients that only one of them
        sends to are grouped with it, so each organisation's flows stay together."""
        view = self.view
        by_org: dict[str, list[str]] = {}
        loose: dict[tuple[str | None, str | None], list[str]] = {}
        for n, d in nodes.items():
            org = view.nodes[n].get("organisation")
            if d.kind in ("organisation", "activity", "system") and org in view:
                by_org.setdefault(org, []).append(n)
        several = len(by_org) > 1
        members = {n for nodes_of_org in by_org.values() for n in nodes_of_org}
        for n, d in nodes.items():
            if n not in members:
                owners = self._owners(n, incoming, set()) if several else set()
                owner = next(iter(owners)) if len(owners) == 1 else None
                loose.setdefault((owner, self._country(d, incoming.get(n, []))), []).append(n)

        def country_clusters(owner: str | None) -> list[Cluster]:
            out = []
            keys = sorted((c for o, c in loose if o == owner),
                          key=lambda c: (c is None, c == "outside-eea", c or ""))
            for country in keys:
                text, outside = self._country_label(country)
                if owner is not None:
                    text += f" · {self.tracer.label(owner)}"
                out.append(Cluster(text, self._order(loose[(owner, country)]), outside=outside))
            return out

        clusters = []
        for org in sorted(by_org, key=lambda o: self.tracer.label(o).casefold()):
            home = view.nodes[org].get("country")
            label = self.tracer.label(org) + (f" ({home})" if home else "")
            cluster = Cluster(label)
            abroad: dict[str, list[str]] = {}
            for n in self._order(by_org[org]):
                country = nodes[n].country
                if country and country != home:
                    abroad.setdefault(country, []).append(n)
                else:
                    cluster.nodes.append(n)
            for country in sorted(abroad):
                text, outside = self._country_label(country)
                cluster.children.append(Cluster(text, abroad[country], outside=outside))
            clusters.append(cluster)
            clusters.extend(country_clusters(org))
        clusters.extend(country_clusters(None))
        return clusters

    def _owners(self, node: str, incoming: dict[str, list[DEdge]],
                seen: set[str]) -> set[str]:
        """The organisations whose flows reach a recipient (through other recipients too)."""
        org = self.view.nodes[node].get("organisation")
        if org:
            return {org}
        seen.add(node)
        owners: set[str] = set()
        for edge in incoming.get(node, ()):
            if edge.sender not in seen:
                owners |= self._owners(edge.sender, incoming, seen)
        return owners

    def _order(self, nodes: list[str]) -> list[str]:
        rank = {"organisation": 0, "activity": 1, "system": 2, "party": 3}
        return sorted(nodes, key=lambda n: (rank.get(self.view.nodes[n].get("kind"), 4),
                                            self.tracer.label(n).casefold(), n))


def _selection(paths: Iterable[Route], terms: TermIndex) -> Selection:
    """Flow -> the data it shows: what the paths carry; for a flow that names only a broader
    category, that category (marked broader)."""
    selected: dict[str, set[str] | None] = {}
    broader: dict[str, bool] = {}
    for path in paths:
        for step in path.steps:
            flow = step.hop.flow
            broader[flow] = broader.get(flow, True) and step.how == "broader"
            if step.carried is None:
                selected.setdefault(flow, None)
                continue
            shown = set(step.carried)
            if step.how == "broader":
                shown = {c for c in step.hop.data
                         if any(terms.overlaps(URIRef(c), URIRef(w)) for w in step.carried)}
            current = selected.get(flow, set())
            if current is not None:
                selected[flow] = current | shown
    return Selection({f: (frozenset(d) if d is not None else None)
                      for f, d in selected.items()}, {f for f, b in broader.items() if b})


@dataclass
class Selection:
    """Which flows a diagram shows, with the data each shows (None: all it may carry)."""

    data: dict[str, frozenset[str] | None]
    broader: set[str] = field(default_factory=set)


@without_gc
def build(view: nx.MultiDiGraph, terms: TermIndex, findings: Sequence[Finding] = (),
          focus: URIRef | None = None, subject: URIRef | None = None,
          title: str = "") -> Diagram:
    """The diagram of the whole view, or of what `focus` data or a `subject` reaches."""
    builder = _Builder(view, terms, findings)
    if focus is not None:
        answer = recipients(view, terms, focus)
        paths = [p for r in answer.recipients for p in r.paths]
        # Activities that hold the data (not only a broader category), or that send it.
        wanted = frozenset({str(focus)})
        origins = [o for o in answer.origins if view.nodes[o].get("kind") == "activity" and (
            builder.tracer.match(builder.tracer.native(o), wanted)[1] == "declared"
            or any(p.origin == o for p in paths))]
        title = f"{title} · {terms.label(focus)}" if title else terms.label(focus)
        return builder.build(title, _selection(paths, terms), origins)
    if subject is not None:
        sub = trace_subject(view, terms, subject)
        paths = [p for r in sub.recipients for p in r.paths]
        title = f"{title} · {terms.label(subject)}" if title else terms.label(subject)
        return builder.build(title, _selection(paths, terms), sub.activities)
    everything = Selection({hop.flow: None for hop in edge_hops(view)})
    activities = [n for n, a in view.nodes(data=True) if a.get("kind") == "activity"]
    return builder.build(title, everything, activities)


# -- labels -----------------------------------------------------------------------------------


def edge_label(diagram: Diagram, edge: DEdge) -> list[str]:
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


def node_label(node: DNode) -> list[str]:
    lines = wrap(node.label)
    if node.errors:
        lines.append(f"⚠ {node.errors} error{'s' if node.errors != 1 else ''}")
    return lines


LEGEND = [
    ("outside", f"orange: destination or flow outside the EEA ({OUTSIDE})"),
    ("special", f"purple: special-category data, Art. 9 ({SPECIAL})"),
    ("error", f"red border / ⚠: error findings from validate ({ERROR})"),
    ("inferred", "dashed, ~: the flow names no data; it may carry what its sender holds"),
    ("broader", "≈: the flow names a broader category that may include the one asked about"),
    ("uses", "dotted: the activity uses the system"),
]


# -- dot --------------------------------------------------------------------------------------


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(lines: list[str]) -> str:
    return _dot_str("\n".join(lines)).replace("\n", "\\n")


def to_dot(diagram: Diagram) -> str:
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


def _dot_node(node: DNode) -> str:
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


def _dot_edge(diagram: Diagram, edge: DEdge) -> str:
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


# -- mermaid ----------------------------------------------------------------------------------


def _mm(text: str) -> str:
    """Mermaid label text: its entity codes for quotes and angle brackets, <br/> for lines."""
    return (text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("\n", "<br/>"))


def to_mermaid(diagram: Diagram) -> str:
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
        style = _mm_style(node)
        if style:
            styles.append(f"  style {ids[n]} {style}")
    out.append('  subgraph legend["Legend"]')
    for key, text in LEGEND:
        out.append(f'    legend_{key}["{_mm(text)}"]')
    out.append("  end")
    styles.append(f"  style legend_outside fill:{OUTSIDE_FILL},stroke:{OUTSIDE}")
    styles.append(f"  style legend_special stroke:{SPECIAL},stroke-width:2px")
    styles.append(f"  style legend_error stroke:{ERROR},stroke-width:3px")
    return "\n".join(out + links + styles) + "\n"


def _mm_node(nid: str, node: DNode) -> str:
    text = _mm("\n".join(node_label(node)))
    shape = {"activity": ('(["', '"])'), "system": ('[("', '")]'),
             "organisation": ('{{"', '"}}'), "party": ('["', '"]')}.get(node.kind, ('["', '"]'))
    return f"{nid}{shape[0]}{text}{shape[1]}"


def _mm_style(node: DNode) -> str:
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


# -- Graphviz and HTML ------------------------------------------------------------------------


def run_dot(source: str, fmt: Literal["svg", "png"]) -> bytes:
    """Render dot source with Graphviz, or InputError saying how to install it."""
    exe = shutil.which("dot")
    if exe is None:
        raise InputError(INSTALL_GRAPHVIZ)
    done = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"),
                          capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        raise InputError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def to_html(diagram: Diagram, svg: str) -> str:
    """One self-contained page: the SVG inline and the findings table. No external resources."""
    svg = re.sub(r"^.*?(?=<svg)", "", svg, flags=re.DOTALL)
    rows = []
    for f in diagram.findings:
        where = f"{f.file}:{f.line}" if f.file and f.line else (f.file or "")
        rows.append(
            f'<tr class="{f.severity.value}"><td>{html.escape(f.severity.value)}</td>'
            f"<td>{html.escape(f.rule)}</td><td>{html.escape(f.message)}</td>"
            f"<td><code>{html.escape(shorten(f.focus))}</code></td>"
            f"<td>{html.escape(where)}</td><td>{html.escape(f.hint or '')}</td></tr>")
    table = ("<table><thead><tr><th>severity</th><th>rule</th><th>finding</th><th>about</th>"
             "<th>where</th><th>fix</th></tr></thead><tbody>" + "".join(rows)
             + "</tbody></table>") if rows else "<p>No findings.</p>"
    errors = sum(1 for f in diagram.findings if f.severity.value == "error")
    title = html.escape(diagram.title or "dataflow lineage")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 1.5rem; color: #212529; }}
figure {{ margin: 0; overflow-x: auto; border: 1px solid #dee2e6; padding: .5rem; }}
figure svg {{ max-width: none; height: auto; }}
table {{ border-collapse: collapse; margin-top: .5rem; font-size: .9rem; }}
th, td {{ border: 1px solid #dee2e6; padding: .3rem .5rem; text-align: left;
          vertical-align: top; }}
tr.error td:first-child {{ color: {ERROR}; font-weight: bold; }}
tr.warning td:first-child {{ color: #e67700; }}
tr.info td:first-child {{ color: #1971c2; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>Generated by <code>dataflow diagram</code>. {len(diagram.nodes)} nodes,
{sum(1 for e in diagram.edges if not e.uses)} edges; {errors} error finding(s).</p>
<figure>
{svg}
</figure>
<h2>Findings</h2>
{table}
</body>
</html>
"""


# -- entry point ------------------------------------------------------------------------------


def diagram_for(paths: list[Path], fmt: Format, focus: str | None = None,
                subject: str | None = None, findings: bool = True) -> bytes:
    """`dataflow diagram`: load, validate (for the highlighting), build and render."""
    from ..store.terms import default_index

    terms = default_index()
    focus_iri = terms.lookup(focus, "data category") if focus else None
    subject_iri = terms.lookup(subject, "data subject category") if subject else None
    if fmt in ("svg", "png", "html") and shutil.which("dot") is None:
        raise InputError(INSTALL_GRAPHVIZ)
    from ..sources.load import load

    graph = load(paths, terms)
    found: list[Finding] = []
    if findings:
        from ..check.pipeline import run_engine, to_findings
        from ..check.rules import load_rulebook

        book = load_rulebook(())
        raw, _ = run_engine(graph, book, "sparql", lambda _: None)
        found = to_findings(raw, graph, book)
    view = build_view(graph.graph, terms)
    orgs = sorted(str(a["label"]) for _, a in view.nodes(data=True)
                  if a.get("kind") == "organisation")
    title = ", ".join(orgs) if len(orgs) <= 2 else f"{len(orgs)} organisations"
    diagram = build(view, terms, found, focus_iri, subject_iri, title)
    if fmt == "mermaid":
        return to_mermaid(diagram).encode("utf-8")
    source = to_dot(diagram)
    if fmt == "dot":
        return source.encode("utf-8")
    if fmt == "html":
        return to_html(diagram, run_dot(source, "svg").decode("utf-8")).encode("utf-8")
    return run_dot(source, fmt)
