/// @file convert.hpp
/// GitHub's value rules for expressions: truthiness, ToNumber, ToString, loose equality and
/// ordering (SEMANTICS.md §1.3–1.7, C# `EvaluationResult`).
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/semantics/number.hpp"
#include "pipewright/semantics/scalar.hpp"
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
      return d < 0.0 || d > 0.0;  // false for 0, -0 and NaN
    }
    case kind::string: return !v.as_string().empty();
    default: return true;
  }
}

namespace detail {
using pipewright::semantics::detail::space_at;
using pipewright::semantics::detail::trim_spaces;

/// `v` as a scalar of semantics/, or false for arrays and objects.
inline bool scalar_of(const value& v, semantics::scalar_ref& out) noexcept {
  switch (v.type()) {
    case kind::null: out = semantics::scalar_ref::null(); return true;
    case kind::boolean: out = semantics::scalar_ref::boolean(v.as_bool()); return true;
    case kind::number: out = semantics::scalar_ref::num(v.as_number()); return true;
    case kind::string: out = semantics::scalar_ref::string(v.as_string()); return true;
    default: return false;
  }
}

}  // namespace detail

using pipewright::semantics::parse_number;

/// ToNumber: null 0, Booleans 1/0, strings via parse_number, arrays and objects NaN.
inline double to_number(const value& v) noexcept {
  semantics::scalar_ref s;
  return detail::scalar_of(v, s) ? semantics::to_number(s)
                                 : std::numeric_limits<double>::quiet_NaN();
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

/// GitHub's `==`: scalars by semantics::loose_equal (coercion, NaN never equal, strings
/// ignoring case), arrays and objects by identity.
inline bool loose_equals(const value& l, const value& r) noexcept {
  semantics::scalar_ref a;
  semantics::scalar_ref b;
  const bool sa = detail::scalar_of(l, a);
  const bool sb = detail::scalar_of(r, b);
  if (sa && sb) return semantics::loose_equal(a, b);
  return !sa && !sb && l.type() == r.type() && l.same_instance(r);
}

/// GitHub's `>` (`less_than` is the mirror): false for arrays and objects.
inline bool greater_than(const value& l, const value& r) noexcept {
  semantics::scalar_ref a;
  semantics::scalar_ref b;
  return detail::scalar_of(l, a) && detail::scalar_of(r, b) && semantics::greater_than(a, b);
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
