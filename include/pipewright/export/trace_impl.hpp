/// @file trace_impl.hpp
/// The definitions behind pipewright/export/trace.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>
#include "pipewright/export/trace.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

namespace detail {

inline std::string trace_string(std::string_view s) {
  return json::dump(value(std::string(s)), json::compact_style);
}

/// Seconds to whole microseconds (Trace Event Format timestamps).
inline long long trace_micros(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) return 0;
  if (seconds > 9.0e12) return 9'000'000'000'000'000'000LL;  // clamp: ~285,000 years
  return std::llround(seconds * 1e6);
}

}  // namespace detail

PIPEWRIGHT_DECL std::string to_chrome_trace(std::span<const schedule::job_spec> jobs,
                                            const schedule::run_result& r) {
  struct pool {
    std::string label;
    std::vector<double> slot_free_at;  // per slot: when its last leg ended
  };
  std::vector<pool> pools;
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < r.legs.size(); ++i) {
    const schedule::leg_run& l = r.legs[i];
    if (l.ran() && l.job < jobs.size() && l.leg < r.legs_of(jobs, l.job).size()) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&r](std::size_t a, std::size_t b) {
    return r.legs[a].start < r.legs[b].start;
  });

  std::string events;
  auto add = [&events](const std::string& e) {
    if (!events.empty()) events += ",\n";
    events += e;
  };
  for (const std::size_t i : order) {
    const schedule::leg_run& l = r.legs[i];
    const schedule::job_spec& job = jobs[l.job];
    const schedule::leg_spec& spec = r.spec(jobs, l);
    std::size_t p = 0;
    while (p < pools.size() && pools[p].label != spec.runner) ++p;
    if (p == pools.size()) {
      pools.push_back(pool{spec.runner, {}});
      const std::string name = spec.runner.empty() ? std::string("(default)") : spec.runner;
      add(R"({"name":"process_name","ph":"M","pid":)" + std::to_string(p + 1) +
          R"(,"tid":0,"args":{"name":)" + detail::trace_string(name) + "}}");
    }
    std::vector<double>& slots = pools[p].slot_free_at;
    std::size_t slot = 0;
    while (slot < slots.size() && slots[slot] > l.start) ++slot;
    if (slot == slots.size()) {
      slots.push_back(l.end);
      add(R"({"name":"thread_name","ph":"M","pid":)" + std::to_string(p + 1) + R"(,"tid":)" +
          std::to_string(slot + 1) + R"(,"args":{"name":"slot )" + std::to_string(slot + 1) +
          "\"}}");
    } else {
      slots[slot] = l.end;
    }
    const long long ts = detail::trace_micros(l.start);
    const long long dur = detail::trace_micros(l.end) - ts;
    std::string e = R"({"name":)" + detail::trace_string(spec.name) + R"(,"cat":)" +
                    detail::trace_string(job.id) + R"(,"ph":"X","ts":)" + std::to_string(ts) +
                    R"(,"dur":)" + std::to_string(dur) + R"(,"pid":)" + std::to_string(p + 1) +
                    R"(,"tid":)" + std::to_string(slot + 1) + R"(,"args":{"job":)" +
                    detail::trace_string(job.id) + R"(,"status":")" +
                    std::string(schedule::status_name(l.result)) + "\"";
    if (!l.reason.empty()) e += R"(,"reason":)" + detail::trace_string(l.reason);
    e += "}}";
    add(e);
    // Its steps that ran, as slices nested in the leg's (same thread, inside its span).
    for (std::size_t k = 0; k < l.steps.size() && k < spec.steps.size(); ++k) {
      const schedule::step_run& s = l.steps[k];
      if (!(s.end > s.start)) continue;
      const long long sts = detail::trace_micros(s.start);
      std::string se = R"({"name":)" + detail::trace_string(spec.steps[k].name) +
                       R"(,"cat":"step","ph":"X","ts":)" + std::to_string(sts) + R"(,"dur":)" +
                       std::to_string(detail::trace_micros(s.end) - sts) + R"(,"pid":)" +
                       std::to_string(p + 1) + R"(,"tid":)" + std::to_string(slot + 1) +
                       R"(,"args":{"job":)" + detail::trace_string(job.id) + R"(,"step":)" +
                       detail::trace_string(spec.steps[k].id) + R"(,"outcome":")" +
                       std::string(schedule::status_name(s.outcome)) + R"(","conclusion":")" +
                       std::string(schedule::status_name(s.conclusion)) + "\"";
      if (!s.reason.empty()) se += R"(,"reason":)" + detail::trace_string(s.reason);
      se += "}}";
      add(se);
    }
  }
  if (events.empty()) return "{\"traceEvents\":[],\"displayTimeUnit\":\"ms\"}\n";
  return "{\"traceEvents\":[\n" + events + "\n],\"displayTimeUnit\":\"ms\"}\n";
}

PIPEWRIGHT_DECL std::string to_chrome_trace(const schedule::plan& p,
                                            const schedule::run_result& r) {
  return to_chrome_trace(std::span<const schedule::job_spec>(p.specs), r);
}

}  // namespace export_
}  // namespace v0
}  // namespace pipewright
