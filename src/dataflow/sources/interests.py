"""The triples of legitimate interests, objection and marketing keys (ontology/interests.ttl).

Purpose entries: `interest`, `assessment`, `channels`, `soft-opt-in`; organisations and
activities: `objection`; flows: `opt-out`. Read after the rest of a file is built, on the
nodes the builder made (the purpose entry `<activity>/purpose/N`).
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Literal, URIRef

from ..vocab import DF, ID_BASE
from . import flowfile as ff


class GraphBuilder(Protocol):
    """What this module needs of yamlgraph.GraphBuilder."""

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None: ...
    def text(self, s: URIRef, p: URIRef, value: str | None) -> None: ...

CHANNELS = {
    "email": DF.ChannelEmail,
    "sms": DF.ChannelSms,
    "automated-call": DF.ChannelAutomatedCall,
    "phone": DF.ChannelPhone,
    "post": DF.ChannelPost,
}


def _purpose(b: GraphBuilder, pb: URIRef, p: ff.Purpose) -> None:
    b.text(pb, DF.interest, p.interest)
    if p.assessment is not None:
        b.add(pb, DF.liaDate, Literal(p.assessment.date))
        b.text(pb, DF.liaReference, p.assessment.reference)
    for channel in p.channels:
        b.add(pb, DF.channel, CHANNELS[channel])
    if p.soft_opt_in:
        b.add(pb, DF.softOptIn, Literal(True))


def build_interests(b: GraphBuilder, m: ff.FlowFile) -> None:
    """Add the interest, objection and marketing keys of one validated file."""
    for org in m.organisations:
        b.text(URIRef(ID_BASE + org.id), DF.objection, org.objection)
    for act in m.activities:
        s = URIRef(ID_BASE + act.id)
        b.text(s, DF.objection, act.objection)
        for n, p in enumerate(act.purposes, start=1):
            _purpose(b, URIRef(f"{s}/purpose/{n}"), p)
    for f in m.flows:
        b.text(URIRef(ID_BASE + f.id), DF.optOut, f.opt_out)
