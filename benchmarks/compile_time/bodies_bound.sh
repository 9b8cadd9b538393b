#!/usr/bin/env bash
# An upper bound of what a compiled-library mode (function bodies compiled once, in one
# source file) could take out of a TU that includes the umbrella. It is an estimate from a
# throw-away copy of the headers, not a build of such a mode: strip_bodies.py copies
# include/ and deletes the bodies of the non-template, non-constexpr functions (free
# functions and members, in-class or out of line) of the headers whose path matches a
# pattern; templates, constexpr functions, constructors with member initialisers, class
# definitions and the standard headers stay. The TU then compiles (g++ warns "used but never
# defined"); it is measured like measure.sh's INSTRUCTIONS=1 rows (cachegrind without cache
# simulation, -std=c++20 -O0 -c, driver and children summed, minus an empty TU's).
# Usage (from the repository root): benchmarks/compile_time/bodies_bound.sh [compiler...]
# (default g++ clang++). Environment: PATTERNS (default "pipewright/schedule/ pipewright/"):
# one stripped copy per regular expression, matched against the header's path.
# STRIP_TEMPLATES=1 removes the bodies of templates and of their members as well (a floor:
# what would be left if every template were instantiated explicitly in the library; g++ then
# needs -fpermissive, which the script passes, for templates called with a local type from
# a body that stays). DROP_DETAIL=1 also measures, for each pattern, the stripped copy
# without the declarations in `namespace detail` that nothing left needs (deleted by
# drop_unused_detail.py, which decides by compiling; tens of minutes), and skips the
# original tree's row. Needs clang (its JSON AST dump finds the bodies), valgrind and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
include="$(cd "$here/../../include" && pwd)"
compilers=("$@")
[ ${#compilers[@]} -eq 0 ] && compilers=(g++ clang++)
read -r -a patterns <<<"${PATTERNS:-pipewright/schedule/ pipewright/}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo '#include <pipewright/pipewright.hpp>' >"$work/umbrella.cpp"
: >"$work/empty.cpp"

. "$here/instructions.sh"

clang++ -std=c++20 -fsyntax-only -fconstexpr-steps=16000000 -I"$include" -Xclang -ast-dump=json \
  -Xclang -ast-dump-filter=pipewright "$work/umbrella.cpp" >"$work/ast.json"
variants=(original)
dirs=("$include")
if [ "${DROP_DETAIL:-0}" = 1 ]; then
  variants=()
  dirs=()
fi
i=0
for p in "${patterns[@]}"; do
  i=$((i + 1))
  echo "== bodies removed from headers matching '$p':"
  python3 "$here/strip_bodies.py" "$work/ast.json" "$include" "$work/inc$i/" "$p" | tail -1
  variants+=("without the bodies of $p")
  dirs+=("$work/inc$i")
  if [ "${DROP_DETAIL:-0}" = 1 ]; then
    echo "== and without the detail declarations nothing left needs:"
    cp -r "$work/inc$i" "$work/inc${i}d"
    nice -n 10 python3 "$here/drop_unused_detail.py" "$work/inc${i}d"
    variants+=("and without unused detail declarations")
    dirs+=("$work/inc${i}d")
  fi
done
rm -f "$work/ast.json"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-10s %-44s %16s\n" compiler "umbrella TU (minus an empty TU)" instructions
for cxx in "${compilers[@]}"; do
  flags=()
  case "$("$cxx" --version | head -1)" in
    *clang*) flags=(-fconstexpr-steps=16000000) ;;
    *) [ "${STRIP_TEMPLATES:-0}" = 1 ] && flags=(-fpermissive) ;;
  esac
  empty="$(instructions "$cxx" "$work/empty.cpp" "${flags[@]}")"
  for k in "${!variants[@]}"; do
    c="$(include="${dirs[$k]}" instructions "$cxx" "$work/umbrella.cpp" "${flags[@]}")"
    printf "%-10s %-44s %16s\n" "$cxx" "${variants[$k]}" "$((c - empty))"
  done
  if [ -f /usr/include/nlohmann/json.hpp ]; then
    echo '#include <nlohmann/json.hpp>' >"$work/peer.cpp"
    c="$(instructions "$cxx" "$work/peer.cpp" "${flags[@]}")"
    printf "%-10s %-44s %16s\n" "$cxx" "<nlohmann/json.hpp>" "$((c - empty))"
  fi
done
