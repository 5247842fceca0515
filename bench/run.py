"""The benchmark: every stage at N = 100, 1,000 and 10,000 activities, each in its own process.

    python -m bench.run                       # all sizes, all stages
    python -m bench.run --sizes 100 1000      # a quicker run
    python -m bench.run --pyshacl-max 100     # pySHACL only at N = 100 (it takes minutes)
    python -m bench.run --maps /tmp/maps --sizes 10000 --stages view-recipients diagram
    python -m bench.run --maps bench/out/maps --sizes 1000 10000 --stages engine-turbo endpoint \
        --turbo-max 10000 --endpoint-max 10000

It generates the maps once (bench/out/maps/N, regenerated when the generator changes) or
reuses maps generated elsewhere (`--maps DIR` reads DIR/N, as written by `python -m
bench.generate N DIR/N`, and never regenerates them), prints a table and writes
bench/out/results.json. pySHACL above --pyshacl-max (default 1,000) and rdflib's parser
above --rdflib-max (default 1,000) are not run; the table shows a linear extrapolation from
the largest size measured, marked with '~'.

`engine-turbo` runs pyshacl-turbo, an optional dependency (pip install -e '.[bench]'): without
it the stage is skipped with a note. It runs up to --turbo-max (default 100) and stops after
--turbo-timeout seconds (default 600).
`endpoint` starts `oxigraph serve` with a fresh --location (`endpoint-memory`: in memory),
times `dataflow push` of the map's Turtle and `dataflow validate --endpoint`, and compares the
report with the local one. Both run up to --endpoint-max (default 1,000) and stop after
--endpoint-timeout seconds (default 1,800).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
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
    ("engine-turbo", "validate: pyshacl-turbo only (the shapes it accepts)"),
    ("validate-yaml", "dataflow validate, YAML, end to end"),
    ("validate-turtle", "dataflow validate, Turtle, end to end"),
    ("recipients-turtle", "dataflow recipients, Turtle, end to end"),
    ("endpoint", "dataflow validate --endpoint (oxigraph serve, RocksDB), end to end"),
    ("endpoint-memory", "dataflow validate --endpoint (oxigraph serve, in memory), end to end"),
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


def run_stage(stage: str, map_dir: Path, timeout: float | None = None) -> dict[str, Any]:
    # A session of its own: on a timeout, the stage and what it started (a server, a command)
    # are stopped together, SIGTERM first so that the stage cleans up after itself.
    proc = subprocess.Popen([sys.executable, "-m", "bench.stages", stage, str(map_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            _, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, stderr = proc.communicate()
        done = [line for line in (stderr or "").splitlines() if line and "Traceback" not in line
                and not line.startswith((" ", "SystemExit"))]
        return {"error": f"did not finish in {timeout:g} s"
                + (f" (done: {'; '.join(done)})" if done else ""), "timeout": timeout}
    if proc.returncode != 0:
        return {"error": stderr.strip().splitlines()[-1] if stderr.strip() else "failed"}
    result: dict[str, Any] = json.loads(stdout)
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
    mem = result.get("stage_peak_mb") or result.get("child_peak_mb") or result.get("peak_mb")
    text = f"{mark}{result['seconds']:.2f} s"
    return text + (f" / {mem:.0f} MB" if mem and not mark else "")


#: The endpoint stages and where their `oxigraph serve` keeps the map.
ENDPOINTS = {"endpoint": "RocksDB", "endpoint-memory": "in memory"}


def _pushed(result: dict[str, Any] | None) -> str:
    if result is None or "push_seconds" not in result:
        return _fmt(result)
    return _fmt({"seconds": result["push_seconds"], "peak_mb": result.get("push_peak_mb")})


def notes(results: dict[str, Any], sizes: list[int]) -> list[str]:
    """What the pyshacl-turbo and endpoint stages found, mismatches included."""
    lines = []
    for n in sizes:
        stages = results[str(n)]["stages"]
        turbo = stages.get("engine-turbo")
        if turbo and "skipped" in turbo:
            lines.append(f"N={n} engine-turbo skipped: {turbo['skipped']}")
        elif turbo and "error" in turbo:
            lines.append(f"N={n} engine-turbo: {turbo['error']}")
        elif turbo:
            lines.append(
                f"N={n} {turbo.get('engine')}: ran {turbo['shapes_run']} shapes, refused "
                f"{turbo['shapes_refused']}; findings {turbo['findings']} vs fast engine "
                f"{turbo['fast_findings']} on the same shapes: "
                + ("agree" if turbo["agree"] else
                   f"MISMATCH, {turbo['only_turbo_count']} only in turbo, "
                   f"{turbo['only_fast_count']} only in the fast engine"))
            if "whole_book_error" in turbo:
                lines.append(f"  whole rule book refused in {turbo['whole_book_seconds']:.2f} s:"
                             f" {turbo['whole_book_error']}")
            reasons: dict[str, list[str]] = {}
            for shape, why in turbo.get("refused", {}).items():
                reasons.setdefault(why, []).append(shape)
            for why, shapes in reasons.items():
                lines.append(f"  refused {', '.join(shapes)}: {why}")
            for key in ("only_turbo", "only_fast"):
                for item in turbo.get(key, [])[:5]:
                    lines.append(f"  {key}: {item}")
        for name in ENDPOINTS:
            lines.extend(_endpoint_notes(n, name, stages.get(name)))
    return lines


def _endpoint_notes(n: int, name: str, remote: dict[str, Any] | None) -> list[str]:
    lines: list[str] = []
    if remote and "skipped" in remote:
        lines.append(f"N={n} {name} skipped: {remote['skipped']}")
    elif remote and "error" in remote:
        lines.append(f"N={n} {name}: {remote['error']}")
    elif remote:
        server = remote.get("server_peak_mb")
        lines.append(
            f"N={n} {name}: push {remote['push_seconds']:.2f} s, validate --endpoint "
            f"{remote['seconds']:.2f} s, local validate {remote['local_seconds']:.2f} s; "
            f"server peak {server or 0:.0f} MB, store {remote['store_mb']:.0f} MB on disk; "
            f"findings {remote['findings']} vs local {remote['local_findings']}: "
            + ("equal" if remote["findings_equal"] else "MISMATCH")
            + (", whole report equal" if remote["report_equal"] else
               ", whole report DIFFERS"))
        for key in ("only_endpoint", "only_local"):
            for item in remote.get(key, [])[:5]:
                lines.append(f"  {key}: {item}")
    return lines


def table(results: dict[str, Any], sizes: list[int]) -> str:
    lines = ["| stage | " + " | ".join(f"N = {n:,}" for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for stage, label in STAGE_ORDER:
        if stage == "load-yaml-steps":
            continue
        if stage in ENDPOINTS:  # one process, two commands: push first
            pushes = [_pushed(results[str(n)]["stages"].get(stage)) for n in sizes]
            if any(c != "-" for c in pushes):
                lines.append(f"| dataflow push of the Turtle to oxigraph serve "
                             f"({ENDPOINTS[stage]}) | " + " | ".join(pushes) + " |")
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
    parser.add_argument("--turbo-max", type=int, default=100,
                        help="run pyshacl-turbo only up to this N (default 100)")
    parser.add_argument("--endpoint-max", type=int, default=1000,
                        help="run the endpoint stages only up to this N (default 1,000)")
    parser.add_argument("--turbo-timeout", type=float, default=600, metavar="SECONDS",
                        help="stop the pyshacl-turbo stage after this long (default 600)")
    parser.add_argument("--endpoint-timeout", type=float, default=1800, metavar="SECONDS",
                        help="stop an endpoint stage after this long (default 1,800)")
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
            if stage == "engine-turbo" and n > args.turbo_max:
                continue
            if stage in ENDPOINTS and n > args.endpoint_max:
                continue
            print(f"N={n} {stage} ...", file=sys.stderr, end=" ", flush=True)
            limit = (args.turbo_timeout if stage == "engine-turbo" else
                     args.endpoint_timeout if stage in ENDPOINTS else None)
            result = run_stage(stage, map_dir, limit)
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
    for line in notes(results, args.sizes):
        print(line)
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
