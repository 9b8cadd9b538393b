/// @file builder_impl.hpp
/// The definitions behind model/builder.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "pipewright/expr/template.hpp"
#include "pipewright/model/builder.hpp"
#include "pipewright/model/read_impl.hpp"
#include "pipewright/model/schema.hpp"
#include "pipewright/semantics/template_scan.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

namespace detail {
/// A template_value from text, compiling its `${{ }}` with `contexts` (errors are left for
/// check(); the text is kept as is).
PIPEWRIGHT_DECL template_value make_template(std::string_view text, schema::context_set contexts) {
  template_value t{value(text)};
  if (semantics::contains_expression(text)) {
    auto c = expr::compile_template(text, schema::compile_options_for(contexts));
    if (c && !c->is_literal()) {
      t.compiled = std::make_shared<const expr::compiled_template>(std::move(*c));
    }
  }
  return t;
}
PIPEWRIGHT_DECL condition make_condition(std::string_view text, schema::context_set contexts) {
  condition c;
  c.written = true;
  auto r = expr::normalize_if(text, schema::compile_options_for(contexts));
  c.text = r ? std::move(*r) : std::string(text);
  return c;
}
}  // namespace detail

PIPEWRIGHT_DECL step_builder run_step(std::string_view script) {
  step_builder b;
  b.s_.run = detail::make_template(script, schema::workflow_defs::steps_ctx);
  return b;
}

PIPEWRIGHT_DECL step_builder uses_step(std::string_view action) {
  step_builder b;
  b.s_.uses = located_string{std::string(action), {}};
  return b;
}

PIPEWRIGHT_DECL job_builder& job_builder::name(std::string_view v) {
  j_.name = detail::make_template(v, schema::workflow_defs::strategy_ctx);
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::runs_on(std::string_view label) {
  if (!j_.runs_on) j_.runs_on.emplace();
  template_value t = detail::make_template(label, schema::workflow_defs::strategy_ctx);
  if (t.is_expression()) {
    j_.runs_on->expression = std::move(t);
  } else {
    j_.runs_on->labels.push_back(std::move(t));
  }
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::runs_on(std::initializer_list<std::string_view> labels) {
  for (std::string_view l : labels) runs_on(l);
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::needs(std::initializer_list<std::string_view> jobs) {
  for (std::string_view n : jobs) j_.needs.push_back(located_string{std::string(n), {}});
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::if_(std::string_view condition) {
  j_.condition = detail::make_condition(condition, schema::workflow_defs::row("jobs.<id>.if"));
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::env(std::string_view key, std::string_view v) {
  j_.env.set(key, detail::make_template(v, schema::workflow_defs::row("jobs.<id>.env")));
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::output(std::string_view key, std::string_view v) {
  j_.outputs.set(key, detail::make_template(v, schema::workflow_defs::runner_ctx));
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::matrix(value m) {
  if (!j_.strategy) j_.strategy.emplace();
  j_.strategy->matrix = std::move(m);
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::timeout_minutes(double v) {
  j_.timeout_minutes = template_value(value(v));
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::continue_on_error(bool v) {
  j_.continue_on_error = template_value(value(v));
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::environment(std::string_view name) {
  j_.environment.emplace();
  j_.environment->name = detail::make_template(name, schema::workflow_defs::strategy_ctx);
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::step(model::step s) {
  j_.steps.push_back(std::move(s));
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::uses(std::string_view workflow_ref) {
  j_.kind = job_kind::reusable_call;
  j_.uses = located_string{std::string(workflow_ref), {}};
  return *this;
}

PIPEWRIGHT_DECL job_builder& job_builder::with(std::string_view key, std::string_view v) {
  j_.with.set(key, detail::make_template(v, schema::workflow_defs::strategy_ctx));
  return *this;
}

PIPEWRIGHT_DECL workflow_builder& workflow_builder::on(value trigger) {
  w_.on = std::move(trigger);
  return *this;
}

PIPEWRIGHT_DECL workflow_builder& workflow_builder::env(std::string_view key, std::string_view v) {
  w_.env.set(key, detail::make_template(v, schema::workflow_defs::row("env")));
  return *this;
}

PIPEWRIGHT_DECL workflow_builder& workflow_builder::job(model::job j) {
  w_.jobs.push_back(std::move(j));
  return *this;
}

PIPEWRIGHT_DECL workflow workflow_builder::build() const {
  workflow w = w_;
  for (model::job& j : w.jobs) {
    detail::id_builder ids;
    for (const model::step& s : j.steps) {
      if (!s.id.empty()) ids.add_known(s.id);
    }
    for (model::step& s : j.steps) {
      if (!s.id.empty()) continue;
      std::string base = s.uses ? detail::action_step_id(s.uses->text) : std::string();
      if (base.empty()) base = "run";
      s.id = ids.generate("__" + base);
      s.generated_id = true;
    }
  }
  return w;
}

}  // namespace model
}  // namespace v0
}  // namespace pipewright
