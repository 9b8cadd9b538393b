/// @file checks_impl.hpp
/// The definitions behind pipewright/repository/checks.hpp (documented there): included by it in
/// the header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <set>
#include <utility>
#include "pipewright/detail/text.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/repository/checks.hpp"
#include "pipewright/trigger/event.hpp"
#include "pipewright/trigger/on.hpp"

namespace pipewright {
inline namespace v0 {
namespace repository {

namespace detail {

inline run_state state_of(schedule::status s) noexcept {
  switch (s) {
    case schedule::status::skipped: return run_state::skipped;
    case schedule::status::undetermined: return run_state::undetermined;
    default: return run_state::reported;
  }
}

}  // namespace detail

PIPEWRIGHT_DECL std::vector<check_run> check_runs(const model::workflow& wf, std::string_view file,
                                                  const schedule::plan& p,
                                                  const schedule::run_result& r,
                                                  const schedule::plan_options& options) {
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

PIPEWRIGHT_DECL std::vector<context_verdict> verdicts(const protection_rule& rule,
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
