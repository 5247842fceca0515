"""`dataflow terms [KIND] [SEARCH]`: the vocabulary that flow files accept, by kind."""

from __future__ import annotations

from ..store.kinds import KINDS, is_kind_name, kind_of
from ..store.terms import default_index
from ..store.termsearch import TermGroup, TermListing


def terms(kind: str | None = None, search: str | None = None) -> TermListing:
    """Every term of KIND (or of every kind), or those that SEARCH finds by alias, CURIE,
    IRI, English or Finnish label (singular or plural) or synonym.

    A first word that names no kind is a search of every kind (`dataflow terms recording`);
    with a second word, it must be a kind."""
    if kind is not None and search is None and not is_kind_name(kind):
        kind, search = None, kind
    kinds = [kind_of(kind)] if kind is not None else list(KINDS)
    index = default_index()
    groups = []
    for found in kinds:
        listed = index.search(search, found.slug) if search else index.terms(found.slug)
        if listed or kind is not None:
            groups.append(TermGroup(found, tuple(listed)))
    return TermListing(tuple(groups), search)
