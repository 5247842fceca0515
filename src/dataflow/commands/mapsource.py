"""Where a command's map comes from: flow files, or a copy of the map in a SPARQL store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..sources.load import FlowGraph, load
from ..store.terms import TermIndex

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint


def load_map(paths: Sequence[Path], terms: TermIndex, endpoint: Endpoint | None) -> FlowGraph:
    """The flow files' map, or a copy of the map in the store at `endpoint` (with the source
    map `push` stored beside it, so findings still point at file:line)."""
    if endpoint is None:
        return load(paths, terms)
    from ..sources.remote import remote_map

    return remote_map(endpoint)
