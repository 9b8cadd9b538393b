#!/usr/bin/env bash
# Measures what a compile-time pipeline costs the compiler: CPU time (user + sys, the median
# of RUNS runs) and peak memory (/usr/bin/time -v "Maximum resident set size", the largest
# of the runs) of five translation units, compiled with -std=c++20 -O0 -c:
#   empty.cpp                  the compiler's start-up
#   baseline.cpp               #include "pipewright/static_/workflow.hpp", no definition
#   umbrella.cpp               #include "pipewright/pipewright.hpp" (the whole core library)
#   pipeline_100.cpp           the same header and a checked 100-job definition with
#                              static_asserts (jobs repeat their step expressions)
#   pipeline_100_distinct.cpp  the same with every expression text made unique
# "extra" is a pipeline minus baseline. Usage (from the repository root):
#   benchmarks/compile_time/measure.sh [compiler...]      (default: g++ clang++)
# Environment: RUNS (default 3), INCLUDE (default <repo>/include), INSTRUCTIONS=1 to print
# instead the instructions each compile executes (valgrind's cachegrind without cache
# simulation, the compiler driver and its children summed; one run, about 20x slower):
# unlike CPU time, this count does not change with the load of a shared machine.
# clang needs -fconstexpr-steps above its default of 1,048,576 for this definition; the
# script passes 16,000,000 to clang for every TU (see docs/static.md).
# HEADERS=1 measures instead one TU per header: every header the umbrella includes, the
# umbrella, static_/static.hpp and, when it is installed, the peer <nlohmann/json.hpp>; each
# row is the TU's cost minus an empty TU's, and the last row the umbrella / nlohmann ratio
# (CPU seconds, or instructions with INSTRUCTIONS=1 as well). With SEPARATE=1 every TU is
# compiled with -DPIPEWRIGHT_SEPARATE_COMPILATION: what a TU that links pipewright::compiled
# pays (README, "Compiled once"). JOBS=N (with INSTRUCTIONS=1 only: a count does not change
# with the load, CPU time does) compiles N headers at once and prints the same table.
# LAYERS=1 measures instead the umbrella stage by stage, in the layering order of
# tools/check_layers.py: row N is a TU that includes every header of the umbrella from the
# stages up to N (the base, semantics/, value/, ... engine/), minus an empty TU's cost, and
# what stage N adds to the rows before it; the last row is the whole umbrella.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
include="${INCLUDE:-$here/../../include}"
runs="${RUNS:-3}"
compilers=("$@")
[ ${#compilers[@]} -eq 0 ] && compilers=(g++ clang++)

. "$here/instructions.sh"

measure() {  # compiler file flags... -> "cpu_seconds max_rss_kib"
  local cxx="$1" file="$2"
  shift 2
  local times=() rss=0
  for _ in $(seq "$runs"); do
    local out
    out="$( { /usr/bin/time -v "$cxx" -std=c++20 -O0 -c -o /dev/null -I"$include" "$@" "$file" >/dev/null; } 2>&1 )" ||
      { echo "compile failed: $cxx $file" >&2; echo "$out" | tail -5 >&2; exit 1; }
    local user sys kb cpu
    user="$(echo "$out" | awk -F': ' '/User time/ {print $2}')"
    sys="$(echo "$out" | awk -F': ' '/System time/ {print $2}')"
    kb="$(echo "$out" | awk -F': ' '/Maximum resident/ {print $2}')"
    cpu="$(echo "$user + $sys" | bc)"
    times+=("$cpu")
    if [ "$kb" -gt "$rss" ]; then rss="$kb"; fi
  done
  local median
  median="$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')"
  echo "$median $rss"
}

if [ "${LAYERS:-0}" = 1 ]; then
  tus="$(mktemp -d)"
  trap 'rm -rf "$tus"' EXIT
  : >"$tus/empty.cpp" && : >"$tus/l.cpp"
  cost() {  # compiler file flags... -> one figure: instructions, or CPU seconds
    if [ "${INSTRUCTIONS:-0}" = 1 ]; then instructions "$@"; else measure "$@" | cut -d' ' -f1; fi
  }
  unit=$([ "${INSTRUCTIONS:-0}" = 1 ] && echo instructions || echo "cpu (s)")
  stages=("config|diagnostic|diagnostic_codes|fwd|version|render" semantics value expr graph matrix trigger model
    check schedule repository export engine)
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf "%-10s %-12s %16s %16s\n" compiler "up to stage" "$unit" "the stage adds"
  for cxx in "${compilers[@]}"; do
    flags=()
    case "$("$cxx" --version | head -1)" in *clang*) flags=(-fconstexpr-steps=16000000) ;; esac
    empty="$(cost "$cxx" "$tus/empty.cpp" "${flags[@]}")"
    : >"$tus/l.cpp"
    before=0
    for st in "${stages[@]}"; do
      grep -E "^#include \"pipewright/($st)[/.]" "$include/pipewright/pipewright.hpp" >>"$tus/l.cpp"
      c="$(echo "$(cost "$cxx" "$tus/l.cpp" "${flags[@]}") - $empty" | bc)"
      printf "%-10s %-12s %16s %16s\n" "$cxx" "$([[ $st == *"|"* ]] && echo base || echo "$st")" "$c" "$(echo "$c - $before" | bc)"
      before="$c"
    done
  done
  exit 0
fi

if [ "${HEADERS:-0}" = 1 ]; then
  jobs="${JOBS:-1}"
  if [ "$jobs" != 1 ] && [ "${INSTRUCTIONS:-0}" != 1 ]; then
    echo "JOBS=$jobs needs INSTRUCTIONS=1: compiles run at once would share the CPU and skew its time" >&2
    exit 2
  fi
  tus="$(mktemp -d)"
  trap 'rm -rf "$tus"' EXIT
  headers=(pipewright/pipewright.hpp pipewright/static_/static.hpp)
  while read -r h; do headers+=("$h"); done < <(sed -n 's/^#include "\(pipewright\/[^"]*\)"/\1/p' \
    "$include/pipewright/pipewright.hpp")
  [ -f /usr/include/nlohmann/json.hpp ] && headers+=(nlohmann/json.hpp)
  : >"$tus/empty.cpp"
  cost() {  # compiler file flags... -> one figure: instructions, or CPU seconds
    if [ "${INSTRUCTIONS:-0}" = 1 ]; then instructions "$@"; else measure "$@" | cut -d' ' -f1; fi
  }
  unit=$([ "${INSTRUCTIONS:-0}" = 1 ] && echo instructions || echo "cpu (s)")
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  [ "${SEPARATE:-0}" = 1 ] && echo "mode: -DPIPEWRIGHT_SEPARATE_COMPILATION (the compiled library)"
  printf "%-10s %-44s %16s\n" compiler "header (its cost minus an empty TU's)" "$unit"
  for cxx in "${compilers[@]}"; do
    flags=()
    case "$("$cxx" --version | head -1)" in *clang*) flags=(-fconstexpr-steps=16000000) ;; esac
    [ "${SEPARATE:-0}" = 1 ] && flags+=(-DPIPEWRIGHT_SEPARATE_COMPILATION)
    empty="$(cost "$cxx" "$tus/empty.cpp" "${flags[@]}")"
    # Every header's cost into $tus/cost.N, JOBS compiles at a time.
    running=0
    for i in "${!headers[@]}"; do
      echo "#include <${headers[$i]}>" >"$tus/h$i.cpp"
      (cost "$cxx" "$tus/h$i.cpp" "${flags[@]}" >"$tus/cost.$i") &
      running=$((running + 1))
      if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
      fi
    done
    wait
    umbrella="" peer=""
    for i in "${!headers[@]}"; do
      h="${headers[$i]}"
      c="$(cat "$tus/cost.$i")"
      [ -n "$c" ] || { echo "no figure for $h" >&2; exit 1; }
      c="$(echo "$c - $empty" | bc)"
      [ "$h" = pipewright/pipewright.hpp ] && umbrella="$c"
      [ "$h" = nlohmann/json.hpp ] && peer="$c"
      if [ "${INSTRUCTIONS:-0}" = 1 ]; then
        printf "%-10s %-44s %16s\n" "$cxx" "$h" "$c"
      else
        printf "%-10s %-44s %16.2f\n" "$cxx" "$h" "$c"
      fi
    done
    if [ -n "$peer" ]; then
      printf "%-10s %-44s %16.2f\n" "$cxx" "umbrella / nlohmann" "$(echo "$umbrella / $peer" | bc -l)"
    fi
  done
  exit 0
