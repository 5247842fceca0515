"""Consent as a purpose entry states it, and the facts of a disclosure's purpose.

`consent:` on a purpose is a method (`consent: opt-in`) or a mapping that also says what the
consent record keeps and how consent is withdrawn (CONS-01, CONS-02):

    consent: {method: opt-in, record: [subject, time, notice-version, purposes],
              withdrawal: unsubscribe link in every message}

A flow to another controller may name the Art. 6(4) compatibility assessment of its purpose
(`compatibility-assessment:`, LB-04). The triples are df:consentMethod, df:consentRecords
(df:ConsentSubject, df:ConsentTime, df:ConsentNoticeVersion, df:ConsentPurposes) and
df:withdrawalChannel on the purpose entry, and df:compatibilityAssessment on the flow;
ontology/consent.ttl declares them.
"""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import Field
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from ..vocab import DF
from .flowtypes import ConsentMethod, Many, Model
from .yamlfile import KeyPath

#: What a consent record keeps, as written, and its term.
RECORD_FIELDS: dict[str, URIRef] = {
    "subject": DF.ConsentSubject,
    "time": DF.ConsentTime,
    "notice-version": DF.ConsentNoticeVersion,
    "purposes": DF.ConsentPurposes,
}
RecordField = Literal["subject", "time", "notice-version", "purposes"]


class Consent(Model):
    """How consent is obtained, what its record keeps and how it is withdrawn."""

    method: ConsentMethod | None = None
    record: Many[RecordField] = Field(
        default_factory=list, description="What the record of each consent keeps: subject "
        "(who consented), time, notice-version (the text they saw), purposes (Art. 7(1)).")
    withdrawal: str | None = Field(
        None, description="How consent is withdrawn, e.g. 'unsubscribe link in every "
        "message' (Art. 7(3)).")


class Builder(Protocol):
    """What these builders need of yamlgraph.GraphBuilder."""

    def term(self, text: str, kind: str, path: KeyPath) -> URIRef: ...
    def add(self, s: URIRef, p: URIRef, o: URIRef | RdfLiteral | None) -> None: ...
    def text(self, s: URIRef, p: URIRef, value: str | None) -> None: ...


def build_consent(b: Builder, pb: URIRef, consent: str | Consent | None, path: KeyPath) -> None:
    """The consent facts of one purpose entry `pb`; `path` is that of its `consent:` key."""
    if consent is None:
        return
    if isinstance(consent, str):
        b.add(pb, DF.consentMethod, b.term(consent, "consent method", path))
        return
    if consent.method is not None:
        b.add(pb, DF.consentMethod, b.term(consent.method, "consent method", path + ("method",)))
    for field in consent.record:
        b.add(pb, DF.consentRecords, RECORD_FIELDS[field])
    b.text(pb, DF.withdrawalChannel, consent.withdrawal)


def build_flow_purpose(b: Builder, flow: URIRef, assessment: str | None) -> None:
    """The Art. 6(4) compatibility assessment a disclosure names (LB-04)."""
    b.text(flow, DF.compatibilityAssessment, assessment)
