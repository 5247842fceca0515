"""Read the facts of every activity (facts.py) from a loaded map and its networkx view.

The view supplies what it already holds (names, roles, data, subjects, countries and the
flows as `Hop`s, with the path search of trace.py for onward recipients); the rest (purposes
with their bases and descriptions, sources, measures, retention details, contacts, DPAs,
Finnish labels) is read here from the store in two SPARQL queries, as plain strings (by
columns.py's reader).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ...store.ontology import ONTOLOGY
from ...vocab import DF, DPV, EU_GDPR, LOC, PD, PREFIXES, shorten
from ..columns import read_csv
from ..graph import Hop, locations
from ..trace import RECIPIENT_KINDS, Tracer
from .facts import (
    Abroad,
    Contact,
    Decisions,
    Entity,
    Facts,
    Processing,
    Purpose,
    Recipient,
    Retention,
    Term,
)

if TYPE_CHECKING:
    import networkx as nx

    from ...sources.load import FlowGraph
    from ...store.terms import TermIndex

#: The predicates read here (the view has the others).
_READ = (RDFS.label, SKOS.prefLabel, DPV.hasName, DF.description,
         DPV.hasTechnicalOrganisationalMeasure, DPV.hasDataSource, DF.purposeBasis,
         DPV.hasPurpose, DPV.hasLegalBasis, DF.art9Condition, DF.nationalLaw, DF.art10Ground,
         DF.consentMethod, DF.strictlyNecessary, DPV.hasStorageCondition, DF.retentionDays,
         DF.retentionTrigger, DF.retentionCriteria, DF.retentionLegalRef, DF.genericWording,
         DPV.hasAddress, DF.email, DF.phone, DF.businessId, DPV.hasDataProtectionOfficer,
         DPV.hasRepresentative, DPV.hasCountry, DF.dpa, DF.signedDate, DF.operator,
         DF.transferMechanism, DF.processingContext, DF.automatedDecisions, DF.decisionEffect,
         DF.art22Exception, DF.art22Safeguard)
_QUERY = ("SELECT ?s ?p ?o WHERE { VALUES ?p { " + " ".join(f"<{p}>" for p in _READ)
          + " } ?s ?p ?o }")
_FINNISH = (f"SELECT ?s ?o WHERE {{ VALUES ?p {{ <{RDFS.label}> <{SKOS.prefLabel}> }} "
            f"{{ ?s ?p ?o }} UNION {{ GRAPH <{ONTOLOGY.value}> {{ ?s ?p ?o }} }} "
            'FILTER(lang(?o) = "fi") }')
#: The data that needs more than an Art. 6 basis, by the term it falls under.
_SPECIAL = DPV.SpecialCategoryPersonalData
_CRIMINAL = URIRef(str(PD) + "CriminalOffence")
_IDENTITY_CODE = DF.PersonalIdentityCode


class _Store:
    """subject -> predicate -> values of the data, and the Finnish label of every term (of
    the ontology and of the data)."""

    def __init__(self, graph: FlowGraph) -> None:
        self.values: dict[str, dict[str, list[str]]] = {}
        flat = read_csv(graph.store, _QUERY, 3)
        for s, p, o in zip(flat[0::3], flat[1::3], flat[2::3], strict=True):
            self.values.setdefault(s, {}).setdefault(p, []).append(o)
        for by_predicate in self.values.values():
            for found in by_predicate.values():
                found.sort()
        # Several Finnish labels: the longest is the full wording ("henkilötunnus", not
        # "hetu"; "asiakkaat", not "asiakas").
        self.finnish: dict[str, str] = {}
        flat = read_csv(graph.store, _FINNISH, 2)
        for s, label in zip(flat[0::2], flat[1::2], strict=True):
            known = self.finnish.get(s)
            if known is None or (len(label), label) > (len(known), known):
                self.finnish[s] = label

    def all(self, node: str, predicate: URIRef) -> list[str]:
        """The values of `predicate` on `node`, sorted."""
        return self.values.get(node, {}).get(str(predicate), [])

    def one(self, node: str, predicate: URIRef) -> str | None:
        found = self.all(node, predicate)
        return found[0] if found else None


class _Reader:
    def __init__(self, graph: FlowGraph, view: nx.MultiDiGraph, terms: TermIndex) -> None:
        self.store = _Store(graph)
        self.view = view
        self.terms = terms
        self.tracer = Tracer(view, terms)
        self._terms: dict[str, Term] = {}
        self._entities: dict[str, Entity] = {}
        self._dpas: dict[str, str | None] = {}
        self._places: dict[str, tuple[str, ...]] = {}
        self._shared: dict[tuple[str, tuple[str, ...]], tuple[Recipient, ...]] = {}
        #: The nodes that are recipients when a flow reaches them (not systems, activities).
        self._parties = {n for n, kind in view.nodes(data="kind") if kind in RECIPIENT_KINDS}

    # -- terms ----------------------------------------------------------------------------

    def term(self, iri: str) -> Term:
        found = self._terms.get(iri)
        if found is None:
            node = self.view.nodes[iri] if iri in self.view else None
            english = (node["label"] if node is not None and node.get("kind") != "unknown"
                       else self.terms.label(URIRef(iri)))
            if english == iri:  # a term of the map's own vocabulary, or an unlabelled IRI
                english = (self.store.one(iri, RDFS.label) or self.store.one(iri, SKOS.prefLabel)
                           or self.store.one(iri, DPV.hasName) or _local_name(iri))
            finnish = self.store.finnish.get(iri, english)
            found = self._terms[iri] = Term(iri, english, _with_article(iri, finnish))
        return found

    def terms_of(self, iris: Iterable[str]) -> tuple[Term, ...]:
        return tuple(self.term(i) for i in iris)

    def country(self, code: str) -> Term:
        """The term of a country code of the view: `FI`, an alias, a CURIE or an IRI."""
        if code in self.terms.aliases:
            return self.term(str(self.terms.aliases[code]))
        prefix, colon, local = code.partition(":")
        if colon and prefix in PREFIXES:
            return self.term(PREFIXES[prefix] + local)
        return self.term(code if colon else str(LOC) + code)

    # -- entities -------------------------------------------------------------------------

    def entity(self, iri: str) -> Entity:
        found = self._entities.get(iri)
        if found is None:
            one = self.store.one
            attrs = self.view.nodes[iri] if iri in self.view else {}
            country = attrs.get("country")
            found = self._entities[iri] = Entity(
                iri=iri, name=attrs.get("label") or one(iri, DPV.hasName) or shorten(iri),
                country=self.country(country) if country else None, eea=attrs.get("eea"),
                business_id=one(iri, DF.businessId), email=one(iri, DF.email),
                phone=one(iri, DF.phone), address=one(iri, DPV.hasAddress),
                description=one(iri, DF.description),
                dpo=self.contact(one(iri, DPV.hasDataProtectionOfficer)),
                representative=self.contact(one(iri, DPV.hasRepresentative)))
        return found

    def contact(self, node: str | None) -> Contact | None:
        if node is None:
            return None
        one = self.store.one
        return Contact(one(node, DPV.hasName), one(node, DF.email), one(node, DF.phone),
                       one(node, DPV.hasAddress))

    # -- one activity ---------------------------------------------------------------------

    def processing(self, iri: str) -> Processing:
        attrs = self.view.nodes[iri]
        one, every = self.store.one, self.store.all
        organisation = attrs.get("organisation")
        role = attrs.get("role")
        own = {organisation} if organisation else set()
        controllers = [c for c in attrs.get("controllers", ()) if c not in own]
        purposes = tuple(sorted((self.purpose(pb) for pb in every(iri, DF.purposeBasis)),
                                key=lambda p: (p.purpose.en.casefold(), p.node)))
        tied = {b.iri for p in purposes for b in (*p.bases, *p.art9)}
        retention_nodes = sorted(every(iri, DPV.hasStorageCondition), key=_numbered)
        recipients = self.recipients(iri, attrs.get("data", ()))
        data = self.terms_of(attrs.get("data", ()))
        foci = {iri, *retention_nodes, *every(iri, DF.purposeBasis),
                *(flow for r in recipients for flow in r.flows)}
        if organisation:
            foci.add(organisation)
        return Processing(
            iri=iri, name=attrs["label"], role=self.term(role) if role else None,
            organisation=self.entity(organisation) if organisation else None,
            description=_tidy(one(iri, DF.description)),
            controllers=tuple(self.entity(c) for c in controllers),
            purposes=purposes,
            untied_bases=self.terms_of(b for b in attrs.get("legal_bases", ())
                                       if not any(self.terms.overlaps(URIRef(b), URIRef(t))
                                                  for t in tied)),
            subjects=self.terms_of(attrs.get("subjects", ())), data=data,
            special=self.under(data, _SPECIAL), criminal=self.under(data, _CRIMINAL),
            identity_codes=self.under(data, _IDENTITY_CODE),
            sources=self.terms_of(every(iri, DPV.hasDataSource)),
            recipients=recipients,
            abroad=self.abroad(attrs.get("systems", ()), organisation,
                               {r.iri for r in recipients}),
            shared=self.shared(organisation, attrs.get("data", ())),
            retention=tuple(self.retention(r) for r in retention_nodes),
            measures=self.terms_of(every(iri, DPV.hasTechnicalOrganisationalMeasure)),
            systems=self.terms_of(attrs.get("systems", ())),
            decisions=self.decisions(iri),
            profiling=str(DPV.Profiling) in every(iri, DF.processingContext),
            foci=frozenset(foci))

    def decisions(self, activity: str) -> Decisions | None:
        one, every = self.store.one, self.store.all
        if str(DPV.AutomatedDecisionMaking) in every(activity, DF.processingContext):
            effect, exception = one(activity, DF.decisionEffect), one(activity, DF.art22Exception)
            return Decisions(True, self.term(effect) if effect else None,
                             self.term(exception) if exception else None,
                             self.terms_of(every(activity, DF.art22Safeguard)))
        if one(activity, DF.automatedDecisions) in ("false", "0"):
            return Decisions(False)
        return None

    def purpose(self, node: str) -> Purpose:
        one, every = self.store.one, self.store.all
        laws = tuple(self.law(law) for law in every(node, DF.nationalLaw))
        consent = one(node, DF.consentMethod)
        return Purpose(
            node=node, purpose=self.term(one(node, DPV.hasPurpose) or node),
            bases=self.terms_of(every(node, DPV.hasLegalBasis)),
            art9=self.terms_of(every(node, DF.art9Condition)),
            national_law=tuple(sorted(laws, key=lambda t: t.en)), art10=one(node, DF.art10Ground),
            consent=self.term(consent) if consent else None,
            strictly_necessary=one(node, DF.strictlyNecessary) in ("true", "1"),
            description=_tidy(one(node, DF.description)))

    def law(self, law: str) -> Term:
        """A provision relied on: a Tietosuojalaki §29 ground, or the text as written."""
        if URIRef(law) not in self.terms.known:
            return Term(law, law, law)
        term = self.term(law)
        local = law.rsplit("#", 1)[-1]
        if not local.startswith("TSL-29-"):
            return term
        moment, *point = local.removeprefix("TSL-29-").split("-")
        finnish = f"tietosuojalaki 29 § {moment} mom." + (f" {point[0]} kohta" if point else "")
        return Term(law, f"Tietosuojalaki 1050/2018 {term.en}", finnish)

    def retention(self, node: str) -> Retention:
        one = self.store.one
        days = one(node, DF.retentionDays)
        whole = days is not None and days.isascii() and days.isdigit() and len(days) <= 12
        return Retention(
            days=int(days) if whole and days else None,
            raw_days=None if whole else (days or "")[:40] or None,
            trigger=_tidy(one(node, DF.retentionTrigger)),
            criteria=_tidy(one(node, DF.retentionCriteria)),
            legal_ref=_tidy(one(node, DF.retentionLegalRef)),
            generic=one(node, DF.genericWording) in ("true", "1"))

    def under(self, data: tuple[Term, ...], root: URIRef) -> frozenset[str]:
        """The IRIs of the categories that are `root` or fall under it."""
        return frozenset(t.iri for t in data
                         if URIRef(t.iri) == root or root in self.terms.ancestors(URIRef(t.iri)))

    def recipients(self, activity: str, data: tuple[str, ...]) -> tuple[Recipient, ...]:
        """Every party or organisation the activity's data reaches, directly or onward (an
        onward flow where it may carry the data on), once per receiver, sender, role,
        countries, mechanisms, bases and agreement: the flows alike are one recipient. From
        an organisation (`activity` its IRI): where its own flows take that data."""
        view = self.view
        own = {activity, view.nodes[activity].get("organisation")}
        alike: dict[tuple[object, ...], list[tuple[Hop, frozenset[str]]]] = {}
        for route in self.tracer.walk({activity: frozenset(data) or None}).paths:
            if route.end in own or not all(s.hop.receiver in self._parties for s in route.steps):
                continue
            step = route.steps[-1]
            hop = step.hop
            places = self._places.get(hop.flow)
            if places is None:
                places = self._places[hop.flow] = locations(view, hop)
            key = (hop.receiver, hop.sender if len(route.steps) > 1 else None, hop.role,
                   places, hop.mechanisms, hop.legal_bases, self.dpa(hop.flow))
            alike.setdefault(key, []).append((hop, step.carried or frozenset(hop.data)))
        found = [self.recipient(key, hops) for key, hops in alike.items()]
        return tuple(sorted(found, key=lambda r: (r.via is not None, r.name.casefold(),
                                                  r.flow)))

    def shared(self, organisation: str | None, data: tuple[str, ...]) -> tuple[Recipient, ...]:
        """The recipients of the organisation's own flows that may carry `data` (once per
        organisation and data: activities of one organisation often hold the same)."""
        if organisation is None or organisation not in self.view:
            return ()
        key = (organisation, tuple(sorted(data)))
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = self.recipients(organisation, data)
        return found

    def recipient(self, key: tuple[object, ...],
                  hops: list[tuple[Hop, frozenset[str]]]) -> Recipient:
        first = min(hops, key=lambda h: h[0].flow)[0]
        codes = self._places[first.flow]
        flows = tuple(sorted({hop.flow for hop, _ in hops}))
        carried = sorted(set().union(*(data for _, data in hops)))
        return Recipient(
            iri=first.receiver, name=self.tracer.label(first.receiver), flow=flows[0],
            flows=flows, role=self.term(first.role) if first.role else None,
            countries=tuple(self.country(c) for c in codes), eea=self.tracer.eea(codes),
            mechanisms=self.terms_of(first.mechanisms), data=self.terms_of(carried),
            legal_bases=self.terms_of(first.legal_bases),
            via=self.tracer.label(first.sender) if key[1] is not None else None,
            dpa=self.dpa(first.flow), description=_tidy(first.description))

    def dpa(self, flow: str) -> str | None:
        """A flow's processing agreement: 'reference, date signed', or 'yes'; None without."""
        if flow not in self._dpas:
            node = self.store.one(flow, DF.dpa)
            self._dpas[flow] = None if node is None else ", ".join(
                t for t in (self.store.one(node, RDFS.label), self.store.one(node, DF.signedDate))
                if t) or "yes"
        return self._dpas[flow]

    def abroad(self, systems: tuple[str, ...], organisation: str | None,
               reached: set[str]) -> tuple[Abroad, ...]:
        """The activity's systems outside the EEA, unless its organisation runs them or the
        operator is a recipient already (whose flow carries the mechanism)."""
        found = []
        for system in systems:
            node = self.view.nodes.get(system, {})
            operator = self.store.one(system, DF.operator)
            if node.get("eea") is not False or operator == organisation or operator in reached:
                continue
            found.append(Abroad(system, node.get("label") or shorten(system),
                                self.country(node["country"]),
                                self.entity(operator).name if operator else None,
                                self.terms_of(self.store.all(system, DF.transferMechanism))))
        return tuple(found)


