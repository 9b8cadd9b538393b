#!/usr/bin/env bash
# The composite action's lint step (action.yml). Reads PIPEWRIGHT_FILES (globs),
# PIPEWRIGHT_FORMAT, PIPEWRIGHT_FAIL_ON, PIPEWRIGHT_SARIF_FILE and PIPEWRIGHT_ARGS; exits with
# pipewright lint's status. Tested by tests/cli/lint_ci_test.sh (scenario action).
set -uo pipefail
format=${PIPEWRIGHT_FORMAT:-github}
fail_on=${PIPEWRIGHT_FAIL_ON:-error}
sarif=${PIPEWRIGHT_SARIF_FILE:-pipewright.sarif}
shopt -s nullglob
files=()
for pattern in ${PIPEWRIGHT_FILES:-.github/workflows/*.yml .github/workflows/*.yaml}; do
  for f in $pattern; do files+=("$f"); done
done
if [ ${#files[@]} -eq 0 ]; then
  echo "pipewright: no workflow files match '${PIPEWRIGHT_FILES:-}'"
  exit 0
fi
# Extra arguments split on whitespace, as written in the input.
read -r -a extra <<<"${PIPEWRIGHT_ARGS:-}"
if [ "$format" = sarif ]; then
  pipewright lint --format sarif --fail-on "$fail_on" "${extra[@]}" "${files[@]}" >"$sarif"
  status=$?
  echo "sarif-file=$sarif" >>"${GITHUB_OUTPUT:-/dev/null}"
  # The annotations as well, so the run shows the findings without code scanning.
  pipewright lint --format github --fail-on "$fail_on" "${extra[@]}" "${files[@]}" || true
  exit $status
fi
exec pipewright lint --format "$format" --fail-on "$fail_on" "${extra[@]}" "${files[@]}"
