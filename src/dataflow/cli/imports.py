"""Commands that bring data maps from other tools: import fides (issue 17)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import app, command

import_app = typer.Typer(help="Turn another tool's data map into flow files.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")


@command("fides", group=import_app)
def fides(
    paths: Annotated[list[Path], typer.Argument(
        help="Fides manifest files (fideslang YAML: system, dataset, organization…).",
        show_default=False)],
    out: Annotated[Path, typer.Option(
        "--output", "-o", help="Directory to write the flow files into.",
        show_default=False)],
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite files that already exist in the directory.")] = False,
) -> int:
    """Write one flow file per Fides system, with a TODO for every fact Fides does not record.

    Exit codes: 0 written; 2 bad input (not a manifest, a file exists without --force).
    """
    from ..commands.fides import import_fides, summary

    result = import_fides(paths, out, force)
    for warning in result.conversion.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for skipped in result.conversion.skipped:
        typer.echo(f"notice: {skipped}", err=True)
    typer.echo(summary(result))
    return 0
