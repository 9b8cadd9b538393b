/// @file simulate.hpp
/// Runs a plan in simulated time: GitHub's status propagation (needs, `if`, fail-fast,
/// continue-on-error, concurrency groups) under a scheduling policy (declaration order or
/// critical path first) with runner pools and max-parallel, producing a timeline, the
/// critical path and the billed minutes. Monte-Carlo runs give makespan percentiles and
/// failure rates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/schedule/policies.hpp"
#include "pipewright/schedule/run.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

/// Which ready leg gets a free runner first.
enum class order_policy : std::uint8_t {
  declaration,          ///< first come, first served; ties by declaration order (FIFO)
  critical_path_first,  ///< the leg with the longest remaining path first
};

/// A runner pool: legs whose `runner` equals `label` share `capacity` runners.
struct runner_pool {
  std::string label;
  std::uint32_t capacity = 1;
};

/// What a simulation does with a job it cannot decide: an `if:` that reads a value known
/// only at run time (a needed job's outputs, a repository not given), or that depends on an
/// undetermined need's result.
enum class undetermined_policy : std::uint8_t {
  report,        ///< the job is `undetermined`: it does not run, and neither do jobs that wait
                 ///< on its result (unless their own condition decides regardless)
  assume_true,   ///< the condition is taken as true: the job runs
  assume_false,  ///< the condition is taken as false: the job is skipped
};

/// Options of simulate().
struct simulate_options {
  order_policy order = order_policy::critical_path_first;
  /// What an undetermined condition does (an executor's run has none: it knows everything).
  /// A job whose legs are known only at run time (a pending matrix) stays `undetermined`
  /// whatever the policy.
  undetermined_policy undetermined = undetermined_policy::report;
  /// Pools with a limited capacity; any other runner label is unlimited.
  std::vector<runner_pool> pools;
  /// The per-minute multiplier of a runner label (billing policy).
  std::function<double(std::string_view)> minute_multiplier = github_minute_multiplier;
  /// A scheduling policy (see policies.hpp) replacing `order` when set: which ready leg
  /// gets a runner first.
  std::function<bool(const ready_leg&, const ready_leg&)> before{};
  /// Sees legs become ready, start, finish, get skipped or cancelled; null for none.
  schedule::observer* observer = nullptr;
  /// Legs that may run at once across every runner label (0: no limit besides the pools).
  std::uint32_t max_running = 0;
  /// Cancels the run when requested (as GitHub's "Cancel workflow"): running legs are
  /// stopped, waiting ones cancelled, and only `always()`/`cancelled()` jobs still start.
  /// Honoured by the asynchronous executor (execute_async()); a simulation never waits.
  std::stop_token stop{};
};

/// One run of a workflow among several (simulate_runs()): its jobs, when its event
/// arrives, and its evaluated workflow-level `concurrency`.
struct workflow_run {
  std::span<const job_spec> jobs;  ///< needs index jobs of this run
  double arrival = 0;              ///< seconds; when the event starts the run
  std::string concurrency_group;   ///< evaluated workflow-level group; "" for none
  bool cancel_in_progress = false;
};

/// A leg as it ran: how long it took, how it ended, its steps and the job outputs it
/// produced. What an executor gives the scheduler when a leg starts.
struct leg_execution {
  double duration = 0;
  status result = status::success;  ///< success, failure or cancelled
  std::vector<step_run> steps;      ///< per step, absolute times; empty for the job-level model
  value outputs;                    ///< job outputs it produced (an object), or null
};

/// GitHub's step-level model (SEMANTICS §5.4) of a leg that starts at `start`: `job.status`
/// starts at success; each step's condition (default `success()`) is evaluated just before
/// it with the step-level status functions over that status and the results of the steps
/// before it (`job`, when given, is the job's view of its needs); a false condition skips the
/// step (outcome = conclusion = skipped), one that fails to evaluate fails it; a step that
/// runs takes its duration, or fails at its timeout; `continue-on-error` turns a failure's
/// conclusion into success; a failed conclusion sets the job to failure and a cancelled step
/// the job to cancelled (which stays). The leg ends with the job's status. O(steps).
PIPEWRIGHT_DECL leg_execution run_steps(std::span<const step_spec> steps, double start,
                                        const condition_view* job = nullptr);

