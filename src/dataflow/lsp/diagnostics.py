"""Input errors and findings as LSP diagnostics, on the range of the text they are about.

An input error gives a line and often a column (where the scalar or key at fault starts):
its range is that node, from the outline, or the rest of the line. A finding gives the line
of the entity it is about: its range is that line's text, without the list dash. Ranges are
in code points here; the server converts them to the client's units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from lsprotocol import types as lsp

from ..errors import InputError
from ..findings import Finding, Rule, Severity
from .outline import Outline, Span

SOURCE = "dataflow"
_SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error,
             Severity.WARNING: lsp.DiagnosticSeverity.Warning,
             Severity.INFO: lsp.DiagnosticSeverity.Information}


def rule_link(rule_id: str, rules_url: str) -> str:
    """Where a rule is documented: `<rules_url>#<id>`, the anchors of docs/rules.md."""
    return f"{rules_url}#{rule_id.lower()}"


def of_error(error: InputError, lines: Sequence[str], outline: Outline) -> lsp.Diagnostic:
    """An input error at its node, or its line; one without a line on the first line."""
    message = error.message + (f" (expected {error.expected})" if error.expected else "")
    if error.line is None:
        span = Span((0, 0), (0, len(lines[0]) if lines else 0))
    elif error.column is not None:
        span = _node(error.line - 1, error.column - 1, lines, outline)
    else:
        span = line_span(error.line - 1, lines)
    return lsp.Diagnostic(range=to_range(span), message=message, source=SOURCE,
                          severity=lsp.DiagnosticSeverity.Error)


def of_finding(finding: Finding, lines: Sequence[str], rules: Mapping[str, Rule],
               rules_url: str) -> lsp.Diagnostic:
    """A finding on the line of its entity, with its rule as the code and the fix hint."""
    span = line_span((finding.line or 1) - 1, lines)
    message = finding.message + (f"\nfix: {finding.hint}" if finding.hint else "")
    rule = rules.get(finding.rule)
    return lsp.Diagnostic(
        range=to_range(span), message=message, source=SOURCE, code=finding.rule,
        code_description=lsp.CodeDescription(href=rule_link(finding.rule, rules_url)),
        severity=_SEVERITY[finding.severity],
        data={"rule": finding.rule, "article": finding.article or (rule.article if rule else None),
              "focus": finding.focus})


def line_span(line: int, lines: Sequence[str]) -> Span:
    """The text of a line, without its indentation, list dash and trailing comment."""
    text = lines[line] if 0 <= line < len(lines) else ""
    start = len(text) - len(text.lstrip())
    while text.startswith("- ", start):
        start = len(text) - len(text[start + 2:].lstrip())
    end = len(text.rstrip())
    comment = text.find(" #", start)
    if comment != -1:
        end = len(text[:comment].rstrip())
    return Span((max(line, 0), start), (max(line, 0), max(end, start)))


def _node(line: int, column: int, lines: Sequence[str], outline: Outline) -> Span:
    """The node that starts at (line, column), cut at the end of its first line."""
    found = outline.starts.get((line, column))
    text = lines[line] if 0 <= line < len(lines) else ""
    end_of_line = len(text.rstrip())
    if found is None or found.end[0] != line:
        end = max(end_of_line, column)
        return Span((line, column), (line, end))
    return found


def to_range(span: Span) -> lsp.Range:
    return lsp.Range(lsp.Position(*span.start), lsp.Position(*span.end))


def by_file(errors: Sequence[InputError], findings: Sequence[Finding],
            texts: Mapping[str, tuple[Path, Sequence[str], Outline]],
            rules: Mapping[str, Rule], rules_url: str) -> dict[Path, list[lsp.Diagnostic]]:
    """The diagnostics of each file, keyed by its path (`texts`: shown name -> path, lines,
    outline). Errors and findings of files not in `texts` are left out."""
    result: dict[Path, list[lsp.Diagnostic]] = {}
    for error in errors:
        if error.file is not None and error.file in texts:
            path, lines, outline = texts[error.file]
            result.setdefault(path, []).append(of_error(error, lines, outline))
    for finding in findings:
        if finding.file is not None and finding.file in texts:
            path, lines, _ = texts[finding.file]
            result.setdefault(path, []).append(of_finding(finding, lines, rules, rules_url))
    return result
