/// @file names.hpp
/// Display names and internal ids of matrix legs, as GitHub builds them (SEMANTICS.md §4.6,
/// C# `JobNameBuilder` and `IdBuilder`).
///
/// A leg's *segments* are its primitive leaf values (strings, numbers, Booleans) in
/// depth-first, insertion order; numbers print in G15, Booleans as `true`/`false`, and
/// empty strings and nulls are skipped. The display name is `base (s1, s2, …)`, cut to
/// 100 UTF-16 code units (97 plus `...`). The id joins the same segments with `_`, keeps
/// `[A-Za-z0-9_-]`, replaces every other UTF-16 code unit by `_`, and makes ids unique
/// within one matrix ignoring case (`_2`, `_3`, …).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/value/number_format.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace matrix {

/// Longest display name, in UTF-16 code units (GitHub's JobNameBuilder).
inline constexpr std::size_t max_name_length = 100;
/// Longest internal id (GitHub's `WorkflowConstants.MaxNodeNameLength`).
inline constexpr std::size_t max_id_length = 100;
/// Longest internal id when GitHub's `ShortMatrixIds` feature is on.
inline constexpr std::size_t short_id_length = 25;

/// Calls `fn(std::string_view segment)` for each non-empty primitive leaf of `v`, depth-first
/// in insertion order (C# `Traverse(omitKeys: true)`). Numbers are formatted in G15.
template <class Fn>
void for_each_segment(const value& v, Fn&& fn) {
  switch (v.type()) {
    case kind::null: return;
    case kind::boolean: fn(std::string_view(v.as_bool() ? "true" : "false")); return;
    case kind::number: {
      char buf[number_buffer_size];
      const std::size_t n = format_number(v.as_number(), buf, number_style::g15);
      if (n != 0) fn(std::string_view(buf, n));
      return;
    }
    case kind::string:
      if (!v.as_string().empty()) fn(v.as_string());
      return;
    case kind::array:
      for (const value& e : v.as_array()) for_each_segment(e, fn);
      return;
    case kind::object:
      for (const auto& m : v.as_object()) for_each_segment(m.second, fn);
      return;
  }
}

/// The segments of `v` (see for_each_segment()).
inline std::vector<std::string> segments_of(const value& v) {
  std::vector<std::string> out;
  for_each_segment(v, [&out](std::string_view s) { out.emplace_back(s); });
  return out;
}

/// Length of a UTF-8 text in UTF-16 code units (how .NET measures strings).
inline std::size_t utf16_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::uint32_t cp = pipewright::detail::decode_utf8(s, i);
    n += (cp >= 0x10000 && cp < 0x110000) ? 2 : 1;
  }
  return n;
}

/// Cuts `name` to GitHub's display-name limit: longer than 100 UTF-16 code units becomes the
/// first 97 plus `...`. A character that would be split in half (a surrogate pair at the
/// cut) is dropped whole, since UTF-8 cannot hold half of it.
inline void truncate_display_name(std::string& name) {
  if (name.size() <= max_name_length) return;  // bytes >= UTF-16 units
  if (utf16_length(name) <= max_name_length) return;
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t j = i;
    const std::uint32_t cp = pipewright::detail::decode_utf8(name, j);
    const std::size_t w = (cp >= 0x10000 && cp < 0x110000) ? 2 : 1;
    if (units + w > max_name_length - 3) break;
    units += w;
    i = j;
  }
  name.resize(i);
  name += "...";
}

/// Builds a display name from a base and segments added one at a time.
class name_builder {
 public:
  explicit name_builder(std::string_view base) : name_(base) {}

  /// Adds a segment; empty ones are skipped.
  void append(std::string_view segment) {
    if (segment.empty() || name_.empty()) return;
    name_ += count_++ == 0 ? " (" : ", ";
    name_ += segment;
  }
  /// The display name (`base`, or `base (s1, s2)`), cut to 100 UTF-16 code units.
  [[nodiscard]] std::string build() && {
    if (count_ != 0) name_ += ')';
    truncate_display_name(name_);
    return std::move(name_);
  }

 private:
  std::string name_;
  std::size_t count_ = 0;
};

/// GitHub's display name of a leg whose matrix is `leaves`: `base (v1, v2, …)`.
inline std::string display_name(std::string_view base, const value& leaves) {
  name_builder b(base);
  for_each_segment(leaves, [&b](std::string_view s) { b.append(s); });
  return std::move(b).build();
}

/// GitHub's IdBuilder: makes the internal ids of one matrix's legs, unique ignoring case.
///
/// Call append() for each segment of a leg, then build(). GitHub gives up after 999
/// collisions of one id ("Unable to create a unique name"); this builder keeps counting.
class id_builder {
 public:
  /// Adds a segment (see the file comment for the character rules).
  void append(std::string_view segment) {
    if (segment.empty()) return;
    if (name_.empty()) {
      const char first = segment[0];
      if ((first >= '0' && first <= '9') || first == '-') name_ += '_';
    } else {
      name_ += '_';
    }
    for (std::size_t i = 0; i < segment.size();) {
      const char c = segment[i];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-') {
        name_ += c;
        ++i;
        continue;
      }
      const std::uint32_t cp = pipewright::detail::decode_utf8(segment, i);
      name_.append((cp >= 0x10000 && cp < 0x110000) ? 2 : 1, '_');
    }
  }

  /// The id of the leg whose segments were appended; resets for the next leg.
  /// `max_length` is 100 by default (25 with GitHub's ShortMatrixIds); 5 or less means 100.
  [[nodiscard]] std::string build(std::size_t max_length = max_id_length) {
    if (max_length <= 5) max_length = max_id_length;
    std::string original = name_.empty() ? std::string("job") : std::move(name_);
    name_.clear();
    if (original.size() >= 2 && original[0] == '_' && original[1] == '_') {
      const std::size_t k = original.find_first_not_of('_');
      original = "_" + (k == std::string::npos ? std::string() : original.substr(k));
    }
    for (std::size_t attempt = 1;; ++attempt) {
      std::string suffix;
      if (attempt > 1) {
        suffix = original == "_" ? std::to_string(attempt) : "_" + std::to_string(attempt);
      }
      const std::size_t keep =
          max_length > suffix.size() ? max_length - suffix.size() : std::size_t{0};
      std::string candidate = original.substr(0, keep < original.size() ? keep : original.size());
      candidate += suffix;
      std::string folded = candidate;
      for (char& c : folded) c = pipewright::detail::ascii_upper(c);
      if (seen_.insert(std::move(folded)).second) return candidate;
    }
  }

 private:
  std::string name_;
  std::unordered_set<std::string> seen_;
};

}  // namespace matrix
}  // namespace v0
}  // namespace pipewright
