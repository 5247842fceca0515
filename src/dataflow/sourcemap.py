"""Where each node of the graph was declared: the file:line index behind every finding.

rdflib keeps no source positions, so the loaders record them here as they build the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class SourceMap:
    locations: dict[str, Location] = field(default_factory=dict)

    def record(self, iri: str, location: Location) -> None:
        self.locations.setdefault(iri, location)

    def get(self, iri: str) -> Location | None:
        return self.locations.get(iri)

    def update(self, other: SourceMap) -> None:
        for iri, location in other.locations.items():
            self.record(iri, location)
