"""Renderers for `recipients` and `trace`: text (rich tables), json and csv.

Every format marks inferred hops (a flow that names no data and *may carry* what its sender
holds) and broader matches (a flow naming a broader category that may include the one asked
about).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..gcpause import without_gc
from ..view.trace import (
    Question,
    Recipient,
    RecipientsAnswer,
    Route,
    Step,
    SubjectAnswer,
    Tracer,
    hop_record,
)
from ..vocab import shorten

_RANK = {"declared": 0, "broader": 1, "inferred": 2}
_MARK = {"declared": "", "broader": "≈", "inferred": "~"}
LEGEND = ("~ inferred: the flow names no data; it may carry what its sender holds. "
          "≈ broader: the flow names a broader category that may include it.")


# -- shared pieces ----------------------------------------------------------------------------


def _question(q: Question, tracer: Tracer) -> dict[str, Any]:
    return {"term": shorten(q.term), "label": q.label, "kind": q.kind,
            "includes": [tracer.name(t) for t in q.narrower]}


def _node(tracer: Tracer, node: str) -> dict[str, Any]:
    attrs = tracer.view.nodes[node]
    org = attrs.get("organisation")
    return {"id": shorten(node), "name": tracer.label(node), "kind": attrs.get("kind"),
            "organisation": shorten(org) if org else None}


def _controllers(tracer: Tracer, origin: str) -> list[str]:
    """Who the data is processed for at the start of a path."""
    attrs = tracer.view.nodes[origin]
    if attrs.get("kind") == "activity" and attrs.get("controllers"):
        return [shorten(c) for c in attrs["controllers"]]
    org = attrs.get("organisation")
    return [shorten(org)] if org else []


def _path(tracer: Tracer, path: Route) -> dict[str, Any]:
    return {
        "from": shorten(path.origin),
        "controllers": _controllers(tracer, path.origin),
        "held": sorted(tracer.name(c) for c in path.held or ()),
        "match": path.how,
        "inferred": path.how == "inferred",
        "hops": [hop_record(tracer, s) for s in path.steps],
    }


def _final(rec: Recipient, tracer: Tracer) -> tuple[list[str], list[str], bool | None]:
    roles = sorted({tracer.name(p.steps[-1].hop.role) for p in rec.paths
                    if p.steps[-1].hop.role})
    countries: set[str] = set()
    for p in rec.paths:
        countries.update(hop_record(tracer, p.steps[-1])["countries"])
    return roles, sorted(countries), tracer.eea(countries)


def _recipient(tracer: Tracer, rec: Recipient) -> dict[str, Any]:
    roles, countries, eea = _final(rec, tracer)
    best = min((p.how for p in rec.paths), key=_RANK.__getitem__)
    data: set[str] = set()
    retention: set[str] = set()
    for p in rec.paths:
        data.update(tracer.name(c) for c in p.steps[-1].carried or ())
        retention.update(p.steps[-1].hop.retention)
    return {
        **_node(tracer, rec.node),
        "roles": roles,
        "countries": countries,
        "eea": eea,
        "match": best,
        "inferred": best == "inferred",
        "data": sorted(data),
        "retention": sorted(retention),
        "paths": [_path(tracer, p) for p in rec.paths],
    }


def _table(title: str, *columns: tuple[str, int]) -> Table:
    """A table whose columns fold at a maximum width, so long ids never widen it."""
    table = Table(title=title, title_justify="left")
    for name, width in columns:
        table.add_column(name, overflow="fold", max_width=width)
    return table


def _eea_text(eea: bool | None) -> str:
    return {True: "inside", False: "outside", None: "unknown"}[eea]


def _eea_style(eea: bool | None) -> str:
    return {True: "green", False: "bold red", None: "yellow"}[eea]


def _countries_text(tracer: Tracer, codes: list[str]) -> str:
    return ", ".join(codes) if codes else "not stated"


def _step_data(tracer: Tracer, step: Step) -> str:
    names = sorted(tracer.name(c) for c in step.carried or ())
    text = ", ".join(names) if names else "data not stated"
    if step.how == "inferred":
        return f"~ {text}"
    if step.how == "broader":
        declared = sorted(tracer.name(c) for c in step.hop.data)
        return f"≈ {text} (names {', '.join(declared)})"
    return text


def _including(tracer: Tracer, q: Question) -> str:
    names = sorted(tracer.name(n) for n in q.narrower)
    if len(names) > 4:
        names = names[:3] + [f"{len(names) - 3} more"]
    return f", including {', '.join(names)}" if names else ""


def _basis_text(tracer: Tracer, step: Step) -> str:
    bases, source = tracer.basis(step.hop)
    if not bases:
        return "—"
    text = ", ".join(tracer.name(b) for b in bases)
    return f"{text} (activity)" if source == "activity" else text


# -- recipients -------------------------------------------------------------------------------


def recipients_data(answer: RecipientsAnswer) -> dict[str, Any]:
    t = answer.tracer
    return {
        "query": _question(answer.question, t),
        "sources": [
            {**_node(t, o), "holds": sorted(t.name(c) for c in held or ())}
            for o, held in sorted(answer.origins.items())
        ],
        "recipients": [_recipient(t, r) for r in answer.recipients],
        "truncated": answer.truncated,
    }


@without_gc
def recipients_json(answer: RecipientsAnswer) -> str:
    return json.dumps(recipients_data(answer), indent=2, ensure_ascii=False)


CSV_COLUMNS = ("recipient", "name", "kind", "role", "countries", "eea", "path", "hops", "flows",
               "match", "inferred", "data", "legal_basis", "mechanism")


@without_gc
def recipients_csv(answer: RecipientsAnswer) -> str:
    """One row per path; per-hop values are joined with ' > ' in hop order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rec in recipients_data(answer)["recipients"]:
        for n, path in enumerate(rec["paths"], 1):
            hops = path["hops"]
            writer.writerow([
                rec["id"], rec["name"], rec["kind"], hops[-1]["role"] or "",
                " ".join(hops[-1]["countries"]), _eea_text(hops[-1]["eea"]), n,
                " > ".join([path["from"]] + [h["to"] for h in hops]),
                " > ".join(h["flow"] for h in hops),
                path["match"], "yes" if path["inferred"] else "no",
                " > ".join(_MARK[h["match"]] + "|".join(h["data"]) for h in hops),
                " > ".join("|".join(h["legal_basis"]) or "-" for h in hops),
                " > ".join("|".join(h["mechanism"]) or "-" for h in hops),
            ])
    return out.getvalue()


