#!/usr/bin/env python3
"""pipewright::expr beside GitHub's TypeScript evaluator (@actions/expressions), per case.

Runs benchmarks/expr_bench (Google Benchmark, 5 repetitions, medians) and bench.mjs in this
folder (Node, medians of timed rounds) on the same cases (benchmarks/data/expr_cases.json)
and prints, for both modes (compile+evaluate, evaluate-only), the time per expression in
each engine and the ratio @actions/expressions / pipewright (how many times faster
pipewright is), then the median ratio against the targets of issue 3.

    cmake -S . -B build/exprbench -G Ninja -DCMAKE_BUILD_TYPE=Release \\
          -DPIPEWRIGHT_BUILD_BENCHMARKS=ON -DPIPEWRIGHT_BUILD_TESTS=OFF \\
          -DPIPEWRIGHT_BUILD_EXAMPLES=OFF
    cmake --build build/exprbench --target expr_bench pipewright_cli
    (cd benchmarks/peers/expressions && npm ci)
    python3 benchmarks/peers/expressions/compare.py [--markdown]

When the `pipewright` CLI is found, bench.mjs first checks that both engines give the same
result for every case. Without Node or the npm package, only pipewright's side is printed
(exit status 0). Python standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
DEFAULT_BUILD = ROOT / "build" / "exprbench"

MODES = [
    # (mode in both programs, title, target ratio)
    ("compile_evaluate", "compile + evaluate (compiled every time)", 20.0),
    ("evaluate", "evaluate only (compiled once)", 50.0),
]
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def fail(message: str) -> None:
    print(f"compare.py: {message}", file=sys.stderr)
    sys.exit(1)


def run_pipewright(bench: Path, repetitions: int, min_time: float | None,
                   case_filter: str | None, cpu: bool) -> tuple[dict[tuple[str, str], float], dict]:
    key = "cpu_time" if cpu else "real_time"
    cmd = [str(bench), "--benchmark_format=json",
           f"--benchmark_repetitions={repetitions}",
           "--benchmark_report_aggregates_only=true"]
    if min_time is not None:
        cmd.append(f"--benchmark_min_time={min_time}")
    if case_filter:
        cmd.append(f"--benchmark_filter=/({case_filter})$")
    print("$ " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        fail(f"{bench} exited with status {proc.returncode}")
    report = json.loads(proc.stdout)
    times: dict[tuple[str, str], float] = {}
    single: dict[tuple[str, str], float] = {}  # with one repetition there is no aggregate
    for b in report.get("benchmarks", []):
        mode, _, name = b["run_name"].partition("/")
        ns = float(b[key]) * UNIT_NS[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median":
            times[(mode, name)] = ns
        elif b.get("run_type") == "iteration":
            single[(mode, name)] = ns
    if not times and not single:
        fail(f"{bench} reported no benchmark")
    return times or single, report.get("context", {})


def run_node(node: str, pipewright_cli: Path | None, rounds: int | None,
             case_filter: str | None, cpu: bool) -> tuple[dict[tuple[str, str], float] | None, dict]:
    key = "median_cpu_ns" if cpu else "median_ns"
    cmd = [node, str(HERE / "bench.mjs")]
    if pipewright_cli is not None:
        cmd += ["--pipewright", str(pipewright_cli)]
    if rounds is not None:
        cmd += ["--rounds", str(rounds)]
    if case_filter:
        cmd += ["--filter", f"^({case_filter})$"]
    print("$ " + " ".join(cmd), file=sys.stderr)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False, cwd=HERE)
    if proc.returncode == 3:  # bench.mjs: the npm package is missing (it said so on stderr)
        return None, {}
    if proc.returncode != 0:
        fail(f"bench.mjs exited with status {proc.returncode}")
    times: dict[tuple[str, str], float] = {}
    meta: dict = {}
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("type") == "meta":
            meta = row
        elif row.get("type") == "result":
            times[(row["mode"], row["name"])] = float(row[key])
    return times, meta


def median_of_runs(runs: list[dict[tuple[str, str], float]]) -> dict[tuple[str, str], float]:
    keys = dict.fromkeys(k for r in runs for k in r)
    return {k: statistics.median(r[k] for r in runs if k in r) for k in keys}


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


def fmt_ns(ns: float | None) -> str:
    if ns is None:
        return "—"
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


def print_table(title: str, header: list[str], rows: list[list[str]], markdown: bool) -> None:
    print()
    print(f"### {title}" if markdown else title)
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
                    help="CMake build directory holding benchmarks/expr_bench and cli/pipewright")
    ap.add_argument("--bench", type=Path, help="expr_bench (default: BUILD/benchmarks/expr_bench)")
    ap.add_argument("--pipewright", type=Path,
                    help="the pipewright CLI for the result check (default: BUILD/cli/pipewright)")
    ap.add_argument("--node", default="node", help="the Node.js executable")
    ap.add_argument("--repetitions", type=int, default=5)
    ap.add_argument("--runs", type=int, default=1,
                    help="run both programs this many times, alternating; per-case medians")
    ap.add_argument("--min-time", type=float, help="--benchmark_min_time for expr_bench")
    ap.add_argument("--rounds", type=int, help="timed rounds per case in bench.mjs")
    ap.add_argument("--filter", help="regular expression on case names")
    ap.add_argument("--cpu", action="store_true",
                    help="compare CPU time instead of wall-clock time (steadier on a loaded machine)")
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = ap.parse_args()
    if args.runs < 1 or args.repetitions < 1:
        fail("--runs and --repetitions must be at least 1")

    bench = args.bench or args.build_dir / "benchmarks" / "expr_bench"
    if not bench.is_file():
        fail(f"{bench} not found: build it with "
             f"cmake --build {args.build_dir} --target expr_bench (see --help)")
    cli = args.pipewright or args.build_dir / "cli" / "pipewright"
    if not cli.is_file():
        print(f"compare.py: {cli} not found, results are not cross-checked "
              "(build the pipewright_cli target)", file=sys.stderr)
        cli = None

    node = shutil.which(args.node)
    with_node = True
    if node is None:
        print(f"compare.py: Node.js ('{args.node}') not found: only pipewright's side is shown",
              file=sys.stderr)
        with_node = False
    elif not (HERE / "node_modules" / "@actions" / "expressions").is_dir():
        print("compare.py: @actions/expressions is not installed (cd "
              f"{os.path.relpath(HERE)} && npm ci): only pipewright's side is shown",
              file=sys.stderr)
        with_node = False

    # Alternate the two programs --runs times and keep each case's median over the runs, so
    # that a burst of load on the shared machine does not land on one side only.
    pw_runs: list[dict[tuple[str, str], float]] = []
    ts_runs: list[dict[tuple[str, str], float]] = []
    pw_context: dict = {}
    meta: dict = {}
    for run in range(args.runs):
        if args.runs > 1:
            print(f"compare.py: run {run + 1} of {args.runs}", file=sys.stderr)
        times, pw_context = run_pipewright(bench, args.repetitions, args.min_time, args.filter,
                                           args.cpu)
        pw_runs.append(times)
        if with_node:
            times_ts, meta = run_node(node, cli, args.rounds, args.filter, args.cpu)
            if times_ts is None:
                print("compare.py: bench.mjs could not load @actions/expressions: only "
                      "pipewright's side is shown", file=sys.stderr)
                with_node = False
            else:
                ts_runs.append(times_ts)
    pw = median_of_runs(pw_runs)
    ts = median_of_runs(ts_runs) if with_node and ts_runs else None

    cases = list(dict.fromkeys(name for (_, name) in pw))
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
        print(f"@actions/expressions {meta.get('version', '?')} on Node {meta.get('node', '?')}: "
              f"median {what} of {meta.get('rounds', '?')} rounds of {meta.get('round_ms', '?')} ms "
              f"after {meta.get('warmup_ms', '?')} ms of warm-up{runs}; results "
              f"{'checked equal to pipewright' if meta.get('checked') else 'not cross-checked'}")
    print("ratio = @actions/expressions time / pipewright time (how many times faster "
          "pipewright is)")

    summary: list[tuple[str, float, float]] = []
    for mode, title, target in MODES:
        header = ["case", "pipewright ns"]
        if mode == "evaluate":
            header.append("pw slots ns")
        if ts is not None:
            header += ["@actions/expressions ns", "ratio"]
        rows: list[list[str]] = []
        ratios: list[float] = []
        for name in cases:
            p = pw.get((mode, name))
            row = [name, fmt_ns(p)]
            if mode == "evaluate":
                row.append(fmt_ns(pw.get(("evaluate_slots", name))))
            if ts is not None:
                t = ts.get((mode, name))
                ratio = t / p if t is not None and p else None
                if ratio is not None:
                    ratios.append(ratio)
                row += [fmt_ns(t), f"{ratio:.1f}×" if ratio is not None else "—"]
            rows.append(row)
        if ratios:
            rows.append(["**median**" if args.markdown else "median",
                         fmt_ns(statistics.median(pw[(mode, n)] for n in cases if (mode, n) in pw)),
                         *([fmt_ns(statistics.median(pw[("evaluate_slots", n)] for n in cases
                                                     if ("evaluate_slots", n) in pw))]
                           if mode == "evaluate" else []),
                         fmt_ns(statistics.median(ts[(mode, n)] for n in cases
                                                  if (mode, n) in ts)),
                         f"{statistics.median(ratios):.1f}×"])
            summary.append((title, statistics.median(ratios), target))
        print_table(title, header, rows, args.markdown)

    if summary:
        print()
        for title, ratio, target in summary:
            verdict = "met" if ratio >= target else "NOT met"
            print(f"{title}: median ratio {ratio:.1f}× (target ≥ {target:.0f}×): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
