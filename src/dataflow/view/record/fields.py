"""The fields of a record: each one fact of an activity, worded as the lines of one cell.

A field names the graph fact behind it (`source`, shown in docs/records-and-notices.md), the
rules whose findings explain its absence, and what an empty cell says: `missing` (the record
must state it: the marker with the rule IDs of the findings raised on the activity),
or `none` (an empty list is a fact: no transfers, no DPO designated; unless a finding of one
of its rules says something is missing). Profiles (profiles.py) choose fields and label them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from .facts import Processing, Purpose, Recipient, Term, rights
from .wording import Language, Wording

Empty = Literal["missing", "none"]


@dataclass(frozen=True)
class Gaps:
    """The rule IDs of the findings on each focus node (activity, flow, organisation, …)."""

    rules_by_focus: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def fired(self, rules: Collection[str], foci: Iterable[str]) -> set[str]:
        """Which of `rules` a finding on one of `foci` comes from."""
        return {r for f in foci for r in self.rules_by_focus.get(f, ()) if r in rules}


@dataclass
class Context:
    """What a field reads: the activity, the words of the language, the findings."""

    processing: Processing
    wording: Wording
    gaps: Gaps
    marked: list[set[str]] = field(default_factory=list)
    """The rules named by each marker written so far (a cell may miss a part of a fact)."""

    def marker(self, rules: Collection[str], foci: Iterable[str] | None = None) -> str:
        """The missing marker, with the rules of `rules` that fired on `foci` (default:
        anywhere in the activity)."""
        found = self.gaps.fired(rules, self.processing.foci if foci is None else foci)
        self.marked.append(found)
        return self.wording.missing(found)


Lines = Callable[[Context], list[str]]


@dataclass(frozen=True)
class Field:
    id: str
    source: str
    """The graph fact behind the field (for the documentation)."""
    lines: Lines
    rules: tuple[str, ...] = ()
    empty: Empty = "missing"
    none: Mapping[Language, str] = field(default_factory=dict)
    """What an empty `none` field says."""


def _controller(c: Context) -> list[str]:
    """The organisation's name and contact details; the marker when it has no channel."""
    org = c.processing.organisation
    if org is None:
        return []
    text = c.wording.entity(org)
    return [text if org.channels else f"{text}, {c.marker(('ROPA-01',), [org.iri])}"]


def _dpo(c: Context) -> list[str]:
    org = c.processing.organisation
    return [c.wording.contact(org.dpo)] if org and org.dpo else []


def _representative(c: Context) -> list[str]:
    """The EU representative; the marker when an organisation outside the EEA has none."""
    org = c.processing.organisation
    if org and org.representative:
        return [c.wording.contact(org.representative)]
    return [c.marker(("ROPA-01",), [org.iri])] if org and org.eea is False else []


def _partners(c: Context) -> list[str]:
    return [c.wording.entity(e) for e in c.processing.controllers]


def _joint(c: Context) -> list[str]:
    return _partners(c) if c.processing.role_name == "joint-controller" else []


def _ordered(c: Context) -> list[Purpose]:
    """The activity's purposes in the alphabetical order of the record's language."""
    return sorted(c.processing.purposes, key=lambda p: c.wording.term(p.purpose).casefold())


def _purposes(c: Context) -> list[str]:
    return list(dict.fromkeys(c.wording.term(p.purpose) for p in _ordered(c)))


def _described(c: Context) -> list[str]:
    """Purposes with their descriptions: the categories of processing of a processor."""
    w = c.wording
    return [w.term(p.purpose) + (f": {p.description}" if p.description else "")
            for p in _ordered(c)]


def _bases(c: Context) -> list[str]:
    w, p = c.wording, c.processing
    return ([w.basis(purpose, "" if purpose.bases else c.marker(("LB-01", "LB-02")))
             for purpose in _ordered(c)] + w.untied(p))


def _interests(c: Context) -> list[str]:
    w = c.wording
    return [w.term(p.purpose) + (f": {p.description}" if p.description else "")
            for p in _ordered(c) if p.legitimate_interest]


def _conditions(c: Context) -> list[str]:
    lines = [line for p in _ordered(c) if (line := c.wording.conditions(p))]
    if not lines and c.processing.sensitive:
        return [c.marker(("SC-01", "CRIM-01", "FI-HETU-01"))]
    return lines


def _labels(c: Context, terms: Iterable[Term]) -> list[str]:
    """The labels of terms in the record's language, in alphabetical order, once each."""
    return sorted(dict.fromkeys(c.wording.term(t) for t in terms), key=str.casefold)


def _subjects(c: Context) -> list[str]:
    return _labels(c, c.processing.subjects)


