"""The pygls wiring of `dataflow lsp`: documents in, diagnostics, completion, hover, definition out.

Validation runs in one worker thread, so that completion and hover answer while it runs,
and is debounced: a change waits DEBOUNCE seconds for the next one before the workspace is
validated again. A run whose documents changed while it ran is not published; the run
that follows is. The ontology's terms and the rule catalogue are loaded once, when the
client has initialised, and kept (and frozen out of the collector's sight, see `warm`).
Only the loop's thread writes to the client.
"""

from __future__ import annotations

import asyncio
import gc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..errors import InputError, InputErrors
from ..findings import Rule
from ..gcpause import gc_resumed
from ..store.terms import default_index
from .completion import suggestions
from .context import edit_context
from .definition import definition
from .diagnostics import by_file
from .hover import hover_text
from .outline import Outline, outline
from .positions import Units, from_client, lines_of, range_to_client
from .vocabulary import vocabulary
from .workspace import FlowWorkspace, Outcome

#: Seconds of quiet after a change before the workspace is validated again.
DEBOUNCE = 0.15
#: Completion opens after a key's space, in a list, after a list dash and inside a dotted id.
TRIGGERS = [" ", "[", ",", "-", "."]
#: Suffixes of the files whose changes on disk are validated again: flow files, configuration.
WATCHED = ("yaml", "yml", "ttl", "jsonld", "nt", "toml")


class FlowServer(LanguageServer):
    """The language server, with the state of one workspace."""

    def __init__(self) -> None:
        super().__init__("dataflow", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.flows = FlowWorkspace(Path.cwd())
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dataflow-check")
        self.rules: dict[str, Rule] = {}
        self.published: dict[Path, list[lsp.Diagnostic]] = {}
        """The diagnostics last published for each file, in code points."""
        self.generation = 0
        self.timer: asyncio.TimerHandle | None = None
        self.running: asyncio.Task[None] | None = None
        self.again = False
        self.shown: list[str] = []
        self.sent: dict[Path, list[lsp.Diagnostic]] = {}
        """What the client was last sent for each file, in its units."""

    @property
    def units(self) -> Units:
        return self.workspace.position_codec.client_num_units

    def path_of(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        return Path(path).absolute() if path else None

    # -- validation ------------------------------------------------------------------------

    def warm(self) -> str | None:
        """Load what every run and request needs once (terms, rules), in the worker thread;
        a problem is returned, for the loop's thread to log."""
        default_index()
        vocabulary()
        problem = None
        try:
            self.rules = self.flows.rules()
        except (InputError, InputErrors) as exc:  # bad `shapes` in the configuration: the
            problem = f"rule catalogue not loaded: {exc}"  # first run reports it too
        gc.collect()
        gc.freeze()  # what is loaded now lives as long as the server: never rescan it
        return problem

    def schedule(self, delay: float = DEBOUNCE) -> None:
        """Validate the workspace once nothing has changed for `delay` seconds."""
        self.generation += 1
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(delay, self._start)

    def _start(self) -> None:
        self.timer = None
        if self.running is not None and not self.running.done():
            self.again = True
            return
        self.running = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self.again = False
            generation = self.generation
            overlay = dict(self.flows.open)
            try:
                outcome = await loop.run_in_executor(self.worker, self.flows.validate, overlay)
            except Exception as exc:  # a bug in dataflow: say so, and keep serving
                self.log(f"internal error while validating: {type(exc).__name__}: {exc}",
                         lsp.MessageType.Error)
                return
            if generation == self.generation:
                self.publish(outcome)
            if not self.again:
                return

    def publish(self, outcome: Outcome) -> None:
        """Publish each file's diagnostics: those of files that have some, of files that had
        some (now none), and of every open document (with the version that was checked)."""
        self.rules = outcome.rules or self.rules
        named = outcome.shown()
        texts = {}
        for shown in {*(e.file for e in outcome.errors), *(f.file for f in outcome.findings)}:
            if shown is not None and shown in named:
                text = outcome.texts.get(named[shown], "")
                has_errors = any(e.file == shown for e in outcome.errors)
                texts[shown] = (named[shown], lines_of(text),
                                outline(text) if has_errors else Outline())
        found = by_file(outcome.errors, outcome.findings, texts, self.rules, self.flows.rules_url)
        for path in sorted({*self.sent, *found, *self.flows.open}):
            diagnostics = found.get(path, [])
            lines = lines_of(outcome.texts.get(path) or self.flows.text(path))
            uri = from_fs_path(str(path))
            if uri is None:
                continue
            client = [_to_client(d, lines, self.units) for d in diagnostics]
            if path not in self.flows.open and self.sent.get(path, []) == client:
                continue  # unchanged in a file that is not open: nothing to say
            self.sent[path] = client
            document = self.workspace.text_documents.get(uri)
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=uri, version=document.version if document is not None else None,
                diagnostics=client))
        self.published = found
        self.report([e for e in outcome.errors if e.file is None or e.file not in texts])
        self.log(f"validated {len(outcome.files)} file(s) in {outcome.seconds * 1000:.0f} ms: "
                 f"{len(outcome.errors)} input error(s), {len(outcome.findings)} finding(s)")

    def report(self, errors: list[InputError]) -> None:
        """Errors that name no file of the workspace (a bad configuration value), shown
        once each time they change, since no document can carry them."""
        messages = [str(e) for e in errors]
        if messages and messages != self.shown:
            self.window_show_message(lsp.ShowMessageParams(
                type=lsp.MessageType.Error, message="dataflow: " + "; ".join(messages)))
        self.shown = messages

    def log(self, message: str, level: lsp.MessageType = lsp.MessageType.Log) -> None:
        self.window_log_message(lsp.LogMessageParams(type=level, message=message))


