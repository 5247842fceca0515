"""Where the bundled ontology and shapes live: in the wheel, or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
#: Where a bundled directory lives in a source checkout, when not at the top.
_CHECKOUT = {"queries": "docs/queries"}


@cache
def data_dir(name: str) -> Path:
    """The bundled `ontology`, `shapes` or `queries` directory."""
    installed = _PACKAGE / "data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parents[1] / _CHECKOUT.get(name, name)
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"dataflow is installed without its {name}/ directory")


def ontology_files() -> list[Path]:
    return sorted(data_dir("ontology").glob("*.ttl"))


def shape_files() -> list[Path]:
    """Bundled shapes; `shapes/policies/` holds optional policies and is not included."""
    return sorted(data_dir("shapes").glob("*.ttl"))
