#!/usr/bin/env bash
# End-to-end tests of `pipewright lint` in CI: the configuration file found in a git
# repository, suppressions, --fail-on, colour, order and summary, GitHub annotations, SARIF
# (validated by Microsoft's SARIF multitool), the pre-commit hook and the composite action.
# usage: lint_ci_test.sh PIPEWRIGHT SOURCE_DIR SCENARIO
# Exit status 77 (with "[pipewright-skip]") when a tool the scenario needs is not installed.
set -uo pipefail
program=$1
source_dir=$2
scenario=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/pipewright-lint-test-XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=checks.sh
source "$(dirname "$0")/checks.sh"
lint() {
  out=$("$program" lint "$@" 2>&1)
  rc=$?
}
skip() {
  echo "[pipewright-skip] $1"
  exit 77
}

# A git repository with two workflows and a configuration file.
make_repo() {
  mkdir -p "$work/repo/.github/workflows"
  git -C "$work/repo" init -q
  cat >"$work/repo/.github/workflows/ci.yml" <<'EOF'
on: push
jobs:
  build:
    runs-on: ubuntu-lates
    steps:
      - uses: some/action@v1
      - run: echo hi ${{ secrets.NPM_TOKN }}
  call:
    uses: octo/app/.github/workflows/reuse.yml@main
    secrets: inherit
EOF
  cat >"$work/repo/.github/workflows/generated-x.yml" <<'EOF'
on: push
jobs: {a: {runs-on: x, stepz: 1}}
EOF
}

case "$scenario" in
  config)
    make_repo
    lint "$work/repo/.github/workflows/ci.yml" "$work/repo/.github/workflows/generated-x.yml"
    status_is 1  # the generated file's error, no configuration yet
    has "generated-x.yml:2:"
    has "PW0906"
    lacks "PW0908"  # no runner-labels: no guess
    lacks "PW0909"  # no secrets: list
    cat >"$work/repo/.github/pipewright.yaml" <<'EOF'
rules:
  PW0906: off
  PW0904: note
ignore: [.github/workflows/generated-*.yml]
runner-labels: [gpu]
secrets: [NPM_TOKEN]
EOF
    lint "$work/repo/.github/workflows/ci.yml" "$work/repo/.github/workflows/generated-x.yml"
    status_is 0
    lacks "generated-x.yml"
    lacks "PW0906"
    has "note[PW0904]"
    has "warning[PW0908]: Job 'build' asks for the runner label 'ubuntu-lates'"
    has "ci.yml:7:34: warning[PW0909]: 'secrets.NPM_TOKN' reads a secret"
    has "3 warnings and 1 note in 1 file"
    # --config overrides discovery.
    printf 'rules: {PW0908: error}\n' >"$work/other.yaml"
    lint --config "$work/other.yaml" "$work/repo/.github/workflows/ci.yml"
    has "PW0906"
    lacks "PW0908"  # that file lists no runner labels
    ;;
  bad_config)
    make_repo
    printf 'rules:\n  PW0906: loud\nrunner_labels: [x]\n' >"$work/repo/.github/pipewright.yml"
    lint "$work/repo/.github/workflows/ci.yml"
    status_is 2
    has "pipewright.yml:2:11: error[PW0005]: the level of PW0906 must be error, warning, note or off"
    has "pipewright.yml:3:1: error[PW0005]: unknown key 'runner_labels'"
    lint --config "$work/missing.yaml" "$work/repo/.github/workflows/ci.yml"
    status_is 2
    has "error[PW0001]: cannot open"
    ;;
  repo)
    make_repo
    lint "$work/repo/.github/workflows/ci.yml"
    has "PW0907"  # no remote: the name of this repository is unknown
    git -C "$work/repo" remote add origin git@github.com:octo/app.git
    lint "$work/repo/.github/workflows/ci.yml"
    lacks "PW0907"  # octo/app calls its own workflow
    lint --repo other/name "$work/repo/.github/workflows/ci.yml"
    has "PW0907"
    lint --repo nonsense "$work/repo/.github/workflows/ci.yml"
    status_is 2
    has "--repo expects OWNER/NAME"
    ;;
  suppress)
    cat >"$work/s.yml" <<'EOF'
on: push
permissions: {}
jobs:
  a:
    runs-on: x
    # pipewright: ignore[PW0401]
    stepz: 1
    steps:
      - uses: some/action@v1  # pipewright: ignore[PW0906, PW0901]
