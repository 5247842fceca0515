"""`dataflow import fides`: Fides manifests in, flow files out, and what the user must finish."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, display_path
from ..imports.fides import Conversion, convert
from ..imports.outdir import write_files


@dataclass(frozen=True)
class Imported:
    conversion: Conversion
    written: list[Path]


def import_fides(paths: list[Path], out: Path, force: bool = False) -> Imported:
    """Convert the manifests, then write the files into `out` (nothing is written when a
    manifest is bad or a file exists without `force`)."""
    if not paths:
        raise InputError("no Fides manifest given", None, None, "one or more manifest files")
    conversion = convert(paths)
    return Imported(conversion, write_files(out, conversion.files, force))


def summary(result: Imported) -> str:
    """What was written and the project terms, for people; the warnings are apart."""
    c = result.conversion.counts
    lines = [f"imported {len(result.conversion.manifests)} manifest(s): {c.systems} system(s), "
             f"{c.declarations} privacy declaration(s) as {c.activities} activities, "
             f"{c.datasets} dataset(s), {c.parties} part{'y' if c.parties == 1 else 'ies'}, "
             f"{c.flows} flow(s)"]
    lines += [f"  wrote {display_path(path)}" for path in result.written]
    terms = result.conversion.project_terms
    if terms:
        lines.append(f"{len(terms)} Fides key(s) without a DPV equivalent, kept as project "
                     "terms (fides-terms.ttl):")
        lines += [f"  {t.kind} {t.key} -> under {t.broader}" for t in terms]
    if result.written:
        lines.append(f"next: dataflow validate {display_path(result.written[0].parent)}  "
                     "(every TODO in the files is reported until it is filled in)")
    return "\n".join(lines)
