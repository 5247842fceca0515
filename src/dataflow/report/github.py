"""`--format github`: GitHub Actions workflow commands, shown as annotations on the PR.

    ::error file=flows/acme/crm.yaml,line=17,title=XFER-01::Flow to United States leaves …

Errors become `error`, warnings `warning` and info findings `notice`. Suppressed and
baselined findings are not annotated. Input errors (a run stopped by bad input) become
`error` annotations titled INPUT, at their file, line and column. A plain summary line
closes the output.
"""

from __future__ import annotations

from ..errors import InputError, printable
from ..findings import Finding, Report, Severity
from ..vocab import shorten
from .registry import Style

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, style: Style) -> str:
    lines = [_input_error(e) for e in report.errors]
    lines += [_command(f) for f in report.findings]
    e, w, i = (report.count(s) for s in ("error", "warning", "info"))
    summary = f"dataflow: {e} error(s), {w} warning(s), {i} info"
    if report.errors:
        summary = f"dataflow: {len(report.errors)} input error(s); nothing was checked"
    if report.suppressed:
        summary += f", {len(report.suppressed)} suppressed"
    lines.append(summary)
    return "\n".join(lines)


def _command(f: Finding) -> str:
    props = _where(f.file, f.line) + [f"title={_property(f.rule)}"]
    text = f"{f.message} ({shorten(f.focus)})"
    if f.article:
        text += f"\n{f.article}"
    if f.hint:
        text += f"\nfix: {f.hint}"
    return f"::{COMMAND[f.severity]} {','.join(props)}::{_data(text)}"


def _input_error(error: InputError) -> str:
    props = _where(error.file and printable(error.file), error.line, error.column)
    props.append("title=INPUT")
    text = error.detail
    return f"::error {','.join(props)}::{_data(text)}"


def _where(file: str | None, line: int | None, column: int | None = None) -> list[str]:
    """The file=, line= and col= properties of an annotation, as far as they are known."""
    if not file:
        return []
    props = [f"file={_property(file)}"]
    if line:
        props.append(f"line={line}")
        if column:
            props.append(f"col={column}")
    return props


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
