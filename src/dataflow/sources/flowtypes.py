"""The building blocks of the flow-file models (flowfile.py, noticefile.py).

Every list also takes its one item (`Many`), dates are YYYY-MM-DD, and each string that names
a term says its kind (`TERM`), so that the schema can list the terms of that kind and the
loader knows what to resolve it as.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.alias_generators import to_snake
from pydantic_core import PydanticCustomError, core_schema

#: JSON Schema keyword on a string that names a term: the kind of term (see store/kinds.py).
#: `dataflow schema` replaces it with the accepted aliases and CURIEs of that kind.
TERM = "x-dataflow-term"
#: What a term field accepts besides terms: "id" (a declared id) or "text" (free text).
TERM_OR = "x-dataflow-or"

_T = TypeVar("_T")


def _kebab(name: str) -> str:
    return to_snake(name).rstrip("_").replace("_", "-")


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class _OneOrMore:
    """A list that may also be written as its one item (`data: name` for `data: [name]`)."""

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        schema = handler(source)
        item = schema["items_schema"] if schema["type"] == "list" else schema
        return core_schema.no_info_before_validator_function(
            _as_list, schema, json_schema_input_schema=core_schema.union_schema([item, schema]))


#: One item or a list of them.
Many = Annotated[list[_T], _OneOrMore()]


def _term(kind: str, description: str, also: str | None = None) -> Any:
    extra: dict[str, Any] = {TERM: kind} | ({TERM_OR: also} if also else {})
    return Field(description=description, json_schema_extra=extra)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> Any:
    if isinstance(value, dt.date) or value is None:
        return value
    text = str(value).strip()
    try:
        if _DATE.match(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise PydanticCustomError("date_format",
                              "Input should be a valid date as YYYY-MM-DD, not '{value}'",
                              {"value": text})


Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "pattern": _DATE.pattern,
                    "description": "A date as YYYY-MM-DD.",
                    "errorMessage": "Write the date as YYYY-MM-DD, e.g. 2024-01-15."}),
]
#: Letters, digits, '.', '_' and '-'. No '/': the nodes derived from an id (an activity's
#: purposes `<id>/purpose/N`, retention, a flow's agreement, a notice's sections) extend it
#: with one, so an id with a slash could name another entry's node.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
ID_EXPECTED = ("letters, digits, '.', '_' and '-', starting with a letter or digit, as in "
               "acme.crm")
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="An id, unique across all flow files (e.g. acme.crm)."),
]
Country = Annotated[str, _term(
    "country", "ISO 3166-1 alpha-2 code (FI, US), or outside-eea when not named.")]
DataTerm = Annotated[str, _term("data", "A personal-data category (call-recording, name).")]
SubjectTerm = Annotated[str, _term("subject", "A data-subject category (customer).")]
PurposeTerm = Annotated[str, _term("purpose", "A purpose (customer-care, marketing).")]
LegalBasis = Annotated[str, _term("legal-basis", "An Art. 6(1) basis (contract, consent).")]
Art9Condition = Annotated[str, _term("art9-condition", "An Art. 9(2) condition.")]
Mechanism = Annotated[str, _term("mechanism", "A Chapter V transfer mechanism (adequacy, "
                                             "scc, bcr, derogation-consent).")]
RecipientRole = Annotated[str, _term("role", "The receiver's role (processor, "
                                             "sub-processor, third-party, joint-controller, "
                                             "authority, public).")]
Measure = Annotated[str, _term("measure", "A technical or organisational measure.")]
Source = Annotated[str, _term("source", "A data source term (data-subject) or the id of a "
                                        "party, organisation or system.", also="id")]
Certification = Annotated[str, _term("certification", "dpf, pipeda or appi.")]
ConsentMethod = Annotated[str, _term("consent", "How consent is obtained (opt-in, ...).")]
Frequency = Annotated[str, _term("frequency", "systematic or occasional.")]
NationalLaw = Annotated[str, _term("national-law", "A Tietosuojalaki §29 ground "
                                                   "(tsl-29-sector) or free text citing a "
                                                   "provision.", also="text")]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True
    )
