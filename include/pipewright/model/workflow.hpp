/// @file workflow.hpp
/// The workflow model: a typed view of a GitHub Actions workflow. Every field keeps its
/// source span; values that may hold `${{ }}` keep their compiled template so they can be
/// evaluated later with contexts. The `on:` and `strategy.matrix` values are kept as value
/// trees (with their source_map node) for the trigger and matrix stages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

/// A scalar as written, with its compiled `${{ }}` template when it has one.
struct template_value {
  value raw;  ///< the value as written: string, number, Boolean or null
  /// Set when `raw` is a string whose `${{ }}` did not fold to plain text.
  std::shared_ptr<const expr::compiled_template> compiled;
  source_span span;

  template_value() = default;
  template_value(value v) : raw(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  template_value(const char* s) : raw(s) {}       // NOLINT(google-explicit-constructor)

  /// True when the value is computed by an expression at run time.
  [[nodiscard]] bool is_expression() const noexcept { return compiled != nullptr; }
  /// The text as written (empty for non-strings).
  [[nodiscard]] std::string_view text() const noexcept { return raw.as_string(); }
  /// The value for `contexts` (an object of context name to value): the literal as is, or
  /// the template's result (a lone expression keeps its type).
  [[nodiscard]] result<value> evaluate(const value& contexts,
                                       const expr::evaluation_options& options = {}) const {
    if (compiled) return compiled->evaluate(contexts, options);
    return raw;
  }
  /// evaluate() with `lookup(slot, name)` supplying the contexts (expression::evaluate_with()).
  template <class Lookup>
  [[nodiscard]] result<value> evaluate_with(Lookup&& lookup,
                                            const expr::evaluation_options& options = {}) const {
    if (compiled) return compiled->evaluate_with(lookup, options);
    return raw;
  }
};

/// A string with its span (ids, `uses`, `needs` entries, names of map keys).
struct located_string {
  std::string text;
  source_span span;
  friend bool operator==(const located_string& a, const located_string& b) noexcept {
    return a.text == b.text;
  }
};

/// One entry of `env`, `with`, `outputs`, `secrets`: a key and its (templated) value.
struct named_value {
  located_string name;
  template_value value;
};

/// An ordered map of templated values; keys are looked up ignoring case, as GitHub does.
struct template_map {
  std::vector<named_value> entries;
  source_span span;
  /// Set when the whole map is one expression (`env: ${{ fromJSON(...) }}`).
  std::optional<template_value> expression;

