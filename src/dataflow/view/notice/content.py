"""What each section of a notice says, from the facts of the audience's activities.

One function per section of sections.py, each returning the section's blocks (a line and
its sub-lines). A fact the map lacks is never left out silently: its place reads the missing
marker with the rules of the findings raised on the activity (`— puuttuu (LB-01)`), or says
that the flow format has no field for it. An empty result is worded by the section's `empty`
(model.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from ..record.facts import Entity, Processing, Purpose, Recipient, rights
from ..record.fields import Gaps
from ..record.wording import Wording
from .phrases import phrase, right
from .sections import NoticeLanguage

#: The data subject itself: the one source that keeps a notice under Art. 13 alone.
_FROM_SUBJECT = "https://w3id.org/dpv#DataSubjectDataSource"
_PUBLIC = "https://w3id.org/dpv#PublicDataSource"
#: The order rights are listed in (the keys of facts.rights()).
_RIGHTS = ("access", "rectification", "erasure", "restriction", "portability", "object",
           "withdraw")


@dataclass(frozen=True)
class Block:
    """One entry of a section: a line, its sub-lines, and whether a fact is missing."""

    text: str
    details: tuple[str, ...] = ()
    missing: tuple[str, ...] | None = None
    """None when nothing is missing; else the rule IDs of the findings that explain the gap
    (empty when none does)."""
    unrecorded: bool = False
    """The flow format has no field for the fact."""


@dataclass
class Scope:
    """The activities a notice covers, the words of its language and the findings."""

    activities: tuple[Processing, ...]
    language: NoticeLanguage
    gaps: Gaps
    _marked: list[set[str]] = field(default_factory=list)
    _unrecorded: bool = False

    @property
    def wording(self) -> Wording:
        return Wording(self.language)

    @property
    def foci(self) -> frozenset[str]:
        """Where findings about the activities are reported, the flows of `shared` too."""
        shared = {flow for p in self.activities for r in p.shared for flow in r.flows}
        return frozenset().union(shared, *(p.foci for p in self.activities))

    def marker(self, rules: Collection[str], foci: Iterable[str]) -> str:
        """The missing marker, with those of `rules` that fired on `foci`."""
        found = self.gaps.fired(rules, foci)
        self._marked.append(found)
        return self.wording.missing(found)

    def unrecorded(self) -> str:
        """The marker of a fact the flow format has no field for."""
        self._marked.append(set())
        self._unrecorded = True
        return self.wording.word("not in format")

    def forget(self) -> None:
        """Drop the markers written outside a section (in the introduction)."""
        self._marked, self._unrecorded = [], False

    def block(self, text: str, details: Iterable[str] = ()) -> Block:
        """A block, missing when a marker was written since the last one."""
        marked, unrecorded = self._marked, self._unrecorded
        self._marked, self._unrecorded = [], False
        missing = tuple(sorted(set().union(*marked))) if marked else None
        return Block(text, tuple(details), missing, unrecorded and not any(marked))

    def phrase(self, key: str, **values: str) -> str:
        return phrase(key, self.language, **values)

    def names(self, activities: Iterable[Processing]) -> str:
        return ", ".join(dict.fromkeys(p.name for p in activities))

    def contact(self) -> str | None:
        """Where requests go: the DPO's e-mail, else the controller's e-mail or channel."""
        for org in self.organisations():
            if org.dpo and org.dpo.email:
                return org.dpo.email
        for org in self.organisations():
            if org.email or org.channels:
                return org.email or org.channels[0]
        return None

    def organisations(self) -> list[Entity]:
        found = {p.organisation.iri: p.organisation for p in self.activities if p.organisation}
        return sorted(found.values(), key=lambda e: (e.name.casefold(), e.iri))


def _ordered(s: Scope, purposes: Iterable[Purpose]) -> list[Purpose]:
    return sorted(purposes, key=lambda p: (s.wording.term(p.purpose).casefold(), p.node))


def _controller(s: Scope) -> list[Block]:
    w, blocks = s.wording, []
    for org in s.organisations():
        text = w.entity(org)
        blocks.append(s.block(text if org.channels
                              else f"{text}, {s.marker(('ROPA-01',), [org.iri])}"))
        if org.representative:
            blocks.append(s.block(s.phrase("representative",
                                           contact=w.contact(org.representative))))
        elif org.eea is False:
            blocks.append(s.block(s.phrase("representative",
                                           contact=s.marker(("ROPA-01",), [org.iri]))))
    for p in s.activities:
        if p.role_name == "joint-controller":
            blocks += [s.block(s.phrase("joint", entity=w.entity(e), activity=p.name))
                       for e in p.controllers]
    return blocks


def _dpo(s: Scope) -> list[Block]:
    w = s.wording
    found = [w.contact(o.dpo) for o in s.organisations() if o.dpo]
    return [s.block(text) for text in dict.fromkeys(found)]


def _purposes(s: Scope) -> list[Block]:
    w, blocks = s.wording, []
    for p in s.activities:
        details = [w.basis(purpose, "" if purpose.bases
                           else s.marker(("LB-01", "LB-02"), p.foci))
                   for purpose in _ordered(s, p.purposes)]
        details += w.untied(p)
        if not p.purposes:
            details.append(s.marker(("ROPA-02", "LB-01"), p.foci))
        conditions = [s.phrase("special", purpose=w.term(purpose.purpose),
                               conditions=c.removeprefix(f"{w.term(purpose.purpose)}: "))
                      for purpose in _ordered(s, p.purposes) if (c := w.conditions(purpose))
                      # a law cited only for an Art. 6(1)(c)/(e) basis (LB-03) is no condition
                      # for sensitive data
                      and (p.sensitive or purpose.art9 or purpose.art10)]
        details += conditions
        if p.sensitive and not conditions:
            details.append(s.phrase("special", purpose=s.names([p]), conditions=s.marker(
                ("SC-01", "CRIM-01", "FI-HETU-01"), p.foci)))
        blocks.append(s.block(p.name, details))
    return blocks


def _interests(s: Scope) -> list[Block]:
    w, blocks = s.wording, []
    for p in s.activities:
        details = [f"{w.term(purpose.purpose)}: "
                   + (purpose.description or s.marker((), p.foci))
                   for purpose in _ordered(s, p.purposes) if purpose.legitimate_interest]
        if any(b.iri.endswith("#A6-1-f") for b in p.untied_bases):
            details.append(f"{w.word('whole activity')}: {s.marker(('LB-02',), p.foci)}")
        if details:
            blocks.append(s.block(p.name, details))
    return blocks


def _data(s: Scope) -> list[Block]:
    w = s.wording
    kinds: dict[str, str | None] = {}
    labels: dict[str, str] = {}
    for p in s.activities:
        for term in p.data:
            labels[term.iri] = w.term(term)
            kinds[term.iri] = ("special" if term.iri in p.special
                               else "criminal" if term.iri in p.criminal
                               else "identity code" if term.iri in p.identity_codes else None)
    ordered = sorted(labels, key=lambda i: (labels[i].casefold(), i))
    blocks = [s.block(labels[i] + (f" ({w.word(kind)})" if (kind := kinds[i]) else ""))
              for i in ordered]
    return blocks + [s.block(f"{p.name}: {s.marker(('ROPA-03',), p.foci)}")
                     for p in s.activities if not p.data]


def _sources(s: Scope) -> list[Block]:
    w = s.wording
    by_source: dict[str, list[Processing]] = {}
    labels: dict[str, str] = {}
    for p in s.activities:
        for term in p.sources:
            labels[term.iri] = w.term(term)
            by_source.setdefault(term.iri, []).append(p)
    ordered = sorted(by_source, key=lambda i: (i != _FROM_SUBJECT, labels[i].casefold(), i))
    blocks = [s.block(labels[i] + (f" ({s.phrase('public')})" if i == _PUBLIC else "")
                      + f": {s.names(by_source[i])}") for i in ordered]
    blocks += [s.block(f"{p.name}: {s.marker((), p.foci)}")
               for p in s.activities if not p.sources]
    if any(i != _FROM_SUBJECT for i in by_source):
        blocks.append(s.block(s.phrase("from others")))
    return blocks


def _unique(blocks: Iterable[tuple[tuple[object, ...], Block]]) -> list[Block]:
    """The blocks in the order of their keys, once per text."""
    found: dict[str, tuple[tuple[object, ...], Block]] = {}
    for key, block in blocks:
        found.setdefault(block.text, (key, block))
    return [block for _, block in sorted(found.values(), key=lambda kb: kb[0])]


def _reached(p: Processing) -> tuple[Recipient, ...]:
    """The activity's recipients, and those of the organisation's own flows that may carry
    its data."""
    return (*p.recipients, *p.shared)


def _recipient_key(r: Recipient) -> tuple[object, ...]:
    return (r.via is not None, r.name.casefold(), r.flow)


def _recipients(s: Scope) -> list[Block]:
    w = s.wording
    return _unique(
        (_recipient_key(r) + (w.recipient(r, ""),),
         s.block(w.recipient(r, "" if r.role else s.marker(("ROPA-04",), r.flows))))
        for p in s.activities for r in _reached(p))


def _country(s: Scope, r: Recipient) -> str:
    """'; country: — missing (ROPA-05)' when the flow may leave the EEA for no named country."""
    if not s.gaps.fired(("ROPA-05",), r.flows):
        return ""
    return "; " + s.phrase("country", marker=s.marker(("ROPA-05",), r.flows))


def _adequacy(iri: str) -> bool:
    return iri.endswith("A45-3") or "#Adequacy-" in iri or iri.endswith("AdequacyDecision")


def _transfers(s: Scope) -> list[Block]:
    w, rules = s.wording, ("XFER-01", "XFER-05")
    blocks = _unique(
        [(_recipient_key(r), s.block(w.transfer(r, "" if r.mechanisms
                                                else s.marker(rules, r.flows))
                                     + _country(s, r)))
         for p in s.activities for r in _reached(p) if r.transfer]
        + [((False, a.name.casefold(), a.system),
            s.block(w.abroad(a, "" if a.mechanisms else s.marker(rules, [p.iri]))))
           for p in s.activities for a in p.abroad])
    mechanisms = [m.iri for p in s.activities for r in _reached(p) if r.transfer
                  for m in r.mechanisms]
    mechanisms += [m.iri for p in s.activities for a in p.abroad for m in a.mechanisms]
    if blocks and not all(_adequacy(m) for m in mechanisms):
        contact = s.contact() or s.marker(("ROPA-01",), s.foci)
        blocks.append(s.block(s.phrase("copy", contact=contact)))
    return blocks


def _retention(s: Scope) -> list[Block]:
    w, blocks = s.wording, []
    for p in s.activities:
        details = [w.retention(r) for r in p.retention]
        if not details:
            details.append(s.marker(("RET-01", "ROPA-06"), p.foci))
        elif any(r.generic for r in p.retention) and s.gaps.fired(("RET-02",), p.foci):
            details.append(s.marker(("RET-02",), p.foci))
        data = ", ".join(sorted(dict.fromkeys(w.term(t) for t in p.data), key=str.casefold))
        blocks.append(s.block(f"{p.name} ({data})" if data else p.name, details))
    return blocks


#: The rights that hold whatever the legal basis (Art. 15, 16 and 18).
_ALWAYS = ("access", "rectification", "restriction")


def _rights(s: Scope) -> list[Block]:
    found = {p.iri: rights(p) or _ALWAYS for p in s.activities}
    blocks = []
    for key in _RIGHTS:
        applies = [p for p in s.activities if key in found[p.iri]]
        if applies:
            scope = ([] if len(applies) == len(s.activities)
                     else [s.phrase("applies", names=s.names(applies))])
            blocks.append(s.block(right(key, s.language), scope))
    blocks += [s.block(s.phrase("undetermined", name=p.name,
                                marker=s.marker(("LB-01", "LB-02"), p.foci)))
               for p in s.activities if not rights(p)]
    if blocks:
        contact = s.contact() or s.marker(("ROPA-01",), s.foci)
        blocks.append(s.block(s.phrase("exercise", contact=contact)))
    return blocks


def _complaint(s: Scope) -> list[Block]:
    return [s.block(s.phrase("complaint")), s.block(s.phrase("authority"))]


#: Whether providing the data is required, by the Art. 6(1) basis of the purpose.
_REQUIREMENT = {"A6-1-c": "statutory", "A6-1-b": "contract", "A6-1-a": "voluntary"}


def _requirement(s: Scope) -> list[Block]:
    w, blocks = s.wording, []
    for p in s.activities:
        details = []
        for purpose in _ordered(s, p.purposes):
            keys = {b.iri.rsplit("#", 1)[-1] for b in purpose.bases}
            said = [s.phrase(v) for k, v in _REQUIREMENT.items() if k in keys]
            text = ("; ".join(said) if said else s.unrecorded() if purpose.bases
                    else s.marker(("LB-01", "LB-02"), p.foci))
            details.append(f"{w.term(purpose.purpose)}: {text}")
        if not p.purposes:
            details.append(s.marker(("ROPA-02", "LB-01"), p.foci))
        blocks.append(s.block(p.name, details))
    return blocks


def _decisions(s: Scope) -> list[Block]:
    """Each activity that decides by automated means alone (effect, Art. 22(2) exception,
    safeguards) or profiles; the activities that state none are not listed."""
    w, blocks = s.wording, []
    for p in s.activities:
        if p.decisions is not None and p.decisions.automated:
            details = [s.phrase(key, term=w.term(t)) for key, t in
                       (("effect", p.decisions.effect), ("exception", p.decisions.exception))
                       if t is not None]
            if p.decisions.safeguards:
                details.append(s.phrase("safeguards", safeguards=", ".join(
                    w.term(t) for t in p.decisions.safeguards)))
            blocks.append(s.block(s.phrase("automated", name=p.name), details))
        if p.profiling:
            blocks.append(s.block(s.phrase("profiling", name=p.name)))
    return blocks


FILL: dict[str, Callable[[Scope], list[Block]]] = {
    "controller": _controller,
    "dpo": _dpo,
    "purposes": _purposes,
    "legitimate-interests": _interests,
    "data": _data,
    "sources": _sources,
    "recipients": _recipients,
    "transfers": _transfers,
    "retention": _retention,
    "rights": _rights,
    "complaint": _complaint,
    "requirement": _requirement,
    "automated-decisions": _decisions,
}
"""The content of each section of sections.SECTIONS, by its id."""
