"""The terms of the ontology as the editor shows them, read from the term index.

`store/terms.py` owns the terms: what a name resolves to (`resolve`), every term of a kind
(`terms`) and everything known about one (`info`: aliases, English and Finnish labels,
broader terms, definition). This adapter only words a `TermInfo` as Markdown for hover and
completion, and asks the index with a kind's short name (`legal-basis`, `data`).
"""

from __future__ import annotations

from functools import cache

from ..store.terms import TermIndex, TermInfo, default_index


class Vocabulary:
    def __init__(self, index: TermIndex) -> None:
        self.index = index

    def lookup(self, text: str) -> TermInfo | None:
        """The term a person wrote (alias, CURIE, IRI or label), or None."""
        iri = self.index.resolve(text)
        return self.index.info(iri) if iri is not None and iri in self.index.known else None

    def of_kind(self, kind: str) -> list[TermInfo]:
        """Every term that a field of this kind accepts, by name."""
        return self.index.terms(kind)

    def describe(self, term: TermInfo) -> str:
        """Markdown for a hover or a completion item's documentation."""
        english = term.labels_en[0] if term.labels_en else ""
        lines = [f"**{english or term.name}** · `{term.curie}`", ""]
        labels = [f"EN: {', '.join(dict.fromkeys(term.labels_en))}" if term.labels_en else "",
                  f"FI: {', '.join(dict.fromkeys(term.labels_fi))}" if term.labels_fi else ""]
        if any(labels):
            lines.append(" · ".join(label for label in labels if label) + "  ")
        if term.aliases:
            lines.append("Write as: " + ", ".join(f"`{a}`" for a in term.aliases[:6]) + "  ")
        if term.broader:
            lines.append("Broader: " + ", ".join(self._named(b) for b in term.broader) + "  ")
        if term.kinds:
            lines.append("Fits: " + ", ".join(term.kinds) + "  ")
        if term.definition:
            lines.extend(["", term.definition])
        lines.extend(["", f"<{term.iri}>"])
        return "\n".join(lines).strip()


    def _named(self, name: str) -> str:
        """A broader term as `label (name)`, or its name when it has no label."""
        found = self.lookup(name)
        label = found.labels_en[0] if found is not None and found.labels_en else ""
        return f"{label} (`{name}`)" if label else f"`{name}`"


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(default_index())
