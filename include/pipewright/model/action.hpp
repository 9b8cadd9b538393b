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
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/read.hpp"
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
inline const compiled_schema& action_schema() {
  static const compiled_schema s(action_defs::table);
  return s;
}

}  // namespace schema

namespace detail {

/// The runtime `using` names (the runner compares them ignoring case).
inline action_runtime runtime_of(std::string_view using_) noexcept {
  if (pipewright::detail::iequals(using_, "composite")) return action_runtime::composite;
  if (pipewright::detail::iequals(using_, "docker")) return action_runtime::docker;
  for (std::string_view node : {"node12", "node16", "node20", "node24"}) {
    if (pipewright::detail::iequals(using_, node)) return action_runtime::node;
  }
  return action_runtime::unknown;
}

class action_reader {
 public:
  action_reader(const source_map& map, std::string_view source, std::vector<diagnostic>& out,
                schema::template_cache* cache)
      : map_(map), out_(out), convert_(map, source, out, cache) {}

  action read(const value& root, source_map::node_id rn) {
    action a;
    const object& o = root.as_object();
    for (const auto [key, v, n] : map_.members(o, rn)) {
      if (key == "name") {
        a.name = convert_.scalar(v, n, 0);
      } else if (key == "description") {
        a.description = convert_.scalar(v, n, 0);
      } else if (key == "author") {
        a.author = convert_.scalar(v, n, 0);
      } else if (key == "inputs") {
        read_inputs(a, v, n);
      } else if (key == "outputs") {
        read_outputs(a, v, n);
      } else if (key == "runs") {
        a.runs = read_runs(v, n);
      }
    }
    if (!a.runs) {
      out_.push_back(make_error(codes::model_action_runs_incomplete,
                                "Top level 'runs:' section is required", map_.span(rn)));
    }
    return a;
  }

 private:
  void read_inputs(action& a, const value& v, source_map::node_id n) {
    const object* o = v.if_object();
    if (o == nullptr) return;
    for (const auto [name, item, c] : map_.members(*o, n)) {
      action_input in;
      in.name = located_string{name, map_.key_span(c)};
      in.span = map_.span(c);
      if (const object* m = item.if_object()) {
        for (std::size_t i = 0; i < m->size(); ++i) {
          const std::string& key = (*m)[i].first;
          const value& x = (*m)[i].second;
          const source_map::node_id xn = map_.child(c, i);
          // The runner matches these keys ignoring case (ActionManifestManager.ConvertInputs).
          if (pipewright::detail::iequals(key, "default")) {
            in.default_value = convert_.scalar(x, xn, schema::action_defs::default_ctx);
          } else if (pipewright::detail::iequals(key, "deprecationMessage")) {
            if (!x.is_null()) in.deprecation_message = schema::literal_text(x);
          } else if (key == "required") {
            in.required = (x.is_bool() && x.as_bool()) ||
                          (x.is_string() && pipewright::detail::iequals(x.as_string(), "true"));
          } else if (key == "description") {
            in.description = convert_.scalar(x, xn, 0);
          }
        }
      }
      a.inputs.push_back(std::move(in));
    }
  }

  void read_outputs(action& a, const value& v, source_map::node_id n) {
    const object* o = v.if_object();
    if (o == nullptr) return;
    for (const auto [name, item, c] : map_.members(*o, n)) {
      action_output out;
      out.name = located_string{name, map_.key_span(c)};
      out.span = map_.span(c);
      if (const object* m = item.if_object()) {
        for (std::size_t i = 0; i < m->size(); ++i) {
          const source_map::node_id xn = map_.child(c, i);
          if ((*m)[i].first == "value") {
            out.value = convert_.scalar((*m)[i].second, xn, schema::action_defs::output_ctx);
          } else if ((*m)[i].first == "description") {
            out.description = convert_.scalar((*m)[i].second, xn, 0);
          }
        }
      }
      a.outputs.push_back(std::move(out));
    }
  }

