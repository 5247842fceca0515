"""Rewrite a compiled query for Oxigraph: `FILTER NOT EXISTS { P }` becomes `MINUS { P }`.

Oxigraph evaluates `FILTER NOT EXISTS` over a join of two or more triple patterns without
using the outer bindings first; on the map of 1,000 activities LB-02 took 16 s that way and
0.04 s with MINUS. SHACL forbids MINUS in SPARQL constraints (pre-bound variables), so the
shapes keep NOT EXISTS and only the fast path's whole-map queries are rewritten.

The two forms give the same answers when every variable that P shares with the rest of the
query is bound both by P's own triple patterns and by a top-level triple pattern outside it
(not by OPTIONAL, BIND or VALUES; $this counts, the target binds it), P shares at least one
variable, and the variables of P's nested FILTERs and groups that P does not bind itself
occur nowhere else. Blocks that do not meet all of this are left as they are, and so are
blocks where MINUS does not pay: one plain triple pattern (cheap per row, and an early
filter), and patterns with a `*` or `+` path, whose closure is costly to compute with both
ends unbound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_VAR = re.compile(r"[?$](\w+)")
_SKIP = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"'
                   r"|'(?:\\.|[^'\\\n])*'|<[^\s<>]*>|#[^\n]*")
_NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{", re.IGNORECASE)
_EXISTS = re.compile(r"FILTER\s+(?:NOT\s+)?EXISTS\s*\{", re.IGNORECASE)


def _mask(text: str) -> str:
    """The text with strings, IRIs and comments blanked out, so braces and '?' are syntax."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def _close(masked: str, open_at: int, opening: str = "{", closing: str = "}") -> int:
    """Index of the bracket closing the one at `open_at`."""
    depth = 0
    for i in range(open_at, len(masked)):
        if masked[i] == opening:
            depth += 1
        elif masked[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced brackets")


def _top_level(text: str, start: int, stop: int, pattern: re.Pattern[str],
               ) -> Iterator[tuple[int, int, int]]:
    """(where it starts, its `{`, its `}`) of each `pattern {…}` at the top level of
    text[start:stop]; text is masked, so every brace is syntax."""
    depth = 0
    i = start
    while i < stop:
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and (match := pattern.match(text, i)):
            brace = match.end() - 1
            end = _close(text, brace)
            yield i, brace, end
            i = end + 1
            continue
        i += 1


def _variables(masked: str) -> set[str]:
    return set(_VAR.findall(masked))


def _filter_spans(masked: str) -> list[tuple[int, int]]:
    """Spans of `FILTER (...)` and `BIND (...)` expressions at the top of `masked`."""
    spans = []
    for match in re.finditer(r"\b(FILTER|BIND)\s*\(", masked, re.IGNORECASE):
        start = match.start()
        end = _close(masked, match.end() - 1, "(", ")")
        spans.append((start, end + 1))
    return spans


def _blank(masked: str, spans: list[tuple[int, int]]) -> str:
    chars = list(masked)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _top_level_patterns(masked_group: str) -> str:
    """The group's own triple patterns: nested groups and FILTER/BIND expressions blanked."""
    spans = []
    i = 0
    while i < len(masked_group):
        if masked_group[i] == "{":
            end = _close(masked_group, i)
            spans.append((i, end + 1))
            i = end + 1
        else:
            i += 1
    text = _blank(masked_group, spans)
    return _blank(text, _filter_spans(text))


def _expensive(inner: str, own_patterns: str) -> bool:
    """More than one triple pattern, a path with a sequence, or a nested group."""
    statements = [part for part in re.split(r"\.(?!\d)", own_patterns) if part.strip()]
    return ("{" in inner or "/" in own_patterns or ";" in own_patterns or "," in own_patterns
            or len(statements) > 1)


def not_exists_to_minus(query: str) -> str:
    """Rewrite the safe top-level `FILTER NOT EXISTS` blocks of the WHERE group as MINUS.

    `query` is a constraint's SELECT before its target is joined in: `$this` counts as bound.
    """
    masked = _mask(query)
    where = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE)
    if where is None:
        return query
    open_at = where.end() - 1
    close_at = _close(masked, open_at)
    group = masked[open_at + 1:close_at]
    bound_outside = _variables(_top_level_patterns(group)) | {"this"}
    assigned = set(re.findall(r"\bAS\s+[?$](\w+)", group, re.IGNORECASE))
    # FILTER start, block {, block }, end
    blocks = [(i, brace, end, end + 1)
              for i, brace, end in _top_level(group, 0, len(group), _NOT_EXISTS)]
    minus: list[str] = []
    removed: list[tuple[int, int]] = []
    for start, brace, end, after in blocks:
        inner = group[brace + 1:end]
        own_patterns = _top_level_patterns(inner)
        own = _variables(own_patterns)
        rest = group[:start] + " " * (after - start) + group[after:]
        outside = _variables(rest)
        shared = own & outside
        if (_variables(inner) - own) & outside:
            continue  # a nested FILTER or group inside refers to an outer variable
        if not shared or not shared <= bound_outside or shared & assigned:
            continue
        if not _expensive(inner, own_patterns) or re.search(r"[*+]", own_patterns):
            continue  # cheap per row and filters early; or a closure, costly when unbound
        minus.append("MINUS {" + query[open_at + 1 + brace + 1:open_at + 1 + end] + "}")
        removed.append((open_at + 1 + start, open_at + 1 + after))
    if not minus:
        return query
    out = query
    for start, end in reversed(removed):
        out = out[:start] + out[end:]
    shift = sum(end - start for start, end in removed)
    close = close_at - shift
    return out[:close] + "\n    " + "\n    ".join(minus) + "\n" + out[close:]


