"""One YAML document -> a validated flow-file model, and the ids that files declare.

Errors name the file and line, the key that is wrong, and the keys allowed there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import InputError, InputErrors, close_matches, did_you_mean
from . import flowfile as ff
from .flowtypes import ID_EXPECTED, ID_PATTERN
from .noticefile import Notice
from .sourcemap import Location
from .yamlfile import KeyPath, YamlDocument

#: The version of the flow-file format this release reads (`dataflow: 1`).
FORMAT_VERSION = "1"

_Declarable = ff.Organisation | ff.Party | ff.System | ff.Activity | ff.Flow | Notice


@dataclass
class ParsedFile:
    doc: YamlDocument
    model: ff.FlowFile


def parse_flow_file(doc: YamlDocument) -> ParsedFile:
    """Validate one YAML document against the flow-file models."""
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise InputError("a flow file must be a mapping of sections", doc.file, doc.line(()),
                         "keys such as organisations, parties, activities, flows")
    version = data.get("dataflow")
    if version is not None and str(version).strip() != FORMAT_VERSION:
        line, column = doc.position(("dataflow",))
        raise InputError(f"unknown format version '{version}'", doc.file, line,
                         f"dataflow: {FORMAT_VERSION}, the only version this release reads",
                         column)
    try:
        return ParsedFile(doc, ff.FlowFile.model_validate(data))
    except ValidationError as exc:
        # only those reported are located: 100,000 bad entries make 300,000 errors, and
        # finding each one's line and suggestion took 12 s
        errors = [_input_error(doc, err)
                  for err in _people_errors(exc.errors())[:MAX_ERRORS_PER_FILE]]
        raise PartlyValid(errors, _without_bad_entries(doc, data, exc)) from None


class PartlyValid(InputErrors):
    """A file whose format errors sit in some entries: `rest` holds the others, so that the
    same run can also report their unknown terms and ids (None when no entry is left or an
    error is outside the lists of entries)."""

    def __init__(self, errors: list[InputError], rest: ParsedFile | None) -> None:
        super().__init__(errors)
        self.rest = rest


_ENTRY_LISTS = ("organisations", "parties", "systems", "activities", "flows", "notice")


def _without_bad_entries(doc: YamlDocument, data: dict[str, Any], exc: ValidationError
                         ) -> ParsedFile | None:
    bad: set[tuple[str, int]] = set()
    for err in exc.errors():
        loc = err["loc"]
        if len(loc) < 2 or loc[0] not in _ENTRY_LISTS or not isinstance(loc[1], int):
            return None
        bad.add((str(loc[0]), loc[1]))
    rest = dict(data)
    root = doc.root
    if not isinstance(root, yaml.MappingNode):
        return None
    kept_nodes = list(root.value)
    for section in {section for section, _ in bad}:
        entries = rest.get(section)
        at = next((i for i, (k, _) in enumerate(kept_nodes) if k.value == section), None)
        if not isinstance(entries, list) or at is None:
            return None
        keep = [i for i in range(len(entries)) if (section, i) not in bad]
        rest[section] = [entries[i] for i in keep]
        key, seq = kept_nodes[at]
        # the same entries in the node tree, so that positions by index stay right
        kept_nodes[at] = (key, yaml.SequenceNode(seq.tag, [seq.value[i] for i in keep],
                                                 seq.start_mark, seq.end_mark))
    try:
        model = ff.FlowFile.model_validate(rest)
    except ValidationError:
        return None
    tree = yaml.MappingNode(root.tag, kept_nodes, root.start_mark, root.end_mark)
    return ParsedFile(YamlDocument(doc.file, rest, tree), model)


#: Errors reported per file: past this many, the rest are usually the same mistake repeated.
MAX_ERRORS_PER_FILE = 20


def _input_error(doc: YamlDocument, err: ErrorDetails) -> InputError:
    """One pydantic error as an InputError at the line and column it is about."""
    loc = tuple(err["loc"])
    where = ".".join(str(part) for part in loc)
    expected = None
    at_key = False
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(_clean(loc)[:-1])
        close = close_matches(str(loc[-1]), allowed, n=1)
        message = f"unknown key '{loc[-1]}'{did_you_mean(close)}"
        expected = "one of " + ", ".join(allowed) if allowed else None
        at_key = True
    elif err["type"] == "missing":
        message = f"missing required key '{loc[-1]}'"
    elif err["type"] == "literal_error":
        options = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        close = close_matches(str(err["input"]), options, n=1)
        message = f"unknown value '{err['input']}'{did_you_mean(close)}"
        expected = "one of " + ", ".join(options) if options else None
    elif (err["type"] == "string_pattern_mismatch"
          and err.get("ctx", {}).get("pattern") == ID_PATTERN):
        text = str(err["input"])
        message = f"'{text}' is not an id" + (
            ": '/' is kept for the nodes dataflow derives from an id (an activity's purposes "
            "and retention, a flow's agreement)" if "/" in text else "")
        expected = ID_EXPECTED
    else:
        message = f"{where}: {err['msg']}"
    line, column = doc.position(_clean(loc), key=at_key)
    return InputError(message, doc.file, line, expected, column)


def _allowed_keys(where: KeyPath) -> list[str]:
    """The keys the flow-file format allows at a location, as they are written."""
    model: type[BaseModel] | None = ff.FlowFile
    for part in where:
        if isinstance(part, int) or model is None:
            continue
        field = next((f for name, f in model.model_fields.items()
                      if part in (name, f.alias)), None)
        model = _model_in(field.annotation) if field is not None else None
    return sorted(f.alias or name for name, f in model.model_fields.items()) if model else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    """The model inside an annotation such as list[Activity] or Retention | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for arg in get_args(annotation) if (m := _model_in(arg)) is not None), None)


