"""`dataflow schema` knows the terms, and the format takes every form its documentation shows.

The JSON Schema is what an editor's YAML language server checks a flow file against while it
is written, so the typical mistakes of a new flow file are caught there, before `validate`;
and every flow file of the repository, and every form docs/flow-format.md allows, passes it.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ACTIVITY, FIXTURES, ROOT, run_cli

BASE = FIXTURES / "rules" / "_base.yaml"


@cache
def schema() -> dict[str, Any]:
    result = run_cli("schema")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def validator() -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema())
    return jsonschema.Draft7Validator(schema())


def errors(document: object) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator().iter_errors(document)]


def typed(value: object) -> object:
    """A document as an editor sees it (YAML 1.2 core schema: NO stays text, dates are
    strings), from PyYAML's BaseLoader, which keeps every scalar as text."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


#: A complete, correct flow file: each mistake below changes one thing of it.
GOOD: dict[str, Any] = {
    "organisation": "acme",
    "parties": [{"id": "vendor", "name": "Vendor Inc.", "country": "US",
                 "certifications": ["dpf"]}],
    "activities": [{
        "id": "acme.support",
        "role": "controller",
        "purposes": [{"purpose": "customer-care", "legal-basis": "contract"}],
        "subjects": ["customer"],
        "data": ["name", "pd:EmailAddress", "call-recording"],
        "sources": ["data-subject", "vendor"],
        "retention": {"duration": "2 years", "trigger": "end of contract"},
        "measures": ["access-control"],
    }],
    "flows": [{
        "id": "acme.support-to-vendor",
        "from": "acme.support",
        "to": "vendor",
        "role": "processor",
        "data": ["call-recording"],
        "storage": ["US", "loc:IE"],
        "mechanism": "scc",
        "dpa": {"signed": "2024-01-15", "reference": "DPA-1"},
        "start": "2024-02-01",
    }],
}

#: The eight mistakes of issue 14, each as (where, wrong value).
MISTAKES: dict[str, tuple[tuple[str | int, ...], object]] = {
    "unknown purpose": (("activities", 0, "purposes", 0, "purpose"), "hr-management"),
    "unknown country": (("parties", 0, "country"), "UK"),
    "misspelt legal basis": (("activities", 0, "purposes", 0, "legal-basis"),
                             "legitimate-intrest"),
    "wrong role": (("flows", 0, "role"), "data-processor"),
    "date in the wrong format": (("flows", 0, "dpa", "signed"), "15.1.2024"),
    "unknown key": (("activities", 0, "colour"), "red"),
    "list where one value belongs": (("parties", 0, "country"), ["FI", "SE"]),
    "unknown mechanism": (("flows", 0, "mechanism"), "standard-clauses"),
}


def _with(path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    document = copy.deepcopy(GOOD)
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return document


def test_the_good_file_passes_the_schema_and_validate(tmp_path: Path) -> None:
    assert errors(GOOD) == []
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump(GOOD, sort_keys=False), encoding="utf-8")
    result = run_cli("validate", "--format", "json", BASE, path)
    assert result.exit_code in (0, 1), result.stderr
    assert result.json()["errors"] == []


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_typical_mistake_is_caught_by_the_schema(mistake: str) -> None:
    path, value = MISTAKES[mistake]
    found = list(validator().iter_errors(_with(path, value)))
    assert found, f"the schema lets '{mistake}' through"
    for error in found:  # at the value, or at the entry or list that holds it
        where = tuple(error.absolute_path)
        assert len(where) >= 2 and path[:len(where)] == where, (where, error.message)


def test_each_typical_mistake_is_an_input_error_of_validate(tmp_path: Path) -> None:
    """The schema refuses nothing that validate accepts, among these."""
    for number, (path, value) in enumerate(MISTAKES.values()):
        file = tmp_path / f"mistake{number}.yaml"
        file.write_text(yaml.safe_dump(_with(path, value), sort_keys=False), encoding="utf-8")
        result = run_cli("validate", BASE, file)
        assert result.exit_code == 2, (path, value, result.stdout)


def test_term_fields_list_aliases_and_curies_described_by_labels() -> None:
    definitions = schema()["$defs"]
    data = definitions["data-term"]
    names, iri = data["anyOf"]
    at = names["enum"].index("call-recording")
    assert names["enumDescriptions"][at] == (
        "call recordings · puhelutallenteet (pd:VoiceCommunicationRecording)")
    assert "pd:VoiceCommunicationRecording" in names["enum"]
    assert names["errorMessage"] == ("Not a known data category: `dataflow terms data` lists "
                                     "them, and `dataflow validate` suggests the nearest.")
    assert iri["pattern"].startswith("^(https?://|urn:)")
    assert data["description"] == (
        "A data category: an alias or a CURIE (`dataflow terms data` lists them), or the full "
        "IRI of a term of your own vocabulary.")
    assert {"GB", "loc:GB", "outside-eea"} <= set(definitions["country-term"]["anyOf"][0]["enum"])
    assert "UK" not in definitions["country-term"]["anyOf"][0]["enum"]
    flow = definitions["Flow"]["properties"]
    assert flow["role"]["anyOf"][0]["$ref"] == "#/$defs/role-term"
    assert flow["mechanism"]["anyOf"][0]["$ref"] == "#/$defs/mechanism-term"


