/// @file action_impl.hpp
/// The definitions behind model/action.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/action.hpp"
#include "pipewright/model/read.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

namespace schema {

PIPEWRIGHT_DECL const compiled_schema& action_schema() {
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

PIPEWRIGHT_DECL action_report read_action(const value& root, const source_map& map,
                                          std::string_view source,
                                          const schema::validate_options& options) {
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