@without_gc
def render_recipients(answer: RecipientsAnswer, console: Console) -> None:
    t = answer.tracer
    q = answer.question
    title = f"Recipients of {q.label} ({shorten(q.term)}{_including(t, q)})"
    if not answer.recipients:
        console.print(f"[bold]{escape(title)}[/]")
        console.print(f"No party receives {escape(q.label)} in the loaded flows.")
        return
    table = _table(escape(title), ("Recipient", 30), ("Role", 16), ("Country", 12),
                   ("Path from the controller", 40), ("Data", 28), ("Legal basis", 22),
                   ("Mechanism", 12))
    outside = 0
    only_inferred = 0
    for rec in answer.recipients:
        roles, countries, eea = _final(rec, t)
        outside += eea is False
        only_inferred += all(p.how == "inferred" for p in rec.paths)
        for i, path in enumerate(rec.paths):
            for j, step in enumerate(path.steps):
                first = i == 0 and j == 0
                hop = step.hop
                arrow = (f"{escape(shorten(hop.sender))} → {escape(shorten(hop.receiver))}"
                         + (f" [dim]({escape(t.name(hop.role))})[/]" if hop.role else ""))
                table.add_row(
                    f"[bold]{escape(t.label(rec.node))}[/]\n[dim]{escape(shorten(rec.node))}[/]"
                    if first else "",
                    escape(", ".join(roles) or "not stated") if first else "",
                    f"{escape(_countries_text(t, countries))}\n"
                    f"[{_eea_style(eea)}]{_eea_text(eea)} EEA[/]" if first else "",
                    f"{j + 1}. {arrow}",
                    escape(_step_data(t, step)),
                    escape(_basis_text(t, step)),
                    escape(", ".join(t.name(m) for m in hop.mechanisms) or "—"),
                    end_section=j == len(path.steps) - 1 and i == len(rec.paths) - 1,
                )
    console.print(table)
    console.print(f"{len(answer.recipients)} recipient(s), {outside} outside the EEA, "
                  f"{only_inferred} only through flows that name no data.")
    console.print(f"[dim]{escape(LEGEND)}[/]")
    if answer.truncated:
        console.print("[yellow]warning: the path search hit its limit; some paths are "
                      "not shown[/]")


# -- trace --subject --------------------------------------------------------------------------


