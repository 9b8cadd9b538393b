/// @file builder.hpp
/// A fluent C++ way to make the same model::workflow the YAML reader makes.
///
/// ```cpp
/// using namespace pipewright::model;
/// workflow w = workflow_builder("CI")
///     .on("push")
///     .job(job_builder("build").runs_on("ubuntu-latest")
///              .step(uses_step("actions/checkout@v4"))
///              .step(run_step("make")))
///     .job(job_builder("test").needs({"build"}).runs_on("ubuntu-latest")
///              .step(run_step("make test")))
///     .build();
/// ```
/// build() normalises `if:` conditions and generates step ids as GitHub does;
/// check() also reports GitHub's needs and id diagnostics (with check/workflow.hpp).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/model/workflow_schema.hpp"

namespace pipewright {
inline namespace v0 {
namespace check {
struct builder_check;  // check/workflow.hpp
}  // namespace check
namespace model {

namespace detail {
/// A template_value from text, compiling its `${{ }}` with `contexts` (errors are left for
/// check(); the text is kept as is).
PIPEWRIGHT_DECL template_value make_template(std::string_view text, schema::context_set contexts);
PIPEWRIGHT_DECL condition make_condition(std::string_view text, schema::context_set contexts);
}  // namespace detail

/// Builds one step.
class step_builder {
 public:
  step_builder& id(std::string v) {
    s_.id = std::move(v);
    return *this;
  }
  step_builder& name(std::string_view v) {
    s_.name = detail::make_template(v, schema::workflow_defs::steps_ctx);
    return *this;
  }
  step_builder& with(std::string_view key, std::string_view v) {
    s_.with.set(key, detail::make_template(v, schema::workflow_defs::steps_ctx));
    return *this;
  }
  step_builder& env(std::string_view key, std::string_view v) {
    s_.env.set(key, detail::make_template(v, schema::workflow_defs::steps_ctx));
    return *this;
  }
  step_builder& shell(std::string_view v) {
    s_.shell = template_value(value(v));
    return *this;
  }
  step_builder& working_directory(std::string_view v) {
    s_.working_directory = detail::make_template(v, schema::workflow_defs::steps_ctx);
    return *this;
  }
  step_builder& if_(std::string_view condition) {
    s_.condition = detail::make_condition(condition, schema::workflow_defs::step_if_ctx);
    return *this;
  }
  step_builder& continue_on_error(bool v = true) {
    s_.continue_on_error = template_value(value(v));
    return *this;
  }
  step_builder& timeout_minutes(double v) {
    s_.timeout_minutes = template_value(value(v));
    return *this;
  }
  /// The step.
  [[nodiscard]] step build() const { return s_; }
  operator step() const { return s_; }  // NOLINT(google-explicit-constructor)

 private:
  friend step_builder run_step(std::string_view);
  friend step_builder uses_step(std::string_view);
  step s_;
};

/// A step that runs `script`.
PIPEWRIGHT_DECL step_builder run_step(std::string_view script);

/// A step that uses the action `action` (`owner/repo@ref`, `./path`, `docker://image`).
PIPEWRIGHT_DECL step_builder uses_step(std::string_view action);

/// Builds one job.
class job_builder {
 public:
  explicit job_builder(std::string id) { j_.id = std::move(id); }
  job_builder& name(std::string_view v);
  job_builder& runs_on(std::string_view label);
  job_builder& runs_on(std::initializer_list<std::string_view> labels);
  job_builder& needs(std::initializer_list<std::string_view> jobs);
  job_builder& if_(std::string_view condition);
  job_builder& env(std::string_view key, std::string_view v);
  job_builder& output(std::string_view key, std::string_view v);
  job_builder& matrix(value m);
  job_builder& timeout_minutes(double v);
  job_builder& continue_on_error(bool v = true);
  job_builder& environment(std::string_view name);
  job_builder& step(model::step s);
  /// Makes this job a reusable-workflow call.
  job_builder& uses(std::string_view workflow_ref);
  job_builder& with(std::string_view key, std::string_view v);
  job_builder& secrets_inherit() {
    j_.secrets_inherit = true;
    return *this;
  }
  [[nodiscard]] job build() const { return j_; }
  operator job() const { return j_; }  // NOLINT(google-explicit-constructor)

 private:
  job j_;
};

/// Builds a workflow.
class workflow_builder {
 public:
  workflow_builder() = default;
  explicit workflow_builder(std::string_view name) { w_.name = template_value(value(name)); }
  /// The `on:` value: an event name, a list, or a mapping (as in YAML).
  workflow_builder& on(value trigger);
  workflow_builder& on(const char* event) { return on(value(event)); }
  workflow_builder& env(std::string_view key, std::string_view v);
  workflow_builder& job(model::job j);
  /// The workflow, with GitHub's generated step ids filled in.
  [[nodiscard]] workflow build() const;
  /// The workflow, or GitHub's diagnostics for it: invalid job ids, needs problems.
  /// The rules belong to the check stage: include "pipewright/check/workflow.hpp" to call
  /// this (`Check` defaults to check::builder_check, declared here and defined there).
  template <class Check = ::pipewright::check::builder_check>
  [[nodiscard]] result<workflow> check() const {
    return Check{}(build());
  }

 private:
  workflow w_;
};

}  // namespace model
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/model/builder_impl.hpp"
#endif
