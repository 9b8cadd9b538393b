/// @file plan.hpp
/// From a loaded workflow and an event to a plan: whether the workflow runs and why, each
/// job's matrix legs (display names, matrix values), needs as job indices, waves, and the
/// job_specs the simulator runs, whose conditions evaluate the job's `if:` with the event's
/// `github` context, the `needs` results and GitHub's job-level status functions.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/partial.hpp"
#include "pipewright/expr/reads.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/graph/resolve.hpp"
#include "pipewright/matrix/dynamic.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/reusable.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/run.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/trigger/on.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

/// A template interpolated for one leg.
struct interpolated {
  std::string text;                     ///< known expressions replaced, unknown ones as written
  std::vector<std::string> unresolved;  ///< bodies of the expressions left as written
  [[nodiscard]] bool complete() const noexcept { return unresolved.empty(); }
};

/// GitHub's maximum step `timeout-minutes` (PW0706 above it).
inline constexpr double max_step_timeout_minutes = 360;

/// What make_plan() needs besides the workflow.
struct plan_options {
  /// The event (default: a push to main).
  trigger::event event = trigger::push_event("refs/heads/main");
  /// How the `github` context is built (workflow name, run ids, …).
  trigger::context_options context{};
  /// The `vars` context (an object: every variable the repository defines). Null: not
  /// given, so a job's `if:` that reads `vars` is undetermined in a simulation (other
  /// places see an empty object).
  value vars{};
  /// The repository `owner/name` (`github.repository`, `github.repository_owner`). Empty: the
  /// event's, when it names one (a payload's `repository`); otherwise not known, so a job's
  /// `if:` that reads it (a fork guard) is undetermined in a simulation. The event's
  /// placeholder, `octo-org/octo-repo`, stands for "not given".
  std::string repository{};
  /// The `inputs` context; null: the inputs the trigger decision gives (dispatch/call).
  value inputs{};
  /// Seconds a leg takes when `durations` does not name its job or leg.
  double default_duration = 60;
  /// Seconds per job id or leg display name (matched ignoring case; a leg name wins), or
  /// per step as `JOB.STEP` (job id or leg name, step id or display name); a leg's other
  /// steps share its remaining time equally (docs/schedule.md, "Steps").
  std::vector<std::pair<std::string, double>> durations{};
  /// How legs end when they run, per job id or leg display name (default: success), or per
  /// step as `JOB.STEP`; a leg-level failure or cancellation goes to the leg's last step.
  std::vector<std::pair<std::string, status>> outcomes{};
  /// The matrix policies (limit and equality), erased: expands one job's matrix. Empty:
  /// `matrix::expand` with GitHub's limit and equality. basic_engine sets it from its bundle.
  std::function<result<std::vector<matrix::leg>>(const value&, const matrix::options&)>
      expand_matrix{};
  /// The matrix policies as a compiler (`matrix::compile` with a limit and an equality),
  /// used when `expand_matrix` is empty: the plan then builds each leg's values once, for
  /// its name and its spec, and no leg ids. Empty: GitHub's limit and equality.
  /// basic_engine sets it from its bundle.
  std::function<result<matrix::space>(const value&, const matrix::options&)> compile_matrix{};
  /// Host functions (the function-set policy) for the job and step `if:` the plan compiles;
  /// the workflow must have been read with the same functions (read_options).
  std::vector<expr::user_function> functions{};
  /// hashFiles() in step conditions (the workspace policy). Empty: the plan has no
  /// workspace, so hashFiles() matches nothing and returns ''.
  expr::hash_files_policy hash_files{};
  /// The text of a called workflow (`uses: ./.github/workflows/x.yml`, or a local copy of
  /// `owner/repo/path@ref`), nullopt when there is none (the workspace policy). With it and
  /// `load_workflow`, a job that calls a reusable workflow is planned with the called
  /// workflow's jobs; a local call it cannot find is PW0707. Empty: calls are not expanded,
  /// each is one undetermined job (PW0708).
  model::workflow_resolver resolve_workflow{};
  /// Reads a called workflow's text (as the top workflow was read: same functions).
  model::workflow_loader load_workflow{};
  /// Most levels of workflows, the top one included (GitHub.com: 10); PW0421 beyond it.
  std::size_t max_call_levels = model::github_max_call_levels;
};

