#!/usr/bin/env python3
"""Whole-command speed: the pipewright CLI beside GitHub's TypeScript packages.

Generates the same inputs for both sides, checks that both give the same answers, then runs
each command as a whole process (start-up, reading, writing included), alternating the two
sides, and prints medians and ratios against the aims of issue 22:

  eval   `pipewright eval --jsonl < LINES` beside eval.mjs (@actions/expressions): N lines
         (default 100,000), each an expression and about 500 bytes of contexts.  Aim >= 10x.
  lint   `pipewright lint FILE` beside lint.mjs (@actions/workflow-parser): a 1,000-job
         workflow (462,000 bytes), generated as benchmarks/load_bench.cpp does.  Aim >= 20x.

Usage (after `npm ci` in benchmarks/peers/expressions and benchmarks/peers/workflow-parser):

  python3 benchmarks/peers/whole/run.py --pipewright build/bench/cli/pipewright
      [--runs N] [--lines N] [--work DIR] [--only eval,lint] [--check-only]

Python standard library and Node only.  Wall time is the median over the runs; CPU time
(user + system of the process, from wait4) is its median too.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

AIMS = {"eval": 10.0, "lint": 20.0}

# --- inputs -------------------------------------------------------------------------------------

# Expressions on which both engines are known to agree (checked before timing).
EXPRESSIONS = [
    "github.event_name == 'push' && startsWith(github.ref, 'refs/heads/')",
    "format('{0}-{1}-{2}', matrix.os, matrix.node, github.run_number)",
    "contains(github.event.head_commit.message, '[skip ci]') || matrix.experimental",
    "toJSON(matrix)",
    "fromJSON(env.TARGETS)[1]",
    "steps.build.outputs.result == 'success' && !matrix.experimental",
    "github.event.pull_request.number > 100",
    "endsWith(github.repository, '-7') && github.actor != 'bot'",
    "join(fromJSON(env.TARGETS), ', ')",
    "matrix.node >= 20 && env.CI",
    "github.event.head_commit",
    "format('{0}/{1}', github.repository, github.ref_name) == 'octo-org/project-3/main'",
]

OSES = ["ubuntu-latest", "windows-latest", "macos-latest"]


def eval_case(i):
    """The i-th input line of the eval workload (deterministic)."""
    sha = ("%08x" % (i * 2654435761 % (1 << 32))) * 5
    branch = "main" if i % 3 == 0 else "feature-%d" % (i % 97)
    contexts = {
        "github": {
            "event_name": "push" if i % 4 else "pull_request",
            "ref": "refs/heads/" + branch,
            "ref_name": branch,
            "sha": sha,
            "repository": "octo-org/project-%d" % (i % 10),
            "run_number": i,
            "actor": "bot" if i % 11 == 0 else "user-%d" % (i % 13),
            "event": {
                "head_commit": {
                    "message": "Change %d%s" % (i, " [skip ci]" if i % 17 == 0 else ""),
                    "author": {"name": "Dev %d" % (i % 5)},
                }
            },
        },
        "env": {"CI": "true", "TARGETS": '["linux","macos","windows"]'},
        "matrix": {"os": OSES[i % 3], "node": [18, 20, 22][i % 3], "experimental": i % 5 == 0},
        "steps": {
            "build": {
                "outputs": {"result": "success" if i % 6 else "failure"},
                "outcome": "success",
                "conclusion": "success",
            }
        },
    }
    return {"id": i, "expr": EXPRESSIONS[i % len(EXPRESSIONS)], "contexts": contexts}


def write_eval_input(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for i in range(lines):
            f.write(json.dumps(eval_case(i), separators=(",", ":")))
            f.write("\n")


def job_id(i):
    return "job_%04d" % i


def generated_workflow(jobs=1000):
    """A 1,000-job workflow: a port of generated_workflow() in benchmarks/load_bench.cpp."""
    y = [
        "name: generated\n"
        "on:\n"
        "  push:\n"
        "    branches: [main, 'release/**']\n"
        "  pull_request:\n"
        "    paths-ignore: ['docs/**']\n"
        "permissions:\n"
        "  contents: read\n"
        "env:\n"
        "  CI: 'true'\n"
        "jobs:\n"
    ]
    for i in range(jobs):
        n = str(i)
        y.append("  " + job_id(i) + ":\n")
        y.append("    name: Build part " + n + "\n")
        needs = []
        if i > 0:
            needs.append(job_id(max(0, i - 1 - i % 7)))
        if i > 20 and i % 3 == 0:
            needs.append(job_id(i - 11 - i % 9))
        if len(needs) == 2 and needs[0] == needs[1]:
            needs.pop()
        if needs:
            y.append("    needs: [" + ", ".join(needs) + "]\n")
            y.append("    if: ${{ github.event_name == 'push' || needs." + needs[0]
                     + ".result == 'success' }}\n")
        y.append("    runs-on: [self-hosted, linux, x64]\n" if i % 4 == 3
                 else "    runs-on: ubuntu-latest\n")
        y.append("    timeout-minutes: " + str(10 + i % 50) + "\n")
        y.append("    steps:\n")
        y.append("      - uses: actions/checkout@v4\n")
        y.append("      - name: Build\n")
        y.append("        run: make -C parts/" + n + " build BRANCH=${{ github.ref_name }}\n")
        y.append("      - name: Test\n")
        y.append("        if: ${{ !cancelled() }}\n")
        y.append("        run: make -C parts/" + n + " test\n")
        y.append("        env:\n          SHA: ${{ github.sha }}\n")
    return "".join(y)


# --- running ------------------------------------------------------------------------------------


def run(argv, stdin_path, stdout_path):
    """Runs argv once; returns (wall seconds, CPU seconds, exit status, stderr text)."""
    with open(stdin_path, "rb") as fin, open(stdout_path, "wb") as fout, \
            tempfile.TemporaryFile() as ferr:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdin=fin, stdout=fout, stderr=ferr)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        ferr.seek(0)
        err = ferr.read().decode("utf-8", "replace")
    return wall, usage.ru_utime + usage.ru_stime, p.returncode, err


def die(message):
    print("run.py: " + message, file=sys.stderr)
    sys.exit(1)


def check_eval(pw_out, node_out, lines):
    with open(pw_out, encoding="utf-8") as a, open(node_out, encoding="utf-8") as b:
        pw = [json.loads(line) for line in a if line.strip()]
        ts = [json.loads(line) for line in b if line.strip()]
    if len(pw) != lines or len(ts) != lines:
        die("eval: %d lines in, pipewright wrote %d, the peer %d" % (lines, len(pw), len(ts)))
    for x, y in zip(pw, ts):
        if not x.get("ok") or not y.get("ok"):
            die("eval: a case fails: %s / %s" % (json.dumps(x), json.dumps(y)))
        same = x["id"] == y["id"] and x["kind"] == y["kind"] and x["value"] == y["value"]
        if same and x["kind"] not in ("array", "object"):
            same = x["str"] == y["str"]
        if not same:
            die("eval: the answers differ:\n  pipewright %s\n  peer       %s"
                % (json.dumps(x), json.dumps(y)))


def measure(name, sides, runs):
    """Alternates the sides `runs` times; returns {side: (median wall, median cpu)}."""
    samples = {side: ([], []) for side in sides}
    for r in range(runs):
        order = list(sides) if r % 2 == 0 else list(reversed(list(sides)))
        for side in order:
            argv, stdin_path, stdout_path = sides[side]
            wall, cpu, code, err = run(argv, stdin_path, stdout_path)
            if code not in (0,):
                die("%s: %s exited with %d: %s" % (name, side, code, err[:400]))
            samples[side][0].append(wall)
            samples[side][1].append(cpu)
    return {side: (statistics.median(w), statistics.median(c)) for side, (w, c) in samples.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pipewright", required=True, help="the pipewright CLI")
    ap.add_argument("--node", default="node")
    ap.add_argument("--runs", type=int, default=5, help="runs of each side (default 5)")
    ap.add_argument("--lines", type=int, default=100000, help="eval lines (default 100000)")
    ap.add_argument("--work", help="where inputs and outputs go (default: a temporary folder)")
    ap.add_argument("--only", default="eval,lint")
    ap.add_argument("--check-only", action="store_true", help="check the answers, time nothing")
    args = ap.parse_args()
    workloads = args.only.split(",")
    for w in workloads:
        if w not in AIMS:
            die("unknown workload '%s'" % w)
    pw = os.path.abspath(args.pipewright)
    work = args.work or tempfile.mkdtemp(prefix="pipewright-whole-")
    os.makedirs(work, exist_ok=True)
    devnull = os.devnull

    version = subprocess.run([args.node, "--version"], capture_output=True, text=True).stdout
    print("node %s, pipewright %s, %d runs each, alternating; inputs in %s"
          % (version.strip(), pw, args.runs, work))
    print("%-6s %12s %12s %12s %12s %8s %8s %6s"
          % ("", "pipewright", "(cpu)", "peer", "(cpu)", "ratio", "cpu", "aim"))
    for w in workloads:
        if w == "eval":
            inp = os.path.join(work, "eval.jsonl")
            write_eval_input(inp, args.lines)
            sides = {
                "pipewright": ([pw, "eval", "--jsonl"], inp, os.path.join(work, "eval.pw.jsonl")),
                "peer": ([args.node, os.path.join(HERE, "eval.mjs")], inp,
                         os.path.join(work, "eval.ts.jsonl")),
            }
            for side in sides:
                argv, i, o = sides[side]
                _, _, code, err = run(argv, i, o)
                if code != 0:
                    die("eval: %s exited with %d: %s" % (side, code, err[:400]))
            check_eval(sides["pipewright"][2], sides["peer"][2], args.lines)
            size = os.path.getsize(inp)
            label = "eval --jsonl, %d lines, %.1f MB: answers agree" % (args.lines, size / 1e6)
        else:
            inp = os.path.join(work, "generated-1000-jobs.yml")
            with open(inp, "w", encoding="utf-8", newline="\n") as f:
                f.write(generated_workflow())
            sides = {
                "pipewright": ([pw, "lint", inp], devnull, os.path.join(work, "lint.pw.txt")),
                "peer": ([args.node, os.path.join(HERE, "lint.mjs"), inp], devnull,
                         os.path.join(work, "lint.ts.txt")),
            }
            for side in sides:
                argv, i, o = sides[side]
                _, _, code, err = run(argv, i, o)
                with open(o, encoding="utf-8") as f:
                    text = f.read()
                if code != 0 or text.strip() not in ("", "no problems in 1 file"):
                    die("lint: %s does not find the workflow valid (exit %d):\n%s%s"
                        % (side, code, text[:400], err[:400]))
            size = os.path.getsize(inp)
            label = "lint, %d KB: both find the workflow valid" % (size // 1024)
        print("# " + label)
        if args.check_only:
            continue
        m = measure(w, sides, args.runs)
        (pw_wall, pw_cpu), (ts_wall, ts_cpu) = m["pipewright"], m["peer"]
        ratio = ts_wall / pw_wall
        print("%-6s %10.0f ms %9.0f ms %10.0f ms %9.0f ms %7.1fx %7.1fx %5.0fx %s"
              % (w, pw_wall * 1e3, pw_cpu * 1e3, ts_wall * 1e3, ts_cpu * 1e3, ratio,
                 ts_cpu / pw_cpu, AIMS[w], "met" if ratio >= AIMS[w] else "NOT MET"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
