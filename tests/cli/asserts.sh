# Checks shared by the shell tests of the command-line tool (lint_ci_test.sh,
# repository_test.sh): `out` and `rc` hold the last command's output and exit status, and
# each failed check counts in `failures`.
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