  action_runs read_runs(const value& v, source_map::node_id n) {
    action_runs r;
    r.span = map_.span(n);
    const object* o = v.if_object();
    if (o == nullptr) return r;  // the schema reported it
    bool plugin = false;
    bool has_steps = false;
    for (const auto [key, x, c] : map_.members(*o, n)) {
      auto str = [&, &x = x, c = c] { return convert_.scalar(x, c, 0); };
      if (key == "using") {
        r.using_ = located_string{schema::literal_text(x), map_.span(c)};
      } else if (key == "main") {
        r.main = str();
      } else if (key == "pre") {
        r.pre = str();
      } else if (key == "post") {
        r.post = str();
      } else if (key == "pre-if") {
        r.pre_if = str();
      } else if (key == "post-if") {
        r.post_if = str();
      } else if (key == "image") {
        r.image = str();
      } else if (key == "entrypoint") {
        r.entrypoint = str();
      } else if (key == "pre-entrypoint") {
        r.pre_entrypoint = str();
      } else if (key == "post-entrypoint") {
        r.post_entrypoint = str();
      } else if (key == "args") {
        if (const array* a = x.if_array()) {
          for (std::size_t i = 0; i < a->size(); ++i) {
            r.args.push_back(convert_.scalar((*a)[i], map_.child(c, i), ctx_inputs));
          }
        }
      } else if (key == "env") {
        r.env = convert_.mapping(x, c, ctx_inputs);
      } else if (key == "steps") {
        has_steps = x.is_array();
        r.steps = convert_.steps(x, c);
      } else if (key == "plugin") {
        plugin = true;
      }
    }
    // ActionManifestManager.ConvertRuns: its messages, with the file's name left out.
    if (!r.using_) {
      if (plugin) {
        r.runtime = action_runtime::plugin;
        return r;
      }
      out_.push_back(make_error(codes::model_action_using,
                                "Missing 'using' value. 'using' requires 'composite', 'docker', "
                                "'node12', 'node16', 'node20' or 'node24'.",
                                r.span));
      return r;
    }
    r.runtime = runtime_of(r.using_->text);
    auto missing = [&](std::string message) {
      out_.push_back(make_error(codes::model_action_runs_incomplete, std::move(message), r.span));
    };
    switch (r.runtime) {
      case action_runtime::docker:
        if (!r.image || r.image->text().empty()) {
          missing("You are using a Container Action but an image is not provided.");
        }
        break;
      case action_runtime::node:
        if (!r.main || r.main->text().empty()) {
          missing(
              "You are using a JavaScript Action but there is not an entry JavaScript file "
              "provided.");
        }
        break;
      case action_runtime::composite:
        if (!has_steps)
          missing("You are using a composite action but there are no steps provided.");
        break;
      default:
        out_.push_back(make_error(codes::model_action_using,
                                  "'using: " + r.using_->text +
                                      "' is not supported, use 'composite', 'docker', 'node12', "
                                      "'node16', 'node20' or 'node24' instead.",
                                  r.using_->span));
    }
    return r;
  }

  static constexpr schema::context_set ctx_inputs = schema::ctx::inputs;

  const source_map& map_;
  std::vector<diagnostic>& out_;
  converter convert_;
};

}  // namespace detail

/// Reads `root` (a value tree; `map` gives its spans in `source`) as an action's metadata,
/// collecting every diagnostic. Never throws on bad input.
inline action_report read_action(const value& root, const source_map& map,
                                 std::string_view source = {},
                                 const schema::validate_options& options = {}) {
  action_report report;
  if (!root.is_object()) {
    report.diagnostics.push_back(
        make_error(codes::model_action_runs_incomplete,
                   root.is_null() ? "The action's metadata is empty: it is a mapping with 'runs'"
                                  : "An action's metadata must be a mapping with 'runs'",
                   map.span(map.root())));
    return report;
  }
  const schema::compiled_schema& s = schema::action_schema();
  schema::template_cache cache;
  schema::validator check(s, map, source, report.diagnostics, options, &cache);
  check.validate(root, map.root(), s.find("action-root"));
  detail::action_reader reader(map, source, report.diagnostics, &cache);
  report.action = reader.read(root, map.root());
  return report;
}

}  // namespace model
}  // namespace v0
}  // namespace pipewright
