// The scheduler's cost in instructions, which do not depend on the machine's load: builds the
// inputs of benchmarks/schedule_bench.cpp (10^3 or 10^5 legs, a scarce pool and an unlimited
// one) and runs schedule::simulate REPS times. measure.sh compiles it against an include
// directory and counts its instructions with cachegrind.
// usage: simulate_driver REPS TOTAL_LEGS [cp]   (cp: critical-path-first, else FIFO)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include "../schedule_inputs.hpp"
#include "pipewright/schedule/simulate.hpp"
namespace ps = pipewright::schedule;
using schedule_inputs::make_jobs;
using schedule_inputs::options_for;
int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: simulate_driver REPS TOTAL_LEGS [cp]\n");
    return 2;
  }
  const int reps = std::atoi(argv[1]);
  const std::int64_t total = std::atoll(argv[2]);
  const bool cp = argc > 3;
  auto jobs = make_jobs(total);
  auto o = options_for(total,
                       cp ? ps::order_policy::critical_path_first : ps::order_policy::declaration);
  double sum = 0;
  for (int i = 0; i < reps; ++i) sum += ps::simulate(jobs, o).makespan;
  std::printf("%.1f\n", sum);
}
