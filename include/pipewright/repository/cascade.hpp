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

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/reusable.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/trigger/event.hpp"
#include "pipewright/trigger/on.hpp"

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
inline std::string workflow_display_name(const named_workflow& w) {
  const model::workflow& wf = *w.workflow;
  if (wf.name && !wf.name->is_expression() && wf.name->raw.is_string()) {
    return std::string(wf.name->text());
  }
  return w.file;
}

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

namespace detail {

/// The head branch of a run the event starts: the pushed branch, a pull request's head.
inline std::string head_branch_of(const trigger::event& e) {
  if (!e.head_ref.empty()) return e.head_ref;
  if (e.ref.rfind("refs/heads/", 0) == 0) return e.ref.substr(11);
  return trigger::short_ref_name(e.ref);
}

/// The note for a run that fails at start (GitHub rejects its workflow when it loads it, with
/// the workflows it calls): what its `startup_failure` conclusion starts through
/// `workflow_run` is not followed (GitHub does not document it).
inline std::string startup_note(const std::string& file) {
  return file +
         ": the run fails at start (the workflow is not valid); workflow_run chains "
         "after a startup failure are not followed";
}

/// Simulates run `r` starting `r.start` seconds after the event: its times on the event's
/// clock, and its end.
inline void simulate_at(cascade_run& r, const schedule::simulate_options& so) {
  r.result = schedule::run_plan(r.plan, so);
  r.end = r.start;
  for (schedule::leg_run& l : r.result.legs) {
    if (l.ran()) r.end = std::max(r.end, r.start + l.end);
    l.ready += r.start;
    l.start += r.start;
    l.end += r.start;
    for (schedule::step_run& s : l.steps) {
      s.start += r.start;
      s.end += r.start;
    }
  }
}

/// `options.durations` names jobs of any run: a duration one run's plan uses is no typo in
/// the others'. Keeps make_plan's warning (PW0612) about a duration only when no run's plan
/// uses it, and then once, in the first run.
inline void merge_unused_durations(cascade_result& out, const schedule::plan_options& options) {
  for (const auto& named : options.durations) {
    const std::string head = "duration '" + named.first + "'";
    const auto about = [&head](const diagnostic& d) {
      return d.code == codes::matrix_unknown_name && d.message.rfind(head, 0) == 0;
    };
    std::size_t warned = 0;
    for (const cascade_run& r : out.runs) {
      warned += std::any_of(r.plan.diagnostics.begin(), r.plan.diagnostics.end(), about) ? 1U : 0U;
    }
    bool keep = warned == out.runs.size();
    for (cascade_run& r : out.runs) {
      if (!keep) std::erase_if(r.plan.diagnostics, about);
      keep = false;
    }
  }
}

}  // namespace detail

/// Plans the runs `options.event` starts among `workflows`, then those their completion
/// starts through workflow_run, level by level. Each run is simulated with `co.simulate`
/// from the moment its trigger fires (a `completed` trigger: when the triggering run's last
/// leg ends); its conclusion is the simulated one (success unless `options.outcomes`, which
/// names the first runs' jobs, says otherwise); an undetermined run's triggered
/// workflows read `github.event.workflow_run.conclusion` as unknown. `options.durations`
/// name jobs of every run (one unused by all runs is warned about once, PW0612). A job that calls a
/// reusable workflow is planned with the called workflow's jobs when the workflow's
/// `resolve_workflow` (or the options') and `options.load_workflow` can read it.
inline cascade_result cascade(const std::vector<named_workflow>& workflows,
                              const schedule::plan_options& options,
                              const cascade_options& co = {}) {
  cascade_result out;
  auto plan_one = [&](std::size_t i, const schedule::plan_options& po) {
    schedule::plan_options with_path = po;
    std::string_view file = workflows[i].file;
    const std::size_t slash = file.find_last_of('/');
    with_path.context.workflow_path =
        ".github/workflows/" +
        std::string(slash == std::string_view::npos ? file : file.substr(slash + 1));
    if (workflows[i].resolve_workflow) with_path.resolve_workflow = workflows[i].resolve_workflow;
    return schedule::make_plan(*workflows[i].workflow, with_path);
  };
  for (std::size_t i = 0; i < workflows.size(); ++i) {
    auto p = plan_one(i, options);
    if (!p) {
      out.notes.push_back(workflows[i].file + ": the workflow cannot be planned");
      continue;
    }
    if (!p->runs && p->startup_failure.empty()) continue;  // a run that fails at start is one
    cascade_run r;
    r.workflow = i;
    r.plan = std::move(*p);
    detail::simulate_at(r, co.simulate);
    out.runs.push_back(std::move(r));
  }
  // Which workflows listen to workflow_run at all.
  std::vector<char> listens(workflows.size(), 0);
  for (std::size_t i = 0; i < workflows.size(); ++i) {
    if (auto on = trigger::parse_on(workflows[i].workflow->on)) {
      listens[i] = on->find("workflow_run") != nullptr ? 1 : 0;
    }
  }
  for (std::size_t k = 0; k < out.runs.size(); ++k) {
    if (!out.runs[k].plan.startup_failure.empty()) {
      out.notes.push_back(detail::startup_note(workflows[out.runs[k].workflow].file));
      continue;
    }
    const std::size_t depth = out.runs[k].depth;
    const std::string name = workflow_display_name(workflows[out.runs[k].workflow]);
    const std::string conclusion(schedule::status_name(out.runs[k].result.conclusion));
    const std::string branch =
        depth == 0 ? detail::head_branch_of(options.event) : co.default_branch;
    const double end = out.runs[k].end;
    for (std::size_t i = 0; i < workflows.size(); ++i) {
      if (listens[i] == 0) continue;
      // `requested` fires when the triggering run starts, `completed` when it ends; a
      // workflow that listens to both starts once per type.
      for (const std::string_view type : {"requested", "completed"}) {
        schedule::plan_options po = options;
        po.event =
            trigger::workflow_run_event(name, branch, type, type == "completed" ? conclusion : "");
        po.outcomes.clear();  // --outcome names the first runs' jobs
        auto p = plan_one(i, po);
        if (!p || (!p->runs && p->startup_failure.empty())) continue;
        if (depth >= co.max_depth) {
          out.notes.push_back(workflows[i].file + " would start when " + name + " is " +
                              std::string(type) + ", but that is level " +
                              std::to_string(depth + 1) + " of a workflow_run chain; GitHub runs " +
                              std::to_string(co.max_depth) + " levels at most");
          continue;
        }
        cascade_run r;
        r.workflow = i;
        r.triggered_by = k;
        r.trigger_conclusion = type == "completed" ? conclusion : std::string();
        r.trigger_type = std::string(type);
        r.depth = depth + 1;
        r.start = type == "completed" ? end : out.runs[k].start;
        r.plan = std::move(*p);
        detail::simulate_at(r, co.simulate);
        out.runs.push_back(std::move(r));
      }
    }
  }
  detail::merge_unused_durations(out, options);
  return out;
}

}  // namespace repository
}  // namespace v0
}  // namespace pipewright
