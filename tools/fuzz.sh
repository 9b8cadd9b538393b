#!/usr/bin/env bash
# Runs every libFuzzer target for N seconds (default 60) on a copy of its seed corpus, with
# its dictionary, and prints per-target executions, coverage (cov: edges, ft: features) and
# findings. Exits non-zero when any target finds a crash, leak, timeout or out-of-memory.
#
#   cmake --preset fuzz && cmake --build --preset fuzz    # builds into build/fuzz
#   tools/fuzz.sh [seconds] [target...]
#
# Environment: PIPEWRIGHT_FUZZ_BUILD (default build/fuzz) the build directory;
# PIPEWRIGHT_FUZZ_WORK (default a new temporary directory) where corpora copies, logs and
# crash artifacts go; PIPEWRIGHT_FUZZ_CPU=1 makes `seconds` CPU seconds of the fuzzer
# process (user + system) instead of wall-clock seconds, for long runs on a shared machine:
# the target is stopped with SIGINT once it has used them (libFuzzer then prints its final
# statistics and exits with code 72, which counts as a normal end here). Nothing is written
# into the source tree: to keep an input found, copy it into tests/fuzz/corpus/<target>/
# and add a regression test.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
shift || true
case "$seconds" in '' | *[!0-9]*) echo "usage: tools/fuzz.sh [seconds] [target...]" >&2; exit 2 ;; esac
build="${PIPEWRIGHT_FUZZ_BUILD:-$root/build/fuzz}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
work="${PIPEWRIGHT_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/pipewright-fuzz.XXXXXX")}"
mkdir -p "$work"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(json expression template matrix workflow plan); fi

dict_of() {
  case "$1" in
    json | matrix) echo json ;;
    expression | template) echo expression ;;
    *) echo workflow ;;
  esac
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
echo "fuzz: ${seconds}s per target, build $build, work $work"
for t in "${targets[@]}"; do
  exe="$build/tests/fuzz/fuzz_$t"
  if [ ! -x "$exe" ]; then
    echo "fuzz: $exe is missing (configure with the fuzz preset and build pipewright_fuzzers)" >&2
    summary+=("$(printf '%-11s %s' "$t" "MISSING")")
    failed=1
    continue
  fi
  corpus="$work/corpus/$t"
  artifacts="$work/artifacts/$t"
  log="$work/$t.log"
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  seeds=$(find "$root/tests/fuzz/corpus/$t" -type f | wc -l)
  cp "$root/tests/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  status=0
  if [ "${PIPEWRIGHT_FUZZ_CPU:-0}" = 1 ]; then
    # Wall-clock cap of 4x the CPU budget; a watcher stops the target at its CPU budget.
    "$exe" "$corpus" -dict="$root/tests/fuzz/dict/$(dict_of "$t").dict" \
      -max_total_time=$((4 * seconds)) -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" >"$log" 2>&1 &
    pid=$!
    ticks=$(getconf CLK_TCK)
    while kill -0 "$pid" 2>/dev/null; do
      used=$(awk -v t="$ticks" '{print int(($14 + $15) / t)}' "/proc/$pid/stat" 2>/dev/null || echo 0)
      if [ "$used" -ge "$seconds" ]; then
        kill -INT "$pid" 2>/dev/null || true
        break
      fi
      sleep 5
    done
    wait "$pid" || status=$?
    if [ "$status" -eq 72 ] && grep -q 'run interrupted' "$log"; then status=0; fi
    echo "cpu seconds used by fuzz_$t: $used" >>"$log"
  else
    "$exe" "$corpus" -dict="$root/tests/fuzz/dict/$(dict_of "$t").dict" \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  found=$(find "$artifacts" -type f | wc -l)
  final=$(find "$corpus" -type f | wc -l)
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    failed=1
    verdict="FINDINGS ($found, exit $status): see $log and $artifacts"
    grep -E '^==[0-9]+==ERROR|runtime error|fuzz invariant failed|ALARM|out-of-memory' "$log" |
      head -3 | sed 's/^/    /' || true
  else
    verdict="no findings"
  fi
  line=$(printf '%-11s execs %-10s cov %-6s ft %-7s corpus %s -> %s   %s' \
    "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$seeds" "$final" "$verdict")
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED; inputs and logs kept in $work" >&2
  exit 1
fi
echo "fuzz: every target ran without findings"