/// Runs a leg when it starts (the scheduler's executor hook): given the job, the leg, the
/// start time and the job's view of its needs (results, outputs produced so far).
using leg_runner = std::function<leg_execution(std::uint32_t job, std::uint32_t leg, double start,
                                               const condition_view& view)>;

/// Reports how a started leg ended. Call it exactly once per started leg, from any thread,
/// also when the leg was stopped (then with status::cancelled); `duration` is the time the
/// leg took, in seconds.
using leg_finished = std::function<void(leg_execution)>;

/// Starts a leg (the asynchronous executor hook): given the job, the leg, the start time, the
/// job's view of its needs, a stop token that is requested when GitHub would cancel the leg
/// (fail-fast, cancel-in-progress, a cancelled run) and the completion callback. It returns
/// at once (or after calling `done`); the scheduler keeps starting other legs meanwhile.
using leg_starter =
    std::function<void(std::uint32_t job, std::uint32_t leg, double start,
                       const condition_view& view, std::stop_token stop, leg_finished done)>;

namespace detail {

/// Runs the scheduler on `jobs` with `runner` as the executor hook (execute()): the run
/// summarised as simulate() does (makespan, critical path, billing).
PIPEWRIGHT_DECL run_result simulate_with(std::span<const job_spec> jobs,
                                         const simulate_options& options, leg_runner runner);

/// The asynchronous form (execute_async()): each leg that runs is handed to `starter`;
/// `options.stop` wakes the scheduler while it waits for a completion.
PIPEWRIGHT_DECL run_result simulate_with(std::span<const job_spec> jobs,
                                         const simulate_options& options, leg_starter starter);

}  // namespace detail

/// Simulates one run of `jobs` (each job's `needs` must index earlier or later jobs of the
/// same span; a cycle leaves its jobs skipped with a reason). Deterministic: the same input
/// gives the same timeline.
PIPEWRIGHT_DECL run_result simulate(std::span<const job_spec> jobs,
                                    const simulate_options& options = {});

/// Simulates several runs of workflows that share runners and concurrency groups: each run
/// starts when its event arrives, unless its workflow-level `concurrency` group holds a run
/// in progress; then it waits as the group's one pending run (a newer arrival replaces and
/// cancels it) and, with `cancel-in-progress`, cancels the one in progress. Job-level groups
/// apply across runs too. Returns one result per run, in the order given (leg and job
/// indices local to that run; times on the common clock).
PIPEWRIGHT_DECL std::vector<run_result> simulate_runs(std::span<const workflow_run> runs,
                                                      const simulate_options& options = {});

/// Percentiles and rates over many simulated runs.
struct monte_carlo_result {
  std::size_t runs = 0;
  double makespan_p50 = 0;
  double makespan_p95 = 0;
  double billed_minutes_mean = 0;
  double failure_rate = 0;               ///< share of runs that concluded `failure`
  std::vector<double> job_failure_rate;  ///< per job: share of runs where it failed
  std::vector<double> job_skip_rate;     ///< per job: share of runs where it was skipped
  /// Per job: share of runs where it was undetermined (simulate_options::undetermined).
  std::vector<double> job_undetermined_rate;
};

/// Runs `runs` simulations where each leg of job j fails with probability
/// `failure_probability[j]` (a missing entry is 0; a leg with n steps fails at each step with
/// probability 1 - (1 - p)^(1/n)), drawing from a SplitMix64 generator seeded with `seed`;
/// everything else as simulate(). Deterministic for a given seed, the same with every
/// standard library.
PIPEWRIGHT_DECL monte_carlo_result monte_carlo(std::span<const job_spec> jobs,
                                               std::span<const double> failure_probability,
                                               std::size_t runs, std::uint64_t seed,
                                               const simulate_options& options = {});

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/schedule/simulate_impl.hpp"
#endif
