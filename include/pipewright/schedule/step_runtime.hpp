/// @file step_runtime.hpp
/// GitHub's step rules for a host that really runs a leg (SEMANTICS §5.4): which step runs
/// next (its `if:` with the job's status and the `steps` context so far), its script, shell,
/// working directory and environment interpolated with everything known at that moment
/// (outputs and `GITHUB_ENV`/`GITHUB_PATH` additions of the steps before it), its timeout and
/// continue-on-error; then the leg's result and its job `outputs:`. The host only starts
/// processes: no I/O happens here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/callback.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/run.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

/// A step ready to execute.
struct step_command {
  std::size_t index = 0;  ///< into the job's steps (a `parallel:` group's steps flattened)
  std::string id;
  std::string name;  ///< display name
  /// A `uses:` step: the action is named in `uses`; a host that only runs scripts reports it
  /// with skip_action().
  bool action = false;
  std::string uses;
  std::string script;  ///< the `run:` text, interpolated
  /// The shell as written (`bash`, `sh`, `pwsh`, `python`, or a command with `{0}`); from
  /// the step, else `defaults.run` of the job, else the workflow; "" for the default.
  std::string shell;
  std::string working_directory;  ///< likewise; "" for the workspace itself
  /// The step's environment: workflow, job, `GITHUB_ENV` additions, then the step's own
  /// (later entries win; names compare ignoring case as on GitHub's runners).
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> path;  ///< `GITHUB_PATH` additions, newest first
  double timeout = 0;             ///< seconds (`timeout-minutes`); 0: none
  bool continue_on_error = false;
  /// Expressions that could not be evaluated (kept as written in the text), with why.
  std::vector<std::string> problems;
};

/// What a step did, as the host observed it.
struct step_result {
  status outcome = status::success;                          ///< success, failure or cancelled
  std::vector<std::pair<std::string, std::string>> outputs;  ///< from GITHUB_OUTPUT
  std::vector<std::pair<std::string, std::string>> env;      ///< from GITHUB_ENV
  std::vector<std::string> path;                             ///< from GITHUB_PATH
  double start = 0;                                          ///< seconds since the leg started
  double end = 0;                                            ///< seconds since the leg started
  std::string reason;  ///< e.g. "timed out after 1 minute"; empty when it ran normally
};

/// How a step_runtime evaluates its steps.
struct step_runtime_options {
  /// Host functions for the step `if:`s, besides GitHub's built-ins; when empty, the leg
  /// call's (the plan's, which an engine plans with its function set). The steps' other
  /// expressions were compiled when the workflow was read, with the reader's functions.
  std::vector<expr::user_function> functions{};
};

/// Runs GitHub's step rules for one leg. Use: `while (auto c = rt.next(stopped)) { … run c …;
/// rt.record(result); }`, then `rt.outcome(duration)`.
class step_runtime {
 public:
  explicit step_runtime(const leg_call& call, step_runtime_options options = {});

  /// Seconds the whole leg may take (`jobs.<id>.timeout-minutes`, GitHub's default 360).
  [[nodiscard]] double job_timeout() const noexcept { return job_timeout_; }

  /// The job's status as its steps see it (`job.status`).
  [[nodiscard]] status job_status() const noexcept { return job_status_; }

  /// The next step to execute, after recording as skipped those before it whose `if:` is
  /// false; nullopt when no step is left. `cancelled`: the run or leg was cancelled, so
  /// only steps whose `if:` holds under cancelled() (e.g. `always()`) still run.
  std::optional<step_command> next(bool cancelled = false);

  /// Records what the step last returned by next() did.
  void record(const step_result& r);

  /// Records the step last returned by next() as not executed (an action step run by a host
  /// that only runs scripts): outcome and conclusion skipped, with `reason`.
  void skip_current(std::string reason);

  /// The leg's outcome: its result from the steps (or `cancelled`), its job `outputs:`
  /// evaluated with the final `steps` context, and the per-step record.
  [[nodiscard]] leg_outcome outcome(double duration) const;

  /// The per-step record so far.
  [[nodiscard]] const std::vector<step_run>& runs() const noexcept { return runs_; }
  /// The steps of the job (a `parallel:` group flattened).
  [[nodiscard]] const std::vector<const model::step*>& steps() const noexcept { return steps_; }

 private:
  static void put(std::vector<std::pair<std::string, std::string>>& env, std::string_view k,
                  std::string v);

  static value env_object(const std::vector<std::pair<std::string, std::string>>& env);

  /// A template's text for `contexts`; on an evaluation error the text as written, and the
  /// error in `problems`.
  static std::string text_of(const model::template_value& t, const value& contexts,
                             std::vector<std::string>& problems);

  void add_env(const model::template_map& m, std::vector<std::pair<std::string, std::string>>& out);

  std::string setting(const std::optional<model::template_value>& own,
                      std::optional<model::template_value> model::defaults::*field,
                      const value& contexts, std::vector<std::string>& problems) const;

  /// The step's `if:` (SEMANTICS §1.10): status functions see the job's status.
  bool decide(const model::step& st, const value& contexts, std::string& error) const;

  void fail();

  void set_job_status() {
    contexts_.as_object().insert_or_assign(
        "job", value::make_object({{"status", value(status_name(job_status_))}}));
  }

  /// Makes step `i` visible in the `steps` context (unless its id was generated).
  void publish(std::size_t i, const std::vector<std::pair<std::string, std::string>>& outputs);

  const leg_call& call_;
  std::vector<expr::user_function> functions_;
  std::vector<const model::step*> steps_;
  std::vector<step_run> runs_;
  value contexts_;
  std::vector<std::pair<std::string, std::string>> job_env_;
  std::vector<std::pair<std::string, std::string>> added_env_;
  std::vector<std::string> path_;
  std::size_t next_ = 0;
  std::size_t current_ = static_cast<std::size_t>(-1);
  bool current_continue_ = false;
  status job_status_ = status::success;
  double job_timeout_ = 360 * 60;
  double clock_ = 0;
};

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/schedule/step_runtime_impl.hpp"
#endif