def _to_client(diagnostic: lsp.Diagnostic, lines: list[str], units: Units) -> lsp.Diagnostic:
    return lsp.Diagnostic(range=range_to_client(diagnostic.range, lines, units),
                          message=diagnostic.message, severity=diagnostic.severity,
                          code=diagnostic.code, code_description=diagnostic.code_description,
                          source=diagnostic.source, data=diagnostic.data)


server = FlowServer()


@server.feature(lsp.INITIALIZED)
async def initialized(ls: FlowServer, params: lsp.InitializedParams) -> None:
    folders = ls.workspace.folders
    root = ls.workspace.root_path or (to_fs_path(next(iter(folders.values())).uri)
                                      if folders else None)
    ls.flows = FlowWorkspace(Path(root) if root else Path.cwd())
    watch(ls)
    problem = await asyncio.get_running_loop().run_in_executor(ls.worker, ls.warm)
    if problem is not None:
        ls.log(problem, lsp.MessageType.Warning)
    ls.schedule(0)


def watch(ls: FlowServer) -> None:
    """Ask the client to report flow and configuration files changed on disk (a pull, a
    checkout), if it can; the answer is not awaited."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is None or not watched.dynamic_registration:
        return
    ls.client_register_capability(lsp.RegistrationParams(registrations=[lsp.Registration(
        id="dataflow-watched-files", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=[
            lsp.FileSystemWatcher(glob_pattern=f"**/*.{{{','.join(WATCHED)}}}")]))]))


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files_changed(ls: FlowServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    if any(change.uri.endswith(("/dataflow.toml", "/pyproject.toml")) for change in params.changes):
        ls.flows.reconfigure()
    ls.schedule()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FlowServer, params: lsp.DidOpenTextDocumentParams) -> None:
    if (path := ls.path_of(params.text_document.uri)) is not None:
        ls.flows.put(path, params.text_document.text)
        ls.schedule()


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FlowServer, params: lsp.DidChangeTextDocumentParams) -> None:
    if (path := ls.path_of(params.text_document.uri)) is not None:
        ls.flows.put(path, ls.workspace.get_text_document(params.text_document.uri).source)
        ls.schedule()


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FlowServer, params: lsp.DidSaveTextDocumentParams) -> None:
    path = ls.path_of(params.text_document.uri)
    if path is not None and path.name in ("dataflow.toml", "pyproject.toml"):
        ls.flows.reconfigure()
    ls.schedule()


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FlowServer, params: lsp.DidCloseTextDocumentParams) -> None:
    if (path := ls.path_of(params.text_document.uri)) is not None:
        ls.flows.close(path)
        ls.schedule()


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=TRIGGERS))
def completion(ls: FlowServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    path = ls.path_of(params.text_document.uri)
    if path is None:
        return lsp.CompletionList(is_incomplete=False, items=[])
    lines = lines_of(ls.flows.text(path))
    line, character = from_client(params.position, lines, ls.units)
    context = edit_context(lines, line, character)
    declared = [d for _, d in ls.flows.declarations()]
    edit = range_to_client(lsp.Range(lsp.Position(line, context.start),
                                     lsp.Position(line, character)), lines, ls.units)
    items = [lsp.CompletionItem(
        label=s.text, detail=s.detail, filter_text=s.text, sort_text=f"{i:05d}",
        kind=lsp.CompletionItemKind.Reference if s.is_id else lsp.CompletionItemKind.EnumMember,
        text_edit=lsp.TextEdit(range=edit, new_text=s.text),
        documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=s.documentation)
        if s.documentation else None)
        for i, s in enumerate(suggestions(context, vocabulary(), declared))]
    return lsp.CompletionList(is_incomplete=False, items=items)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: FlowServer, params: lsp.HoverParams) -> lsp.Hover | None:
    path = ls.path_of(params.text_document.uri)
    if path is None:
        return None
    lines = lines_of(ls.flows.text(path))
    line, character = from_client(params.position, lines, ls.units)
    under = [str(d.code) for d in ls.published.get(path, [])
             if d.code and (d.range.start.line, d.range.start.character) <= (line, character)
             <= (d.range.end.line, d.range.end.character)]
    declared = [(ls.flows.shown(where), d) for where, d in ls.flows.declarations()]
    text = hover_text(lines, line, character, ls.flows.outline(path), vocabulary(), declared,
                      under, ls.rules, ls.flows.rules_url)
    if text is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def goto_definition(ls: FlowServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    path = ls.path_of(params.text_document.uri)
    if path is None:
        return None
    lines = lines_of(ls.flows.text(path))
    line, character = from_client(params.position, lines, ls.units)
    found = definition(lines, line, character, ls.flows.outline(path), ls.flows.declarations())
    if found is None:
        return None
    target, span = found
    uri = from_fs_path(str(target))
    if uri is None:
        return None
    return lsp.Location(uri=uri, range=range_to_client(span, lines_of(ls.flows.text(target)),
                                                       ls.units))


def serve() -> None:
    """Run the server over standard input and output until the client says exit.

    The command line pauses the collector for a command (gcpause.py); a server runs for
    hours and builds a graph per run, so the collector is on again while it serves.
    """
    with gc_resumed():
        server.start_io()