def _data(c: Context, sensitive: bool | None = None) -> list[str]:
    """Every category, the sensitive ones marked; or only the (non-)sensitive ones."""
    w, p = c.wording, c.processing
    lines = []
    for term in sorted(p.data, key=lambda t: w.term(t).casefold()):
        if sensitive is None:
            kind = ("special" if term.iri in p.special else "criminal" if term.iri in p.criminal
                    else "identity code" if term.iri in p.identity_codes else None)
            lines.append(w.term(term) + (f" ({w.word(kind)})" if kind else ""))
        elif (term.iri in p.sensitive) == sensitive:
            lines.append(w.term(term))
    return lines


def _common_data(c: Context) -> list[str]:
    """The categories that are not sensitive; the marker when the activity names none."""
    return _data(c, sensitive=False) if c.processing.data else [c.marker(("ROPA-03",))]


def _sources(c: Context) -> list[str]:
    return _labels(c, c.processing.sources)


def _recipient_lines(c: Context, recipients: Iterable[Recipient]) -> list[str]:
    return [c.wording.recipient(r, "" if r.role else c.marker(("ROPA-04",), r.flows))
            for r in recipients]


def _recipients(c: Context) -> list[str]:
    return _recipient_lines(c, c.processing.recipients)


def _typed_recipients(c: Context) -> list[str]:
    """'processor: CallCloud Oy (Finland), Mailwave Ltd (Ireland)': one line per type."""
    w = c.wording
    by_role: dict[str, list[str]] = {}
    for r in c.processing.recipients:
        role = w.term(r.role) if r.role else c.marker(("ROPA-04",), r.flows)
        by_role.setdefault(role, []).append(f"{r.name} ({w.place(r)})")
    return [f"{role}: {', '.join(dict.fromkeys(names))}" for role, names in by_role.items()]


def _sub_processors(c: Context) -> list[str]:
    return _recipient_lines(c, (r for r in c.processing.recipients if r.processor))


def _countries(c: Context) -> list[str]:
    w, p = c.wording, c.processing
    lines = [f"{w.place(r)}: {r.name}" for r in p.transfers]
    return lines + [f"{w.term(a.country)}: {a.name}" for a in p.abroad]


def _safeguards(c: Context) -> list[str]:
    w, p = c.wording, c.processing
    rules = ("XFER-01", "XFER-05")
    return ([w.transfer(r, "" if r.mechanisms else c.marker(rules, r.flows))
             for r in p.transfers]
            + [w.abroad(a, "" if a.mechanisms else c.marker(rules, [p.iri])) for a in p.abroad])


def _contracts(c: Context) -> list[str]:
    """The processing agreement of each processor and sub-processor the data reaches."""
    return [f"{r.name}: {r.dpa or c.marker(('PROC-01',), r.flows)}"
            for r in c.processing.recipients if r.processor]


def _retention(c: Context) -> list[str]:
    return [c.wording.retention(r) for r in c.processing.retention]


def _measures(c: Context) -> list[str]:
    return _labels(c, c.processing.measures)


def _systems(c: Context) -> list[str]:
    return _labels(c, c.processing.systems)


def _description(c: Context) -> list[str]:
    return [c.processing.description] if c.processing.description else []


def _name(c: Context) -> list[str]:
    return [c.processing.name]


def _rights(c: Context) -> list[str]:
    return [c.wording.right(r) for r in rights(c.processing)]


def _dpia(c: Context) -> list[str]:
    return [c.wording.term(t) for t in c.processing.measures if t.iri.endswith("#DPIA")]


def _decisions(c: Context) -> list[str]:
    """Decisions by automated means alone, with their effect, exception and safeguards, and
    profiling. An activity that states none says so; one that states nothing is empty."""
    w, p = c.wording, c.processing
    lines = []
    if p.decisions is not None and p.decisions.automated:
        said = [w.word("automated")]
        said += [w.term(t) for t in (p.decisions.effect, p.decisions.exception) if t]
        if p.decisions.safeguards:
            said.append(f"{w.word('safeguards')} "
                        f"{', '.join(w.term(t) for t in p.decisions.safeguards)}")
        lines.append("; ".join(said))
    elif p.decisions is not None:
        lines.append(w.word("no automated"))
    if p.profiling:
        lines.append(w.word("profiling"))
    return lines


_NONE: dict[Language, str] = {"en": "none", "fi": "ei ole", "fr": "néant"}
_NO_TRANSFERS: dict[Language, str] = {
    "en": "no transfers outside the EEA", "fi": "ei siirtoja EU/ETA-alueen ulkopuolelle",
    "fr": "aucun transfert hors de l'EEE"}

