/// @file run.hpp
/// What the scheduler works on and what it produces: job and leg specifications (after
/// matrix expansion), statuses with reasons, and run results with timelines and cost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

/// A job's or a leg's result, as GitHub reports it (`needs.<id>.result`), or `undetermined`:
/// a simulation's job whose `if:` (or matrix) reads a value known only at run time, such as
/// a needed job's outputs (docs/schedule.md, "Undetermined jobs"). GitHub never reports
/// `undetermined`, and an executor's run never gives it.
enum class status : std::uint8_t { success, failure, cancelled, skipped, undetermined };

/// `success`, `failure`, `cancelled`, `skipped` or `undetermined`.
constexpr std::string_view status_name(status s) noexcept {
  switch (s) {
    case status::success: return "success";
    case status::failure: return "failure";
    case status::cancelled: return "cancelled";
    case status::skipped: return "skipped";
    case status::undetermined: return "undetermined";
  }
  return "success";
}

class step_view;

/// What many legs' step conditions share (a plan's job: its steps' compiled `if:` and the
/// legs' contexts): evaluates step `step`'s `if:` for leg `leg`. A step_condition refers to
/// one with its leg and step, so a leg's steps hold no callable of their own.
class step_condition_source {
 public:
  step_condition_source() = default;
  step_condition_source(const step_condition_source&) = delete;
  step_condition_source& operator=(const step_condition_source&) = delete;
  virtual ~step_condition_source() = default;
  [[nodiscard]] virtual bool evaluate(const step_view& view, std::uint32_t leg,
                                      std::uint32_t step) const = 0;
};

/// A step's condition: true when the step should run, given the job's status and the steps
/// before it (see step_view). Empty means GitHub's default, `success()`. Either a callable
/// (any `bool(const step_view&)`) or a step of a shared step_condition_source (what a plan
/// builds: copying it copies a pointer, nothing is allocated).
class step_condition {
 public:
  step_condition() = default;
  step_condition(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor)
  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, step_condition> &&
           !std::is_same_v<std::remove_cvref_t<F>, std::nullptr_t> &&
           std::is_invocable_r_v<bool, F&, const step_view&>)
      step_condition(F&& f)  // NOLINT(google-explicit-constructor)
      : callable_(std::forward<F>(f)) {}
  /// Step `step` of leg `leg` of `source`.
  step_condition(std::shared_ptr<const step_condition_source> source, std::uint32_t leg,
                 std::uint32_t step) noexcept
      : source_(std::move(source)), leg_(leg), step_(step) {}

  /// False for the default, success().
  explicit operator bool() const noexcept { return source_ != nullptr || callable_ != nullptr; }
  /// Whether the step runs (an empty condition must not be called: it is success()).
  bool operator()(const step_view& view) const {
    return source_ != nullptr ? source_->evaluate(view, leg_, step_) : callable_(view);
  }

 private:
  std::function<bool(const step_view&)> callable_;
  std::shared_ptr<const step_condition_source> source_;
  std::uint32_t leg_ = 0;
  std::uint32_t step_ = 0;
};

/// One step of a leg, for the step-level model (SEMANTICS §5.4).
struct step_spec {
  std::string id;                    ///< its `id:`, or GitHub's generated one
  std::string name;                  ///< display name, e.g. `Run pytest`
  bool visible = true;               ///< whether `steps.<id>` shows it (false for a generated id)
  double duration = 0;               ///< seconds it takes when it runs to the end
  status outcome = status::success;  ///< how it ends if it runs: success, failure or cancelled
  bool continue_on_error = false;    ///< a failure gives outcome failure, conclusion success
  double timeout = 0;                ///< `timeout-minutes` in seconds; 0 for none
  step_condition condition;          ///< its normalised `if:`; empty = success()
  std::string condition_text = "success()";  ///< shown in reasons
};

/// One job instance: a matrix leg, or the single run of a job without a matrix.
struct leg_spec {
  leg_spec() = default;
  leg_spec(std::string leg_name, std::string runner_label, double seconds,
           status result = status::success)
      : name(std::move(leg_name)),
        runner(std::move(runner_label)),
        duration(seconds),
        outcome(result) {}

