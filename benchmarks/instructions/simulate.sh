#!/usr/bin/env bash
# Instructions one schedule::simulate run executes, for one tree's headers (the count does not
# depend on the machine's load, unlike the Google Benchmark times of schedule_bench).
# usage: benchmarks/instructions/simulate.sh [INCLUDE_DIR]   (default: this tree's include/)
# Prints, per case, instructions per simulate() run (the input's construction subtracted).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
include=${1:-$here/../../include}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -std=c++20 -O2 -DNDEBUG -I"$include" "$here/simulate_driver.cpp" -o "$work/driver"
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$work/driver" "$@" 2>&1 |
    awk '/I *refs/ {gsub(",", "", $4); print $4}'
}
small0=$(count 1000 0); small=$(count 1000 20)
large0=$(count 100000 0); large=$(count 100000 1); large_cp=$(count 100000 1 cp)
echo "fifo, 10^3 legs: $(( (small - small0) / 20 )) instructions per run"
echo "fifo, 10^5 legs: $(( large - large0 ))"
echo "critical-path-first, 10^5 legs: $(( large_cp - large0 ))"
