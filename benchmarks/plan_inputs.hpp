// The input of the plan benchmarks (plan_bench.cpp and instructions/plan_driver.cpp): a
// workflow of N jobs, each a 4 x 4 x 4 x 4 matrix (256 legs), with needs between them, an
// `if:`, `env:` templates, a templated name and runs-on, and a step `if:`.
#pragma once

#include <string>

namespace plan_inputs {

/// A workflow of `jobs` jobs, each a matrix of 4^4 = 256 legs; job i needs jobs i-1 and i-7.
inline std::string workflow(int jobs) {
  std::string out =
      "name: plans at scale\non: push\nenv:\n  LEVEL: ${{ github.ref_name }}\njobs:\n";
  for (int i = 0; i < jobs; ++i) {
    out += "  job_" + std::to_string(i) + ":\n";
    out += "    name: build ${{ matrix.os }}\n";
    if (i > 0) {
      out += "    needs: [job_" + std::to_string(i - 1);
      if (i >= 7) out += ", job_" + std::to_string(i - 7);
      out += "]\n";
    }
    out += "    if: github.event_name == 'push' && !contains(github.ref, 'skip')\n";
    out += "    runs-on: ${{ matrix.os }}\n";
    out += "    env:\n      TARGET: ${{ matrix.arch }}-${{ matrix.mode }}\n";
    out += "    strategy:\n      matrix:\n";
    out += "        os: [ubuntu-latest, windows-latest, macos-latest, ubuntu-22.04]\n";
    out += "        arch: [x64, arm64, x86, riscv]\n";
    out += "        mode: [debug, release, asan, tsan]\n";
    out += "        version: [\"1.0\", \"2.0\", \"3.0\", \"4.0\"]\n";
    out += "    steps:\n";
    out += "      - uses: actions/checkout@v4\n";
    out += "      - run: make test\n";
    out += "        if: matrix.mode != 'tsan'\n";
  }
  return out;
}

}  // namespace plan_inputs