  std::string name;      ///< display name, e.g. `test (ubuntu-latest, 18)`
  value matrix;          ///< the leg's `matrix` context (null without a matrix)
  std::string runner;    ///< runner pool key (a `runs-on` label); "" is the default pool
  double duration = 60;  ///< seconds it takes when it runs to the end
  status outcome = status::success;  ///< how it ends if it runs: success, failure or cancelled
  bool continue_on_error = false;    ///< job-level continue-on-error, evaluated for this leg
  std::string concurrency_group;     ///< evaluated job-level group; "" for none
  bool cancel_in_progress = false;   ///< the group's cancel-in-progress, evaluated
  /// Its steps; when not empty they decide the leg's time and result (`duration` and
  /// `outcome` are then only the planning estimate). Empty: the job-level model.
  std::vector<step_spec> steps;
};

class condition_view;

/// A job's condition: true when it should run. Given the results so far (see
/// condition_view). Empty means GitHub's default, `success()`.
using condition = std::function<bool(const condition_view&)>;

/// No job: job_spec::called_by of a job that no job calls.
inline constexpr std::uint32_t no_job = 0xFFFFFFFFu;

/// One job of the plan.
struct job_spec {
  std::string id;
  std::vector<std::uint32_t> needs;          ///< indices of the jobs it needs (direct)
  schedule::condition condition;             ///< its normalised `if:`; empty = success()
  std::string condition_text = "success()";  ///< shown in reasons
  bool fail_fast = true;                     ///< strategy.fail-fast
  std::uint32_t max_parallel = 0;            ///< strategy.max-parallel; 0 = unlimited
  std::vector<leg_spec> legs;                ///< at least one, but none for a call
  /// Set when the job cannot start (its matrix is invalid): when its needs are done and its
  /// `if:` holds it fails with this reason, as GitHub reports the error on the job.
  std::string error;
  /// Set for a matrix that reads its needs' outputs (`fromJSON(needs.setup.outputs.m)`):
  /// builds the job's legs from the outputs produced during the run, when its needs have
  /// finished and its `if:` holds. `legs` then holds one placeholder standing for the
  /// unknown legs. An executor's run (execute(), execute_async()) calls it; a simulation,
  /// which produces no outputs, ends the job `undetermined` (see `pending`). An error fails
  /// the job, as GitHub does, with the error's message as the reason.
  std::function<result<std::vector<leg_spec>>(const condition_view&)> expand{};
  /// Set when the job's legs are known only at run time (a pending matrix): the references
  /// the matrix waits for, as written. A simulation ends such a job `undetermined` when it
  /// would start; an executor's run builds its legs (`expand`).
  std::vector<std::string> pending{};
  /// What `pending` belongs to, in reasons: "its matrix", or "the called workflow" for a
  /// call whose workflow the plan could not read (another repository's).
  std::string pending_source = "its matrix";
  /// For a job of a called workflow: the index of the calling job, whose decision starts
  /// it (no_job otherwise). Its `needs` are the called workflow's own.
  std::uint32_t called_by = no_job;
  /// For a job that calls a reusable workflow: the called workflow's jobs (of every leg of
  /// its matrix). It runs no leg of its own: when its `if:` holds they become eligible, and
  /// it ends when they have, with their conclusion (failure, else cancelled, else success).
  std::vector<std::uint32_t> calls{};
};

/// What a condition can see when its job's needs have finished.
class condition_view {
 public:
  /// `error`, when given, receives the message of a condition that could not be evaluated
  /// (see report_error()); `outputs`, when given, holds each job's outputs produced during
  /// the run (an executor's), which conditions prefer to those known before the run.
  /// `undetermined`, when given, makes this a simulation's view (see simulated()).
  condition_view(std::span<const job_spec> jobs, std::span<const status> results,
                 std::span<const char> finished, std::uint32_t job, bool cancelled,
                 std::string* error = nullptr, std::span<const value> outputs = {},
                 std::span<const leg_spec> legs = {},
                 std::vector<std::string>* undetermined = nullptr) noexcept
      : jobs_(jobs),
        results_(results),
        finished_(finished),
        job_(job),
        cancelled_(cancelled),
        error_(error),
        outputs_(outputs),
        legs_(legs),
        undetermined_(undetermined) {}

  /// True in a simulation, where values known only at run time (needed jobs' outputs, a
  /// repository not given) stay unknown: a condition that reads one may call
  /// report_undetermined(). False in an executor's run, where everything is known.
  [[nodiscard]] bool simulated() const noexcept { return undetermined_ != nullptr; }

