"""Decisions and accountability: what an activity says of automated decisions, profiling,
monitoring and scale, and whether an organisation is a public body.

These are the facts the rules ADM-01 … ADM-03, DPIA-01 and DPO-01 read (shapes/accountability.ttl)
that neither the data categories nor the subjects of an activity can show. Each is written as
a DPV processing context where DPV has one (dpv:Profiling, dpv:AutomatedDecisionMaking,
dpv:SystematicMonitoring, dpv:LargeScaleProcessing) and as a project term otherwise
(ontology/accountability.ttl). A DPIA and a DPIA screening are measures (`measures: [dpia]`,
`[dpia-screening]`), so they need no key of their own.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Protocol

from pydantic import BeforeValidator, Field
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from ..vocab import DF, DPV
from .flowtypes import Many, Model
from .yamlfile import KeyPath

Effect = Literal["legal", "similar", "none"]
Exception_ = Literal["contract", "law", "explicit-consent"]
Safeguard = Literal["human-intervention", "express-view", "contest"]

EFFECTS: dict[str, URIRef] = {
    "legal": DF.LegalEffect,
    "similar": DF.SimilarlySignificantEffect,
    "none": DF.NoSignificantEffect,
}
EXCEPTIONS: dict[str, URIRef] = {
    "contract": DF.Art22Contract,
    "law": DF.Art22Law,
    "explicit-consent": DF.Art22ExplicitConsent,
}
SAFEGUARDS: dict[str, URIRef] = {
    "human-intervention": DF.HumanIntervention,
    "express-view": DF.ExpressPointOfView,
    "contest": DF.ContestDecision,
}


class AutomatedDecisions(Model):
    """Decisions the activity takes by automated means alone (GDPR Art. 22)."""

    effect: Effect = Field(description="legal or similar (a legal or similarly significant "
                           "effect on the person), or none.")
    exception: Exception_ | None = Field(
        None, description="The Art. 22(2) exception relied on: contract, law, explicit-consent.")
    safeguards: Many[Safeguard] = Field(
        default_factory=list, description="The Art. 22(3) safeguards offered: "
        "human-intervention, express-view, contest.")
    quote: str | None = None


class NoAutomatedDecisions(Model):
    """The statement that the activity takes no decision by automated means alone."""

    none: bool = Field(True, description="No decision is solely automated.")
    quote: str | None = None


def _decision_entry(value: Any) -> Any:
    text = str(value).strip().lower() if isinstance(value, str | bool) else None
    if text in {"none", "false", "no"}:
        return {"none": True}
    return value


DecisionsEntry = Annotated[
    AutomatedDecisions | NoAutomatedDecisions | None,
    BeforeValidator(_decision_entry, json_schema_input_type=AutomatedDecisions
                    | NoAutomatedDecisions | Literal["none"] | None),
]


class Builder(Protocol):
    """What this module needs of yamlgraph.GraphBuilder."""

    def add(self, s: URIRef, p: URIRef, o: URIRef | RdfLiteral | None) -> None: ...
    def locate(self, subject: URIRef, path: KeyPath) -> None: ...


def build_accountability(b: Builder, s: URIRef, entry: Any, path: KeyPath) -> None:
    """The triples of the keys above on an activity or an organisation (`entry`)."""
    if getattr(entry, "public_body", False):
        b.add(s, DF.publicBody, RdfLiteral(True))
    if getattr(entry, "profiling", False):
        b.add(s, DF.processingContext, DPV.Profiling)
    if getattr(entry, "monitoring", None) == "systematic":
        b.add(s, DF.processingContext, DPV.SystematicMonitoring)
    if getattr(entry, "scale", None) == "large":
        b.add(s, DF.processingContext, DPV.LargeScaleProcessing)
    decisions = getattr(entry, "automated_decisions", None)
    if isinstance(decisions, NoAutomatedDecisions) and decisions.none:
        b.add(s, DF.automatedDecisions, RdfLiteral(False))
    elif isinstance(decisions, AutomatedDecisions):
        b.add(s, DF.processingContext, DPV.AutomatedDecisionMaking)
        b.add(s, DF.decisionEffect, EFFECTS[decisions.effect])
        if decisions.exception is not None:
            b.add(s, DF.art22Exception, EXCEPTIONS[decisions.exception])
        for safeguard in decisions.safeguards:
            b.add(s, DF.art22Safeguard, SAFEGUARDS[safeguard])
