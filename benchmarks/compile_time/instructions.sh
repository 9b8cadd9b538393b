# shellcheck shell=bash
# Sourced by measure.sh and bodies_bound.sh: instructions() prints the instructions one
# compile executes (valgrind's cachegrind without cache simulation, the compiler driver and
# its children summed), with -I"$include" from the caller.
instructions() {  # compiler file flags... -> instructions executed
  local cxx="$1" file="$2" dir total=0
  shift 2
  dir="$(mktemp -d)"
  valgrind --tool=cachegrind --cache-sim=no --trace-children=yes \
    --cachegrind-out-file="$dir/cg.%p" "$cxx" -std=c++20 -O0 -c -o /dev/null -I"$include" "$@" \
    "$file" >"$dir/log" 2>&1 || { echo "compile failed: $cxx $file" >&2; tail -5 "$dir/log" >&2; exit 1; }
  for f in "$dir"/cg.*; do
    total=$((total + $(awk '/^summary:/ {print $2}' "$f")))
  done
  rm -rf "$dir"
  echo "$total"
}
