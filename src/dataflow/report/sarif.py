"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One `rules[]` entry per rule of the catalogue, with its documentation; one result per
finding, located at the file and line where the offending node is declared. Suppressed
findings are emitted too, with `suppressions` carrying the comment's reason, so viewers show
them as waived rather than losing them. A run stopped by bad input has one result per
input error, under the rule INPUT, at the error's file, line and column.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..errors import InputError, printable
from ..findings import Finding, Report, Rule, Severity
from ..vocab import shorten
from .registry import Style
from .ruledocs import rule_markdown

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://w3id.org/dataflow"
#: The rule of input errors: a run stopped by a file dataflow cannot read.
INPUT = "INPUT"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, style: Style) -> str:
    ids = sorted(set(report.rules) | {f.rule for f in report.findings}
                 | {s.finding.rule for s in report.suppressed})
    if report.errors:
        ids.append(INPUT)
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    results = [_input_result(e, index[INPUT]) for e in report.errors]
    results += [_result(f, index) for f in report.findings]
    for item in report.suppressed:
        result = _result(item.finding, index)
        result["suppressions"] = [{
            "kind": "inSource",
            "status": "accepted",
            "justification": item.suppression.justification,
        }]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dataflow",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule_id, report.rules.get(rule_id), style.rules_url)
                          for rule_id in ids],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _rule(rule_id: str, rule: Rule | None, rules_url: str) -> dict[str, Any]:
    if rule_id == INPUT:
        return {"id": INPUT, "name": "input-error",
                "shortDescription": {"text": "A flow, shape or configuration file dataflow "
                                             "cannot read; nothing was checked"},
                "defaultConfiguration": {"level": "error"}}
    if rule is None:  # a shape of the user's own without a df:Rule
        return {"id": rule_id, "shortDescription": {"text": rule_id}}
    level = LEVEL[rule.severities[0]] if rule.severities else "error"
    help_text = "\n\n".join(p for p in (rule.fix, rule.hint and f"Fix: {rule.hint}") if p)
    return {
        "id": rule.id,
        "name": rule.name or rule.id,
        "shortDescription": {"text": f"{rule.id} {rule.name}".strip()},
        "fullDescription": {"text": rule.summary or rule.name or rule.id},
        "help": {"text": help_text or rule.summary or rule.id,
                 "markdown": rule_markdown(rule)},
        "helpUri": f"{rules_url}#{rule.id.lower()}",
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": ["gdpr", "privacy", rule.family.lower()],
            "article": rule.article,
        },
    }


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    text = f"{f.message} ({shorten(f.focus)})"
    if f.hint:
        text += f". Fix: {f.hint}"
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": [_location(f)],
        "partialFingerprints": {"dataflow/v1": _fingerprint(f)},
        "properties": {"focus": f.focus, "article": f.article or ""},
    }
    return result


def _input_result(error: InputError, rule_index: int) -> dict[str, Any]:
    text = error.detail
    result: dict[str, Any] = {"ruleId": INPUT, "ruleIndex": rule_index, "level": "error",
                              "message": {"text": text}}
    if error.file:
        uri = artifact_uri(printable(error.file))
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
        if error.line:
            physical["region"] = {"startLine": error.line}
            if error.column:
                physical["region"]["startColumn"] = error.column
        result["locations"] = [{"physicalLocation": physical}]
    return result


def _location(f: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": f.focus, "name": shorten(f.focus),
                              "kind": "resource"}],
    }
    if f.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.file)}}
        if f.line:
            physical["region"] = {"startLine": f.line}
        location["physicalLocation"] = physical
    return location


def artifact_uri(file: str) -> str:
    """A relative URI for a path under the working directory (the repository root in CI)."""
    path = Path(file)
    if path.is_absolute() or file.startswith(".."):
        return Path(os.path.abspath(file)).as_uri()
    return quote(path.as_posix())


def _fingerprint(f: Finding) -> str:
    """Stable across line moves: rule, node and message, as the baseline keys findings."""
    return hashlib.sha256(f"{f.rule}\0{f.focus}\0{f.message}".encode()).hexdigest()[:32]
