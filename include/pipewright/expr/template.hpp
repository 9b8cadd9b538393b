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
#include "pipewright/expr/expression.hpp"
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
PIPEWRIGHT_DECL result<std::vector<template_segment>> split_template(std::string_view text,
                                                                     std::size_t span_offset = 0);

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
  // Runs `each(self, e)` on every expression and joins the results (a lone expression
  // keeps its type); one definition for every caller's callable, compiled once.
  using erased_evaluate = result<value> (*)(const void* self, const expression& e);
  [[nodiscard]] result<value> evaluate_each(const void* self, erased_evaluate each) const;
  template <class Evaluate>
  result<value> evaluate_each(const Evaluate& each) const {
    return evaluate_each(static_cast<const void*>(&each),
                         [](const void* f, const expression& e) -> result<value> {
                           return (*static_cast<const Evaluate*>(f))(e);
                         });
  }

  friend result<compiled_template> compile_template(std::string_view, const compile_options&);
  std::vector<std::pair<bool, std::string>> pieces_;  // (is expression, literal text)
  std::vector<expression> expressions_;
  bool lone_ = false;
};

/// Compiles a template; every expression is compiled with `options` (spans relative to the
/// template plus options.span_offset).
PIPEWRIGHT_DECL result<compiled_template> compile_template(std::string_view text,
                                                           const compile_options& options = {});

/// The condition text GitHub runs for an `if:` value (SEMANTICS §2.4): the body of a lone
/// `${{ }}`, or the trimmed text; `success()` when empty; `success() && (…)` when no status
/// function is called. Mixed text and `${{ }}` become a `format(…)` call, as GitHub rewrites
/// it. Fails with the template or parse error.
PIPEWRIGHT_DECL result<std::string> normalize_if(std::string_view text,
                                                 const compile_options& options = {});

/// Compiles an `if:` value after normalize_if().
PIPEWRIGHT_DECL result<expression> compile_if(std::string_view text,
                                              const compile_options& options = {});

}  // namespace expr
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/expr/template_impl.hpp"
#endif
