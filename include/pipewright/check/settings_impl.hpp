/// @file settings_impl.hpp
/// The definitions behind pipewright/check/settings.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <utility>
#include "pipewright/check/settings.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

PIPEWRIGHT_DECL level_word parse_level(std::string_view word) {
  using pipewright::detail::iequals;
  if (iequals(word, "error")) return {true, severity::error};
  if (iequals(word, "warning")) return {true, severity::warning};
  if (iequals(word, "note")) return {true, severity::note};
  if (iequals(word, "off")) return {true, std::nullopt};
  return {};
}

namespace detail {

class settings_reader {
 public:
  explicit settings_reader(const document& doc) : doc_(doc) {}

  result<settings> run() {
    const value& root = doc_.root;
    const source_map::node_id root_node = doc_.map.root();
    if (root.is_null()) return settings{};  // an empty file
    if (!root.is_object()) {
      fail("", root_node, false,
           "the configuration must be a mapping (rules, ignore, "
           "runner-labels, vars, secrets)");
      return result<settings>::failure(std::move(diags_));
    }
    std::size_t k = 0;
    for (const auto& [key, v] : root.as_object()) {
      const source_map::node_id node = doc_.map.child(root_node, k++);
      std::string path = "/";
      append_pointer_token(path, key);
      if (key == "rules") {
        rules(v, node, path);
      } else if (key == "ignore") {
        for (std::string& glob : strings(v, node, path)) {
          auto compiled = trigger::pattern::compile(glob);
          if (compiled) {
            out_.ignore.push_back(std::move(*compiled));
          } else {
            fail(path, node, false,
                 "'" + glob + "' is not a valid glob: " + compiled.first_error()->message);
          }
        }
      } else if (key == "runner-labels") {
        out_.runner_labels = strings(v, node, path);
      } else if (key == "vars") {
        out_.vars = strings(v, node, path);
      } else if (key == "secrets") {
        out_.secrets = strings(v, node, path);
      } else {
        fail(path, node, true,
             "unknown key '" + key + "' (expected rules, ignore, runner-labels, vars, secrets)");
      }
    }
    if (has_errors(diags_)) return result<settings>::failure(std::move(diags_));
    return std::move(out_);
  }

 private:
  void fail(const std::string& path, source_map::node_id node, bool at_key, std::string message) {
    const source_span span =
        at_key && doc_.map.key_span(node).known() ? doc_.map.key_span(node) : doc_.map.span(node);
    diags_.push_back(make_error(codes::config_invalid, std::move(message), span, path));
  }

  void rules(const value& v, source_map::node_id node, const std::string& path) {
    if (!v.is_object()) {
      fail(path, node, false, "'rules' must map codes to levels (PW0906: off)");
      return;
    }
    std::size_t k = 0;
    for (const auto& [code, level] : v.as_object()) {
      const source_map::node_id child = doc_.map.child(node, k++);
      std::string child_path = path + "/";
      append_pointer_token(child_path, code);
      const std::string_view name = code;  // lambdas cannot capture a structured binding (clang 14)
      const bool known = std::any_of(
          std::begin(codes::all), std::end(codes::all),
          [name](const codes::code_info& c) { return pipewright::detail::iequals(c.code, name); });
      if (!known) {
        fail(child_path, child, true, "'" + code + "' is not a pipewright code (docs/errors.md)");
        continue;
      }
      const level_word parsed = level.is_string() ? parse_level(level.as_string()) : level_word{};
      if (!parsed.valid) {
        // YAML 1.1 readers turn a bare `off` into false; accept that spelling too.
        if (level.is_bool() && !level.as_bool()) {
          out_.levels.push_back(code_level{code, std::nullopt});
          continue;
        }
        fail(child_path, child, false,
             "the level of " + code + " must be error, warning, note or off");
        continue;
      }
      out_.levels.push_back(code_level{code, parsed.level});
    }
  }

  std::vector<std::string> strings(const value& v, source_map::node_id node,
                                   const std::string& path) {
    std::vector<std::string> out;
    if (v.is_string()) {
      out.emplace_back(v.as_string());
      return out;
    }
    if (!v.is_array()) {
      fail(path, node, false, "'" + path.substr(1) + "' must be a list of strings");
      return out;
    }
    std::size_t k = 0;
    for (const value& item : v.as_array()) {
      const source_map::node_id child = doc_.map.child(node, k);
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      } else {
        fail(path + "/" + std::to_string(k), child, false,
             "'" + path.substr(1) + "' must be a list of strings");
      }
      ++k;
    }
    return out;
  }

  const document& doc_;
  settings out_;
  std::vector<diagnostic> diags_;
};

}  // namespace detail

PIPEWRIGHT_DECL result<settings> read_settings(const document& doc) {
  return detail::settings_reader(doc).run();
}

}  // namespace lint
}  // namespace v0
}  // namespace pipewright
