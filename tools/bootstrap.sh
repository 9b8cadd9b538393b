#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, test and benchmark pipewright.
# Run as root (or with sudo) to install with apt; otherwise it prints what to install.
# Safe to run again: it only installs packages that are missing.
set -euo pipefail

# package            why
packages=(
  cmake              # build
  ninja-build        # the presets' generator
  g++                # compiler
  clang              # second compiler, sanitizers (ci-clang, asan presets)
  libclang-rt-14-dev # sanitizer and fuzzer runtimes for clang 14
  pkg-config         # finds libyaml
  python3            # tools/amalgamate.py and other scripts
  googletest         # tests
  libgtest-dev       # tests
  libgmock-dev       # tests
  libbenchmark-dev   # benchmarks
  meson              # the meson consumer test
  libyaml-dev        # the optional YAML adapter (pipewright::yaml)
  nlohmann-json3-dev # JSON benchmark peer (benchmarks only)
  libboost-graph-dev # graph benchmark peer (benchmarks only)
  pre-commit         # the test of .pre-commit-hooks.yaml (pre-commit try-repo)
  git                # repository discovery tests (lint's configuration, origin remote)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Optional Node tools (tools/node, pinned by package-lock.json): GitHub's
# @actions/workflow-parser for the test that checks static_'s YAML, Microsoft's SARIF
# multitool for the test that validates lint's SARIF; those tests are skipped without.
if command -v npm >/dev/null 2>&1; then
  if (cd "$(dirname "$0")/node" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null); then
    # --ignore-scripts skips the package's own "chmod u+x" of its native binary.
    chmod u+x "$(dirname "$0")"/node/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool \
      2>/dev/null || true
    echo "bootstrap: tools/node packages installed (npm ci)"
  else
    echo "bootstrap: npm ci in tools/node failed; the workflow-parser and SARIF tests will be skipped" >&2
  fi
else
  echo "bootstrap: npm not found; the workflow-parser test will be skipped"
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: every package is installed"
  exit 0
fi

echo "bootstrap: missing packages: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bootstrap: apt-get not found; install the packages above with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "bootstrap: run as root, or install them with: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "bootstrap: installed ${missing[*]}"
