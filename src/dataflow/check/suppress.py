"""Inline suppressions: `# dataflow: ignore[XFER-01,PROC-01] reason until 2027-06-30`.

A suppression sits next to a declaration in a YAML or Turtle flow file: at the end of the
line where the finding's node is declared, or on a line of its own above it (it then applies
to the next line that is not blank or a comment). The reason is required, the expiry is
optional and inclusive. An expired suppression suppresses nothing and is reported (SUP-01);
so is a suppression, or a rule ID in one, that suppresses nothing (SUP-02).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from ..errors import InputError, InputErrors
from ..findings import Finding, Rule, Severity, Suppressed, Suppression

EXPIRED = "SUP-01"
UNUSED = "SUP-02"
SYNTAX = "# dataflow: ignore[RULE-ID,…] reason [until YYYY-MM-DD]"
COMMENT_SUFFIXES = {".yaml", ".yml", ".ttl", ".nt"}

_DIRECTIVE = re.compile(r"(?:^|(?<=\s))#\s*dataflow\s*:(?P<body>.*)$")
_CANDIDATE = re.compile(r"#[^\S\n]*dataflow[^\S\n]*:")
_IGNORE = re.compile(r"\s*ignore\s*\[(?P<rules>[^\]]*)\](?P<rest>.*)$")
_UNTIL = re.compile(r"^(?P<reason>.*?)\s*\buntil\s+(?P<date>\d\S*)\s*$")
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")


def parse_suppressions(text: str, file: str) -> list[Suppression]:
    """Every suppression comment of one file. Malformed ones are input errors at file:line.

    One scan of the whole text for the literal `#…dataflow:` finds the candidates, so a large
    file without suppressions costs a few milliseconds, not a pass over each of its lines.
    """
    found: list[Suppression] = []
    errors: list[InputError] = []
    lines: list[str] | None = None
    number, counted, last = 1, 0, 0
    for candidate in _CANDIDATE.finditer(text):
        start = text.rfind("\n", 0, candidate.start()) + 1
        if start < last:
            continue  # a second candidate on a line already read
        number += text.count("\n", counted, start)
        counted = start
        end = text.find("\n", start)
        last = end = len(text) if end < 0 else end
        line = text[start:end].rstrip("\r")
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        try:
            rules, reason, until = _parse_body(match.group("body"), file, number)
        except InputError as exc:
            errors.append(exc)
            continue
        if line[:match.start()].strip():
            target: int | None = number
        else:
            lines = lines if lines is not None else text.split("\n")
            target = _next_declaration(lines, number)
        found.append(Suppression(file, number, target, rules, reason, until))
    if errors:
        raise InputErrors(errors)
    return found


def _parse_body(body: str, file: str, line: int) -> tuple[tuple[str, ...], str, date | None]:
    match = _IGNORE.match(body)
    if match is None:
        raise InputError("malformed dataflow comment", file, line, SYNTAX)
    rules = tuple(r.strip().upper() for r in match.group("rules").split(",") if r.strip())
    if not rules:
        raise InputError("a suppression must name the rules it suppresses", file, line, SYNTAX)
    for rule in rules:
        if not _RULE_ID.match(rule):
            raise InputError(f"'{rule}' is not a rule ID", file, line, SYNTAX)
    rest = match.group("rest").strip()
    until = None
    expiry = _UNTIL.match(rest)
    if expiry is not None:
        try:
            until = date.fromisoformat(expiry.group("date"))
        except ValueError:
            raise InputError(f"'{expiry.group('date')}' is not a date", file, line,
                             "until YYYY-MM-DD") from None
        rest = expiry.group("reason")
    reason = rest.lstrip(":-\u2013\u2014 \t").strip()
    if not reason:
        raise InputError("a suppression needs a reason", file, line, SYNTAX)
    return rules, reason, until


def _next_declaration(lines: Sequence[str], number: int) -> int | None:
    """The first line after `number` (1-based) that is neither blank nor a comment."""
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return None


def read_suppressions(files: Iterable[str]) -> list[Suppression]:
    """Suppressions of the loaded flow files (display paths, relative to the working directory)."""
    found: list[Suppression] = []
    errors: list[InputError] = []
    for file in files:
        if Path(file).suffix.lower() not in COMMENT_SUFFIXES:
            continue
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the loader has already read it; a race is not worth an error here
        try:
            found.extend(parse_suppressions(text, file))
        except InputErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    return found


Locate = Callable[[str, int], str | None]


def apply_suppressions(findings: Iterable[Finding], suppressions: Sequence[Suppression], *,
                       today: date, rules: Mapping[str, Rule], locate: Locate,
                       ) -> tuple[list[Finding], list[Suppressed], list[Finding]]:
    """Split findings into (reported, suppressed) and report stale suppressions.

    Returns the findings still reported, the suppressed ones, and the SUP-01/SUP-02 findings
    about the suppressions themselves. `locate(file, line)` names the node declared on a line.
    """
    active: dict[tuple[str, int], list[Suppression]] = {}
    for s in suppressions:
        if s.target is not None and not s.expired(today):
            active.setdefault((s.file, s.target), []).append(s)
    used: set[tuple[Suppression, str]] = set()
    kept: list[Finding] = []
    waived: list[Suppressed] = []
    for finding in findings:
        match = None
        if finding.file and finding.line:
            for s in active.get((finding.file, finding.line), ()):
                if finding.rule in s.rules:
                    match = s
                    break
        if match is None:
            kept.append(finding)
        else:
            used.add((match, finding.rule))
            waived.append(Suppressed(finding, match))
    meta = [m for s in suppressions for m in _stale(s, used, today, rules, locate)]
    return kept, waived, meta


def _stale(s: Suppression, used: set[tuple[Suppression, str]], today: date,
           rules: Mapping[str, Rule], locate: Locate) -> list[Finding]:
    focus = (locate(s.file, s.target) if s.target else None) or s.file
    listed = ", ".join(s.rules)
    if s.expired(today):
        assert s.until is not None
        return [_meta(EXPIRED, f"Suppression of {listed} expired on {s.until.isoformat()} "
                               f"({s.reason})", s, focus, rules)]
    if s.target is None:
        return [_meta(UNUSED, f"Suppression of {listed} precedes no declaration", s, focus,
                      rules)]
    unknown = [r for r in s.rules if r not in rules]
    unused = [r for r in s.rules if r in rules and (s, r) not in used]
    found = []
    if unknown:
        found.append(_meta(UNUSED, f"Suppression names unknown rule {', '.join(unknown)}",
                           s, focus, rules))
    if unused:
        found.append(_meta(UNUSED, f"Suppression of {', '.join(unused)} suppresses nothing "
                                   "on this declaration", s, focus, rules))
    return found


def _meta(rule_id: str, message: str, s: Suppression, focus: str,
          rules: Mapping[str, Rule]) -> Finding:
    rule = rules.get(rule_id)
    severity = rule.severities[0] if rule and rule.severities else Severity.WARNING
    return Finding(rule=rule_id, severity=severity, message=message, focus=focus,
                   file=s.file, line=s.line, article=rule.article if rule else None,
                   hint=rule.hint if rule else None)
