"""Where the bundled ontology and shapes live: in the wheel, or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The bundled `ontology` or `shapes` directory."""
    installed = _PACKAGE / "data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parents[1] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"dataflow is installed without its {name}/ directory")


def ontology_files() -> list[Path]:
    return sorted(data_dir("ontology").glob("*.ttl"))


def shape_files() -> list[Path]:
    """Bundled shapes; `shapes/policies/` holds optional policies and is not included."""
    return sorted(data_dir("shapes").glob("*.ttl"))
