/// @file scalar.hpp
/// GitHub's rules for scalars (SEMANTICS.md §1.4–1.7): ToNumber, loose `==` and ordering over
/// null, Booleans, numbers and strings. The runtime (expr/convert.hpp, on `value`) and
/// compile-time pipelines (static_, on their literals) both call these.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/semantics/number.hpp"

namespace pipewright {
inline namespace v0 {
namespace semantics {

/// The type of a scalar.
enum class scalar_type : std::uint8_t { null, boolean, number, string };

/// A scalar seen through its type: `text` for strings, `number` for numbers, `flag` for
/// Booleans. Holds no storage of its own.
struct scalar_ref {
  scalar_type type = scalar_type::null;
  bool flag = false;
  double number = 0;
  std::string_view text;

  /// null
  static constexpr scalar_ref null() noexcept { return {}; }
  static constexpr scalar_ref boolean(bool b) noexcept { return {scalar_type::boolean, b, 0, {}}; }
  static constexpr scalar_ref num(double d) noexcept { return {scalar_type::number, false, d, {}}; }
  static constexpr scalar_ref string(std::string_view s) noexcept {
    return {scalar_type::string, false, 0, s};
  }
};

/// ToNumber: null 0, Booleans 1/0, strings by parse_number().
constexpr double to_number(const scalar_ref& v) noexcept {
  switch (v.type) {
    case scalar_type::null: return 0.0;
    case scalar_type::boolean: return v.flag ? 1.0 : 0.0;
    case scalar_type::number: return v.number;
    case scalar_type::string: return parse_number(v.text);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

/// GitHub's `==` on scalars: same types compare as themselves (strings ignoring case),
/// mixed types as numbers (ToNumber); NaN never equals.
constexpr bool loose_equal(const scalar_ref& l, const scalar_ref& r) noexcept {
  if (l.type == r.type) {
    switch (l.type) {
      case scalar_type::null: return true;
      case scalar_type::boolean: return l.flag == r.flag;
      case scalar_type::number: return l.number == r.number;
      case scalar_type::string: return pipewright::detail::iequals(l.text, r.text);
    }
  }
  return to_number(l) == to_number(r);
}

/// GitHub's `>` on scalars (`<` is the mirror), coerced as loose_equal().
constexpr bool greater_than(const scalar_ref& l, const scalar_ref& r) noexcept {
  if (l.type == r.type) {
    switch (l.type) {
      case scalar_type::null: return false;
      case scalar_type::boolean: return l.flag && !r.flag;
      case scalar_type::number: return l.number > r.number;
      case scalar_type::string: return pipewright::detail::icompare(l.text, r.text) > 0;
    }
  }
  return to_number(l) > to_number(r);
}

}  // namespace semantics
}  // namespace v0
}  // namespace pipewright
