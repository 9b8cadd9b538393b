#!/usr/bin/env bash
# Compiler CPU time of the unit-test executables (docs/performance.md, "Build time of the
# tests"): configures <build-dir> with a launcher that records the user + sys time and the
# peak memory of every compile, builds the test_<stage> targets from scratch with -j1 and
# prints the sums. CPU time, not wall-clock, so that a busy machine does not skew it.
#
#   tools/test_build_cpu.sh <build-dir> [cmake options...]
#   tools/test_build_cpu.sh build/t-gcc -DCMAKE_CXX_COMPILER=g++
#   tools/test_build_cpu.sh build/t-gcc-files -DCMAKE_CXX_COMPILER=g++ -DPIPEWRIGHT_UNITY_TESTS=OFF
set -euo pipefail

if [[ "${1:-}" == --launch ]]; then  # the compiler launcher: --launch <log> <compiler...>
  log=$2
  shift 2
  out=unknown
  prev=
  for a in "$@"; do
    [[ "$prev" == -o ]] && out=$a
    prev=$a
  done
  exec /usr/bin/time -a -o "$log" -f "%U %S %M $out" "$@"
fi

[[ $# -ge 1 ]] || { sed -n '2,9p' "$0"; exit 2; }
build=$1
shift
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$build"
build=$(cd "$build" && pwd)
log="$build/compile_times.log"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPIPEWRIGHT_HEADER_CHECK=OFF \
  "-DCMAKE_CXX_COMPILER_LAUNCHER=$src/tools/test_build_cpu.sh;--launch;$log" "$@" >/dev/null
targets=$(ninja -C "$build" -t targets all | sed -n 's/^\(test_[A-Za-z0-9_]*\): phony$/\1/p' | sort -u)
ninja -C "$build" -t clean $targets >/dev/null
rm -f "$log"
ninja -C "$build" -j1 $targets >/dev/null
awk '{ cpu += $1 + $2; n += 1; if ($3 > peak) { peak = $3; what = $4 } }
     END { printf "%d compiles, %.0f s CPU (user + sys), peak %.2f GB (%s)\n",
                  n, cpu, peak / 1048576, what }' "$log"
