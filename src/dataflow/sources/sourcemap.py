"""Where each node of the graph was declared: the file:line index behind every finding.

rdflib keeps no source positions, so the loaders record them here as they build the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


#: Finds where an IRI is declared in one file, or None.
Finder = Callable[[str], Location | None]


@dataclass
class SourceMap:
    """IRI -> where it was declared.

    YAML loaders record every node as they build it. RDF files register a `Finder` instead:
    a large Turtle file holds hundreds of thousands of subjects, and only the few that a
    finding names need a line. Finders are asked in order, and their answers remembered.
    """

    locations: dict[str, Location] = field(default_factory=dict)
    finders: list[Finder] = field(default_factory=list)

    def record(self, iri: str, location: Location) -> None:
        self.locations.setdefault(iri, location)

    def get(self, iri: str) -> Location | None:
        found = self.locations.get(iri)
        if found is None:
            for finder in self.finders:
                found = finder(iri)
                if found is not None:
                    self.locations[iri] = found
                    break
        return found

    def update(self, other: SourceMap) -> None:
        for iri, location in other.locations.items():
            self.record(iri, location)
        self.finders.extend(other.finders)
