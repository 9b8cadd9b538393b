/// @file trace.hpp
/// Exports a simulated run as Chrome trace / Perfetto JSON (the Trace Event Format read by
/// chrome://tracing and ui.perfetto.dev): one complete event (`"ph":"X"`) per leg that ran,
/// `ts`/`dur` in microseconds, `pid` = runner pool, `tid` = the runner slot within the pool;
/// a leg's steps that ran are complete events nested inside it (`"cat":"step"`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/run.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

/// The run `r` of `jobs` (the specs simulate() ran) as a Chrome trace JSON document.
/// Pools are numbered from 1 in order of their first leg that ran (label "" is shown as
/// `(default)`); within a pool each leg takes the lowest slot free at its start, slots
/// numbered from 1. Legs that never started (skipped, cancelled while queued) have no event.
/// Deterministic: events are ordered by start time, then leg order.
PIPEWRIGHT_DECL std::string to_chrome_trace(std::span<const schedule::job_spec> jobs,
                                            const schedule::run_result& r);

/// The run of a plan (run_plan(p)) as a Chrome trace JSON document.
PIPEWRIGHT_DECL std::string to_chrome_trace(const schedule::plan& p, const schedule::run_result& r);

}  // namespace export_
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/export/trace_impl.hpp"
#endif