/// One planned leg.
struct plan_leg {
  std::string name;  ///< GitHub's display name
  value matrix;      ///< the leg's `matrix` context (null without a matrix)
};

/// A job's call of a reusable workflow (`jobs.<id>.uses`).
struct plan_call {
  std::string uses;  ///< as written
  /// Whether the called workflow's jobs are in the plan (`jobs`); otherwise `note` says why.
  bool expanded = false;
  std::string note;
  /// One call per leg of the calling job's matrix (one without a matrix): the leg's name,
  /// its `inputs` (typed, defaults applied; those known only at run time left out and
  /// named in `unknown_inputs`).
  std::vector<std::string> instances;
  std::vector<value> inputs;
  std::vector<std::vector<std::string>> unknown_inputs;
  bool secrets_inherit = false;      ///< `secrets: inherit`
  std::vector<std::string> secrets;  ///< the secrets passed by name
  std::vector<std::string> outputs;  ///< the called workflow's `on.workflow_call.outputs`
  std::vector<std::uint32_t> jobs;   ///< the called workflow's jobs, as plan indices
};

/// One planned job.
struct plan_job {
  std::string id;
  std::string name;                     ///< display name (the job's plain `name:`, else its id)
  std::vector<std::uint32_t> needs;     ///< direct needs, as job indices
  std::string condition = "success()";  ///< the normalised `if:`
  std::uint32_t wave = 0;               ///< its wave (0 = no needs)
  std::string runs_on;                  ///< first `runs-on` label (of the first leg)
  bool has_matrix = false;
  /// Set when the matrix is an expression that cannot be evaluated before the run (it
  /// reads `needs` outputs, or fails): one placeholder leg (in `legs` and the job_spec, not
  /// a real leg: exports leave it out) stands for the unknown legs.
  bool matrix_pending = false;
  /// A pending matrix's leg count when it is known anyway (an `include:`-only matrix whose
  /// list is literal); empty: unknown.
  std::optional<std::uint32_t> pending_legs;
  /// What a pending matrix waits for, as written (`needs.setup.outputs.matrix`).
  std::vector<std::string> matrix_waits;
  std::string matrix_expression;          ///< the pending matrix as written
  std::vector<std::string> matrix_needs;  ///< jobs whose outputs the pending matrix reads
  std::string matrix_reason;              ///< why the matrix is pending, in one sentence
  /// Set when the matrix is invalid (the first error's message): GitHub fails the job when
  /// it would start (job_spec::error); its one leg stands for the job.
  std::string matrix_error;
  std::vector<plan_leg> legs;  ///< none for a call: its called jobs have the legs
  /// Set for a job that calls a reusable workflow.
  std::optional<plan_call> call;
  /// For a job of a called workflow: the calling job's index (no_job otherwise). Its `id`
  /// is `<calling job id>/<id>` (`<calling job id>[k]/<id>` for the k-th leg of a calling
  /// matrix) and its `name` `<calling leg name> / <display name>`, GitHub's check run name.
  std::uint32_t called_by = no_job;
  std::uint32_t level = 1;  ///< levels of workflows down to it: 1 in the top workflow
};

