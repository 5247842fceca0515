"""The `notice:` block of a flow file: what a published privacy notice states, as data.

A notice is the organisation's Art. 13/14 privacy notice as published: where it is, its
language and date, the activities it covers, and for each section of
`view/notice/sections.py` what it says, each entry with the sentence it comes from
(`quote:`). The rules of shapes/notice.ttl compare it with the graph, section by section.

A section the notice does not state is left out (or written `false`); one it states with
nothing to add is `true` or its quote. `recipients: none` and `transfers: none` are claims
("the data is not disclosed", "no transfers outside the EEA"), checked against the flows.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .flowtypes import Country, Date, Id, LegalBasis, Many, Mechanism, Model, PurposeTerm

#: The rights of Art. 15-22 (and 7(3)) a notice can list, as written in flow files.
Right = Literal["access", "rectification", "erasure", "restriction", "portability",
                "objection", "objection-direct-marketing", "automated-decision",
                "withdraw-consent"]
#: Claims a notice makes that the graph can contradict (TRN-07).
Claim = Literal["consent-not-needed", "not-identifiable"]


def _flag(value: Any) -> bool | None:
    """True or False for a YAML boolean (the loader may keep `true` as text), else None."""
    text = str(value).strip().lower() if isinstance(value, str | bool) else None
    return {"true": True, "yes": True, "false": False, "no": False}.get(text or "")


def _stated(value: Any) -> Any:
    """`true` is a section stated without a quote, a string its quote, `false` not stated."""
    flag = _flag(value)
    if flag is not None:
        return {} if flag else None
    return {"quote": value} if isinstance(value, str) else value


def _none_or_list(key: str) -> Any:
    def convert(value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() == "none":
            return {"none": True}
        if _flag(value) is False:
            return None
        return {key: value} if isinstance(value, list) else value
    return convert


def _rights(value: Any) -> Any:
    return {"listed": value} if isinstance(value, list | str) else value


class Stated(Model):
    """A section the notice states; the quote is the sentence it states it in."""

    quote: str | None = None


Statement = Annotated[Stated | None, BeforeValidator(
    _stated, json_schema_input_type=Stated | bool | str | None)]


class ContactStatement(Model):
    """Who the notice names and how it says to reach them."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    representative: str | None = Field(None, description="The EU representative it names.")
    quote: str | None = None


class PurposeStatement(Model):
    """A purpose the notice states, with the basis it gives for it."""

    purpose: PurposeTerm | None = None
    legal_basis: Many[LegalBasis] = Field(default_factory=list)
    quote: str | None = None


class RecipientStatement(Model):
    """A recipient the notice names (a declared id) or a category of them it describes."""

    party: Id | None = Field(None, description="A recipient named by the notice.")
    category: str | None = Field(None, description="A category of recipients, as worded.")
    covers: Many[Id] = Field(default_factory=list,
                             description="The recipients of the map the category covers.")
    catch_all: bool = Field(False, description="The category names no sector or role "
                                               "('partners', 'third parties').")
    quote: str | None = None


class Recipients(Model):
    none: bool = Field(False, description="The notice claims the data is not disclosed.")
    named: list[RecipientStatement] = Field(default_factory=list)
    quote: str | None = None


class TransferStatement(Model):
    """A transfer outside the EEA the notice admits."""

    country: Many[Country] = Field(default_factory=list)
    mechanism: Many[Mechanism] = Field(default_factory=list)
    party: Id | None = None
    quote: str | None = None


class Transfers(Model):
    none: bool = Field(False, description="The notice claims no transfers outside the EEA.")
    to: list[TransferStatement] = Field(default_factory=list)
    copy_: Statement = Field(None, alias="copy", description="Where the notice says a copy "
                             "of the safeguards can be obtained.")
    quote: str | None = None


class Rights(Model):
    listed: Many[Right] = Field(default_factory=list)
    email: str | None = Field(None, description="Where the notice says to send requests.")
    quote: str | None = None


class ClaimStatement(Model):
    claim: Claim
    quote: str | None = None


class Notice(Model):
    """A published privacy notice (Art. 13/14) and what each of its sections states."""

    id: Id
    organisation: Id | None = Field(None, description="Defaults to the file's organisation.")
    url: str | None = None
    file: str | None = Field(None, description="A copy of the published text.")
    language: str | None = Field(None, description="e.g. fi, en.")
    date: Date | None = None
    activities: Many[Id] = Field(default_factory=list,
                                 description="The activities it covers (default: all of "
                                             "the organisation's).")
    controller: ContactStatement | None = None
    dpo: ContactStatement | None = None
    purposes: Many[PurposeStatement] = Field(default_factory=list)
    legitimate_interests: Statement = None
    data: Statement = None
    sources: Statement = None
    recipients: Annotated[Recipients | None, BeforeValidator(
        _none_or_list("named"),
        json_schema_input_type=Recipients | list[RecipientStatement] | Literal["none"] | None,
    )] = None
    transfers: Annotated[Transfers | None, BeforeValidator(
        _none_or_list("to"),
        json_schema_input_type=Transfers | list[TransferStatement] | Literal["none"] | None,
    )] = None
    retention: Statement = None
    rights: Annotated[Rights | None, BeforeValidator(
        _rights, json_schema_input_type=Rights | list[Right] | None)] = None
    complaint: Statement = None
    requirement: Statement = None
    automated_decisions: Statement = None
    claims: list[ClaimStatement] = Field(default_factory=list)
