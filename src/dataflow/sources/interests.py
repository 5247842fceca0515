"""The triples of legitimate interests, objection and marketing keys (ontology/interests.ttl).

Purpose entries: `interest`, `assessment`, `channels`, `soft-opt-in`; organisations and
activities: `objection`; flows: `opt-out`. Each entry's builder in yamlgraph calls the function
for its kind on the node it made, so every IRI is minted in one place.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Literal, URIRef

from ..vocab import DF
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


def build_purpose_interest(b: GraphBuilder, pb: URIRef, p: ff.Purpose) -> None:
    """The interest, its assessment and the marketing channels of one purpose entry."""
    b.text(pb, DF.interest, p.interest)
    if p.assessment is not None:
        b.add(pb, DF.liaDate, Literal(p.assessment.date))
        b.text(pb, DF.liaReference, p.assessment.reference)
    for channel in p.channels:
        b.add(pb, DF.channel, CHANNELS[channel])
    if p.soft_opt_in:
        b.add(pb, DF.softOptIn, Literal(True))


def build_objection(b: GraphBuilder, s: URIRef,
                    entry: ff.Organisation | ff.Activity | ff.Flow) -> None:
    """How people object (organisations, activities) or opt out (flows)."""
    if isinstance(entry, ff.Flow):
        b.text(s, DF.optOut, entry.opt_out)
    else:
        b.text(s, DF.objection, entry.objection)
