/// @file ids.hpp
/// GitHub's rules for job and step ids (C# `IdBuilder`), shared by the runtime reader and
/// compile-time pipelines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/semantics/number.hpp"

namespace pipewright {
inline namespace v0 {
namespace semantics {

/// GitHub's id length limit: ids must be shorter.
inline constexpr std::size_t max_id_length = 100;

/// What is wrong with an id.
enum class id_error : std::uint8_t {
  none,     ///< a valid id
  invalid,  ///< not `[A-Za-z_][A-Za-z0-9_-]*`, empty, or max_id_length characters or more
  reserved  ///< starts with `__` (GitHub's generated ids)
};

/// Checks `id` against GitHub's rules.
constexpr id_error check_id(std::string_view id) noexcept {
  if (id.empty() || id.size() >= max_id_length) return id_error::invalid;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alpha = detail::is_alpha(c);
    if (i == 0 ? !(alpha || c == '_') : !(alpha || detail::is_digit(c) || c == '_' || c == '-')) {
      return id_error::invalid;
    }
  }
  if (id.size() >= 2 && id[0] == '_' && id[1] == '_') return id_error::reserved;
  return id_error::none;
}

/// True when `id` is a valid, unreserved job or step id.
constexpr bool valid_id(std::string_view id) noexcept {
  return check_id(id) == id_error::none;
}

/// Whether GitHub takes two names as the same: job, step and input ids, context and
/// property names are matched ignoring case (ordinal, case-insensitive).
constexpr bool same_name(std::string_view a, std::string_view b) noexcept {
  return pipewright::detail::iequals(a, b);
}

}  // namespace semantics
}  // namespace v0
}  // namespace pipewright
