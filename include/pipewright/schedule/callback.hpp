/// @file callback.hpp
/// The callback executor for host tools: runs a plan job by job in dependency order and
/// hands each leg that runs, with its steps, to a callable. `env`, `with`, `run` and names
/// arrive interpolated for that leg (`github`, `inputs`, `vars`, `matrix`, `strategy` and
/// `needs` evaluated); expressions the plan cannot know (`steps`, `secrets`, `env`, `runner`,
/// `job`, or one that fails) are left as written and listed. The callable returns the leg's
/// outcome and outputs; outputs flow to `needs.<id>.outputs` of dependents (their `if:` and
/// their interpolation), the last leg of a matrix winning.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/run.hpp"
#include "pipewright/schedule/simulate.hpp"
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

/// One step of a leg, interpolated.
struct step_call {
  std::string id;
  interpolated name;
  std::string uses;  ///< empty for a `run:` step
  interpolated run;  ///< empty for an action step
  std::vector<std::pair<std::string, interpolated>> env;
  std::vector<std::pair<std::string, interpolated>> with;
};

/// One leg as the executor receives it.
struct leg_call {
  std::string job;   ///< job id
  std::string name;  ///< the leg's display name
  std::uint32_t leg = 0;
  value matrix;  ///< the leg's `matrix` context (null without a matrix)
  value needs;   ///< the `needs` context the leg saw
  /// Workflow-level then job-level env (a job key replaces a workflow key).
  std::vector<std::pair<std::string, interpolated>> env;
  std::vector<step_call> steps;
};

/// What the executor reports for a leg.
struct leg_outcome {
  status result = status::success;  ///< success, failure or cancelled
  double duration = 60;             ///< seconds, for the timeline and billing
  std::vector<std::pair<std::string, std::string>> outputs;  ///< job outputs it produced
};

/// An executor: called once per leg that runs, in dependency order (declaration order
/// within a wave).
template <class E>
concept leg_executor = requires(E& e, const leg_call& c) {
  { e(c) } -> std::convertible_to<leg_outcome>;
};

namespace detail {

/// Contexts an interpolation may evaluate; any other makes the expression unknown.
inline const std::vector<std::string>& callback_contexts() {
  static const std::vector<std::string> names{"github", "inputs",   "vars",
                                              "matrix", "strategy", "needs"};
  return names;
}

inline interpolated interpolate_text(std::string_view text, const value& contexts) {
  interpolated out;
  auto segments = expr::split_template(text);
  if (!segments) {
    out.text = std::string(text);
    out.unresolved.emplace_back(text);
    return out;
  }
  for (const expr::template_segment& s : *segments) {
    if (!s.is_expression) {
      out.text += s.text;
      continue;
    }
    expr::compile_options co;
    co.contexts = callback_contexts();
    co.status_functions = false;
    co.hash_files = false;
    auto e = expr::compile(s.text, co);
    if (e) {
      if (auto v = e->evaluate(contexts)) {
        out.text += expr::to_string(*v);
        continue;
      }
    }
    out.text += "${{ " + s.text + " }}";
    out.unresolved.push_back(s.text);
  }
  return out;
}

inline interpolated interpolate_value(const model::template_value& t, const value& contexts) {
  if (t.raw.is_string()) return interpolate_text(t.raw.as_string(), contexts);
  return interpolated{expr::to_string(t.raw), {}};
}

inline void interpolate_map(const model::template_map& m, const value& contexts,
                            std::vector<std::pair<std::string, interpolated>>& out) {
  for (const model::named_value& e : m.entries) {
    interpolated v = interpolate_value(e.value, contexts);
    auto same = std::find_if(out.begin(), out.end(), [&e](const auto& p) {
      return pipewright::detail::iequals(p.first, e.name.text);
    });
    if (same != out.end()) {
      same->second = std::move(v);
    } else {
      out.emplace_back(e.name.text, std::move(v));
    }
  }
}

}  // namespace detail

