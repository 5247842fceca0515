"""`dataflow lsp` end to end: pytest-lsp drives the real server as a subprocess over stdio.

The workspace is a copy of flows/examples with one mechanism removed, so that it has exactly
one finding (XFER-05 on acme.deskflow-to-india); the tests edit open buffers and check the
diagnostics, completion, hover and definition the server answers with, and time the round
trip from a change to its diagnostics on a copy of all of flows/. The pieces the server is
made of (the loader's overlay, the edit context, positions, the outline) are tested last,
without a client.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import socket
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.workspace.position_codec import PositionCodec
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import ROOT, run_cli
from dataflow.check.rules import load_rulebook
from dataflow.errors import InputErrors
from dataflow.lsp.completion import suggestions
from dataflow.lsp.context import edit_context
from dataflow.lsp.diagnostics import line_span
from dataflow.lsp.hover import hover_text
from dataflow.lsp.outline import outline
from dataflow.lsp.positions import from_client, to_client
from dataflow.lsp.vocabulary import vocabulary
from dataflow.lsp.workspace import FlowWorkspace
from dataflow.safety import NetworkRefused
from dataflow.sources.load import load

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "dataflow.cli", "lsp"])
#: A bound that only a hang passes: the round-trip is measured, not asserted on.
HANG = 10.0
SERVICES = ROOT / "flows" / "examples" / "customer-service.yaml"


def onward_flow(lines: list[str]) -> tuple[int, int]:
    """The 0-based lines of the onward flow to India and of its `mechanism: scc`."""
    flow = lines.index("  - id: acme.deskflow-to-india")
    return flow, lines.index("    mechanism: scc", flow)


#: Where XFER-05 is reported once the mechanism is gone (the line of the flow's id).
XFER_05_LINE, MECHANISM_LINE = onward_flow(SERVICES.read_text(encoding="utf-8").split("\n"))


def acme(root: Path, source: Path = ROOT / "flows" / "examples") -> Path:
    """A copy of the examples under root/flows, the onward flow to India without its SCCs."""
    shutil.copytree(source, root / "flows")
    services = root / "flows" / "customer-service.yaml"
    lines = services.read_text(encoding="utf-8").split("\n")
    assert MECHANISM_LINE > XFER_05_LINE
    services.write_text("\n".join(lines[:MECHANISM_LINE] + lines[MECHANISM_LINE + 1:]),
                        encoding="utf-8")
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return acme(tmp_path)


async def start(client: LanguageClient, root: Path) -> None:
    await client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=root.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name=root.name)]))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    lsp_client.registrations = []  # type: ignore[attr-defined]

    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    await start(lsp_client, workspace)
    yield
    await lsp_client.shutdown_session()


def uri(root: Path, name: str) -> str:
    return (root / "flows" / name).as_uri()


Check = Callable[[Sequence[lsp.Diagnostic] | None], bool]


async def diagnostics(client: LanguageClient, target: str, check: Check,
                      ) -> Sequence[lsp.Diagnostic]:
    """The diagnostics of `target` once a publication satisfies `check`."""
    async def wait() -> None:
        while not check(client.diagnostics.get(target)):
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), HANG)
    return client.diagnostics[target]


def published_empty(found: Sequence[lsp.Diagnostic] | None) -> bool:
    return found is not None and not found


def codes(found: Sequence[lsp.Diagnostic] | None) -> list[str | int | None]:
    return [d.code for d in found or []]


def open_document(client: LanguageClient, root: Path, name: str) -> str:
    target = uri(root, name)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        uri=target, language_id="yaml", version=1,
        text=(root / "flows" / name).read_text(encoding="utf-8"))))
    return target


def replace(client: LanguageClient, target: str, version: int, line: int, start: int,
            end: int, text: str) -> None:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=target, version=version),
        content_changes=[lsp.TextDocumentContentChangePartial(
            range=lsp.Range(lsp.Position(line, start), lsp.Position(line, end)), text=text)]))


def position_of(root: Path, name: str, needle: str, offset: int = 0) -> lsp.Position:
    for number, text in enumerate((root / "flows" / name).read_text(encoding="utf-8").split("\n")):
        if needle in text:
            return lsp.Position(number, text.index(needle) + offset)
    raise AssertionError(f"{needle!r} not in {name}")


# -- diagnostics --------------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_the_workspace_finding_is_a_diagnostic_with_rule_link_and_hint(
        client: LanguageClient, workspace: Path) -> None:
    found = await diagnostics(client, uri(workspace, "customer-service.yaml"), bool)
    assert codes(found) == ["XFER-05"]
    (xfer,) = found
    assert xfer.range == lsp.Range(lsp.Position(XFER_05_LINE, 4), lsp.Position(XFER_05_LINE, 30))
    assert xfer.severity == lsp.DiagnosticSeverity.Error
    assert xfer.source == "dataflow"
    assert xfer.code_description is not None
    assert xfer.code_description.href == "https://w3id.org/dataflow/rules#xfer-05"
    assert xfer.message == ("Onward transfer from United States to India has no mechanism of "
                            "its own\nfix: add mechanism: to the onward flow")
    assert set(client.diagnostics) == {uri(workspace, "customer-service.yaml")}


@pytest.mark.asyncio
async def test_an_unknown_term_typed_is_an_input_error_at_its_column_until_fixed(
        client: LanguageClient, workspace: Path) -> None:
    services = uri(workspace, "customer-service.yaml")
    await diagnostics(client, services, bool)
    billing = open_document(client, workspace, "billing.yaml")
    at = position_of(workspace, "billing.yaml", "legal-basis: legal-obligation", 13)
    replace(client, billing, 2, at.line, at.character, at.character + len("legal-obligation"),
            "legal-oblig")

    found = await diagnostics(client, billing, bool)
    (error,) = found
    assert error.range == lsp.Range(at, lsp.Position(at.line, at.character + len("legal-oblig")))
    assert error.severity == lsp.DiagnosticSeverity.Error
    assert error.code is None
    assert error.message.startswith("unknown Art. 6 legal basis 'legal-oblig'")  # the loader's
    # Input errors stop the check, as in `dataflow validate`: the finding is withdrawn.
    assert not await diagnostics(client, services, published_empty)

    replace(client, billing, 3, at.line, at.character, at.character + len("legal-oblig"),
            "legal-obligation")
    assert not await diagnostics(client, billing, published_empty)
    assert codes(await diagnostics(client, services, bool)) == ["XFER-05"]


@pytest.mark.asyncio
async def test_an_unknown_id_in_an_unsaved_buffer_points_at_the_id(
        client: LanguageClient, workspace: Path) -> None:
    billing = open_document(client, workspace, "billing.yaml")
    at = position_of(workspace, "billing.yaml", "to: acme.collection-agency", 4)
    replace(client, billing, 2, at.line, at.character, at.character + len("acme.collection-agency"),
            "acme.colection-agency")
    (error,) = await diagnostics(client, billing, bool)
    assert error.range.start == at
    assert "unknown id 'acme.colection-agency'; did you mean 'acme.collection-agency'?" \
        in error.message
    assert "colection" not in (workspace / "flows" / "billing.yaml").read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_a_file_added_on_disk_is_validated_when_the_client_reports_it(
        client: LanguageClient, workspace: Path) -> None:
    await diagnostics(client, uri(workspace, "customer-service.yaml"), bool)
    (registration,) = client.registrations  # type: ignore[attr-defined]
    assert registration.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
    extra = workspace / "flows" / "extra.yaml"
    extra.write_text("organisation: acme\nflows:\n  - id: acme.crm-to-us\n"
                     "    from: acme.customer-service\n    to: acme.deskflow\n"
                     "    role: processor\n    data: [name]\n    purposes: [customer-care]\n"
                     "    dpa: true\n", encoding="utf-8")
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=extra.as_uri(), type=lsp.FileChangeType.Created)]))
    (xfer,) = await diagnostics(client, extra.as_uri(), bool)
    assert xfer.code == "XFER-01"
    assert xfer.range == lsp.Range(lsp.Position(2, 4), lsp.Position(2, 22))


# -- completion, hover, definition -------------------------------------------------------------

async def complete(client: LanguageClient, target: str, line: int, character: int,
                   ) -> list[lsp.CompletionItem]:
    result = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=target),
        position=lsp.Position(line, character)))
    assert isinstance(result, lsp.CompletionList)
    return list(result.items)


@pytest.mark.asyncio
async def test_completion_offers_purposes_after_purposes_and_ids_after_to(
        client: LanguageClient, workspace: Path) -> None:
    billing = open_document(client, workspace, "billing.yaml")
    at = position_of(workspace, "billing.yaml", "purposes: [debt-collection]", 11)
    replace(client, billing, 2, at.line, at.character, at.character + len("debt-collection"),
            "cust")
    items = await complete(client, billing, at.line, at.character + 4)
    labels = [i.label for i in items]
    assert labels[0] == "customer-care"
    assert "contract" not in labels and "name" not in labels  # a basis, a data category
    purposes = {t.name for t in vocabulary().of_kind("purpose")}
    assert set(labels) <= purposes
    first = items[0]
    assert first.text_edit == lsp.TextEdit(
        range=lsp.Range(at, lsp.Position(at.line, at.character + 4)), new_text="customer-care")

    replace(client, billing, 3, at.line, at.character - 1, at.character + 4 + 1, "")
    items = await complete(client, billing, at.line, at.character - 1)  # `purposes: |`
    assert {i.label for i in items} == purposes

    to = position_of(workspace, "billing.yaml", "to: acme.accounting-firm", 4)
    items = await complete(client, billing, to.line, to.character + len("acme."))
    labels = [i.label for i in items]
    assert {"acme.accounting-firm", "acme.mailwave", "acme.billing", "acme.erp"} <= set(labels)
    assert all(i.kind == lsp.CompletionItemKind.Reference for i in items)


@pytest.mark.asyncio
async def test_hover_explains_a_term_and_the_rule_of_a_diagnostic(
        client: LanguageClient, workspace: Path) -> None:
    services = uri(workspace, "customer-service.yaml")
    await diagnostics(client, services, bool)
    at = position_of(workspace, "billing.yaml", "legal-basis: contract", 15)
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri(workspace, "billing.yaml")),
        position=at))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    text = hover.contents.value
    assert "`eu-gdpr:A6-1-b`" in text
    assert "FI: sopimus" in text
    assert "Broader: contract (`dpv:Contract`)" in text
    assert "Needed to perform a contract with the data subject" in text

    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=services),
        position=lsp.Position(XFER_05_LINE, 12)))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    rule = load_rulebook().rules["XFER-05"]
    assert hover.contents.value.startswith(
        "**acme.deskflow-to-india**\n\nflow, declared in `flows/customer-service.yaml` line 64")
    assert f"**XFER-05** {rule.name}" in hover.contents.value
    assert rule.summary in hover.contents.value
    assert "(https://w3id.org/dataflow/rules#xfer-05)" in hover.contents.value


@pytest.mark.asyncio
async def test_definition_of_an_id_is_its_declaration_in_another_file(
        client: LanguageClient, workspace: Path) -> None:
    at = position_of(workspace, "billing.yaml", "to: acme.accounting-firm", 10)
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri(workspace, "billing.yaml")),
        position=at))
    declared = position_of(workspace, "organisation.yaml", "id: acme.accounting-firm", 4)
    assert found == lsp.Location(uri=uri(workspace, "organisation.yaml"), range=lsp.Range(
        declared, lsp.Position(declared.line, declared.character + len("acme.accounting-firm"))))


# -- latency on the size of flows/ ----------------------------------------------------------------

@pytest.mark.asyncio
async def test_diagnostics_round_trip_on_all_of_flows(tmp_path: Path) -> None:
    """The time from a change to its diagnostics on a copy of every flow file of flows/ (42
    files, about 3,200 triples, 190 findings), measured and printed; only a hang fails it.
    Each change takes a mechanism away or gives it back, so every run loads and checks."""
    shutil.copytree(ROOT / "flows", tmp_path / "flows")
    client = await SERVER.start()
    assert isinstance(client, LanguageClient)
    try:
        await start(client, tmp_path)
        services = open_document(client, tmp_path, "examples/customer-service.yaml")
        await diagnostics(client, services, published_empty)
        at = lsp.Position(MECHANISM_LINE, len("    mechanism: "))
        rounds: list[float] = []
        for version in range(2, 12):
            removed = version % 2 == 0
            started = time.perf_counter()
            replace(client, services, version, at.line, at.character,
                    at.character + (3 if removed else 0), "" if removed else "scc")
            await diagnostics(client, services, lambda d, removed=removed: d is not None
                              and codes(d) == (["XFER-05"] if removed else []))
            rounds.append(time.perf_counter() - started)
        median = statistics.median(rounds)
        runs = [int(m.group(1)) for m in (re.search(r"validated \d+ file\(s\) in (\d+) ms",
                                                    message.message)
                                          for message in client.log_messages) if m]
        print(f"\ndiagnostics round-trip on flows/ (42 files), change -> publish, "
              f"{len(rounds)} rounds: median {median * 1000:.0f} ms, max "
              f"{max(rounds) * 1000:.0f} ms (debounce of 150 ms included); the server's "
              f"load and check: median {statistics.median(runs):.0f} ms", file=sys.stderr)
        assert max(rounds) < HANG
    finally:
        await client.shutdown_session()
        await client.stop()


# -- the pieces, without a client ------------------------------------------------------------------

def test_load_reads_an_open_buffer_instead_of_the_file(workspace: Path) -> None:
    billing = workspace / "flows" / "billing.yaml"
    text = billing.read_text(encoding="utf-8").replace("to: acme.accounting-firm",
                                                       "to: acme.accounting-frm")
    with pytest.raises(InputErrors) as caught:
        load([workspace / "flows"], texts={billing.absolute(): text})
    (error,) = caught.value.errors
    assert error.message.startswith("unknown id 'acme.accounting-frm'")
    assert error.file is not None and error.file.endswith("billing.yaml")
    assert load([workspace / "flows"]).files  # the file on disk is unchanged and loads


def test_completion_context_reads_block_lists_and_flow_lists() -> None:
    lines = ["activities:", "  - id: a", "    data:", "      - name", "      - ph",
             "    purposes: [customer-care, mark", "    # purposes: cu"]
    block = edit_context(lines, 4, len(lines[4]))
    assert (block.section, block.key, block.prefix, block.start) == ("activities", "data", "ph", 8)
    flow = edit_context(lines, 5, len(lines[5]))
    assert (flow.key, flow.prefix) == ("purposes", "mark")
    assert edit_context(lines, 6, len(lines[6])).key is None
    names = [s.text for s in suggestions(block, vocabulary(), [])]
    assert "phone" in names and names[0].startswith("ph")
    assert "email" not in names
    assert "marketing" in [s.text for s in suggestions(flow, vocabulary(), [])]


def test_completion_knows_roles_sources_and_the_default_organisation() -> None:
    declared = outline("organisations:\n  - id: acme\nparties:\n  - id: acme.vendor\n"
                       "systems:\n  - id: acme.crm\n").declarations()
    lines = ["organisation: ", "systems:", "  - ", "activities:", "  - id: a",
             "    role: ", "    sources: [", "flows:", "  - id: f", "    role: "]

    def offered(line: int) -> list[str]:
        context = edit_context(lines, line, len(lines[line]))
        return [s.text for s in suggestions(context, vocabulary(), declared)]

    assert offered(0) == ["acme"]
    assert offered(2) == []  # a new system, not a list of system ids
    assert offered(5) == ["controller", "processor", "joint-controller"]
    assert offered(6)[:3] == ["acme", "acme.crm", "acme.vendor"]  # then source terms
    assert "data-subject" in offered(6)
    assert {"processor", "sub-processor", "third-party", "authority"} <= set(offered(9))


def test_a_finding_covers_its_line_without_the_dash_and_the_comment() -> None:
    span = line_span(0, ["  - id: acme.crm   # the CRM"])
    assert (span.start, span.end) == ((0, 4), (0, 16))


def test_the_outline_survives_aliases_and_broken_yaml() -> None:
    found = outline("parties:\n  - &p {id: a.b, name: B}\n  - *p\nflows: [\n")
    assert found.scalars == []
    declared = outline("parties:\n  - &p {id: a.b, name: B}\n  - *p\n").declarations()
    assert [(d.id, d.kind, d.name) for d in declared] == [("a.b", "party", "B")]


def test_the_command_is_registered_with_its_help() -> None:
    result = run_cli("lsp", "--help")
    assert result.exit_code == 0
    assert "language server" in result.stdout and "--stdio" in result.stdout


def test_positions_count_utf16_units_for_the_client() -> None:
    lines = ["name: 😀 x: [bad]"]
    units = PositionCodec(lsp.PositionEncodingKind.Utf16).client_num_units
    assert to_client((0, 12), lines, units) == lsp.Position(0, 13)  # the emoji is two units
    assert from_client(lsp.Position(0, 13), lines, units) == (0, 12)


def test_hover_on_a_rule_id_in_a_suppression_comment() -> None:
    lines = ["flows:", "  # dataflow: ignore[XFER-01] the DPF covers it", "  - id: f"]
    rules = load_rulebook().rules
    text = hover_text(lines, 1, 24, outline("\n".join(lines)), vocabulary(), [], [], rules,
                      "https://example.org/rules")
    assert text is not None and text.startswith(f"**XFER-01** {rules['XFER-01'].name}")
    assert text.endswith("[Documentation](https://example.org/rules#xfer-01)")
    assert hover_text(lines, 1, 5, outline("\n".join(lines)), vocabulary(), [], [], rules,
                      "https://example.org/rules") is None


def test_a_run_never_reaches_the_network(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                         ) -> None:
    """Everything a run does (settings, load, check, review) is inside `offline()`."""
    def phone_home(*args: object, **kwargs: object) -> None:
        socket.getaddrinfo("example.org", 443)

    monkeypatch.setattr("dataflow.lsp.workspace.check", phone_home)
    with pytest.raises(NetworkRefused):
        FlowWorkspace(workspace).validate({})
