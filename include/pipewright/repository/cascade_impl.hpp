/// @file cascade_impl.hpp
/// The definitions behind pipewright/repository/cascade.hpp (documented there): included by it in
/// the header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <utility>
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/reusable.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/repository/cascade.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/trigger/event.hpp"
#include "pipewright/trigger/on.hpp"

namespace pipewright {
inline namespace v0 {
namespace repository {

PIPEWRIGHT_DECL std::string workflow_display_name(const named_workflow& w) {
  const model::workflow& wf = *w.workflow;
  if (wf.name && !wf.name->is_expression() && wf.name->raw.is_string()) {
    return std::string(wf.name->text());
  }
  return w.file;
}

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

PIPEWRIGHT_DECL cascade_result cascade(const std::vector<named_workflow>& workflows,
                                       const schedule::plan_options& options,
                                       const cascade_options& co) {
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
