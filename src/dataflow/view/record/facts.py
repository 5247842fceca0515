"""The facts of each processing activity, as plain data: what an Art. 30 record and an
Art. 13/14 notice are written from.

`read_facts` (read.py) fills these from the graph and its networkx view. Every term is a
`Term` that carries its IRI and its English and Finnish labels, so a document in either
language is worded from the same facts, and every fact keeps the IRIs of the nodes it was
read from (`foci`), so that a finding on one of them can be joined to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Term(NamedTuple):
    """A term of the vocabulary (or a node of the map) with its labels."""

    iri: str
    en: str
    fi: str

    def label(self, language: str) -> str:
        """The label in `language`: Finnish, else English (the vocabulary has no French)."""
        return self.fi if language == "fi" else self.en


@dataclass(frozen=True)
class Contact:
    """A person or office to contact: a DPO or an EU representative."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(c for c in (self.email, self.phone, self.address) if c)


@dataclass(frozen=True)
class Entity:
    """An organisation or party: a controller, a processor's client, a recipient."""

    iri: str
    name: str
    country: Term | None = None
    eea: bool | None = None
    """Whether its country is in the EEA; None when the map names none."""
    business_id: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    description: str | None = None
    dpo: Contact | None = None
    representative: Contact | None = None

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(c for c in (self.address, self.email, self.phone) if c)


@dataclass(frozen=True)
class Purpose:
    """One purpose of an activity with what it rests on (a `df:PurposeBasis` node)."""

    node: str
    purpose: Term
    bases: tuple[Term, ...] = ()
    """Art. 6(1) bases."""
    art9: tuple[Term, ...] = ()
    """Art. 9(2) conditions."""
    national_law: tuple[Term, ...] = ()
    """Member State law it relies on: a Tietosuojalaki §29 ground, or the provision as
    written (the same text in every language)."""
    art10: str | None = None
    consent: Term | None = None
    strictly_necessary: bool = False
    description: str | None = None

    @property
    def legitimate_interest(self) -> bool:
        return any(b.iri.endswith("#A6-1-f") for b in self.bases)


@dataclass(frozen=True)
class Retention:
    """One retention statement: a period from an event, or criteria."""

    days: int | None = None
    raw_days: str | None = None
    """The literal when it is no whole number of days (hand-written RDF)."""
    trigger: str | None = None
    criteria: str | None = None
    legal_ref: str | None = None
    generic: bool = False


@dataclass(frozen=True)
class Recipient:
    """A recipient the activity's data reaches, directly or onward, through its flows."""

    iri: str
    name: str
    flow: str
    """The first of `flows`."""
    flows: tuple[str, ...]
    """The flows that reach it alike (same sender, role, countries, mechanisms, bases and
    agreement); onward flows from a shared processor are often many."""
    role: Term | None
    countries: tuple[Term, ...] = ()
    """Where the data goes on this flow: the receiver's country, target, storage, access."""
    eea: bool | None = None
    """True when every country is in the EEA, False when one is not, None when unknown."""
    mechanisms: tuple[Term, ...] = ()
    data: tuple[Term, ...] = ()
    legal_bases: tuple[Term, ...] = ()
    """The flow's own bases (a disclosure to another controller or an authority)."""
    via: str | None = None
    """For an onward flow: the name of the recipient it comes from."""
    dpa: str | None = None
    """The processing agreement: its reference and date, or 'yes'; None when none is stated."""
    description: str | None = None

    @property
    def transfer(self) -> bool:
        """Whether the data leaves the EEA on the way to it (Chapter V)."""
        return self.eea is False

    @property
    def processor(self) -> bool:
        """Whether it processes the data on someone's behalf (a processor or sub-processor)."""
        return self.role is not None and self.role.iri.endswith(("#Processor", "#SubProcessor"))


@dataclass(frozen=True)
class Abroad:
    """A system outside the EEA, run by someone the activity sends no flow to."""

    system: str
    name: str
    country: Term
    operator: str | None
    mechanisms: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Decisions:
    """What an activity states of decisions by automated means alone (Art. 22)."""

    automated: bool
    """False: the activity states that it takes none."""
    effect: Term | None = None
    exception: Term | None = None
    safeguards: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Processing:
    """Everything the map says about one processing activity."""

    iri: str
    name: str
    role: Term | None
    organisation: Entity | None
    description: str | None = None
    controllers: tuple[Entity, ...] = ()
    """A processor's clients (the controllers it acts for), or a joint controller's partners."""
    purposes: tuple[Purpose, ...] = ()
    untied_bases: tuple[Term, ...] = ()
    """Bases stated for the activity as a whole, tied to no purpose (LB-02)."""
    subjects: tuple[Term, ...] = ()
    data: tuple[Term, ...] = ()
    special: frozenset[str] = frozenset()
    """IRIs of the data categories that are special categories (Art. 9)."""
    criminal: frozenset[str] = frozenset()
    """IRIs of the data categories about criminal convictions and offences (Art. 10)."""
    identity_codes: frozenset[str] = frozenset()
    """IRIs of national identification numbers (the henkilötunnus: Tietosuojalaki §29)."""
    sources: tuple[Term, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    abroad: tuple[Abroad, ...] = ()
    shared: tuple[Recipient, ...] = ()
    """Recipients of flows the organisation itself sends (from the organisation, not from an
    activity) that may carry this activity's data: disclosures a notice names too. The
    record's columns do not show them, and their flows are not among `foci`."""
    retention: tuple[Retention, ...] = ()
    measures: tuple[Term, ...] = ()
    systems: tuple[Term, ...] = ()
    decisions: Decisions | None = None
    """None when the activity states nothing of automated decisions."""
    profiling: bool = False
    foci: frozenset[str] = field(default_factory=frozenset)
    """The activity, its purpose and retention nodes, the flows out of it and onward ones,
    and its organisation: where findings about this activity are reported."""

    @property
    def transfers(self) -> tuple[Recipient, ...]:
        """The recipients whose flow takes the data outside the EEA."""
        return tuple(r for r in self.recipients if r.transfer)

    @property
    def role_name(self) -> str | None:
        """controller, processor or joint-controller."""
        return {"Controller": "controller", "Processor": "processor",
                "JointController": "joint-controller"}.get(
                    self.role.iri.rsplit("#", 1)[-1]) if self.role else None

    @property
    def sensitive(self) -> frozenset[str]:
        """The data that needs more than an Art. 6 basis: special, criminal, identity codes."""
        return self.special | self.criminal | self.identity_codes


@dataclass(frozen=True)
class Facts:
    """The facts of every activity of a map, ordered by name."""

    activities: tuple[Processing, ...] = ()


def rights(processing: Processing) -> tuple[str, ...]:
    """The data subject's rights that the bases of an activity give, as the keys that
    `Wording.right` words: access, rectification and restriction always; erasure unless every
    basis is a legal obligation; portability under consent or contract; objection under
    public task or legitimate interests; withdrawal under consent."""
    bases = {b.iri.rsplit("#", 1)[-1] for p in processing.purposes for b in (*p.bases, *p.art9)}
    bases |= {b.iri.rsplit("#", 1)[-1] for b in processing.untied_bases}
    if not bases:
        return ()
    found = ["access", "rectification"]
    if bases != {"A6-1-c"}:
        found.append("erasure")
    found.append("restriction")
    if bases & {"A6-1-a", "A6-1-b", "A9-2-a"}:
        found.append("portability")
    if bases & {"A6-1-e", "A6-1-f"}:
        found.append("object")
    if bases & {"A6-1-a", "A9-2-a"}:
        found.append("withdraw")
    return tuple(found)
