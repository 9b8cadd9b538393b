#!/usr/bin/env bash
# The composite action's first step (action.yml): builds the pipewright command-line tool from
# this checkout of the action into $RUNNER_TEMP and puts it on PATH, unless one is there.
set -euo pipefail
if command -v pipewright >/dev/null 2>&1; then
  echo "pipewright: using $(command -v pipewright) ($(pipewright --version))"
  exit 0
fi
source_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}
build_dir=${RUNNER_TEMP:-/tmp}/pipewright-build
if command -v apt-get >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo apt-get install -y -qq --no-install-recommends cmake ninja-build g++ pkg-config libyaml-dev
fi
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPIPEWRIGHT_BUILD_TESTS=OFF -DPIPEWRIGHT_BUILD_EXAMPLES=OFF -DPIPEWRIGHT_INSTALL=OFF
cmake --build "$build_dir" --target pipewright_cli
echo "$build_dir/cli" >> "${GITHUB_PATH:-/dev/null}"
