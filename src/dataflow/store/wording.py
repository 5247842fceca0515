"""How people write a term: its words, their singular and plural forms, and how alike two
names are in meaning rather than in spelling only.

The term index uses these to resolve `call recording` and `puhelutallenne` to the term
labelled "call recordings" / "puhelutallenteet", and to rank did-you-mean suggestions: a name
that shares a rare word with what was typed (`hr` in `hr-management`) beats one that shares
a common word (`management`) and a few letters.

English plurals (-s, -es, -ies) and the simple Finnish endings (the nominative plural -t,
-kset/-s, -nteet/-nne, -set/-nen, -aat/-as, -eet/-e, the genitive -n, -en, -iden, -jen, with
the consonant gradation of doubled consonants and d/t) are folded away. This is deliberately
no stemmer: every rule only produces *candidates*, and two words are one word when their
candidates meet in a form of at least four letters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[^\w§]+")
_VOWELS = "aeiouyäöå"
_DOUBLE = re.compile(r"([^aeiouyäöå])\1")

#: Ending -> replacement, each applied on its own to make a candidate base form.
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("es", ""),
    ("s", ""),
    ("kset", "s"), ("nteet", "nne"), ("set", "nen"), ("aat", "as"), ("eet", "e"),
    ("iden", ""), ("jen", ""), ("en", ""), ("t", ""), ("n", ""),
)
#: Shortest base form a folded match may rest on ("data" and "date" are not one word).
MIN_FOLDED = 4


def words(text: str) -> tuple[str, ...]:
    """The words of an alias, label, CURIE local name or typed text, case-folded.

    `pd:VoiceCommunicationRecording` -> (voice, communication, recording);
    `call-recordings` -> (call, recordings)."""
    local = text.rpartition(":")[2] if ":" in text and " " not in text else text
    spaced = _CAMEL.sub(" ", local)
    return tuple(w for w in _SEPARATORS.split(spaced.casefold()) if w)


def compact(text: str) -> str:
    """The text without case, spaces and punctuation: `Call-Recording` -> `callrecording`."""
    return "".join(words(text))


@lru_cache(maxsize=16384)
def forms(word: str) -> frozenset[str]:
    """Normalised base forms of one word with an ending taken off or changed."""
    folded = set()
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            folded.add(_normal(word[: len(word) - len(ending)] + replacement))
    return frozenset(folded)


def _normal(word: str) -> str:
    """Doubled consonants single (asiakkaat/asiakas), a d before the last vowel as t
    (tiedot/tieto): the Finnish consonant gradation, folded."""
    base = _DOUBLE.sub(r"\1", word)
    if len(base) >= 3 and base[-2] == "d" and base[-1] in _VOWELS:
        return base[:-2] + "t" + base[-1]
    return base


def same_word(a: str, b: str) -> bool:
    """Equal, or the same word in another number or a simple case ending: an ending of one
    of them folds it onto the other (or both onto a third form). Spelling alone, such as a
    doubled letter (`controler`), never makes two words one."""
    if a == b:
        return True
    if _DOUBLE.sub(r"\1", a) == _DOUBLE.sub(r"\1", b):
        return False  # they differ in a doubled letter only: a misspelling (`acount`)
    shared = (forms(a) & (forms(b) | {_normal(b)})) | (forms(b) & {_normal(a)})
    return any(len(f) >= MIN_FOLDED for f in shared)


def same_words(typed: Sequence[str], name: Sequence[str]) -> bool:
    """The same words in the same order, each perhaps inflected (`call recording`)."""
    if len(typed) != len(name):
        return False
    return all(same_word(a, b) for a, b in zip(typed, name, strict=True))


class Weights:
    """How telling each word is among a set of names: rare words weigh more (idf)."""

    def __init__(self, names: Iterable[Sequence[str]]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for name in names:
            total += 1
            counts.update(set(name))
        self._counts = counts
        self._total = max(total, 1)
        self.unseen = 1.0 + math.log(self._total + 1)

    def __call__(self, word: str) -> float:
        found = self._counts.get(word)
        return 1.0 + math.log(self._total / found) if found else self.unseen


def likeness(typed: Sequence[str], name: Sequence[str], weight: Weights) -> float:
    """0..1: how alike a typed text and a name are, word by word, rare words counting more.

    Each word is credited with its best match among the other's words (1 for the same word
    or another form of it, the spelling ratio from 0.8 up); the score is the weighted Dice
    coefficient, raised when every typed word is in the name (a longer name: "standard
    contractual clauses (Art. 46(2)(c))") or every word of the name is in what was typed (a
    longer text: "call recordings of the service desk"). The two written without separators,
    when spelled nearly alike, count as well (`callrecordngs`)."""
    if not typed or not name:
        return 0.0
    match = [[_match(a, b) for b in name] for a in typed]
    typed_credit = sum(weight(a) * max(row) for a, row in zip(typed, match, strict=True))
    name_credit = sum(weight(b) * max(row[j] for row in match) for j, b in enumerate(name))
    typed_weight = sum(weight(w) for w in typed)
    name_weight = sum(weight(w) for w in name)
    score = 2 * typed_credit / (typed_weight + name_weight)
    if typed_credit >= typed_weight * 0.99:
        score = 0.65 + 0.35 * score
    elif name_credit >= name_weight * 0.99:
        score = 0.6 + 0.3 * score
    spelled = SequenceMatcher(None, "".join(typed), "".join(name)).ratio()
    return max(score, spelled if spelled >= 0.86 else 0.0)


def _match(a: str, b: str) -> float:
    """1 for one word, 0.9 for the start of a word, the spelling ratio from 0.8 up, else 0."""
    if same_word(a, b):
        return 1.0
    if len(a) >= 3 and b.startswith(a):  # typed in part: `legal-oblig`
        return 0.9
    if len(a) > 2 and len(b) > 2:
        ratio = SequenceMatcher(None, a, b).ratio()
        return ratio if ratio >= 0.8 else 0.0
    return 0.0
