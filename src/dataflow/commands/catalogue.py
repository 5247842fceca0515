"""`dataflow rules`, `dataflow rule ID` and `dataflow schema`: the catalogue and the format."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from ..check.rules import load_rulebook
from ..errors import InputError, close_matches, did_you_mean
from ..report.ruledocs import catalogue_markdown, rule_markdown, rule_table
from ..sources.flowfile import FlowFile


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
    """The JSON Schema of YAML flow files, for editors."""
    data = FlowFile.model_json_schema(by_alias=True)
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "dataflow flow file"
    return json.dumps(data, indent=2)