FIELDS: dict[str, Field] = {f.id: f for f in (
    Field("activity", "the activity's name (rdfs:label)", _name),
    Field("description", "df:description of the activity", _description, empty="none",
          none=_NONE),
    Field("controller", "the activity's df:organisation: dpv:hasName, df:businessId, "
          "dpv:hasAddress, df:email, df:phone", _controller, ("ROPA-01", "ROLE-01")),
    Field("dpo", "the organisation's dpv:hasDataProtectionOfficer: name, e-mail, phone, "
          "address", _dpo, (), "none",
          {"en": "none designated", "fi": "ei nimetty", "fr": "non désigné"}),
    Field("representative", "the organisation's dpv:hasRepresentative (Art. 27)",
          _representative, (), "none",
          {"en": "not required (established in the EEA)",
           "fi": "ei tarpeen (sijoittautunut EU/ETA-alueelle)",
           "fr": "non requis (établi dans l'EEE)"}),
    Field("joint-controllers", "dpv:hasDataController other than the organisation, for a "
          "joint-controller activity", _joint, ("ROLE-01",), "none", _NONE),
    Field("controllers", "dpv:hasDataController of a processor activity: the controllers it "
          "acts for", _partners, ("ROLE-01",)),
    Field("purposes", "dpv:hasPurpose of each df:PurposeBasis", _purposes, ("ROPA-02",)),
    Field("processing", "each purpose with its df:description: what is done on the "
          "controller's behalf", _described, ("ROPA-02",)),
    Field("legal-basis", "dpv:hasLegalBasis of each df:PurposeBasis (Art. 6(1)), and bases "
          "tied to no purpose", _bases, ("LB-01", "LB-02", "ROPA-02")),
    Field("legitimate-interests", "the df:description of each purpose whose basis is "
          "Art. 6(1)(f)", _interests, (), "none", _NONE),
    Field("art9", "df:art9Condition, df:nationalLaw and df:art10Ground of each purpose",
          _conditions, ("SC-01", "SC-02", "CRIM-01", "FI-HETU-01"), "none", _NONE),
    Field("subjects", "dpv:hasDataSubject", _subjects, ("ROPA-03",)),
    Field("data", "dpv:hasPersonalData, special categories marked", _data, ("ROPA-03",)),
    Field("data-common", "dpv:hasPersonalData other than special categories",
          _common_data, (), "none", _NONE),
    Field("data-sensitive", "dpv:hasPersonalData under dpv:SpecialCategoryPersonalData, "
          "pd:CriminalOffence or the henkilötunnus", lambda c: _data(c, sensitive=True), (),
          "none", _NONE),
    Field("sources", "dpv:hasDataSource: source terms and parties", _sources),
    Field("recipients", "the receiver of each flow from the activity and onward (df:to), "
          "with df:recipientRole and its country", _recipients, ("ROPA-04",), "none", _NONE),
    Field("recipients-typed", "the same recipients grouped by df:recipientRole",
          _typed_recipients, ("ROPA-04",), "none", _NONE),
    Field("sub-processors", "the processors and sub-processors among the recipients",
          _sub_processors, ("ROPA-04",), "none", _NONE),
    Field("countries", "the countries outside the EEA that flows reach (the receiver's "
          "country, df:targetCountry, df:storageCountry, df:accessCountry) and systems abroad",
          _countries, ("ROPA-05",), "none", _NO_TRANSFERS),
    Field("transfers", "each transfer with its df:transferMechanism (Chapter V)", _safeguards,
          ("ROPA-05", "XFER-01"), "none", _NO_TRANSFERS),
    Field("contracts", "the df:dpa of each flow to a processor or sub-processor: its "
          "reference (rdfs:label) and df:signedDate", _contracts, ("PROC-01",), "none", _NONE),
    Field("retention", "dpv:hasStorageCondition: df:retentionDays from df:retentionTrigger, "
          "df:retentionCriteria, df:retentionLegalRef", _retention,
          ("RET-01", "RET-02", "ROPA-06")),
    Field("measures", "dpv:hasTechnicalOrganisationalMeasure", _measures, ("ROPA-07",)),
    Field("systems", "df:system: the systems the activity uses", _systems, (), "none", _NONE),
    Field("rights", "derived from the legal bases (Art. 15-22)", _rights, ("LB-01",)),
    Field("automated-decisions", "df:processingContext dpv:AutomatedDecisionMaking with "
          "df:decisionEffect, df:art22Exception and df:art22Safeguard, or "
          "df:automatedDecisions false; dpv:Profiling", _decisions, ("ADM-01", "ADM-02"),
          "none", {"en": "not stated", "fi": "ei ilmoitettu", "fr": "non indiqué"}),
    Field("dpia", "dpv:DPIA among the measures", _dpia, (), "none",
          {"en": "none recorded among the measures", "fi": "ei kirjattu toimenpiteisiin",
           "fr": "aucune consignée dans les mesures"}),
)}
