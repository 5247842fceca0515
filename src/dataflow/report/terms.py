"""The vocabulary listing of `dataflow terms`: text for people, JSON for tools.

Text gives each term two lines, so that it reads at 80 columns: how to write it (aliases,
CURIE) and what it is (English and Finnish labels, synonyms, broader term).
"""

from __future__ import annotations

import json
import textwrap

from ..store.termsearch import TermInfo, TermListing
from .registry import Style

_INDENT = "    "
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def render_text(listing: TermListing, style: Style) -> str:
    width = max(60, min(style.width, 100))
    blocks = []
    for group in listing.groups:
        count = f"{len(group.terms)} term{'s' if len(group.terms) != 1 else ''}"
        found = f" matching '{listing.search}'" if listing.search else ""
        head = f"{group.kind.name} (`dataflow terms {group.kind.slug}`): {count}{found}"
        lines = [_styled(line, _BOLD, style) for line in textwrap.wrap(head, width)]
        lines += textwrap.wrap(f"written in {group.kind.keys}", width) + [""]
        for term in group.terms:
            lines.extend(_term_lines(term, width, style))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _term_lines(term: TermInfo, width: int, style: Style) -> list[str]:
    names = ", ".join(term.aliases)
    first = f"{names}  {term.curie}" if names else term.curie
    about = []
    if term.labels_en:
        about.append(", ".join(term.labels_en))
    if term.labels_fi:
        about.append("fi: " + ", ".join(term.labels_fi))
    if term.synonyms:
        about.append("also: " + ", ".join(term.synonyms))
    if term.broader:
        about.append("under " + ", ".join(term.broader))
    lines = textwrap.wrap(first, width, subsequent_indent=_INDENT, break_on_hyphens=False)
    lines[0] = _styled(lines[0], _BOLD, style) if style.color else lines[0]
    if about:
        lines += [_styled(line, _DIM, style) for line in textwrap.wrap(
            "; ".join(about), width, initial_indent=_INDENT, subsequent_indent=_INDENT,
            break_on_hyphens=False)]
    return lines


def _styled(text: str, code: str, style: Style) -> str:
    return f"{code}{text}{_RESET}" if style.color else text


def render_json(listing: TermListing, style: Style) -> str:
    """A flat list, one object per term and kind: easy to filter with jq."""
    rows = [{"kind": group.kind.slug, "name": term.name, "aliases": list(term.aliases),
             "curie": term.curie, "iri": term.iri,
             "labels": {"en": list(term.labels_en), "fi": list(term.labels_fi)},
             "synonyms": list(term.synonyms), "broader": list(term.broader),
             "definition": term.definition}
            for group in listing.groups for term in group.terms]
    return json.dumps(rows, indent=2, ensure_ascii=False)
