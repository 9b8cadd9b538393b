/// @file template.hpp
/// `${{ }}` templates and `if:` conditions (SEMANTICS.md §2).
///
/// A template is split into literal text and expression segments. One expression alone
/// keeps its result's type; a lone string literal is folded to a plain string; any literal
/// text or several expressions make a string, each result converted with ToString (as
/// GitHub's rewrite to `format()` does). `if:` conditions are always expressions, get
/// `success() && (…)` when they call no status function, and `success()` when empty.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// One piece of a template: literal text, or the byte range of an expression body.
struct template_segment {
  bool is_expression = false;
  std::string text;       ///< literal text, or the trimmed expression body
  std::size_t begin = 0;  ///< byte offset of `text` in the template
};

/// Splits `text` into segments (semantics::next_expression); an unclosed `${{` is PW0217 at
/// its position and an empty body PW0218. Inside an expression, `'` toggles a string so
/// `'}}'` does not close it.
inline result<std::vector<template_segment>> split_template(std::string_view text,
                                                            std::size_t span_offset = 0) {
  std::vector<template_segment> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const semantics::expression_span span = semantics::next_expression(text, i);
    if (!span.found()) {
      out.push_back({false, std::string(text.substr(i)), i});
      break;
    }
    const std::size_t open = span.open;
    const std::size_t close = span.close;
    if (open > i) out.push_back({false, std::string(text.substr(i, open - i)), i});
    if (!span.closed()) {
      return make_error(codes::expr_template_not_closed,
                        "The expression is not closed. An unescaped ${{ sequence was found, but "
                        "the closing }} sequence was not found.",
                        source_span{span_offset + open, span_offset + open + 3});
    }
    // GitHub's template reader trims the body with .NET's String.Trim(), which removes
    // every Unicode white-space character (a no-break space too); only the lexer inside is
    // limited to ASCII white space.
    const std::string_view body = detail::trim_spaces(span.body(text));
    const std::size_t b =
        body.empty() ? close : static_cast<std::size_t>(body.data() - text.data());
    const std::size_t e = b + body.size();
    if (b == e) {
      return make_error(codes::expr_template_empty, "An expression was expected",
                        source_span{span_offset + open, span_offset + close + 2});
    }
    out.push_back({true, std::string(text.substr(b, e - b)), b});
    i = span.end();
  }
  return out;
}

/// A compiled template.
class compiled_template {
 public:
  /// True when the template holds no `${{ }}` (or only folded string literals).
  [[nodiscard]] bool is_literal() const noexcept { return expressions_.empty(); }
  /// The expressions, in order.
  [[nodiscard]] const std::vector<expression>& expressions() const noexcept { return expressions_; }

  /// Evaluates: a lone expression keeps its type, anything else is a string.
  template <class Contexts>
  result<value> evaluate(const Contexts& contexts, const evaluation_options& options = {}) const {
    return evaluate_each([&](const expression& e) { return e.evaluate(contexts, options); });
  }
  /// evaluate() with `lookup(slot, name)` supplying each expression's contexts
  /// (expression::evaluate_with()).
  template <class Lookup>
  result<value> evaluate_with(Lookup&& lookup, const evaluation_options& options = {}) const {
    return evaluate_each([&](const expression& e) { return e.evaluate_with(lookup, options); });
  }

 private:
  template <class Evaluate>
  result<value> evaluate_each(Evaluate&& evaluate) const {
    if (lone_) return evaluate(expressions_.front());
    std::string out;
    std::size_t next = 0;
    for (const auto& piece : pieces_) {
      if (!piece.first) {
        out += piece.second;
        continue;
      }
      auto r = evaluate(expressions_[next++]);
      if (!r) return r;
      append_string(out, *r);
    }
    return value(std::move(out));
  }

  friend result<compiled_template> compile_template(std::string_view, const compile_options&);
  std::vector<std::pair<bool, std::string>> pieces_;  // (is expression, literal text)
  std::vector<expression> expressions_;
  bool lone_ = false;
};

/// Compiles a template; every expression is compiled with `options` (spans relative to the
/// template plus options.span_offset).
inline result<compiled_template> compile_template(std::string_view text,
                                                  const compile_options& options = {}) {
  auto segments = split_template(text, options.span_offset);
  if (!segments) return std::move(segments.diagnostics().front());
  compiled_template t;
  std::vector<diagnostic> errors;
  const bool single = segments->size() == 1 && segments->front().is_expression;
  for (const template_segment& s : *segments) {
    if (!s.is_expression) {
      t.pieces_.emplace_back(false, s.text);
      continue;
    }
    compile_options o = options;
    o.span_offset = options.span_offset + s.begin;
    auto e = compile(s.text, o);
    if (!e) {
      for (auto& d : e.diagnostics()) errors.push_back(std::move(d));
      continue;
    }
    if (e->is_string_literal()) {
      // Folded at parse time, as GitHub's template reader does.
      auto folded = e->evaluate(value());
      t.pieces_.emplace_back(false, std::string(folded->as_string()));
      continue;
    }
    t.pieces_.emplace_back(true, std::string());
    t.expressions_.push_back(std::move(*e));
  }
  if (!errors.empty()) return result<compiled_template>::failure(std::move(errors));
  t.lone_ = single && t.expressions_.size() == 1;
  return t;
}

/// The condition text GitHub runs for an `if:` value (SEMANTICS §2.4): the body of a lone
/// `${{ }}`, or the trimmed text; `success()` when empty; `success() && (…)` when no status
/// function is called. Mixed text and `${{ }}` become a `format(…)` call, as GitHub rewrites
/// it. Fails with the template or parse error.
inline result<std::string> normalize_if(std::string_view text,
                                        const compile_options& options = {}) {
  auto segments = split_template(text, options.span_offset);
  if (!segments) return std::move(segments.diagnostics().front());
  std::string condition;
  const bool has_expr = [&] {
    for (const auto& s : *segments) {
      if (s.is_expression) return true;
    }
    return false;
  }();
  if (!has_expr) {
    condition = std::string(detail::trim_spaces(text));
  } else if (segments->size() == 1) {
    condition = segments->front().text;
  } else {
    std::string fmt;
    std::string args;
    std::size_t n = 0;
    for (const auto& s : *segments) {
      if (s.is_expression) {
        fmt += "{" + std::to_string(n++) + "}";
        args += ", " + s.text;
        continue;
      }
      for (char c : s.text) {
        if (c == '\'')
          fmt += "''";
        else if (c == '{')
          fmt += "{{";
        else if (c == '}')
          fmt += "}}";
        else
          fmt += c;
      }
    }
    condition = "format('" + fmt + "'" + args + ")";
  }
  if (condition.empty()) return std::string("success()");
  auto e = compile(condition, options);
  if (!e) return std::move(e.diagnostics().front());
  if (e->uses_status_function()) return condition;
  return "success() && (" + condition + ")";
}

/// Compiles an `if:` value after normalize_if().
inline result<expression> compile_if(std::string_view text, const compile_options& options = {}) {
  auto condition = normalize_if(text, options);
  if (!condition) return std::move(condition.diagnostics().front());
  compile_options o = options;
  o.span_offset = 0;
  return compile(*condition, o);
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
