#!/usr/bin/env bash
# End-to-end tests of discovery: with no path, `lint`, `triggers`, `checks` and `simulate
# --cascade` read the .github/workflows of the git repository around the current directory;
# a directory argument means its workflows; local reusable calls resolve against that root
# without --workflows; a repository with actions and no workflow is linted for its actions.
# usage: repository_test.sh PIPEWRIGHT DATA_DIR
set -uo pipefail
program=$1
data=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/pipewright-repository-test-XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=checks.sh
source "$(dirname "$0")/checks.sh"
run() {
  out=$("$program" "$@" 2>&1)
  rc=$?
}

# A git repository holding the AI ETL seed and a workflow that calls a local one wrongly.
repo="$work/repo"
mkdir -p "$repo/.github/workflows" "$repo/src/deep"
if command -v git >/dev/null 2>&1; then
  git init -q "$repo"
else
  mkdir "$repo/.git"
fi
cp "$data/ai-etl/.github/workflows/"*.yml "$repo/.github/workflows/"
cp "$data/ai-etl/branch-protection.yml" "$repo/"
cat >"$repo/.github/workflows/call.yaml" <<'YAML'
name: Caller
on: push
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      no-such-input: 1
YAML
cat >"$repo/.github/workflows/reusable.yml" <<'YAML'
on:
  workflow_call:
    inputs:
      target: {type: string, required: true}
jobs:
  unit:
    runs-on: ubuntu-latest
    steps: [{run: echo}]
YAML
# Not a workflow directory: never read.
mkdir -p "$repo/.github/workflows/sub"
echo 'not: [valid' >"$repo/.github/workflows/sub/broken.yml"

# lint with no argument, from the root and from a subdirectory: every workflow of the
# repository, .yml and .yaml, and the local call checked without --workflows.
for dir in "$repo" "$repo/src/deep"; do
  cd "$dir" || exit 1
  run lint --no-security
  has ".github/workflows/call.yaml:7:22: error[PW0417]"
  has "no-such-input"
  has "2 errors in 4 files"
  lacks "broken.yml"
  status_is 1
done

# A directory argument means its workflows.
cd "$work" || exit 1
run lint --no-security repo
has "repo/.github/workflows/call.yaml"
has "in 4 files"
status_is 1

# triggers and checks with no argument.
cd "$repo/src" || exit 1
run triggers --event push --ref main
has "../.github/workflows/ai-etl-ci.yml (Continuous Integration): push to refs/heads/main"
has "../.github/workflows/ai-etl-deploy.yml (Deploy)"
status_is 0
run checks --protection ../branch-protection.yml
has "backend-test   never-reported"
has "did you mean 'backend-test (3.10)', 'backend-test (3.11)'?"
has "frontend-test  reported"
status_is 1

# simulate --cascade with no argument: the repository's workflows (the Caller too, whose
# missing required input fails its run at start and the command, as plan does), Deploy
# starting when the simulated CI ends (180 s: three waves of 60 s).
run simulate --cascade --event push --ref main
has "run 2: ../.github/workflows/call.yaml (Caller), started by the event"
has "error[PW0513]: job 'call' calls ./.github/workflows/reusable.yml"
has "startup failure, no job runs"
has "(Deploy), started by workflow_run when run 1 (Continuous Integration) completed: success"
has "starts at 180 s, ends at"
has "   180     240  success    deploy-staging"
status_is 1
# An event that starts no workflow: no runs, no totals.
run simulate --cascade --event issues
has "0 workflow runs"
lacks "the last ends at"
status_is 0

# Outside any git repository, no argument is a usage error.
outside="$work/outside"
mkdir -p "$outside"
cd "$outside" || exit 1
if [ -z "$(cd "$outside" && git rev-parse --show-toplevel 2>/dev/null)" ]; then
  run lint
  has "not in a git repository"
  status_is 2
fi

# A directory without workflows is a usage error too.
run checks "$outside" --protection "$repo/branch-protection.yml"
has "no workflow files in"
status_is 2

# Local actions: lint with no argument also checks the metadata under .github/actions, and
# the steps that use a local action (uses: ./PATH, from the repository root) against it.
acts="$work/acts"
mkdir -p "$acts/.github/workflows" "$acts/.github/actions/greet" "$acts/.github/actions/broken"
if command -v git >/dev/null 2>&1; then
  git init -q "$acts"
else
  mkdir "$acts/.git"
fi
cat >"$acts/.github/actions/greet/action.yml" <<'YAML'
name: Greet
inputs:
  who: {required: true}
  greeting: {default: Hello}
outputs:
  said: {value: "${{ steps.say.outputs.text }}"}
runs:
  using: composite
  steps:
    - id: say
      shell: bash
      run: echo "text=${{ inputs.greeting }} ${{ inputs.who }}" >> "$GITHUB_OUTPUT"
    - uses: ./.github/actions/greet
      with: {who: me, greting: hi}
YAML
cat >"$acts/.github/actions/broken/action.yaml" <<'YAML'
runs:
  using: composite
  steps:
    - run: echo ${{ secrets.TOKEN }}
YAML
cat >"$acts/.github/workflows/ci.yml" <<'YAML'
on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: g
        uses: ./.github/actions/greet
        with: {greting: hi}
      - uses: ./.github/actions/broken
      - run: echo "${{ steps.g.outputs.sayd }}"
YAML
cd "$acts/.github" || exit 1
run lint --no-security
has "actions/broken/action.yaml:4:7: error[PW0403]: Required property is missing: shell"
has "actions/broken/action.yaml:4:21: error[PW0203]: Unrecognized named-value: 'secrets'"
has "actions/greet/action.yml:14:23: warning[PW0431]: Input 'greting' is not declared by the local action './.github/actions/greet'"
has "workflows/ci.yml:8:15: warning[PW0432]: Input 'who' of the local action './.github/actions/greet' is required"
has "workflows/ci.yml:9:16: warning[PW0431]"
has "did you mean 'greeting'?"
has "workflows/ci.yml:10:15: warning[PW0433]: The metadata of the local action './.github/actions/broken' has 2 errors"
has "workflows/ci.yml:11:40: warning[PW0910]: 'steps.g.outputs.sayd' cannot exist"
has "2 errors and 5 warnings in 3 files"
status_is 1
# A directory argument: the same files; an action's metadata given alone.
cd "$work" || exit 1
run lint --no-security acts
has "in 3 files"
run lint acts/.github/actions/greet/action.yml
has "action.yml:14:23: warning[PW0431]"
has "1 warning in 1 file"
status_is 0

# A repository of actions without any workflow: lint checks its actions (with no argument
# and with the directory as argument); the commands that read workflows stop as before.
rm -rf "$acts/.github/workflows"
cd "$acts/.github/actions" || exit 1
run lint --no-security
has "./broken/action.yaml:4:7: error[PW0403]"
has "./greet/action.yml:14:23: warning[PW0431]"
has "2 errors and 1 warning in 2 files"
status_is 1
run triggers --event push
has "no workflow files in"
status_is 2
cd "$work" || exit 1
run lint --no-security acts
has "2 errors and 1 warning in 2 files"
status_is 1
run checks acts --protection "$repo/branch-protection.yml"
has "no workflow files in 'acts'"
status_is 2
# A directory with neither is still a usage error for lint.
run lint "$outside"
has "no workflow files in"
status_is 2

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