def test_full_iris_and_own_terms_are_allowed() -> None:
    document = _with(("activities", 0, "data"),
                     ["https://example.org/vocab#Badge", "<urn:example:shoe-size>"])
    assert errors(document) == []


@pytest.mark.parametrize(("path", "value"), [
    (("flows", 0, "dpa"), True),
    (("flows", 0, "dpa"), {"signed": "2024-01-15"}),
    (("flows", 0, "data"), "call-recording"),
    (("flows", 0, "storage"), "US"),
    (("activities", 0, "purposes"), "customer-care"),
    (("activities", 0, "purposes"), {"purpose": "customer-care", "legal-basis": "contract"}),
    (("activities", 0, "purposes", 0, "national-law"), "Laki 759/2004 5 §"),
    (("activities", 0, "purposes", 0, "national-law"), ["tsl-29-sector", "Laki 759/2004"]),
    (("activities", 0, "retention"), [{"criteria": "as the law requires"}]),
    (("activities", 0, "sources"), "vendor"),
    (("activities", 0, "controllers"), "vendor"),
])
def test_every_documented_form_passes_the_schema(path: tuple[str | int, ...],
                                                 value: object) -> None:
    assert errors(_with(path, value)) == []


def test_every_flow_file_of_the_repository_passes_the_schema() -> None:
    files = sorted((ROOT / "flows").rglob("*.yaml")) + [ACTIVITY, BASE]
    assert len(files) > 20
    for path in files:
        document = typed(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
        assert errors(document) == [], path


# -- the documented forms, read by validate ------------------------------------------------

ORG = "organisation: acme\n"


def _validate(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    return run_cli("validate", "--format", "json", BASE, ACTIVITY, path)


def test_dpa_true_is_an_agreement(tmp_path: Path) -> None:
    result = _validate(tmp_path, ORG + "flows:\n  - {id: f, from: acme.newsletter, "
                       "to: hosting-fi, role: processor, data: [email], dpa: true}\n")
    assert result.exit_code == 0, result.stderr
    assert "PROC-01" not in {f["rule"] for f in result.json()["findings"]}


def test_one_national_law_and_one_purpose_may_be_written_without_a_list(
        tmp_path: Path) -> None:
    result = _validate(tmp_path, ORG + "activities:\n  - id: a\n    role: controller\n"
                       "    purposes: {purpose: payroll, legal-basis: legal-obligation, "
                       "national-law: Laki tulotietojärjestelmästä 53/2018}\n")
    assert result.exit_code in (0, 1), result.stderr
    assert result.json()["errors"] == []


def test_a_date_in_the_wrong_format_says_how_to_write_it(tmp_path: Path) -> None:
    result = _validate(tmp_path, ORG + "flows:\n  - {id: f, from: acme.newsletter, "
                       "to: hosting-fi, start: 15.1.2024}\n")
    assert result.exit_code == 2
    assert ("flows.0.start: Input should be a valid date as YYYY-MM-DD, not '15.1.2024'"
            in result.stderr)


# -- the schema in a real editor's language server -----------------------------------------

#: The eight mistakes as an architect types them, one per line (1-based) of this file.
EDITED = """\
organisation: acme
parties:
  - {id: vendor, country: UK}
  - {id: vendor2, country: [FI, SE]}
activities:
  - id: acme.support
    purposes:
      - {purpose: hr-management, legal-basis: contract}
      - {purpose: customer-care, legal-basis: legitimate-intrest}
    colour: red
flows:
  - {id: f, from: acme.support, to: vendor, role: controler}
  - {id: g, from: acme.support, to: vendor, dpa: {signed: 15.1.2024}}
  - {id: h, from: acme.support, to: vendor, mechanism: standard-clauses, dpa: true}
  - {id: i, from: acme.support, to: vendor, storage: NO, data: call-recording}
"""


def _yaml_language_server() -> str:
    found = os.environ.get("DATAFLOW_YAML_LANGUAGE_SERVER") or shutil.which(
        "yaml-language-server")
    if not found:
        pytest.skip("yaml-language-server is not installed (npm install -g "
                    "yaml-language-server, or set DATAFLOW_YAML_LANGUAGE_SERVER)")
    return found


def test_the_yaml_language_server_flags_each_mistake_at_its_line(tmp_path: Path) -> None:
    """docs/editors.md's VS Code and Neovim settings, as the server receives them."""
    server = _yaml_language_server()
    (tmp_path / "flowfile.schema.json").write_text(json.dumps(schema()), encoding="utf-8")
    flow = tmp_path / "flows" / "acme" / "support.yaml"
    flow.parent.mkdir(parents=True)
    flow.write_text(EDITED, encoding="utf-8")
    settings = {"yaml": {"schemas": {"./flowfile.schema.json": ["flows/**/*.yaml"]}}}
    with _Client([server, "--stdio"], settings) as client:
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": tmp_path.as_uri(),
            "workspaceFolders": [{"uri": tmp_path.as_uri(), "name": "flows"}],
            "capabilities": {"workspace": {"configuration": True}}})
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": settings})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": flow.as_uri(), "languageId": "yaml", "version": 1, "text": EDITED}})
        diagnostics = client.diagnostics(flow.as_uri())
        lines = sorted({d["range"]["start"]["line"] + 1 for d in diagnostics})
        assert lines == [3, 4, 8, 9, 10, 12, 13, 14], diagnostics
        messages = {d["range"]["start"]["line"] + 1: d["message"] for d in diagnostics}
        assert messages[3] == ("Not a known country: `dataflow terms country` lists them, and "
                               "`dataflow validate` suggests the nearest.")
        assert messages[13] == "Write the date as YYYY-MM-DD, e.g. 2024-01-15."
        completion = client.request("textDocument/completion", {
            "textDocument": {"uri": flow.as_uri()}, "position": {"line": 14, "character": 70}})
        items = completion["items"] if isinstance(completion, dict) else completion
        documented = {item["label"]: item.get("documentation") for item in items}
        assert "call recordings · puhelutallenteet (pd:VoiceCommunicationRecording)" in str(
            documented["call-recording"])


