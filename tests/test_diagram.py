"""`dataflow diagram`: structure (nodes, edges, clusters) and highlighting, per format.

The diagram is built by view/diagram.py from the findings of the real check and drawn by the
renderers of report/ (mermaid, dot; svg, png and html through Graphviz), called here directly;
a few tests run the command end to end. Mermaid and dot are checked as text. svg, png and
html need Graphviz's `dot`; those tests are skipped when it is not installed, and the
missing-Graphviz message is tested either way (the HTML page also with a stand-in `dot`).
What the HTML page does in a browser (fit, tooltips, links, zoom) is in test_browser.py.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from conftest import FIXTURES, ROOT, run_cli
from dataflow.check.pipeline import check
from dataflow.errors import InputError
from dataflow.findings import Finding
from dataflow.report import graphviz
from dataflow.report.diagram_labels import anchor, fragment
from dataflow.report.registry import Style, render
from dataflow.sources.load import load
from dataflow.store.terms import TermIndex, default_index
from dataflow.view.diagram import Diagram, build, title_of
from dataflow.view.graph import build_view

ONWARD = FIXTURES / "trace" / "onward"
SEEDS = sorted(p for p in (ROOT / "flows").iterdir() if p.is_dir())
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

BLUE, PURPLE, RED, PINK = "#4477aa", "#aa3377", "#b31b1b", "#fbd5da"
DASHED = "stroke-dasharray:5 3"

#: Transfers of every kind of mechanism, and one to the US without (XFER-01); also used by
#: test_browser.py.
TRANSFERS = """\
organisation: acme
organisations:
  - {id: acme, name: Acme Oy, country: FI}
parties:
  - {id: acme.vendor, name: Vendor Inc., country: US}
  - {id: acme.tokyo, name: Tokyo KK, country: JP}
  - {id: acme.delhi, name: Delhi Pvt Ltd, country: IN}
  - {id: acme.lima, name: Lima SAC, country: PE}
activities:
  - id: acme.crm
    name: Customer register
    role: controller
    purposes:
      - {purpose: customer-management, legal-basis: contract}
    subjects: [customer]
    data: [name, email]
    sources: [data-subject]
    retention: {duration: 2 years, trigger: end of customer relationship}
    measures: [access-control]
flows:
  - {id: acme.crm-to-vendor, from: acme.crm, to: acme.vendor, role: processor, data: [name],
     purposes: [customer-management], dpa: true}
  - {id: acme.crm-to-tokyo, from: acme.crm, to: acme.tokyo, role: processor, data: [name],
     purposes: [customer-management], dpa: true, mechanism: adequacy}
  - {id: acme.crm-to-delhi, from: acme.crm, to: acme.delhi, role: processor, data: [name],
     purposes: [customer-management], dpa: true, mechanism: scc}
  - {id: acme.crm-to-lima, from: acme.crm, to: acme.lima, role: third-party, data: [email],
     purposes: [customer-management], mechanism: derogation-contract}
