"""The kinds of term that flow files accept, and where each is written.

A kind has a short name for the command line (`dataflow terms mechanism`), the name errors
use ("transfer mechanism"), and the ontology terms that every term of the kind reaches through
rdf:type, skos:broader, rdfs:subClassOf or skos:inScheme.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ..errors import InputError, close_matches, did_you_mean
from ..vocab import DF, DPV, EU_GDPR


@dataclass(frozen=True)
class Kind:
    slug: str
    """How the command line and the JSON Schema name it: `data`, `legal-basis`."""
    name: str
    """How messages name it: "data category", "Art. 6 legal basis"."""
    roots: tuple[URIRef, ...]
    keys: str
    """Where flow files write it."""

    @property
    def a(self) -> str:
        """The name with its indefinite article: "a purpose", "an Art. 6 legal basis"."""
        return f"{'an' if self.name[0].lower() in 'aeiou' else 'a'} {self.name}"


KINDS: tuple[Kind, ...] = (
    Kind("data", "data category", (DPV.PersonalData,), "activities: data; flows: data"),
    Kind("subject", "data subject category", (DPV.DataSubject, DPV.HumanSubject),
         "activities: subjects"),
    Kind("purpose", "purpose", (DPV.Purpose,), "activities: purposes; flows: purposes"),
    Kind("legal-basis", "Art. 6 legal basis", (URIRef(str(EU_GDPR) + "legal-basis-classes"),),
         "purposes: legal-basis; activities: legal-bases; flows: legal-basis"),
    Kind("art9-condition", "Art. 9(2) condition",
         (URIRef(str(EU_GDPR) + "legal-basis-special-classes"),), "purposes: art9-condition"),
    Kind("mechanism", "transfer mechanism",
         (URIRef(str(EU_GDPR) + "legal-basis-data-transfer-classes"),),
         "flows: mechanism; systems: mechanism"),
    Kind("role", "role", (DF.Role,), "flows: role"),
    Kind("measure", "measure", (DPV.TechnicalOrganisationalMeasure,), "activities: measures"),
    Kind("source", "data source", (DPV.DataSource,), "activities: sources"),
    Kind("certification", "certification", (DF.Certification,), "parties: certifications"),
    Kind("country", "country", (DPV.Country, DPV.ThirdCountry),
         "organisations, parties, systems, flows: country; flows: storage, access"),
    Kind("consent", "consent method", (DF.ConsentMethod,), "purposes: consent"),
    Kind("frequency", "frequency", (DF.Systematic, DF.Occasional), "flows: frequency"),
    Kind("national-law", "national law", (DF["TSL-29"],), "purposes: national-law"),
    Kind("record", "record kind", (DF.CompleteRecord, DF.NoticeRecord),
         "organisations: record"),
)

_BY_NAME: dict[str, Kind] = {k.name.casefold(): k for k in KINDS} | {k.slug: k for k in KINDS}

#: Kind name -> its roots (the table the term index was first written with).
KIND_ROOTS: dict[str, tuple[URIRef, ...]] = {k.name: k.roots for k in KINDS}


def kind_of(name: str) -> Kind:
    """A kind by its short name or its name, in any case, singular or plural."""
    key = name.strip().casefold()
    found = (_BY_NAME.get(key) or _BY_NAME.get(key.removesuffix("s"))
             or _BY_NAME.get(key.removesuffix("ies") + "y"))
    if found is None:
        hint = did_you_mean(close_matches(key, [k.slug for k in KINDS], n=2))
        raise InputError(f"unknown kind of term '{name}'{hint}", None, None,
                         "one of " + ", ".join(k.slug for k in KINDS))
    return found


def is_kind_name(name: str) -> bool:
    try:
        kind_of(name)
    except InputError:
        return False
    return True