class _Client:
    """Just enough of a Language Server Protocol client: requests, notifications, and the
    server's own requests for its configuration answered from `settings`."""

    def __init__(self, command: list[str], settings: dict[str, Any]) -> None:
        self.command, self.settings = command, settings
        self.published: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0

    def __enter__(self) -> _Client:
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.kill()
        self.process.wait()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while line := self.process.stdout.readline().strip():
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        if message.get("method") == "workspace/configuration":
            self._send({"id": message["id"], "result": [
                self.settings.get(item.get("section", ""), self.settings["yaml"])
                for item in message["params"]["items"]]})
        elif "method" in message and "id" in message:
            self._send({"id": message["id"], "result": None})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.published[message["params"]["uri"]] = message["params"]["diagnostics"]
        return message

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self._receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def diagnostics(self, uri: str, seconds: float = 20) -> list[dict[str, Any]]:
        """The first non-empty diagnostics published for `uri`."""
        deadline = time.monotonic() + seconds
        while not self.published.get(uri) and time.monotonic() < deadline:
            self.request("workspace/symbol", {"query": ""})  # lets the server publish
            time.sleep(0.1)
        return self.published.get(uri, [])


def test_each_term_key_names_its_kind_for_editors() -> None:
    from dataflow.sources.flowfile import term_keys

    assert term_keys() == {
        ("Activity", "purposes"): "purpose", ("Activity", "legal-bases"): "legal-basis",
        ("Activity", "subjects"): "subject", ("Activity", "data"): "data",
        ("Activity", "sources"): "source", ("Activity", "measures"): "measure",
        ("Flow", "role"): "role", ("Flow", "data"): "data", ("Flow", "purposes"): "purpose",
        ("Flow", "legal-basis"): "legal-basis", ("Flow", "country"): "country",
        ("Flow", "storage"): "country", ("Flow", "access"): "country",
        ("Flow", "mechanism"): "mechanism", ("Flow", "frequency"): "frequency",
        ("Organisation", "country"): "country", ("Party", "country"): "country",
        ("Party", "certifications"): "certification", ("Purpose", "purpose"): "purpose",
        ("Purpose", "legal-basis"): "legal-basis", ("Purpose", "art9-condition"): "art9-condition",
        ("Purpose", "national-law"): "national-law", ("Purpose", "consent"): "consent",
        ("Consent", "method"): "consent",
        ("System", "country"): "country", ("System", "mechanism"): "mechanism",
        ("PurposeStatement", "purpose"): "purpose",
        ("PurposeStatement", "legal-basis"): "legal-basis",
        ("TransferStatement", "country"): "country",
        ("TransferStatement", "mechanism"): "mechanism",
    }


def test_the_format_version_is_1() -> None:
    assert errors({"dataflow": 1}) == []
    assert errors({"dataflow": 2}) == ["dataflow: 2 is not one of [1, None]"]
