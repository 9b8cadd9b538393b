// The inputs of the scheduler's benchmarks (schedule_bench.cpp and
// instructions/simulate_driver.cpp): wide matrices along needs chains, a scarce pool and an
// unlimited one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pipewright/schedule/simulate.hpp"

namespace schedule_inputs {

namespace ps = pipewright::schedule;

struct shape {
  std::size_t layers, width, legs;  // jobs = layers * width; legs per job
};

shape shape_for(std::int64_t total) {
  if (total <= 1000) return {10, 10, 10};
  if (total <= 10000) return {10, 10, 100};
  return {10, 100, 100};
}

/// Deterministic durations 10..609 s; every 4th job runs on the unlimited windows pool.
std::vector<ps::job_spec> make_jobs(std::int64_t total) {
  const shape s = shape_for(total);
  std::vector<ps::job_spec> jobs;
  std::uint64_t seed = 42;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>((seed >> 33) % 600) + 10.0;
  };
  for (std::size_t l = 0; l < s.layers; ++l) {
    for (std::size_t w = 0; w < s.width; ++w) {
      ps::job_spec j;
      j.id = "job" + std::to_string(l) + "_" + std::to_string(w);
      if (l > 0) {
        const auto prev = static_cast<std::uint32_t>((l - 1) * s.width);
        j.needs.push_back(prev + static_cast<std::uint32_t>(w));
        if (s.width > 1) j.needs.push_back(prev + static_cast<std::uint32_t>((w + 1) % s.width));
      }
      const std::string runner = w % 4 == 3 ? "windows-latest" : "ubuntu-latest";
      for (std::size_t k = 0; k < s.legs; ++k) {
        j.legs.emplace_back(j.id + " (" + std::to_string(k) + ")", runner, next());
      }
      jobs.push_back(std::move(j));
    }
  }
  return jobs;
}

ps::simulate_options options_for(std::int64_t total, ps::order_policy order) {
  ps::simulate_options o;
  o.order = order;
  o.pools = {{"ubuntu-latest", static_cast<std::uint32_t>(total / 20)}};
  return o;
}

}  // namespace schedule_inputs
