"""Tracing over the networkx view: who receives a data category, where a subject's data goes.

A flow that declares its data carries exactly that. A flow without `data:` (notices often
name none) *may carry* what its sender holds: an activity's data, an organisation's
activities' data, or what reached a party or system along the path. Such hops are marked
`inferred`. A declared category matches a question when it is the same term, a narrower
one, or a broader one (`communications` may include call recordings: marked `broader`).

Paths are followed hop by hop from the places that hold the data, across onward flows,
without revisiting a node. `recipients()` and `trace_subject()` return raw answers (node ids,
Routes, the Tracer); view/lineage.py resolves them into the plain records report/ renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rdflib import URIRef

from ..vocab import DF, LOC, shorten
from .graph import Hop, country_iri, edge_hops, out_hops

if TYPE_CHECKING:
    import networkx as nx

    from ..store.terms import TermIndex

How = Literal["declared", "broader", "inferred"]
#: Safety limits for pathological graphs; reached limits are reported, never silent.
MAX_DEPTH = 12
MAX_PATHS = 5000
RECIPIENT_KINDS = ("party", "organisation")


@dataclass(frozen=True)
class Step:
    """One hop of a path, with what it carries that matters to the question."""

    hop: Hop
    carried: frozenset[str] | None  # None: unknown (the origin's data is not stated)
    how: How

    @property
    def inferred(self) -> bool:
        return self.how == "inferred"


@dataclass(frozen=True)
class Route:
    origin: str
    held: frozenset[str] | None
    steps: tuple[Step, ...]

    @property
    def end(self) -> str:
        return self.steps[-1].hop.receiver if self.steps else self.origin

    @property
    def how(self) -> How:
        kinds = {s.how for s in self.steps}
        return "inferred" if "inferred" in kinds else "broader" if "broader" in kinds \
            else "declared"

    def nodes(self) -> list[str]:
        return [self.origin] + [s.hop.receiver for s in self.steps]


@dataclass
class Walk:
    paths: list[Route] = field(default_factory=list)
    truncated: bool = False


class Tracer:
    """Path search over one view with one term index."""

    def __init__(self, view: nx.MultiDiGraph, terms: TermIndex,
                 question: frozenset[str] | None = None) -> None:
        self.view = view
        self.terms = terms
        #: The categories asked about; hops are `declared` or `broader` relative to them
        #: (without a question, relative to what the path carries).
        self.question = question
        self._holds: dict[str, frozenset[str]] | None = None
        # Memoised per node and per term: a walk asks the same questions again and again.
        self._outs: dict[str, list[Hop]] = {}
        self._up: dict[str, frozenset[str]] = {}
        self._matches: dict[tuple[Iterable[str], frozenset[str]],
                            tuple[frozenset[str], How]] = {}
        self._names: dict[str, str] = {}
        self._in_eea: dict[str, bool] = {}
        self._overlaps: dict[tuple[str, str], bool] = {}
        self._bases: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], str | None]] = {}
        # Organisations hold the data of the activities they control (data held as a
        # processor belongs to the client controller); systems hold their activities' data.
        self._by_owner: dict[str, set[str]] = {}
        for _, attrs in view.nodes(data=True):
            if attrs.get("kind") == "activity":
                as_processor = attrs.get("role") == str(DF.Processor)
                org = None if as_processor else attrs.get("organisation")
                for owner in [org, *attrs.get("systems", ())]:
                    if owner:
                        self._by_owner.setdefault(owner, set()).update(attrs.get("data", ()))

    # -- what nodes hold ------------------------------------------------------------------

    def native(self, node: str) -> frozenset[str]:
        """Data a node holds by declaration: an activity's data; for an organisation, its
        activities' data; for a system, the data of the activities that use it."""
        attrs = self.view.nodes[node]
        kind = attrs.get("kind")
        if kind == "activity":
            return frozenset(attrs.get("data", ()))
        if kind in ("organisation", "system"):
            return frozenset(self._by_owner.get(node, ()))
        return frozenset()

    def holdings(self) -> dict[str, frozenset[str]]:
        """What every node may hold: its own data plus all that may reach it (a fixpoint)."""
        if self._holds is None:
            holds = {n: set(self.native(n)) for n in self.view.nodes}
            flows = edge_hops(self.view)
            changed = True
            while changed:
                changed = False
                for hop in flows:
                    carried = set(hop.data) if hop.declared else holds[hop.sender]
                    if not carried <= holds[hop.receiver]:
                        holds[hop.receiver] |= carried
                        changed = True
            self._holds = {n: frozenset(d) for n, d in holds.items()}
        return self._holds

    def may_carry(self, hop: Hop) -> frozenset[str]:
        """What a hop carries: its declared data, or what its sender may hold."""
        return frozenset(hop.data) if hop.declared else self.holdings()[hop.sender]

    # -- matching -------------------------------------------------------------------------

    def ancestors(self, term: str) -> frozenset[str]:
        """Every term above `term` (skos:broader, rdfs:subClassOf, ...), as strings."""
        up = self._up.get(term)
        if up is None:
            up = self._up[term] = frozenset(str(t) for t in self.terms.ancestors(URIRef(term)))
        return up

    def match(self, declared: Iterable[str], wanted: frozenset[str]) -> tuple[frozenset[str], How]:
        """The declared categories relevant to `wanted`, narrowed to the wanted term when a
        declared one is broader; `broader` when only broader categories matched."""
        key = (declared if isinstance(declared, tuple | frozenset) else tuple(declared), wanted)
        answer = self._matches.get(key)
        if answer is None:
            found: set[str] = set()
            exact = False
            for c in key[0]:
                up = self.ancestors(c)
                if any(c == w or w in up for w in wanted):
                    found.add(c)
                    exact = True
                else:
                    found.update(w for w in wanted if c in self.ancestors(w))
            answer = self._matches[key] = (frozenset(found),
                                           "declared" if exact else "broader")
        return answer

    # -- walking --------------------------------------------------------------------------

    def walk(self, origins: dict[str, frozenset[str] | None]) -> Walk:
        """Every simple path from the origins, each prefix a Route of its own."""
        result = Walk()
        for origin in sorted(origins):
            self._dfs(origin, origins[origin], origin, origins[origin], (), {origin}, result)
        return result

    def _dfs(self, origin: str, held: frozenset[str] | None, node: str,
             carried: frozenset[str] | None, steps: tuple[Step, ...], seen: set[str],
             result: Walk) -> None:
        if len(steps) >= MAX_DEPTH:
            result.truncated = True
            return
        for hop in self._out(node):
            if hop.receiver in seen:
                continue
            step = self._step(hop, carried, at_origin=not steps)
            if step is None:
                continue
            if len(result.paths) >= MAX_PATHS:
                result.truncated = True
                return
            path_steps = steps + (step,)
            result.paths.append(Route(origin, held, path_steps))
            self._dfs(origin, held, hop.receiver, step.carried, path_steps,
                      seen | {hop.receiver}, result)

    def _out(self, node: str) -> list[Hop]:
        """The flows out of a node, by flow IRI."""
        hops = self._outs.get(node)
        if hops is None:
            hops = self._outs[node] = sorted(out_hops(self.view, node), key=lambda h: h.flow)
        return hops

    def _step(self, hop: Hop, carried: frozenset[str] | None, at_origin: bool) -> Step | None:
        if not hop.declared:
            return Step(hop, carried, "inferred")
        if carried is None:
            return Step(hop, frozenset(hop.data), "declared" if at_origin else "inferred")
        found, how = self.match(hop.data, carried)
        if not found:
            return None
        if self.question is not None:
            how = self.match(hop.data, self.question)[1]
        return Step(hop, found, how)

    # -- describing -------------------------------------------------------------------------

    def basis(self, hop: Hop) -> tuple[tuple[str, ...], str | None]:
        """The Art. 6 basis of a hop: the flow's own, else what the sending activity states
        for the flow's purposes (or for all its purposes when the flow states none)."""
        if hop.legal_bases:
            return hop.legal_bases, "flow"
        key = (hop.sender, hop.purposes)  # all the sender's basis depends on
        answer = self._bases.get(key)
        if answer is None:
            answer = self._bases[key] = self._sender_basis(hop)
        return answer

    def _sender_basis(self, hop: Hop) -> tuple[tuple[str, ...], str | None]:
        sender = self.view.nodes[hop.sender]
        if sender.get("kind") != "activity":
            return (), None
        bases: set[str] = set()
        for purpose, pbases in sender.get("purposes", ()):
            if not hop.purposes or any(self._purpose_match(purpose, p) for p in hop.purposes):
                bases.update(pbases)
        if not bases:
            bases.update(sender.get("legal_bases", ()))
        return tuple(sorted(bases)), ("activity" if bases else None)

    def _purpose_match(self, a: str, b: str) -> bool:
        found = self._overlaps.get((a, b))
        if found is None:
            found = self._overlaps[a, b] = self.terms.overlaps(URIRef(a), URIRef(b))
        return found

    def eea(self, codes: Iterable[str]) -> bool | None:
        """True when every place is in the EEA, False when one is not, None when unknown."""
        codes = tuple(codes)
        if not codes:
            return None
        return all(self._eea(c) for c in codes)

    def _eea(self, code: str) -> bool:
        found = self._in_eea.get(code)
        if found is None:
            found = self._in_eea[code] = (
                LOC.EEA in self.terms.ancestors(country_iri(code, self.terms)))
        return found

    def country_label(self, code: str) -> str:
        return self.terms.label(country_iri(code, self.terms))

    def name(self, iri: str) -> str:
        found = self._names.get(iri)
        if found is None:
            found = self._names[iri] = self.terms.name(iri)
        return found

    def label(self, node: str) -> str:
        return str(self.view.nodes[node].get("label") or shorten(node))


