"""Generate a synthetic data map of N activities, as YAML flow files and as one Turtle file.

The map looks like a large organisation's: a group of organisations (one per 50 activities),
shared EEA processors and sub-processors, US vendors with and without DPF certification,
offshore support sub-processors, authorities and third-party controllers. Each activity has
10 flows: processors, an EEA sub-processor hop, a US transfer, an onward hop from the US
vendor to India or the Philippines, a disclosure to an authority and one to a third party.
Some activities process health data, the henkilötunnus, cookies or criminal-offence data,
each with the condition it needs.

The clean map has no findings. A known set of activities, flows and organisations carries
exactly one injected defect each; `expected` lists the (rule, severity, focus id) that the
validator must report, so the benchmark checks correctness as well as speed.

    python -m bench.generate 1000 bench/out/maps/1000
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Activities per YAML file (a team's file) and per organisation of the group.
PER_FILE = 50
#: One activity in STRIDE carries each activity- or flow-level defect.
STRIDE = 53

EEA = ["FI", "SE", "DE", "IE", "NL", "FR", "EE", "DK"]
OFFSHORE = ["IN", "PH"]

# Defects: name -> (rule, severity, what the focus is: "activity", "flow:<n>" or "org").
DEFECTS: dict[str, tuple[str, str, str]] = {
    "role-missing": ("ROLE-01", "error", "activity"),
    "no-purpose": ("ROPA-02", "error", "activity"),
    "catch-all": ("ROPA-02", "warning", "activity"),
    "no-subjects": ("ROPA-03", "error", "activity"),
    "undeclared-data": ("ROPA-03", "warning", "flow:9"),
    "no-role": ("ROPA-04", "error", "flow:8"),
    "unnamed-country": ("ROPA-05", "error", "flow:9"),
    "no-trigger": ("ROPA-06", "warning", "activity"),
    "no-measures": ("ROPA-07", "warning", "activity"),
    "no-basis": ("LB-01", "error", "activity"),
    "disclosure-no-basis": ("LB-01", "error", "flow:7"),
    "global-basis": ("LB-02", "error", "activity"),
    "health-no-art9": ("SC-01", "error", "activity"),
    "art9-no-law": ("SC-02", "warning", "activity"),
    "criminal-no-ground": ("CRIM-01", "error", "activity"),
    "hetu-no-ground": ("FI-HETU-01", "error", "activity"),
    "implied-consent": ("FI-ECOM-04", "error", "activity"),
    "no-retention": ("RET-01", "error", "activity"),
    "generic-retention": ("RET-02", "error", "activity"),
    "no-dpa": ("PROC-01", "error", "flow:0"),
    "dpa-late": ("PROC-01", "error", "flow:1"),
    "no-mechanism": ("XFER-01", "error", "flow:4"),
    "adequacy-uncertified": ("XFER-02", "error", "flow:5"),
    "onward-no-mechanism": ("XFER-05", "error", "flow:6"),
}
_ACTIVITY_DEFECTS = list(DEFECTS)
#: Findings a defect brings besides its own, because the fact it removes serves two rules.
ALSO: dict[str, list[tuple[str, str, str]]] = {
    # the purpose's Art. 9 condition and its law go together: a legal obligation cites no law
    "health-no-art9": [("LB-03", "error", "activity")],
    # the law that authorises criminal-data processing was also the obligation's law
    "criminal-no-ground": [("LB-03", "error", "activity")],
    # with no purposes, the disclosure to the third party is for a purpose never collected for
    "no-purpose": [("LB-04", "warning", "flow:8")],
}


@dataclass
class SyntheticMap:
    n: int
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected: set[tuple[str, str, str]] = field(default_factory=set)

    @property
    def activities(self) -> int:
        return self.n


def _pick(pool: list[str], i: int, salt: int = 0) -> str:
    return pool[(i * 7 + salt * 13) % len(pool)]


def _defect(i: int) -> str | None:
    slot = i % STRIDE
    return _ACTIVITY_DEFECTS[slot] if slot < len(_ACTIVITY_DEFECTS) else None


def _parties(n: int) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    sizes = {"proc": max(10, n // 10), "subp": max(5, n // 20), "us": max(5, n // 20),
             "usdpf": max(5, n // 20), "offshore": max(4, n // 25), "auth": 4,
             "tp": max(5, n // 20)}
    pools: dict[str, list[str]] = {}
    parties: list[dict[str, Any]] = []
    for kind, size in sizes.items():
        pools[kind] = [f"{kind}-{j}" for j in range(size)]
        for j, pid in enumerate(pools[kind]):
            party: dict[str, Any] = {"id": pid, "name": f"{kind.upper()} vendor {j}"}
            if kind in ("proc", "subp", "tp"):
                party["country"] = EEA[j % len(EEA)]
            elif kind in ("us", "usdpf"):
                party["country"] = "US"
            elif kind == "offshore":
                party["country"] = OFFSHORE[j % len(OFFSHORE)]
            else:
                party.update(country="FI", name=f"Viranomainen {j}")
            if kind == "usdpf":
                party["certifications"] = ["dpf"]
            parties.append(party)
    return pools, parties


def _organisation(k: int) -> dict[str, Any]:
    org: dict[str, Any] = {
        "id": f"org{k}", "name": f"Konserniyhtiö {k} Oy", "business-id": f"{1000000 + k}-1",
        "country": "FI", "address": f"Esimerkkikatu {k}, 00100 Helsinki",
        "email": f"privacy@org{k}.example",
        "dpo": {"name": "Tietosuojavastaava", "email": f"dpo@org{k}.example"},
        "objection": f"privacy@org{k}.example",  # LI-02, DM-01
    }
    if k % 3 == 1:
        del org["business-id"]  # ROPA-01 info
    return org


def _activity(i: int, org: str, defect: str | None) -> dict[str, Any]:
    aid = f"{org}.act-{i}"
    data = ["name", "email", "phone", "address"]
    purposes: list[dict[str, Any]] = [
        {"purpose": "customer-management", "legal-basis": "contract"},
        {"purpose": "direct-marketing", "legal-basis": "legitimate-interest",
         "interest": "offering our services to our customers",  # LI-01
         "assessment": {"date": "2024-01-15", "reference": f"LIA-{i}"}},
    ]
    subjects = ["customer"]
    # Defects that rewrite every purpose would also drop the conditions special data needs.
    # An activity with no measures gets no sensitive data either: DPIA-01 would want its DPIA.
    plain = defect in ("no-purpose", "global-basis", "no-basis", "catch-all", "no-measures")
    if (i % 10 == 3 and not plain) or defect in ("health-no-art9", "art9-no-law"):
        data.append("health")
        subjects = ["employee"]
        purposes.append({"purpose": "human-resource-management", "legal-basis": "legal-obligation",
                         "art9-condition": "art9-employment",
                         "national-law": ["Laki yksityisyyden suojasta työelämässä 759/2004 5 §"]})
    if (i % 7 == 2 and not plain) or defect == "hetu-no-ground":
        data.append("henkilotunnus")
        purposes[0]["national-law"] = ["tsl-29-sector"]
    if (i % 23 == 5 and not plain) or defect == "criminal-no-ground":
        data.append("criminal-conviction")
        purposes.append({"purpose": "background-check", "legal-basis": "legal-obligation",
                         "art10-ground": "Laki rikostaustan selvittämisestä 504/2002"})
    if (i % 9 == 4 and not plain) or defect == "implied-consent":
        data.append("cookies")
        for p in purposes:
            p["strictly-necessary"] = True
        purposes.append({"purpose": "analytics", "legal-basis": "consent",  # CONS-01, CONS-02
                         "consent": {"method": "opt-in",
                                     "record": ["subject", "time", "notice-version", "purposes"],
                                     "withdrawal": "the privacy settings of the service"}})
    activity: dict[str, Any] = {
        "id": aid, "name": f"Käsittelytoimi {i}", "role": "controller",
        "purposes": purposes, "subjects": subjects, "data": data,
        "sources": ["data-subject"],
        "retention": [{"duration": f"{1 + i % 5} years",
                       "trigger": "end of customer relationship"}],
        # SEC-01 (the baseline for sensitive data) and DPIA-01 (the DPIA on record).
        "measures": ["access-control", "encryption-at-rest", "encryption-in-transfer", "logging",
                     "dpia"],
        "systems": [f"{org}.sys-{i - i % 5}"],
    }
    if i % 11 == 6 and defect is None:
        activity.update(role="processor", controllers=[f"tp-{i % 5}"])
    _inject_activity(activity, defect)
    return activity


def _with(purposes: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(p for p in purposes if key in p)


def _inject_activity(a: dict[str, Any], defect: str | None) -> None:
    purposes: list[dict[str, Any]] = a["purposes"]
    if defect == "role-missing":
        del a["role"]
    elif defect == "no-purpose":
        a["purposes"] = []
        a["legal-bases"] = ["contract"]
    elif defect == "catch-all":
        purposes.append({"purpose": "other-similar-purposes", "legal-basis": "contract"})
    elif defect == "no-subjects":
        a["subjects"] = []
    elif defect == "no-trigger":
        a["retention"] = [{"duration": "2 years"}]
    elif defect == "no-measures":
        a["measures"] = []
    elif defect == "no-basis":
        for p in purposes:
            p.pop("legal-basis", None)
    elif defect == "global-basis":
        a["legal-bases"] = ["contract", "legitimate-interest"]
        a["purposes"] = [p["purpose"] for p in purposes]
    elif defect == "health-no-art9":
        art9 = _with(purposes, "art9-condition")
        art9.pop("art9-condition")
        art9.pop("national-law")
    elif defect == "art9-no-law":
        _with(purposes, "art9-condition").pop("national-law")
    elif defect == "criminal-no-ground":
        _with(purposes, "art10-ground").pop("art10-ground")
    elif defect == "hetu-no-ground":
        purposes[0].pop("national-law")
    elif defect == "implied-consent":
        _with(purposes, "consent")["consent"]["method"] = "implied-by-use"
    elif defect == "no-retention":
        a["retention"] = []
    elif defect == "generic-retention":
        a["retention"] = [{"criteria": "as long as necessary", "generic": True}]


def _flows(i: int, org: str, pools: dict[str, list[str]], defect: str | None
           ) -> list[dict[str, Any]]:
    aid = f"{org}.act-{i}"
    data = ["name"]
    purposes = ["customer-management"]
    dpa = {"signed": "2023-01-15"} if i % 2 else "yes"
    proc = [_pick(pools["proc"], i, s) for s in range(4)]
    us, usdpf = _pick(pools["us"], i), _pick(pools["usdpf"], i)
    # PROC-03: the controller's authorisation and the flow-down, on every sub-processor hop.
    sub_dpa = {"signed": "2023-01-15", "authorisation": "general", "objection": True,
               "flow-down": True}

    def flow(n: int, sender: str, receiver: str, role: str | None, **extra: Any
             ) -> dict[str, Any]:
        f: dict[str, Any] = {"id": f"{aid}.f{n}", "from": sender, "to": receiver}
        if role is not None:
            f["role"] = role
        f.update(data=list(data), **extra)
        return f

    flows = [
        flow(0, aid, proc[0], "processor", dpa={"signed": "2023-01-15", "reference": f"DPA-{i}"},
             start="2024-02-01", frequency="systematic", purposes=list(purposes)),
        flow(1, aid, proc[1], "processor", dpa=dpa, start="2024-02-01",
             retention={"duration": "90 days", "trigger": "end of the service contract"}),
        flow(2, aid, proc[2], "processor", dpa=dpa, storage=["FI"]),
        flow(3, proc[0], _pick(pools["subp"], i), "sub-processor", dpa=sub_dpa),
        flow(4, aid, us, "processor", dpa=dpa, mechanism="scc", tia=True),  # XFER-03
        flow(5, aid, usdpf, "processor", dpa=dpa, mechanism="adequacy"),
        flow(6, us, _pick(pools["offshore"], i), "sub-processor", dpa=sub_dpa,
             mechanism="scc", access=["IN"], tia=True),
        flow(7, aid, _pick(pools["auth"], i), "authority", purposes=["legal-compliance"],
             **{"legal-basis": "legal-obligation"}),
        flow(8, aid, _pick(pools["tp"], i), "third-party", purposes=list(purposes),
             **{"legal-basis": "legitimate-interest"}),
        flow(9, aid, proc[3], "processor", dpa=dpa),
    ]
    if defect == "no-purpose" or defect == "global-basis":
        pass
    elif defect == "undeclared-data":
        flows[9]["data"].append("browsing-behaviour")
    elif defect == "no-role":
        del flows[8]["role"]
    elif defect == "unnamed-country":
        flows[9].update(storage=["outside-eea"], mechanism="scc", tia=True)
    elif defect == "disclosure-no-basis":
        del flows[7]["legal-basis"]
    elif defect == "no-dpa":
        del flows[0]["dpa"]
    elif defect == "dpa-late":
        flows[1]["dpa"] = {"signed": "2024-03-01"}
    elif defect == "no-mechanism":
        del flows[4]["mechanism"]
    elif defect == "adequacy-uncertified":
        flows[5]["to"] = us
    elif defect == "onward-no-mechanism":
        del flows[6]["mechanism"]
    return flows


def generate(n: int) -> SyntheticMap:
    """The map as {file name: YAML document} plus the findings it must produce."""
    result = SyntheticMap(n)
    pools, parties = _parties(n)
    orgs = [_organisation(k) for k in range((n + PER_FILE - 1) // PER_FILE)]
    result.files["organisation.yaml"] = {"organisations": orgs, "parties": parties}
    for record in orgs:
        if "business-id" not in record:
            result.expected.add(("ROPA-01", "info", record["id"]))
    for start in range(0, n, PER_FILE):
        org = f"org{start // PER_FILE}"
        doc: dict[str, Any] = {"organisation": org, "systems": [], "activities": [],
                               "flows": []}
        for i in range(start, min(n, start + PER_FILE)):
            defect = _defect(i)
            if i % 5 == 0:
                doc["systems"].append({"id": f"{org}.sys-{i}", "name": f"Järjestelmä {i}",
                                       "country": EEA[i % len(EEA)]})
            doc["activities"].append(_activity(i, org, defect))
            doc["flows"].extend(_flows(i, org, pools, defect))
            if defect is not None:
                for rule, severity, focus in [DEFECTS[defect], *ALSO.get(defect, [])]:
                    focus_id = (f"{org}.act-{i}" if focus == "activity"
                                else f"{org}.act-{i}.f{focus.split(':')[1]}")
                    result.expected.add((rule, severity, focus_id))
        result.files[f"team-{start // PER_FILE:04d}.yaml"] = doc
    return result


# -- writing -------------------------------------------------------------------------------

def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text == "" or any(c in text for c in ":#{}[],&*?|<>=!%@`'\"") or text[0] in "-. ":
        return json.dumps(text, ensure_ascii=False)
    return text


def _yaml_lines(value: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                yield f"{pad}{key}:"
                yield from _yaml_lines(item, indent + 2)
            elif isinstance(item, list):
                yield f"{pad}{key}: []"
            else:
                yield f"{pad}{key}: {_scalar(item)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                inner = list(_yaml_lines(item, indent + 2))
                yield f"{pad}- {inner[0].lstrip()}"
                yield from inner[1:]
            else:
                yield f"{pad}- {_scalar(item)}"


def to_yaml(doc: dict[str, Any]) -> str:
    return "\n".join(_yaml_lines(doc, 0)) + "\n"


def write(synthetic: SyntheticMap, out: Path) -> tuple[Path, Path]:
    """Write yaml/*.yaml and map.ttl (the same graph, from dataflow's own loader)."""
    yaml_dir = out / "yaml"
    yaml_dir.mkdir(parents=True, exist_ok=True)
    for name, doc in synthetic.files.items():
        (yaml_dir / name).write_text(to_yaml(doc), encoding="utf-8")
    expected = sorted(synthetic.expected)
    (out / "expected.json").write_text(json.dumps(expected, indent=0), encoding="utf-8")
    ttl = out / "map.ttl"
    write_turtle([yaml_dir], ttl)
    return yaml_dir, ttl


def write_turtle(paths: list[Path], target: Path) -> None:
    import pyoxigraph as ox

    from dataflow.sources.load import load
    from dataflow.vocab import PREFIXES

    graph = load(paths)
    store = graph.store
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    with target.open("wb") as handle:
        ox.serialize((q.triple for q in quads), handle, ox.RdfFormat.TURTLE,
                     prefixes=PREFIXES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of activities")
    parser.add_argument("out", type=Path, help="output directory")
    args = parser.parse_args()
    synthetic = generate(args.n)
    yaml_dir, ttl = write(synthetic, args.out)
    print(f"{len(synthetic.files)} YAML files in {yaml_dir}, Turtle in {ttl}, "
          f"{len(synthetic.expected)} expected findings")


if __name__ == "__main__":
    main()
