"""The benchmark: every stage at N = 100, 1,000 and 10,000 activities, each in its own process.

    python -m bench.run                       # all sizes, all stages
    python -m bench.run --sizes 100 1000      # a quicker run
    python -m bench.run --pyshacl-max 100     # pySHACL only at N = 100 (it takes minutes)
    python -m bench.run --maps /tmp/maps --sizes 10000 --stages view-recipients diagram

It generates the maps once (bench/out/maps/N, regenerated when the generator changes) or
reuses maps generated elsewhere (`--maps DIR` reads DIR/N, as written by `python -m
bench.generate N DIR/N`, and never regenerates them), prints a table and writes
bench/out/results.json. pySHACL above --pyshacl-max (default 1,000) and rdflib's parser
above --rdflib-max (default 1,000) are not run; the table shows a linear extrapolation from
the largest size measured, marked with '~'.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

STAGE_ORDER = [
    ("store-load", "Turtle into a pyoxigraph Store (the physical limit)"),
    ("parse-oxigraph", "parse Turtle, pyoxigraph, into a list"),
    ("parse-rdflib", "parse Turtle, rdflib"),
    ("load-yaml", "load YAML -> graph (dataflow)"),
    ("load-turtle", "load Turtle -> graph (dataflow)"),
    ("engine-sparql", "validate: fast engine only"),
    ("engine-pyshacl", "validate: pySHACL only"),
    ("validate-yaml", "dataflow validate, YAML, end to end"),
    ("validate-turtle", "dataflow validate, Turtle, end to end"),
    ("recipients-turtle", "dataflow recipients, Turtle, end to end"),
    ("view-recipients", "recipients after load: build view + answer"),
    ("view-trace", "trace --subject after load: build view + answer"),
    ("diagram", "diagram after load: view + build + Mermaid"),
    ("load-yaml-steps", "YAML load, step by step"),
]


#: The parts of the view stages, printed after the table.
_PARTS = ("build_view", "answer", "render_json", "diagram_build", "render_mermaid")


def _generator_stamp() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "bench").glob("generate.py")) + sorted(
            (ROOT / "src" / "dataflow").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_map(n: int, maps: Path | None = None) -> Path:
    if maps is not None:
        given = maps / str(n)
        if not (given / "yaml").is_dir() or not (given / "expected.json").is_file():
            sys.exit(f"no map for N={n} under {maps}: run python -m bench.generate {n} {given}")
        return given
    target = OUT / "maps" / str(n)
    stamp = target / "stamp"
    wanted = _generator_stamp()
    if stamp.is_file() and stamp.read_text() == wanted:
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.generate", str(n), str(target)], check=True,
                   cwd=ROOT)
    print(f"  generated N={n} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    stamp.write_text(wanted)
    return target


def run_stage(stage: str, map_dir: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "bench.stages", stage, str(map_dir)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def startup(repeat: int = 10) -> dict[str, Any]:
    """`dataflow validate flows/` on the seed organisations: wall time, start-up included."""
    command = [sys.executable, "-m", "dataflow.cli", "validate", "flows/"]
    if shutil.which("hyperfine"):
        export = OUT / "hyperfine.json"
        subprocess.run(["hyperfine", "-N", "-i", "--warmup", "2", "--runs", str(repeat),
                        "--export-json", str(export), " ".join(command)], cwd=ROOT,
                       capture_output=True, check=True)
        data = json.loads(export.read_text())["results"][0]
        return {"median": data["median"], "mean": data["mean"], "min": data["min"],
                "max": data["max"], "tool": "hyperfine"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "tool": "perf_counter"}


def _fmt(result: dict[str, Any] | None) -> str:
    if result is None:
        return "-"
    if "error" in result:
        return "error"
    if "skipped" in result:
        return "n/a"
    mark = "~" if result.get("extrapolated") else ""
    mem = result.get("child_peak_mb") or result.get("peak_mb")
    text = f"{mark}{result['seconds']:.2f} s"
    return text + (f" / {mem:.0f} MB" if mem and not mark else "")


def table(results: dict[str, Any], sizes: list[int]) -> str:
    lines = ["| stage | " + " | ".join(f"N = {n:,}" for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for stage, label in STAGE_ORDER:
        if stage == "load-yaml-steps":
            continue
        cells = [_fmt(results[str(n)]["stages"].get(stage)) for n in sizes]
        if any(c != "-" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| triples | " + " | ".join(
        f"{results[str(n)].get('triples', 0):,}" for n in sizes) + " |")
    lines.append("| findings (expected) | " + " | ".join(
        f"{results[str(n)].get('findings', '-')} ({results[str(n)].get('expected', '-')})"
        for n in sizes) + " |")
    return "\n".join(lines)


#: End-to-end stages and their target, as a multiple of the physical limit (issue 16).
TARGETS = {"validate-yaml": 3.5, "validate-turtle": 2.0, "recipients-turtle": 1.5}


def ratios(results: dict[str, Any], sizes: list[int]) -> str:
    """Each end-to-end time as a multiple of the store load measured in the same run."""
    lines = ["| end to end / limit | target | " + " | ".join(f"N = {n:,}" for n in sizes)
             + " |", "|---|---|" + "---|" * len(sizes)]
    for stage, target in TARGETS.items():
        cells = []
        for n in sizes:
            stages = results[str(n)]["stages"]
            limit, run = stages.get("store-load", {}), stages.get(stage, {})
            if "seconds" in limit and "seconds" in run and limit["seconds"] > 0:
                ratio = run["seconds"] / limit["seconds"]
                cells.append(f"{ratio:.1f}x {'met' if ratio <= target else 'not met'}")
            else:
                cells.append("-")
        lines.append(f"| {stage} | {target}x | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _extrapolate(results: dict[str, Any], sizes: list[int], stage: str) -> None:
    measured = [n for n in sizes if "seconds" in results[str(n)]["stages"].get(stage, {})
                and not results[str(n)]["stages"][stage].get("extrapolated")]
    if not measured:
        return
    base = max(measured)
    per = results[str(base)]["stages"][stage]["seconds"] / base
    for n in sizes:
        if n > base and stage not in results[str(n)]["stages"]:
            results[str(n)]["stages"][stage] = {"seconds": per * n, "extrapolated": True,
                                                "from": base}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--stages", nargs="+", default=[s for s, _ in STAGE_ORDER])
    parser.add_argument("--pyshacl-max", type=int, default=1000)
    parser.add_argument("--rdflib-max", type=int, default=1000)
    parser.add_argument("--maps", type=Path, default=None, metavar="DIR",
                        help="reuse the maps already generated under DIR/N")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for n in args.sizes:
        map_dir = ensure_map(n, args.maps)
        expected = {tuple(k) for k in json.loads((map_dir / "expected.json").read_text())}
        entry: dict[str, Any] = {"stages": {}, "expected": len(expected)}
        for stage in args.stages:
            if stage == "engine-pyshacl" and n > args.pyshacl_max:
                continue
            if stage == "parse-rdflib" and n > args.rdflib_max:
                continue
            print(f"N={n} {stage} ...", file=sys.stderr, end=" ", flush=True)
            result = run_stage(stage, map_dir)
            print(_fmt(result), file=sys.stderr)
            entry["stages"][stage] = result
        sparql = entry["stages"].get("engine-sparql", {})
        if "keys" in sparql:
            got = {(r, s, f.removeprefix("urn:dataflow:")) for r, s, f in sparql["keys"]}
            entry["findings"] = len(sparql["keys"])
            entry["findings_match_expected"] = got == expected
            pyshacl = entry["stages"].get("engine-pyshacl", {})
            if "keys" in pyshacl:
                entry["engines_agree"] = pyshacl["keys"] == sparql["keys"]
        for result in entry["stages"].values():
            result.pop("keys", None)
            entry.setdefault("triples", result.get("triples", 0) or entry.get("triples", 0))
            if result.get("triples"):
                entry["triples"] = result["triples"]
        results[str(n)] = entry
    for stage in ("engine-pyshacl", "parse-rdflib"):
        _extrapolate(results, args.sizes, stage)
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": __import__("os").cpu_count()},
        "sizes": args.sizes, "results": results,
        "startup_seeds": startup() if "validate-yaml" in args.stages else None,
    }
    (OUT / "results.json").write_text(json.dumps(report, indent=2))
    print(table(results, args.sizes))
    print()
    print(ratios(results, args.sizes))
    for n in args.sizes:
        entry = results[str(n)]
        checks = {k: entry[k] for k in ("findings_match_expected", "engines_agree") if k in entry}
        for stage in ("view-recipients", "view-trace", "diagram"):
            parts = {k: v for k, v in entry["stages"].get(stage, {}).items()
                     if k in _PARTS and isinstance(v, float)}
            if parts:
                print(f"N={n} {stage}: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))
        steps = entry["stages"].get("load-yaml-steps", {}).get("steps")
        print(f"N={n}: {checks}" + ("; YAML load steps: "
                                    + ", ".join(f"{k} {v:.2f} s" for k, v in steps.items())
                                    if steps else ""))
    if report["startup_seeds"]:
        s = report["startup_seeds"]
        print(f"dataflow validate flows/ (seeds): median {s['median']:.2f} s ({s['tool']})")
    print(f"JSON: {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
