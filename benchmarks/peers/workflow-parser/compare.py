#!/usr/bin/env python3
"""pipewright's workflow loading beside GitHub's TypeScript parser (@actions/workflow-parser).

Runs benchmarks/load_bench (Google Benchmark, 5 repetitions, medians: YAML load + read +
check with yaml::load_workflow_report) and bench.mjs in this folder (Node, medians of timed
rounds: parseWorkflow + convertWorkflowTemplate) on the same three sets of files (the seed
workflows, the real-world corpus, a generated 1,000-job workflow that load_bench writes for
bench.mjs) and prints, per set, the time of one pass over the set and per file in each
parser, and the ratio @actions/workflow-parser / pipewright (how many times faster pipewright
is) against the target of issue 4 (at least 20x per file).

    cmake -S . -B build/loadbench -G Ninja -DCMAKE_BUILD_TYPE=Release \\
          -DPIPEWRIGHT_BUILD_BENCHMARKS=ON -DPIPEWRIGHT_BUILD_TESTS=OFF \\
          -DPIPEWRIGHT_BUILD_EXAMPLES=OFF
    cmake --build build/loadbench --target load_bench
    (cd benchmarks/peers/workflow-parser && npm ci)
    python3 benchmarks/peers/workflow-parser/compare.py --cpu [--markdown]

(The last two flags give load_bench libyaml while benchmarks/CMakeLists.txt does not link
pipewright::yaml; without them load_bench only reports load/unavailable.)
Both sides also report how many files of each set have an error; a difference is printed
as a warning. Without Node or the npm package, only pipewright's side is printed (exit status
0). Python standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
DEFAULT_BUILD = ROOT / "build" / "loadbench"
SETS = [
    # (set, title)
    ("seeds", "seed workflows"),
    ("corpus", "real-world corpus"),
    ("generated", "generated, 1,000 jobs"),
]
TARGET = 20.0
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def fail(message: str) -> None:
    print(f"compare.py: {message}", file=sys.stderr)
    sys.exit(1)


def run_pipewright(bench: Path, repetitions: int, min_time: float | None,
                   cpu: bool) -> tuple[dict[str, dict], dict]:
    """Per set: ns (median time of one pass), files, bytes, files_with_errors."""
    key = "cpu_time" if cpu else "real_time"
    cmd = [str(bench), "--benchmark_format=json", f"--benchmark_repetitions={repetitions}",
           "--benchmark_report_aggregates_only=true"]
    if min_time is not None:
        cmd.append(f"--benchmark_min_time={min_time}")
    print("$ " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        fail(f"{bench} exited with status {proc.returncode}")
    report = json.loads(proc.stdout)
    medians: dict[str, dict] = {}
    single: dict[str, dict] = {}  # with one repetition there is no aggregate
    for b in report.get("benchmarks", []):
        if b.get("error_occurred"):
            fail(f"{b.get('run_name')}: {b.get('error_message')}")
        is_median = b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median"
        if not is_median and b.get("run_type") != "iteration":
            continue
        group, _, name = b["run_name"].partition("/")
        if group == "yaml":  # the YAML adapter alone: kept as "yaml:<set>"
            name = "yaml:" + name
        elif group != "load":
            continue
        row = {"ns": float(b[key]) * UNIT_NS[b.get("time_unit", "ns")],
               "files": int(b.get("files", 0)), "bytes": int(b.get("bytes", 0)),
               "files_with_errors": int(b.get("files_with_errors", 0))}
        (medians if is_median else single)[name] = row
    if not medians and not single:
        fail(f"{bench} reported no benchmark")
    return medians or single, report.get("context", {})


def run_node(node: str, generated: Path, rounds: int | None, round_ms: float | None,
             cpu: bool) -> tuple[dict[str, dict] | None, dict]:
    key = "median_cpu_ns" if cpu else "median_ns"
    cmd = [node, str(HERE / "bench.mjs"), "--generated", str(generated)]
    if rounds is not None:
        cmd += ["--rounds", str(rounds)]
    if round_ms is not None:
        cmd += ["--round-ms", str(round_ms)]
    print("$ " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False, cwd=HERE)
    if proc.returncode == 3:  # bench.mjs: the npm package is missing (it said so on stderr)
        return None, {}
    if proc.returncode != 0:
        fail(f"bench.mjs exited with status {proc.returncode}")
    sets: dict[str, dict] = {}
    meta: dict = {}
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("type") == "meta":
            meta = row
        elif row.get("type") == "result":
            sets[row["set"]] = {"ns": float(row[key]), "files": int(row["files"]),
                                "bytes": int(row["bytes"]),
                                "files_with_errors": int(row["files_with_errors"])}
    return sets, meta


def median_of_runs(runs: list[dict[str, dict]]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name in dict.fromkeys(k for r in runs for k in r):
        rows = [r[name] for r in runs if name in r]
        out[name] = dict(rows[-1], ns=statistics.median(x["ns"] for x in rows))
    return out


def cmake_cache(build: Path) -> dict[str, str]:
    cache: dict[str, str] = {}
    path = build / "CMakeCache.txt"
    if not path.is_file():
        return cache
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("#", "//")) or "=" not in line or ":" not in line.split("=", 1)[0]:
            continue
        key, value = line.split("=", 1)
        cache[key.split(":", 1)[0]] = value
    return cache


def compiler_version(compiler: str) -> str:
    if not compiler:
        return "unknown"
    try:
        out = subprocess.run([compiler, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, check=False).stdout
    except OSError:
        return compiler
    return out.splitlines()[0] if out else compiler


def fmt_time(ns: float | None) -> str:
    if ns is None:
        return "—"
    if ns >= 1e6:
        return f"{ns / 1e6:,.1f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns:.0f} ns"


def print_table(header: list[str], rows: list[list[str]], markdown: bool) -> None:
    print()
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return
    widths = [max([len(header[i])] + [len(r[i]) for r in rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(widths[0]) if i == 0 else h.rjust(widths[i])
                     for i, h in enumerate(header))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                        for i, c in enumerate(r)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD,
                    help="CMake build directory holding benchmarks/load_bench")
    ap.add_argument("--bench", type=Path, help="load_bench (default: BUILD/benchmarks/load_bench)")
    ap.add_argument("--node", default="node", help="the Node.js executable")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--runs", type=int, default=1,
                    help="run both programs this many times, alternating; per-set medians")
    ap.add_argument("--min-time", type=float, help="--benchmark_min_time for load_bench")
    ap.add_argument("--rounds", type=int, help="timed rounds per set in bench.mjs")
    ap.add_argument("--round-ms", type=float, help="length of one round in bench.mjs")
    ap.add_argument("--cpu", action="store_true",
                    help="compare CPU time instead of wall-clock time (steadier on a loaded machine)")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args()
    if args.runs < 1 or args.repetitions < 1:
        fail("--runs and --repetitions must be at least 1")

    bench = args.bench or args.build_dir / "benchmarks" / "load_bench"
    if not bench.is_file():
        fail(f"{bench} not found: build it with "
             f"cmake --build {args.build_dir} --target load_bench (see --help)")

    node = shutil.which(args.node)
    with_node = True
    if node is None:
        print(f"compare.py: Node.js ('{args.node}') not found: only pipewright's side is shown",
              file=sys.stderr)
        with_node = False
    elif not (HERE / "node_modules" / "@actions" / "workflow-parser").is_dir():
        print("compare.py: @actions/workflow-parser is not installed (cd "
              f"{os.path.relpath(HERE)} && npm ci): only pipewright's side is shown",
              file=sys.stderr)
        with_node = False

    pw_runs: list[dict[str, dict]] = []
    ts_runs: list[dict[str, dict]] = []
    pw_context: dict = {}
    meta: dict = {}
    with tempfile.TemporaryDirectory(prefix="pw-load-") as tmp:
        generated = Path(tmp) / "generated-1000-jobs.yml"
        if subprocess.run([str(bench), f"--write_generated={generated}"],
                          check=False).returncode != 0:
            fail(f"{bench} could not write the generated workflow")
        # Alternate the two programs --runs times and keep each set's median over the runs,
        # so that a burst of load on the shared machine does not land on one side only.
        for run in range(args.runs):
            if args.runs > 1:
                print(f"compare.py: run {run + 1} of {args.runs}", file=sys.stderr)
            sets, pw_context = run_pipewright(bench, args.repetitions, args.min_time, args.cpu)
            pw_runs.append(sets)
            if with_node:
                sets_ts, meta = run_node(node, generated, args.rounds, args.round_ms, args.cpu)
                if sets_ts is None:
                    print("compare.py: bench.mjs could not load @actions/workflow-parser: only "
                          "pipewright's side is shown", file=sys.stderr)
                    with_node = False
                else:
                    ts_runs.append(sets_ts)
    pw = median_of_runs(pw_runs)
    ts = median_of_runs(ts_runs) if with_node and ts_runs else None

    cache = cmake_cache(bench.parent.parent)
    compiler = cache.get("CMAKE_CXX_COMPILER", "")
    build_type = cache.get("CMAKE_BUILD_TYPE", "")
    flags = " ".join(x for x in (cache.get("CMAKE_CXX_FLAGS", ""),
                                 cache.get(f"CMAKE_CXX_FLAGS_{build_type.upper()}", "")) if x)
    what = "CPU time" if args.cpu else "wall-clock time"
    runs = f", then the median of {args.runs} alternating runs" if args.runs > 1 else ""
    print(f"pipewright: {compiler_version(compiler)}, {build_type or 'no build type'} "
          f"({flags or 'no extra flags'}); Google Benchmark {args.repetitions} repetitions, "
          f"median {what}{runs}; {pw_context.get('num_cpus', '?')} CPUs at "
          f"{pw_context.get('mhz_per_cpu', '?')} MHz")
    if ts is not None:
        print(f"@actions/workflow-parser {meta.get('version', '?')} on Node "
              f"{meta.get('node', '?')}: median {what} of {meta.get('rounds', '?')} rounds of "
              f"about {meta.get('round_ms', '?')} ms after {meta.get('warmup_ms', '?')} ms of "
              f"warm-up{runs}")
    print("time of one pass over the set and per file (of which YAML: yaml::load alone, "
          "without the reader); ratio = @actions/workflow-parser time / "
          "pipewright time (how many times faster pipewright is)")

    header = ["set", "files", "KB", "pipewright pass", "of which YAML", "pipewright per file"]
    if ts is not None:
        header += ["@actions/workflow-parser pass", "@actions/workflow-parser per file", "ratio"]
    rows: list[list[str]] = []
    ratios: list[tuple[str, float]] = []
    for name, title in SETS:
        p = pw.get(name)
        if p is None:
            continue
        files = max(p["files"], 1)
        y = pw.get("yaml:" + name)
        row = [title, str(p["files"]), f"{p['bytes'] / 1000:,.0f}", fmt_time(p["ns"]),
               fmt_time(y["ns"]) if y else "—", fmt_time(p["ns"] / files)]
        if ts is not None:
            t = ts.get(name)
            if t is not None and (t["files"] != p["files"] or t["bytes"] != p["bytes"]):
                fail(f"the {name} set differs: pipewright {p['files']} files / {p['bytes']} bytes, "
                     f"bench.mjs {t['files']} files / {t['bytes']} bytes")
            if t is not None and t["files_with_errors"] != p["files_with_errors"]:
                print(f"compare.py: warning: {title}: {p['files_with_errors']} files with an "
                      f"error in pipewright, {t['files_with_errors']} in "
                      "@actions/workflow-parser", file=sys.stderr)
            ratio = t["ns"] / p["ns"] if t is not None and p["ns"] else None
            if ratio is not None:
                ratios.append((title, ratio))
            row += [fmt_time(t["ns"] if t else None), fmt_time(t["ns"] / files if t else None),
                    f"{ratio:.1f}×" if ratio is not None else "—"]
        rows.append(row)
    print_table(header, rows, args.markdown)
    if ratios:
        print()
        for name, title in SETS:
            p, t = pw.get(name), (ts or {}).get(name)
            if p and t:
                print(f"{title}: files with an error: pipewright {p['files_with_errors']}, "
                      f"@actions/workflow-parser {t['files_with_errors']}")
        worst = min(r for _, r in ratios)
        verdict = "met" if worst >= TARGET else "NOT met"
        print(f"lowest ratio {worst:.1f}× (target ≥ {TARGET:.0f}× per file): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
