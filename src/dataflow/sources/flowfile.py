"""The YAML flow-file format, as pydantic models.

These models check shape and types only. Legal completeness (a missing basis, a missing
transfer mechanism) is left to the SHACL shapes, so an incomplete record still loads and
gets findings instead of a parse error. `dataflow schema` prints the JSON Schema of
`FlowFile` for editor completion.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_snake


def _kebab(name: str) -> str:
    return to_snake(name).rstrip("_").replace("_", "-")


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"),
    Field(description="An id, unique across all flow files (e.g. acme.crm)."),
]
Term = Annotated[
    str,
    Field(description="A DPV term as alias (call-recording), CURIE (pd:Name) or IRI."),
]
Terms = Annotated[
    list[Term],
    BeforeValidator(_as_list, json_schema_input_type=Term | list[Term]),
]
Ids = Annotated[list[Id], BeforeValidator(_as_list, json_schema_input_type=Id | list[Id])]
Country = Annotated[
    str,
    Field(description="ISO 3166-1 alpha-2 code (FI, US), or outside-eea when not named."),
]
Countries = Annotated[
    list[Country], BeforeValidator(_as_list, json_schema_input_type=Country | list[Country])
]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True
    )


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


class Party(Model):
    """Another legal entity, or a described category of them, that sends or receives data."""

    id: Id
    name: str | None = None
    country: Country | None = None
    certifications: Terms = Field(default_factory=list, description="dpf, pipeda, appi")
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
    mechanism: Terms = Field(
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


Retentions = Annotated[
    list[Retention],
    BeforeValidator(_as_list, json_schema_input_type=Retention | list[Retention]),
]


class Purpose(Model):
    """One purpose of an activity with the legal basis relied on for it."""

    purpose: Term
    legal_basis: Terms = Field(default_factory=list, description="Art. 6(1) basis.")
    art9_condition: Terms = Field(
        default_factory=list, alias="art9-condition", description="Art. 9(2) condition."
    )
    national_law: list[str] = Field(
        default_factory=list, description="Member State provisions relied on (tsl-29-sector)."
    )
    art10_ground: str | None = Field(
        None, alias="art10-ground", description="Art. 10 authorisation."
    )
    consent: Term | None = Field(None, description="How consent is obtained (opt-in, ...).")
    strictly_necessary: bool = False
    description: str | None = None


def _purpose_entry(value: Any) -> Any:
    return {"purpose": value} if isinstance(value, str) else value


PurposeEntry = Annotated[
    Purpose, BeforeValidator(_purpose_entry, json_schema_input_type=Purpose | Term)
]


class Activity(Model):
    """A processing activity: a register or an operation of the organisation."""

    id: Id
    name: str | None = None
    organisation: Id | None = Field(None, description="Defaults to the file's organisation.")
    role: Literal["controller", "processor", "joint-controller"] | None = None
    controllers: Ids = Field(
        default_factory=list, description="For processor or joint-controller roles."
    )
    purposes: list[PurposeEntry] = Field(default_factory=list)
    legal_bases: Terms = Field(
        default_factory=list,
        description="Bases stated for the activity as a whole, not tied to a purpose.",
    )
    subjects: Terms = Field(default_factory=list)
    data: Terms = Field(default_factory=list)
    sources: Terms = Field(default_factory=list, description="Source terms or party ids.")
    retention: Retentions = Field(default_factory=list)
    measures: Terms = Field(default_factory=list)
    systems: Ids = Field(default_factory=list)
    description: str | None = None


class Dpa(Model):
    signed: dt.date | None = None
    reference: str | None = None


def _dpa(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in {"true", "yes"}:
        return {}
    if isinstance(value, str) and value.lower() in {"false", "no"}:
        return None
    return value


class Flow(Model):
    """One hop of personal data from a sender to a receiver."""

    id: Id
    organisation: Id | None = Field(None, description="Defaults to the file's organisation.")
    from_: Id = Field(alias="from")
    to: Id
    role: Term | None = Field(
        None,
        description="The receiver's role: processor, sub-processor, third-party, "
        "joint-controller, authority or public.",
    )
    data: Terms = Field(default_factory=list)
    purposes: Terms = Field(default_factory=list)
    legal_basis: Terms = Field(default_factory=list, description="Basis for a disclosure.")
    country: Country | None = Field(None, description="Receiver's country, if not its own.")
    storage: Countries = Field(default_factory=list)
    access: Countries = Field(default_factory=list, description="Remote-access countries.")
    mechanism: Terms = Field(default_factory=list, description="Chapter V transfer mechanism.")
    dpa: Annotated[Dpa | None, BeforeValidator(_dpa)] = None
    frequency: Term | None = None
    start: dt.date | None = None
    retention: Retentions = Field(default_factory=list)
    description: str | None = None


class FlowFile(Model):
    """A flow file. Any section may be empty; ids are shared across all files."""

    dataflow: int | None = Field(None, description="Format version (1).")
    organisation: Id | None = Field(
        None, description="Default organisation for the activities, flows and systems here."
    )
    organisations: list[Organisation] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    systems: list[System] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