# -- questions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """A resolved term and everything it covers."""

    term: str
    label: str
    kind: str
    narrower: tuple[str, ...]


@dataclass
class Recipient:
    node: str
    paths: list[Route]


@dataclass
class RecipientsAnswer:
    question: Question
    tracer: Tracer
    origins: dict[str, frozenset[str] | None]
    recipients: list[Recipient]
    truncated: bool


@dataclass
class SubjectAnswer:
    question: Question
    tracer: Tracer
    activities: list[str]
    systems: dict[str, list[str]]   # system -> the activities that use it
    recipients: list[Recipient]
    truncated: bool


def _question(terms: TermIndex, iri: URIRef, kind: str) -> Question:
    narrower = sorted(str(t) for t in terms.narrower_or_self(iri) if t != iri)
    return Question(str(iri), terms.label(iri), kind, tuple(narrower))


def _recipients(tracer: Tracer, walk: Walk) -> list[Recipient]:
    """Parties and other organisations at the end of a path (not the origin's own)."""
    view = tracer.view
    found: dict[str, list[Route]] = {}
    for path in walk.paths:
        end = path.end
        own = {path.origin, view.nodes[path.origin].get("organisation")}
        if view.nodes[end].get("kind") in RECIPIENT_KINDS and end not in own:
            found.setdefault(end, []).append(path)
    return [Recipient(n, sorted(ps, key=lambda p: (len(p.steps), [s.hop.flow for s in p.steps])))
            for n, ps in sorted(found.items(), key=lambda kv: (tracer.label(kv[0]).casefold(),
                                                               kv[0]))]


