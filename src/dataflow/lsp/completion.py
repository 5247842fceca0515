"""Completion: the terms of the kind the key takes, and the ids declared in the workspace.

Which kind a key takes is the loader's mapping (sources/yamlgraph.py), written out once
here: `purposes:` takes purposes, `from:` the id of an activity, system, organisation or
party. An activity's `role:` is one of three words, which it offers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .context import EditContext
from .outline import Declaration
from .vocabulary import Vocabulary

#: Key -> the kind of term of its values (the short names of store/kinds.py).
TERM_KEYS = {
    "purposes": "purpose", "purpose": "purpose",
    "legal-bases": "legal-basis", "legal-basis": "legal-basis",
    "art9-condition": "art9-condition", "national-law": "national-law",
    "subjects": "subject", "data": "data", "sources": "source", "measures": "measure",
    "country": "country", "storage": "country", "access": "country",
    "mechanism": "mechanism", "consent": "consent", "certifications": "certification",
    "frequency": "frequency", "role": "role", "record": "record",
}
#: Key -> the kinds of entity whose ids it takes.
ID_KEYS = {
    "from": {"organisation", "party", "system", "activity"},
    "to": {"organisation", "party", "system", "activity"},
    "organisation": {"organisation"},
    "systems": {"system"},
    "operator": {"organisation", "party"},
    "controllers": {"organisation", "party"},
    "sources": {"organisation", "party", "system"},
}
#: (section, key) -> the words the format allows there (sources/flowfile.py).
CHOICES = {("activities", "role"): ("controller", "processor", "joint-controller")}


@dataclass(frozen=True)
class Suggestion:
    """One completion: what is inserted, what the list shows beside it, and its docs."""

    text: str
    detail: str
    documentation: str = ""
    is_id: bool = False


def suggestions(context: EditContext, vocabulary: Vocabulary,
                declarations: Iterable[Declaration]) -> list[Suggestion]:
    """What may be written at an edit context, filtered by the prefix typed so far."""
    key = context.key
    if key is None or (context.top_level and key != "organisation"):
        return []
    if key == "systems" and context.section == "systems":
        return []  # a new entry of the `systems:` section, not an activity's list of ids
    found: list[Suggestion] = []
    choices = CHOICES.get((context.section or "", key))
    if choices is not None:
        found.extend(Suggestion(word, f"{key} of an entry of {context.section}")
                     for word in choices)
    else:
        kinds = ID_KEYS.get(key)
        if kinds is not None:
            found.extend(Suggestion(d.id, f"{d.kind}" + (f": {d.name}" if d.name else ""),
                                    is_id=True)
                         for d in sorted(declarations, key=lambda d: d.id) if d.kind in kinds)
        kind = TERM_KEYS.get(key)
        if kind is not None and not (key == "role" and context.section != "flows"):
            found.extend(Suggestion(t.name, _detail(t.labels_en[0] if t.labels_en else "",
                                                    kind), vocabulary.describe(t))
                         for t in vocabulary.of_kind(kind))
    return _matching(found, context.prefix)


def _detail(label: str, kind: str) -> str:
    return f"{label} ({kind})" if label else kind


def _matching(found: Sequence[Suggestion], prefix: str) -> list[Suggestion]:
    """The suggestions whose text or detail contains the prefix, those it starts first."""
    if not prefix:
        return list(found)
    wanted = prefix.casefold()
    starts = [s for s in found if s.text.casefold().startswith(wanted)]
    first = {id(s) for s in starts}
    inside = [s for s in found if id(s) not in first and (wanted in s.text.casefold()
                                                          or wanted in s.detail.casefold())]
    return starts + inside
