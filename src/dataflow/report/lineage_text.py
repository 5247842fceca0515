"""Text renderer for `recipients` and `trace`: rich tables, drawn into a string.

Every table marks inferred hops (a flow that names no data and *may carry* what its sender
holds, `~`) and broader matches (a flow naming a broader category that may include the one
asked about, `≈`), and a legend under it says so. The tables are a pure function of a
resolved `Lineage` (view/lineage.py) and a `Style`: every name, basis and country is already
in the record. Plain (no colour) at 160 columns, the output is what the CLI printed when the
renderers still asked the Tracer.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..view.lineage import Lineage
from .lineage import LEGEND, eea_text
from .registry import Style

LABEL, TERM, NAME = "label", "term", "name"
TRUNCATED = "[yellow]warning: the path search hit its limit; some paths are not shown[/]"


#: Below this width the tables would fold every cell into slivers: one block per entry instead.
NARROW = 120
#: Paths drawn per recipient, shortest first; the rest are counted (the JSON lists them all).
#: A dense flow graph has thousands of paths to each party, which no reader follows.
SHOWN_PATHS = 5


def render(answer: Lineage, style: Style) -> str:
    out = io.StringIO()
    console = Console(file=out, highlight=False, width=style.width, force_terminal=style.color,
                      color_system="standard" if style.color else None)
    narrow = style.width < NARROW
    if answer.kind == "recipients":
        (_recipients_narrow if narrow else _recipients)(answer.data, console)
    else:
        (_subject_narrow if narrow else _subject)(answer.data, console)
    return out.getvalue()


# -- shared pieces ----------------------------------------------------------------------------


def _table(title: str, *columns: tuple[str, int]) -> Table:
    """A table whose columns fold at a maximum width, so long ids never widen it."""
    table = Table(title=title, title_justify="left")
    for name, width in columns:
        table.add_column(name, overflow="fold", max_width=width)
    return table


def _eea_cell(eea: bool | None, suffix: str = "") -> str:
    style = {True: "green", False: "bold red", None: "yellow"}[eea]
    return f"[{style}]{eea_text(eea)}{suffix}[/]"


def _name_cell(record: dict[str, Any]) -> str:
    return f"[bold]{escape(record['name'])}[/]\n[dim]{escape(record['id'])}[/]"


def _including(question: dict[str, Any]) -> str:
    """The narrower terms a question covers, at most four named."""
    names = sorted(question["includes"])
    if len(names) > 4:
        names = names[:3] + [f"{len(names) - 3} more"]
    return f", including {', '.join(names)}" if names else ""


def _hop_data(hop: dict[str, Any]) -> str:
    text = ", ".join(hop["data"]) if hop["data"] else "data not stated"
    if hop["match"] == "inferred":
        return f"~ {text}"
    if hop["match"] == "broader":
        return f"≈ {text} (names {', '.join(hop['declared_data'])})"
    return text


def _hop_basis(hop: dict[str, Any]) -> str:
    if not hop["legal_basis"]:
        return "—"
    text = ", ".join(hop["legal_basis"])
    return f"{text} (activity)" if hop["legal_basis_from"] == "activity" else text


def _retention(items: list[str]) -> str:
    return "\n".join(items) if items else "not stated"


def _shown(paths: list[Any]) -> tuple[list[Any], str]:
    """The paths to draw, and a line counting the others (empty when all are drawn)."""
    hidden = len(paths) - SHOWN_PATHS
    if hidden <= 0:
        return paths, ""
    return paths[:SHOWN_PATHS], (f"… and {hidden} longer path(s) "
                                 "(--format json or csv lists every one)")


# -- recipients -------------------------------------------------------------------------------


def _recipients(data: dict[str, Any], console: Console) -> None:
    q = data["query"]
    title = f"Recipients of {q['label']} ({q['term']}{_including(q)})"
    if not data["recipients"]:
        console.print(f"[bold]{escape(title)}[/]")
        console.print(f"No party receives {escape(q['label'])} in the loaded flows.")
        return
    table = _table(escape(title), ("Recipient", 30), ("Role", 16), ("Country", 12),
                   ("Path from the controller", 40), ("Data", 28), ("Legal basis", 22),
                   ("Mechanism", 12))
    outside = 0
    only_inferred = 0
    for rec in data["recipients"]:
        outside += rec["eea"] is False
        only_inferred += all(p["match"] == "inferred" for p in rec["paths"])
        countries = ", ".join(rec["countries"]) or "not stated"
        paths, more = _shown(rec["paths"])
        for i, path in enumerate(paths):
            for j, hop in enumerate(path["hops"]):
                first = i == 0 and j == 0
                arrow = (f"{escape(hop['from'])} → {escape(hop['to'])}"
                         + (f" [dim]({escape(hop['role'])})[/]" if hop["role"] else ""))
                table.add_row(
                    _name_cell(rec) if first else "",
                    escape(", ".join(rec["roles"]) or "not stated") if first else "",
                    f"{escape(countries)}\n{_eea_cell(rec['eea'], ' EEA')}" if first else "",
                    f"{j + 1}. {arrow}",
                    escape(_hop_data(hop)),
                    escape(_hop_basis(hop)),
                    escape(", ".join(hop["mechanism"]) or "—"),
                    end_section=not more and j == len(path["hops"]) - 1 and i == len(paths) - 1,
                )
        if more:
            table.add_row("", "", "", f"[dim]{escape(more)}[/]", "", "", "", end_section=True)
    console.print(table)
    console.print(f"{len(data['recipients'])} recipient(s), {outside} outside the EEA, "
                  f"{only_inferred} only through flows that name no data.")
    console.print(f"[dim]{escape(LEGEND)}[/]")
    if data["truncated"]:
        console.print(TRUNCATED)


def _recipients_narrow(data: dict[str, Any], console: Console) -> None:
    """The recipients as blocks, one per recipient and one line per hop, for 80-119 columns."""
    q = data["query"]
    console.print(f"[bold]{escape(f'Recipients of {q[LABEL]} ({q[TERM]}{_including(q)})')}[/]")
    if not data["recipients"]:
        console.print(f"No party receives {escape(q[LABEL])} in the loaded flows.")
        return
    outside = only_inferred = 0
    for rec in data["recipients"]:
        outside += rec["eea"] is False
        only_inferred += all(p["match"] == "inferred" for p in rec["paths"])
        countries = ", ".join(rec["countries"]) or "not stated"
        console.print()
        console.print(f"[bold]{escape(rec[NAME])}[/] [dim]{escape(rec['id'])}[/]")
        console.print(f"  {escape(', '.join(rec['roles']) or 'role not stated')} · "
                      f"{escape(countries)}, {_eea_cell(rec['eea'], ' EEA')}")
        paths, more = _shown(rec["paths"])
        for i, path in enumerate(paths, start=1):
            for j, hop in enumerate(path["hops"], start=1):
                role = f" ({hop['role']})" if hop["role"] else ""
                step = f"{i}." if j == 1 else "  "
                console.print(f"  {step} {escape(hop['from'])} → {escape(hop['to'])}"
                              f"{escape(role)}")
                console.print(f"     [dim]data:[/] {escape(_hop_data(hop))} · [dim]basis:[/] "
                              f"{escape(_hop_basis(hop))} · [dim]mechanism:[/] "
                              f"{escape(', '.join(hop['mechanism']) or '—')}")
        if more:
            console.print(f"  [dim]{escape(more)}[/]")
    console.print()
    console.print(f"{len(data['recipients'])} recipient(s), {outside} outside the EEA, "
                  f"{only_inferred} only through flows that name no data.")
    console.print(f"[dim]{escape(LEGEND)}[/]")
    if data["truncated"]:
        console.print(TRUNCATED)


def _subject_narrow(data: dict[str, Any], console: Console) -> None:
    """Where a subject's data goes, as blocks per activity, system, recipient and country."""
    q = data["subject"]
    console.print(f"[bold]Where data about {escape(q[LABEL])} goes[/] "
                  f"[dim]({escape(q[TERM])}{escape(_including(q))})[/]")
    if not data["activities"]:
        console.print(f"No activity declares {escape(q[LABEL])} as data subjects.")
        return
    console.print("\n[bold underline]Activities[/]")
    for a in data["activities"]:
        bases = sorted({b for p in a["purposes"] for b in p["legal_basis"]})
        console.print(f"[bold]{escape(a[NAME])}[/] [dim]{escape(a['id'])}[/]")
        console.print(f"  {escape(a['role'] or 'role not stated')} · "
                      f"{escape(a['country'] or 'country not stated')} · [dim]basis:[/] "
                      f"{escape(', '.join(bases) or '—')}")
        console.print(f"  [dim]data:[/] "
                      f"{escape(', '.join(a['data']) if a['data'] else 'not stated')}")
        console.print(f"  [dim]kept:[/] {escape('; '.join(a['retention']) or 'not stated')}")
    if data["systems"]:
        console.print("\n[bold underline]Systems[/]")
        for s in data["systems"]:
            console.print(f"[bold]{escape(s[NAME])}[/] [dim]{escape(s['id'])}[/]")
            console.print(f"  {escape(s['country'] or 'country not stated')}, "
                          f"{_eea_cell(s['eea'], ' EEA')} · [dim]used by:[/] "
                          f"{escape(', '.join(s['used_by']) or '—')}")
    if data["recipients"]:
        console.print("\n[bold underline]Recipients[/]")
        for r in data["recipients"]:
            console.print(f"[bold]{escape(r[NAME])}[/] [dim]{escape(r['id'])}[/]")
            console.print(f"  {escape(', '.join(r['roles']) or 'role not stated')} · "
                          f"{escape(', '.join(r['countries']) or 'country not stated')}, "
                          f"{_eea_cell(r['eea'], ' EEA')}")
            held = ("~ " if r["inferred"] else "") + (", ".join(r["data"]) or "data not stated")
            console.print(f"  [dim]data:[/] {escape(held)}")
            paths, more = _shown(r["paths"])
            for p in paths:
                hops = " → ".join([p["from"]] + [h["to"] for h in p["hops"]])
                console.print(f"  {'~ ' if p['inferred'] else ''}{escape(hops)}")
            if more:
                console.print(f"  [dim]{escape(more)}[/]")
            console.print(f"  [dim]kept:[/] {escape('; '.join(r['retention']) or 'not stated')}")
    console.print("\n[bold underline]Countries[/]")
    for c in data["countries"]:
        label = f"{c['name']} ({c['code']})" if c["code"] else c["name"]
        console.print(f"{escape(label)}, {_eea_cell(c['eea'], ' EEA')}: "
                      f"{escape(', '.join(c['places']))}")
    console.print(f"[dim]{escape(LEGEND)}[/]")
    if data["truncated"]:
        console.print(TRUNCATED)