def recipients(view: nx.MultiDiGraph, terms: TermIndex, category: URIRef) -> RecipientsAnswer:
    """Every party that receives data of `category` (or a narrower or broader category that
    overlaps it), directly or onward, with every path from where the data is held."""
    wanted = frozenset({str(category)})
    tracer = Tracer(view, terms, wanted)
    # Where the data is held by declaration: the category itself or a narrower one (an
    # activity that declares only a broader category is not taken to hold it).
    covered = {str(t) for t in terms.narrower_or_self(category)}
    origins: dict[str, frozenset[str] | None] = {}
    for node in view.nodes:
        found = tracer.native(node) & covered
        if found:
            origins[node] = frozenset(found)
    walk = tracer.walk(origins)
    reached = {p.end for p in walk.paths} | set(origins)
    # Senders that hold the data only because a declared flow says they send it.
    extra: dict[str, frozenset[str] | None] = {}
    for hop in edge_hops(view):
        if hop.sender in reached or not hop.declared:
            continue
        found, _ = tracer.match(hop.data, wanted)
        if found:
            extra[hop.sender] = frozenset(found | (extra.get(hop.sender) or frozenset()))
    if extra:
        more = tracer.walk(extra)
        walk.paths.extend(more.paths)
        walk.truncated |= more.truncated
        origins.update(extra)
    return RecipientsAnswer(_question(terms, category, "data category"), tracer, origins,
                            _recipients(tracer, walk), walk.truncated)


def trace_subject(view: nx.MultiDiGraph, terms: TermIndex, subject: URIRef) -> SubjectAnswer:
    """Every activity, system, recipient and country that data about `subject` (or a
    narrower subject category) reaches."""
    tracer = Tracer(view, terms)
    covered = {str(t) for t in terms.narrower_or_self(subject)}
    activities = sorted(
        (n for n, a in view.nodes(data=True)
         if a.get("kind") == "activity" and covered & set(a.get("subjects", ()))),
        key=lambda n: (tracer.label(n).casefold(), n))
    origins: dict[str, frozenset[str] | None] = {}
    by_org: dict[str, set[str]] = {}
    systems: dict[str, list[str]] = {}
    for act in activities:
        attrs = view.nodes[act]
        data = frozenset(attrs.get("data", ()))
        origins[act] = data or None
        org = attrs.get("organisation")
        if org in view:
            by_org.setdefault(org, set()).update(data)
        for system in attrs.get("systems", ()):
            if system in view:
                systems.setdefault(system, []).append(act)
                held = origins.get(system) or frozenset()
                origins[system] = held | data or None
    for org, held_by_org in by_org.items():
        origins[org] = frozenset(held_by_org) or None
    walk = tracer.walk(origins)
    for path in walk.paths:
        end = path.end
        kind = view.nodes[end].get("kind")
        if kind == "activity" and end not in activities:
            activities.append(end)
        elif kind == "system":
            systems.setdefault(end, [])
    return SubjectAnswer(_question(terms, subject, "data subject category"), tracer, activities,
                         {s: sorted(a) for s, a in sorted(systems.items())},
                         _recipients(tracer, walk), walk.truncated)
