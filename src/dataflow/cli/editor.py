"""Commands for the architect's editor: terms (issue 14)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, TypeAlias

import typer

from ..report.registry import FAMILIES
from ..store.kinds import KINDS
from .app import command
from .options import emit, render

if TYPE_CHECKING:  # for mypy a format is its name; typer gets the enum of the family's names
    TermsFormat: TypeAlias = str
else:
    TermsFormat = StrEnum("TermsFormat", {name: name for name in FAMILIES["terms"]})

_KINDS_HELP = ", ".join(kind.slug for kind in KINDS)


@command()
def terms(
    kind: Annotated[str | None, typer.Argument(
        metavar="KIND", help=f"A kind of term: {_KINDS_HELP}. A word that names no kind is "
        "searched for in every kind.", show_default=False)] = None,
    search: Annotated[str | None, typer.Argument(
        metavar="SEARCH", help="Part of an alias, CURIE or IRI, or an English or Finnish "
        "label in the singular or the plural.", show_default=False)] = None,
    output_format: Annotated[TermsFormat, typer.Option(
        "--format", "-f", help="text (two lines a term), or json (one object a term and "
        "kind).")] = "text",
) -> int:
    """List the terms that flow files accept, by kind: aliases, CURIE, English and Finnish
    labels, synonyms and the broader term.

    Exit codes: 0 terms listed; 1 nothing matches SEARCH; 2 an unknown KIND.
    """
    from ..commands.terms import terms as listing

    found = listing(kind, search)
    if found.empty:
        typer.echo(f"no term matches '{found.search}'" if found.search else "no terms",
                   err=True)
        if str(output_format) == "json":
            emit("[]")
        return 1
    emit(render("terms", output_format, found))
    return 0
