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

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/repository/protection.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/trigger/event.hpp"
#include "pipewright/trigger/on.hpp"

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

namespace detail {

inline run_state state_of(schedule::status s) noexcept {
  switch (s) {
    case schedule::status::skipped: return run_state::skipped;
    case schedule::status::undetermined: return run_state::undetermined;
    default: return run_state::reported;
  }
}

}  // namespace detail

/// The check runs of workflow `wf` (file `file`), planned as `p` with `options` and run as
/// `r` (run_plan()). The plan has the jobs of the workflows `wf` calls (plan_options::
/// resolve_workflow): their legs' names are GitHub's check-run names, `<caller> / <callee>`.
/// A call the plan could not expand (another repository's workflow without a copy, a missing
/// file, a nesting or size limit) reports check runs whose names are not known: one
/// `unknown_name` per calling leg, named after it.
inline std::vector<check_run> check_runs(const model::workflow& wf, std::string_view file,
                                         const schedule::plan& p, const schedule::run_result& r,
                                         const schedule::plan_options& options = {}) {
  std::vector<check_run> out;
  const std::string wname = wf.name && !wf.name->is_expression() && wf.name->raw.is_string()
                                ? std::string(wf.name->text())
                                : std::string(file);
  bool listens = false;
  if (auto on = trigger::parse_on(wf.on)) listens = on->find(options.event.name) != nullptr;
  auto add = [&](std::string name, std::string job, run_state state, std::string reason) {
    check_run c;
    c.name = std::move(name);
    c.workflow = std::string(file);
    c.workflow_name = wname;
    c.job = std::move(job);
    c.state = p.runs ? state : run_state::not_started;
    // A workflow that does not run: the trigger decision's last reason is the deciding one.
    c.reason = p.runs ? std::move(reason) : p.reasons.empty() ? p.summary : p.reasons.back();
    c.listens = listens;
    out.push_back(std::move(c));
  };
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    const schedule::plan_job& pj = p.jobs[j];
    // An expanded call has no check run of its own: its called jobs (later in p.jobs) have.
    if (pj.call && pj.call->expanded) continue;
    const schedule::status js =
        j < r.job_results.size() ? r.job_results[j] : schedule::status::undetermined;
    const std::string job_reason = j < r.job_reasons.size() ? r.job_reasons[j] : std::string();
    for (std::size_t l = 0; l < pj.legs.size(); ++l) {
      const schedule::leg_run* lr = nullptr;
      for (const schedule::leg_run& x : r.legs) {
        if (x.job == j && x.leg == l) {
          lr = &x;
          break;
        }
      }
      const schedule::status ls = lr != nullptr ? lr->result : js;
      std::string reason = lr != nullptr && !lr->reason.empty() ? lr->reason : job_reason;
      if (pj.call) {
        std::string note = pj.call->note;
        if (note.rfind("not expanded: ", 0) == 0) note.erase(0, 14);
        add(pj.legs[l].name, pj.id, run_state::unknown_name,
            "it calls " + pj.call->uses + ", whose jobs are not planned (" + note +
                "): the names of its check runs are not known");
        continue;
      }
      if (pj.matrix_pending) {
        add(pj.legs[l].name, pj.id, run_state::undetermined,
            "its matrix is known only at run time: " + pj.matrix_expression);
        continue;
      }
      add(pj.legs[l].name, pj.id, detail::state_of(ls), std::move(reason));
    }
  }
  return out;
}

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

namespace detail {

using pipewright::detail::edit_distance;

/// The names nearest to `context`: the legs of a matrix job of that name (or id), the display
/// names of a job with that id, then names within a small edit distance.
inline std::vector<std::string> suggest(std::string_view context,
                                        const std::vector<check_run>& runs) {
  std::vector<std::string> out;
  auto push = [&out](const std::string& n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  const std::string leg_prefix = std::string(context) + " (";
  for (const check_run& c : runs) {
    if (c.name.rfind(leg_prefix, 0) == 0) push(c.name);
  }
  for (const check_run& c : runs) {
    if (c.job == context) push(c.name);
  }
  if (!out.empty()) return out;
  std::vector<std::pair<std::size_t, std::string>> near;
  const std::size_t limit = std::max<std::size_t>(2, context.size() / 4);
  for (const check_run& c : runs) {
    const std::size_t d = edit_distance(context, c.name);
    if (d <= limit) near.emplace_back(d, c.name);
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& n : near) {
    if (out.size() == 3) break;
    push(n.second);
  }
  return out;
}

}  // namespace detail

/// The verdict on each check `rule` requires, against the check runs of every workflow.
inline std::vector<context_verdict> verdicts(const protection_rule& rule,
                                             const std::vector<check_run>& runs) {
  std::vector<context_verdict> out;
  for (const required_check& rc : rule.checks) {
    context_verdict v;
    v.check = rc;
    v.rule = rule.name;
    for (const check_run& c : runs) {
      if (c.name == rc.context) v.reported_by.push_back(c);
    }
    std::vector<const check_run*> started;
    for (const check_run& c : v.reported_by) {
      if (c.state != run_state::not_started) started.push_back(&c);
    }
    std::set<std::pair<std::string, std::string>> jobs;
    for (const check_run* c : started) jobs.emplace(c->workflow, c->job);
    auto any = [&started](run_state s) {
      return std::any_of(started.begin(), started.end(),
                         [s](const check_run* c) { return c->state == s; });
    };
    if (jobs.size() > 1) {
      v.result = verdict::ambiguous;
      v.reason = std::to_string(jobs.size()) + " jobs report a check of this name";
    } else if (any(run_state::reported)) {
      v.result = verdict::reported;
      v.reason = "reported by " + started.front()->workflow_name + " / " + started.front()->job;
    } else if (any(run_state::undetermined)) {
      v.result = verdict::may_not_report;
      for (const check_run* c : started) {
        if (c->state == run_state::undetermined) {
          v.reason =
              "job '" + c->job + "' of " + c->workflow_name + " is undetermined: " + c->reason;
          break;
        }
      }
    } else if (any(run_state::skipped)) {
      v.result = verdict::skipped_passes;
      v.reason = "job '" + started.front()->job + "' is skipped (" + started.front()->reason +
                 "); GitHub counts a skipped check as passing, so it protects nothing";
    } else if (!v.reported_by.empty()) {
      const check_run& c = v.reported_by.front();
      v.result = c.listens ? verdict::may_not_report : verdict::never_reported;
      v.reason = c.listens ? c.workflow_name + " does not run for this event (" + c.reason +
                                 "): GitHub waits for the check"
                           : "only " + c.workflow_name +
                                 " reports it, and it does not listen to this event";
    } else {
      // A called workflow not available here may have a job of this name.
      const check_run* unknown = nullptr;
      for (const check_run& c : runs) {
        if (c.state == run_state::unknown_name && rc.context.rfind(c.name + " / ", 0) == 0) {
          unknown = &c;
        }
      }
      if (unknown != nullptr) {
        v.result = verdict::may_not_report;
        v.reported_by.push_back(*unknown);
        v.reason = "job '" + unknown->job + "' of " + unknown->workflow_name + " " +
                   unknown->reason.substr(3);
      } else {
        v.result = verdict::never_reported;
        v.suggestions = detail::suggest(rc.context, runs);
        v.reason = "no job of a workflow this event starts has this name";
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace repository
}  // namespace v0
}  // namespace pipewright
