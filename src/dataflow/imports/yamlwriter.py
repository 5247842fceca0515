"""Write flow files as YAML a person can read and edit: block style, with comments.

PyYAML's emitter writes no comments, and every imported entry carries one (where it came from,
what is still open), so the flow file is written here from a small tree: a `Block` is a
mapping of `Entry`s and `Note`s (comment lines), an entry's value is text, a `Block`, or a
list of either. Text from the imported files is hostile: a scalar that is not plainly safe is
double-quoted with every character YAML could misread escaped, and a comment never holds a
line break, so no input can add a key or end a comment early.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import printable

INDENT = "  "
#: Text written unquoted: words, ids, CURIEs, URNs and phrases without YAML indicators.
_PLAIN = re.compile(r"[A-Za-z0-9][\w .,/()+'<>@-]*(?::[\w.<>/+@-][\w .,/()+'<>@:-]*)*", re.ASCII)
#: Plain words that other YAML readers take for booleans, nulls or numbers.
_AMBIGUOUS = re.compile(r"(?i)y|n|yes|no|true|false|on|off|null|~|[-+]?[\d._]+(e[-+]?\d+)?|"
                        r"\d{4}-\d\d-\d\d.*|0[xob].*")
_NAMED = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_BREAKS = re.compile("[\x85\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class Note:
    """A comment line inside a mapping, where a key would go (`# TODO: …`)."""

    text: str


@dataclass
class Entry:
    """`key: value  # comment`; a list value may carry one comment per item."""

    key: str
    value: Value
    comment: str | None = None
    item_comments: Sequence[str | None] = ()


@dataclass
class Block:
    """A mapping, with comment lines above it when it is a list item."""

    entries: list[Entry | Note] = field(default_factory=list)
    above: list[str] = field(default_factory=list)

    def add(self, key: str, value: Value | None, comment: str | None = None,
            item_comments: Sequence[str | None] = ()) -> None:
        """Add `key: value` unless the value is None or an empty list."""
        if value is None or (isinstance(value, list) and not value):
            return
        self.entries.append(Entry(key, value, comment, item_comments))

    def note(self, text: str) -> None:
        self.entries.append(Note(text))


Value = str | Block | list[str] | list[Block]


def comment(text: str) -> str:
    """Text safe inside one comment line: control characters and line breaks escaped."""
    return _BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", printable(text))


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that cannot be misread, else double-quoted."""
    if (_PLAIN.fullmatch(text) and not _AMBIGUOUS.fullmatch(text) and ": " not in text
            and not text.endswith((" ", ":"))):
        return text
    out = []
    for char in text:
        code = ord(char)
        if char in _NAMED:
            out.append(_NAMED[char])
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _tail(note: str | None) -> str:
    return f"  # {comment(note)}" if note else ""


def _inline(items: Sequence[str]) -> str | None:
    """`[a, b]` when every item is a short plain word, else None (written as a block)."""
    if not all(re.fullmatch(r"[A-Za-z0-9][\w.:/<>-]*", item, re.ASCII) and
               scalar(item) == item for item in items):
        return None
    text = "[" + ", ".join(items) + "]"
    return text if len(text) <= 70 else None


def _entry(entry: Entry, depth: int) -> list[str]:
    pad = INDENT * depth
    value = entry.value
    key = scalar(entry.key)
    if isinstance(value, str):
        return [f"{pad}{key}: {scalar(value)}{_tail(entry.comment)}"]
    if isinstance(value, Block):
        return [f"{pad}{key}:{_tail(entry.comment)}", *_block(value, depth + 1)]
    comments = list(entry.item_comments) + [None] * (len(value) - len(entry.item_comments))
    texts = [v for v in value if isinstance(v, str)]
    if len(texts) == len(value) and not any(comments):
        inline = _inline(texts)
        if inline is not None:
            return [f"{pad}{key}: {inline}{_tail(entry.comment)}"]
    lines = [f"{pad}{key}:{_tail(entry.comment)}"]
    for item, note in zip(value, comments, strict=True):
        if isinstance(item, Block):
            lines.extend(_item(item, depth + 1))
        else:
            lines.append(f"{pad}{INDENT}- {scalar(str(item))}{_tail(note)}")
    return lines


def _block(block: Block, depth: int) -> list[str]:
    lines: list[str] = []
    for entry in block.entries:
        if isinstance(entry, Note):
            lines.append(f"{INDENT * depth}# {comment(entry.text)}")
        else:
            lines.extend(_entry(entry, depth))
    return lines


def _item(block: Block, depth: int) -> list[str]:
    """A mapping as a list item: its comments, then `- first: …` and the rest indented."""
    pad = INDENT * depth
    lines = [f"{pad}# {comment(text)}" for text in block.above]
    body = _block(block, depth + 1)
    if not body:
        return [*lines, f"{pad}- {{}}"]
    first = next((i for i, line in enumerate(body) if not line.lstrip().startswith("#")),
                 None)
    if first is None:
        return [*lines, *body, f"{pad}- {{}}"]
    lines.extend(body[:first])
    lines.append(f"{pad}- {body[first][len(pad) + 2:]}")
    lines.extend(body[first + 1:])
    return lines


def render(header: Sequence[str], top: Block) -> str:
    """A whole file: header comment lines, then the top-level mapping, sections apart."""
    lines = [f"# {comment(text)}" if text else "#" for text in header]
    for entry in top.entries:
        if isinstance(entry, Note):
            lines.append(f"# {comment(entry.text)}")
            continue
        if lines and (isinstance(entry.value, list) or lines[-1].startswith("  ")):
            lines.append("")
        lines.extend(_entry(entry, 0))
    return "\n".join(lines) + "\n"