"""


@dataclass
class Mermaid:
    labels: dict[str, str] = field(default_factory=dict)              # id -> label
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # a, arrow, label, b
    styles: dict[str, str] = field(default_factory=dict)
    link_styles: dict[int, str] = field(default_factory=dict)
    subgraphs: list[str] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)                  # keys, in order

    def node(self, label: str) -> str:
        return next(n for n, text in self.labels.items() if text.split("<br/>")[0] == label)

    def edge(self, a: str, b: str) -> tuple[int, str, str]:
        """(index, arrow, label) of the edge between two labelled nodes."""
        na, nb = self.node(a), self.node(b)
        return next((i, arrow, label) for i, (x, arrow, label, y) in enumerate(self.edges)
                    if (x, y) == (na, nb))


NODE = re.compile(r'^\s+(n\d+)(?:\(\["|\[\("|\{\{"|\[")(.*?)(?:"\]\)|"\)\]|"\}\}|"\])$')
EDGE = re.compile(r'^\s+(n\d+) (--[>ox]|-\.-[>ox]?)(?:\|"(.*?)"\|)? (n\d+)$')


@cache
def _loaded(folder: Path) -> tuple[TermIndex, nx.MultiDiGraph, list[Finding]]:
    terms = default_index()
    graph = load([folder], terms)
    return terms, build_view(graph.graph, terms), list(check(graph).findings)


def diagram(folder: Path, *, findings: bool = True, focus: str | None = None,
            subject: str | None = None) -> Diagram:
    """What `dataflow diagram` builds: load, check, the view, the diagram."""
    terms, view, found = _loaded(folder)
    return build(view, terms, found if findings else [],
                 terms.lookup(focus, "data category") if focus else None,
                 terms.lookup(subject, "data subject category") if subject else None,
                 title_of(view))


def draw(folder: Path, fmt: str = "mermaid", **options: Any) -> str:
    drawn = render("diagram", fmt, diagram(folder, **options), Style())
    assert isinstance(drawn, str)
    return drawn


def mermaid(folder: Path, **options: Any) -> Mermaid:
    lines = draw(folder, "mermaid", **options).splitlines()
    assert lines[0] == "flowchart LR"
    out = Mermaid()
    for line in lines[1:]:
        if m := NODE.match(line):
            out.labels[m.group(1)] = m.group(2)
        elif m := EDGE.match(line):
            out.edges.append((m.group(1), m.group(2), m.group(3) or "", m.group(4)))
        elif m := re.match(r"^\s+style (\S+) (.*)$", line):
            out.styles[m.group(1)] = m.group(2)
        elif m := re.match(r"^\s+linkStyle (\d+) (.*)$", line):
            out.link_styles[int(m.group(1))] = m.group(2)
        elif m := re.match(r'^\s*subgraph \S+\["(.*)"\]$', line):
            out.subgraphs.append(m.group(1))
        elif m := re.match(r'^\s+legend_(\w+)\["', line):
            out.legend.append(m.group(1))
    return out


def test_mermaid_nodes_edges_and_clusters() -> None:
    d = mermaid(ONWARD)
    names = {text.split("<br/>")[0] for text in d.labels.values()}
    assert {"Customer support line", "Sick leave", "Phone exchange", "CallHost Oy",
            "VoiceLab Inc.", "Annotate Pvt Ltd", "Archive GmbH", "Mailer Ltd",
            "Clinic Oy"} <= names
    flows = [e for e in d.edges if e[1] != "-.-"]
    assert len(flows) == 6
    assert "-.-" in {e[1] for e in d.edges}           # the activity uses its system
    assert d.subgraphs[0] == "Tri Contact Oy (FI)"
    for cluster in ("Finland (FI)", "Germany (DE)", "India (IN) · outside the EEA",
                    "United States (US) · outside the EEA", "Legend"):
        assert cluster in d.subgraphs
    _, arrow, label = d.edge("CallHost Oy", "VoiceLab Inc.")
    assert (arrow, label) == ("-->", "call-recording<br/>Art. 46 scc")
    _, arrow, label = d.edge("Customer support line", "CallHost Oy")
    assert (arrow, label) == ("-->", "call-recording, phone<br/>contract")


def test_mermaid_roles_and_retention() -> None:
    """Each node says its role (an activity's own, a recipient's from the flows to it) and
    how long the data is kept (the activity's retention, or that of the flows to it)."""
    d = mermaid(ONWARD)
    assert d.labels[d.node("Customer support line")] == (
        "Customer support line<br/>controller · kept 6 months")
    assert d.labels[d.node("CallHost Oy")] == "CallHost Oy<br/>processor · kept 3 months"
    assert d.labels[d.node("Clinic Oy")] == "Clinic Oy<br/>third-party controller<br/>Art. 9"
    assert d.labels[d.node("Annotate Pvt Ltd")] == (
        "Annotate Pvt Ltd<br/>sub-processor<br/>outside EEA: IN")
    assert d.labels[d.node("Phone exchange")] == "Phone exchange"
    examples = mermaid(ROOT / "flows" / "examples")
    assert examples.labels[examples.node("Verohallinto (Finnish")].endswith("<br/>authority")
    # A system is marked Art. 9 when an activity that uses it holds special-category data.
    assert examples.labels[examples.node("HR system")] == "HR system<br/>Art. 9"
    assert examples.labels[examples.node("ERP and invoicing")] == "ERP and invoicing"


def test_mermaid_highlighting() -> None:
    d = mermaid(ONWARD)
    # Outside the EEA: a dashed blue border and a badge naming the country, no fill.
    for name, code in (("VoiceLab Inc.", "US"), ("Annotate Pvt Ltd", "IN")):
        node = d.node(name)
        assert d.styles[node] == f"stroke:{BLUE},stroke-width:2px,{DASHED}"
        assert f"outside EEA: {code}" in d.labels[node]
    assert d.node("CallHost Oy") not in d.styles
    i, _, _ = d.edge("CallHost Oy", "VoiceLab Inc.")
    assert d.link_styles[i] == f"stroke:{BLUE},stroke-width:4px,color:{BLUE}"   # SCC: thick
    # The data-less onward hop to India: dashed, ~, no mechanism (x), and its error's rule.
    i, arrow, label = d.edge("VoiceLab Inc.", "Annotate Pvt Ltd")
    assert arrow == "-.-x"
    assert label == "~ call-recording<br/>✗ no mechanism<br/>⚠ 1 error: XFER-05"
    assert d.link_styles[i] == f"stroke:{BLUE},stroke-width:2px,color:{BLUE}"
    # Special-category data: purple edge and border, Art. 9. The activity without an Art. 9
    # condition has an error (SC-01): a red fill and the rule ID, not a border.
    i, _, label = d.edge("Sick leave", "Clinic Oy")
    assert d.link_styles[i] == f"stroke:{PURPLE},stroke-width:2px,color:{PURPLE}"
    assert label == "health-record<br/>legal-obligation<br/>Art. 9"
    sick = d.node("Sick leave")
    assert d.styles[sick] == f"fill:{PINK},stroke:{PURPLE},stroke-width:2px"
    assert d.labels[sick] == "Sick leave<br/>controller · kept 2 years<br/>Art. 9<br/>⚠ 1 error: SC-01"
    assert d.node("Customer support line") not in d.styles
    # The legend shows what the diagram uses, in a fixed order.
    assert d.legend == ["error", "outside", "special", "safeguards", "none", "inferred",
                        "uses", "labels"]
    assert d.styles["legend_error"] == f"fill:{PINK},color:{RED}"
    assert d.styles["legend_outside"] == f"stroke:{BLUE},stroke-width:2px,{DASHED}"


def test_outside_the_eea_does_not_look_like_an_error() -> None:
    """The user trial: in flows/examples (no findings) the US recipients looked as if they
    had errors, and Transcribe (adequacy) looked like Deskflow (SCC)."""
    d = mermaid(ROOT / "flows" / "examples")
    for name in ("Deskflow Inc.", "Transcribe Inc.", "Deskflow Support Pvt Ltd"):
        node = d.node(name)
        assert DASHED in d.styles[node] and PINK not in d.styles[node] and RED not in \
            d.styles[node]
        assert "⚠" not in d.labels[node] and "outside EEA: " in d.labels[node]
    assert not any(PINK in style or RED in style for key, style in d.styles.items()
                   if not key.startswith("legend"))
    i, arrow, label = d.edge("CallCloud Oy", "Transcribe Inc.")
    assert (arrow, label) == ("-->", "call-recording<br/>Art. 45 adequacy")
    assert "stroke-width:2px" in d.link_styles[i]
    j, arrow, label = d.edge("Customer service and", "Deskflow Inc.")
    assert (arrow, label.split("<br/>")[1]) == ("-->", "contract · Art. 46 scc")
    assert "stroke-width:4px" in d.link_styles[j]
    assert "error" not in d.legend and {"adequacy", "safeguards"} <= set(d.legend)


def test_transfer_kinds(tmp_path: Path) -> None:
    """Adequacy, safeguards, derogation and none each have their own arrow and wording."""
    (tmp_path / "acme.yaml").write_text(TRANSFERS, encoding="utf-8")
    built = diagram(tmp_path)
    kinds = {built.nodes[e.receiver].label: (e.transfer, sorted(e.transfers))
             for e in built.edges}
    assert kinds == {"Tokyo KK": ("adequacy", ["adequacy"]),
                     "Delhi Pvt Ltd": ("safeguards", ["safeguards"]),
                     "Lima SAC": ("derogation", ["derogation"]),
                     "Vendor Inc.": ("none", ["none"])}
    d = mermaid(tmp_path)
    arrows = {d.labels[b].split("<br/>")[0]: (arrow, label.split("<br/>")[1])
              for _, arrow, label, b in d.edges}
    assert arrows == {"Tokyo KK": ("-->", "contract · Art. 45 adequacy"),
                      "Delhi Pvt Ltd": ("-->", "contract · Art. 46 scc"),
                      "Lima SAC": ("--o", "contract · Art. 49 contract"),
                      "Vendor Inc.": ("--x", "contract · ✗ no mechanism")}
    _, _, label = d.edge("Customer register", "Vendor Inc.")
    assert label.endswith("<br/>⚠ 1 error: XFER-01")
    assert d.legend[2:6] == ["adequacy", "safeguards", "derogation", "none"]
    dot = draw(tmp_path, "dot")
    edges = dict(re.findall(r"^\s+n0 -> (n\d+) \[(.*)\];$", dot, re.MULTILINE))
    assert len(edges) == 4
    heads = sorted(re.findall(r"arrowhead=(\w+)", " ".join(edges.values())))
    assert heads == ["odot", "tee"]
    assert sum(f'color="{BLUE}:invis:{BLUE}"' in attrs for attrs in edges.values()) == 1


def test_without_findings_nothing_is_red() -> None:
    d = mermaid(ONWARD, findings=False)
    assert all(PINK not in style and RED not in style for key, style in d.styles.items()
               if not key.startswith("legend"))
    assert not any("⚠" in label for label in d.labels.values())
    assert not any("⚠" in label for _, _, label, _ in d.edges)
    assert "error" not in d.legend


def test_focus_restricts_to_where_the_data_goes() -> None:
    d = mermaid(ONWARD, focus="call recordings")
    names = {text.split("<br/>")[0] for text in d.labels.values()}
    assert {"CallHost Oy", "VoiceLab Inc.", "Annotate Pvt Ltd", "Archive GmbH"} <= names
    assert "Mailer Ltd" not in names and "Clinic Oy" not in names and "Sick leave" not in names
    _, _, label = d.edge("CallHost Oy", "Archive GmbH")
    assert label.startswith("≈ communication")  # names a broader category
    _, _, label = d.edge("Customer support line", "CallHost Oy")
    assert label.startswith("call-recording<br/>")  # only the focus data, not the phone


def test_subject_restricts_to_the_subjects_data() -> None:
    d = mermaid(ONWARD, subject="employee")
    names = {text.split("<br/>")[0] for text in d.labels.values()}
    assert "Sick leave" in names and "Clinic Oy" in names
    assert "CallHost Oy" not in names and "Customer support line" not in names


def test_focus_unknown_term() -> None:
    result = run_cli("diagram", ONWARD, "--focus", "call-recordng")
    assert result.exit_code == 2
    assert "did you mean 'call-recording'" in result.stderr
    result = run_cli("diagram", ONWARD, "--focus", "name", "--subject", "customer")
    assert result.exit_code == 2


def test_parallel_flows_are_one_edge() -> None:
    d = mermaid(ROOT / "flows" / "enreach")
    org = d.node("Enreach Oy")
    pairs = [(a, b) for a, arrow, _, b in d.edges if arrow != "-.-"]
    assert len(pairs) == len(set(pairs))
    arrow = next(e[1] for e in d.edges if e[0] == org and "(3 flows)" in e[2])
    assert arrow == "-.->"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_labels_stay_short(seed: Path) -> None:
    """Readability: short node labels (the name in at most three lines of 24 characters,
    then at most three notes of 30), edge labels of at most three lines, long category lists
    abbreviated, one edge per pair of nodes."""
    d = mermaid(seed)
    for label in d.labels.values():
        lines = label.split("<br/>")
        assert len(lines) <= 6, label
        assert all(len(line) <= 30 for line in lines), label
        notes = [i for i, line in enumerate(lines)
                 if line.startswith(("⚠", "outside EEA", "Art. 9", "controller", "processor",
                                     "joint", "sub-processor", "third-party", "authority"))]
        assert all(len(line) <= 24 for line in lines[: min(notes, default=len(lines))])
    for _, _arrow, label, _ in d.edges:
        lines = label.split("<br/>") if label else []
        assert len(lines) <= 3, label
        assert all(len(line) <= 60 for line in lines), label
        assert lines[:1] == [] or lines[0].count(",") <= 2, label
    pairs = [(a, b) for a, _, _, b in d.edges]
    assert len(pairs) == len(set(pairs))


def _dot_nodes(dot: str) -> dict[str, str]:
    """First line of each node's tooltip (its full name) -> its attributes."""
    nodes = re.findall(r"^\s+(n\d+) \[(.*)\];$", dot, re.MULTILINE)
    return {re.search(r'tooltip="(.*?)\\n', attrs).group(1): attrs  # type: ignore[union-attr]
            for _, attrs in nodes}


def test_dot_structure_and_highlighting() -> None:
    dot = draw(ONWARD, "dot")
    assert dot.startswith("digraph lineage {")
    assert "rankdir=LR" in dot
    ids = {re.search(r'tooltip="(.*?)\\n', attrs).group(1): nid  # type: ignore[union-attr]
           for nid, attrs in re.findall(r"^\s+(n\d+) \[(.*)\];$", dot, re.MULTILINE)}
    nodes = _dot_nodes(dot)
    voicelab = nodes["VoiceLab Inc."]
    assert 'style="filled,dashed"' in voicelab and f'color="{BLUE}"' in voicelab
    assert 'fillcolor="#ffffff"' in voicelab
    assert f'<TD BGCOLOR="{BLUE}"><FONT COLOR="#ffffff" POINT-SIZE="8"> outside EEA: US ' \
        in voicelab
    sick = nodes["Sick leave"]
    assert f'fillcolor="{PINK}"' in sick and "dashed" not in sick
    assert f'<FONT COLOR="{RED}"><B>⚠ 1 error: SC-01</B></FONT>' in sick
    assert 'tooltip="Sick leave\\nactivity, Finland (FI)\\nArt. 9\\nrole: controller\\n' \
        'retention: 2 years from end of the sick leave\\n⚠ 1 error finding(s): SC-01"' in sick
    edge = re.search(rf"^\s+{ids['VoiceLab Inc.']} -> {ids['Annotate Pvt Ltd']} \[(.*)\];$",
                     dot, re.MULTILINE)
    assert edge is not None
    assert "style=dashed" in edge.group(1) and "arrowhead=tee" in edge.group(1)
    assert f'<FONT COLOR="{RED}"><B>⚠ 1 error: XFER-05</B></FONT>' in edge.group(1)
    assert "href=" not in dot                          # links only in the HTML page
    assert len(re.findall(r"^\s+subgraph cluster_", dot, re.MULTILINE)) >= 6
    assert "cluster_legend" in dot and "Legend" in dot
    legend = re.search(r"legend \[.*label=<(.*)>\];", dot)
    assert legend is not None and "Art. 46" in legend.group(1) and "Art. 45" not in \
        legend.group(1)


def test_hostile_names_stay_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Names with markup reach dot's HTML-like labels, tooltips and the page as text."""
    text = (ONWARD / "organisation.yaml").read_text(encoding="utf-8")
    (tmp_path / "organisation.yaml").write_text(
        text.replace("name: Sick leave", 'name: "<B>x</B> & \\"q\\" ]>"'), encoding="utf-8")
    dot = draw(tmp_path, "dot")
    assert "<TD>&lt;B&gt;x&lt;/B&gt; &amp; &quot;q&quot; ]&gt;</TD>" in dot
    assert "<TD><B>x" not in dot                          # the label's markup is our own
    assert 'tooltip="<B>x</B> & \\"q\\" ]>\\n' in dot
    _fake_dot(tmp_path, monkeypatch, "echo '<svg></svg>'\n")
    page = draw(tmp_path, "html")
    assert "<h3>&lt;B&gt;x&lt;/B&gt; &amp; &quot;q&quot; ]&gt; <span" in page
    assert "<B>x" not in page


def test_missing_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert not graphviz.available()
    drawn = diagram(ONWARD)
    for fmt in ("svg", "png", "html"):
        with pytest.raises(InputError, match=r"install Graphviz \(Debian package graphviz"):
            render("diagram", fmt, drawn)


def test_missing_graphviz_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end (through the CLI)."""
    monkeypatch.setenv("PATH", "/nonexistent")
    for fmt in ("svg", "png", "html"):
        result = run_cli("diagram", ONWARD, "--format", fmt)
        assert result.exit_code == 2
        assert result.stderr.startswith("error: ")
        assert "install Graphviz (Debian package graphviz" in result.stderr


def _fake_dot(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """A stand-in for Graphviz's dot program, first on the PATH."""
    exe = folder / "dot"
    exe.write_text("#!/bin/sh\ncat >/dev/null\n" + script, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(folder), prepend=os.pathsep)


def test_graphviz_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dot(tmp_path, monkeypatch, "echo 'syntax error in line 3' >&2\nexit 1\n")
    with pytest.raises(InputError, match=r"^Graphviz failed: syntax error in line 3$"):
        graphviz.run_dot("digraph {", "svg")


def test_html_page_around_the_svg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page inlines dot's SVG without its XML prologue, fixed size or Graphviz's own
    <title>s (`n0`), and has an entry per node and edge, with its findings."""
    _fake_dot(tmp_path, monkeypatch, "printf '<?xml version=\"1.0\"?>\\n<!-- x -->\\n"
              '<svg width=\"10pt\" height=\"5pt\" viewBox=\"0 0 10 5\">'
              "<title>lineage</title>\\n<g><title>n0</title></g></svg>\\n'\n")
    built = diagram(ONWARD)
    built.rules_url, built.record_url = "https://rules.example/r", "ropa.html"
    page = render("diagram", "html", built, Style())
    assert isinstance(page, str)
    assert ('<figure id="diagram" tabindex="0" aria-label="Lineage diagram; + and - zoom, 0 '
            'fits, arrows pan">\n<svg role="img" viewBox="0 0 10 5">\n'
            "<title>Tri Contact Oy</title><g></g></svg>\n\n</figure>") in page
    assert "<?xml" not in page and "<title>n0</title>" not in page
    assert "<title>Tri Contact Oy</title>" in page
    sick = re.search(r'<section class="entry errors" id="activity-tri.sick-leave">.*?'
                     r"</section>", page, re.DOTALL)
    assert sick is not None
    assert ('<li class="error"><span class="sev">error</span> <a class="rule" '
            'href="https://rules.example/r#sc-01">SC-01</a>: ') in sick.group(0)
    assert "tests/fixtures/trace/onward/organisation.yaml:" in sick.group(0)
    assert '<a href="ropa.html#activity-tri.sick-leave">record row</a>' in sick.group(0)
    assert "<dt>retention</dt><dd>2 years from end of the sick leave</dd>" in sick.group(0)
    hop = re.search(r'<section class="entry errors" id="flow-tri.voicelab-to-annotate">.*?'
                    r"</section>", page, re.DOTALL)
    assert hop is not None
    assert 'href="https://rules.example/r#xfer-05">XFER-05</a>' in hop.group(0)
    assert ('<a href="#party-tri.voicelab">VoiceLab Inc.</a> · '
            '<a href="#party-tri.annotate">Annotate Pvt Ltd</a>') in hop.group(0)
    ids = re.findall(r'<section class="entry[^"]*" id="([^"]+)">', page)
    assert len(ids) == len(set(ids)) == 9 + 6            # nodes and flow edges
    assert "party-tri.callhost" in ids and "system-tri.pbx" in ids
    assert "record row" not in draw(ONWARD, "html").split('id="party-tri.callhost"')[1][:600]
    # The style given to the renderer wins over the diagram's rules URL.
    styled = render("diagram", "html", built, Style(rules_url="https://other.example"))
    assert 'href="https://other.example#sc-01"' in styled
    empty = draw(ONWARD, "html", findings=False)
    assert 'class="entry errors"' not in empty and "<h2>Findings about nothing drawn" \
        not in empty


def test_fragments() -> None:
    """Anchors are `<kind>-<id>`, percent-encoded in links where a fragment needs it."""
    assert anchor("activity", "urn:dataflow:acme.crm") == "activity-acme.crm"
    assert anchor("flow", "https://example.org/x#a b") == "flow-https://example.org/x#a b"
    assert fragment("activity-acme.crm") == "#activity-acme.crm"
    assert fragment("flow-https://example.org/x#a b%ä") == \
        "#flow-https://example.org/x%23a%20b%25%C3%A4"


@needs_dot
def test_svg() -> None:
    svg = draw(ONWARD, "svg")
    assert "<svg" in svg and "VoiceLab Inc." in svg and BLUE in svg
    assert 'stroke-dasharray="5,2"' in svg             # dashed borders outside the EEA
    assert "&lt;TABLE&gt;" not in svg                   # tooltips are text, not Graphviz's


@needs_dot
def test_png() -> None:
    png = render("diagram", "png", diagram(ONWARD))
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")


@needs_dot
def test_html_is_one_offline_file() -> None:
    page = draw(ONWARD, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "<?xml" not in page
    assert "XFER-05" in page and "SC-01" in page          # the findings panel
    assert not re.search(r"\ssrc=", page)                  # nothing loaded
    assert len(re.findall(r"<script\b", page)) == 1 and "<script>\n" in page
    assert not re.search(r'<link\b|@import|url\(', page)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls == {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert draw(ONWARD, "html") == page                 # deterministic
    assert 'xlink:href="#activity-tri.sick-leave"' in page
    assert 'xlink:href="#flow-tri.voicelab-to-annotate"' in page
    assert ">Tri Contact Oy</text>" not in page            # the page's own <h1> is the title


@needs_dot
def test_svg_command(tmp_path: Path) -> None:
    """End to end (through the CLI), written to a file."""
    out = tmp_path / "d.svg"
    result = run_cli("diagram", ONWARD, "--format", "svg", "-o", out)
    assert result.exit_code == 0
    assert "<svg" in out.read_text(encoding="utf-8")


@needs_dot
def test_html_command_links_rules_and_record(tmp_path: Path) -> None:
    """The command passes the configured rules URL and --record-url to the page."""
    out = tmp_path / "d.html"
    result = run_cli("diagram", ONWARD, "--format", "html", "-o", out, "--record-url",
                     "records/ropa.html")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert 'href="https://w3id.org/dataflow/rules#sc-01">SC-01</a>' in page
    assert '<a href="records/ropa.html#activity-tri.support">record row</a>' in page


def test_title() -> None:
    assert title_of(_loaded(ONWARD)[1]) == "Tri Contact Oy"
    assert re.fullmatch(r"\d+ organisations", title_of(_loaded(ROOT / "flows")[1]))
    assert diagram(ONWARD, focus="call-recording").title == "Tri Contact Oy · call recordings"


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_command_draws_the_diagram(fmt: str) -> None:
    """End to end: `dataflow diagram` prints what the pieces draw."""
    result = run_cli("diagram", ONWARD, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == draw(ONWARD, fmt)
    result = run_cli("diagram", ONWARD, "--focus", "call-recording", "--no-findings")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == draw(ONWARD, focus="call-recording", findings=False)


def test_docs_diagrams_are_current() -> None:
    """docs/diagrams.md shows what `dataflow diagram` draws today (regenerate it if not)."""
    doc = (ROOT / "docs" / "diagrams.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", doc, re.DOTALL)
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from gen_diagrams import RUNS

    assert len(blocks) == len(RUNS)
    for block, (_, org, options, svg, _) in zip(blocks, RUNS, strict=True):
        result = run_cli("diagram", ROOT / "flows" / org, *options)
        assert result.stdout == block, f"docs/diagrams.md is stale for {org} {options}: run " \
            "python tools/gen_diagrams.py"
        assert (ROOT / "docs" / "diagrams" / f"{svg}.svg").is_file()


def test_several_organisations_keep_their_recipients_apart() -> None:
    d = mermaid(ROOT / "flows")
    assert "Country not stated · Enreach Oy" in d.subgraphs
    assert "Country not stated · eNexus Oy" in d.subgraphs
    assert "United States (US) · outside the EEA · Acme Contact Oy" in d.subgraphs
