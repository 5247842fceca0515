"""`--format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps).

One test case per rule and focus node that has findings: errors and warnings are failures,
info findings pass with their message in system-out, and suppressed findings are skipped
with the suppression's reason. Every rule without findings appears as one passing test case,
so the report shows the whole catalogue that was checked. A run stopped by bad input has one
failing test case per input error (class dataflow.INPUT) and nothing else.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..errors import printable
from ..findings import Finding, Report, Severity
from ..vocab import shorten
from .registry import Style


def render(report: Report, style: Style) -> str:
    cases: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        cases.setdefault((f.rule, f.focus), []).append(f)
    skipped: dict[tuple[str, str], list[str]] = {}
    first: dict[tuple[str, str], Finding] = {}
    for item in report.suppressed:
        key = (item.finding.rule, item.finding.focus)
        if key not in cases:
            skipped.setdefault(key, []).append(
                f"{item.finding.message}: suppressed, {item.suppression.justification}")
            first.setdefault(key, item.finding)

    suite = ET.Element("testsuite", name="dataflow")
    failures = 0
    for error in report.errors:
        failures += 1
        case = ET.SubElement(suite, "testcase", classname="dataflow.INPUT",
                             name=f"INPUT {error.where or 'input'}")
        if error.file:
            case.set("file", printable(error.file))
            if error.line:
                case.set("line", str(error.line))
        ET.SubElement(case, "failure", type="input-error",
                      message=printable(error.message)).text = str(error)
    for (rule, focus), findings in sorted(cases.items()):
        case = _case(suite, rule, focus, findings[0])
        failing = [f for f in findings if f.severity is not Severity.INFO]
        if failing:
            failures += 1
            worst = min(failing, key=lambda f: f.severity.rank)
            failure = ET.SubElement(case, "failure", type=worst.severity.value,
                                    message=_summary(failing))
            failure.text = _details(findings)
        else:
            ET.SubElement(case, "system-out").text = _details(findings)
    for key, reasons in sorted(skipped.items()):
        case = _case(suite, key[0], key[1], first[key])
        ET.SubElement(case, "skipped", message="; ".join(reasons))
    covered = {rule for rule, _ in cases} | {rule for rule, _ in skipped}
    passed = [] if report.errors else sorted(set(report.rules) - covered)
    for rule_id in passed:
        ET.SubElement(suite, "testcase", classname=f"dataflow.{rule_id}",
                      name=f"{rule_id} {report.rules[rule_id].name}".strip())
    tests = len(report.errors) + len(cases) + len(skipped) + len(passed)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(len(skipped)))
    root = ET.Element("testsuites", name="dataflow", tests=str(tests), failures=str(failures),
                      errors="0", skipped=str(len(skipped)))
    root.append(suite)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _case(suite: ET.Element, rule: str, focus: str, f: Finding) -> ET.Element:
    case = ET.SubElement(suite, "testcase", classname=f"dataflow.{rule}",
                         name=f"{rule} {shorten(focus)}")
    if f.file:
        case.set("file", f.file)
        if f.line:
            case.set("line", str(f.line))
    return case


def _summary(findings: list[Finding]) -> str:
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"{findings[0].message}{more}"


def _details(findings: Iterable[Finding]) -> str:
    lines = []
    for f in findings:
        where = f"{f.file}:{f.line}" if f.line else (f.file or "")
        lines.append(f"{f.severity.value} {f.rule} {f.message} ({shorten(f.focus)})")
        lines.append(f"  {where}  {f.article or ''}".rstrip())
        if f.hint:
            lines.append(f"  fix: {f.hint}")
    return "\n".join(lines)
