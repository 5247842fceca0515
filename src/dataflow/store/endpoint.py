"""The SPARQL 1.1 protocol client: queries and graph uploads to the one store a user names.

`--endpoint URL` is the store's query endpoint; queries are POSTed to it as
`application/sparql-query`, with the dataset chosen by the protocol's `default-graph-uri`
parameters (the map's graph and the ontology's), never by FROM in the text. SELECT and ASK
come back as SPARQL results JSON, CONSTRUCT as N-Triples. `push` PUTs graphs with the Graph
Store HTTP Protocol to the store URL (`--store`, or derived: oxigraph serve answers queries
at `/query` and stores graphs at `/store`).

Every request runs inside `safety.reaching(host, port)`: only that host and port are
contacted, no proxy is used and no redirect is followed. Credentials come from the
environment only (DATAFLOW_ENDPOINT_TOKEN for Bearer, DATAFLOW_ENDPOINT_USER and
DATAFLOW_ENDPOINT_PASSWORD for Basic), and no message shows them or a URL's user info.
Every failure (refused, timed out, HTTP 4xx/5xx, an answer that does not parse) is an
InputError: exit code 2 and one line, never a traceback.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from ..errors import InputError, printable
from ..limits import MAX_ENDPOINT_BYTES
from ..safety import reaching
from .convert import iri_problem

#: The named graph of the bundled ontology, in a store as in a local one (store/ontology.py).
ONTOLOGY_GRAPH = "urn:dataflow:graph:ontology"
TOKEN = "DATAFLOW_ENDPOINT_TOKEN"
USER = "DATAFLOW_ENDPOINT_USER"
PASSWORD = "DATAFLOW_ENDPOINT_PASSWORD"
CREDENTIALS = f"{USER} and {PASSWORD}, or {TOKEN}, in the environment"
JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
#: A row of SPARQL results JSON: variable -> {"type", "value", "xml:lang", "datatype"}.
Row = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    """A store's query URL, the graph that holds the map, the graph store URL (or None to
    derive it) and the seconds to wait for each answer."""

    url: str
    graph: str
    store: str | None = None
    timeout: float = 60.0

    @property
    def shown(self) -> str:
        return shown_url(self.url)

    @property
    def sources_graph(self) -> str:
        """The companion graph with the file:line of every node (`push` writes it)."""
        return f"{self.graph}#sources"

    @property
    def query_graphs(self) -> list[str]:
        """What validation and `query` see as the default graph: the map and the ontology."""
        return [self.graph, ONTOLOGY_GRAPH]

    def store_url(self) -> str:
        """The Graph Store Protocol URL: --store, or oxigraph serve's /store next to /query."""
        if self.store is not None:
            return self.store
        parts = urlsplit(self.url)
        if parts.path.endswith("/query"):
            return urlunsplit(parts._replace(path=parts.path[: -len("query")] + "store"))
        raise InputError(f"cannot tell the graph store URL of {self.shown}", None, None,
                         "--store URL (oxigraph serve: http://HOST:PORT/store; Fuseki: "
                         "http://HOST:3030/DATASET/data; GraphDB: "
                         "http://HOST:7200/repositories/REPO/rdf-graphs/service)")


def connect(url: str, graph: str | None, *, store: str | None = None,
            timeout: float = 60.0) -> Endpoint:
    """The endpoint of the options, checked: http(s) URLs without user info, a graph IRI."""
    for option, value in (("--endpoint", url), ("--store", store)):
        if value is not None:
            _check_url(option, value)
    if graph is None:
        raise InputError("--endpoint needs --graph IRI", None, None,
                         "the named graph that holds the map, as given to dataflow push")
    problem = iri_problem(graph)
    if problem is not None or "#" in graph:
        raise InputError(f"--graph {printable(graph)}: not a graph IRI "
                         f"({problem or 'it has a fragment'})", None, None,
                         "an absolute IRI without #, e.g. urn:example:datamap")
    if not timeout > 0:
        raise InputError(f"--timeout {timeout:g}: not a positive number of seconds")
    return Endpoint(url, graph, store, timeout)


def _check_url(option: str, url: str) -> None:
    if any(c <= " " or c == "\x7f" for c in url):  # urlsplit would drop some silently
        raise InputError(f"{option} {shown_url(url)}: not a URL (it has a space or a control "
                         "character)", None, None, "http://HOST:PORT/PATH")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise InputError(f"{option} {shown_url(url)}: not a URL", None, None,
                         "http://HOST:PORT/PATH") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{option} {shown_url(url)}: not an http or https URL", None, None,
                         "http://HOST:PORT/PATH")
    if parts.username is not None or parts.password is not None:
        raise InputError(f"{option} {shown_url(url)}: credentials in the URL are refused, "
                         "they would show in process lists and logs", None, None, CREDENTIALS)


