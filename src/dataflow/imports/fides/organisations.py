"""Fides organizations, and the legal entity a system names, as dataflow organisations.

An `organization` resource gives the name, the controller's contact details, the DPO and the
representative (fideslang's ContactDetails). Systems name their organisation by
`organization_fides_key` (fideslang's default is `default_organization`), and fideslang 3.x
systems name a legal entity (`legal_name`, `legal_address`, `dpo`): the first of these fills
what the organisation resource left out. Fides has no field for the country, which stays open.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..yamlwriter import Block
from . import fields
from .manifest import Manifests, Node
from .plan import DEFAULT_ORGANIZATION, Plan, source


@dataclass
class _Organisation:
    id: str
    above: list[str]
    resource: Node | None = None
    name: str | None = None
    address: str | None = None
    contact: dict[str, str] = field(default_factory=dict)
    dpo: dict[str, str] = field(default_factory=dict)
    representative: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def organisation_key(node: Node) -> str:
    return node.text("organization_fides_key") or DEFAULT_ORGANIZATION


def map_organisations(manifests: Manifests, plan: Plan) -> dict[str, str]:
    """Add every organisation to organisation.yaml; Fides key -> organisation id."""
    found: dict[str, _Organisation] = {}
    for node in manifests.of("organization"):
        plan.warnings.extend(node.unknown(fields.ORGANIZATION, "organization"))
        key = node.key("organization")
        org = found[key] = _Organisation(_new(plan, key), [source(node, f"organization {key}")],
                                         node, node.text("name"))
        _contacts(org, node, plan)
        for noted in ("description", "security_policy", "organization_parent_key"):
            if (value := node.text(noted)) is not None:
                org.notes.append(f"fides: {noted}: {value}")
    for node in manifests.of("system") + manifests.of("dataset"):
        key = organisation_key(node)
        if key not in found:
            found[key] = _Organisation(_new(plan, key), [
                f"organization_fides_key {key} of {node.where()}: no organization resource "
                "was imported"])
    for node in manifests.of("system"):
        _legal_entity(found[organisation_key(node)], node, plan)
    for org in found.values():
        plan.shared.organisations.append(_block(org))
    return {key: org.id for key, org in found.items()}


def _new(plan: Plan, key: str) -> str:
    return plan.new_id("", key, "organisation")


def _contact(node: Node | None, plan: Plan) -> dict[str, str]:
    if node is None:
        return {}
    plan.warnings.extend(node.unknown(fields.CONTACT, "contact details"))
    return {k: v for k in ("name", "email", "phone", "address") if (v := node.text(k))}


def _contacts(org: _Organisation, node: Node, plan: Plan) -> None:
    controller = _contact(node.child("controller"), plan)
    org.name = org.name or controller.get("name")
    org.address = controller.get("address")
    org.contact = {k: v for k, v in controller.items() if k in ("email", "phone")}
    org.dpo = _contact(node.child("data_protection_officer"), plan)
    org.representative = _contact(node.child("representative"), plan)


def _legal_entity(org: _Organisation, node: Node, plan: Plan) -> None:
    """fideslang 3.x: the legal entity of a system, when the organisation leaves it open."""
    name, address, dpo = node.text("legal_name"), node.text("legal_address"), node.text("dpo")
    if name is None and address is None and dpo is None:
        return
    if org.name is not None and name is not None and name != org.name:
        plan.warnings.append(f"{node.where('legal_name')}: legal_name '{name}' differs from "
                             f"the organisation's name '{org.name}'; kept as a comment")
        org.notes.append(f"fides: legal_name of system {node.key('system')}: {name}")
        return
    org.above.append(f"legal entity from {node.where('legal_name')}: system "
                     f"{node.key('system')}")
    org.name = org.name or name
    org.address = org.address or address
    if dpo is not None and not org.dpo:
        org.dpo = {"name": dpo}


def _block(org: _Organisation) -> Block:
    block = Block(above=org.above)
    block.add("id", org.id)
    if org.name is None:
        block.note("TODO: name: the organisation's legal name; Fides names none (ROPA-01)")
    block.add("name", org.name)
    block.note("TODO: country: where the organisation is established (ISO code); Fides has no "
               "field for it")
    block.add("address", org.address)
    block.add("email", org.contact.get("email"))
    block.add("phone", org.contact.get("phone"))
    if org.address is None and not org.contact:
        block.note("TODO: address, email or phone: Fides states no contact (ROPA-01)")
    for key, contact in (("dpo", org.dpo), ("representative", org.representative)):
        if contact:
            inner = Block()
            for part in ("name", "email", "phone", "address"):
                inner.add(part, contact.get(part))
            if key == "dpo" and not ({"email", "phone"} & contact.keys()):
                inner.note("TODO: email or phone: Fides gives the DPO no contact (ROPA-01)")
            block.add(key, inner)
    for note in org.notes:
        block.note(note)
    return block

