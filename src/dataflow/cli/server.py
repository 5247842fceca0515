"""The language server: dataflow lsp (issue 14)."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import command


@command("lsp")
def language_server(
    stdio: Annotated[bool, typer.Option(
        "--stdio", help="Talk over standard input and output (the default and only "
        "transport; accepted because some clients always pass it).")] = True,
) -> int:
    """Run the language server for flow files over standard input and output.

    Diagnostics (input errors and rule findings, as `dataflow validate` reports them),
    completion of terms and ids, hover and go to definition. See docs/editors.md.
    """
    from ..lsp.server import serve

    serve()
    return 0
