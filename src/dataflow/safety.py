"""Defence in depth: refuse network access while flow files are loaded and validated.

The loaders never ask for the network, but rdflib and pySHACL can be led to fetch URLs
(remote JSON-LD contexts, owl:imports, SPARQL FROM). An audit hook refuses any socket
connection or urllib request made while `offline()` is active.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_active = 0
_installed = False


class NetworkRefused(RuntimeError):
    """Raised inside a library that tried to reach the network."""


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _active and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        raise NetworkRefused(f"dataflow never uses the network (blocked {event})")


@contextmanager
def offline() -> Iterator[None]:
    global _active, _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    if "rdflib.plugins.sparql" in sys.modules:  # importing it costs 0.1 s of start-up
        no_remote_graphs()
    _active += 1
    try:
        yield
    finally:
        _active -= 1


def no_remote_graphs() -> None:
    """Stop rdflib's SPARQL engine from fetching FROM <url>; call before it runs a query."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
