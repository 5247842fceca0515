"""`dataflow rules`, `dataflow rule ID` and `dataflow schema`: the catalogue and the format."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..check.rules import load_rulebook
from ..errors import InputError, close_matches, did_you_mean
from ..report.ruledocs import catalogue_markdown, rule_markdown, rule_table
from ..sources.flowfile import TERM, TERM_OR, FlowFile
from ..store.terms import TermIndex, default_index, kind_of

#: JSON Schema draft 7: what the YAML language server (VS Code, Neovim, JetBrains) implements.
#: `$defs` is read there as a place that `$ref` points into, as in later drafts.
DRAFT = "http://json-schema.org/draft-07/schema#"
#: A term of one's own vocabulary: a full IRI, bare or in angle brackets.
IRI_PATTERN = r"^(https?://|urn:)[^\s<>\"{}|\\^`]+$|^<[^\s<>]+>$"
#: What a term field accepts besides terms (sources/flowfile.py TERM_OR).
_ALSO: dict[str, dict[str, Any]] = {
    "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
           "description": "The id of a declared organisation, party or system."},
    "text": {"type": "string", "pattern": r"^(?!tsl-|df:)",
             "description": "Free text citing a provision of Member State law."},
}


def rules(shapes: Sequence[Path], markdown: bool) -> str:
    book = load_rulebook(shapes)
    return catalogue_markdown(book) if markdown else rule_table(book)


def rule(rule_id: str, shapes: Sequence[Path]) -> str:
    """One rule's documentation as Markdown."""
    book = load_rulebook(shapes)
    found = book.rules.get(rule_id.upper())
    if found is None:
        hint = did_you_mean(close_matches(rule_id.upper(), book.rules))
        raise InputError(f"unknown rule '{rule_id}'{hint}", None, None,
                         "a rule ID from `dataflow rules`")
    return rule_markdown(found)


def schema() -> str:
    """The JSON Schema of YAML flow files, for editors: every term field lists the aliases and
    CURIEs of its kind, each described by its labels, and also takes a full IRI."""
    data = FlowFile.model_json_schema(by_alias=True)
    index = default_index()
    kinds: set[str] = set()
    data = _with_terms(data, kinds)
    defs = data.setdefault("$defs", {})
    for slug in sorted(kinds):
        defs[f"{slug}-term"] = term_schema(index, slug)
    data["$schema"] = DRAFT
    data["title"] = "dataflow flow file"
    return json.dumps(data, indent=2, ensure_ascii=False)


def term_schema(index: TermIndex, kind: str) -> dict[str, Any]:
    """The accepted names of one kind of term: an enum described by labels, or an IRI."""
    found = kind_of(kind)
    names: dict[str, str] = {}
    for info in index.terms(found.slug):
        for name in (*info.aliases, info.curie):
            names.setdefault(name, info.summary)
    return {
        "title": found.name,
        "description": f"A {found.name}: an alias or a CURIE (`dataflow terms {found.slug}` "
                       "lists them), or the full IRI of a term of your own vocabulary.",
        "anyOf": [
            {"type": "string", "enum": list(names), "enumDescriptions": list(names.values()),
             "errorMessage": f"Not a known {found.name}: `dataflow terms {found.slug}` lists "
                             "them, and `dataflow validate` suggests the nearest."},
            {"type": "string", "pattern": IRI_PATTERN,
             "description": "A term of your own vocabulary, as a full IRI."},
        ],
    }


def _with_terms(node: Any, kinds: set[str]) -> Any:
    """`node` with every string marked as a term replaced by a reference to its kind."""
    if isinstance(node, list):
        return [_with_terms(item, kinds) for item in node]
    if not isinstance(node, dict):
        return node
    if TERM in node:
        slug = kind_of(node[TERM]).slug
        kinds.add(slug)
        ref: dict[str, Any] = {"$ref": f"#/$defs/{slug}-term"}
        also = node.get(TERM_OR)
        term = {"anyOf": [ref, _ALSO[also]]} if also else ref
        return {"description": node["description"], **term} if "description" in node else term
    return {key: _with_terms(value, kinds) for key, value in node.items()}
