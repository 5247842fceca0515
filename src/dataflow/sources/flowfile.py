"""The YAML flow-file format, as pydantic models.

These models check shape and types only. Legal completeness (a missing basis, a missing
transfer mechanism) is left to the SHACL shapes, so an incomplete record still loads and
gets findings instead of a parse error. `dataflow schema` prints the JSON Schema of
`FlowFile` for editor completion.

The models follow docs/flow-format.md: every list also takes its one item (`Many`), dates are
YYYY-MM-DD, and each string that names a term says its kind (`TERM`), so that the schema can
list the terms of that kind and the loader knows what to resolve it as. The building blocks
are in flowtypes.py; the `notice:` block in noticefile.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from .accountability import DecisionsEntry
from .consent import Consent
from .flowtypes import (
    TERM as TERM,
)
from .flowtypes import (
    TERM_OR as TERM_OR,
)
from .flowtypes import (
    Art9Condition,
    Certification,
    ConsentMethod,
    Country,
    DataTerm,
    Date,
    Frequency,
    Id,
    LegalBasis,
    Many,
    Measure,
    Mechanism,
    Model,
    NationalLaw,
    PurposeTerm,
    RecipientRole,
    Source,
    SubjectTerm,
)
from .noticefile import Notice


class Contact(Model):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None


class Organisation(Model):
    """An organisation whose records these files are: a controller or a processor."""

    id: Id
    name: str | None = None
    country: Country | None = None
    business_id: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    dpo: Contact | None = Field(None, description="Data protection officer, if designated.")
    representative: Contact | None = Field(None, description="Art. 27 EU representative.")
    record: Literal["complete", "notice"] = Field(
        "complete",
        description="complete: a maintained record of processing; notice: modelled from a "
        "privacy notice, where a missing DPA is unknown rather than absent.",
    )
    objection: str | None = Field(None, description="How a data subject objects (Art. 21).")
    public_body: bool = Field(
        False, description="A public authority or body (Art. 37(1)(a): it must designate a DPO).")


class Party(Model):
    """Another legal entity, or a described category of them, that sends or receives data."""

    id: Id
    name: str | None = None
    country: Country | None = None
    certifications: Many[Certification] = Field(
        default_factory=list, description="Schemes that bring the party inside an adequacy "
        "decision's scope: dpf, pipeda, appi.")
    description: str | None = None


class System(Model):
    """An information system that holds personal data, where it keeps it and who runs it."""

    id: Id
    name: str | None = None
    organisation: Id | None = None
    country: Country | None = Field(None, description="Where the system stores its data.")
    operator: Id | None = Field(
        None,
        description="Who runs the system: the organisation's own id (its own servers) or a "
        "party (a SaaS vendor, a hosting provider). Unset means the map does not say.",
    )
    mechanism: Many[Mechanism] = Field(
        default_factory=list,
        description="Chapter V transfer mechanism for a system outside the EEA run by another "
        "organisation, when no flow to its operator carries one.",
    )
    description: str | None = None


class Retention(Model):
    """How long data is kept: a duration plus the event it runs from, or stated criteria."""

    duration: str | None = Field(
        None, description="e.g. '2 years', '6 months', '90 days' or ISO 8601 'P2Y'."
    )
    trigger: str | None = Field(None, description="The event the duration runs from.")
    criteria: str | None = Field(None, description="Objective criteria, when no period is set.")
    legal_ref: str | None = None
    generic: bool = Field(
        False, description="The notice gives only generic wording ('as long as necessary')."
    )


Channel = Literal["email", "sms", "automated-call", "phone", "post"]


class Assessment(Model):
    """A legitimate interests assessment: when it was made, and where it is."""

    date: Date
    reference: str | None = None


class Purpose(Model):
    """One purpose of an activity with the legal basis relied on for it."""

    purpose: PurposeTerm
    legal_basis: Many[LegalBasis] = Field(default_factory=list, description="Art. 6(1) basis.")
    art9_condition: Many[Art9Condition] = Field(
        default_factory=list, alias="art9-condition", description="Art. 9(2) condition."
    )
    national_law: Many[NationalLaw] = Field(
        default_factory=list, description="Member State provisions relied on: tsl-29-consent, "
        "tsl-29-law, tsl-29-identification, tsl-29-research, tsl-29-sector, or free text.",
    )
    art10_ground: str | None = Field(
        None, alias="art10-ground", description="Art. 10 authorisation."
    )
    consent: ConsentMethod | Consent | None = Field(
        None, description="How consent is obtained (opt-in), or {method, record, withdrawal}.")
    strictly_necessary: bool = False
    interest: str | None = Field(None, description="The legitimate interest pursued (6(1)(f)).")
    assessment: Assessment | None = Field(
        None, description="The legitimate interests assessment: {date, reference}.")
    channels: Many[Channel] = Field(default_factory=list,
                                    description="Channels of marketing messages.")
    soft_opt_in: bool = Field(False, description="Own similar products to customers from a "
                              "sale, opt-out at collection and in every message (917/2014 §200).")
    description: str | None = None


def _purpose_entry(value: Any) -> Any:
    return {"purpose": value} if isinstance(value, str) else value


PurposeEntry = Annotated[
    Purpose, BeforeValidator(_purpose_entry, json_schema_input_type=Purpose | PurposeTerm)
]


class Activity(Model):
    """A processing activity: a register or an operation of the organisation."""

    id: Id
    name: str | None = None
    organisation: Id | None = Field(None, description="Defaults to the file's organisation.")
    role: Literal["controller", "processor", "joint-controller"] | None = None
    controllers: Many[Id] = Field(
        default_factory=list, description="For processor or joint-controller roles."
    )
    purposes: Many[PurposeEntry] = Field(default_factory=list)
    legal_bases: Many[LegalBasis] = Field(
        default_factory=list,
        description="Bases stated for the activity as a whole, not tied to a purpose.",
    )
    subjects: Many[SubjectTerm] = Field(default_factory=list)
    data: Many[DataTerm] = Field(default_factory=list)
    sources: Many[Source] = Field(default_factory=list, description="Source terms or party ids.")
    retention: Many[Retention] = Field(default_factory=list)
    measures: Many[Measure] = Field(default_factory=list)
    systems: Many[Id] = Field(default_factory=list)
    objection: str | None = Field(None, description="How a data subject objects (Art. 21).")
    automated_decisions: DecisionsEntry = Field(
        None, description="Decisions taken by automated means alone: {effect, exception, "
        "safeguards}, or none.")
    profiling: bool = Field(False, description="The activity profiles people (Art. 4(4)).")
    monitoring: Literal["systematic"] | None = Field(
        None, description="systematic: regular and systematic monitoring of people.")
    scale: Literal["large"] | None = Field(None, description="large: processing on a large scale.")
    description: str | None = None


class Dpa(Model):
    """The Art. 28(3) agreement with a processor: `true`, or when it was signed and its name."""

    signed: Date | None = None
    reference: str | None = None
    authorisation: Literal["specific", "general"] | None = Field(
        None, description="On a flow to a sub-processor: the controller's prior written "
        "authorisation of it, specific or general (Art. 28(2)).")
    objection: bool = Field(
        False, description="With general authorisation: the controller is told of changes of "
        "sub-processors in advance and may object (Art. 28(2)).")
    flow_down: bool = Field(
        False, description="The sub-processor contract imposes the same data protection "
        "obligations as the processor's own (Art. 28(4)).")


class Scc(Model):
    """The standard contractual clauses a transfer relies on: their set and module."""

    set_: Literal["2021/914", "2010/87", "2004/915", "2001/497"] | None = Field(
        None, alias="set", description="The Commission decision: 2021/914, or a pre-2021 "
        "set (2010/87, 2004/915, 2001/497), repealed since 27 December 2022.")
    module: int | None = Field(
        None, ge=1, le=4, description="2021/914 module: 1 controller to controller, 2 "
        "controller to processor, 3 processor to processor, 4 processor to controller.")


class Tia(Model):
    """A documented transfer impact assessment (Schrems II): `true`, or its date and name."""

    date: Date | None = None
    reference: str | None = None


def _stated(value: Any) -> Any:
    """A document stated as `true` (or yes) has no details; false (or no) means none
    (`dpa:`, `tia:`)."""
    text = str(value).lower() if isinstance(value, str | bool) else None
    if text in {"true", "yes"}:
        return {}
    if text in {"false", "no"}:
        return None
    return value


class Flow(Model):
    """One hop of personal data from a sender to a receiver."""

    id: Id
    organisation: Id | None = Field(None, description="Defaults to the file's organisation.")
    from_: Id = Field(alias="from")
    to: Id
    role: RecipientRole | None = None
    data: Many[DataTerm] = Field(default_factory=list)
    purposes: Many[PurposeTerm] = Field(default_factory=list)
    legal_basis: Many[LegalBasis] = Field(default_factory=list,
                                          description="Basis for a disclosure.")
    country: Country | None = Field(None, description="Receiver's country, if not its own.")
    storage: Many[Country] = Field(default_factory=list,
                                   description="Countries where the receiver stores the data.")
    access: Many[Country] = Field(default_factory=list, description="Remote-access countries.")
    mechanism: Many[Mechanism] = Field(default_factory=list,
                                       description="Chapter V transfer mechanism.")
    dpa: Annotated[Dpa | None, BeforeValidator(
        _stated, json_schema_input_type=Dpa | bool | Literal["yes", "no"] | None)] = None
    frequency: Frequency | None = None
    start: Date | None = Field(None, description="When the flow started, as YYYY-MM-DD.")
    opt_out: str | None = Field(None, description="How the data subjects can refuse the "
                                "disclosure, offered at collection.")
    scc: Scc | None = Field(None, description="The set and module of the SCCs relied on.")
    tia: Annotated[Tia | None, BeforeValidator(
        _stated, json_schema_input_type=Tia | bool | Literal["yes", "no"] | None)] = Field(
        None, description="The transfer impact assessment: true, or {date, reference}.")
    retention: Many[Retention] = Field(default_factory=list)
    compatibility_assessment: str | None = Field(
        None, description="The Art. 6(4) assessment that the purpose of a disclosure is "
        "compatible with the purposes the data was collected for (LB-04).")
    description: str | None = None


class FlowFile(Model):
    """A flow file. Any section may be empty; ids are shared across all files."""

    dataflow: Annotated[int | None, WithJsonSchema({"enum": [1, None]})] = Field(
        None, description="Format version: 1, the only one this release reads.")
    organisation: Id | None = Field(
        None, description="Default organisation for the activities, flows and systems here."
    )
    organisations: list[Organisation] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    systems: list[System] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    notice: Many[Notice] = Field(
        default_factory=list, description="The published privacy notice(s) of the "
        "organisation and what each Art. 13/14 section states (docs/flow-format.md#notice).")


def term_keys() -> dict[tuple[str, str], str]:
    """(model, key as written) -> the kind of term the key takes, read from the models:
    `("Flow", "mechanism")` -> `"mechanism"`, `("Purpose", "purpose")` -> `"purpose"`.
    For an editor, which completes a key's value with the terms of its kind."""
    found: dict[tuple[str, str], str] = {}

    def kind_in(node: Any) -> str | None:
        if isinstance(node, dict):
            if TERM in node:
                return str(node[TERM])
            return next((k for v in node.values() if (k := kind_in(v)) is not None), None)
        if isinstance(node, list):
            return next((k for v in node if (k := kind_in(v)) is not None), None)
        return None

    for model, schema in FlowFile.model_json_schema(by_alias=True)["$defs"].items():
        for key, prop in schema.get("properties", {}).items():
            if (kind := kind_in(prop)) is not None:
                found[(model, key)] = kind
    return found