  /// Called by a condition that cannot be decided before the run, with the references it
  /// waits for as written (`needs.changes.outputs.docs-only`): the simulation's
  /// undetermined policy then decides (simulate_options::undetermined).
  void report_undetermined(std::vector<std::string> waits_for) const;

  /// The job's legs: the plan's, or those its matrix got during the run (job_spec::expand).
  [[nodiscard]] std::span<const leg_spec> legs() const noexcept {
    return legs_.empty() ? std::span<const leg_spec>(jobs_[job_].legs) : legs_;
  }

  /// Outputs of job `j` produced during the run, or null when none were given.
  [[nodiscard]] const value* run_outputs(std::uint32_t j) const noexcept {
    return j < outputs_.size() && outputs_[j].is_object() ? &outputs_[j] : nullptr;
  }

  /// Called by a condition whose evaluation failed (e.g. `fromJSON` of invalid text): as on
  /// GitHub, the job then fails with `message` as the reason instead of being skipped.
  void report_error(std::string message) const {
    if (error_ != nullptr && error_->empty()) *error_ = std::move(message);
  }

  /// The job whose condition this is.
  [[nodiscard]] std::uint32_t job() const noexcept { return job_; }
  [[nodiscard]] std::span<const job_spec> jobs() const noexcept { return jobs_; }
  /// The result of a finished job.
  [[nodiscard]] status result(std::uint32_t j) const noexcept { return results_[j]; }
  /// Whether the run has been cancelled.
  [[nodiscard]] bool cancelled() const noexcept { return cancelled_; }

  /// GitHub's job-level success(): every job in the transitive needs closure succeeded and
  /// the run is not cancelled (a skipped ancestor makes it false).
  [[nodiscard]] bool success() const;
  /// GitHub's job-level failure(): some transitive ancestor failed.
  [[nodiscard]] bool failure() const;
  /// The needed jobs' results as `needs.<id>.result` sees them.
  [[nodiscard]] std::span<const std::uint32_t> needs() const noexcept { return jobs_[job_].needs; }

  /// Calls `fn(a)` once for every job in the transitive needs closure.
  template <class Fn>
  void for_each_ancestor(Fn&& fn) const {
    std::vector<char> seen(jobs_.size(), 0);
    std::vector<std::uint32_t> todo(jobs_[job_].needs.begin(), jobs_[job_].needs.end());
    while (!todo.empty()) {
      const std::uint32_t a = todo.back();
      todo.pop_back();
      if (a >= jobs_.size() || seen[a] != 0) continue;
      seen[a] = 1;
      fn(a);
      todo.insert(todo.end(), jobs_[a].needs.begin(), jobs_[a].needs.end());
    }
  }

 private:
  std::span<const job_spec> jobs_;
  std::span<const status> results_;
  std::span<const char> finished_;
  std::uint32_t job_;
  bool cancelled_;
  std::string* error_;
  std::span<const value> outputs_;
  std::span<const leg_spec> legs_;
  std::vector<std::string>* undetermined_;
};

/// Job `j`'s decision once its ancestors have finished, as an executor's run makes it:
/// `results` holds every job's result (those of `j`'s ancestors are read) and `outputs`
/// each job's outputs produced during the run (objects; any other value means none). True
/// when the job runs. A condition that cannot be evaluated (`fromJSON` of invalid text)
/// writes its message to `error`: GitHub then fails the job instead of skipping it. The
/// run is taken as not cancelled. This is what a gate of an exported run decides
/// (export/argo.hpp) and what `pipewright run --job ID --decide` prints.
PIPEWRIGHT_DECL bool decide_job(std::span<const job_spec> jobs, std::uint32_t j,
                                std::span<const status> results, std::span<const value> outputs,
                                std::string& error);

/// What happened to one step of a leg.
struct step_run {
  status outcome = status::skipped;     ///< `steps.<id>.outcome`
  status conclusion = status::skipped;  ///< `steps.<id>.conclusion` (after continue-on-error)
  std::string reason;  ///< why it was skipped, failed by a timeout or was cancelled
  double start = 0;
  double end = 0;
};

