"""Fides's data flows, transfers and third parties as dataflow flows.

- `egress`/`ingress` of a privacy declaration: a flow from (to) the declaration's activity,
  carrying its data for its purpose; of a system: a flow between the two systems, unless a
  declaration of the system already states it. A hop declared at both ends is one flow.
- `does_international_transfers`, `legal_basis_for_transfers` and the legacy
  `third_country_transfers` (ISO alpha-3): a flow from each activity to the recipient of the
  transfers, whom Fides does not name, to each country (alpha-2), with the mechanism.
- `third_parties` (and a legacy data use's `recipients`): a party and a flow to it.

Fides records no receiver's role and, for a transfer, often no country: those stay open as
`# TODO`s that ROPA-04, ROPA-05 and XFER-01 report.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..yamlwriter import Block
from . import fields, taxonomy
from .countries import ALPHA3_TO_ALPHA2
from .manifest import Node
from .plan import FlowFile, Plan, source

ROLE_TODO = ("TODO: role: the receiver's role (processor, third-party, …); Fides has no field "
             "for it (ROPA-04)")


@dataclass
class Activity:
    """An activity made from a privacy declaration, as the flows need it."""

    id: str
    block: Block
    node: Node
    data: list[str]
    purposes: list[str]
    systems: list[str]


def _flow(plan: Plan, sender: str, receiver: str, above: str, label: str) -> Block:
    block = Block(above=[above])
    block.add("id", plan.new_id(sender, f"to {label}", "flow"))
    block.add("from", sender)
    block.add("to", receiver)
    block.note(ROLE_TODO)
    return block


def _short(entity_id: str) -> str:
    return entity_id.rsplit(".", 1)[-1]


def _data_flows(node: Node, plan: Plan) -> dict[tuple[str, str], Node]:
    """(direction, fides_key) -> the system's DataFlow entry."""
    found = {}
    for direction in ("egress", "ingress"):
        for flow in node.children(direction):
            plan.warnings.extend(flow.unknown(fields.DATA_FLOW, f"{direction} data flow"))
            found[(direction, flow.key(f"{direction} data flow"))] = flow
    return found


def declaration_flows(plan: Plan, file: FlowFile, system: Node,
                      activities: list[Activity]) -> None:
    """Flows of each declaration's egress and ingress, carrying the declaration's data."""
    entries = _data_flows(system, plan)
    for activity in activities:
        for direction in ("egress", "ingress"):
            for key in activity.node.texts(direction):
                entry = entries.get((direction, key))
                kind = entry.text("type") if entry is not None else None
                if kind == "user":
                    continue
                other = plan.entity(kind or "", key, activity.node, file.organisation or "")
                sender, receiver = ((activity.id, other) if direction == "egress"
                                    else (other, activity.id))
                above = source(activity.node, f"{direction} {key} of the privacy declaration")
                block = plan.flows.get((sender, receiver, "")) or plan.add_flow(
                    file, sender, receiver, _flow(plan, sender, receiver, above, _short(receiver)))
                if above not in block.above:
                    block.above.append(above)
                _carried(block, plan, entry, activity.data, activity.purposes)


def _carried(block: Block, plan: Plan, entry: Node | None, data: list[str],
             purposes: list[str]) -> None:
    if any(getattr(e, "key", None) == "data" for e in block.entries):
        return
    if entry is not None and entry.texts("data_categories"):
        terms, notes = plan.vocabulary.terms("data_category", entry.texts("data_categories"))
        block.add("data", terms, item_comments=notes)
    else:
        block.add("data", data)
    block.add("purposes", purposes)


def system_flows(plan: Plan, file: FlowFile, system: Node, system_id: str) -> None:
    """Flows of a system's own egress and ingress, where no flow states the hop yet (a
    declaration's, or the other system's ingress or egress)."""
    for (direction, key), entry in _data_flows(system, plan).items():
        kind = entry.text("type")
        if kind == "user":
            if direction == "egress":
                file.systems[-1].note(f"fides: egress to user {key}: data returned to the data "
                                      "subject, no flow written")
            continue
        if kind not in (None, "system", "dataset"):
            plan.warnings.append(f"{entry.where('type')}: unknown data flow type '{kind}', "
                                 "read as a system")
        other = plan.entity(kind if kind in ("system", "dataset") else "", key, entry,
                            file.organisation or "")
        sender, receiver = (system_id, other) if direction == "egress" else (other, system_id)
        above = source(entry, f"{direction} {key} of system {system.key('system')}")
        block = plan.stated(sender, receiver)
        if block is None:
            block = plan.add_flow(file, sender, receiver,
                                  _flow(plan, sender, receiver, above, _short(receiver)))
            _carried(block, plan, entry, [], [])
            if not entry.texts("data_categories"):
                block.note("TODO: data: Fides does not say what this flow carries")
        elif above not in block.above:
            block.above.append(above)


