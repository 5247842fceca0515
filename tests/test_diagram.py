"""`dataflow diagram`: structure (nodes, edges, clusters) and highlighting, per format.

The diagram is built by view/diagram.py from the findings of the real check and drawn by the
renderers of report/ (mermaid, dot; svg, png and html through Graphviz), called here directly;
a few tests run the command end to end. Mermaid and dot are checked as text. svg, png and
html need Graphviz's `dot`; those tests are skipped when it is not installed, and the
missing-Graphviz message is tested either way (the HTML page also with a stand-in `dot`).
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
from dataflow.report.registry import Style, render
from dataflow.sources.load import load
from dataflow.store.terms import TermIndex, default_index
from dataflow.view.diagram import Diagram, build, title_of
from dataflow.view.graph import build_view

ONWARD = FIXTURES / "trace" / "onward"
SEEDS = sorted(p for p in (ROOT / "flows").iterdir() if p.is_dir())
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")

ORANGE, PURPLE, RED = "#d9480f", "#7048e8", "#e03131"


@dataclass
class Mermaid:
    labels: dict[str, str] = field(default_factory=dict)              # id -> label
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)  # a, arrow, label, b
    styles: dict[str, str] = field(default_factory=dict)
    link_styles: dict[int, str] = field(default_factory=dict)
    subgraphs: list[str] = field(default_factory=list)

    def node(self, label: str) -> str:
        return next(n for n, text in self.labels.items() if text.split("<br/>")[0] == label)

    def edge(self, a: str, b: str) -> tuple[int, str, str]:
        """(index, arrow, label) of the edge between two labelled nodes."""
        na, nb = self.node(a), self.node(b)
        return next((i, arrow, label) for i, (x, arrow, label, y) in enumerate(self.edges)
                    if (x, y) == (na, nb))


NODE = re.compile(r'^\s+(n\d+)(?:\(\["|\[\("|\{\{"|\[")(.*?)(?:"\]\)|"\)\]|"\}\}|"\])$')
EDGE = re.compile(r'^\s+(n\d+) (-->|-\.->|-\.-)(?:\|"(.*?)"\|)? (n\d+)$')


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
    assert (arrow, label) == ("-->", "call-recording<br/>scc")
    _, arrow, label = d.edge("Customer support line", "CallHost Oy")
    assert (arrow, label) == ("-->", "call-recording, phone<br/>contract")


def test_mermaid_highlighting() -> None:
    d = mermaid(ONWARD)
    # Destinations outside the EEA: orange fill; flows leaving the EEA: orange.
    for name in ("VoiceLab Inc.", "Annotate Pvt Ltd"):
        assert "fill:#ffe8cc" in d.styles[d.node(name)]
    assert d.node("CallHost Oy") not in d.styles
    i, _, _ = d.edge("CallHost Oy", "VoiceLab Inc.")
    assert ORANGE in d.link_styles[i]
    # The data-less onward hop is dashed and marked ~; it carries the recordings that reached
    # VoiceLab, and has an error (XFER-05).
    i, arrow, label = d.edge("VoiceLab Inc.", "Annotate Pvt Ltd")
    assert arrow == "-.->"
    assert label.startswith("~ call-recording")
    assert "⚠ 1 error" in label
    # Special-category data: purple edge; the activity without an Art. 9 condition has an
    # error finding (SC-01): red border.
    i, _, label = d.edge("Sick leave", "Clinic Oy")
    assert PURPLE in d.link_styles[i]
    assert "Art. 9" in label
    assert RED in d.styles[d.node("Sick leave")]
    assert "⚠ 1 error" in d.labels[d.node("Sick leave")]
    assert RED not in d.styles.get(d.node("Customer support line"), "")
    # The legend shows what the colours mean.
    assert "Legend" in d.subgraphs
    assert ORANGE in d.styles["legend_outside"] and PURPLE in d.styles["legend_special"]
    assert RED in d.styles["legend_error"]


def test_without_findings_nothing_is_red() -> None:
    d = mermaid(ONWARD, findings=False)
    assert all(RED not in style for key, style in d.styles.items()
               if not key.startswith("legend"))
    assert not any("⚠" in label for label in d.labels.values())


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
    arrow = next(e[1] for e in d.edges if e[0] == org and "(2 flows)" in e[2])
    assert arrow == "-.->"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_labels_stay_short(seed: Path) -> None:
    """Readability: short node labels, two-line edge labels, long category lists
    abbreviated, one edge per pair of nodes."""
    d = mermaid(seed)
    for label in d.labels.values():
        lines = label.split("<br/>")
        assert len(lines) <= 4, label
        assert all(len(line) <= 24 for line in lines[:3]), label
    for _, _arrow, label, _ in d.edges:
        lines = label.split("<br/>") if label else []
        assert len(lines) <= 2, label
        assert all(len(line) <= 60 for line in lines), label
        assert label.count(",") <= 2, label
    pairs = [(a, b) for a, _, _, b in d.edges]
    assert len(pairs) == len(set(pairs))


def test_dot_structure_and_highlighting() -> None:
    dot = draw(ONWARD, "dot")
    assert dot.startswith("digraph lineage {")
    assert "rankdir=LR" in dot
    ids = dict(re.findall(r'^\s+(n\d+) \[label="([^"\\]*)', dot, re.MULTILINE))
    by_label = {label: nid for nid, label in ids.items()}
    voicelab, annotate = by_label["VoiceLab Inc."], by_label["Annotate Pvt Ltd"]
    node_attrs = dict(re.findall(r"^\s+(n\d+) \[(.*)\];$", dot, re.MULTILINE))
    assert 'fillcolor="#ffe8cc"' in node_attrs[voicelab]
    assert f'color="{RED}"' in node_attrs[by_label["Sick leave"]]
    edge = re.search(rf"^\s+{voicelab} -> {annotate} \[(.*)\];$", dot, re.MULTILINE)
    assert edge is not None
    assert "style=dashed" in edge.group(1) and ORANGE in edge.group(1)
    assert len(re.findall(r"^\s+subgraph cluster_", dot, re.MULTILINE)) >= 6
    assert "cluster_legend" in dot and "Legend" in dot


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
    """The page inlines dot's SVG without its XML prologue, and lists the findings."""
    _fake_dot(tmp_path, monkeypatch, "printf '<?xml version=\"1.0\"?>\\n<!-- x -->\\n<svg>drawn</svg>\\n'\n")
    page = draw(ONWARD, "html")
    assert "<figure>\n<svg>drawn</svg>\n\n</figure>" in page
    assert "<?xml" not in page
    assert "XFER-05" in page and "SC-01" in page
    assert "<title>Tri Contact Oy</title>" in page
    assert "<p>No findings.</p>" in draw(ONWARD, "html", findings=False)


@needs_dot
def test_svg() -> None:
    svg = draw(ONWARD, "svg")
    assert "<svg" in svg and "VoiceLab Inc." in svg and ORANGE in svg


@needs_dot
def test_png() -> None:
    png = render("diagram", "png", diagram(ONWARD))
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")


@needs_dot
def test_html_is_one_offline_file() -> None:
    page = draw(ONWARD, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "<?xml" not in page
    assert "XFER-05" in page and "SC-01" in page          # the findings table
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched
    assert "<script" not in page


@needs_dot
def test_svg_command(tmp_path: Path) -> None:
    """End to end (through the CLI), written to a file."""
    out = tmp_path / "d.svg"
    result = run_cli("diagram", ONWARD, "--format", "svg", "-o", out)
    assert result.exit_code == 0
    assert "<svg" in out.read_text(encoding="utf-8")


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
