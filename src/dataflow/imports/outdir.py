"""Write generated files into one output directory, and nowhere else.

File names are made here from text of the imported files, so they are checked again: one
plain name each, no separators, no dot files. Nothing is written until every target has been
checked, so a refused overwrite leaves the directory as it was; files are created without
following symbolic links, so a link planted in the directory cannot send a write elsewhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,120}\.(yaml|ttl)")


def write_files(directory: Path, files: Mapping[str, str], force: bool) -> list[Path]:
    """Write each `name -> text` into `directory` (created if missing); the paths written.

    An existing file is an InputError unless `force`; a symbolic link is refused always."""
    if directory.exists() and not directory.is_dir():
        raise InputError("the output is not a directory", str(directory), None,
                         "a directory to write the flow files into (-o DIR)")
    targets = []
    for name in files:
        if not _NAME.fullmatch(name):  # names are made by the importer; this is a guard
            raise InputError(f"refusing to write the file name {name!r}", str(directory))
        target = directory / name
        if target.is_symlink():
            raise InputError("refusing to write through a symbolic link", str(target))
        if target.exists() and not force:
            raise InputError("file exists; not overwritten", str(target), None,
                             "an empty or new output directory, or --force to overwrite")
        targets.append(target)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the directory: {exc.strerror}", str(directory)) from None
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    for target, text in zip(targets, files.values(), strict=True):
        try:
            fd = os.open(target, flags if force else flags | os.O_EXCL, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise InputError(f"cannot write the file: {exc.strerror}", str(target)) from None
    return targets
