"""Fides taxonomy keys as dataflow terms, and project terms for keys DPV has no term for.

A key with an equivalent DPV term becomes that term. Any other key is kept: it becomes a
project term, the IRI `urn:fides:<kind>:<key>`, which flow files accept wherever a term goes
(docs/flow-format.md, "Terms"). A YAML flow file cannot say what such an IRI is narrower
than, but an RDF flow file can, so the importer writes `fides-terms.ttl` beside the flow
files: each project term with `skos:broader` the nearest DPV term, which the rules follow
exactly as they follow DPV's own hierarchy (a key under pd:PoliticalOpinion is
special-category data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import Literal, URIRef

from ...store.terms import default_index
from . import fields, taxonomy
from .manifest import Node

_TABLES = {"data_category": taxonomy.DATA_CATEGORIES, "data_use": taxonomy.DATA_USES,
           "data_subject": taxonomy.DATA_SUBJECTS}
_KIND_NAMES = {"data_category": "data category", "data_use": "data use",
               "data_subject": "data subject"}
_LEAF_KEYS = [key.rsplit(".", 1)[-1] for key in taxonomy.DATA_CATEGORIES]
#: Leaves that name one category only, for fideslang 2.x keys such as user.political_opinion.
_LEAVES = {key.rsplit(".", 1)[-1]: key for key in taxonomy.DATA_CATEGORIES
           if _LEAF_KEYS.count(key.rsplit(".", 1)[-1]) == 1}


@dataclass(frozen=True)
class Mapped:
    """A Fides key as written in the flow file, and how it was mapped (for its comment)."""

    term: str
    note: str | None


@dataclass(frozen=True)
class ProjectTerm:
    kind: str
    key: str
    broader: str  # the dataflow term (alias or CURIE) it sits under
    via: str  # how the broader term was found

    @property
    def iri(self) -> str:
        return project_iri(self.kind, self.key)


def project_iri(kind: str, key: str) -> str:
    return f"urn:fides:{kind}:{quote(key, safe='._-~')}"


@dataclass
class Vocabulary:
    """Resolves the keys of one import; remembers the project terms it made."""

    custom: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> key -> parent
    project: dict[tuple[str, str], ProjectTerm] = field(default_factory=dict)

    def learn(self, kind: str, nodes: list[Node]) -> list[str]:
        """A manifest's own taxonomy entries: their parent keys lead to a known term. The
        warnings for keys that no taxonomy entry has."""
        warnings = []
        for node in nodes:
            warnings.extend(node.unknown(fields.TAXONOMY_ENTRY, kind))
            key, parent = node.text("fides_key"), node.text("parent_key")
            if key is not None and parent is not None:
                self.custom.setdefault(kind, {})[key] = parent
        return warnings

    def term(self, kind: str, key: str) -> Mapped:
        table = _TABLES[kind]
        found = _known(kind, key)
        if found is not None:
            known, how = found
            term, exact = table[known]
            if exact:
                return Mapped(term, None if key == term else
                              key + (f" (read as {known})" if how else ""))
            return self._project(kind, key, term, "its nearest DPV term" if known == key
                                 else f"read as {known}")
        seen: set[str] = set()
        current = key
        while current not in seen:
            seen.add(current)
            parent = self.custom.get(kind, {}).get(current) or _parent(current)
            if parent is None:
                break
            found = _known(kind, parent)
            if found is not None:
                return self._project(kind, key, table[found[0]][0], f"through its parent {parent}")
            current = parent
        return self._project(kind, key, taxonomy.ROOTS[kind], "no known parent")

    def _project(self, kind: str, key: str, broader: str, via: str) -> Mapped:
        made = self.project.setdefault((kind, key), ProjectTerm(kind, key, broader, via))
        return Mapped(made.iri, f"{key}: no DPV equivalent, a project term under "
                      f"{made.broader} (fides-terms.ttl)")

    def terms(self, kind: str, keys: list[str]) -> tuple[list[str], list[str | None]]:
        """The flow-file terms of `keys`, without repeats, and the comment of each."""
        mapped: dict[str, str | None] = {}
        for key in keys:
            one = self.term(kind, key)
            mapped.setdefault(one.term, one.note)
        return list(mapped), list(mapped.values())

    def turtle(self) -> str:
        """fides-terms.ttl: every project term under its broader term, with its Fides key."""
        index = default_index()
        lines = ["# Project terms for Fides taxonomy keys that DPV has no equivalent for, "
                 "written by",
                 "# `dataflow import fides`. Each sits under the nearest DPV term "
                 "(skos:broader), so the",
                 "# rules treat it as that term. Load this file with the flow files beside it.",
                 "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
                 "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", ""]
        for (kind, key), made in sorted(self.project.items()):
            broader = index.resolve(made.broader)
            if broader is None:  # the tables hold only ontology terms (tested)
                raise ValueError(f"unknown term {made.broader} in the Fides mapping")
            label = Literal(key, lang="en").n3()
            comment = Literal(f"Fides {_KIND_NAMES[kind]} {key}: no DPV equivalent; under "
                              f"{made.broader} ({made.via})", lang="en").n3()
            lines.append(f"<{made.iri}> skos:broader {URIRef(broader).n3()} ;\n"
                         f"    rdfs:label {label} ;\n    rdfs:comment {comment} .")
        return "\n".join(lines) + "\n"


def _known(kind: str, key: str) -> tuple[str, bool] | None:
    """The table key that `key` stands for, and whether it was read as another spelling."""
    table = _TABLES[kind]
    if key in table:
        return key, False
    if kind != "data_category":
        return None
    parts = [p for p in key.split(".") if p not in taxonomy.LEGACY_SEGMENTS]
    modern = ".".join(parts)
    if modern in table:
        return modern, True
    leaf = taxonomy.LEGACY_LEAVES.get(parts[-1]) or _LEAVES.get(parts[-1])
    if leaf is not None and len(parts) == 2 and parts[0] == "user":
        return leaf, True
    return None


def _parent(key: str) -> str | None:
    return key.rsplit(".", 1)[0] if "." in key else None
