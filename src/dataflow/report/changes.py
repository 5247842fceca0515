"""Renderers of `dataflow diff`: text for a terminal, JSON, and Markdown for a PR comment.

Each is a pure function of a `DataMapDiff` and a `Style`, as the registry (registry.py)
expects of every renderer, so the command only picks one by its format name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..findings import Finding, Severity
from ..view.changes import KINDS, Change, DataMapDiff
from .registry import Style

TITLES = {
    "transfer": "Transfers outside the EEA",
    "recipient": "Recipients",
    "activity": "Processing activities",
    "flow": "Flows",
    "data": "Data categories",
    "country": "Destination countries",
    "legal-basis": "Legal bases",
    "mechanism": "Transfer mechanisms",
    "retention": "Retention",
}
#: The marker by which a CI job finds and updates its earlier comment.
MARKER = "<!-- dataflow-diff -->"


def _sentence(change: Change) -> str:
    """One change as a sentence, without its +/- mark."""
    if change.kind == "data":
        verb = "now carries" if change.change == "added" else "no longer carries"
        return f"{change.label} {verb} {change.detail}"
    if change.change == "changed":
        before = "; ".join(change.before) or "none"
        after = "; ".join(change.after) or "none"
        return f"{change.label}: {before} → {after}"
    noun = {"transfer": "transfer", "recipient": "recipient", "activity": "activity",
            "flow": "flow", "country": "country"}.get(change.kind, change.kind)
    text = f"{noun} {change.label}"
    return f"{text}: {change.detail}" if change.detail else text


def _where(item: Change | Finding) -> str:
    if not item.file:
        return ""
    return f"{item.file}:{item.line}" if item.line else item.file


def _grouped(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.kind, []).append(change)
    return [(kind, groups[kind]) for kind in KINDS if kind in groups]


def _headline(d: DataMapDiff) -> str:
    errors, warnings = d.new(Severity.ERROR), d.new(Severity.WARNING)
    return (f"{len(d.changes)} change(s) to the data map; {errors} new error(s), "
            f"{warnings} new warning(s), {len(d.fixed)} finding(s) fixed")


_MARK = {"added": "+", "removed": "-", "changed": "~"}


def render_text(d: DataMapDiff, style: Style) -> str:
    lines = [f"dataflow diff {d.base} → {d.head}: {_headline(d)}"]
    for kind, changes in _grouped(d.changes):
        lines += ["", f"{TITLES[kind]}:"]
        for c in changes:
            where = f"  ({_where(c)})" if _where(c) else ""
            lines.append(f"  {_MARK[c.change]} {_sentence(c)}{where}")
    for title, findings, mark in (("Findings introduced", d.introduced, "+"),
                                  ("Findings fixed", d.fixed, "-")):
        if findings:
            lines += ["", f"{title}:"]
            lines += [f"  {mark} {f.severity.value:<7} {f.rule} {f.message}  ({_where(f)})"
                      for f in findings]
    if not d.changes and not d.introduced and not d.fixed:
        lines += ["", "No change to the data map."]
    return "\n".join(lines)


def _finding(f: Finding) -> dict[str, Any]:
    data = f.as_dict()
    return {key: data[key] for key in
            ("rule", "severity", "message", "focus", "file", "line", "article", "hint")}


def render_json(d: DataMapDiff, style: Style) -> str:
    data = {
        "base": d.base,
        "head": d.head,
        "summary": {
            "changes": len(d.changes),
            "introduced": {s.value: d.new(s) for s in Severity},
            "fixed": len(d.fixed),
        },
        "changes": [
            {"kind": c.kind, "change": c.change, "subject": c.subject, "label": c.label,
             "detail": c.detail, "before": list(c.before), "after": list(c.after),
             "file": c.file, "line": c.line}
            for c in d.changes
        ],
        "findings": {
            "introduced": [_finding(f) for f in d.introduced],
            "fixed": [_finding(f) for f in d.fixed],
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


# GitHub and GitLab shortcodes: plain ASCII in the source, emoji in the comment.
_ICON = {"added": ":heavy_plus_sign:", "removed": ":heavy_minus_sign:", "changed": ":pencil2:"}
_SEVERITY_ICON = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:",
                  Severity.INFO: ":information_source:"}


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(d: DataMapDiff, style: Style) -> str:
    lines = [MARKER, "### dataflow: data map changes", "",
             f"`{d.base}` → `{d.head}`: {_headline(d)}."]
    transfers = [c for c in d.changes if c.kind == "transfer" and c.change == "added"]
    if transfers:
        lines += ["", f"> [!WARNING]\n> This change starts {len(transfers)} transfer(s) of "
                      "personal data outside the EEA."]
    for kind, changes in _grouped(d.changes):
        lines += ["", f"#### {TITLES[kind]}", ""]
        for c in changes:
            where = f" (`{_where(c)}`)" if _where(c) else ""
            lines.append(f"- {_ICON[c.change]} {_md(_sentence(c))}{where}")
    if d.introduced or d.fixed:
        lines += ["", "#### Findings", "", "| | rule | severity | message | where |",
                  "|---|---|---|---|---|"]
        for label, findings in (("new", d.introduced), ("fixed", d.fixed)):
            for f in findings:
                icon = _SEVERITY_ICON[f.severity] if label == "new" else ":white_check_mark:"
                lines.append(f"| {icon} {label} | {f.rule} | {f.severity.value} | "
                             f"{_md(f.message)} | `{_where(f)}` |")
    if not d.changes and not d.introduced and not d.fixed:
        lines += ["", "No change to the data map."]
    return "\n".join(lines) + "\n"
