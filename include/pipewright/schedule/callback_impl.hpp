/// @file callback_impl.hpp
/// The definitions behind schedule/callback.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>

#include "pipewright/detail/text.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/schedule/callback.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

namespace detail {

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

/// The `github`, `inputs` and `vars` contexts of plan `p`.
PIPEWRIGHT_DECL value base_contexts(const plan& p) {
  value base = value::make_object();
  base.as_object().insert_or_assign("github", p.github);
  base.as_object().insert_or_assign("inputs", p.inputs);
  base.as_object().insert_or_assign("vars", p.vars.is_null() ? value::make_object() : p.vars);
  return base;
}

/// Leg `k` of job `j` as an executor receives it, interpolated with the contexts known
/// when it starts (`view`: its needs' results and the outputs produced so far).
PIPEWRIGHT_DECL leg_call make_leg_call(const model::workflow& wf, const plan& p, const value& base,
                                       std::uint32_t j, std::uint32_t k,
                                       const condition_view& view) {
  const job_spec& spec = p.specs[j];
  const model::job& mj = wf.jobs[j];
  object needs;
  for (const std::uint32_t d : view.needs()) {
    if (d >= p.specs.size()) continue;
    const value* o = view.run_outputs(d);
    needs.insert_or_assign(
        p.specs[d].id, value::make_object({{"result", value(status_name(view.result(d)))},
                                           {"outputs", o != nullptr ? *o : value::make_object()}}));
  }
  const value needs_value(std::move(needs));
  // The job's legs: the plan's, or those its matrix got from its needs' outputs.
  const std::span<const leg_spec> job_legs = view.legs();
  const std::size_t legs = job_legs.size();
  const leg_spec& ls = job_legs[k];
  value contexts = base.clone();
  object& c = contexts.as_object();
  c.insert_or_assign("needs", needs_value);
  c.insert_or_assign("matrix", ls.matrix);
  c.insert_or_assign(
      "strategy",
      value::make_object(
          {{"fail-fast", value(spec.fail_fast)},
           {"job-index", value(static_cast<double>(k))},
           {"job-total", value(static_cast<double>(legs))},
           {"max-parallel",
            value(static_cast<double>(spec.max_parallel == 0 ? legs : spec.max_parallel))}}));
  leg_call call;
  call.functions = p.functions;
  call.job = spec.id;
  call.name = ls.name;
  call.leg = k;
  call.matrix = ls.matrix;
  call.needs = needs_value;
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
  call.contexts = std::move(contexts);
  call.workflow = &wf;
  call.model_job = &mj;
  call.spec = &spec;
  call.planned = &ls;
  return call;
}

/// A leg's outcome as the scheduler records it.
PIPEWRIGHT_DECL leg_execution to_execution(const leg_outcome& o, double start) {
  leg_execution e;
  e.duration = std::max(0.0, o.duration);
  e.result = o.result == status::skipped ? status::success : o.result;
  object outputs;
  for (const auto& [key, text] : o.outputs) outputs.insert_or_assign(key, value(text));
  e.outputs = value(std::move(outputs));
  e.steps = o.steps;
  for (step_run& st : e.steps) {
    st.start += start;
    st.end += start;
  }
  return e;
}

}  // namespace detail

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright
