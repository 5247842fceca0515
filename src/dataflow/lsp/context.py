"""What is being edited at a position: the section, the key, and the word typed so far.

Read from the lines themselves, not from a parse: while a person types, the file is often
not valid YAML (`purposes: [cust`), and completion is wanted exactly then. The key is the
one on the line (`data: [name, ph|`, `- purpose: cu|`) or, for a block list item
(`  - cu|`), the nearest `key:` above it that opens the list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: A key and what follows it: `  - purpose: cust`, `data: [name, em`.
_KEY = re.compile(r"^(?P<indent>\s*)(?:-\s+)*(?P<key>[A-Za-z0-9][\w.-]*)\s*:(?:\s+|$)(?P<rest>.*)$")
#: A block list item: `  - cust`.
_ITEM = re.compile(r"^(?P<indent>\s*)-\s+(?P<rest>[^:]*)$")
#: The key that opens a block list or mapping: `data:` (nothing after it but a comment).
_OPENER = re.compile(r"^(?P<indent>\s*)(?:-\s+)*(?P<key>[A-Za-z0-9][\w.-]*)\s*:\s*(?:#.*)?$")
_SECTION = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:")
#: The characters of a term or an id.
WORD = re.compile(r"[^\s,\[\]{}#'\"]+")


@dataclass(frozen=True)
class EditContext:
    section: str | None
    """The top-level key the position is under (`activities`, `flows`), if any."""
    key: str | None
    """The key whose value is being written, if any."""
    prefix: str
    """The part of the value typed before the position."""
    start: int
    """The character where the value being typed starts."""
    top_level: bool = False
    """The key is a top-level one (`organisation:` at the start of the file)."""


def edit_context(lines: Sequence[str], line: int, character: int) -> EditContext:
    """The context of a position (0-based line and character, in code points)."""
    text = lines[line][:character] if line < len(lines) else ""
    section = _section(lines, line)
    if in_comment(text):
        return EditContext(section, None, "", character)
    prefix = _prefix(text)
    match = _KEY.match(text)
    if match is not None and not match["rest"].endswith(prefix):
        prefix = ""  # `data:|`: the key itself was typed last
    start = character - len(prefix)
    if match is not None:
        inner = re.findall(r"([A-Za-z0-9][\w.-]*)\s*:\s+[^,\[\]{}:]*$", match["rest"])
        key = inner[-1] if inner else match["key"]  # `dpa: {signed: ...}` -> signed
        top = not match["indent"] and not inner and not text.lstrip().startswith("-")
        return EditContext(section, key, prefix, start, top)
    match = _ITEM.match(text)
    if match is not None:
        return EditContext(section, _opener(lines, line, len(match["indent"])), prefix, start)
    return EditContext(section, None, prefix, start)


def word_at(text: str, character: int) -> tuple[str, int, int] | None:
    """The term or id under a character of a line: (word, start, end), or None."""
    for match in WORD.finditer(text):
        if match.start() <= character <= match.end():
            return match.group(), match.start(), match.end()
    return None


def _prefix(text: str) -> str:
    """The word typed just before the position (a CURIE keeps its colon: `pd:Na`)."""
    match = re.search(r"[^\s,\[\]{}'\"]*$", text)
    return match.group() if match else ""


def in_comment(text: str) -> bool:
    """The end of `text` is inside a YAML comment."""
    return re.search(r"(^|\s)#", text) is not None


def _opener(lines: Sequence[str], line: int, dash: int) -> str | None:
    """The key above a block list item at indentation `dash` that opens its list."""
    for number in range(line - 1, -1, -1):
        above = lines[number]
        stripped = above.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(above) - len(above.lstrip())
        if indent == dash and stripped.startswith("-"):
            continue  # an earlier item of the same list
        if indent > dash:
            continue  # the inside of an earlier item
        match = _OPENER.match(above)
        return match["key"] if match is not None and indent <= dash else None
    return None


def _section(lines: Sequence[str], line: int) -> str | None:
    for number in range(min(line, len(lines) - 1), -1, -1):
        match = _SECTION.match(lines[number])
        if match is not None:
            return match["key"]
    return None