/// What a step's condition can see: the job's status so far (GitHub's step-level
/// success(), failure(), cancelled()), the steps before it and, when known, the job's view
/// of its needs.
class step_view {
 public:
  step_view(status job_status, std::span<const step_spec> steps, std::span<const step_run> done,
            std::string* error = nullptr, const condition_view* job = nullptr) noexcept
      : job_status_(job_status), steps_(steps), done_(done), error_(error), job_(job) {}

  /// `job.status`: success, failure or cancelled.
  [[nodiscard]] status job_status() const noexcept { return job_status_; }
  [[nodiscard]] bool success() const noexcept { return job_status_ == status::success; }
  [[nodiscard]] bool failure() const noexcept { return job_status_ == status::failure; }
  [[nodiscard]] bool cancelled() const noexcept { return job_status_ == status::cancelled; }
  /// Every step of the leg.
  [[nodiscard]] std::span<const step_spec> steps() const noexcept { return steps_; }
  /// The results of the steps before this one (`done().size()` is this step's index).
  [[nodiscard]] std::span<const step_run> done() const noexcept { return done_; }
  /// The job's view of its needs (results, outputs), or null.
  [[nodiscard]] const condition_view* job() const noexcept { return job_; }
  /// Called by a condition whose evaluation failed: the step then fails with `message`.
  void report_error(std::string message) const {
    if (error_ != nullptr && error_->empty()) *error_ = std::move(message);
  }

 private:
  status job_status_;
  std::span<const step_spec> steps_;
  std::span<const step_run> done_;
  std::string* error_;
  const condition_view* job_;
};

/// What happened to one leg.
struct leg_run {
  std::uint32_t job = 0;
  std::uint32_t leg = 0;
  status result = status::skipped;
  std::string reason;  ///< why it was skipped or cancelled; empty when it ran normally
  double ready = 0;    ///< when its job's needs were done and its condition held
  double start = 0;    ///< when it got a runner (== end when it never started)
  double end = 0;
  std::vector<step_run> steps;  ///< per step of its spec, when it ran with steps
  [[nodiscard]] bool ran() const noexcept { return end > start; }
};

/// A finished run.
struct run_result {
  std::vector<leg_run> legs;             ///< in job order, legs in order
  std::vector<status> job_results;       ///< per job: GitHub's `needs.<id>.result`
  std::vector<std::string> job_reasons;  ///< why a job was skipped or failed
  /// Per job: the references its undetermined `if:` or matrix waits for, as written; empty
  /// for a job the simulation could decide. Also set when the undetermined policy assumed
  /// an outcome (the job's reason says which).
  std::vector<std::vector<std::string>> job_waits;
  status conclusion = status::success;       ///< the workflow run's conclusion
  double makespan = 0;                       ///< seconds from the first start to the last end
  std::vector<std::uint32_t> critical_path;  ///< indices into `legs`, first to last
  double billed_minutes = 0;                 ///< GitHub's rule: each leg rounded up to a minute
  /// Busy runner-seconds / (capacity × makespan) per pool, for pools with a capacity.
  std::vector<std::pair<std::string, double>> utilization;
  /// Per job, the legs its matrix got during the run (job_spec::expand); empty for a job
  /// whose legs are the plan's. A leg_run's `leg` indexes these when they are present.
  std::vector<std::vector<leg_spec>> expanded;

  /// The spec of leg `r` of this run of `jobs`: the plan's, or the one expanded at run time.
  [[nodiscard]] const leg_spec& spec(std::span<const job_spec> jobs, const leg_run& r) const {
    if (r.job < expanded.size() && !expanded[r.job].empty()) return expanded[r.job][r.leg];
    return jobs[r.job].legs[r.leg];
  }
  /// The legs of job `j`: the plan's, or those its matrix got during the run.
  [[nodiscard]] std::span<const leg_spec> legs_of(std::span<const job_spec> jobs,
                                                  std::uint32_t j) const {
    if (j < expanded.size() && !expanded[j].empty()) return expanded[j];
    return jobs[j].legs;
  }
};

/// GitHub's per-minute multipliers of hosted runners (Linux 1, Windows 2, macOS 10), from
/// the runner label; a policy: pass your own to simulate().
PIPEWRIGHT_DECL double github_minute_multiplier(std::string_view runner) noexcept;

/// Minutes billed for a leg that ran `seconds`: rounded up to a whole minute.
PIPEWRIGHT_DECL double billed_minutes(double seconds) noexcept;

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/schedule/run_impl.hpp"
#endif
