"""Lineage answers as plain records: `dataflow recipients` and `dataflow trace --subject`.

trace.py answers with node ids, Routes and the live Tracer, which knows how to name a term,
find a hop's legal basis or tell whether a country is in the EEA. This module asks it all of
that once and returns a `Lineage`: the JSON-ready dict that `--format json` prints, with
every name, basis, country, EEA status and label resolved and no Tracer, view or terms
inside. The renderers (report/lineage.py, report/lineage_text.py) are pure functions of it.

Every record marks inferred hops (a flow that names no data and *may carry* what its sender
holds) and broader matches (a flow naming a broader category that may include the one asked
about): `match` is `declared`, `broader` or `inferred`, and `inferred` is its boolean.

The shapes (ids are CURIEs or short ids, terms are their short names):

- recipients: `query` {term, label, kind, includes}, `sources` [node + holds],
  `recipients` [node + roles, countries, eea, match, inferred, data, retention, paths],
  `truncated`.
- subject: `subject` {term, label, kind, includes}, `activities`, `systems`, `recipients`
  (as above), `countries` [{code, name, eea, places}], `truncated`.
- a path: {from, controllers, held, match, inferred, hops}; a hop: `hop_record`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..vocab import shorten
from .graph import locations
from .trace import (
    Question,
    Recipient,
    RecipientsAnswer,
    Route,
    Step,
    SubjectAnswer,
    Tracer,
    recipients,
    trace_subject,
)

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import URIRef

    from ..store.terms import TermIndex

#: The strongest match first: a recipient's `match` is the best of its paths'.
RANK = {"declared": 0, "broader": 1, "inferred": 2}


@dataclass(frozen=True)
class Lineage:
    """A resolved lineage answer: `data` is exactly what `--format json` prints."""

    kind: Literal["recipients", "subject"]
    data: dict[str, Any]


def recipients_lineage(view: nx.MultiDiGraph, terms: TermIndex, category: URIRef) -> Lineage:
    """Every party that receives data of `category`, with every path, resolved."""
    return Lineage("recipients", recipients_data(recipients(view, terms, category)))


def subject_lineage(view: nx.MultiDiGraph, terms: TermIndex, subject: URIRef) -> Lineage:
    """Every activity, system, recipient and country that data about `subject` reaches."""
    return Lineage("subject", subject_data(trace_subject(view, terms, subject)))


# -- shared pieces ----------------------------------------------------------------------------


def hop_record(tracer: Tracer, step: Step) -> dict[str, Any]:
    """One hop as JSON-ready data."""
    hop = step.hop
    bases, source = tracer.basis(hop)
    places = locations(tracer.view, hop)
    return {
        "flow": shorten(hop.flow),
        "from": shorten(hop.sender),
        "to": shorten(hop.receiver),
        "role": tracer.name(hop.role) if hop.role else None,
        "data": sorted(tracer.name(c) for c in step.carried or ()),
        "declared_data": sorted(tracer.name(c) for c in hop.data),
        "match": step.how,
        "inferred": step.inferred,
        "purposes": sorted(tracer.name(p) for p in hop.purposes),
        "legal_basis": [tracer.name(b) for b in bases],
        "legal_basis_from": source,
        "mechanism": [tracer.name(m) for m in hop.mechanisms],
        "countries": list(places),
        "eea": tracer.eea(places),
        "retention": list(hop.retention),
    }


def _question(q: Question, tracer: Tracer) -> dict[str, Any]:
    return {"term": shorten(q.term), "label": q.label, "kind": q.kind,
            "includes": [tracer.name(t) for t in q.narrower]}


def _node(tracer: Tracer, node: str) -> dict[str, Any]:
    attrs = tracer.view.nodes[node]
    org = attrs.get("organisation")
    return {"id": shorten(node), "name": tracer.label(node), "kind": attrs.get("kind"),
            "organisation": shorten(org) if org else None}


def _controllers(tracer: Tracer, origin: str) -> list[str]:
    """Who the data is processed for at the start of a path."""
    attrs = tracer.view.nodes[origin]
    if attrs.get("kind") == "activity" and attrs.get("controllers"):
        return [shorten(c) for c in attrs["controllers"]]
    org = attrs.get("organisation")
    return [shorten(org)] if org else []


def _path(tracer: Tracer, path: Route) -> dict[str, Any]:
    return {
        "from": shorten(path.origin),
        "controllers": _controllers(tracer, path.origin),
        "held": sorted(tracer.name(c) for c in path.held or ()),
        "match": path.how,
        "inferred": path.how == "inferred",
        "hops": [hop_record(tracer, s) for s in path.steps],
    }


def _final(rec: Recipient, tracer: Tracer) -> tuple[list[str], list[str], bool | None]:
    """The roles, countries and EEA status of the last hops that reach a recipient."""
    roles = sorted({tracer.name(p.steps[-1].hop.role) for p in rec.paths
                    if p.steps[-1].hop.role})
    countries: set[str] = set()
    for p in rec.paths:
        countries.update(locations(tracer.view, p.steps[-1].hop))
    return roles, sorted(countries), tracer.eea(countries)


def _recipient(tracer: Tracer, rec: Recipient) -> dict[str, Any]:
    roles, countries, eea = _final(rec, tracer)
    best = min((p.how for p in rec.paths), key=RANK.__getitem__)
    data: set[str] = set()
    retention: set[str] = set()
    for p in rec.paths:
        data.update(tracer.name(c) for c in p.steps[-1].carried or ())
        retention.update(p.steps[-1].hop.retention)
    return {
        **_node(tracer, rec.node),
        "roles": roles,
        "countries": countries,
        "eea": eea,
        "match": best,
        "inferred": best == "inferred",
        "data": sorted(data),
        "retention": sorted(retention),
        "paths": [_path(tracer, p) for p in rec.paths],
    }


# -- recipients -------------------------------------------------------------------------------


def recipients_data(answer: RecipientsAnswer) -> dict[str, Any]:
    t = answer.tracer
    return {
        "query": _question(answer.question, t),
        "sources": [
            {**_node(t, o), "holds": sorted(t.name(c) for c in held or ())}
            for o, held in sorted(answer.origins.items())
        ],
        "recipients": [_recipient(t, r) for r in answer.recipients],
        "truncated": answer.truncated,
    }


# -- trace --subject --------------------------------------------------------------------------


def _places(answer: SubjectAnswer) -> dict[str, set[str]]:
    """Country code ("" when not stated) -> the activities, systems and recipients there;
    a recipient is where the last hop of each of its paths takes the data."""
    view = answer.tracer.view
    places: dict[str, set[str]] = {}
    for node in answer.activities + sorted(answer.systems):
        places.setdefault(view.nodes[node].get("country") or "", set()).add(node)
    for rec in answer.recipients:
        for path in rec.paths:
            for code in locations(view, path.steps[-1].hop) or ("",):
                places.setdefault(code, set()).add(rec.node)
    return places


def subject_data(answer: SubjectAnswer) -> dict[str, Any]:
    t = answer.tracer
    view = t.view
    activities = []
    for act in answer.activities:
        a = view.nodes[act]
        activities.append({
            **_node(t, act),
            "role": t.name(a["role"]) if a.get("role") else None,
            "data": sorted(t.name(c) for c in a.get("data", ())),
            "data_stated": bool(a.get("data")),
            "subjects": sorted(t.name(s) for s in a.get("subjects", ())),
            "purposes": [{"purpose": t.name(p), "legal_basis": [t.name(b) for b in bases]}
                         for p, bases in a.get("purposes", ())],
            "country": a.get("country"),
            "eea": a.get("eea"),
            "systems": [shorten(s) for s in a.get("systems", ())],
            "retention": list(a.get("retention", ())),
        })
    systems = []
    for system, users in answer.systems.items():
        s = view.nodes[system]
        retention = sorted({r for u in users for r in view.nodes[u].get("retention", ())})
        systems.append({**_node(t, system), "country": s.get("country"), "eea": s.get("eea"),
                        "used_by": [shorten(u) for u in users], "retention": retention})
    places = _places(answer)
    countries = []
    for code in sorted(places, key=lambda c: (c == "", c)):
        countries.append({
            "code": code or None,
            "name": t.country_label(code) if code else "not stated",
            "eea": t.eea([code]) if code else None,
            "places": sorted(shorten(n) for n in places[code]),
        })
    return {
        "subject": _question(answer.question, t),
        "activities": activities,
        "systems": systems,
        "recipients": [_recipient(t, r) for r in answer.recipients],
        "countries": countries,
        "truncated": answer.truncated,
    }