EOF
    lint "$work/s.yml"
    status_is 0
    lacks "PW0401]"
    lacks "note[PW0906]"
    has "s.yml:9:60: note[PW0004]: 'pipewright: ignore[PW0901]' silences nothing"
    lint --no-security "$work/s.yml"
    lacks "PW0004"  # the security checks did not run
    lint --ignore PW0401 --ignore PW0004 "$work/s.yml"
    lacks "PW0004"
    ;;
  fail_on)
    printf 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{uses: some/action@v1}]\n' >"$work/w.yml"
    lint "$work/w.yml"
    status_is 0
    has "1 warning and 1 note in 1 file"
    lint --fail-on warning "$work/w.yml"
    status_is 1
    lint --fail-on note --ignore PW0904 "$work/w.yml"
    status_is 1
    lint --fail-on warning --ignore PW0904,PW0906 "$work/w.yml"
    status_is 0
    has "no problems in 1 file"
    lint --fail-on fatal "$work/w.yml"
    status_is 2
    ;;
  color)
    printf 'on: push\njobs: {a: {runs-on: x, stepz: 1}}\n' >"$work/c.yml"
    esc=$'\033['
    lint --color always "$work/c.yml"
    has "${esc}1;31merror[PW0401]:"
    NO_COLOR=1 lint --color always "$work/c.yml"
    has "${esc}1;31m"  # an explicit --color always wins over NO_COLOR
    lint --color auto "$work/c.yml"  # not a terminal
    lacks "$esc"
    if command -v script >/dev/null 2>&1; then
      out=$(script -qec "'$program' lint '$work/c.yml'" /dev/null)
      has "${esc}1;31merror"
      out=$(NO_COLOR=1 script -qec "'$program' lint '$work/c.yml'" /dev/null)
      lacks "$esc"
    fi
    lint --color sometimes "$work/c.yml"
    status_is 2
    ;;
  order)
    printf 'on: push\njobs:\n  b: {runs-on: x, stepz: 1}\n  a: {runs-on: x, stepz: 1, needs: [zz]}\n' \
      >"$work/b.yml"
    cp "$work/b.yml" "$work/a.yml"
    lint --no-security "$work/b.yml" "$work/a.yml"
    lines=$(grep -oE '^[^ ]+\.yml:[0-9]+:[0-9]+' <<<"$out" | sed "s|$work/||")
    expected=$'a.yml:3:19\na.yml:4:19\na.yml:4:37\nb.yml:3:19\nb.yml:4:19\nb.yml:4:37'
    if [ "$lines" != "$expected" ]; then
      echo "FAIL: order:"
      echo "$lines"
      failures=$((failures + 1))
    fi
    has "6 errors in 2 files"
    ;;
  github)
    printf 'on: push\njobs:\n  a:\n    runs-on: x\n    stepz: 1\n' >"$work/g.yml"
    lint --format github --no-security "$work/g.yml"
    status_is 1
    has "::error file=$work/g.yml,line=5,col=5,endLine=5,endColumn=10,title=PW0401::Unexpected value 'stepz'"
    ;;
  sarif)
    multitool="$source_dir/tools/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    [ -x "$multitool" ] || skip "Microsoft's SARIF multitool is not installed (tools/bootstrap.sh)"
    # actionlint's error set: every file has findings.
    files=("$source_dir"/tests/data/corpus/actionlint/testdata/err/*.yaml)
    (cd "$source_dir" && "$program" lint --format sarif "${files[@]#"$source_dir/"}") >"$work/err.sarif"
    rc=$?
    status_is 1
    results=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['runs'][0]['results']))" "$work/err.sarif")
    if [ "${results:-0}" -lt 95 ]; then
      echo "FAIL: only ${results:-0} results"
      failures=$((failures + 1))
    fi
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$multitool" validate --output "$work/validation.sarif" \
      "$work/err.sarif" >"$work/validate.log" 2>&1
    vrc=$?
    # The validator's own findings are a SARIF log: no result may be an error.
    errors=$(python3 -c "
import json, sys
log = json.load(open(sys.argv[1]))
bad = [r for run in log['runs'] for r in run.get('results', []) if r.get('level', 'warning') == 'error']
for r in bad: print(r.get('ruleId'), r['message'].get('text', r['message']))
print(len(bad))" "$work/validation.sarif" | tail -1)
    if [ "$vrc" != 0 ] || [ "${errors:-1}" != 0 ]; then
      echo "FAIL: the SARIF multitool reports errors (status $vrc):"
      cat "$work/validate.log"
      failures=$((failures + 1))
    fi
    ;;
  precommit)
    command -v pre-commit >/dev/null 2>&1 || skip "pre-commit is not installed (tools/bootstrap.sh)"
    make_repo
    rm "$work/repo/.github/workflows/generated-x.yml"
    git -C "$work/repo" add -A
    # A copy of this source tree as a repository: try-repo clones it.
    mkdir -p "$work/hooks"
    cp "$source_dir/.pre-commit-hooks.yaml" "$work/hooks/"
    git -C "$work/hooks" init -q
    git -C "$work/hooks" add -A
    git -C "$work/hooks" -c user.name=t -c user.email=t@t commit -qm hooks
    bindir=$(dirname "$program")
    ln -sf "$program" "$work/pipewright"
    out=$(cd "$work/repo" && PATH="$work:$PATH" PRE_COMMIT_HOME="$work/cache" \
      pre-commit try-repo "$work/hooks" pipewright-lint --all-files 2>&1)
    rc=$?
    status_is 0  # warnings only
    has "pipewright lint"
    has "Passed"
    printf 'on: push\njobs: {a: {runs-on: x, stepz: 1}}\n' >"$work/repo/.github/workflows/bad.yml"
    git -C "$work/repo" add -A
    out=$(cd "$work/repo" && PATH="$work:$PATH" PRE_COMMIT_HOME="$work/cache" \
      pre-commit try-repo "$work/hooks" pipewright-lint --all-files 2>&1)
    rc=$?
    status_is 1
    has "Failed"
    has "bad.yml:2:24: error[PW0401]"
    : "$bindir"
    ;;
  action)
    make_repo
    rm "$work/repo/.github/workflows/generated-x.yml"
    ln -sf "$program" "$work/pipewright"
    grep -qF 'tools/action/lint.sh' "$source_dir/action.yml" || {
      echo "FAIL: action.yml does not run tools/action/lint.sh"
      failures=$((failures + 1))
    }
    out=$(cd "$work/repo" && PATH="$work:$PATH" bash "$source_dir/tools/action/install.sh" 2>&1)
    has "pipewright: using $work/pipewright"
    out=$(cd "$work/repo" && PATH="$work:$PATH" GITHUB_OUTPUT="$work/gh_output" \
      bash "$source_dir/tools/action/lint.sh" 2>&1)
    rc=$?
    status_is 0
    has "::warning file=.github/workflows/ci.yml,line=3,col=3,endLine=3,endColumn=8,title=PW0904::"
    has "::notice file=.github/workflows/ci.yml,line=6,col=15,endLine=6,endColumn=29,title=PW0906::"
    out=$(cd "$work/repo" && PATH="$work:$PATH" GITHUB_OUTPUT="$work/gh_output" \
      PIPEWRIGHT_FORMAT=sarif PIPEWRIGHT_FAIL_ON=warning PIPEWRIGHT_SARIF_FILE=out.sarif \
      PIPEWRIGHT_ARGS="--ignore PW0906" bash "$source_dir/tools/action/lint.sh" 2>&1)
    rc=$?
    status_is 1
    lacks "PW0906"
    grep -qF 'sarif-file=out.sarif' "$work/gh_output" || {
      echo "FAIL: no sarif-file output"
      failures=$((failures + 1))
    }
    python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['version'] == '2.1.0'" \
      "$work/repo/out.sarif" || failures=$((failures + 1))
    out=$(cd "$work/repo" && PATH="$work:$PATH" PIPEWRIGHT_FILES="nothing/*.yml" \
      bash "$source_dir/tools/action/lint.sh" 2>&1)
    rc=$?
    status_is 0
    has "no workflow files match"
    ;;
  action_metadata)
    lint "$source_dir/action.yml"  # pipewright's own action: checked as action metadata
    status_is 0
    lacks "PW0006"
    lacks "PW0401"
    has "no problems in 1 file"
    mkdir -p "$work/a"
    printf 'runs:\n  using: node14\n  main: index.js\n' >"$work/a/action.yml"
    lint "$work/a/action.yml"
    status_is 1
    has "action.yml:2:10: error[PW0429]: 'using: node14' is not supported"
    has "1 error in 1 file"
    mkdir -p "$work/w"
    printf 'on: push\njobs: {a: {runs-on: x, steps: [{run: x}]}}\n' >"$work/w/action.yml"
    lint --no-security "$work/w/action.yml"  # a workflow that happens to be named action.yml
    lacks "PW0006"
    has "no problems in 1 file"
    ;;
  *)
    echo "unknown scenario $scenario"
    exit 2
    ;;
esac

if [ "$failures" -ne 0 ]; then
  echo "--- last output ---"
  echo "$out"
  echo "$failures check(s) failed in scenario $scenario"
  exit 1
fi
echo "scenario $scenario: ok"
