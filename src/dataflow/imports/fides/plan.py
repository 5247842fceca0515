"""What one import writes, gathered before anything is written: files, ids, warnings.

Ids are made from Fides keys and names (`demo_analytics_system` -> `<org>.demo-analytics-system`)
and are unique across the import; flows are kept by (sender, receiver), so a hop that Fides
declares at both ends (`egress` on one system, `ingress` on the other) is written once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..yamlwriter import Block, render
from .manifest import Node
from .terms import Vocabulary

ORGANISATION_FILE = "organisation.yaml"
TERMS_FILE = "fides-terms.ttl"
DEFAULT_ORGANIZATION = "default_organization"  # fideslang's default organization_fides_key


def slug(text: str, limit: int = 48) -> str:
    """Lower-case ASCII words joined by '-', cut at a word within `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word[:limit]
    return out


def source(node: Node, what: str) -> str:
    """The comment that names where an entry came from."""
    return f"from {node.where()}: {what}"


@dataclass
class FlowFile:
    """One flow file to write: its sections as blocks, in the format's order."""

    name: str
    header: list[str]
    organisation: str | None = None
    organisations: list[Block] = field(default_factory=list)
    parties: list[Block] = field(default_factory=list)
    systems: list[Block] = field(default_factory=list)
    activities: list[Block] = field(default_factory=list)
    flows: list[Block] = field(default_factory=list)

    def text(self) -> str:
        top = Block()
        top.add("organisation", self.organisation)
        for key in ("organisations", "parties", "systems", "activities", "flows"):
            top.add(key, list(getattr(self, key)))
        return render(self.header, top)


@dataclass
class Counts:
    systems: int = 0
    declarations: int = 0
    activities: int = 0
    flows: int = 0
    parties: int = 0
    datasets: int = 0


@dataclass
class Plan:
    """Everything an import makes, by the mapping modules, before it is rendered."""

    vocabulary: Vocabulary
    warnings: list[str]
    files: dict[str, FlowFile] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    entities: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> id
    flows: dict[tuple[str, str, str], Block] = field(default_factory=dict)
    system_of: dict[str, str] = field(default_factory=dict)  # activity id -> system id
    parties: dict[str, str] = field(default_factory=dict)  # party name -> id
    counts: Counts = field(default_factory=Counts)

    @property
    def shared(self) -> FlowFile:
        return self.files[ORGANISATION_FILE]

    def new_id(self, prefix: str, text: str, fallback: str) -> str:
        """`prefix.slug(text)`, made unique with -2, -3, … ."""
        base = f"{prefix}.{slug(text) or fallback}" if prefix else slug(text) or fallback
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate

    def entity(self, kind: str, key: str, referrer: Node, organisation: str) -> str:
        """The id of the system or dataset `key` (kind "system", "dataset", or "" when the
        manifest does not say); one declared in no manifest read is added to
        organisation.yaml as a system with a TODO, so every reference resolves."""
        for known_kind in ((kind,) if kind else ("system", "dataset")):
            if (known_kind, key) in self.entities:
                return self.entities[(known_kind, key)]
        stub_kind = kind or "system"
        stub_id = self.new_id(organisation, key, stub_kind)
        self.entities[(stub_kind, key)] = stub_id
        block = Block(above=[f"referenced at {referrer.where()}: {kind or 'system or dataset'} "
                             f"{key}, declared in no manifest imported"])
        block.add("id", stub_id)
        block.add("name", key)
        block.note(f"TODO: describe this {kind or 'system or dataset'}, or import the manifest "
                   "that declares it")
        self.shared.systems.append(block)
        return stub_id

    def file_for(self, key: str, header: list[str], organisation: str) -> FlowFile:
        name, n = f"{slug(key, 60) or 'system'}.yaml", 2
        while name in self.files or name == ORGANISATION_FILE:
            name, n = f"{slug(key, 60) or 'system'}-{n}.yaml", n + 1
        self.files[name] = FlowFile(name, header, organisation)
        return self.files[name]

    def add_flow(self, file: FlowFile, sender: str, receiver: str, block: Block,
                 variant: str = "") -> Block:
        """Add a flow, known by (sender, receiver, variant): check `flows` first."""
        self.flows[(sender, receiver, variant)] = block
        file.flows.append(block)
        self.counts.flows += 1
        return block

    def stated(self, sender: str, receiver: str) -> Block | None:
        """A flow already made between these systems, or between activities of them."""
        for (s, r, _), block in self.flows.items():
            if self.system_of.get(s, s) == sender and self.system_of.get(r, r) == receiver:
                return block
        return None

    def party(self, name: str, organisation: str, above: str, id_text: str | None = None,
              todo: str | None = None) -> str:
        """The id of the party named `name` (made once, in organisation.yaml)."""
        known = self.parties.get(name)
        if known is not None:
            return known
        party_id = self.new_id(organisation, id_text or name, "party")
        block = Block(above=[above])
        block.add("id", party_id)
        block.add("name", name)
        block.note(todo or "TODO: country: the party's country (ISO code); Fides has no field "
                   "for it")
        self.shared.parties.append(block)
        self.parties[name] = party_id
        self.counts.parties += 1
        return party_id

    def render(self) -> dict[str, str]:
        texts = {name: file.text() for name, file in self.files.items()
                 if name != ORGANISATION_FILE}
        texts[ORGANISATION_FILE] = self.shared.text()
        if self.vocabulary.project:
            texts[TERMS_FILE] = self.vocabulary.turtle()
        return texts