def _clean(loc: tuple[object, ...]) -> KeyPath:
    """Drop pydantic's union/validator tags from an error location (`list[...]`,
    `function-…`, a union member's type or model name; the format's keys are lower case)."""
    return tuple(p for p in loc if isinstance(p, int) or (
        isinstance(p, str) and "[" not in p and not p.startswith("function-")
        and p not in _TYPE_TAGS and not p[:1].isupper()))


_TYPE_TAGS = {"str", "int", "bool", "float", "date"}


def _people_errors(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Pydantic's errors without the noise of unions: when a value fails every member of a
    union (`consent:` as a method name or as a mapping), the member that matches its shape
    explains it, so "should be a valid string" for a mapping is left out."""
    def branch(err: ErrorDetails) -> tuple[object, ...] | None:
        loc = tuple(err["loc"])
        return loc[:-1] if loc and loc[-1] in _TYPE_TAGS else None
    shapes = {tuple(e["loc"]) for e in errors}
    return [e for e in errors
            if (b := branch(e)) is None or not any(
                len(other) > len(b) and other[:len(b)] == b and other != tuple(e["loc"])
                for other in shapes)]


@dataclass
class Declared:
    """Ids known across all files, with their kind and where they were declared.

    A location may be a function that finds it: an RDF file's entities are looked up in
    its text only when an error names them.
    """

    kinds: dict[str, str] = field(default_factory=dict)
    where: dict[str, Location | Callable[[], Location]] = field(default_factory=dict)

    def add(self, id_: str, kind: str, location: Location | Callable[[], Location]) -> None:
        if id_ in self.kinds:
            first, here = self.location(id_), _resolve(location)
            raise InputError(f"id '{id_}' is declared twice (first at {first})",
                             here.file, here.line)
        self.kinds[id_] = kind
        self.where[id_] = location

    def location(self, id_: str) -> Location:
        return _resolve(self.where[id_])


def _resolve(location: Location | Callable[[], Location]) -> Location:
    return location if isinstance(location, Location) else location()


def declare(parsed: ParsedFile, declared: Declared) -> None:
    m, doc = parsed.model, parsed.doc
    sections: list[tuple[str, str, Sequence[_Declarable]]] = [
        ("organisations", "organisation", m.organisations),
        ("parties", "party", m.parties),
        ("systems", "system", m.systems),
        ("activities", "activity", m.activities),
        ("flows", "flow", m.flows),
        ("notice", "notice", m.notice),
    ]
    errors: list[InputError] = []
    for section, kind, items in sections:
        for i, item in enumerate(items):
            try:
                declared.add(item.id, kind, Location(doc.file, doc.line((section, i))))
            except InputError as exc:  # the other ids of the file are declared all the same
                errors.append(exc)
    if errors:
        raise InputErrors(errors)
