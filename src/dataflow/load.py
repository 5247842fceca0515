"""Find flow files, parse them and merge them into one RDF graph with a source map."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .errors import InputError, InputErrors
from .rdfsource import FORMATS, index_subjects, parse_rdf
from .safety import offline
from .sourcemap import Location, SourceMap
from .terms import TermIndex, default_index
from .vocab import DF, ID_BASE
from .yamlgraph import Declared, GraphBuilder, ParsedFile, declare, parse_flow_file
from .yamlsource import read_yaml

YAML_SUFFIXES = {".yaml", ".yml"}
SUFFIXES = YAML_SUFFIXES | set(FORMATS)
_RDF_KINDS = {DF.Organisation: "organisation", DF.Party: "party", DF.System: "system",
              DF.Activity: "activity", DF.Flow: "flow"}


@dataclass
class FlowGraph:
    """The merged data graph of all flow files, and where each node came from."""

    graph: Graph
    sources: SourceMap
    files: list[str] = field(default_factory=list)


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def discover(paths: Sequence[Path]) -> list[Path]:
    """Flow files under the given files and directories, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in sorted(files)
                             if Path(f).suffix.lower() in SUFFIXES and not f.startswith("."))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError("not a flow file", display_path(path), None,
                                 "a .yaml, .yml, .ttl, .jsonld or .nt file")
            found.append(path)
        else:
            raise InputError("no such file or directory", display_path(path))
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", display_path(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", display_path(path)) from None


def load(paths: Sequence[Path], terms: TermIndex | None = None) -> FlowGraph:
    """Load every flow file under `paths` into one graph. Raises InputErrors on bad input."""
    terms = terms or default_index()
    files = discover(paths)
    graph = Graph()
    sources = SourceMap()
    errors: list[InputError] = []
    parsed: list[ParsedFile] = []
    declared = Declared()
    with offline():
        for path in files:
            shown = display_path(path)
            try:
                text = _read(path)
                if path.suffix.lower() in YAML_SUFFIXES:
                    parsed.append(parse_flow_file(read_yaml(text, shown)))
                else:
                    rdf = parse_rdf(path, text, shown)
                    index_subjects(rdf, text, shown, sources)
                    _declare_rdf(rdf, sources, declared)
                    graph += rdf
            except InputError as exc:
                errors.append(exc)
        for item in parsed:
            try:
                declare(item, declared)
            except InputError as exc:
                errors.append(exc)
        if not errors:
            builder = GraphBuilder(graph, terms, declared, sources)
            for item in parsed:
                try:
                    builder.build(item)
                except InputError as exc:
                    errors.append(exc)
    if errors:
        raise InputErrors(errors)
    _bind(graph)
    return FlowGraph(graph, sources, [display_path(p) for p in files])


def _declare_rdf(rdf: Graph, sources: SourceMap, declared: Declared) -> None:
    """Entities typed in RDF files under the flow-file id base can be referenced by id."""
    for cls, kind in _RDF_KINDS.items():
        for subject in rdf.subjects(RDF.type, cls):
            iri = str(subject)
            if isinstance(subject, URIRef) and iri.startswith(ID_BASE):
                declared.add(iri[len(ID_BASE):], kind, sources.get(iri) or Location("?"))


def _bind(graph: Graph) -> None:
    from .vocab import PREFIXES

    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def load_many(groups: Iterable[Sequence[Path]]) -> list[FlowGraph]:
    return [load(g) for g in groups]
