/// @file cascade.hpp
/// Workflow runs that start workflow runs: an event starts some of a repository's workflows;
/// as each run completes, `workflow_run` starts the workflows that name it (`workflows:`,
/// `types`, `branches`/`branches-ignore` against the triggering run's head branch), and so on,
/// up to GitHub's chain limit (docs/repository.md, "Chains").
///
/// ```cpp
/// std::vector<repository::named_workflow> wfs{{".github/workflows/ci.yml", &ci},
///                                              {".github/workflows/deploy.yml", &deploy}};
/// auto c = repository::cascade(wfs, options);  // CI, then Deploy when CI's run completes
/// ```
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/schedule/plan.hpp"

namespace pipewright {
inline namespace v0 {
namespace repository {

/// GitHub runs at most three levels of workflow_run chaining: in A → B → C → D → E, E does
/// not run (SEMANTICS §6.4).
inline constexpr std::size_t max_workflow_run_depth = 3;

/// One workflow of the repository: its path (`.github/workflows/ci.yml`) and its model.
struct named_workflow {
  std::string file;
  const model::workflow* workflow = nullptr;
  /// How the workflows it calls are read (plan_options::resolve_workflow, with the options'
  /// `load_workflow`); empty: the options' own.
  model::workflow_resolver resolve_workflow{};
};

/// The name `workflow_run`'s `workflows:` matches: the workflow's `name:`, else its path.
PIPEWRIGHT_DECL std::string workflow_display_name(const named_workflow& w);

/// How a cascade is planned.
struct cascade_options {
  std::size_t max_depth = max_workflow_run_depth;
  /// The repository's default branch: a run that workflow_run starts runs on it (GitHub's
  /// GITHUB_REF for workflow_run), so it is the head branch the next level's filters see.
  std::string default_branch = "main";
  /// How each run is simulated: the order policy, the undetermined policy (which decides the
  /// conclusion a run's completion reports) and the runner pools. Each run is simulated on
  /// its own: its legs have the pools to themselves, and workflow-level concurrency groups
  /// do not queue one run behind another.
  schedule::simulate_options simulate{};
};

/// One planned run.
struct cascade_run {
  std::size_t workflow = 0;                 ///< index into the workflows given
  std::optional<std::size_t> triggered_by;  ///< index into cascade::runs; empty: the event
  std::string trigger_conclusion;           ///< the triggering run's conclusion
  std::string trigger_type;                 ///< `completed` or `requested`
  std::size_t depth = 0;                    ///< 0 for a run the event starts
  double start = 0;                         ///< seconds from the event: when its trigger fired
  double end = 0;  ///< seconds from the event: when its last leg ended (`start` if none ran)
  schedule::plan plan;
  /// The simulated run; its legs' and steps' times are seconds from the event (one clock for
  /// every run of the cascade).
  schedule::run_result result;
};

/// Every run, in the order they start (a run before the runs it starts).
struct cascade_result {
  std::vector<cascade_run> runs;
  /// Workflows a run would start beyond the chain limit, runs that fail at start (whose
  /// chains are not followed), and plans that failed.
  std::vector<std::string> notes;
};

/// Plans the runs `options.event` starts among `workflows`, then those their completion
/// starts through workflow_run, level by level. Each run is simulated with `co.simulate`
/// from the moment its trigger fires (a `completed` trigger: when the triggering run's last
/// leg ends); its conclusion is the simulated one (success unless `options.outcomes`, which
/// names the first runs' jobs, says otherwise); an undetermined run's triggered
/// workflows read `github.event.workflow_run.conclusion` as unknown. `options.durations`
/// name jobs of every run (one unused by all runs is warned about once, PW0612). A job that calls a
/// reusable workflow is planned with the called workflow's jobs when the workflow's
/// `resolve_workflow` (or the options') and `options.load_workflow` can read it.
PIPEWRIGHT_DECL cascade_result cascade(const std::vector<named_workflow>& workflows,
                                       const schedule::plan_options& options,
                                       const cascade_options& co = {});

}  // namespace repository
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/repository/cascade_impl.hpp"
#endif
