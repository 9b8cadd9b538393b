/// @file number_format.hpp
/// The two ways GitHub turns a number into text.
///
/// - `number_style::g15`: the expression engine's ToString (C# `G15`): 15 significant digits,
///   trailing zeros removed, scientific form `1.5E+15` / `1E-05` when the exponent is below -5
///   or at least 15; `Infinity`, `-Infinity`, `NaN`. Used by `format`, `join`, templates and
///   string comparisons.
/// - `number_style::shortest`: `toJSON`'s form (ECMAScript Number::toString): the shortest
///   digits that round-trip, `1e+21`, `1e-7`, `0.000001`.
///
/// Negative zero prints as `0` in both styles.
#pragma once

#include <cstddef>
#include <string>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {

/// Which text form format_number() produces.
enum class number_style : unsigned char { g15, shortest };

/// Enough room for any number in either style.
inline constexpr std::size_t number_buffer_size = 40;

/// Writes `v` into `buf` (at least number_buffer_size bytes); returns the length. No allocation.
PIPEWRIGHT_DECL std::size_t format_number(double v, char* buf, number_style style) noexcept;

/// `v` as text in the given style.
PIPEWRIGHT_DECL std::string format_number(double v, number_style style);

}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/value/number_format_impl.hpp"
#endif