# -- trace --subject --------------------------------------------------------------------------


def _subject(data: dict[str, Any], console: Console) -> None:
    q = data["subject"]
    console.print(f"[bold]Where data about {escape(q['label'])} goes[/] "
                  f"[dim]({escape(q['term'])}{escape(_including(q))})[/]")
    if not data["activities"]:
        console.print(f"No activity declares {escape(q['label'])} as data subjects.")
        return
    acts = _table("Activities", ("Activity", 34), ("Role", 12), ("Data", 34),
                  ("Legal basis", 24), ("Country", 12), ("Retention", 40))
    for a in data["activities"]:
        bases = sorted({b for p in a["purposes"] for b in p["legal_basis"]})
        acts.add_row(_name_cell(a), escape(a["role"] or "—"),
                     escape(", ".join(a["data"]) if a["data"] else "not stated"),
                     escape(", ".join(bases) or "—"), escape(a["country"] or "not stated"),
                     escape(_retention(a["retention"])), end_section=True)
    console.print(acts)
    if data["systems"]:
        systems = _table("Systems", ("System", 34), ("Country", 12), ("EEA", 8),
                         ("Used by", 34), ("Retention (of those activities)", 48))
        for s in data["systems"]:
            systems.add_row(_name_cell(s), escape(s["country"] or "not stated"),
                            _eea_cell(s["eea"]), escape(", ".join(s["used_by"]) or "—"),
                            escape(_retention(s["retention"])), end_section=True)
        console.print(systems)
    if data["recipients"]:
        recs = _table("Recipients", ("Recipient", 30), ("Role", 16), ("Country", 12),
                      ("EEA", 8), ("Data", 30), ("Path", 40), ("Retention", 24))
        for r in data["recipients"]:
            shown, more = _shown(r["paths"])
            paths = "\n".join([
                ("~ " if p["inferred"] else "") + " → ".join([p["from"]] +
                                                             [h["to"] for h in p["hops"]])
                for p in shown] + ([more] if more else []))
            recs.add_row(_name_cell(r), escape(", ".join(r["roles"]) or "not stated"),
                         escape(", ".join(r["countries"]) or "not stated"), _eea_cell(r["eea"]),
                         escape(("~ " if r["inferred"] else "")
                                + (", ".join(r["data"]) or "data not stated")),
                         escape(paths), escape(_retention(r["retention"])), end_section=True)
        console.print(recs)
    countries = _table("Countries", ("Country", 40), ("EEA", 8), ("Places", 100))
    for c in data["countries"]:
        label = f"{c['name']} ({c['code']})" if c["code"] else c["name"]
        countries.add_row(escape(label), _eea_cell(c["eea"]), escape(", ".join(c["places"])))
    console.print(countries)
    console.print(f"[dim]{escape(LEGEND)}[/]")
    if data["truncated"]:
        console.print(TRUNCATED)