fi

if [ "${INSTRUCTIONS:-0}" = 1 ]; then
  printf "%-10s %-22s %16s\n" compiler tu "instructions"
  for cxx in "${compilers[@]}"; do
    flags=()
    case "$("$cxx" --version | head -1)" in *clang*) flags=(-fconstexpr-steps=16000000) ;; esac
    declare -A ir=()
    for tu in baseline umbrella pipeline_100 pipeline_100_distinct; do
      ir[$tu]="$(instructions "$cxx" "$here/$tu.cpp" "${flags[@]}")"
      printf "%-10s %-22s %16s\n" "$cxx" "$tu" "${ir[$tu]}"
    done
    for tu in pipeline_100 pipeline_100_distinct; do
      printf "%-10s %-22s %16s\n" "$cxx" "extra ${tu#pipeline_}" "$((ir[$tu] - ir[baseline]))"
    done
    unset ir
  done
  exit 0
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-10s %-22s %10s %12s\n" compiler tu "cpu (s)" "peak (MiB)"
for cxx in "${compilers[@]}"; do
  flags=()
  case "$("$cxx" --version | head -1)" in *clang*) flags=(-fconstexpr-steps=16000000) ;; esac
  declare -A cpu=() mem=()
  for tu in empty baseline umbrella pipeline_100 pipeline_100_distinct; do
    read -r c m < <(measure "$cxx" "$here/$tu.cpp" "${flags[@]}")
    cpu[$tu]="$c"
    mem[$tu]="$m"
    printf "%-10s %-22s %10.2f %12.0f\n" "$cxx" "$tu" "$c" "$(echo "$m / 1024" | bc -l)"
  done
  for tu in pipeline_100 pipeline_100_distinct; do
    printf "%-10s %-22s %10.2f %12.0f\n" "$cxx" "extra ${tu#pipeline_}" \
      "$(echo "${cpu[$tu]} - ${cpu[baseline]}" | bc)" \
      "$(echo "(${mem[$tu]} - ${mem[baseline]}) / 1024" | bc -l)"
  done
  unset cpu mem
done
