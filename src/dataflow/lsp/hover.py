"""Hover: a term's labels, broader term and meaning; an id's declaration; a finding's rule.

The rule is the one of a diagnostic under the position, or a rule ID written in the text
(`# dataflow: ignore[XFER-01]`); its summary comes from the rule catalogue of the shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..findings import Rule
from .context import in_comment, word_at
from .diagnostics import rule_link
from .outline import Declaration, Outline
from .vocabulary import Vocabulary

_RULE_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+\b")


def rule_hover(rule: Rule, rules_url: str) -> str:
    """A rule's name, article, severity, summary, fix hint and link."""
    severities = "/".join(s.value for s in rule.severities)
    lines = [f"**{rule.id}** {rule.name}", "",
             f"{rule.article}" + (f" · {severities}" if severities else ""), "", rule.summary]
    if rule.hint:
        lines.extend(["", f"Fix: {rule.hint}"])
    lines.extend(["", f"[Documentation]({rule_link(rule.id, rules_url)})"])
    return "\n".join(lines)


def hover_text(lines: Sequence[str], line: int, character: int, outline: Outline,
               vocabulary: Vocabulary, declarations: Iterable[tuple[str, Declaration]],
               diagnostic_rules: Sequence[str], rules: Mapping[str, Rule],
               rules_url: str) -> str | None:
    """The Markdown shown at a position, or None when there is nothing to say.

    `declarations` are the workspace's ids with the file that declares each (as shown)."""
    parts: list[str] = []
    text = lines[line] if line < len(lines) else ""
    written = [m.group() for m in _RULE_ID.finditer(text)
               if m.start() <= character <= m.end() and m.group() in rules]
    for rule_id in dict.fromkeys([*written, *diagnostic_rules]):
        if rule_id in rules:
            parts.append(rule_hover(rules[rule_id], rules_url))
    subject = _subject(text, line, character, outline)
    if subject is not None and not written:
        declared = {d.id: (file, d) for file, d in declarations}
        if subject in declared:
            parts.insert(0, _declaration(*declared[subject]))
        else:
            term = vocabulary.lookup(subject)
            if term is not None:
                parts.insert(0, vocabulary.describe(term))
    return "\n\n---\n\n".join(parts) if parts else None


def _subject(text: str, line: int, character: int, outline: Outline) -> str | None:
    """The value under the position: the whole scalar if the outline has it, else a word;
    nothing in a comment."""
    if in_comment(text[:character]):
        return None
    scalar = outline.scalar_at((line, character))
    if scalar is not None and not scalar.key:
        return scalar.value
    if scalar is not None:
        return None  # a key: nothing to explain
    found = word_at(text, character)
    if found is None or found[0].endswith(":"):
        return None
    return found[0]


def _declaration(file: str, declaration: Declaration) -> str:
    name = f" · {declaration.name}" if declaration.name else ""
    return (f"**{declaration.id}**{name}\n\n{declaration.kind}, declared in `{file}` line "
            f"{declaration.span.start[0] + 1}")
