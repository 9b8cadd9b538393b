/// @file plan.hpp
/// Exports a plan (and optionally its run) as JSON (schema `pipewright.plan/1.4`, described in
/// docs/export.md), Graphviz DOT, a Mermaid flowchart and a Mermaid gantt chart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/run.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

/// The JSON plan schema's version tag (1.1 added each leg's `steps` to a run; 1.2 the
/// `undetermined` status, each job's `waits_for` and a pending matrix's `legs` count; 1.3
/// each job's `call` and `called_by`, for reusable workflows; 1.4 `startup_failure`, when
/// the workflow with the workflows it calls is not valid and the run fails at start).
inline constexpr std::string_view plan_schema = "pipewright.plan/1.4";

namespace detail {

/// Text for a quoted DOT string.
PIPEWRIGHT_DECL std::string dot_escape(std::string_view s);

/// Text for a Mermaid `["…"]` label: quotes become `#quot;`, brackets are safe inside.
PIPEWRIGHT_DECL std::string mermaid_escape(std::string_view s);

/// The nodes, wave ranks and edges of a plan's DOT graph, node ids prefixed with `prefix`
/// and lines with `indent` (plan_dot(), and one cluster per run of a cascade).
PIPEWRIGHT_DECL void dot_body(std::string& out, const schedule::plan& p,
                              const schedule::run_result* run, std::string_view prefix,
                              std::string_view indent);

/// The wave subgraphs and edges of a plan's Mermaid flowchart, ids prefixed with `prefix`.
PIPEWRIGHT_DECL void mermaid_body(std::string& out, const schedule::plan& p,
                                  std::string_view prefix, std::string_view indent);

/// Mermaid's `skipped` and `undetermined` classes over the jobs of `plans` (with their runs),
/// node ids prefixed with each plan's prefix.
struct mermaid_plan {
  const schedule::plan* plan;
  const schedule::run_result* run;
  std::string prefix;
};

PIPEWRIGHT_DECL void mermaid_classes(std::string& out, const std::vector<mermaid_plan>& plans);

}  // namespace detail

/// The plan (and, when given, its run) as a `pipewright.plan/1.4` JSON value.
PIPEWRIGHT_DECL value plan_json(const schedule::plan& p, const schedule::run_result* run = nullptr);

/// Appends the plan (and, when given, its run) to `out` as compact `pipewright.plan/1.4`
/// JSON: the text json::write(out, plan_json(p, run), json::compact_style) writes, with no
/// value built in between. `extra`'s members, when given, follow the plan's at its top level.
PIPEWRIGHT_DECL void write_plan_json(std::string& out, const schedule::plan& p,
                                     const schedule::run_result* run = nullptr,
                                     const object* extra = nullptr);

/// The job graph in Graphviz DOT: one node per job (a matrix job lists its legs), waves as
/// `rank=same` groups, edges from each needed job; skipped jobs (given a run) are dashed grey,
/// undetermined ones dotted with an `undetermined` label.
PIPEWRIGHT_DECL std::string plan_dot(const schedule::plan& p,
                                     const schedule::run_result* run = nullptr);

/// The job graph as a Mermaid flowchart: waves as subgraphs, matrix jobs with their leg
/// count, skipped jobs (given a run) in the `skipped` class, undetermined ones in the
/// `undetermined` class.
PIPEWRIGHT_DECL std::string plan_mermaid(const schedule::plan& p,
                                         const schedule::run_result* run = nullptr);

/// The job graph as JSON (`pipewright graph --format json`): `schema`
/// (`pipewright.graph/1.1`), `nodes` (each job's `id`, `wave`, `legs` — the leg count, null
/// while the matrix is invalid or pending with an unknown count — `matrix_pending` and, given
/// a run, `skipped` and `undetermined`), `edges` (`from` the needed job `to` the job) and
/// `waves` (job ids per wave).
PIPEWRIGHT_DECL value plan_graph_json(const schedule::plan& p,
                                      const schedule::run_result* run = nullptr);

/// A run as a Mermaid gantt chart: one section per job, one bar per leg that ran (seconds).
PIPEWRIGHT_DECL std::string run_gantt(const schedule::plan& p, const schedule::run_result& run);

}  // namespace export_
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/export/plan_impl.hpp"
#endif