/// A workflow planned for one event.
struct plan {
  bool runs = false;  ///< whether the event starts the workflow
  /// Set when the run fails at start (GitHub's `startup_failure`): the workflow, with the
  /// workflows it calls, is not valid (a called workflow that is missing or invalid, a
  /// required input not given, a literal input of the wrong type, a limit). No job runs;
  /// `runs` is then false and the reason says why.
  std::string startup_failure;
  std::string event;                 ///< the event in words
  std::vector<std::string> reasons;  ///< the trigger decision's reasons
  std::string summary;               ///< the trigger decision in one line
  value github;                      ///< the `github` context of the event
  value inputs;                      ///< the `inputs` context
  value vars;                        ///< the `vars` context
  /// Whether the repository was given (plan_options::repository or the event's payload);
  /// when not, `github.repository` and the like are unknown (see unknown_before_run()).
  bool repository_known = true;
  /// Whether `vars` were given (plan_options::vars); when not, `vars` reads are unknown.
  bool vars_known = true;
  std::vector<plan_job> jobs;
  std::vector<std::vector<std::uint32_t>> waves;  ///< job indices per wave
  std::vector<job_spec> specs;                    ///< for simulate(), one per job
  /// The workflow-level `concurrency` group, evaluated for the event ("" for none), and its
  /// cancel-in-progress; for simulate_runs() (see as_workflow_run()).
  std::string concurrency_group;
  bool cancel_in_progress = false;
  std::vector<diagnostic> diagnostics;  ///< graph problems, expressions that failed
  /// The host functions it was planned with (plan_options::functions), for the step
  /// expressions a host evaluates when it runs the legs (leg_call::functions).
  std::vector<expr::user_function> functions;
};

namespace detail {

/// `text` with the `${{ }}` expressions that `contexts` determines replaced; the others stay
/// as written and are listed in `unresolved`.
PIPEWRIGHT_DECL interpolated interpolate_text(std::string_view text, const value& contexts);
/// A step's display name: its `name:`, else GitHub's `Run <uses>` / `Run <first line>`.
PIPEWRIGHT_DECL std::string step_name(const model::step& st, const value& contexts);
/// A normalised `success() && (…)` that is false because of a needed job: say which.
PIPEWRIGHT_DECL void name_culprits(const plan& p, run_result& r);

}  // namespace detail

/// Whether `path` (context name, then keys) reads a value that neither the event nor the
/// options determine: the repository (`github.repository`, `repository_owner`,
/// `repository_id`, `repositoryUrl`, `event.repository`) when it was not given, `vars` when
/// they were not given.
PIPEWRIGHT_DECL bool unknown_before_run(std::span<const std::string> path, bool repository_unknown,
                                        bool vars_unknown);

/// The options job `mj`'s matrix expands with: its `name:` (a template is evaluated per leg),
/// the contexts `job_ctx`, strategy.fail-fast and max-parallel as planned, and its path.
/// make_plan() and `pipewright matrix --job` build them here, so both name legs alike.
PIPEWRIGHT_DECL matrix::options matrix_options_for(const model::job& mj, const value& job_ctx,
                                                   bool fail_fast, std::uint32_t max_parallel);

/// Plans `wf` for `options.event`. Never throws on bad input: problems (unknown needs,
/// cycles, matrices that do not expand, `if:` that do not compile) are diagnostics, and the
/// plan is still built as far as it goes.
PIPEWRIGHT_DECL result<plan> make_plan(const model::workflow& wf, const plan_options& options = {});

/// The plan as one of several runs for simulate_runs(), arriving at `arrival` seconds. The
/// result refers to `p.specs`: keep the plan alive while it is used.
PIPEWRIGHT_DECL workflow_run as_workflow_run(const plan& p, double arrival = 0);

/// The transitive needs of job `j` (its ancestors), as indices into `p.jobs` in plan order.
PIPEWRIGHT_DECL std::vector<std::uint32_t> ancestors(const plan& p, std::uint32_t j);

/// Runs a plan: simulate() when the workflow runs for the event, else every leg skipped
/// with the trigger decision as the reason.
PIPEWRIGHT_DECL run_result run_plan(const plan& p, const simulate_options& options = {});

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/schedule/plan_impl.hpp"
#endif