def shown_url(url: str) -> str:
    """The URL as messages show it: without user info, printable (not through urlsplit,
    which drops tabs and line breaks)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return printable(url.rpartition("@")[2])
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    return printable(f"{scheme}://{rest[:end].rpartition('@')[2]}{rest[end:]}")


# -- the protocol -----------------------------------------------------------------------------


def select(endpoint: Endpoint, text: str, graphs: Sequence[str]) -> tuple[list[str], list[Row]]:
    """(variables, rows) of a SELECT over `graphs` as the default graph."""
    answer = _json(endpoint, _post(endpoint, text, graphs, JSON_RESULTS))
    try:
        variables = [str(v) for v in answer["head"].get("vars", [])]
        rows = answer["results"]["bindings"]
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise TypeError
    except (KeyError, TypeError, AttributeError):
        raise _not_results(endpoint) from None
    return variables, rows


def ask(endpoint: Endpoint, text: str, graphs: Sequence[str]) -> bool:
    answer = _json(endpoint, _post(endpoint, text, graphs, JSON_RESULTS))
    value = answer.get("boolean") if isinstance(answer, dict) else None
    if not isinstance(value, bool):
        raise _not_results(endpoint)
    return value


def construct(endpoint: Endpoint, text: str, graphs: Sequence[str]) -> bytes:
    """The N-Triples of a CONSTRUCT over `graphs` as the default graph."""
    return _post(endpoint, text, graphs, N_TRIPLES)


def put_graph(endpoint: Endpoint, graph: str, ntriples: bytes) -> None:
    """Replace `graph` in the store with these triples (Graph Store Protocol PUT)."""
    store = endpoint.store_url()
    url = _with_params(store, [("graph", graph)])
    _send(endpoint, url, f"{shown_url(store)} (PUT <{graph}>)", "PUT", ntriples, N_TRIPLES)


def _post(endpoint: Endpoint, text: str, graphs: Sequence[str], accept: str) -> bytes:
    url = _with_params(endpoint.url, [("default-graph-uri", g) for g in graphs])
    return _send(endpoint, url, endpoint.shown, "POST", text.encode("utf-8"),
                 "application/sparql-query", accept)


def _with_params(url: str, params: list[tuple[str, str]]) -> str:
    return url + ("&" if urlsplit(url).query else "?") + urlencode(params)


def _json(endpoint: Endpoint, body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise _not_results(endpoint) from None


def _not_results(endpoint: Endpoint) -> InputError:
    return InputError(f"the answer of {endpoint.shown} is not SPARQL results JSON", None, None,
                      "a SPARQL 1.1 query endpoint")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (an HTTPError with its 3xx code), never followed."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def _send(endpoint: Endpoint, url: str, shown: str, method: str, body: bytes,
          content_type: str, accept: str = "*/*") -> bytes:
    """The body of the answer; `shown` names the request in messages (no user info, none
    of the parameters dataflow added)."""
    headers = {"Content-Type": content_type, "Accept": accept}
    authorization = _authorization()
    if authorization is not None:
        headers["Authorization"] = authorization
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    deadline = time.monotonic() + endpoint.timeout
    try:
        with reaching(host, port), _OPENER.open(request, timeout=endpoint.timeout) as answer:
            return _read(answer, shown, deadline)
    except urllib.error.HTTPError as exc:
        raise _http_error(exc, shown, authorization is not None) from None
    except urllib.error.URLError as exc:
        raise _unreachable(shown, exc.reason, endpoint.timeout) from None
    except (OSError, http.client.HTTPException) as exc:
        raise _unreachable(shown, exc, endpoint.timeout) from None


def _read(answer: Any, shown: str, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := answer.read(1 << 16):
        size += len(chunk)
        if size > MAX_ENDPOINT_BYTES:
            raise InputError(f"the answer of {shown} is larger than "
                             f"MAX_ENDPOINT_BYTES ({MAX_ENDPOINT_BYTES // 2**20} MiB)")
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _unreachable(shown: str, reason: object, timeout: float) -> InputError:
    if isinstance(reason, TimeoutError | socket.timeout):
        return InputError(f"{shown} did not answer within {timeout:g} s", None, None,
                          "a store that answers, or a longer --timeout SECONDS")
    if isinstance(reason, ConnectionRefusedError):
        return InputError(f"cannot reach {shown}: connection refused (is the store running?)",
                          None, None, "the URL of a running SPARQL endpoint")
    if isinstance(reason, socket.gaierror):
        return InputError(f"cannot reach {shown}: unknown host", None, None,
                          "the URL of a running SPARQL endpoint")
    detail = _scrub(str(getattr(reason, "strerror", None) or reason or type(reason).__name__))
    return InputError(f"cannot reach {shown}: {detail[:200]}", None, None,
                      "the URL of a running SPARQL endpoint")


def _http_error(exc: urllib.error.HTTPError, shown: str, credentials: bool) -> InputError:
    status = f"HTTP {exc.code} {printable(str(exc.reason or ''))}".rstrip()
    if exc.code in (401, 403):
        said = "refused the credentials" if credentials else "requires credentials"
        return InputError(f"{shown} {said} ({status})", None, None, CREDENTIALS)
    if 300 <= exc.code < 400:
        target = shown_url(str(exc.headers.get("Location", "")))
        return InputError(f"{shown} answered with a redirect ({status}) to {target}, which "
                          "dataflow does not follow", None, None,
                          "the URL the store answers at, as --endpoint or --store")
    if exc.code == 404:
        return InputError(f"{shown}: not found ({status})", None, None,
                          "the URL of the store's SPARQL endpoint (oxigraph serve: "
                          "http://HOST:PORT/query)")
    try:
        said = exc.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        said = ""
    said = " ".join(_scrub(said).split())[:300]
    return InputError(f"{shown} answered {status}" + (f": {said}" if said else ""))


def _authorization() -> str | None:
    """The Authorization header from the environment, or None."""
    token = os.environ.get(TOKEN)
    user, password = os.environ.get(USER), os.environ.get(PASSWORD)
    if token:
        value = f"Bearer {token}"
    elif user is None and password is None:
        return None
    elif not user or password is None:
        raise InputError(f"{USER} and {PASSWORD} go together: one is set without the other",
                         None, None, CREDENTIALS)
    else:
        value = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    if any(c < " " or c == "\x7f" for c in value):
        raise InputError("the endpoint credentials in the environment hold a control "
                         "character or line break", None, None, CREDENTIALS)
    return value


def _scrub(text: str) -> str:
    """`text` (a store's own words) without any secret of the environment in it."""
    for name in (TOKEN, PASSWORD):
        secret = os.environ.get(name)
        if secret:
            text = text.replace(secret, "***")
    return printable(text)
