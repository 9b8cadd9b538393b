/// @file expression.hpp
/// Compile-time-checked expressions: `static_::expr<"github.ref == 'refs/heads/main'">`
/// parses during compilation with the runtime's parser and converts to a runtime
/// `expr::expression`.
///
/// ```cpp
/// constexpr auto on_main = pipewright::static_::expr<"github.ref == 'refs/heads/main'">;
/// pipewright::expr::expression e = on_main;  // compiled at run time, cannot fail to parse
/// // Restricted to the contexts a key allows (expr/contexts.hpp):
/// constexpr auto os = pipewright::static_::expr<"matrix.os", "jobs.<id>.runs-on">;
/// ```
/// A text that does not parse is a compile error naming `expression_syntax_error` (or
/// `expression_context_not_allowed_here`); clang's note shows the column.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/contexts.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/static_/analysis.hpp"
#include "pipewright/static_/workflow.hpp"

namespace pipewright {
inline namespace v0 {
namespace static_ {

/// A string usable as a template argument.
template <std::size_t N>
struct fixed_string {
  char chars[N]{};
  consteval fixed_string(const char (&s)[N]) noexcept {  // NOLINT(google-explicit-constructor)
    std::copy_n(s, N, chars);
  }
  [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

namespace detail {
/// The problems of expression `text` for `key` (empty key: every context and function).
constexpr report check_expression_text(std::string_view text, std::string_view key) {
  report out;
  node_storage storage;
  const pipewright::expr::fixed_resolver resolver =
      key.empty() ? full_resolver() : resolver_for(key);
  const pipewright::expr::parse_outcome o = pipewright::expr::parse(text, storage, resolver);
  if (o.ok()) return out;
  problem p;
  p.field = key;
  p.text = text;
  p.column = static_cast<std::uint32_t>(o.begin + 1);
  p.parse_error = o.error;
  p.kind = problem_kind::expression_syntax;
  if (o.error == pipewright::expr::parse_error_kind::out_of_storage) {
    p.kind = problem_kind::expression_too_large;
  }
  if (o.error == pipewright::expr::parse_error_kind::unrecognized_named_value &&
      is_standard_context(text.substr(o.begin, o.end - o.begin))) {
    p.kind = problem_kind::context_not_allowed;
  }
  out.add(p);
  return out;
}

constexpr bool enforce_expression(std::string_view text, std::string_view key) {
  const report r = check_expression_text(text, key);
  if (!r.ok()) report_expression(true, r[0].kind, {}, key, text, r[0].column);
  return true;
}
}  // namespace detail

/// An expression checked during compilation; see the file comment.
template <fixed_string Text, fixed_string Key = "">
struct checked_expression {
  static constexpr bool checked = detail::enforce_expression(Text.view(), Key.view());

  constexpr checked_expression() noexcept { static_assert(checked); }

  /// The expression text.
  [[nodiscard]] static constexpr std::string_view text() noexcept { return Text.view(); }
  /// The key whose contexts it may use (empty: all).
  [[nodiscard]] static constexpr std::string_view key() noexcept { return Key.view(); }

  /// The options the runtime compiles it with: the key's contexts and functions.
  [[nodiscard]] static pipewright::expr::compile_options options() {
    if (Key.view().empty()) {
      pipewright::expr::compile_options o;
      for (std::string_view c : pipewright::expr::standard_contexts) o.contexts.emplace_back(c);
      return o;
    }
    return pipewright::expr::options_for_key(Key.view());
  }
  /// The runtime expression (parsed again at run time, which cannot fail).
  [[nodiscard]] static result<pipewright::expr::expression> compile() {
    return pipewright::expr::compile(Text.view(), options());
  }
  operator pipewright::expr::expression() const {  // NOLINT(google-explicit-constructor)
    return std::move(compile()).value();
  }
};

/// `static_::expr<"text">` or `static_::expr<"text", "jobs.<id>.if">`.
template <fixed_string Text, fixed_string Key = "">
inline constexpr checked_expression<Text, Key> expr{};

/// True when `text` parses for `key` (for `static_assert(!static_::is_valid(...))`).
constexpr bool is_valid(std::string_view text, std::string_view key = {}) {
  return detail::check_expression_text(text, key).ok();
}

}  // namespace static_
}  // namespace v0
}  // namespace pipewright
