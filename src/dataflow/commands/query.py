"""`dataflow query`: one query (text, a .rq file or a named query) over the loaded flows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, close_matches, did_you_mean, display_path
from ..resources import data_dir
from ..sources.load import load
from ..store.sparql import Result, check, run
from ..textfile import read_text

if TYPE_CHECKING:
    from ..store.endpoint import Endpoint


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def named_queries() -> dict[str, NamedQuery]:
    """The queries of docs/queries (bundled in the wheel), by file name; the title is the
    first comment line."""
    found: dict[str, NamedQuery] = {}
    for path in sorted(data_dir("queries").glob("*.rq")):
        first = path.read_text(encoding="utf-8").splitlines()[:1]
        title = first[0].lstrip("# ").strip() if first and first[0].startswith("#") else ""
        found[path.stem] = NamedQuery(path.stem, path, title)
    return found


def named(name: str) -> NamedQuery:
    queries = named_queries()
    if name in queries:
        return queries[name]
    hint = did_you_mean(close_matches(name, queries, cutoff=0.5))
    raise InputError(f"unknown named query '{name}'{hint}", None, None,
                     "one of: " + ", ".join(queries))


def query(sparql: str | None, file: Path | None, name: str | None,
          paths: Sequence[Path], endpoint: Endpoint | None = None) -> Result:
    """Exactly one of the query text, a .rq file or a named query, checked before the flows
    are loaded (or, with `endpoint`, sent to the store where the map lives)."""
    given = [x for x in (sparql, file, name) if x is not None]
    if len(given) != 1:
        raise InputError("give one query: SPARQL text, --file FILE or --named NAME")
    if file is not None:
        text = read_text(file, display_path(file))
    elif name is not None:
        text = named(name).text
    else:
        assert sparql is not None
        text = sparql
    try:
        check(text)
    except InputError as exc:  # name the file the query came from
        if file is None:
            raise
        raise InputError(exc.message, display_path(file), exc.line, exc.expected) from None
    if endpoint is not None:
        from ..sources.remote import require_map
        from ..store.transfer import query_at

        require_map(endpoint)
        return query_at(endpoint, text)
    return run(load(paths).store, text)
