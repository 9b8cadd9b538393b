/// @file action.hpp
/// An action's metadata (`action.yml` / `action.yaml`): its inputs, outputs and how it runs
/// (a composite action's steps, a Docker container, a Node.js script), read with the
/// schema GitHub's runner loads it with (actions/runner `src/Runner.Worker/action_yaml.json`
/// and ActionManifestManager): the keys each part allows, the contexts its expressions may
/// use, `shell` required on a composite action's `run` steps.
///
/// Diagnostics: the schema's PW0401–PW0405, the step rules of the workflow reader (PW0406,
/// PW0407, PW0410, PW0427, PW0428), PW0429 (`runs.using` missing or not a runtime), PW0430
/// (no `runs`, or no `image` / `main` / `steps` for its runtime; a document that is not a
/// mapping). Two inputs or outputs whose names differ only in case are the YAML loader's
/// PW0302, as in GitHub's reader (keys compare ignoring case).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/schema.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

/// One entry of an action's `inputs`.
struct action_input {
  located_string name;  ///< as written; GitHub compares input names ignoring case
  std::optional<template_value> description;
  /// `required: true`. The runner does not enforce it: an input not given and without a
  /// default is the empty string.
  bool required = false;
  std::optional<template_value> default_value;     ///< `default`
  std::optional<std::string> deprecation_message;  ///< `deprecationMessage`
  source_span span;
};

/// One entry of an action's `outputs`.
struct action_output {
  located_string name;
  std::optional<template_value> description;
  std::optional<template_value> value;  ///< a composite action's `value`
  source_span span;
};

/// How an action runs (`runs.using`).
enum class action_runtime : std::uint8_t { unknown, composite, docker, node, plugin };

/// An action's `runs`.
struct action_runs {
  action_runtime runtime = action_runtime::unknown;
  std::optional<located_string> using_;  ///< `using` as written (`node20`, `composite`)
  std::optional<template_value> main, pre, post, pre_if, post_if;                    ///< Node.js
  std::optional<template_value> image, entrypoint, pre_entrypoint, post_entrypoint;  ///< Docker
  std::vector<template_value> args;                                                  ///< Docker
  template_map env;                                                                  ///< Docker
  std::vector<step> steps;                                                           ///< composite
  source_span span;
};

/// An action's metadata.
struct action {
  std::optional<template_value> name;
  std::optional<template_value> description;
  std::optional<template_value> author;
  std::vector<action_input> inputs;
  std::vector<action_output> outputs;
  std::optional<action_runs> runs;

  /// The input named `name` ignoring case, as the runner matches `with:` keys; or nullptr.
  [[nodiscard]] const action_input* find_input(std::string_view input_name) const noexcept {
    for (const action_input& i : inputs) {
      if (pipewright::detail::iequals(i.name.text, input_name)) return &i;
    }
    return nullptr;
  }
  /// The output named `name` ignoring case, or nullptr.
  [[nodiscard]] const action_output* find_output(std::string_view output_name) const noexcept {
    for (const action_output& o : outputs) {
      if (pipewright::detail::iequals(o.name.text, output_name)) return &o;
    }
    return nullptr;
  }
};

