/// @file convert.hpp
/// GitHub's value rules for expressions: truthiness, ToNumber, ToString, loose equality and
/// ordering (SEMANTICS.md §1.3–1.7, C# `EvaluationResult`).
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/expr/lexer.hpp"
#include "pipewright/value/number_format.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// False for null, false, 0, -0, NaN and ''; true otherwise (arrays and objects included).
inline bool truthy(const value& v) noexcept {
  switch (v.type()) {
    case kind::null: return false;
    case kind::boolean: return v.as_bool();
    case kind::number: {
      const double d = v.as_number();
      return !(d == 0.0 || std::isnan(d));
    }
    case kind::string: return !v.as_string().empty();
    default: return true;
  }
}

namespace detail {

/// Length of a Unicode white-space character at `s[i]` (as .NET `Char.IsWhiteSpace`), or 0.
inline std::size_t space_at(std::string_view s, std::size_t i) noexcept {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return 1;
  if (c < 0x80) return 0;
  std::size_t j = i;
  const std::uint32_t cp = pipewright::detail::decode_utf8(s, j);
  const bool space = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                     cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  return space ? j - i : 0;
}

inline std::string_view trim_spaces(std::string_view s) noexcept {
  std::size_t b = 0;
  while (b < s.size()) {
    const std::size_t n = space_at(s, b);
    if (n == 0) break;
    b += n;
  }
  std::size_t e = s.size();
  while (e > b) {
    // Step back over one UTF-8 character.
    std::size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    if (space_at(s, k) != e - k) break;
    e = k;
  }
  return s.substr(b, e - b);
}

}  // namespace detail

/// C#'s `ExpressionUtility.ParseNumber`: trims, '' → 0, .NET double syntax (with
/// Infinity/NaN), `0x` hex and `0o` octal Int32; anything else NaN.
inline double parse_number(std::string_view text) noexcept {
  const std::string_view s = detail::trim_spaces(text);
  if (s.empty()) return 0.0;
  bool nan = false;
  if (detail::is_dotnet_double(s, &nan)) {
    if (nan) return std::numeric_limits<double>::quiet_NaN();
    std::size_t i = 0;
    bool negative = false;
    if (s[0] == '+' || s[0] == '-') {
      negative = s[0] == '-';
      i = 1;
    }
    const std::string_view body = s.substr(i);
    if (!body.empty() && body[0] == 'I') {
      return negative ? -std::numeric_limits<double>::infinity()
                      : std::numeric_limits<double>::infinity();
    }
    // from_chars does not take "5." or ".5" forms everywhere alike; normalise into a buffer.
    char buf[64] = {};
    std::string big;
    char* out = buf;
    const std::size_t need = body.size() + 3;
    if (need > sizeof buf) {
      big.resize(need);
      out = big.data();
    }
    std::size_t n = 0;
    if (body[0] == '.') out[n++] = '0';
    for (std::size_t k = 0; k < body.size(); ++k) {
      out[n++] = body[k];
      if (body[k] == '.' && (k + 1 == body.size() || body[k + 1] == 'e' || body[k + 1] == 'E')) {
        out[n++] = '0';
      }
    }
    double d = 0.0;
    const auto r = std::from_chars(out, out + n, d, std::chars_format::general);
    if (r.ec == std::errc::result_out_of_range) {
      // Overflow is infinity, underflow is zero (.NET Core 3.0+).
      bool neg_exp = false;
      for (std::size_t k = 0; k < n; ++k) {
        if (out[k] == 'e' || out[k] == 'E') neg_exp = k + 1 < n && out[k + 1] == '-';
      }
      d = neg_exp ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (r.ec != std::errc{}) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return negative ? -d : d;
  }
  std::int32_t v = 0;
  if (detail::parse_radix_int(s, v)) return static_cast<double>(v);
  return std::numeric_limits<double>::quiet_NaN();
}

/// ToNumber: null 0, Booleans 1/0, strings via parse_number, arrays and objects NaN.
inline double to_number(const value& v) noexcept {
  switch (v.type()) {
    case kind::null: return 0.0;
    case kind::boolean: return v.as_bool() ? 1.0 : 0.0;
    case kind::number: return v.as_number();
    case kind::string: return parse_number(v.as_string());
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

/// Appends ToString(v): '' for null, true/false, G15 numbers, the string, `Array`, `Object`.
inline void append_string(std::string& out, const value& v) {
  switch (v.type()) {
    case kind::null: break;
    case kind::boolean: out += v.as_bool() ? "true" : "false"; break;
    case kind::number: {
      char buf[number_buffer_size];
      out.append(buf, format_number(v.as_number(), buf, number_style::g15));
      break;
    }
    case kind::string: out += v.as_string(); break;
    case kind::array: out += "Array"; break;
    case kind::object: out += "Object"; break;
  }
}

/// ToString(v) as a new string.
inline std::string to_string(const value& v) {
  std::string out;
  append_string(out, v);
  return out;
}

/// ToString(v) as a value: strings are shared, not copied.
inline value to_string_value(const value& v) {
  if (v.is_string()) return v;
  return value(to_string(v));
}

namespace detail {

// Applies GitHub's coercion (SEMANTICS §1.5) to a pair of primitive-or-not values; on return
// either both kinds match or they differ (then no comparison holds). Numbers are written to
// `ln`/`rn` when a side became a number.
struct coerced {
  kind lk;
  kind rk;
  double ln = 0;
  double rn = 0;
};

inline coerced coerce(const value& l, const value& r) noexcept {
  coerced c{l.type(), r.type()};
  if (c.lk == kind::number) c.ln = l.as_number();
  if (c.rk == kind::number) c.rn = r.as_number();
  for (int guard = 0; guard < 4 && c.lk != c.rk; ++guard) {
    if (c.lk == kind::number && c.rk == kind::string) {
      c.rn = to_number(r);
      c.rk = kind::number;
    } else if (c.lk == kind::string && c.rk == kind::number) {
      c.ln = to_number(l);
      c.lk = kind::number;
    } else if (c.lk == kind::null || c.lk == kind::boolean) {
      c.ln = c.lk == kind::null ? 0.0 : (l.as_bool() ? 1.0 : 0.0);
      c.lk = kind::number;
    } else if (c.rk == kind::null || c.rk == kind::boolean) {
      c.rn = c.rk == kind::null ? 0.0 : (r.as_bool() ? 1.0 : 0.0);
      c.rk = kind::number;
    } else {
      break;
    }
  }
  return c;
}

}  // namespace detail

/// GitHub's `==`: coercion, NaN never equal, strings ignoring case, arrays and objects by
/// identity.
inline bool loose_equals(const value& l, const value& r) noexcept {
  const detail::coerced c = detail::coerce(l, r);
  if (c.lk != c.rk) return false;
  switch (c.lk) {
    case kind::null: return true;
    case kind::number: return c.ln == c.rn;  // false for NaN
    case kind::string: return pipewright::detail::iequals(l.as_string(), r.as_string());
    case kind::boolean: return l.as_bool() == r.as_bool();
    default: return l.same_instance(r);
  }
}

/// GitHub's `>` (`less_than` is the mirror): false when the kinds differ after coercion.
inline bool greater_than(const value& l, const value& r) noexcept {
  const detail::coerced c = detail::coerce(l, r);
  if (c.lk != c.rk) return false;
  switch (c.lk) {
    case kind::number: return c.ln > c.rn;
    case kind::string: return pipewright::detail::icompare(l.as_string(), r.as_string()) > 0;
    case kind::boolean: return l.as_bool() && !r.as_bool();
    default: return false;
  }
}

/// GitHub's `<`.
inline bool less_than(const value& l, const value& r) noexcept {
  return greater_than(r, l);
}

/// The equality policy of GitHub's engine (matrix filters and `==`).
struct github_equality {
  bool operator()(const value& a, const value& b) const noexcept { return loose_equals(a, b); }
};

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
