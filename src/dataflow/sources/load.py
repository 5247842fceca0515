"""Find flow files, parse them and merge them into one RDF graph with a source map."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from ..errors import InputError, InputErrors, UnknownId, display_path, errors_of, printable
from ..safety import offline
from ..store.rdffiles import objects, typed
from ..store.rdflib_store import rdflib_graph, store_of
from ..store.sink import TripleSink
from ..store.terms import TermIndex, default_index
from ..textfile import read_text
from ..vocab import DF, ID_BASE
from .lift import lift
from .parse import Declared, ParsedFile, PartlyValid, declare, parse_flow_file
from .rdf import FORMATS, LineFinder, load_rdf_document
from .sourcemap import Location, SourceMap
from .yamlfile import read_yaml
from .yamlgraph import GraphBuilder

if TYPE_CHECKING:
    from ..store.rdflib_store import OxStore

YAML_SUFFIXES = {".yaml", ".yml"}
SUFFIXES = YAML_SUFFIXES | set(FORMATS)
_RDF_KINDS = {DF.Organisation: "organisation", DF.Party: "party", DF.System: "system",
              DF.Activity: "activity", DF.Flow: "flow"}


@dataclass
class FlowGraph:
    """The merged data graph of all flow files, and where each node came from.

    `graph` is the model, read through rdflib's API. Behind it is an Oxigraph store
    (`store`), which also holds the ontology in a named graph for the SPARQL engine.
    """

    graph: Graph
    sources: SourceMap
    files: list[str] = field(default_factory=list)

    @property
    def store(self) -> OxStore:
        """The Oxigraph store behind `graph` (the loaders always build one)."""
        return store_of(self.graph)

    def locations(self) -> dict[str, Location]:
        """Where every IRI subject was declared, RDF files' subjects included.

        RDF files are indexed only on demand (see SourceMap), so this asks their finders
        about every subject: use it for a whole-map view, not for one lookup.
        """
        if self.sources.finders:
            solutions = self.store.query("SELECT DISTINCT ?s { ?s ?p ?o FILTER isIRI(?s) }")
            for solution in solutions:  # type: ignore[union-attr]
                self.sources.get(solution[0].value)
        return self.sources.locations


def discover(paths: Sequence[Path]) -> list[Path]:
    """Flow files under the given files and directories, in a stable order.

    Symlinked folders are not followed (os.walk's default), and a symlinked file must stay
    inside the folder given: a pull request cannot make dataflow read ~/.ssh or /proc. A
    file that is not a regular one (a pipe, a device) is listed, and refused when read."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = os.path.join(os.path.realpath(path), "")
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."):
                        found.append(_inside(Path(root) / name, inside, path))
        elif path.exists():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError("not a flow file", display_path(path), None,
                                 "a .yaml, .yml, .ttl, .jsonld or .nt file")
            found.append(_inside(path, None, path))
        else:
            raise InputError("no such file or directory", display_path(path))
    return found


def _inside(file: Path, inside: str | None, given: Path) -> Path:
    """`file`, if it may be read: its name is printable text (every report shows it) and, as
    a symlink in a folder given, it stays inside that folder."""
    shown = display_path(file)
    if printable(shown) != shown:
        raise InputError("a file name with a control character or bytes that are not UTF-8",
                         shown, None, "a file name that is printable UTF-8 text")
    if inside and os.path.islink(file) and not os.path.realpath(file).startswith(inside):
        raise InputError(f"a symlink to a file outside {display_path(given)}", shown, None,
                         "flow files inside the folder given (or name the file itself)")
    return file


def _read(path: Path, texts: Mapping[Path, str]) -> str:
    text = texts.get(path.absolute())
    return read_text(path, display_path(path)) if text is None else text


def load(paths: Sequence[Path], terms: TermIndex | None = None,
         texts: Mapping[Path, str] | None = None) -> FlowGraph:
    """Load every flow file under `paths` into one graph. Raises InputErrors on bad input.

    `texts` maps absolute paths to text that stands in for the file's content (an editor's
    unsaved buffer), as `read_text` would return it; other files are read from disk."""
    terms = terms or default_index()
    texts = texts or {}
    files = discover(paths)
    sink = TripleSink()
    sources = SourceMap()
    errors: list[InputError] = []
    parsed: list[ParsedFile] = []
    documents: list[LineFinder] = []
    declared = Declared()
    with offline():
        for path in files:
            shown = display_path(path)
            try:
                text = _read(path, texts)
                if path.suffix.lower() in YAML_SUFFIXES:
                    parsed.append(parse_flow_file(read_yaml(text, shown)))
                else:
                    documents.append(load_rdf_document(path, text, shown, sink.store))
                    sources.finders.append(documents[-1])
            except PartlyValid as exc:  # the entries without format errors are still built
                errors.extend(exc.errors)
                if exc.rest is not None:
                    parsed.append(exc.rest)
            except (InputError, InputErrors) as exc:
                errors.extend(errors_of(exc))
        if documents and not errors:
            try:
                _refuse_imports(sink.store, documents)
                _declare_rdf(sink.store, sources, declared)
                lift(sink.store, sources)
            except InputError as exc:
                errors.append(exc)
        # Files that parsed are built even when others did not, so that one run reports
        # every error it can; an unknown id may then be declared in a file that failed.
        unreadable = bool(errors)
        for item in parsed:
            try:
                declare(item, declared)
            except InputErrors as exc:
                errors.extend(exc.errors)
        builder = GraphBuilder(sink, terms, declared, sources)
        for item in parsed:
            try:
                builder.build(item)
            except (InputError, InputErrors) as exc:
                errors.extend(e for e in errors_of(exc)
                              if not (unreadable and isinstance(e, UnknownId)))
    if errors:
        raise InputErrors(errors)
    graph = rdflib_graph(sink.to_store())
    _bind(graph)
    return FlowGraph(graph, sources, [display_path(p) for p in files])


def _refuse_imports(store: OxStore, documents: list[LineFinder]) -> None:
    """owl:imports is refused, not followed: nothing is fetched."""
    for target in objects(store, str(OWL.imports)):
        where = next(((d.display, line) for d in documents
                      if (line := d.line_of(target)) is not None), (documents[0].display, None))
        raise InputError(f"owl:imports <{target}> is not followed; dataflow never fetches "
                         "from the network", where[0], where[1],
                         "the imported data as a local file")


def _declare_rdf(store: OxStore, sources: SourceMap, declared: Declared) -> None:
    """Entities typed in RDF files under the flow-file id base can be referenced by id.

    Their lines are looked up only if an error needs them.
    """
    for cls, kind in _RDF_KINDS.items():
        for iri in typed(store, str(RDF.type), str(cls)):
            if iri.startswith(ID_BASE):
                declared.add(iri[len(ID_BASE):], kind, _lookup(sources, iri))


def _lookup(sources: SourceMap, iri: str) -> Callable[[], Location]:
    return lambda: sources.get(iri) or Location("?")


def _bind(graph: Graph) -> None:
    from ..vocab import PREFIXES

    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