/// An action and every diagnostic found while reading it; the action holds whatever could be
/// read even when there are errors.
struct action_report {
  model::action action;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

/// Returns the metadata text (`action.yml`, else `action.yaml`) of the local action a step's
/// `uses: ./path` names, or nullopt when it cannot be found.
using action_resolver = std::function<std::optional<std::string>(std::string_view uses)>;
/// The metadata of the local action a step's `uses` names, read once; nullptr when unknown.
using action_lookup = std::function<const action_report*(std::string_view uses)>;

namespace schema {
namespace action_defs {

using sv = std::string_view;

// The contexts of the runner's action schema (action_yaml.json).
inline constexpr context_set steps_ctx = ctx::github | ctx::inputs | ctx::strategy | ctx::matrix |
                                         ctx::steps | ctx::job | ctx::runner | ctx::env |
                                         ctx::hash_files;
inline constexpr context_set step_if_ctx = steps_ctx | ctx::status_functions;
inline constexpr context_set output_ctx = ctx::github | ctx::strategy | ctx::matrix | ctx::steps |
                                          ctx::inputs | ctx::job | ctx::runner | ctx::env;
inline constexpr context_set default_ctx =
    ctx::github | ctx::strategy | ctx::matrix | ctx::job | ctx::runner | ctx::hash_files;

inline constexpr property p_root[] = {{"name", "string"},
                                      {"description", "string"},
                                      {"inputs", "inputs"},
                                      {"runs", "runs"},
                                      {"outputs", "outputs"}};
inline constexpr property p_input[] = {{"default", "input-default-context"}};
inline constexpr property p_output[] = {{"description", "string"}, {"value", "output-value"}};
inline constexpr sv runs_alternatives[] = {"container-runs", "node-runs", "plugin-runs",
                                           "composite-runs"};
inline constexpr property p_container_runs[] = {
    {"using", "non-empty-string"},      {"image", "non-empty-string"},
    {"entrypoint", "non-empty-string"}, {"args", "container-runs-args"},
    {"env", "container-runs-env"},      {"pre-entrypoint", "non-empty-string"},
    {"pre-if", "non-empty-string"},     {"post-entrypoint", "non-empty-string"},
    {"post-if", "non-empty-string"}};
inline constexpr property p_node_runs[] = {
    {"using", "non-empty-string"},  {"main", "non-empty-string"}, {"pre", "non-empty-string"},
    {"pre-if", "non-empty-string"}, {"post", "non-empty-string"}, {"post-if", "non-empty-string"}};
inline constexpr property p_plugin_runs[] = {{"plugin", "non-empty-string"}};
inline constexpr property p_composite_runs[] = {{"using", "non-empty-string"},
                                                {"steps", "composite-steps"}};
inline constexpr sv step_alternatives[] = {"run-step", "uses-step"};
inline constexpr property p_run_step[] = {{"name", "string-steps-context"},
                                          {"id", "non-empty-string"},
                                          {"if", "step-if"},
                                          {"run", "string-steps-context", true},
                                          {"env", "step-env"},
                                          {"continue-on-error", "boolean-steps-context"},
                                          {"working-directory", "string-steps-context"},
                                          {"shell", "string-steps-context", true}};
inline constexpr property p_uses_step[] = {{"name", "string-steps-context"},
                                           {"id", "non-empty-string"},
                                           {"if", "step-if"},
                                           {"uses", "non-empty-string", true},
                                           {"continue-on-error", "boolean-steps-context"},
                                           {"with", "step-with"},
                                           {"env", "step-env"}};

inline constexpr definition table[] = {
    loose_mapping_def("action-root", "non-empty-string", "any", 0, p_root),
    loose_mapping_def("inputs", "non-empty-string", "input"),
    loose_mapping_def("input", "non-empty-string", "any", 0, p_input),
    loose_mapping_def("outputs", "non-empty-string", "output-definition"),
    mapping_def("output-definition", p_output),
    one_of_def("runs", runs_alternatives),
    mapping_def("container-runs", p_container_runs),
    sequence_def("container-runs-args", "container-runs-context"),
    loose_mapping_def("container-runs-env", "non-empty-string", "string", ctx::inputs),
    mapping_def("node-runs", p_node_runs),
    mapping_def("plugin-runs", p_plugin_runs),
    mapping_def("composite-runs", p_composite_runs),
    sequence_def("composite-steps", "composite-step"),
    one_of_def("composite-step", step_alternatives),
    mapping_def("run-step", p_run_step),
    mapping_def("uses-step", p_uses_step),
    string_def("container-runs-context", ctx::inputs),
    string_def("output-value", output_ctx),
    string_def("input-default-context", default_ctx),
    string_def("non-empty-string", 0, true),
    string_def("string"),
    any_def("any"),
    string_def("string-steps-context", steps_ctx),
    boolean_def("boolean-steps-context", steps_ctx),
    loose_mapping_def("step-env", "non-empty-string", "string", steps_ctx),
    string_def("step-if", step_if_ctx),
    loose_mapping_def("step-with", "non-empty-string", "string", steps_ctx),
};

}  // namespace action_defs

/// The action metadata schema, resolved once (thread-safe).
PIPEWRIGHT_DECL const compiled_schema& action_schema();

}  // namespace schema

/// Reads `root` (a value tree; `map` gives its spans in `source`) as an action's metadata,
/// collecting every diagnostic. Never throws on bad input.
PIPEWRIGHT_DECL action_report read_action(const value& root, const source_map& map,
                                          std::string_view source = {},
                                          const schema::validate_options& options = {});

}  // namespace model
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/model/action_impl.hpp"
#endif
