/// @file template_scan.hpp
/// The `${{ }}` scanner (SEMANTICS.md §2): where each expression of a template starts and
/// ends, with GitHub's rules. Shared by expr/template.hpp, the workflow schema reader, the
/// checks and static_; constexpr, with no dependency on value/.
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace semantics {

/// One `${{ … }}` of a template, as byte offsets into the text.
struct expression_span {
  static constexpr std::size_t npos = std::string_view::npos;
  std::size_t open = npos;   ///< the `$` of `${{`; npos when the text holds no `${{`
  std::size_t close = npos;  ///< the first `}` of the closing `}}`; npos when unterminated

  /// True when a `${{` was found.
  [[nodiscard]] constexpr bool found() const noexcept { return open != npos; }
  /// True when it has its closing `}}`.
  [[nodiscard]] constexpr bool closed() const noexcept { return close != npos; }
  /// The offset of the body, just after `${{`.
  [[nodiscard]] constexpr std::size_t body_begin() const noexcept { return open + 3; }
  /// The offset just past the closing `}}` (closed spans only).
  [[nodiscard]] constexpr std::size_t end() const noexcept { return close + 2; }
  /// The body between `${{` and `}}`, untrimmed (closed spans only).
  [[nodiscard]] constexpr std::string_view body(std::string_view text) const noexcept {
    return text.substr(body_begin(), close - body_begin());
  }
};

/// The offset of the first `${{` at or after `from`, or npos.
constexpr std::size_t find_expression_open(std::string_view text, std::size_t from = 0) noexcept {
  if (!std::is_constant_evaluated()) return text.find("${{", from);
  // One plain loop: string_view::find is two nested loops during constant evaluation.
  const std::size_t n = text.size();
  for (std::size_t i = from; i + 2 < n; ++i) {
    if (text[i] == '$' && text[i + 1] == '{' && text[i + 2] == '{') return i;
  }
  return std::string_view::npos;
}

/// The first `${{ … }}` at or after `from`. Inside the body a `'` opens or closes a string
/// literal, so `'}}'` does not close the expression (a doubled `''` closes and reopens it,
/// which has the same effect). An unterminated `${{` has `closed() == false`: an error for
/// the caller to report at `open` (PW0217), never literal text.
constexpr expression_span next_expression(std::string_view text, std::size_t from = 0) noexcept {
  expression_span s;
  s.open = find_expression_open(text, from);
  if (s.open == expression_span::npos) return s;
  bool in_string = false;
  const std::size_t n = text.size();
  for (std::size_t k = s.open + 3; k + 1 < n; ++k) {
    if (text[k] == '\'') {
      in_string = !in_string;
    } else if (!in_string && text[k] == '}' && text[k + 1] == '}') {
      s.close = k;
      break;
    }
  }
  return s;
}

/// True when `text` holds a `${{` (closed or not): it is a template, not literal text.
constexpr bool contains_expression(std::string_view text) noexcept {
  return find_expression_open(text) != std::string_view::npos;
}

/// True when `text` is exactly one closed `${{ … }}`, with nothing before or after it.
constexpr bool is_whole_expression(std::string_view text) noexcept {
  const expression_span s = next_expression(text);
  return s.open == 0 && s.closed() && s.end() == text.size();
}

}  // namespace semantics
}  // namespace v0
}  // namespace pipewright
