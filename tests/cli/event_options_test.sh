#!/usr/bin/env bash
# End-to-end tests of the event options that depend on this machine: --repo's default (the
# `origin` remote of the git work tree the workflow file is in) in plan, simulate, graph,
# triggers and export, and run's --secret (valued from the environment).
# usage: event_options_test.sh PIPEWRIGHT DATA_DIR SCENARIO
# Exit status 77 (with "[pipewright-skip]") when git is not installed.
set -uo pipefail
program=$1
data=$2
scenario=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/pipewright-events-test-XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=checks.sh
source "$(dirname "$0")/checks.sh"
pw() {
  out=$("$program" "$@" 2>&1)
  rc=$?
}
job_is() {  # job_is JOB STATUS: the plan's line of a job
  if ! grep -qE "^[0-9]+ +$1 +[0-9?]+ +[^ ]+ +$2( |\$)" <<<"$out"; then
    echo "FAIL: job '$1' is not $2"
    failures=$((failures + 1))
  fi
}

case "$scenario" in
  origin)
    command -v git >/dev/null || { echo "[pipewright-skip] git is not installed"; exit 77; }
    repo="$work/widget"
    mkdir -p "$repo/.github/workflows"
    git -C "$repo" init -q
    wf="$repo/.github/workflows/release.yml"
    cp "$data/events/release.yml" "$wf"
    # No remote: the repository is not known, and the fork guard waits for it.
    pw plan "$wf" --ref refs/tags/v1.2.0
    status_is 0
    job_is publish undetermined
    has "waits for github.repository"
    # The upstream repository's clone: the guard holds.
    git -C "$repo" remote add origin https://github.com/acme/widget.git
    pw plan "$wf" --ref refs/tags/v1.2.0
    job_is publish success
    job_is docs success
    pw simulate "$wf" --ref refs/tags/v1.2.0
    has "publish"
    lacks "undetermined"
    # A fork's clone: skipped, and the reason shows the repository used.
    git -C "$repo" remote set-url origin git@github.com:fork/widget.git
    pw plan "$wf" --ref refs/tags/v1.2.0
    job_is publish skipped
    has "is false (github.repository is 'fork/widget')"
    has "is false (github.repository_owner is 'fork')"
    pw graph "$wf" --ref refs/tags/v1.2.0 --format json
    has '"id":"publish","wave":1,"legs":1,"matrix_pending":false,"skipped":true'
    # --repo wins over the remote; '--repo unknown' ignores it.
    pw plan "$wf" --ref refs/tags/v1.2.0 --repo acme/widget
    job_is publish success
    pw plan "$wf" --ref refs/tags/v1.2.0 --repo unknown
    job_is publish undetermined
    # triggers' github context and export's leg pods see the same repository.
    pw triggers "$wf" --event push --ref refs/tags/v1.2.0 --github --format json
    has '"repository":"fork/widget"'
    pw export "$wf" --to argo --ref refs/tags/v1.2.0 --format json
    status_is 0
    has '"--repo",'
    has '"fork/widget",'
    # A work tree (git worktree) finds its main repository's configuration.
    git -C "$repo" -c user.email=t@example.com -c user.name=t commit -q --allow-empty -m init
    git -C "$repo" worktree add -q "$work/wt" >/dev/null 2>&1
    cp "$data/events/release.yml" "$work/wt/release.yml"
    pw plan "$work/wt/release.yml" --ref refs/tags/v1.2.0
    has "(github.repository is 'fork/widget')"
    ;;
  secret)
    cat >"$work/secret.yml" <<'YML'
on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - env:
          TOKEN: ${{ secrets.NPM_TOKEN }}
        run: echo "token has ${#TOKEN} characters"
YML
    out=$(NPM_TOKEN=abcdef "$program" run "$work/secret.yml" --workdir "$work/ws" 2>&1)
    rc=$?
    status_is 0
    has "token has 0 characters"
    out=$(NPM_TOKEN=abcdef "$program" run "$work/secret.yml" --secret NPM_TOKEN \
      --workdir "$work/ws" 2>&1)
    rc=$?
    status_is 0
    has "token has 6 characters"
    ;;
  *)
    echo "unknown scenario '$scenario'"
    exit 2
    ;;
esac
if [ "$failures" -ne 0 ]; then
  echo "--- last output:"
  echo "$out"
  exit 1
fi
echo "ok: $scenario"
