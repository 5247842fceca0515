"""Read a text file that may be hostile: a regular file, of bounded size, in UTF-8.

Every file dataflow reads (flow files, shapes, configuration, baselines, queries) comes
through `read_text`, so that none of them can be a device that never ends (/dev/zero), a
pipe that blocks forever, or larger than the limit, and so that a byte that is not UTF-8
is reported with its line instead of a traceback. This module imports only base modules.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from .errors import InputError
from .limits import MAX_FILE_BYTES, MAX_NESTING

_KINDS = {stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a directory"}
REGULAR = "a regular file; dataflow never reads devices, pipes or sockets"


def special_kind(mode: int) -> str | None:
    """What a file is when it is not a regular file ("a named pipe"), else None."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "a special file")


def read_bytes(path: Path, shown: str | None = None) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or InputError.

    The file is opened without blocking (a named pipe would wait for a writer forever) and
    checked on the open descriptor, so what is checked is what is read; the read stops one
    byte past the limit whatever the file claims its size is.
    """
    shown = shown if shown is not None else str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", shown) from None
    try:
        info = os.fstat(fd)
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise InputError(f"not a regular file: it is {kind}", shown, None, REGULAR)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(shown)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", shown) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown)
    return data


def read_text(path: Path, shown: str | None = None) -> str:
    """The UTF-8 text of a regular file of at most MAX_FILE_BYTES, or InputError with the
    line of the first byte that is not UTF-8. Line ends are read as Python's text mode
    reads them (\\r\\n and \\r become \\n), so lines are counted the same everywhere. A
    leading byte-order mark is dropped, in every format."""
    shown = shown if shown is not None else str(path)
    data = read_bytes(path, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", shown, line,
                         "UTF-8 text", column) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff")  # a byte-order mark is legal, and means nothing in UTF-8


def _too_large(shown: str) -> InputError:
    return InputError(f"file is larger than the {MAX_FILE_BYTES // 1024**2} MiB limit", shown,
                      None, "a smaller file (split a large map into several files)")


# Strings and comments of JSON and TOML (whose brackets do not nest), brackets, line ends.
_BRACKETS = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"'''
                       r"|'[^'\n]*'|#[^\n]*|[\[\]{}\n]", re.DOTALL)


def too_deep(text: str, shown: str, limit: int = MAX_NESTING) -> InputError:
    """The error for JSON or TOML nested deeper than `limit`, at the line where it gets there.

    For a parser's RecursionError: the standard library's JSON and TOML parsers recurse once
    per level and do not say where they stopped. The scan is linear and runs only then."""
    depth, line = 0, 1
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token in ("[", "{"):
            depth += 1
            if depth > limit:
                return InputError(f"nested deeper than {limit} levels", shown, line)
        elif token in ("]", "}"):
            depth -= 1
        else:
            line += token.count("\n")
    return InputError(f"nested deeper than {limit} levels", shown)


# Strings and comments of JSON and TOML, and runs of digits (TOML allows 1_000).
_NUMBERS = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"'''
                      r"|'[^'\n]*'|#[^\n]*|\d[\d_]*", re.DOTALL)


def too_long_number(text: str, shown: str) -> InputError:
    """The error for a JSON or TOML number longer than Python converts to an int (4,300
    digits by default: the parsers raise a bare ValueError), at its line and column."""
    limit = sys.get_int_max_str_digits()
    for match in _NUMBERS.finditer(text):
        token = match.group()
        digits = sum(c.isdigit() for c in token) if token[0].isdigit() else 0
        if digits > limit:
            start = match.start()
            line = text.count("\n", 0, start) + 1
            column = start - text.rfind("\n", 0, start)
            return InputError(f"a number of {digits:,} digits is longer than the {limit:,} "
                              "digits Python converts", shown, line,
                              "a shorter number, or the digits as a string", column)
    return InputError(f"a number is longer than the {limit:,} digits Python converts", shown)