def _with_article(iri: str, finnish: str) -> str:
    """A GDPR basis with its article the way Finnish records cite it: 'sopimus (6 art. 1 b)'."""
    if not iri.startswith(str(EU_GDPR)) or "artikla" in finnish:
        return finnish
    local = iri[len(str(EU_GDPR)):]
    if not local.startswith("A") or "-" not in local:
        return finnish
    article, *points = local[1:].split("-")
    return f"{finnish} ({article} art. {' '.join(points)})"


def _numbered(node: str) -> tuple[str, int]:
    """`<activity>/retention/10` after `/retention/9`: the order of the flow file."""
    stem, _, number = node.rpartition("/")
    return (stem, int(number)) if number.isdigit() else (node, -1)


def _local_name(iri: str) -> str:
    """`Recruitment` for https://example.com/vocab#Recruitment; a CURIE or id when known."""
    short = shorten(iri)
    if short != iri:
        return short
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def _tidy(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def read_facts(graph: FlowGraph, view: nx.MultiDiGraph, terms: TermIndex) -> Facts:
    """The facts of every activity of the map, ordered by name."""
    reader = _Reader(graph, view, terms)
    activities = sorted((n for n, kind in view.nodes(data="kind") if kind == "activity"),
                        key=lambda n: (str(view.nodes[n]["label"]).casefold(), n))
    return Facts(tuple(reader.processing(a) for a in activities))
