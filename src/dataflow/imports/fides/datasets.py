"""A Fides dataset as a dataflow system: a store of personal data that flows reach.

A flow file's system has no data categories of its own (activities and flows carry them), so
the categories of the dataset, its collections and fields are listed in a comment. The legacy
`retention` is kept as a comment too, and the legacy `third_country_transfers` become
transfers from the dataset, as for a system.
"""

from __future__ import annotations

from ..yamlwriter import Block
from . import fields
from .flows import transfer_flows
from .manifest import Node
from .plan import Plan, source


def map_dataset(node: Node, plan: Plan, organisation: str) -> None:
    plan.warnings.extend(node.unknown(fields.DATASET, "dataset"))
    key = node.key("dataset")
    dataset_id = plan.entities[("dataset", key)]
    block = Block(above=[source(node, f"dataset {key}")])
    block.add("id", dataset_id)
    block.add("name", node.text("name") or key)
    block.add("description", node.text("description"))
    categories = _categories(node, plan)
    if categories:
        block.note("fides: data categories: " + ", ".join(dict.fromkeys(categories)))
    for noted in ("retention", "data_qualifier"):
        if (value := node.text(noted)) is not None:
            block.note(f"fides: {noted}: {value}")
    block.note("TODO: country: where the dataset is stored (ISO code); Fides has no field "
               "for it")
    plan.shared.systems.append(block)
    plan.counts.datasets += 1
    transfer_flows(plan, plan.shared, node, [(dataset_id, [], [])], organisation)


def _categories(node: Node, plan: Plan) -> list[str]:
    """The data categories of a dataset, its collections and their (nested) fields."""
    found = list(node.texts("data_categories"))
    for key in ("collections", "fields"):
        for child in node.children(key):
            plan.warnings.extend(child.unknown(fields.COLLECTION | {"fields"},
                                               key.rstrip("s")))
            found.extend(_categories(child, plan))
    return found
