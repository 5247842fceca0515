"""What a term is called, and finding terms by any of their names.

`TermInfo` is everything a person sees of a term (listing, hover); `NameTable` holds every
name of the terms of one kind, written out in words (store/wording.py), and answers the three
questions asked of names: which term is this inflected label (resolution), which terms come
closest in meaning to an unknown name (did-you-mean), and which terms contain this text
(search).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from .kinds import Kind
from .wording import Weights, compact, likeness, same_word, same_words, words

#: Suggestions scoring below this are noise.
CUTOFF = 0.6
#: No name is longer: past this, a text is not a misspelt term and gets no suggestion.
LONGEST = 120
MOST_WORDS = 12


@dataclass(frozen=True)
class TermInfo:
    """A term as people see it: how to write it and what it means."""

    iri: str
    curie: str
    aliases: tuple[str, ...]
    kinds: tuple[str, ...]
    """The kinds of field that accept it (`data`, `purpose`, …; see kinds.py)."""
    labels_en: tuple[str, ...]
    labels_fi: tuple[str, ...]
    synonyms: tuple[str, ...]
    broader: tuple[str, ...]
    """The names of its direct broader terms (skos:broader, rdfs:subClassOf)."""
    definition: str | None

    @property
    def name(self) -> str:
        """How flow files usually write it: its first alias, else its CURIE."""
        return self.aliases[0] if self.aliases else self.curie

    @property
    def summary(self) -> str:
        """One line for a completion list or a hover: labels and CURIE."""
        labels = " · ".join(dict.fromkeys(self.labels_en[:1] + self.labels_fi[:1]))
        return f"{labels} ({self.curie})" if labels else self.curie


@dataclass(frozen=True)
class TermGroup:
    kind: Kind
    terms: tuple[TermInfo, ...]


@dataclass(frozen=True)
class TermListing:
    """Terms listed or found, grouped by kind (a term may fit more than one kind)."""

    groups: tuple[TermGroup, ...]
    search: str | None = None

    @property
    def empty(self) -> bool:
        return not any(group.terms for group in self.groups)


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]
    compact: str
    shown: str
    """What a suggestion shows for it: the alias itself, else the term's name."""
    iri: URIRef
    resolvable: bool
    """An alias or label, which resolution accepts; not a CURIE, an IRI or a synonym."""


class NameTable:
    """Every name of a set of terms, for resolution, suggestions and search."""

    def __init__(self, infos: Iterable[TermInfo]) -> None:
        self.iris: list[URIRef] = []
        self._names: list[_Name] = []
        self._order: dict[URIRef, str] = {}
        for info in infos:
            iri = URIRef(info.iri)
            self.iris.append(iri)
            self._order[iri] = info.name.casefold()
            written = [(a, a, True) for a in info.aliases]
            written += [(info.curie, info.name, False), (info.iri, info.name, False)]
            written += [(label, info.name, True) for label in info.labels_en + info.labels_fi]
            written += [(synonym, info.name, False) for synonym in info.synonyms]
            for text, shown, resolvable in written:
                self._names.append(_Name(words(text), compact(text), shown, iri, resolvable))
        self._weights = Weights(n.words for n in self._names)

    def inflected(self, text: str) -> URIRef | None:
        """The one term with an alias or label that is `text` in another number or form."""
        typed = words(text)
        hits = {n.iri for n in self._names if n.resolvable and same_words(typed, n.words)}
        return next(iter(hits)) if len(hits) == 1 else None

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The names of up to `n` terms nearest to `text`, best first."""
        typed = words(text)
        needle = compact(text)
        if not typed or len(needle) > LONGEST or len(typed) > MOST_WORDS:
            return []
        best: dict[URIRef, tuple[float, str]] = {}
        for name in self._names:
            score = 1.0 if name.compact == needle else likeness(typed, name.words,
                                                                  self._weights)
            if score >= CUTOFF and score > best.get(name.iri, (0.0, ""))[0]:
                best[name.iri] = (score, name.shown)
        ranked = sorted(best.values(), key=lambda hit: (-hit[0], hit[1]))
        return list(dict.fromkeys(shown for _, shown in ranked))[:n]

    def search(self, text: str) -> list[URIRef]:
        """Terms with a name that is, contains or starts the words of `text`, best first:
        the same name (in any number), then every word found, then the text inside a name."""
        typed = words(text)
        needle = compact(text)
        if not needle:
            return sorted(self.iris, key=self._order.__getitem__)
        rank: dict[URIRef, int] = {}
        for name in self._names:
            if name.compact == needle or same_words(typed, name.words):
                found = 0
            elif all(any(same_word(t, w) or w.startswith(t) for w in name.words)
                     for t in typed):
                found = 1
            elif needle in name.compact:
                found = 2
            else:
                continue
            rank[name.iri] = min(found, rank.get(name.iri, found))
        return sorted(rank, key=lambda iri: (rank[iri], self._order[iri]))
