# Checks shared by the scripted CLI tests (sourced): each compares the last command's output
# ($out) or exit status ($rc) and counts a failure in $failures.
failures=0
out=""
rc=0
has() {
  if ! grep -qF -- "$1" <<<"$out"; then
    echo "FAIL: missing: $1"
    failures=$((failures + 1))
  fi
}
lacks() {
  if grep -qF -- "$1" <<<"$out"; then
    echo "FAIL: unexpected: $1"
    failures=$((failures + 1))
  fi
}
status_is() {
  if [ "$rc" != "$1" ]; then
    echo "FAIL: exit status $rc, expected $1"
    failures=$((failures + 1))
  fi
}
