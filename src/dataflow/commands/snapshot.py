"""The flow files of one side of a diff: a directory, the work tree, or a git revision.

A revision's files are read with `git archive` into a temporary directory; nothing is ever
checked out, so the user's work tree, index and HEAD are left alone.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Side:
    label: str
    """How the side is shown: the revision as given, a directory, or "work tree"."""
    paths: tuple[Path, ...]
    """Flow files and directories to load."""
    tree: Path | None = None
    """Where a revision was extracted, to show its files by their paths in the repository."""
    top: Path | None = None
    """The repository's top directory, for a revision."""

    def shown(self, file: str | None) -> str | None:
        """A display path of a file of this side, as if it were in the work tree."""
        if file is None or self.tree is None or self.top is None:
            return file
        absolute = Path(os.path.abspath(file))
        try:
            inside = absolute.relative_to(self.tree)
        except ValueError:
            return file
        try:
            return os.path.relpath(self.top / inside)
        except ValueError:
            return str(self.top / inside)


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed; compare two directories instead") from None


def _toplevel(cwd: Path, spec: str) -> Path:
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        raise InputError(f"'{spec}' is neither a directory nor a git revision "
                         "(not inside a git repository)")
    return Path(result.stdout.decode().strip()).resolve()


def _verify(spec: str, top: Path) -> str:
    result = _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], top)
    if result.returncode != 0:
        raise InputError(f"'{spec}' is neither a directory nor a git revision", None, None,
                         "a branch, tag or commit, or a directory of flow files")
    return result.stdout.decode().strip()


def _in_repo(paths: Sequence[Path], top: Path, spec: str) -> list[str]:
    inside = []
    for path in paths:
        absolute = Path(os.path.abspath(path))
        try:
            relative = absolute.relative_to(top)
        except ValueError:
            raise InputError(f"{path} is outside the git repository, so it has no "
                             f"version at '{spec}'") from None
        inside.append(relative.as_posix() or ".")
    return inside


@contextmanager
def materialise(spec: str | None, flow_paths: Sequence[Path],
                cwd: Path | None = None) -> Iterator[Side]:
    """Yield the side named by `spec`: None is the work tree (`flow_paths`), an existing
    directory is itself, anything else is a git revision whose `flow_paths` are extracted."""
    cwd = cwd or Path.cwd()
    if spec is None:
        yield Side("work tree", tuple(flow_paths))
        return
    if (cwd / spec).is_dir():
        yield Side(spec, (cwd / spec,))
        return
    top = _toplevel(cwd, spec)
    commit = _verify(spec, top)
    relative = _in_repo([cwd / p for p in flow_paths], top, spec)
    listed = _git(["ls-tree", "-r", "--name-only", commit, "--", *relative], top)
    with tempfile.TemporaryDirectory(prefix="dataflow-diff-") as tmp:
        tree = Path(tmp).resolve()
        if listed.stdout.strip():
            archive = tree / ".archive.tar"
            result = _git(["archive", "--format=tar", f"--output={archive}", commit, "--",
                           *relative], top)
            if result.returncode != 0:
                raise InputError(f"git archive {spec} failed: "
                                 f"{result.stderr.decode(errors='replace').strip()}")
            with tarfile.open(archive) as tar:
                tar.extractall(tree, filter="data")
            archive.unlink()
        paths = tuple(tree / r for r in relative if (tree / r).exists())
        yield Side(spec, paths, tree, top)
