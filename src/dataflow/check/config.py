"""Project configuration: `[tool.dataflow]` in pyproject.toml, or a dataflow.toml.

The file is found from the working directory upward, like ruff's: in each directory a
`dataflow.toml` wins over a `pyproject.toml`, and a pyproject.toml without a
`[tool.dataflow]` table is passed over. Paths in the file are relative to its directory.
Command-line flags override the file, key by key.

Rule selectors are a rule ID (`XFER-01`), a family prefix (`XFER`, `FI`, `FI-HETU`) or `ALL`.
When several selectors match a rule, the most specific one decides (an ID beats a family,
`FI-HETU` beats `FI`); on a tie `ignore` wins.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import InputError, InputErrors, close_matches, did_you_mean, display_path
from ..findings import Finding, Severity
from ..textfile import read_bytes, read_text, too_deep, too_long_number

#: Where SARIF `helpUri`s point: the rule catalogue (docs/rules.md), one anchor per rule.
DEFAULT_RULES_URL = "https://w3id.org/dataflow/rules"


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class ConfigFile(BaseModel):
    """The keys of `[tool.dataflow]` (or of a dataflow.toml's top level)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    paths: list[str] = []
    """Flow files or directories to validate when none are given on the command line."""
    shapes: list[str] = []
    """Extra SHACL shape files or directories (your own policy)."""
    select: list[str] = ["ALL"]
    """Rules to report: IDs, family prefixes or ALL."""
    ignore: list[str] = []
    """Rules not to report."""
    per_path_ignores: dict[str, list[str]] = {}
    """Glob (relative to the config file) -> rules not to report for files it matches."""
    severity: dict[str, Severity] = {}
    """Rule ID or family -> error, warning or info."""
    baseline: str | None = None
    """A baseline file written by `dataflow baseline`; only new findings are reported."""
    rules_url: str = DEFAULT_RULES_URL
    """Where the rule documentation is published (SARIF helpUri), without the #anchor."""

    @field_validator("select", "ignore")
    @classmethod
    def _upper(cls, value: list[str]) -> list[str]:
        return [v.strip().upper() for v in value]

    @field_validator("per_path_ignores")
    @classmethod
    def _upper_values(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return {glob: [v.strip().upper() for v in rules] for glob, rules in value.items()}

    @field_validator("severity")
    @classmethod
    def _upper_keys(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        return {key.strip().upper(): sev for key, sev in value.items()}


@dataclass(frozen=True)
class Settings:
    """The configuration in force: the file's keys with command-line overrides applied."""

    root: Path = field(default_factory=Path.cwd)
    source: str | None = None
    paths: tuple[Path, ...] = ()
    shapes: tuple[Path, ...] = ()
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    baseline: Path | None = None
    rules_url: str = DEFAULT_RULES_URL
    overridden: frozenset[str] = frozenset()

    def where(self, key: str) -> str:
        """Where a key's value came from, for error messages."""
        if key in self.overridden or self.source is None:
            return "command line"
        return self.source

    def selectors(self) -> Iterable[tuple[str, str]]:
        """Every (key, selector) pair, to check that each names a known rule or family."""
        yield from (("select", s) for s in self.select)
        yield from (("ignore", s) for s in self.ignore)
        for glob, rules in self.per_path_ignores:
            yield from ((f"per-path-ignores.'{glob}'", s) for s in rules)
        yield from (("severity", s) for s, _ in self.severity)

    def check(self, rule_ids: Iterable[str]) -> None:
        """Raise an input error for a selector that matches no known rule."""
        known = sorted(rule_ids)
        families = {part for r in known for part in _prefixes(r)}
        for key, selector in self.selectors():
            if selector != "ALL" and selector not in families:
                hint = did_you_mean(close_matches(selector, sorted(families)))
                top = key.split(".")[0]
                raise InputError(f"{key}: unknown rule or family '{selector}'{hint}",
                                 self.where(top), None, "a rule ID, a family prefix or ALL")


def _prefixes(rule_id: str) -> list[str]:
    """`FI-HETU-01` -> FI, FI-HETU, FI-HETU-01."""
    parts = rule_id.split("-")
    return ["-".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _matches(selector: str, rule_id: str) -> int:
    """How specifically `selector` matches `rule_id`: -1 no match, 0 ALL, else its segments."""
    if selector == "ALL":
        return 0
    if rule_id == selector:
        return 1000
    if rule_id.startswith(selector + "-"):
        return selector.count("-") + 1
    return -1


def is_selected(rule_id: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    best, chosen = -1, False
    for selector in select:
        rank = _matches(selector, rule_id)
        if rank > best:
            best, chosen = rank, True
    for selector in ignore:
        rank = _matches(selector, rule_id)
        if rank >= 0 and rank >= best:
            best, chosen = rank, False
    return chosen


def severity_for(rule_id: str, overrides: Sequence[tuple[str, Severity]]) -> Severity | None:
    best, chosen = -1, None
    for selector, severity in overrides:
        rank = _matches(selector, rule_id)
        if rank > best:
            best, chosen = rank, severity
    return chosen


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def path_matches(pattern: str, relative: str) -> bool:
    """Does a glob match a file (posix path relative to the project root) or a parent of it?

    `*` stays within one directory and `**` spans several; a pattern without `/` also
    matches the file's name, and a directory pattern matches everything below it.
    """
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    regex = _glob_regex(pattern)
    parts = relative.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    if "/" not in pattern:
        candidates.append(parts[-1])
    return any(regex.match(c) for c in candidates)


def _relative(file: str, root: Path) -> str:
    absolute = os.path.abspath(file)
    try:
        return Path(os.path.relpath(absolute, root)).as_posix()
    except ValueError:
        return Path(absolute).as_posix()


def apply_settings(findings: Iterable[Finding], settings: Settings) -> list[Finding]:
    """Drop findings of rules that are not selected or ignored for their file; apply severity
    overrides. The one place where configuration changes findings."""
    result = []
    for finding in findings:
        if not is_selected(finding.rule, settings.select, settings.ignore):
            continue
        if finding.file and settings.per_path_ignores:
            relative = _relative(finding.file, settings.root)
            if any(path_matches(glob, relative) and any(_matches(s, finding.rule) >= 0
                                                       for s in rules)
                   for glob, rules in settings.per_path_ignores):
                continue
        severity = severity_for(finding.rule, settings.severity)
        result.append(replace(finding, severity=severity) if severity else finding)
    return result


# --- finding and reading the file -------------------------------------------------------------

def find_config(start: Path) -> Path | None:
    """The nearest dataflow.toml, or pyproject.toml with [tool.dataflow], at or above `start`."""
    for directory in (start, *start.parents):  # not only regular files: a pipe or a
        candidate = directory / "dataflow.toml"  # device is refused when read, not passed over
        if candidate.exists():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.exists() and _has_tool_table(candidate):
            return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = read_bytes(path).decode("utf-8")
    except InputError:
        return True  # too large or not a regular file: say so when it is read
    except UnicodeDecodeError:
        return False
    if "tool.dataflow" not in text and "[tool]" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError):  # TOMLDecodeError, or a number too long to convert
        return True  # report the syntax error when it is read
    return isinstance(data.get("tool"), dict) and "dataflow" in data["tool"]


def read_config(path: Path) -> ConfigFile:
    """Parse and validate a config file; errors name the file and the key."""
    shown = display_path(path)
    text = read_text(path, shown)
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per level of nesting
        raise too_deep(text, shown) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        raise InputError(f"TOML syntax error: {exc}", shown,
                         int(match.group(1)) if match else None) from None
    except ValueError:  # a number longer than Python converts (not a TOMLDecodeError)
        raise too_long_number(text, shown) from None
    section = "[tool.dataflow]" if path.name == "pyproject.toml" else ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("dataflow", {})
    if not isinstance(data, dict):
        raise InputError(f"{section or 'the file'} must be a table", shown)
    try:
        return ConfigFile.model_validate(data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            where = f"{section} {key}".strip()
            line, column = _key_position(text, str(error["loc"][0]) if error["loc"] else "")
            errors.append(InputError(f"{where}: {error['msg']}", shown, line, column=column))
        raise InputErrors(errors) from None


def _key_position(text: str, key: str) -> tuple[int | None, int | None]:
    """Line and column of `key = …` in TOML text (the first, after a [tool.dataflow] header
    in pyproject.toml), or nothing when the key is not written as a plain key."""
    start = 0
    header = re.search(r"^\[tool\.dataflow\]", text, re.MULTILINE)
    if header is not None:
        start = header.end()
    match = re.compile(rf"^[ \t]*\"?{re.escape(key)}\"?[ \t]*=", re.MULTILINE).search(text, start)
    if not key or match is None:
        return None, None
    at = match.start() + len(match.group()) - len(match.group().lstrip())
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """`--select XFER,LB --select RET` -> (XFER, LB, RET)."""
    return tuple(part.strip().upper() for v in values for part in v.split(",") if part.strip())


def resolve(*, config: Path | None = None, cwd: Path | None = None,
            paths: Sequence[Path] | None = None, shapes: Sequence[Path] | None = None,
            select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
            baseline: Path | None = None, isolated: bool = False) -> Settings:
    """The settings in force: the config file (given, or found from `cwd` upward) with the
    command-line values that were given (not None) taking precedence."""
    cwd = cwd or Path.cwd()
    path = None if isolated else (config or find_config(cwd))
    if config is not None and not config.is_file():
        raise InputError("no such configuration file", str(config))
    file = read_config(path) if path else ConfigFile()
    root = path.parent.resolve() if path else cwd
    overridden = {key for key, value in (("paths", paths), ("shapes", shapes),
                                         ("select", select), ("ignore", ignore),
                                         ("baseline", baseline)) if value is not None}

    def here(items: Iterable[str]) -> tuple[Path, ...]:
        return tuple(root / item for item in items)

    file_baseline = root / file.baseline if file.baseline else None
    return Settings(
        root=root,
        source=display_path(path) if path else None,
        paths=tuple(paths) if paths is not None else here(file.paths),
        shapes=tuple(shapes) if shapes is not None else here(file.shapes),
        select=_split(select) if select is not None else tuple(file.select),
        ignore=_split(ignore) if ignore is not None else tuple(file.ignore),
        per_path_ignores=tuple((g, tuple(r)) for g, r in file.per_path_ignores.items()),
        severity=tuple(file.severity.items()),
        baseline=baseline if baseline is not None else file_baseline,
        rules_url=file.rules_url,
        overridden=frozenset(overridden),
    )

