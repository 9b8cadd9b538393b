/// @file callback.hpp
/// The callback executor for host tools: runs a plan job by job in dependency order and
/// hands each leg that runs, with its steps, to a callable. `env`, `with`, `run` and names
/// arrive interpolated for that leg (`github`, `inputs`, `vars`, `matrix`, `strategy` and
/// `needs` evaluated); expressions the plan cannot know (`steps`, `secrets`, `env`, `runner`,
/// `job`, or one that fails) are left as written and listed. The callable returns the leg's
/// outcome and outputs; outputs flow to `needs.<id>.outputs` of dependents (their `if:` and
/// their interpolation), the last leg of a matrix to finish winning. Legs are scheduled by
/// the simulator's policies (runner pools, max-parallel, concurrency groups).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/run.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

/// One step of a leg, interpolated.
struct step_call {
  std::string id;
  interpolated name;
  std::string uses;  ///< empty for a `run:` step
  interpolated run;  ///< empty for an action step
  std::vector<std::pair<std::string, interpolated>> env;
  std::vector<std::pair<std::string, interpolated>> with;
};

/// One leg as the executor receives it.
struct leg_call {
  std::string job;   ///< job id
  std::string name;  ///< the leg's display name
  std::uint32_t leg = 0;
  value matrix;  ///< the leg's `matrix` context (null without a matrix)
  value needs;   ///< the `needs` context the leg saw
  /// Workflow-level then job-level env (a job key replaces a workflow key).
  std::vector<std::pair<std::string, interpolated>> env;
  std::vector<step_call> steps;
  /// The contexts known when the leg starts: `github`, `inputs`, `vars`, `matrix`,
  /// `strategy` and `needs` (an object). A host that runs steps evaluates the rest
  /// (`steps`, `env`, `job`, `runner`) as they become known (see step_runtime.hpp).
  value contexts;
  /// The workflow and job the leg belongs to; they outlive the call.
  const model::workflow* workflow = nullptr;
  const model::job* model_job = nullptr;
  const job_spec* spec = nullptr;  ///< the plan's job_spec (legs, fail-fast, steps)
  /// This leg's spec: one of `spec->legs`, or of the legs its matrix got from its needs'
  /// outputs during the run (job_spec::expand).
  const leg_spec* planned = nullptr;
  /// The plan's host functions (the engine's function set), for the step `if:`s a host
  /// evaluates (step_runtime); they outlive the call.
  std::span<const expr::user_function> functions;
};

/// What the executor reports for a leg.
struct leg_outcome {
  status result = status::success;  ///< success, failure or cancelled
  double duration = 60;             ///< seconds, for the timeline and billing
  std::vector<std::pair<std::string, std::string>> outputs;  ///< job outputs it produced
  /// Per step of the job, when the executor ran steps (outcome, conclusion, reason, start
  /// and end relative to the leg's start); may be empty.
  std::vector<step_run> steps;
};

/// A synchronous executor: called once per leg that runs, when it starts on the
/// scheduler's clock (legs starting at the same moment in scheduling-policy order); it
/// returns the leg's outcome.
template <class E>
concept leg_executor = requires(E& e, const leg_call& c) {
  { e(c) } -> std::convertible_to<leg_outcome>;
};

/// Reports a leg's outcome: called exactly once per started leg, from any thread, also
/// after a stop was requested (then with status::cancelled).
using leg_done = std::function<void(leg_outcome)>;

/// An asynchronous executor: `start` begins a leg and returns at once; the leg reports its
/// end through `done`, from any thread, in any order. `stop` is requested when GitHub
/// would cancel the leg (fail-fast, cancel-in-progress, timeouts of the run, a cancelled
/// run); the executor then stops the leg's work and still calls `done`.
template <class E>
concept executor = requires(E& e, leg_call c, std::stop_token stop, leg_done done) {
  e.start(std::move(c), stop, std::move(done));
};

/// The adapter from the synchronous style: `start` calls the callable and reports at once.
template <leg_executor F>
struct sync_executor {
  F f;
  void start(leg_call c, std::stop_token /*stop*/, leg_done done) {
    done(static_cast<leg_outcome>(f(std::as_const(c))));
  }
};

namespace detail {

/// The `github`, `inputs` and `vars` contexts of plan `p`.
PIPEWRIGHT_DECL value base_contexts(const plan& p);

/// Leg `k` of job `j` as an executor receives it, interpolated with the contexts known
/// when it starts (`view`: its needs' results and the outputs produced so far).
PIPEWRIGHT_DECL leg_call make_leg_call(const model::workflow& wf, const plan& p, const value& base,
                                       std::uint32_t j, std::uint32_t k,
                                       const condition_view& view);

/// A leg's outcome as the scheduler records it.
PIPEWRIGHT_DECL leg_execution to_execution(const leg_outcome& o, double start);

}  // namespace detail

/// Runs plan `p` of workflow `wf` (made by make_plan(wf, …)) through `executor` on the
/// scheduler simulate() uses: each job is decided as there (needs, `if:` with the outputs
/// produced so far, status functions), and each leg that runs is passed to `executor` when
/// it starts on the scheduler's clock, so runner pools (`options.pools`), the scheduling
/// order (`options.order`), `max-parallel` and concurrency groups apply, and fail-fast
/// cancels legs that have not started yet (never called) and those running (called, then
/// cancelled). The reported durations drive the clock, makespan and billed minutes; outputs
/// reach dependents when the leg ends. When the workflow does not run, nothing is called.
template <leg_executor Executor>
run_result execute(const model::workflow& wf, const plan& p, Executor&& executor,
                   const simulate_options& options = {}) {
  if (!p.runs || p.specs.size() != wf.jobs.size()) return run_plan(p, options);
  const value base = detail::base_contexts(p);
  leg_runner runner = [&](std::uint32_t j, std::uint32_t k, double start,
                          const condition_view& view) -> leg_execution {
    const leg_call call = detail::make_leg_call(wf, p, base, j, k, view);
    return detail::to_execution(executor(call), start);
  };
  run_result r = detail::simulate_with(p.specs, options, std::move(runner));
  detail::name_culprits(p, r);
  return r;
}

/// Runs plan `p` of workflow `wf` through an asynchronous executor: each leg that runs is
/// started with `executor.start(call, stop, done)` and the scheduler keeps deciding and
/// starting other legs while it runs; completions may arrive out of order and from any
/// thread. GitHub's rules apply as in execute(): needs and `if:` with the outputs produced so
/// far, max-parallel, runner pools and `options.max_running`, concurrency groups; fail-fast
/// and cancel-in-progress request the stop of running legs, and `options.stop` cancels the
/// whole run. The clock is the executor's: a leg ends at its start plus the duration it
/// reports. Returns when every started leg has reported.
template <executor Executor>
run_result execute_async(const model::workflow& wf, const plan& p, Executor& executor,
                         const simulate_options& options = {}) {
  if (!p.runs || p.specs.size() != wf.jobs.size()) return run_plan(p, options);
  const value base = detail::base_contexts(p);
  leg_starter starter = [&](std::uint32_t j, std::uint32_t k, double start,
                            const condition_view& view, std::stop_token stop,
                            leg_finished finished) {
    executor.start(detail::make_leg_call(wf, p, base, j, k, view), std::move(stop),
                   [finished = std::move(finished), start](leg_outcome o) {
                     finished(detail::to_execution(o, start));
                   });
  };
  run_result r = detail::simulate_with(p.specs, options, std::move(starter));
  detail::name_culprits(p, r);
  return r;
}

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/schedule/callback_impl.hpp"
#endif