def transfer_flows(plan: Plan, file: FlowFile, node: Node,
                   senders: list[tuple[str, list[str], list[str]]], organisation: str) -> None:
    """Flows to the unnamed recipient of the international transfers of a system or dataset."""
    countries = []
    for code in node.texts("third_country_transfers"):
        alpha2 = ALPHA3_TO_ALPHA2.get(code.upper())
        if alpha2 is None:
            plan.warnings.append(f"{node.where('third_country_transfers')}: '{code}' is no "
                                 "ISO 3166-1 alpha-3 code, left open")
        countries.append(alpha2)
    stated = node.texts("legal_basis_for_transfers")
    mechanisms: list[str] = []
    for text in stated:
        term = taxonomy.match(text, taxonomy.TRANSFER_MECHANISMS)
        if term is None and "supplementary" not in text.lower():
            plan.warnings.append(f"{node.where('legal_basis_for_transfers')}: transfer basis "
                                 f"'{text}' is no Chapter V mechanism dataflow knows, left open")
        if term is not None and term not in mechanisms:
            mechanisms.append(term)
    if not (node.flag("does_international_transfers") or countries or stated) or not senders:
        return
    label = node.text("name") or node.key("system or dataset")
    where = "third_country_transfers" if countries else (
        "legal_basis_for_transfers" if stated else "does_international_transfers")
    party = plan.party(f"Recipients of the international transfers of {label}", organisation,
                       f"from {node.where(where)}: the transfers of {label}",
                       f"{node.key('system or dataset')} transfer recipients",
                       todo="TODO: name: who receives these transfers; Fides names none")
    for sender, data, purposes in senders:
        for alpha2 in countries or [None]:
            above = source(node, f"{where}: " + (", ".join(node.texts(where)) or "true"))
            if (sender, party, alpha2 or "") in plan.flows:
                continue
            block = _flow(plan, sender, party, above, f"transfer {alpha2 or ''}".strip())
            if alpha2 is None:
                block.add("country", "outside-eea", "Fides names no country")
                block.note("TODO: country: the destination (ISO code); Fides has no field for "
                           "it (ROPA-05)")
            else:
                block.add("country", alpha2, "third_country_transfers: " +
                          next(c for c in node.texts("third_country_transfers")
                               if ALPHA3_TO_ALPHA2.get(c.upper()) == alpha2))
            block.add("mechanism", mechanisms, "legal_basis_for_transfers: " + ", ".join(stated))
            if not mechanisms:
                block.note("TODO: mechanism: the Chapter V mechanism; Fides states none "
                           "(XFER-01)")
            if any("supplementary" in text.lower() for text in stated):
                block.note("fides: supplementary measures: no mechanism on their own")
            block.add("data", data)
            block.add("purposes", purposes)
            plan.add_flow(file, sender, party, block, alpha2 or "")


def third_party_flows(plan: Plan, file: FlowFile, activities: list[Activity],
                      organisation: str, uses: dict[str, Node]) -> None:
    """A party and a flow for each third party a declaration shares data with."""
    for activity in activities:
        decl = activity.node
        named = []
        if (text := decl.text("third_parties")) is not None:
            named.append((text, decl, "third_parties"))
        elif decl.flag("data_shared_with_third_parties"):
            named.append(("Third parties (not named in Fides)", decl,
                          "data_shared_with_third_parties"))
        use = uses.get(decl.text("data_use") or "")
        if use is not None:
            named.extend((text, use, "recipients") for text in use.texts("recipients"))
        for name, where, key in named:
            party = plan.party(name, organisation, f"from {where.where(key)}: {key}")
            if (activity.id, party, "") in plan.flows:
                continue
            above = source(decl, f"{key}: {name}")
            block = _flow(plan, activity.id, party, above, _short(party))
            shared = decl.texts("shared_categories")
            if shared and key != "recipients":
                terms, notes = plan.vocabulary.terms("data_category", shared)
                block.add("data", terms, "shared_categories", item_comments=notes)
            else:
                block.add("data", activity.data)
            block.add("purposes", activity.purposes)
            plan.add_flow(file, activity.id, party, block)