def defer_nested_filters(query: str) -> str:
    """Evaluate nested `FILTER [NOT] EXISTS` blocks last, on the rows the rest lets through.

    Oxigraph pushes filters below MINUS, so a correlated NOT EXISTS with nested groups
    (costly per row) would run on every row before the MINUS blocks remove most of them.
    A sub-SELECT is a barrier: `SELECT ... WHERE { { SELECT * WHERE { rest } } deferred }`.
    Filters are conjunctive and SELECT * keeps every variable, so the answers are the same.
    """
    masked = _mask(query)
    if re.search(r"\b(GROUP\s+BY|HAVING|VALUES|SERVICE)\b|\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|"
                 r"GROUP_CONCAT)\s*\(", masked, re.IGNORECASE):
        return query
    where = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE)
    if where is None:
        return query
    open_at = where.end() - 1
    close_at = _close(masked, open_at)
    if masked[close_at + 1:].strip():
        return query  # solution modifiers after the group: leave the query alone
    deferred = [(i, end + 1)
                for i, brace, end in _top_level(masked, open_at + 1, close_at, _EXISTS)
                if "{" in masked[brace + 1:end]]
    if not deferred:
        return query
    inner = query[open_at + 1:close_at]
    outer_filters = [query[start:end] for start, end in deferred]
    for start, end in reversed(deferred):
        inner = inner[:start - open_at - 1] + inner[end - open_at - 1:]
    return (query[:open_at + 1] + "\n  { SELECT * WHERE {" + inner + "} }\n  "
            + "\n  ".join(outer_filters) + "\n" + query[close_at:])


_THIS = re.compile(r"[?$]this\b")
_NOT_A_TRIPLE = re.compile(r"[{}()]|\b(FILTER|OPTIONAL|BIND|VALUES|MINUS|UNION|GRAPH|SERVICE)\b",
                           re.IGNORECASE)


def anchor_end(body: str) -> int:
    """Where in a WHERE group's text the shape's target can be joined in: after the leading
    triple patterns that do not mention `$this` (0 when there are none).

    Oxigraph joins a group's patterns in the order written, so the target pattern in front
    scans every instance of the class first. A constraint that starts from a rarer node (a
    published notice, say) and reaches `$this` from it runs on that node's few rows instead:
    on a map without notices, such a query returns at once. A join of plain triple patterns
    is the same in any order, so only plain statements ending in `.` are passed over.
    """
    masked = _mask(body)
    first = _THIS.search(masked)
    if first is None:
        return 0
    end = masked.rfind(".", 0, first.start()) + 1
    if end == 0 or _NOT_A_TRIPLE.search(masked, 0, end) or re.search(r"\d\.\d", masked[:end]):
        return 0
    return end
