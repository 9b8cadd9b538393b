#!/usr/bin/env bash
# End-to-end tests of `pipewright run`: real processes, so output order between legs varies;
# each check looks for the lines that must be there (and not be there), and the exit status.
# usage: run_test.sh PIPEWRIGHT DATA_DIR SCENARIO
set -uo pipefail
program=$1
data=$2
scenario=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/pipewright-run-test-XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
out=""
rc=0
run() {
  out=$("$program" run "$@" --workdir "$work/ws" 2>&1)
  rc=$?
}
has() {
  if ! grep -qF -- "$1" <<<"$out"; then
    echo "FAIL: missing line: $1"
    failures=$((failures + 1))
  fi
}
lacks() {
  if grep -qF -- "$1" <<<"$out"; then
    echo "FAIL: unexpected line: $1"
    failures=$((failures + 1))
  fi
}
status_is() {
  if [ "$rc" != "$1" ]; then
    echo "FAIL: exit status $rc, expected $1"
    failures=$((failures + 1))
  fi
}
leg() {  # leg NAME STATUS: the summary line of a leg
  if ! grep -qE "^  $1 +$2( |\$)" <<<"$out"; then
    echo "FAIL: leg '$1' is not $2"
    failures=$((failures + 1))
  fi
}

case "$scenario" in
  parallel)
    # Two legs that wait for each other succeed only when both run at once.
    run "$data/rendezvous.yml" --jobs 2
    status_is 0; has "[left] met right"; has "[right] met left"
    leg left success; leg right success
    rm -rf "$work/ws"
    run "$data/rendezvous.yml" --jobs 1
    status_is 1; has "the job exceeded its timeout-minutes"
    ;;
  outputs)
    run "$data/outputs.yml" --jobs 2
    status_is 0
    has "[produce] greeting=hello from_env=set-by-step own=1.2.3-own"
    has "[produce] tool-on-path"
    has "[produce] multi-line output seen"
    has "[consume] version=1.2.3 legs=x+y"
    lacks "never"
    leg produce success; leg consume success; leg skipped skipped
    grep -q "## Summary" "$work"/ws/.pipewright/leg-*/step_summary.md ||
      { echo "FAIL: GITHUB_STEP_SUMMARY not written"; failures=$((failures + 1)); }
    ;;
  failure)
    run "$data/failure.yml" --jobs 2
    status_is 1
    has "[build] ended flaky: failure (exit code 3), continue-on-error"
    has "[build] still running, flaky outcome=failure"
    has "[build] ended broken: failure (exit code 2)"
    has "[build] cleanup runs, job status failure"
    has "[build] failure() step runs"
    has "[report] report sees test=skipped"
    has "[notify] notify after failure"
    lacks "never"
    leg build failure; leg test skipped; leg report success; leg notify success
    has "success() is false: needed job 'build' failed"
    ;;
  timeout)
    run "$data/timeout.yml" --jobs 2
    status_is 1
    has "[slow] ended too slow: failure (timed out after 0.02 minutes)"
    has "[slow] after the timeout"
    has "[job-limit] ended Run sleep 30: failure (the job exceeded its timeout-minutes)"
    leg slow failure; leg job-limit failure
    ;;
  failfast)
    run "$data/failfast.yml" --jobs 3
    status_is 1
    has "[test (1)] ended leg: failure (exit code 1)"
    has "[test (2)] ended leg: cancelled (stopped: the leg was cancelled)"
    has "[test (3)] ended leg: cancelled (stopped: the leg was cancelled)"
    has "[after] test was failure"
    leg "test \\(1\\)" failure; leg "test \\(2\\)" cancelled; leg "test \\(3\\)" cancelled
    has "fail-fast: 'test (1)' failed"
    ;;
  actions)
    run "$data/actions.yml"
    status_is 0
    has "Not executed (2):"
    has "(uses: actions/checkout@v4): not executed"
    has "job 'call' calls a reusable workflow: not executed"
    has "[build] after checkout"
    ;;
  interrupt)
    "$program" run "$data/interrupt.yml" --workdir "$work/ws" >"$work/out" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do
      grep -q "started" "$work/out" 2>/dev/null && break
      sleep 0.05
    done
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    out=$(cat "$work/out")
    status_is 1
    has "(interrupted)"
    has "[long] ended Run echo started; sleep 30: cancelled (stopped: the leg was cancelled)"
    has "[long] cleanup after cancel"
    has "[always] always job runs, long=cancelled"
    lacks "never"
    leg long cancelled; leg later skipped; leg always success
    ;;
  dynamic)
    # A matrix from a job's outputs gets its legs when that job ends; an output that is not
    # a matrix fails the job, as on GitHub.
    run "$data/dynamic.yml" --jobs 2
    status_is 1
    has "[test (3.11)] python 3.11 extra= leg 0/2"
    has "[test (3.12)] python 3.12 extra=lint leg 1/2"
    leg "test \\(3.11\\)" success; leg "test \\(3.12\\)" success
    leg bad failure
    has "strategy.matrix: "
    lacks "never"
    ;;
  json)
    # The plan with the run on standard output, the log lines on standard error.
    out=$("$program" run "$data/failure.yml" --format json --workdir "$work/ws" 2>"$work/err")
    rc=$?
    status_is 1
    python3 - "$out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.loads(sys.argv[1])
results = {j["id"]: j["status"] for j in doc["jobs"]}
assert results == {"build": "failure", "test": "skipped", "report": "success",
                   "notify": "success"}, results
assert doc["run"]["conclusion"] == "failure", doc["run"]
PY
    out=$(cat "$work/err")
    has "[build] ended broken: failure (exit code 2)"
    ;;
  *)
    echo "unknown scenario $scenario"
    exit 2
    ;;
esac
if [ "$failures" != 0 ]; then
  echo "--- output of the last run:"
  echo "$out"
  exit 1
fi
echo "run $scenario: 1 passed, 0 failed"
