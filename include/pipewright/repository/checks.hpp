/// @file checks.hpp
/// Required status checks against the check runs a repository's workflows report for an
/// event (docs/repository.md).
///
/// check_runs() lists, for one planned workflow, every check run GitHub would create: one per
/// job, or per matrix leg (`job (a, b)`, the names the plan gives its legs), and for a job that
/// calls a reusable workflow one per job of the called workflow, `<caller> / <callee job>`.
/// Each carries what happens to it for the event: it runs and reports, it is skipped by its
/// `if:` (GitHub reports a skipped check run, which counts as passing), it is undetermined,
/// or its workflow does not start.
///
/// verdicts() matches each required context against those names:
/// - `reported`: a started workflow reports it;
/// - `never-reported`: no job of any workflow the event starts has that name (suggestions: the
///   nearest names, the legs of a matrix job first);
/// - `may-not-report`: the workflow that would report it does not run for these changes (its
///   filters), or the job is undetermined, or a called workflow is not available: GitHub then
///   leaves the check pending, and the pull request waits;
/// - `skipped-passes`: every job that reports it is skipped by its `if:`; GitHub counts the
///   skipped check as passing, so the requirement protects nothing;
/// - `ambiguous`: several jobs (of one workflow or several) report the same name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/repository/protection.hpp"
#include "pipewright/schedule/plan.hpp"

namespace pipewright {
inline namespace v0 {
namespace repository {

/// What happens to one check run for the event.
enum class run_state {
  reported,      ///< its job runs (whatever its conclusion)
  skipped,       ///< its job is skipped (by its `if:`, or a needed job's result)
  undetermined,  ///< its job's `if:` waits for a value known only at run time
  not_started,   ///< its workflow does not run for the event
  unknown_name,  ///< a called workflow that is not available: the names of its jobs are not known
};

[[nodiscard]] inline std::string_view run_state_name(run_state s) noexcept {
  switch (s) {
    case run_state::reported: return "reported";
    case run_state::skipped: return "skipped";
    case run_state::undetermined: return "undetermined";
    case run_state::not_started: return "not-started";
    case run_state::unknown_name: return "unknown-name";
  }
  return "unknown";
}

/// One check run a workflow would create.
struct check_run {
  std::string name;           ///< the name GitHub gives it (for unknown_name: the caller's)
  std::string workflow;       ///< the workflow's file
  std::string workflow_name;  ///< its `name:` (the file when it has none)
  std::string job;            ///< the plan's job id (`caller/callee`, `caller[k]/callee`)
  run_state state = run_state::reported;
  /// Why it is skipped, undetermined or not started; for not_started, whether the workflow
  /// listens to the event at all (its filters keep it from running) is in `listens`.
  std::string reason;
  bool listens = false;
};

/// The check runs of workflow `wf` (file `file`), planned as `p` with `options` and run as
/// `r` (run_plan()). The plan has the jobs of the workflows `wf` calls (plan_options::
/// resolve_workflow): their legs' names are GitHub's check-run names, `<caller> / <callee>`.
/// A call the plan could not expand (another repository's workflow without a copy, a missing
/// file, a nesting or size limit) reports check runs whose names are not known: one
/// `unknown_name` per calling leg, named after it.
PIPEWRIGHT_DECL std::vector<check_run> check_runs(const model::workflow& wf, std::string_view file,
                                                  const schedule::plan& p,
                                                  const schedule::run_result& r,
                                                  const schedule::plan_options& options = {});

/// The verdict on one required context.
enum class verdict { reported, never_reported, may_not_report, skipped_passes, ambiguous };

[[nodiscard]] inline std::string_view verdict_name(verdict v) noexcept {
  switch (v) {
    case verdict::reported: return "reported";
    case verdict::never_reported: return "never-reported";
    case verdict::may_not_report: return "may-not-report";
    case verdict::skipped_passes: return "skipped-passes";
    case verdict::ambiguous: return "ambiguous";
  }
  return "unknown";
}

/// Whether a verdict leaves a pull request waiting (the exit status of `pipewright checks`).
[[nodiscard]] inline bool blocks(verdict v) noexcept {
  return v == verdict::never_reported || v == verdict::may_not_report;
}

/// A required context and what reports it.
struct context_verdict {
  required_check check;
  std::string rule;  ///< the rule that requires it (a ruleset's name, or `branch protection`)
  verdict result = verdict::never_reported;
  std::vector<check_run> reported_by;    ///< the check runs of that name
  std::vector<std::string> suggestions;  ///< for never-reported: the nearest names
  std::string reason;                    ///< the verdict in one sentence
};

/// The verdict on each check `rule` requires, against the check runs of every workflow.
PIPEWRIGHT_DECL std::vector<context_verdict> verdicts(const protection_rule& rule,
                                                      const std::vector<check_run>& runs);

}  // namespace repository
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/repository/checks_impl.hpp"
#endif
