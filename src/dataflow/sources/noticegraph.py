"""The triples of a `notice:` block: a dpv:PrivacyNotice and what each section states.

Each section the notice states is a df:NoticeStatement keyed by its section id (the ids of
view/notice/sections.py), with the quote it comes from; entries of a section (a recipient, a
transfer, a purpose) are statements of their own. ontology/notice.ttl describes the terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from ..errors import InputError
from ..vocab import DF, DPV, EU_GDPR
from . import noticefile as nf
from .yamlfile import KeyPath, YamlDocument

#: The rights a notice lists, as written, and their DPV (eu-gdpr) IRIs.
RIGHTS: dict[str, URIRef] = {
    "access": EU_GDPR.A15,
    "rectification": EU_GDPR.A16,
    "erasure": EU_GDPR.A17,
    "restriction": EU_GDPR.A18,
    "portability": EU_GDPR.A20,
    "objection": EU_GDPR.A21,
    "objection-direct-marketing": DF.DirectMarketingObjection,
    "automated-decision": EU_GDPR.A22,
    "withdraw-consent": EU_GDPR["A7-3"],
}
CLAIMS: dict[str, URIRef] = {
    "consent-not-needed": DF.ConsentNotNeeded,
    "not-identifiable": DF.NotIdentifiable,
}
#: Sections that are stated or not, with no content but their quote.
_PLAIN = ("legitimate-interests", "data", "sources", "retention", "complaint", "requirement",
          "automated-decisions")


class Builder(Protocol):
    """What the notice builder needs of yamlgraph.GraphBuilder."""

    doc: YamlDocument

    def term(self, text: str, kind: str, path: KeyPath) -> URIRef: ...
    def term_list(self, texts: Iterable[str], kind: str, path: KeyPath) -> list[URIRef]: ...
    def ref(self, id_: str, kinds: set[str], path: KeyPath) -> URIRef: ...
    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None: ...
    def text(self, s: URIRef, p: URIRef, value: str | None) -> None: ...
    def locate(self, subject: URIRef, path: KeyPath) -> None: ...


class NoticeGraph:
    """Emit the triples of one notice through a GraphBuilder."""

    def __init__(self, b: Builder, notice: URIRef, path: KeyPath) -> None:
        self.b = b
        self.notice = notice
        self.path = path

    def statement(self, section: str, quote: str | None, path: KeyPath,
                  n: int | None = None) -> URIRef:
        s = URIRef(f"{self.notice}/{section}" + ("" if n is None else f"/{n}"))
        self.b.add(self.notice, DF.states, s)
        self.b.add(s, RDF.type, DF.NoticeStatement)
        self.b.add(s, DF.section, Literal(section))
        self.b.text(s, DF.quote, quote)
        self.b.locate(s, path)
        return s

    def contact(self, section: str, c: nf.ContactStatement) -> None:
        s = self.statement(section, c.quote, self.path + (section,))
        self.b.text(s, DPV.hasName, c.name)
        self.b.text(s, DF.email, c.email)
        self.b.text(s, DF.phone, c.phone)
        self.b.text(s, DPV.hasAddress, c.address)
        self.b.text(s, DF.representative, c.representative)

    def purposes(self, items: list[nf.PurposeStatement]) -> None:
        path = self.path + ("purposes",)
        for i, p in enumerate(items):
            s = self.statement("purposes", p.quote, path + (i,), i + 1)
            if p.purpose is not None:
                self.b.add(s, DPV.hasPurpose, self.b.term(p.purpose, "purpose",
                                                          path + (i, "purpose")))
            for t in self.b.term_list(p.legal_basis, "Art. 6 legal basis",
                                      path + (i, "legal-basis")):
                self.b.add(s, DPV.hasLegalBasis, t)

    def recipients(self, r: nf.Recipients) -> None:
        path = self.path + ("recipients",)
        s = self.statement("recipients", r.quote, path)
        if r.none:
            self.b.add(s, DF.claim, DF.NotDisclosed)
        named = path + ("named",) if self.b.doc.line(path + ("named",)) != self.b.doc.line(
            path) else path
        for i, entry in enumerate(r.named):
            e = self.statement("recipients", entry.quote, named + (i,), i + 1)
            if entry.party is not None:
                self.b.add(e, DF.names, self.b.ref(entry.party, _RECIPIENTS,
                                                   named + (i, "party")))
            self.b.text(e, DF.category, entry.category)
            for j, c in enumerate(entry.covers):
                self.b.add(e, DF.coversRecipient, self.b.ref(c, _RECIPIENTS,
                                                             named + (i, "covers", j)))
            if entry.catch_all:
                self.b.add(e, DF.catchAll, Literal(True))

    def transfers(self, t: nf.Transfers) -> None:
        path = self.path + ("transfers",)
        s = self.statement("transfers", t.quote, path)
        if t.none:
            self.b.add(s, DF.claim, DF.NoTransfers)
        to = path + ("to",) if self.b.doc.line(path + ("to",)) != self.b.doc.line(
            path) else path
        for i, entry in enumerate(t.to):
            e = self.statement("transfers", entry.quote, to + (i,), i + 1)
            for c in self.b.term_list(entry.country, "country", to + (i, "country")):
                self.b.add(e, DPV.hasCountry, c)
            for m in self.b.term_list(entry.mechanism, "transfer mechanism",
                                      to + (i, "mechanism")):
                self.b.add(e, DF.transferMechanism, m)
            if entry.party is not None:
                self.b.add(e, DF.names, self.b.ref(entry.party, _RECIPIENTS,
                                                   to + (i, "party")))
        if t.copy_ is not None:
            c = URIRef(f"{self.notice}/transfers/copy")
            self.b.add(self.notice, DF.states, c)
            self.b.add(c, RDF.type, DF.NoticeStatement)
            self.b.add(c, DF.section, Literal("transfers"))
            self.b.add(c, DF.copyOfSafeguards, Literal(True))
            self.b.text(c, DF.quote, t.copy_.quote)
            self.b.locate(c, path + ("copy",))


_RECIPIENTS = {"organisation", "party", "system"}


def build_notice(b: Builder, n: nf.Notice, org: URIRef | None, notice: URIRef,
                 path: KeyPath) -> None:
    """Add the triples of one notice; `org` is the file's default organisation."""
    if n.organisation is not None:
        org = b.ref(n.organisation, {"organisation"}, path + ("organisation",))
    if org is None:
        line, column = b.doc.position(path)
        raise InputError("notice has no organisation", b.doc.file, line,
                         "'organisation:' on the notice or at the top of the file", column)
    g = NoticeGraph(b, notice, path)
    b.add(notice, RDF.type, DPV.PrivacyNotice)
    b.add(notice, RDF.type, DF.PublishedNotice)
    b.locate(notice, path)
    b.add(notice, DF.organisation, org)
    b.add(org, DPV.hasNotice, notice)
    b.text(notice, DF.url, n.url)
    b.text(notice, DF.file, n.file)
    b.text(notice, DCTERMS.language, n.language)
    if n.date is not None:
        b.add(notice, DCTERMS.date, Literal(n.date, datatype=XSD.date))
    for i, act in enumerate(n.activities):
        a = b.ref(act, {"activity"}, path + ("activities", i))
        b.add(notice, DF.covers, a)
        b.add(a, DPV.hasNotice, notice)
    if not n.activities:
        b.add(notice, DF.coversAll, Literal(True))
    for key in ("controller", "dpo"):
        contact: nf.ContactStatement | None = getattr(n, key)
        if contact is not None:
            g.contact(key, contact)
    g.purposes(n.purposes)
    for key in _PLAIN:
        stated: nf.Stated | None = getattr(n, key.replace("-", "_"))
        if stated is not None:
            g.statement(key, stated.quote, path + (key,))
    if n.recipients is not None:
        g.recipients(n.recipients)
    if n.transfers is not None:
        g.transfers(n.transfers)
    if n.rights is not None:
        s = g.statement("rights", n.rights.quote, path + ("rights",))
        for right in n.rights.listed:
            b.add(s, DPV.hasRight, RIGHTS[right])
        b.text(s, DF.email, n.rights.email)
    for i, claim in enumerate(n.claims):
        s = URIRef(f"{notice}/claim/{i + 1}")
        b.add(notice, DF.states, s)
        b.add(s, RDF.type, DF.NoticeStatement)
        b.add(s, DF.claim, CLAIMS[claim.claim])
        b.text(s, DF.quote, claim.quote)
        b.locate(s, path + ("claims", i))

