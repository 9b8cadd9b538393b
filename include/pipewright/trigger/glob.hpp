/// @file glob.hpp
/// GitHub's filter patterns for `branches`, `tags` and `paths` (SEMANTICS.md §6.3).
///
/// `*` is any run of characters but `/`; `**` any run including `/` (`**/` is "any directories,
/// or none"); `?` and `+` make the *preceding* character or class optional or repeatable;
/// `[...]` is one character from a set or `a-z`/`A-Z`/`0-9` ranges; `\` makes the next
/// character literal; `!` at the very start negates the pattern. A pattern must match the
/// whole name. A `pattern_list` is evaluated in order and the last matching pattern decides,
/// so a later positive pattern can re-include what a `!` pattern excluded:
///
/// ```cpp
/// auto list = pipewright::trigger::pattern_list::compile({"*.md", "!README.md"});
/// list->evaluate("README.md");   // {included: false, decided_by: 1}
/// ```
///
/// Matching never allocates: a pattern is a short program of atoms run as a bit-parallel NFA,
/// after a literal prefix and suffix check. Diagnostics: PW0507, PW0508.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

/// Longest filter pattern accepted (PW0507 beyond it).
inline constexpr std::size_t max_pattern_length = 4096;

namespace detail {

/// One step of a compiled pattern: a one-character test with a quantifier.
struct atom {
  /// `gate` consumes nothing: it enters the `**/` group or jumps over it.
  enum class kind : std::uint8_t { literal, set, not_slash, any, gate };
  kind k = kind::literal;
  char c = 0;             ///< for literal
  bool optional = false;  ///< may be skipped (`?`, `*`, `**`, the `**/` group)
  bool many = false;      ///< may repeat (`+`, `*`, `**`)
  bool in_group = false;  ///< the `/` of a `**/` group (skipped together with its head)
  std::uint8_t skip = 1;  ///< atoms jumped over when skipped (3 for a gate)
  std::uint32_t set = 0;  ///< index into pattern::sets_ for kind::set
};

}  // namespace detail

/// One compiled filter pattern; see the file comment.
class pattern {
 public:
  /// Compiles `text`; PW0507 for an invalid pattern (the span is the offending character's
  /// offset inside `text`).
  static result<pattern> compile(std::string_view text);

  /// True when the pattern (ignoring a leading `!`) matches all of `name`.
  [[nodiscard]] bool matches(std::string_view name) const noexcept;
  /// True for a `!` pattern.
  [[nodiscard]] bool negated() const noexcept { return negated_; }
  /// The pattern as written, including a leading `!`.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

 private:
  [[nodiscard]] bool test(const detail::atom& a, char c) const noexcept;

  template <class Bits>
  void close(Bits& s, std::size_t lo, std::size_t hi) const noexcept;

  template <class Bits>
  [[nodiscard]] bool run(std::string_view s, std::size_t lo, std::size_t hi) const;

  std::string text_;
  std::string literal_;
  std::vector<detail::atom> atoms_;
  std::vector<std::array<std::uint64_t, 4>> sets_;
  std::size_t prefix_ = 0;
  std::size_t suffix_ = 0;
  bool negated_ = false;
  bool literal_only_ = false;
};

/// How a list of patterns judged one name.
struct verdict {
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  bool included = false;          ///< the last matching pattern is positive
  std::size_t decided_by = none;  ///< index of the last matching pattern; none when none matched
  [[nodiscard]] bool matched() const noexcept { return decided_by != none; }
};

/// An ordered list of patterns, evaluated "last match wins"; see the file comment.
class pattern_list {
 public:
  pattern_list() = default;
  /// Compiles every pattern; collects PW0507 for each bad one (with `index` in the path as
  /// `/<i>`). A list of only `!` patterns compiles (it never matches) with warning PW0508.
  static result<pattern_list> compile(std::span<const std::string> texts);
  static result<pattern_list> compile(std::initializer_list<std::string_view> texts);

  /// Walks every pattern in order; the last one that matches decides.
  [[nodiscard]] verdict evaluate(std::string_view name) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return patterns_.size(); }
  [[nodiscard]] bool empty() const noexcept { return patterns_.empty(); }
  [[nodiscard]] const pattern& operator[](std::size_t i) const noexcept { return patterns_[i]; }
  [[nodiscard]] auto begin() const noexcept { return patterns_.begin(); }
  [[nodiscard]] auto end() const noexcept { return patterns_.end(); }

 private:
  std::vector<pattern> patterns_;
};

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/trigger/glob_impl.hpp"
#endif
