"""Baselines: record today's findings so that only new ones fail the build.

A baseline entry is (rule, focus IRI): no file or line, so it survives edits and moves. A
finding whose (rule, focus) is in the baseline is not reported; a baseline entry that matches
no finding any more has been fixed, and the count of those is reported so the baseline can be
regenerated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..findings import BaselineResult, Finding
from ..textfile import read_text, too_deep, too_long_number

VERSION = 1
Key = tuple[str, str]


def key(finding: Finding) -> Key:
    return (finding.rule, finding.focus)


def render_baseline(findings: Iterable[Finding]) -> str:
    entries = sorted({key(f) for f in findings})
    data = {
        "dataflow-baseline": VERSION,
        "findings": [{"rule": rule, "focus": focus} for rule, focus in entries],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: Path) -> frozenset[Key]:
    shown = str(path)
    if not path.exists():
        raise InputError("no such baseline file", shown, None,
                         "a file written by `dataflow baseline`")
    text = read_text(path, shown)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"baseline is not valid JSON: {exc.msg}", shown, exc.lineno,
                         column=exc.colno) from None
    except ValueError:  # a number longer than Python converts (not a JSONDecodeError)
        raise too_long_number(text, shown) from None
    except RecursionError:  # the JSON parser recurses once per level
        raise too_deep(text, shown) from None
    if not isinstance(data, dict) or data.get("dataflow-baseline") != VERSION:
        raise InputError("not a dataflow baseline (version 1)", shown, None,
                         '{"dataflow-baseline": 1, "findings": [...]}')
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("rule"), str)
            and isinstance(e.get("focus"), str) for e in entries):
        raise InputError("baseline findings must be a list of {rule, focus}", shown)
    return frozenset((e["rule"], e["focus"]) for e in entries)


def apply_baseline(findings: Iterable[Finding], entries: frozenset[Key], file: str,
                   ) -> tuple[list[Finding], BaselineResult]:
    new: list[Finding] = []
    seen: set[Key] = set()
    hidden = 0
    for finding in findings:
        if key(finding) in entries:
            hidden += 1
            seen.add(key(finding))
        else:
            new.append(finding)
    return new, BaselineResult(file, hidden, len(entries - seen))
