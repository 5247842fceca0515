"""Turn validated YAML flow files into RDF triples, recording file:line for each node."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..duration import EXPECTED as DURATIONS
from ..duration import to_days
from ..errors import InputError, InputErrors, UnknownId, close_matches, did_you_mean
from ..store.convert import IRI_EXPECTED, iri_problem
from ..store.sink import TripleSink
from ..store.terms import TermIndex
from ..vocab import DF, DPV, ID_BASE
from . import flowfile as ff
from .accountability import build_accountability
from .chaingraph import build_chain_facts
from .consent import build_consent, build_flow_purpose
from .interests import build_objection, build_purpose_interest
from .noticegraph import build_notice
from .parse import Declared, ParsedFile
from .rdfcheck import quiet_rdflib
from .sourcemap import Location, SourceMap
from .yamlfile import KeyPath, YamlDocument

_T = TypeVar("_T")
#: What a bad term or id stands for while the rest of its entry is read for more errors.
INVALID = URIRef("urn:dataflow:invalid")

_ACTIVITY_ROLES = {
    "controller": DF.Controller,
    "processor": DF.Processor,
    "joint-controller": DF.JointController,
}
_ENTITY_CLASSES = {
    "organisation": (DF.Organisation, DPV.LegalEntity),
    "party": (DF.Party, DPV.LegalEntity),
    "system": (DF.System,),
    "activity": (DF.Activity, DPV.Process),
    "flow": (DF.Flow, DPV.Process),
}


@lru_cache(maxsize=65536)
def node(id_: str) -> URIRef:
    return URIRef(ID_BASE + id_)


class GraphBuilder:
    """Emit the triples of one parsed file into a shared sink, loaded into the graph at the end."""

    def __init__(self, graph: TripleSink, terms: TermIndex, declared: Declared,
                 sources: SourceMap) -> None:
        self.g = graph
        self.terms = terms
        self.declared = declared
        self.sources = sources
        self.doc: YamlDocument
        self._resolved: dict[tuple[str, str], URIRef | None] = {}
        self._pending: list[InputError] | None = None
        quiet_rdflib()  # term() refuses an invalid IRI itself, with its line

    # -- helpers ---------------------------------------------------------------------------

    def _err(self, message: str, path: KeyPath, expected: str | None = None) -> InputError:
        line, column = self.doc.position(path)
        return InputError(message, self.doc.file, line, expected, column)

    def _locate(self, subject: URIRef, path: KeyPath) -> None:
        self.sources.record(str(subject), Location(self.doc.file, self.doc.line(path)))

    locate = _locate

    def _fail(self, error: InputError) -> URIRef:
        """A bad term or id: noted, so that the entry goes on and every error of it is
        reported (the graph is then thrown away); raised when nothing collects errors."""
        if self._pending is None:
            raise error
        self._pending.append(error)
        return INVALID

    def term(self, text: str, kind: str, path: KeyPath) -> URIRef:
        key = (text, kind)
        if key in self._resolved:
            known = self._resolved[key]
            if known is not None:
                return known
        iri = self.terms.resolve(text, kind)
        if iri is None:
            extra = did_you_mean(self.terms.suggest(text, kind))
            return self._fail(self._err(f"unknown {kind} '{text}'{extra}", path,
                                        self.terms.expected(kind)))
        if iri not in self.terms.known and (problem := iri_problem(iri)) is not None:
            shown = text if len(text) <= 80 else text[:80] + "…"  # the sink would refuse it
            return self._fail(self._err(f"'{shown}' is not an IRI: {problem}", path,
                                        IRI_EXPECTED))
        if iri in self.terms.known and not self.terms.is_kind(iri, kind):
            return self._fail(self._err(f"'{text}' is not a valid {kind}", path, f"a {kind}"))
        self._resolved[key] = iri
        return iri

    def term_list(self, texts: Iterable[str], kind: str, path: KeyPath) -> list[URIRef]:
        return [self.term(t, kind, path + (i,)) for i, t in enumerate(texts)]

    def ref(self, id_: str, kinds: set[str], path: KeyPath) -> URIRef:
        kind = self.declared.kinds.get(id_)
        if kind is None:
            extra = did_you_mean(close_matches(id_, self.declared.kinds, n=1))
            line, column = self.doc.position(path)
            return self._fail(UnknownId(f"unknown id '{id_}'{extra}", self.doc.file, line,
                                        f"the id of a declared {' or '.join(sorted(kinds))}",
                                        column))
        if kind not in kinds:
            return self._fail(self._err(f"'{id_}' is a {kind}", path,
                                        f"a {' or '.join(sorted(kinds))}"))
        return node(id_)

    def _unknown_source(self, text: str, path: KeyPath) -> URIRef:
        """A source that is neither a term nor a declared id: it may be the id of a file that
        could not be read, so it is reported as an unknown id (dropped when one could not)."""
        line, column = self.doc.position(path)
        extra = did_you_mean(self.terms.suggest(text, "data source")
                             + close_matches(text, self.declared.kinds, n=1))
        return self._fail(UnknownId(
            f"unknown data source '{text}'{extra}", self.doc.file, line,
            f"{self.terms.expected('data source')}, or the id of a declared organisation, "
            "party or system", column))

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | Literal | BNode | None) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def text(self, s: URIRef, p: URIRef, value: str | None) -> None:
        if value is not None:
            self.g.add_text(s, p, value)

    def typed(self, s: URIRef, kind: str) -> None:
        for cls in _ENTITY_CLASSES[kind]:
            self.g.add((s, RDF.type, cls))

    # -- sections --------------------------------------------------------------------------

    def build(self, parsed: ParsedFile) -> None:
        """Add one file's entries; every entry with an error is reported, not just the first."""
        self.doc = parsed.doc
        m = parsed.model
        errors: list[InputError] = []
        default_org = None
        if m.organisation is not None:
            default_org = self._collect(errors, self.ref, m.organisation, {"organisation"},
                                        ("organisation",))
        for i, org in enumerate(m.organisations):
            self._collect(errors, self.organisation, org, ("organisations", i))
        for i, party in enumerate(m.parties):
            self._collect(errors, self.party, party, ("parties", i))
        for i, system in enumerate(m.systems):
            self._collect(errors, self.system, system, default_org, ("systems", i))
        for i, activity in enumerate(m.activities):
            self._collect(errors, self.activity, activity, default_org, ("activities", i))
        for i, flow in enumerate(m.flows):
            self._collect(errors, self.flow, flow, default_org, ("flows", i))
        for i, notice in enumerate(m.notice):
            self._collect(errors, build_notice, self, notice, default_org, node(notice.id),
                          ("notice", i))
        if errors:
            raise InputErrors(errors)

    def _collect(self, errors: list[InputError], step: Callable[..., _T], *args: Any
                 ) -> _T | None:
        self._pending = errors
        try:
            return step(*args)
        except InputError as exc:
            errors.append(exc)
            return None
        finally:
            self._pending = None

    def organisation(self, org: ff.Organisation, path: KeyPath) -> None:
        s = node(org.id)
        self.typed(s, "organisation")
        self._locate(s, path)
        self.text(s, DPV.hasName, org.name)
        if org.country:
            self.add(s, DPV.hasCountry, self.term(org.country, "country", path + ("country",)))
        self.text(s, DF.businessId, org.business_id)
        self.text(s, DPV.hasAddress, org.address)
        self.text(s, DF.email, org.email)
        self.text(s, DF.phone, org.phone)
        self.add(s, DF.recordKind, DF.NoticeRecord if org.record == "notice"
                 else DF.CompleteRecord)
        for key, prop, cls in (("dpo", DPV.hasDataProtectionOfficer, DPV.DataProtectionOfficer),
                               ("representative", DPV.hasRepresentative, DPV.Representative)):
            contact: ff.Contact | None = getattr(org, key)
            if contact is None:
                continue
            c = URIRef(f"{s}/{key}")
            self.add(s, prop, c)
            self.add(c, RDF.type, cls)
            self._locate(c, path + (key,))
            self.text(c, DPV.hasName, contact.name)
            self.text(c, DF.email, contact.email)
            self.text(c, DF.phone, contact.phone)
            self.text(c, DPV.hasAddress, contact.address)
        build_accountability(self, s, org, path)
        build_objection(self, s, org)

    def party(self, party: ff.Party, path: KeyPath) -> None:
        s = node(party.id)
        self.typed(s, "party")
        self._locate(s, path)
        self.text(s, DPV.hasName, party.name)
        self.text(s, DF.description, party.description)
        if party.country:
            self.add(s, DPV.hasCountry,
                     self.term(party.country, "country", path + ("country",)))
        for c in self.term_list(party.certifications, "certification", path + ("certifications",)):
            self.add(s, DF.certification, c)

    def system(self, system: ff.System, default_org: URIRef | None, path: KeyPath) -> None:
        s = node(system.id)
        self.typed(s, "system")
        self._locate(s, path)
        self.text(s, RDFS.label, system.name)
        self.text(s, DF.description, system.description)
        org = (self.ref(system.organisation, {"organisation"}, path + ("organisation",))
               if system.organisation else default_org)
        self.add(s, DF.organisation, org)
        if system.country:
            self.add(s, DPV.hasCountry,
                     self.term(system.country, "country", path + ("country",)))
        if system.operator:
            self.add(s, DF.operator, self.ref(system.operator, {"organisation", "party"},
                                              path + ("operator",)))
        for t in self.term_list(system.mechanism, "transfer mechanism", path + ("mechanism",)):
            self.add(s, DF.transferMechanism, t)

    def activity(self, act: ff.Activity, default_org: URIRef | None, path: KeyPath) -> None:
        s = node(act.id)
        self.typed(s, "activity")
        self._locate(s, path)
        self.text(s, RDFS.label, act.name)
        self.text(s, DF.description, act.description)
        org = (self.ref(act.organisation, {"organisation"}, path + ("organisation",))
               if act.organisation else default_org)
        if org is None:
            raise self._err("activity has no organisation", path,
                            "'organisation:' on the activity or at the top of the file")
        self.add(s, DF.organisation, org)
        controllers = [self.ref(c, {"organisation", "party"}, path + ("controllers", i))
                       for i, c in enumerate(act.controllers)]
        if act.role is not None:
            self.add(s, DF.role, _ACTIVITY_ROLES[act.role])
            if act.role == "processor":
                self.add(s, DPV.hasDataProcessor, org)
            else:
                self.add(s, DPV.hasDataController, org)
        for c in controllers:
            self.add(s, DPV.hasDataController, c)
        for i, purpose in enumerate(act.purposes):
            self.purpose(s, purpose, i + 1, path + ("purposes", i))
        for b in self.term_list(act.legal_bases, "Art. 6 legal basis", path + ("legal-bases",)):
            self.add(s, DPV.hasLegalBasis, b)
        for t in self.term_list(act.subjects, "data subject category", path + ("subjects",)):
            self.add(s, DPV.hasDataSubject, t)
        for t in self.term_list(act.data, "data category", path + ("data",)):
            self.add(s, DPV.hasPersonalData, t)
        for i, src in enumerate(act.sources):
            spath = path + ("sources", i)
            if src in self.declared.kinds:
                self.add(s, DPV.hasDataSource, self.ref(src, {"organisation", "party", "system"},
                                                        spath))
            elif self.terms.resolve(src, "data source") is None:
                self.add(s, DPV.hasDataSource, self._unknown_source(src, spath))
            else:
                self.add(s, DPV.hasDataSource, self.term(src, "data source", spath))
        for t in self.term_list(act.measures, "measure", path + ("measures",)):
            self.add(s, DPV.hasTechnicalOrganisationalMeasure, t)
        for i, sys_id in enumerate(act.systems):
            self.add(s, DF.system, self.ref(sys_id, {"system"}, path + ("systems", i)))
        self.retention(s, act.retention, path + ("retention",))
        build_accountability(self, s, act, path)
        build_objection(self, s, act)

    def purpose(self, activity: URIRef, p: ff.Purpose, n: int, path: KeyPath) -> None:
        purpose = self.term(p.purpose, "purpose", path + ("purpose",))
        self.add(activity, DPV.hasPurpose, purpose)
        pb = URIRef(f"{activity}/purpose/{n}")
        self.add(activity, DF.purposeBasis, pb)
        self.add(pb, RDF.type, DF.PurposeBasis)
        self._locate(pb, path)
        self.add(pb, DPV.hasPurpose, purpose)
        for b in self.term_list(p.legal_basis, "Art. 6 legal basis", path + ("legal-basis",)):
            self.add(pb, DPV.hasLegalBasis, b)
        for c in self.term_list(p.art9_condition, "Art. 9(2) condition",
                                path + ("art9-condition",)):
            self.add(pb, DF.art9Condition, c)
        for i, law in enumerate(p.national_law):
            iri = self.terms.resolve(law)
            if iri is not None and self.terms.is_kind(iri, "national law"):
                self.add(pb, DF.nationalLaw, iri)
            elif iri is None and law.startswith(("tsl-", "df:")):
                self.term(law, "national law", path + ("national-law", i))
            else:
                self.add(pb, DF.nationalLaw, Literal(law))
        self.text(pb, DF.art10Ground, p.art10_ground)
        build_consent(self, pb, p.consent, path + ("consent",))
        if p.strictly_necessary:
            self.add(pb, DF.strictlyNecessary, Literal(True))
        self.text(pb, DF.description, p.description)
        build_purpose_interest(self, pb, p)

    def retention(self, s: URIRef, items: list[ff.Retention], path: KeyPath) -> None:
        for i, r in enumerate(items):
            rpath = path + (i,) if len(items) > 1 or self.doc.line(path + (0,)) else path
            node_ = URIRef(f"{s}/retention/{i + 1}")
            self.add(s, DPV.hasStorageCondition, node_)
            self.add(node_, RDF.type, DF.Retention)
            self.add(node_, RDF.type, DPV.StorageDuration)
            self._locate(node_, rpath)
            if r.duration is not None:
                days = to_days(r.duration)
                if days is None:
                    raise self._err(f"cannot read duration '{r.duration}'", rpath + ("duration",),
                                    DURATIONS)
                self.add(node_, DF.retentionDays, Literal(days, datatype=XSD.integer))
            self.text(node_, DF.retentionTrigger, r.trigger)
            self.text(node_, DF.retentionCriteria, r.criteria)
            self.text(node_, DF.retentionLegalRef, r.legal_ref)
            if r.generic:
                self.add(node_, DF.genericWording, Literal(True))

    def flow(self, f: ff.Flow, default_org: URIRef | None, path: KeyPath) -> None:
        s = node(f.id)
        self.typed(s, "flow")
        self._locate(s, path)
        self.text(s, DF.description, f.description)
        endpoints = {"organisation", "party", "system", "activity"}
        sender = self.ref(f.from_, endpoints, path + ("from",))
        self.add(s, DF["from"], sender)
        self.add(s, DF.to, self.ref(f.to, endpoints, path + ("to",)))
        org = (self.ref(f.organisation, {"organisation"}, path + ("organisation",))
               if f.organisation else default_org)
        if org is None and self.declared.kinds.get(f.from_) == "organisation":
            org = sender
        self.add(s, DF.organisation, org)
        if f.role is not None:
            self.add(s, DF.recipientRole, self.term(f.role, "role", path + ("role",)))
        for t in self.term_list(f.data, "data category", path + ("data",)):
            self.add(s, DPV.hasPersonalData, t)
        for t in self.term_list(f.purposes, "purpose", path + ("purposes",)):
            self.add(s, DPV.hasPurpose, t)
        for t in self.term_list(f.legal_basis, "Art. 6 legal basis", path + ("legal-basis",)):
            self.add(s, DPV.hasLegalBasis, t)
        if f.country is not None:
            self.add(s, DF.targetCountry, self.term(f.country, "country", path + ("country",)))
        for t in self.term_list(f.storage, "country", path + ("storage",)):
            self.add(s, DF.storageCountry, t)
        for t in self.term_list(f.access, "country", path + ("access",)):
            self.add(s, DF.accessCountry, t)
        for t in self.term_list(f.mechanism, "transfer mechanism", path + ("mechanism",)):
            self.add(s, DF.transferMechanism, t)
        if f.frequency is not None:
            self.add(s, DF.frequency,
                     self.term(f.frequency, "frequency", path + ("frequency",)))
        if f.start is not None:
            self.add(s, DF.startDate, Literal(f.start))
        if f.dpa is not None:
            dpa = URIRef(f"{s}/dpa")
            self.add(s, DF.dpa, dpa)
            self.add(dpa, RDF.type, DPV.DataProcessingAgreement)
            self._locate(dpa, path + ("dpa",))
            if f.dpa.signed is not None:
                self.add(dpa, DF.signedDate, Literal(f.dpa.signed))
            self.text(dpa, RDFS.label, f.dpa.reference)
        self.retention(s, f.retention, path + ("retention",))
        build_chain_facts(self.g, s, f)
        build_flow_purpose(self, s, f.compatibility_assessment)
        build_objection(self, s, f)
