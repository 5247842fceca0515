"""The flow files of an editor's workspace: what to validate, with the text of open buffers.

The workspace is validated as a whole, as `dataflow validate` would validate it (flows refer
to ids across files): the configuration is found from the workspace root upward, its
`paths` are validated (else `flows/` when there is one, else the root), and the text of
each open document stands in for its file (`load(texts=...)`). The run goes through the one
pipeline, `check.pipeline.check`, offline.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..check.config import DEFAULT_RULES_URL, Settings, resolve
from ..check.pipeline import check
from ..check.rules import load_rulebook
from ..errors import InputError, InputErrors, display_path, errors_of
from ..findings import Finding, Rule
from ..limits import MAX_FILE_BYTES
from ..safety import offline
from ..sources.load import YAML_SUFFIXES, discover, load
from ..store.terms import default_index
from ..textfile import read_text
from .outline import Declaration, Outline, outline


@dataclass
class Outcome:
    """One validation run: its errors or findings, and the text each file had in it."""

    errors: list[InputError]
    findings: list[Finding]
    files: list[Path]
    texts: dict[Path, str]
    seconds: float
    notices: list[str] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)
    """The rule catalogue the check used (empty when input errors stopped it)."""

    def shown(self) -> dict[str, Path]:
        """Each file as errors and findings name it -> its path."""
        names = {display_path(p): p for p in self.files}
        for file in _named(self.errors, self.findings):
            names.setdefault(file, Path(os.path.abspath(file)))
        return names


class FlowWorkspace:
    """The validated paths, the configuration and the open documents of one root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()
        self.open: dict[Path, str] = {}
        self.settings = Settings(root=self.root)
        self.config_errors: list[InputError] = []
        self._outlines: dict[Path, tuple[str, Outline]] = {}
        self.reconfigure()

    def reconfigure(self) -> None:
        """Read the configuration again (a bad one is reported; the defaults apply)."""
        try:
            self.settings = resolve(cwd=self.root)
            self.config_errors = []
        except (InputError, InputErrors) as exc:
            self.settings = Settings(root=self.root)
            self.config_errors = errors_of(exc)

    @property
    def paths(self) -> list[Path]:
        if self.settings.paths:
            return list(self.settings.paths)
        flows = self.root / "flows"
        return [flows if flows.is_dir() else self.root]

    @property
    def rules_url(self) -> str:
        """The configuration's rules URL; else docs/rules.md of the workspace, if it has one."""
        if self.settings.rules_url != DEFAULT_RULES_URL:
            return self.settings.rules_url
        local = self.root / "docs" / "rules.md"
        return local.as_uri() if local.is_file() else DEFAULT_RULES_URL

    def rules(self) -> dict[str, Rule]:
        """The rule catalogue of the bundled shapes and the configuration's own."""
        with offline():
            return load_rulebook(self.settings.shapes).rules

    # -- documents ---------------------------------------------------------------------------

    def put(self, path: Path, text: str) -> None:
        """An open document's text, with line ends as `read_text` gives them."""
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) <= MAX_FILE_BYTES:  # past the limit, the file on disk is read (and refused)
            self.open[path.absolute()] = text
        else:
            self.open.pop(path.absolute(), None)

    def close(self, path: Path) -> None:
        self.open.pop(path.absolute(), None)

    def files(self) -> list[Path]:
        try:
            return [p.absolute() for p in discover(self.paths)]
        except InputError:
            return []

    def text(self, path: Path) -> str:
        """The text of a document: its open buffer, else the file; '' if it cannot be read."""
        path = path.absolute()
        if path in self.open:
            return self.open[path]
        try:
            return read_text(path, display_path(path))
        except InputError:
            return ""

    def outline(self, path: Path) -> Outline:
        """The outline of a YAML file's current text, kept until the text changes."""
        text = self.text(path)
        cached = self._outlines.get(path.absolute())
        if cached is not None and cached[0] == text:
            return cached[1]
        found = outline(text) if path.suffix.lower() in YAML_SUFFIXES else Outline()
        self._outlines[path.absolute()] = (text, found)
        return found

    def shown(self, path: Path) -> str:
        """A file as the editor's user knows it: relative to the workspace root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return display_path(path)

    def declarations(self) -> list[tuple[Path, Declaration]]:
        """Every id declared in a YAML flow file of the workspace, with its file."""
        return [(path, d) for path in self.files() for d in self.outline(path).declarations()]

    # -- validation --------------------------------------------------------------------------

    def validate(self, overlay: Mapping[Path, str], today: date | None = None) -> Outcome:
        """Load and check the workspace with `overlay` as the open documents' text.

        Safe to run in a worker thread: it reads only `overlay`, the settings and the disk.
        """
        started = time.perf_counter()
        files: list[Path] = []
        errors: list[InputError] = list(self.config_errors)
        findings: list[Finding] = []
        notices: list[str] = []
        rules: dict[str, Rule] = {}
        with offline():
            try:
                files = [p.absolute() for p in discover(self.paths)]
                graph = load(self.paths, default_index(), texts=overlay)
                report = check(graph, self.settings, today=today)
                findings, notices, rules = report.findings, report.notices, report.rules
            except (InputError, InputErrors) as exc:
                errors.extend(errors_of(exc))
        texts: dict[Path, str] = {}
        for path in {*files, *(Path(os.path.abspath(f)) for f in _named(errors, findings))}:
            known = overlay.get(path)
            texts[path] = known if known is not None else self._disk_text(path)
        return Outcome(errors, findings, files, texts, time.perf_counter() - started, notices,
                       rules)

    @staticmethod
    def _disk_text(path: Path) -> str:
        try:
            return read_text(path, display_path(path))
        except InputError:
            return ""


def _named(errors: Sequence[InputError], findings: Sequence[Finding]) -> set[str]:
    """The files that errors and findings name."""
    return {f for f in [*(e.file for e in errors), *(f.file for f in findings)] if f}