def subject_data(answer: SubjectAnswer) -> dict[str, Any]:
    t = answer.tracer
    view = t.view
    activities = []
    for act in answer.activities:
        a = view.nodes[act]
        activities.append({
            **_node(t, act),
            "role": t.name(a["role"]) if a.get("role") else None,
            "data": sorted(t.name(c) for c in a.get("data", ())),
            "data_stated": bool(a.get("data")),
            "subjects": sorted(t.name(s) for s in a.get("subjects", ())),
            "purposes": [{"purpose": t.name(p), "legal_basis": [t.name(b) for b in bases]}
                         for p, bases in a.get("purposes", ())],
            "country": a.get("country"),
            "eea": a.get("eea"),
            "systems": [shorten(s) for s in a.get("systems", ())],
            "retention": list(a.get("retention", ())),
        })
    systems = []
    for system, users in answer.systems.items():
        s = view.nodes[system]
        retention = sorted({r for u in users for r in view.nodes[u].get("retention", ())})
        systems.append({**_node(t, system), "country": s.get("country"), "eea": s.get("eea"),
                        "used_by": [shorten(u) for u in users], "retention": retention})
    countries = []
    for code in sorted(answer.places, key=lambda c: (c == "", c)):
        countries.append({
            "code": code or None,
            "name": t.country_label(code) if code else "not stated",
            "eea": t.eea([code]) if code else None,
            "places": sorted(shorten(n) for n in answer.places[code]),
        })
    return {
        "subject": _question(answer.question, t),
        "activities": activities,
        "systems": systems,
        "recipients": [_recipient(t, r) for r in answer.recipients],
        "countries": countries,
        "truncated": answer.truncated,
    }


@without_gc
def subject_json(answer: SubjectAnswer) -> str:
    return json.dumps(subject_data(answer), indent=2, ensure_ascii=False)


def _retention(items: list[str]) -> str:
    return "\n".join(items) if items else "not stated"


@without_gc
def render_subject(answer: SubjectAnswer, console: Console) -> None:
    data = subject_data(answer)
    q = answer.question
    t = answer.tracer
    console.print(f"[bold]Where data about {escape(q.label)} goes[/] "
                  f"[dim]({escape(shorten(q.term))}{escape(_including(t, q))})[/]")
    if not data["activities"]:
        console.print(f"No activity declares {escape(q.label)} as data subjects.")
        return
    acts = _table("Activities", ("Activity", 34), ("Role", 12), ("Data", 34),
                  ("Legal basis", 24), ("Country", 12), ("Retention", 40))
    for a in data["activities"]:
        bases = sorted({b for p in a["purposes"] for b in p["legal_basis"]})
        acts.add_row(f"[bold]{escape(a['name'])}[/]\n[dim]{escape(a['id'])}[/]",
                     escape(a["role"] or "—"),
                     escape(", ".join(a["data"]) if a["data"] else "not stated"),
                     escape(", ".join(bases) or "—"), escape(a["country"] or "not stated"),
                     escape(_retention(a["retention"])), end_section=True)
    console.print(acts)
    if data["systems"]:
        systems = _table("Systems", ("System", 34), ("Country", 12), ("EEA", 8),
                         ("Used by", 34), ("Retention (of those activities)", 48))
        for s in data["systems"]:
            systems.add_row(f"[bold]{escape(s['name'])}[/]\n[dim]{escape(s['id'])}[/]",
                            escape(s["country"] or "not stated"),
                            f"[{_eea_style(s['eea'])}]{_eea_text(s['eea'])}[/]",
                            escape(", ".join(s["used_by"]) or "—"),
                            escape(_retention(s["retention"])), end_section=True)
        console.print(systems)
    if data["recipients"]:
        recs = _table("Recipients", ("Recipient", 30), ("Role", 16), ("Country", 12),
                      ("EEA", 8), ("Data", 30), ("Path", 40), ("Retention", 24))
        for r in data["recipients"]:
            paths = "\n".join(
                ("~ " if p["inferred"] else "") + " → ".join([p["from"]] +
                                                             [h["to"] for h in p["hops"]])
                for p in r["paths"])
            recs.add_row(f"[bold]{escape(r['name'])}[/]\n[dim]{escape(r['id'])}[/]",
                         escape(", ".join(r["roles"]) or "not stated"),
                         escape(", ".join(r["countries"]) or "not stated"),
                         f"[{_eea_style(r['eea'])}]{_eea_text(r['eea'])}[/]",
                         escape(("~ " if r["inferred"] else "")
                                + (", ".join(r["data"]) or "data not stated")),
                         escape(paths), escape(_retention(r["retention"])), end_section=True)
        console.print(recs)
    countries = _table("Countries", ("Country", 40), ("EEA", 8), ("Places", 100))
    for c in data["countries"]:
        label = f"{c['name']} ({c['code']})" if c["code"] else c["name"]
        countries.add_row(escape(label), f"[{_eea_style(c['eea'])}]{_eea_text(c['eea'])}[/]",
                          escape(", ".join(c["places"])))
    console.print(countries)
    console.print(f"[dim]{escape(LEGEND)}[/]")
    if answer.truncated:
        console.print("[yellow]warning: the path search hit its limit; some paths are "
                      "not shown[/]")
