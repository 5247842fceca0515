"""The data map of one flow graph, read from the networkx view (`build_view`).

`dataflow diff` compares two data maps: activities, flows, recipients, destination countries
and the facts about them (data, legal bases, mechanisms, retention, transfers outside the
EEA). They are read here from the view, the one place where RDF becomes a model, and not
again from the RDF: so a diff words a fact exactly as `trace` and the diagrams do (a
retention of 6 months is "6 months" everywhere, not "180 days" in one command only), and the
rules for a node's country (its own, else its organisation's) and EEA membership exist once.
Terms are shown by their labels in the term index ("telephone number", "United States").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ..vocab import PREFIXES, shorten
from .graph import Hop, country_iri, edge_hops, in_eea, locations

if TYPE_CHECKING:
    import networkx as nx

    from ..sources.sourcemap import Location
    from ..store.terms import TermIndex

#: The kinds of node that are recipients when a flow reaches them (not systems, activities).
RECIPIENT_KINDS = frozenset({"party", "organisation"})


@dataclass(frozen=True)
class FlowFacts:
    """One flow as a diff compares it; every term is its label."""

    iri: str
    label: str
    sender: str
    receiver: str
    role: str
    data: frozenset[str]
    countries: frozenset[str]
    mechanisms: frozenset[str]
    legal_bases: frozenset[str]
    retention: frozenset[str]
    outside_eea: frozenset[str]

    def data_text(self) -> str:
        return ", ".join(sorted(self.data)) or "no personal data"

    def route(self) -> str:
        where = f" ({', '.join(sorted(self.countries))})" if self.countries else ""
        role = f", {self.role}" if self.role else ""
        return f"{self.sender} → {self.receiver}{where}{role}"

    def describe(self) -> str:
        return f"{self.route()}: {self.data_text()}"


@dataclass(frozen=True)
class ActivityFacts:
    """One processing activity as a diff compares it; every term is its label."""

    iri: str
    label: str
    data: frozenset[str]
    legal_bases: frozenset[str]
    """"purpose: basis" for each purpose's Art. 6 basis or Art. 9 condition, and
    "whole activity: basis" for a basis of the activity as a whole."""
    retention: frozenset[str]


@dataclass
class DataMap:
    """Everything a diff compares of one side, keyed by IRI."""

    activities: dict[str, ActivityFacts] = field(default_factory=dict)
    flows: dict[str, FlowFacts] = field(default_factory=dict)
    recipients: dict[str, str] = field(default_factory=dict)
    """receiver IRI -> "name (country)" for the parties and organisations flows reach."""
    countries: dict[str, str] = field(default_factory=dict)
    """country IRI -> label, for every place a flow's data ends up."""
    where: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    """IRI -> (file, line) where it is declared."""


class _Labels:
    """Term labels and country facts, each looked up once."""

    def __init__(self, terms: TermIndex) -> None:
        self.terms = terms
        self._labels: dict[str, str] = {}
        self._countries: dict[str, tuple[str, str, bool]] = {}

    def term(self, iri: str) -> str:
        found = self._labels.get(iri)
        if found is None:
            found = self._labels[iri] = self.terms.label(URIRef(iri))
        return found

    def terms_of(self, iris: tuple[str, ...]) -> frozenset[str]:
        return frozenset(self.term(i) for i in iris)

    def country(self, code: str) -> tuple[str, str, bool]:
        """(IRI, label, in the EEA) of a country code of the view."""
        found = self._countries.get(code)
        if found is None:
            iri = str(_country_iri(code, self.terms))
            found = self._countries[code] = (iri, self.term(iri), in_eea(iri, self.terms))
        return found


def _country_iri(code: str, terms: TermIndex) -> URIRef:
    """The location term a view's country code stands for: `FI` is loc:FI, an alias such
    as `outside-eea` is its term; any other term the view shows as a CURIE or a full IRI."""
    prefix, colon, local = code.partition(":")
    if colon and code not in terms.aliases:
        return URIRef(PREFIXES[prefix] + local) if prefix in PREFIXES else URIRef(code)
    return country_iri(code, terms)


def _activity(iri: str, attrs: Mapping[str, Any], labels: _Labels) -> ActivityFacts:
    bases: set[str] = set()
    for purpose, purpose_bases in attrs.get("purposes", ()):
        bases.update(f"{labels.term(purpose)}: {labels.term(b)}" for b in purpose_bases)
    bases.update(f"whole activity: {labels.term(b)}" for b in attrs.get("legal_bases", ()))
    return ActivityFacts(iri=iri, label=attrs["label"],
                         data=labels.terms_of(attrs.get("data", ())),
                         legal_bases=frozenset(bases),
                         retention=frozenset(attrs.get("retention", ())))


def _flow(view: nx.MultiDiGraph, hop: Hop, places: list[tuple[str, str, bool]],
          labels: _Labels) -> FlowFacts:
    return FlowFacts(
        iri=hop.flow, label=shorten(hop.flow),
        sender=view.nodes[hop.sender]["label"], receiver=view.nodes[hop.receiver]["label"],
        role=labels.term(hop.role) if hop.role else "",
        data=labels.terms_of(hop.data),
        countries=frozenset(label for _, label, _ in places),
        mechanisms=labels.terms_of(hop.mechanisms),
        legal_bases=labels.terms_of(hop.legal_bases),
        retention=frozenset(hop.retention),
        outside_eea=frozenset(label for _, label, eea in places if not eea))


def data_map(view: nx.MultiDiGraph, terms: TermIndex, where: Mapping[str, Location]) -> DataMap:
    """The activities, flows, recipients and destination countries of a view.

    `terms` labels the terms; `where` (IRI -> Location, as `FlowGraph.locations()` gives)
    says where each node and flow is declared."""
    labels = _Labels(terms)
    result = DataMap()
    for node, attrs in view.nodes(data=True):
        if attrs.get("kind") == "activity":
            result.activities[node] = _activity(node, attrs, labels)
    for hop in edge_hops(view):
        # Where the data ends up: the target country, else the receiver's (its own or its
        # organisation's), plus the storage and remote-access countries.
        places = [labels.country(code) for code in locations(view, hop)]
        result.flows[hop.flow] = _flow(view, hop, places, labels)
        result.countries.update((iri, label) for iri, label, _ in places)
        receiver = view.nodes[hop.receiver]
        if receiver.get("kind") in RECIPIENT_KINDS:
            home = receiver.get("country")
            shown = f" ({labels.country(home)[1]})" if home else ""
            result.recipients[hop.receiver] = receiver["label"] + shown
    result.where = {iri: (location.file, location.line) for iri, location in where.items()}
    return result
