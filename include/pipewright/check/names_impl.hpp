/// @file names_impl.hpp
/// The definitions behind pipewright/check/names.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include "pipewright/check/expressions.hpp"
#include "pipewright/check/names.hpp"
#include "pipewright/check/security.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/document.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

namespace detail {

using pipewright::detail::iequals;

class names_checker {
 public:
  names_checker(const document& doc, std::string_view source, const settings& config)
      : doc_(doc), source_(source), config_(config) {
    options_.contexts = {"github", "env",      "vars",  "secrets", "inputs", "needs",
                         "matrix", "strategy", "steps", "job",     "jobs",   "runner"};
    options_.status_function_args = true;
  }

  std::vector<diagnostic> run() {
    for_each_string(doc_, [this](std::string_view text, source_span span, const std::string& path,
                                 bool is_if) { scalar(text, span, path, is_if); });
    return std::move(out_);
  }

 private:
  void scalar(std::string_view text, source_span span, const std::string& path, bool is_if) {
    if (!semantics::contains_expression(text)) {
      if (is_if) expression(text, 0, span, path);
      return;
    }
    auto segments = expr::split_template(text);
    if (!segments) return;  // the reader reports it
    for (const expr::template_segment& s : *segments) {
      if (s.is_expression) expression(s.text, s.begin, span, path);
    }
  }

  void expression(std::string_view text, std::size_t offset, source_span span,
                  const std::string& path) {
    bool mentioned = false;  // a cheap filter before parsing
    for (std::size_t i = 0; i + 4 <= text.size() && !mentioned; ++i) {
      mentioned = iequals(text.substr(i, 4), "vars") || iequals(text.substr(i, 4), "secr");
    }
    if (!mentioned) return;
    auto compiled = expr::compile(text, options_);
    if (!compiled) return;  // the reader reports it
    const expr::expression& e = *compiled;
    const auto& nodes = e.nodes();
    for (const expr::node& n : nodes) {
      if (n.kind != expr::node_kind::index || n.a < 0 || n.b < 0) continue;
      const expr::node& base = nodes[static_cast<std::size_t>(n.a)];
      const expr::node& key = nodes[static_cast<std::size_t>(n.b)];
      if (base.kind != expr::node_kind::context || key.kind != expr::node_kind::string_literal ||
          base.ref >= e.context_names().size()) {
        continue;
      }
      const std::string_view context = e.context_names()[base.ref];
      const bool is_vars = iequals(context, "vars");
      if (!is_vars && !iequals(context, "secrets")) continue;
      const std::optional<std::vector<std::string>>& known =
          is_vars ? config_.vars : config_.secrets;
      if (!known) continue;
      const std::string name = literal_text(e, key);  // security.hpp: bare or quoted
      if (!is_vars && iequals(name, "GITHUB_TOKEN")) continue;
      const bool found = std::any_of(known->begin(), known->end(),
                                     [&name](const std::string& k) { return iequals(k, name); });
      if (found) continue;
      report(is_vars, name, *known,
             name_span(source_, span, offset + key.begin, key.end - key.begin, name), path);
    }
  }

  void report(bool is_vars, const std::string& name, const std::vector<std::string>& known,
              source_span span, const std::string& path) {
    const std::string kind = is_vars ? "variable" : "secret";
    const std::string context = is_vars ? "vars" : "secrets";
    diagnostic d =
        make_warning(codes::lint_unknown_name,
                     "'" + context + "." + name + "' reads a " + kind +
                         " this repository does not define (the configuration's '" + context +
                         ":' list); GitHub would give an empty string without an error",
                     span, path);
    std::string names;
    for (const std::string& k : known) {
      if (!names.empty()) names += ", ";
      names += k;
    }
    d.notes.push_back("known: " + (names.empty() ? std::string("none") : names));
    out_.push_back(std::move(d));
  }

  const document& doc_;
  std::string_view source_;
  const settings& config_;
  expr::compile_options options_;
  std::vector<diagnostic> out_;
};

}  // namespace detail

PIPEWRIGHT_DECL std::vector<diagnostic> check_context_names(const document& doc,
                                                            std::string_view source,
                                                            const settings& config) {
  if (!config.vars && !config.secrets) return {};
  return detail::names_checker(doc, source, config).run();
}

}  // namespace lint
}  // namespace v0
}  // namespace pipewright
