// Scheduler benchmark: simulate runs of 10^3, 10^4 and 10^5 legs (wide matrices along needs
// chains) on one scarce runner pool plus an unlimited one, FIFO vs critical-path-first,
// side by side with a straightforward list scheduler over std::map / std::string ids and
// std::priority_queue. The baseline does the same scheduling (pools, policy, needs) but no
// status propagation, conditions or reasons.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <string>
#include <tuple>
#include <vector>

#include "pipewright/schedule/simulate.hpp"
#include "schedule_inputs.hpp"

namespace ps = pipewright::schedule;

namespace {

using schedule_inputs::make_jobs;
using schedule_inputs::options_for;

// ---- the baseline: string ids, std::map, a priority queue of ready legs ------------------

struct base_job {
  std::vector<std::string> needs;
  std::vector<std::string> dependents;
  std::vector<double> durations;
  std::string runner;
  double rank = 0;  // longest path through the job (critical-path-first)
  std::size_t waiting = 0;
  std::size_t legs_left = 0;
};

double baseline_simulate(const std::vector<ps::job_spec>& specs, const ps::simulate_options& o) {
  std::map<std::string, base_job> jobs;
  std::vector<std::string> order;
  for (const ps::job_spec& s : specs) {
    base_job& b = jobs[s.id];
    for (const std::uint32_t n : s.needs) b.needs.push_back(specs[n].id);
    for (const ps::leg_spec& l : s.legs) b.durations.push_back(l.duration);
    b.runner = s.legs.empty() ? std::string() : s.legs.front().runner;
    order.push_back(s.id);
  }
  for (auto& [id, b] : jobs) {
    for (const std::string& n : b.needs) jobs[n].dependents.push_back(id);
    b.waiting = b.needs.size();
    b.legs_left = b.durations.size();
  }
  // Ranks in reverse declaration order (needs point backwards in these inputs).
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    base_job& b = jobs[*it];
    double after = 0;
    for (const std::string& d : b.dependents) after = std::max(after, jobs[d].rank);
    double longest = 0;
    for (const double d : b.durations) longest = std::max(longest, d);
    b.rank = longest + after;
  }
  std::map<std::string, std::uint32_t> free;
  for (const ps::runner_pool& p : o.pools) free[p.label] = p.capacity;
  const bool cp = o.order == ps::order_policy::critical_path_first;
  // Ready legs: (priority key, ready time, sequence, job id, leg).
  using ready_leg = std::tuple<double, double, std::uint64_t, std::string, std::size_t>;
  std::map<std::string, std::priority_queue<ready_leg, std::vector<ready_leg>, std::greater<>>>
      ready;
  using finish = std::tuple<double, std::string>;
  std::priority_queue<finish, std::vector<finish>, std::greater<>> events;
  std::uint64_t seq = 0;
  double now = 0;
  auto make_ready = [&](const std::string& id) {
    base_job& b = jobs[id];
    for (std::size_t k = 0; k < b.durations.size(); ++k) {
      const double key = cp ? -(b.durations[k] + b.rank -
                                *std::max_element(b.durations.begin(), b.durations.end()))
                            : 0.0;
      ready[b.runner].emplace(key, now, seq++, id, k);
    }
  };
  for (const std::string& id : order) {
    if (jobs[id].waiting == 0) make_ready(id);
  }
  double makespan = 0;
  for (;;) {
    for (auto& [label, q] : ready) {
      auto pool = free.find(label);
      while (!q.empty() && (pool == free.end() || pool->second > 0)) {
        const auto [key, at, s, id, k] = q.top();
        q.pop();
        if (pool != free.end()) --pool->second;
        events.emplace(now + jobs[id].durations[k], id);
      }
    }
    if (events.empty()) break;
    const auto [t, id] = events.top();
    events.pop();
    now = t;
    makespan = t;
    base_job& b = jobs[id];
    auto pool = free.find(b.runner);
    if (pool != free.end()) ++pool->second;
    if (--b.legs_left == 0) {
      for (const std::string& d : b.dependents) {
        if (--jobs[d].waiting == 0) make_ready(d);
      }
    }
  }
  return makespan;
}

void BM_Pipewright(benchmark::State& state, ps::order_policy order) {
  const std::vector<ps::job_spec> jobs = make_jobs(state.range(0));
  const ps::simulate_options o = options_for(state.range(0), order);
  double makespan = 0;
  for (auto _ : state) {
    const ps::run_result r = ps::simulate(jobs, o);
    // DoNotOptimize on a double local gave garbage counters with g++ 12 -O1+; keep the
    // result alive through a pointer instead.
    benchmark::DoNotOptimize(r.legs.data());
    makespan = r.makespan;
  }
  state.counters["legs"] = static_cast<double>(state.range(0));
  state.counters["makespan_s"] = makespan;
}

void BM_Baseline(benchmark::State& state, ps::order_policy order) {
  const std::vector<ps::job_spec> jobs = make_jobs(state.range(0));
  const ps::simulate_options o = options_for(state.range(0), order);
  double makespan = 0;
  for (auto _ : state) {
    const double m = baseline_simulate(jobs, o);
    benchmark::DoNotOptimize(&m);
    makespan = m;
  }
  state.counters["legs"] = static_cast<double>(state.range(0));
  state.counters["makespan_s"] = makespan;
}

}  // namespace

BENCHMARK_CAPTURE(BM_Pipewright, fifo, ps::order_policy::declaration)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Baseline, fifo, ps::order_policy::declaration)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Pipewright, critical_path, ps::order_policy::critical_path_first)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Baseline, critical_path, ps::order_policy::critical_path_first)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);
