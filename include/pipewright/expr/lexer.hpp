/// @file lexer.hpp
/// The expression lexer: tokens of GitHub's `${{ }}` language over a `std::string_view`.
///
/// The lexer is `constexpr` and allocation-free so that compile-time checking (static_) and
/// the runtime share it. It follows the C# engine (actions/runner `LexicalAnalyzer.cs`): `.`
/// starts a number only after nothing, `,`, `(`, `[` or an operator; `''` escapes a quote;
/// number tokens are checked with C#'s `ParseNumber` rules. Only ASCII space, tab, CR and LF
/// separate tokens (as the TypeScript engine; see docs/expressions.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/semantics/number.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// Deepest nesting GitHub accepts (PW0208).
inline constexpr std::size_t max_depth = 50;
/// Longest expression GitHub accepts, in characters (PW0209).
inline constexpr std::size_t max_length = 21000;

/// The kinds of token.
enum class token_kind : std::uint8_t {
  end,
  lparen,
  rparen,
  lbracket,
  rbracket,
  comma,
  dot,
  star,
  bang,
  not_equal,
  equal,
  less,
  less_equal,
  greater,
  greater_equal,
  and_,
  or_,
  number,
  string,
  identifier,
  kw_true,
  kw_false,
  kw_null,
  error,  ///< an unexpected symbol, bad number or unterminated string
};

