#!/usr/bin/env bash
# Instructions per operation of the scheduler, the expression engine, the matrix stage, the
# JSON reader and the planner, for one tree's headers. The counts do not depend on the machine's load,
# unlike the Google Benchmark times, so trees can be compared on a shared machine.
# usage: benchmarks/instructions/measure.sh [INCLUDE_DIR]   (default: this tree's include/)
# SEPARATE=1 builds the drivers in the separate mode, linked against the tree's
# src/compiled.cpp (INCLUDE_DIR/../src/compiled.cpp) compiled once with the same flags: what
# code outside the compiled library pays for calling its functions out of line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
include=${1:-$here/../../include}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc=(g++ -std=c++20 -O2 -DNDEBUG -I"$include")
library=()
if [ "${SEPARATE:-0}" = 1 ]; then
  cc+=(-DPIPEWRIGHT_SEPARATE_COMPILATION)
  "${cc[@]}" -c "$include/../src/compiled.cpp" -o "$work/compiled.o"
  library=("$work/compiled.o")
  echo "mode: -DPIPEWRIGHT_SEPARATE_COMPILATION, linked against src/compiled.cpp"
fi
for d in simulate expr matrix; do
  "${cc[@]}" "$here/${d}_driver.cpp" "${library[@]}" -o "$work/$d"
done
# The plan driver reads YAML (libyaml); a tree without export_::write_plan_json writes the
# plan's JSON through a value.
plan_cc=("${cc[@]}" -DPIPEWRIGHT_HAS_YAML=1 "$here/plan_driver.cpp" "${library[@]}")
"${plan_cc[@]}" -o "$work/plan" -lyaml 2>/dev/null ||
  "${plan_cc[@]}" -DPLAN_DRIVER_VALUE_ONLY -o "$work/plan" -lyaml
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 |
    awk '/I *refs/ {gsub(",", "", $4); print $4}'
}
per() {  # per N PROGRAM ARGS...: instructions per repetition, the setup (0 reps) subtracted
  local n=$1 program=$2
  shift 2
  local zero full
  zero=$(count "$work/$program" 0 "$@")
  full=$(count "$work/$program" "$n" "$@")
  echo $(((full - zero) / n))
}
echo "simulate, FIFO, 10^3 legs:                $(per 20 simulate 1000)"
echo "simulate, FIFO, 10^5 legs:                $(per 1 simulate 100000)"
echo "simulate, critical path, 10^5 legs:       $(per 1 simulate 100000 cp)"
echo "expressions, compile + evaluate (six):    $(per 2000 expr)"
echo "expressions, evaluate only (six):         $(per 2000 expr eval-only)"
echo "matrix, parse + expand (88 legs):         $(per 200 matrix)"
echo "JSON, parse the matrix text (~330 bytes): $(per 200 matrix json-only)"
echo "plan, 200 jobs x 256 legs (make_plan):    $(per 1 plan build)"
echo "plan, run_plan of it (3 runs, per run):   $(per 3 plan run)"
echo "plan JSON with its run, as the CLI:       $(per 1 plan json)"