  [[nodiscard]] bool empty() const noexcept { return entries.empty() && !expression; }
  [[nodiscard]] std::size_t size() const noexcept { return entries.size(); }
  [[nodiscard]] const template_value* find(std::string_view key) const noexcept {
    for (const named_value& e : entries) {
      if (detail::iequals(e.name.text, key)) return &e.value;
    }
    return nullptr;
  }
  void set(std::string_view key, template_value v) {
    for (named_value& e : entries) {
      if (detail::iequals(e.name.text, key)) {
        e.value = std::move(v);
        return;
      }
    }
    entries.push_back({located_string{std::string(key), {}}, std::move(v)});
  }
};

/// A job or step `if:` after GitHub's normalisation (SEMANTICS §2.4).
struct condition {
  std::string text = "success()";  ///< the final condition, e.g. `success() && (x == 1)`
  bool written = false;            ///< false when the key was absent
  source_span span;
};

/// `defaults.run`.
struct defaults {
  std::optional<template_value> shell;
  std::optional<template_value> working_directory;
  source_span span;
};

/// `concurrency` (string or mapping).
struct concurrency {
  template_value group;
  std::optional<template_value> cancel_in_progress;
  source_span span;
};

/// `permissions` (shorthand or per scope).
struct permissions {
  enum class form : std::uint8_t { read_all, write_all, scopes, expression };
  form kind = form::scopes;
  /// Scope and level (`contents: read`), in order.
  std::vector<std::pair<located_string, located_string>> scopes;
  source_span span;
};

/// `environment` (string or name/url).
struct environment {
  template_value name;
  std::optional<template_value> url;
  source_span span;
};

/// `container` or one entry of `services`: the image (when given) and the whole value.
struct container {
  std::string id;  ///< the service name (empty for the job container)
  std::optional<template_value> image;
  value raw;  ///< the value as written
  source_map::node_id node = source_map::none;
  source_span span;
};

/// `runs-on`: labels, a group, or an expression.
struct runs_on {
  std::vector<template_value> labels;
  std::optional<template_value> group;
  /// Set when `runs-on` is one expression (`${{ matrix.os }}`).
  std::optional<template_value> expression;
  source_span span;
};

/// `strategy`; the matrix stays a value (or an expression) for the matrix stage.
struct strategy {
  value matrix;  ///< the matrix mapping as written (null when absent)
  source_map::node_id matrix_node = source_map::none;
  /// Set when the matrix is one expression (`matrix: ${{ fromJSON(...) }}`).
  std::optional<template_value> matrix_expression;
  std::optional<template_value> fail_fast;
  std::optional<template_value> max_parallel;
  source_span span;
};

/// One step.
struct step {
  std::string id;  ///< as written, or GitHub's generated id (`__run`, `__actions_checkout`)
  bool generated_id = false;  ///< true when `id` was generated
  source_span id_span;
  std::optional<template_value> name;
  std::optional<located_string> uses;  ///< set for action steps
  std::optional<template_value> run;   ///< set for script steps
  std::optional<template_value> shell;
  std::optional<template_value> working_directory;
  template_map env;
  template_map with;
  model::condition condition;
  std::optional<template_value> continue_on_error;
  std::optional<template_value> timeout_minutes;
  /// The steps of a `parallel:` group (GitHub runs them side by side).
  std::vector<step> parallel;
  source_span span;
};

/// Whether a job runs steps or calls a reusable workflow.
enum class job_kind : std::uint8_t { normal, reusable_call };

/// One job.
struct job {
  std::string id;
  source_span id_span;
  job_kind kind = job_kind::normal;
  std::optional<template_value> name;
  std::vector<located_string> needs;
  model::condition condition;
  std::optional<model::runs_on> runs_on;
  std::optional<model::strategy> strategy;
  std::optional<template_value> continue_on_error;
  std::optional<template_value> timeout_minutes;
  std::optional<template_value> cancel_timeout_minutes;
  std::optional<model::container> container;
  std::vector<model::container> services;
  std::optional<model::environment> environment;
  template_map outputs;
  template_map env;
  std::optional<model::defaults> defaults;
  std::optional<model::concurrency> concurrency;
  std::optional<model::permissions> permissions;
  std::vector<step> steps;
  // Reusable-workflow calls.
  std::optional<located_string> uses;
  template_map with;
  template_map secrets;
  bool secrets_inherit = false;
  source_span span;

  /// The display name: `name` when it is plain text, else the id.
  [[nodiscard]] std::string_view display_name() const noexcept {
    if (name && !name->is_expression() && name->raw.is_string()) return name->text();
    return id;
  }
};

/// A workflow.
struct workflow {
  std::optional<template_value> name;
  std::optional<template_value> run_name;
  /// The `on:` value as written, and its source_map node (for the trigger stage).
  value on;
  source_map::node_id on_node = source_map::none;
  source_span on_span;
  template_map env;
  std::optional<model::defaults> defaults;
  std::optional<model::permissions> permissions;
  std::optional<model::concurrency> concurrency;
  std::vector<job> jobs;
  source_span jobs_span;

  /// The job with id `id` (ignoring case), or nullptr.
  [[nodiscard]] const job* find_job(std::string_view id) const noexcept {
    for (const job& j : jobs) {
      if (detail::iequals(j.id, id)) return &j;
    }
    return nullptr;
  }
};

}  // namespace model
}  // namespace v0
}  // namespace pipewright