/// Runs plan `p` of workflow `wf` (made by make_plan(wf, …)) through `executor`: each job,
/// in dependency order, is decided as in simulate() (needs, `if:` with the outputs produced
/// so far, status functions); each of its legs that runs is passed to `executor`; skipped
/// legs are not. Legs of a job run side by side and a job starts when its needs end, so the
/// result's timeline, makespan and billed minutes follow the reported durations (no runner
/// limits). When the workflow does not run for the event, nothing is called.
template <leg_executor Executor>
run_result execute(const model::workflow& wf, const plan& p, Executor&& executor,
                   const simulate_options& options = {}) {
  if (!p.runs || p.specs.size() != wf.jobs.size()) return run_plan(p, options);
  const std::size_t n = p.specs.size();
  run_result out;
  out.job_results.assign(n, status::skipped);
  out.job_reasons.assign(n, {});
  std::vector<status> results(n, status::skipped);
  std::vector<char> finished(n, 0);
  std::vector<value> produced(n);  // null until the job ran
  std::vector<double> job_end(n, 0);

  value base = value::make_object();
  base.as_object().insert_or_assign("github", p.github);
  base.as_object().insert_or_assign("inputs", p.inputs);
  base.as_object().insert_or_assign("vars", p.vars.is_null() ? value::make_object() : p.vars);

  for (const std::vector<std::uint32_t>& wave : p.waves) {
    std::vector<std::uint32_t> ordered(wave);
    std::sort(ordered.begin(), ordered.end());
    for (const std::uint32_t j : ordered) {
      if (j >= n) continue;
      const job_spec& spec = p.specs[j];
      const model::job& mj = wf.jobs[j];
      double ready = 0;
      object needs;
      for (const std::uint32_t d : spec.needs) {
        if (d >= n) continue;
        ready = std::max(ready, job_end[d]);
        const value* o = produced[d].is_object() ? &produced[d] : nullptr;
        needs.insert_or_assign(
            p.specs[d].id,
            value::make_object({{"result", value(status_name(results[d]))},
                                {"outputs", o != nullptr ? *o : value::make_object()}}));
      }
      std::string error;
      const condition_view view(p.specs, results, finished, j, false, &error, produced);
      const bool run = spec.condition ? spec.condition(view) : view.success();
      const std::size_t legs = spec.legs.size();
      if (!error.empty() || !run) {
        const status s = error.empty() ? status::skipped : status::failure;
        std::string why = !error.empty()   ? "if: could not be evaluated: " + error
                          : spec.condition ? "condition `" + spec.condition_text + "` is false"
                                           : std::string("success() is false");
        for (std::uint32_t k = 0; k < legs; ++k) {
          leg_run lr;
          lr.job = j;
          lr.leg = k;
          lr.result = s;
          lr.reason = why;
          lr.ready = lr.start = lr.end = ready;
          out.legs.push_back(std::move(lr));
        }
        out.job_reasons[j] = std::move(why);
        results[j] = out.job_results[j] = s;
        finished[j] = 1;
        job_end[j] = ready;
        continue;
      }
      const value needs_value(std::move(needs));
      status job_result = status::success;
      bool any_cancelled = false;
      std::string fail_fast_by;
      object outputs;
      double end = ready;
      for (std::uint32_t k = 0; k < legs; ++k) {
        const plan_leg* pl = k < p.jobs[j].legs.size() ? &p.jobs[j].legs[k] : nullptr;
        value contexts = base.clone();
        object& c = contexts.as_object();
        c.insert_or_assign("needs", needs_value);
        c.insert_or_assign("matrix", pl != nullptr ? pl->matrix : value());
        c.insert_or_assign(
            "strategy",
            value::make_object(
                {{"fail-fast", value(spec.fail_fast)},
                 {"job-index", value(static_cast<double>(k))},
                 {"job-total", value(static_cast<double>(legs))},
                 {"max-parallel",
                  value(static_cast<double>(spec.max_parallel == 0 ? legs : spec.max_parallel))}}));
        leg_call call;
        call.job = spec.id;
        call.name = spec.legs[k].name;
        call.leg = k;
        call.matrix = pl != nullptr ? pl->matrix : value();
        call.needs = needs_value;
        if (!fail_fast_by.empty()) {
          // fail-fast: the legs not yet handed over are cancelled, never called.
          leg_run lr;
          lr.job = j;
          lr.leg = k;
          lr.result = status::cancelled;
          lr.reason = "fail-fast: '" + fail_fast_by + "' failed";
          lr.ready = lr.start = lr.end = ready;
          any_cancelled = true;
          out.legs.push_back(std::move(lr));
          continue;
        }
        detail::interpolate_map(wf.env, contexts, call.env);
        detail::interpolate_map(mj.env, contexts, call.env);
        for (const model::step& st : mj.steps) {
          step_call sc;
          sc.id = st.id;
          if (st.name) sc.name = detail::interpolate_value(*st.name, contexts);
          if (st.uses) sc.uses = st.uses->text;
          if (st.run) sc.run = detail::interpolate_value(*st.run, contexts);
          detail::interpolate_map(st.env, contexts, sc.env);
          detail::interpolate_map(st.with, contexts, sc.with);
          call.steps.push_back(std::move(sc));
        }
        const leg_outcome o = executor(std::as_const(call));
        leg_run lr;
        lr.job = j;
        lr.leg = k;
        lr.result = o.result == status::skipped ? status::success : o.result;
        lr.ready = lr.start = ready;
        lr.end = ready + std::max(0.0, o.duration);
        end = std::max(end, lr.end);
        if (lr.result == status::failure && !spec.legs[k].continue_on_error) {
          job_result = status::failure;
          if (out.job_reasons[j].empty()) out.job_reasons[j] = "'" + call.name + "' failed";
          if (spec.fail_fast) fail_fast_by = call.name;
        }
        any_cancelled = any_cancelled || lr.result == status::cancelled;
        for (const auto& [key, text] : o.outputs) outputs.insert_or_assign(key, value(text));
        out.legs.push_back(std::move(lr));
      }
      if (job_result != status::failure && any_cancelled) job_result = status::cancelled;
      results[j] = out.job_results[j] = job_result;
      finished[j] = 1;
      produced[j] = value(std::move(outputs));
      job_end[j] = end;
    }
  }
  // summarise_run expects legs in job order.
  std::stable_sort(out.legs.begin(), out.legs.end(), [](const leg_run& a, const leg_run& b) {
    return a.job != b.job ? a.job < b.job : a.leg < b.leg;
  });
  for (std::size_t j = 0; j < n; ++j) {
    if (finished[j] != 0) continue;
    for (std::uint32_t k = 0; k < p.specs[j].legs.size(); ++k) {
      leg_run lr;
      lr.job = static_cast<std::uint32_t>(j);
      lr.leg = k;
      lr.reason = "never eligible: its needs form a cycle";
      out.legs.push_back(std::move(lr));
    }
    out.job_reasons[j] = "never eligible: its needs form a cycle";
  }
  std::stable_sort(out.legs.begin(), out.legs.end(), [](const leg_run& a, const leg_run& b) {
    return a.job != b.job ? a.job < b.job : a.leg < b.leg;
  });
  detail::summarise_run(out, p.specs, options);
  return out;
}

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright
