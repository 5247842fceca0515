"""Renderers for `recipients` and `trace`: json and csv (text is in lineage_text.py).

Every format marks inferred hops (a flow that names no data and *may carry* what its sender
holds) and broader matches (a flow naming a broader category that may include the one asked
about). Each renderer is a pure function of a resolved `Lineage` (view/lineage.py) and a
`Style`: json prints the record as it is; csv flattens it.

The recipients CSV (`CSV_COLUMNS`) has one row per path to a recipient; per-hop values are
joined with ' > ' in hop order, several values of one hop with '|':

    recipient, name, kind   the recipient's id, name and kind (party, organisation)
    role                    its role on the last hop (processor, sub-processor, ...)
    countries, eea          where the last hop takes the data (codes, space-separated) and
                            inside, outside or unknown relative to the EEA
    path                    the number of the path (1, 2, ...) among the recipient's
    hops, flows             the nodes from where the data is held, and the flows between
    match, inferred         declared, broader or inferred; yes when any hop is inferred
    data                    per hop what it carries, `~` marking inferred and `≈` broader
    legal_basis, mechanism  per hop, `-` when none

The subject CSV (`SUBJECT_CSV_COLUMNS`) has one row per place that data about the subject
reaches: each activity, then each system, then each path to each recipient. Several values
in one cell are joined with '|':

    kind            activity, system or recipient
    id, name        the place's id and name
    role            an activity's role (controller, processor); a recipient's role on the
                    last hop of the path
    country, eea    the place's country (for a recipient: where the last hop takes the
                    data) and inside, outside or unknown relative to the EEA
    data            an activity's data; for a recipient what the last hop may carry;
                    empty for a system
    legal_basis     an activity's bases (of all its purposes); a recipient's last hop's basis
    retention       an activity's retention, a system's (of the activities that use it) or
                    the last hop's
    used_by         for a system, the activities that use it
    path            for a recipient, the nodes from where the data is held, joined with ' > '
    match           for a recipient, how the path matched: declared, broader or inferred
                    (a flow on it names no data and may carry what its sender holds)
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..view.lineage import Lineage
from .registry import Style

MARK = {"declared": "", "broader": "≈", "inferred": "~"}
LEGEND = ("~ inferred: the flow names no data; it may carry what its sender holds. "
          "≈ broader: the flow names a broader category that may include it.")


def eea_text(eea: bool | None) -> str:
    return {True: "inside", False: "outside", None: "unknown"}[eea]


def render_json(answer: Lineage, style: Style) -> str:
    return json.dumps(answer.data, indent=2, ensure_ascii=False)


def render_csv(answer: Lineage, style: Style) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows = _recipient_rows(answer.data) if answer.kind == "recipients" \
        else _subject_rows(answer.data)
    writer.writerows(rows)
    return out.getvalue()


CSV_COLUMNS = ("recipient", "name", "kind", "role", "countries", "eea", "path", "hops", "flows",
               "match", "inferred", "data", "legal_basis", "mechanism")


def _recipient_rows(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per path; per-hop values are joined with ' > ' in hop order."""
    rows: list[tuple[Any, ...]] = [CSV_COLUMNS]
    for rec in data["recipients"]:
        for n, path in enumerate(rec["paths"], 1):
            hops = path["hops"]
            rows.append((
                rec["id"], rec["name"], rec["kind"], hops[-1]["role"] or "",
                " ".join(hops[-1]["countries"]), eea_text(hops[-1]["eea"]), n,
                " > ".join([path["from"]] + [h["to"] for h in hops]),
                " > ".join(h["flow"] for h in hops),
                path["match"], "yes" if path["inferred"] else "no",
                " > ".join(MARK[h["match"]] + "|".join(h["data"]) for h in hops),
                " > ".join("|".join(h["legal_basis"]) or "-" for h in hops),
                " > ".join("|".join(h["mechanism"]) or "-" for h in hops),
            ))
    return rows


SUBJECT_CSV_COLUMNS = ("kind", "id", "name", "role", "country", "eea", "data", "legal_basis",
                       "retention", "used_by", "path", "match")


def _subject_rows(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """One row per activity, system and path to a recipient (see the module docstring)."""
    rows: list[tuple[str, ...]] = [SUBJECT_CSV_COLUMNS]
    for a in data["activities"]:
        bases = sorted({b for p in a["purposes"] for b in p["legal_basis"]})
        rows.append(("activity", a["id"], a["name"], a["role"] or "", a["country"] or "",
                     eea_text(a["eea"]), "|".join(a["data"]), "|".join(bases),
                     "|".join(a["retention"]), "", "", ""))
    for s in data["systems"]:
        rows.append(("system", s["id"], s["name"], "", s["country"] or "", eea_text(s["eea"]),
                     "", "", "|".join(s["retention"]), "|".join(s["used_by"]), "", ""))
    for r in data["recipients"]:
        for path in r["paths"]:
            last = path["hops"][-1]
            rows.append((
                "recipient", r["id"], r["name"], last["role"] or "",
                "|".join(last["countries"]), eea_text(last["eea"]),
                "|".join(last["data"]), "|".join(last["legal_basis"]),
                "|".join(last["retention"]), "",
                " > ".join([path["from"]] + [h["to"] for h in path["hops"]]), path["match"],
            ))
    return rows
