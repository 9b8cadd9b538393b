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
/// // Calling a host's functions (a function set with `signatures`, docs/static.md):
/// constexpr auto gt = pipewright::static_::expr<"semver_gt(github.ref_name, '1')", "", my_fns>;
/// ```
/// A text that does not parse is a compile error naming `expression_syntax_error` (or
/// `expression_context_not_allowed_here`); clang's note shows the column.
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

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
/// The problems of expression `text` for `key` (empty key: every context and function),
/// with the host functions `hosts`.
constexpr report check_expression_text(
    std::string_view text, std::string_view key,
    std::span<const pipewright::expr::function_signature> hosts = {}) {
  report out;
  node_storage storage;
  pipewright::expr::fixed_resolver resolver = key.empty() ? full_resolver() : resolver_for(key);
  resolver.hosts = hosts.data();
  resolver.host_count = hosts.size();
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

constexpr bool enforce_expression(std::string_view text, std::string_view key,
                                  std::span<const pipewright::expr::function_signature> hosts) {
  if (pipewright::expr::check_signatures(hosts) != pipewright::expr::signature_error::none)
    error::host_function_signature_is_invalid();
  const report r = check_expression_text(text, key, hosts);
  if (r.ok()) return true;
  if (r[0].kind == problem_kind::expression_syntax && is_call_error(r[0].parse_error)) {
    report_function_call(true, r[0].parse_error, {}, key, text, r[0].column);
  } else {
    report_expression(true, r[0].kind, {}, key, text, r[0].column);
  }
  return true;
}
}  // namespace detail

/// The function set of expressions that call only GitHub's built-ins.
struct builtin_functions_only {
  static constexpr std::array<pipewright::expr::function_signature, 0> signatures{};
  [[nodiscard]] std::vector<pipewright::expr::user_function> functions() const { return {}; }
};

/// An expression checked during compilation; see the file comment. `Functions` is a function
/// set listing its host functions (`signatures`, and `functions()` for the runtime).
template <fixed_string Text, fixed_string Key = "", class Functions = builtin_functions_only>
struct checked_expression {
  static_assert(pipewright::expr::listed_function_set<Functions>,
                "static_::expr's Functions must have `static constexpr "
                "std::array<expr::function_signature, N> signatures` (docs/static.md)");
  static_assert(
      requires(const Functions& f) {
        { f.functions() } -> std::convertible_to<std::vector<pipewright::expr::user_function>>;
      },
      "static_::expr's Functions must be default-constructible and have "
      "`std::vector<expr::user_function> functions() const` (docs/static.md)");
  static constexpr bool checked = detail::enforce_expression(
      Text.view(), Key.view(), pipewright::expr::signatures_of<Functions>());

  constexpr checked_expression() noexcept { static_assert(checked); }

  /// The expression text.
  [[nodiscard]] static constexpr std::string_view text() noexcept { return Text.view(); }
  /// The key whose contexts it may use (empty: all).
  [[nodiscard]] static constexpr std::string_view key() noexcept { return Key.view(); }

  /// The options the runtime compiles it with: the key's contexts and functions, and the
  /// function set's functions.
  [[nodiscard]] static pipewright::expr::compile_options options() {
    pipewright::expr::compile_options o;
    if (Key.view().empty()) {
      for (std::string_view c : pipewright::expr::standard_contexts) o.contexts.emplace_back(c);
    } else {
      o = pipewright::expr::options_for_key(Key.view());
    }
    o.functions = Functions{}.functions();
    return o;
  }
  /// The runtime expression (parsed again at run time, which cannot fail).
  [[nodiscard]] static result<pipewright::expr::expression> compile() {
    return pipewright::expr::compile(Text.view(), options());
  }
  operator pipewright::expr::expression() const {  // NOLINT(google-explicit-constructor)
    return std::move(compile()).value();
  }
};

/// `static_::expr<"text">`, `static_::expr<"text", "jobs.<id>.if">`, or with host functions
/// `static_::expr<"semver_gt(a, b)", "", my_functions>`.
template <fixed_string Text, fixed_string Key = "", class Functions = builtin_functions_only>
inline constexpr checked_expression<Text, Key, Functions> expr{};

/// True when `text` parses for `key` (for `static_assert(!static_::is_valid(...))`), with the
/// host functions `hosts` (a function set's `signatures`).
constexpr bool is_valid(std::string_view text, std::string_view key = {},
                        std::span<const pipewright::expr::function_signature> hosts = {}) {
  return detail::check_expression_text(text, key, hosts).ok();
}

}  // namespace static_
}  // namespace v0
}  // namespace pipewright