/// One token: its kind and its byte range in the expression.
struct token {
  token_kind kind = token_kind::end;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

namespace detail {

using pipewright::semantics::detail::is_alpha;
using pipewright::semantics::detail::is_digit;
using pipewright::semantics::detail::is_dotnet_double;
using pipewright::semantics::detail::is_number_token;
using pipewright::semantics::detail::parse_radix_int;

// Character classes of the lexer, one table lookup per byte.
inline constexpr std::uint8_t cc_space = 1;     // ' ', '\t', '\r', '\n'
inline constexpr std::uint8_t cc_boundary = 2;  // ends an identifier or number token
inline constexpr std::uint8_t cc_start = 4;     // [A-Za-z_]
inline constexpr std::uint8_t cc_ident = 8;     // [A-Za-z0-9_-]

struct char_classes {
  std::uint8_t of[256] = {};
  constexpr char_classes() noexcept {
    for (const char c : {' ', '\t', '\r', '\n'}) of[static_cast<unsigned char>(c)] |= cc_space;
    for (const char c : {'(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|', ' ', '\t',
                         '\r', '\n', '\v', '\f'}) {
      of[static_cast<unsigned char>(c)] |= cc_boundary;
    }
    for (int c = 0; c < 128; ++c) {
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (alpha || c == '_') of[c] |= cc_start;
      if (alpha || c == '_' || c == '-' || (c >= '0' && c <= '9')) of[c] |= cc_ident;
    }
  }
  [[nodiscard]] constexpr std::uint8_t operator()(char c) const noexcept {
    return of[static_cast<unsigned char>(c)];
  }
};
inline constexpr char_classes char_class{};

constexpr bool is_space(char c) noexcept {
  return (char_class(c) & cc_space) != 0;
}
constexpr bool is_boundary(char c) noexcept {
  return (char_class(c) & cc_boundary) != 0;
}
/// `[A-Za-z_][A-Za-z0-9_-]*`
constexpr bool is_legal_identifier(std::string_view s) noexcept {
  if (s.empty() || !(is_alpha(s[0]) || s[0] == '_')) return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (!(is_alpha(c) || is_digit(c) || c == '_' || c == '-')) return false;
  }
  return true;
}

constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* const p = a.data();
  const char* const q = b.data();
  for (std::size_t i = 0; i < n; ++i) {
    char x = p[i];
    char y = q[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace detail

/// A constexpr lexer; call next() until it returns token_kind::end or token_kind::error.
class lexer {
 public:
  constexpr explicit lexer(std::string_view text) noexcept : text_(text), d_(text.data()) {}

  /// The next token (an error token stops the lexing: later calls return it again).
  constexpr token next() noexcept {
    if (failed_) return last_;
    {
      // A local index: stores to pos_ in the loop could alias the text for the compiler.
      std::size_t p = pos_;
      const std::size_t n = text_.size();
      while (p < n &&
             (detail::char_class.of[static_cast<unsigned char>(d_[p])] & detail::cc_space) != 0)
        ++p;
      pos_ = p;
    }
    const std::size_t start = pos_;
    const token_kind k = start >= text_.size() ? token_kind::end : scan(start);
    // Built from scalars, stored field by field: copying a token just stored in pieces would
    // stall on store forwarding.
    const auto b = static_cast<std::uint32_t>(start);
    const auto e = static_cast<std::uint32_t>(pos_);
    last_.kind = k;
    last_.begin = b;
    last_.end = e;
    if (k == token_kind::error) failed_ = true;
    return token{k, b, e};
  }

  /// The kind of the token before the one being read.
  [[nodiscard]] constexpr token_kind previous() const noexcept { return last_.kind; }

 private:
  constexpr token_kind emit(token_kind k, std::size_t, std::size_t e) noexcept {
    pos_ = e;
    return k;
  }
  // The kind of the token at `start` (not a space); moves pos_ past it.
  constexpr token_kind scan(std::size_t start) noexcept {
    const char c = d_[pos_];
    switch (c) {
      case '(': return emit(token_kind::lparen, start, ++pos_);
      case ')': return emit(token_kind::rparen, start, ++pos_);
      case '[': return emit(token_kind::lbracket, start, ++pos_);
      case ']': return emit(token_kind::rbracket, start, ++pos_);
      case ',': return emit(token_kind::comma, start, ++pos_);
      case '*': return emit(token_kind::star, start, ++pos_);
      case '\'': return string_token(start);
      case '!': return two('=', token_kind::not_equal, token_kind::bang, start);
      case '<': return two('=', token_kind::less_equal, token_kind::less, start);
      case '>': return two('=', token_kind::greater_equal, token_kind::greater, start);
      case '=': return two('=', token_kind::equal, token_kind::error, start);
      case '&': return two('&', token_kind::and_, token_kind::error, start);
      case '|': return two('|', token_kind::or_, token_kind::error, start);
      case '.':
        if (number_position()) return number_token(start);
        return emit(token_kind::dot, start, ++pos_);
      default: break;
    }
    if (c == '-' || c == '+' || detail::is_digit(c)) return number_token(start);
    return keyword_token(start);
  }

  [[nodiscard]] constexpr bool number_position() const noexcept {
    switch (last_.kind) {
      case token_kind::end:  // nothing before
      case token_kind::comma:
      case token_kind::lparen:
      case token_kind::lbracket:
      case token_kind::bang:
      case token_kind::not_equal:
      case token_kind::equal:
      case token_kind::less:
      case token_kind::less_equal:
      case token_kind::greater:
      case token_kind::greater_equal:
      case token_kind::and_:
      case token_kind::or_: return true;
      default: return false;
    }
  }
  constexpr token_kind two(char second, token_kind pair, token_kind single,
                           std::size_t start) noexcept {
    ++pos_;
    if (pos_ < text_.size() && d_[pos_] == second) return emit(pair, start, ++pos_);
    if (single != token_kind::error) return emit(single, start, pos_);
    while (pos_ < text_.size() &&
           (detail::char_class.of[static_cast<unsigned char>(d_[pos_])] & detail::cc_boundary) == 0)
      ++pos_;
    return emit(token_kind::error, start, pos_);
  }
  constexpr token_kind number_token(std::size_t start) noexcept {
    std::size_t p = pos_ + 1;
    const std::size_t n = text_.size();
    while (p < n &&
           ((detail::char_class.of[static_cast<unsigned char>(d_[p])] & detail::cc_boundary) == 0 ||
            d_[p] == '.'))
      ++p;
    pos_ = p;
    const std::string_view s(text_.data() + start, pos_ - start);
    return emit(detail::is_number_token(s) ? token_kind::number : token_kind::error, start, pos_);
  }
  constexpr token_kind string_token(std::size_t start) noexcept {
    std::size_t p = start + 1;
    const std::size_t n = text_.size();
    while (p < n) {
      if (d_[p] == '\'') {
        if (p + 1 < n && d_[p + 1] == '\'') {
          p += 2;
          continue;
        }
        pos_ = p + 1;
        return emit(token_kind::string, start, pos_);
      }
      ++p;
    }
    pos_ = p;
    return emit(token_kind::error, start, pos_);
  }
  // `s` (of the literal's length) equals the literal.
  template <std::size_t N>
  static constexpr bool is(std::string_view s, const char (&lit)[N]) noexcept {
    for (std::size_t i = 0; i + 1 < N; ++i) {
      if (s[i] != lit[i]) return false;
    }
    return true;
  }
  // One pass: the token runs to a boundary and is an identifier when every byte is legal.
  constexpr token_kind keyword_token(std::size_t start) noexcept {
    bool legal =
        (detail::char_class.of[static_cast<unsigned char>(d_[start])] & detail::cc_start) != 0;
    std::size_t p = start + 1;
    const std::size_t n = text_.size();
    std::uint8_t all = detail::cc_ident;
    while (p < n) {
      const std::uint8_t k = detail::char_class.of[static_cast<unsigned char>(d_[p])];
      if ((k & detail::cc_boundary) != 0) break;
      all &= k;
      ++p;
    }
    pos_ = p;
    legal = legal && (all & detail::cc_ident) != 0;
    if (!legal) return emit(token_kind::error, start, pos_);
    if (last_.kind != token_kind::dot) {
      const std::string_view s(text_.data() + start, pos_ - start);
      switch (s.size()) {
        case 3:
          if (is(s, "NaN")) return emit(token_kind::number, start, pos_);
          break;
        case 4:
          if (is(s, "true")) return emit(token_kind::kw_true, start, pos_);
          if (is(s, "null")) return emit(token_kind::kw_null, start, pos_);
          break;
        case 5:
          if (is(s, "false")) return emit(token_kind::kw_false, start, pos_);
          break;
        case 8:
          if (is(s, "Infinity")) return emit(token_kind::number, start, pos_);
          break;
        default: break;
      }
    }
    return emit(token_kind::identifier, start, pos_);
  }

  std::string_view text_;
  // text_.data(): bytes are read through it, since during constant evaluation each
  // string_view::operator[] or char_class() call costs far more than the read.
  const char* d_ = nullptr;
  std::size_t pos_ = 0;
  token last_{};  // kind end: no token yet (nothing follows an end token)
  bool failed_ = false;
};

/// The value of a string token's text (with its quotes): calls `put(char)` for each byte,
/// turning `''` into `'`.
template <class Put>
constexpr void unescape_string(std::string_view quoted, Put&& put) {
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    put(quoted[i]);
    if (quoted[i] == '\'') ++i;
  }
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
