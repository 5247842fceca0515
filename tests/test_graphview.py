"""The networkx view (graphview.py) and what tracing derives from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import FIXTURES
from dataflow.sources.load import load
from dataflow.store.terms import default_index
from dataflow.view.graph import Hop, build_view, locations
from dataflow.view.trace import Tracer

ONWARD = FIXTURES / "trace" / "onward"
N = "urn:dataflow:"


def view_of(path: Path) -> Any:
    return build_view(load([path]).graph, default_index())


def test_nodes_and_their_attributes() -> None:
    view = view_of(ONWARD)
    kinds = {n.removeprefix(N): a["kind"] for n, a in view.nodes(data=True)}
    assert kinds == {
        "tri": "organisation", "tri.callhost": "party", "tri.voicelab": "party",
        "tri.annotate": "party", "tri.archive": "party", "tri.mailer": "party",
        "tri.clinic": "party", "tri.pbx": "system", "tri.support": "activity",
        "tri.sick-leave": "activity"}
    support = view.nodes[N + "tri.support"]
    assert (support["label"], support["country"], support["eea"]) == (
        "Customer support line", "FI", True)     # the organisation's country
    assert support["role"] == "https://w3id.org/dataflow#Controller"
    assert support["systems"] == (N + "tri.pbx",)
    assert support["retention"] == ("6 months from date of the call",)
    voicelab = view.nodes[N + "tri.voicelab"]
    assert (voicelab["country"], voicelab["eea"]) == ("US", False)


def test_edges_are_flows_keyed_by_iri() -> None:
    view = view_of(ONWARD)
    assert view.number_of_edges() == 6
    hop: Hop = view.edges[N + "tri.voicelab", N + "tri.annotate",
                          N + "tri.voicelab-to-annotate"]["hop"]
    assert hop.declared is False
    assert hop.role == "https://w3id.org/dataflow#SubProcessor"
    assert locations(view, hop) == ("IN",)
    hop = view.edges[N + "tri.callhost", N + "tri.voicelab", N + "tri.callhost-to-voicelab"]["hop"]
    assert hop.data == ("https://w3id.org/dpv/pd#VoiceCommunicationRecording",)
    assert hop.mechanisms == ("https://w3id.org/dpv/legal/eu/gdpr#A46-2-c",)


def test_what_a_data_less_flow_may_carry() -> None:
    """A data-less flow may carry what reached its sender (a party)."""
    terms = default_index()
    view = view_of(ONWARD)
    tracer = Tracer(view, terms)
    hop = view.edges[N + "tri.voicelab", N + "tri.annotate",
                     N + "tri.voicelab-to-annotate"]["hop"]
    assert {terms.name(d) for d in tracer.may_carry(hop)} == {"call-recording"}
    org = tracer.native(N + "tri")
    assert {terms.name(d) for d in org} == {"name", "phone", "call-recording", "health-record"}
