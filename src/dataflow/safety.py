"""Defence in depth: refuse network access while flow files are loaded and validated.

The loaders never ask for the network, but rdflib and pySHACL can be led to fetch URLs
(remote JSON-LD contexts, owl:imports, SPARQL FROM). An audit hook refuses any socket
connection or urllib request made while `offline()` is active.

The one exception is the SPARQL endpoint a user names (`--endpoint`, `--store`):
`reaching(host, port, addresses)` lets exactly that host and port through, and only while
the endpoint client's own requests run inside it (docs/security.md).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_active = 0
_installed = False
#: (host, port, resolved addresses) that `reaching` lets through, or None.
_reachable: tuple[str, int, frozenset[str]] | None = None
_reaching = 0  # blocks (threads) inside `reaching`
_lock = threading.Lock()
_EVENTS = ("socket.connect", "socket.getaddrinfo", "urllib.Request")


class NetworkRefused(RuntimeError):
    """Raised inside a library that tried to reach the network."""


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _active and event in _EVENTS:
        if _reachable is not None and _allowed(event, args, *_reachable):
            return
        raise NetworkRefused(f"dataflow never uses the network (blocked {event})")


def _allowed(event: str, args: tuple[Any, ...], host: str, port: int,
             addresses: frozenset[str]) -> bool:
    """The event reaches the one endpoint: a lookup of its host, a connection to one of the
    addresses that lookup gave on its port, or a urllib request of a URL at host:port."""
    if event == "socket.getaddrinfo":
        return bool(args) and isinstance(args[0], str) and args[0].lower() == host
    if event == "socket.connect":
        address = args[1] if len(args) > 1 else None
        return (isinstance(address, tuple) and len(address) >= 2
                and address[0] in addresses and address[1] == port)
    from urllib.parse import urlsplit

    try:
        url = urlsplit(str(args[0]))
        return url.hostname == host and (url.port or _DEFAULT_PORTS.get(
            url.scheme, -1)) == port
    except ValueError:
        return False


_DEFAULT_PORTS = {"http": 80, "https": 443}


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


@contextmanager
def reaching(host: str, port: int) -> Iterator[None]:
    """Let this one host:port through the offline hook while the block runs (the endpoint
    a user named; `host` lower-case, as urlsplit gives it); every other connection, lookup
    or request stays refused. Threads may reach the same endpoint at once, never two."""
    global _reachable, _reaching
    import socket

    with offline():
        with _lock:
            if _reachable is not None and _reachable[:2] != (host, port):
                raise NetworkRefused("dataflow reaches one endpoint at a time")
            if _reachable is None:
                _reachable = (host, port, frozenset())
            _reaching += 1
            resolved = bool(_reachable[2])
        try:
            if not resolved:
                found = {str(info[4][0]) for info in socket.getaddrinfo(
                    host, port, type=socket.SOCK_STREAM)}
                _reachable = (host, port, frozenset(found))
            yield
        finally:
            with _lock:
                _reaching -= 1
                if not _reaching:
                    _reachable = None
