/// @file json.hpp
/// Reading JSON into a `value` and writing a `value` as JSON, including GitHub's `toJSON`
/// layout.
///
/// The reader is strict RFC 8259 JSON (what `fromJSON` accepts): no comments, no trailing
/// commas, no `NaN`, no leading zeros, one value per text. Numbers become doubles (`1e400`
/// is infinity). Duplicate keys, and keys that differ only in case, keep the first
/// occurrence. It never throws for bad input: it returns a diagnostic with a code
/// (PW0101–PW0110), the byte offset, and the JSON pointer of the value being read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/value/document.hpp"
#include "pipewright/value/number_format.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace json {

/// Default deepest nesting of arrays and objects (PW0107).
inline constexpr std::size_t default_max_depth = 512;
/// Default largest text, in bytes (PW0108): 256 MiB.
inline constexpr std::size_t default_max_bytes = std::size_t{256} << 20;

/// Limits of the reader; each has its own diagnostic.
struct limits {
  /// Deepest nesting of arrays and objects (PW0107).
  std::size_t max_depth = default_max_depth;
  /// Largest text, in bytes (PW0108).
  std::size_t max_bytes = default_max_bytes;
};

/// Options of parse().
struct read_options {
  json::limits limits{};
};

/// One member of an object read by parse_shallow(): its key and the text of its value.
struct raw_member {
  std::string key;
  /// The member's value as it is in the text (a view into it): parse() reads it.
  std::string_view text;
};

/// A JSON text read one level deep by parse_shallow().
struct shallow_object {
  /// False when the text is valid JSON but not an object (then `members` is empty).
  bool is_object = false;
  /// The members in order; of keys equal ignoring case, only the first (as parse() keeps).
  std::vector<raw_member> members;
};

/// One member of an object in a JSON text, as index_members() lists it.
struct member_span {
  /// `parent` of the members of the text's own object.
  static constexpr std::size_t top = static_cast<std::size_t>(-1);
  /// The entry whose value is the object that holds this member, or `top`.
  std::size_t parent = top;
  /// The key as written between its quotes; with `escaped`, member_key() decodes it.
  std::string_view key;
  bool escaped = false;
  /// The member's value as it is in the text (a view into it): parse() reads it.
  std::string_view text;
};

/// Parses a JSON text; never throws for bad input.
PIPEWRIGHT_DECL result<value> parse(std::string_view text, const read_options& options = {});

/// Checks a JSON text as parse() does (the same diagnostics) without building anything, and
/// lists the members of its object and of every object below them through members (not
/// through arrays), in document order: a caller that needs a few values parses just their
/// texts. Every member is listed, also a key that repeats one (ignoring case), which parse()
/// drops: the first of them is the one parse() keeps. Empty for a text that is not an object.
PIPEWRIGHT_DECL result<std::vector<member_span>> index_members(std::string_view text,
                                                               const read_options& options = {});

/// index_members() into `out`, which it clears first (a caller indexing text after text
/// keeps its capacity); the reader's diagnostic when the text is not valid JSON.
PIPEWRIGHT_DECL std::optional<diagnostic> index_members(std::string_view text,
                                                        std::vector<member_span>& out,
                                                        const read_options& options = {});

/// The key of `m`, its escapes decoded.
PIPEWRIGHT_DECL std::string member_key(const member_span& m);

/// Checks a JSON text as parse() does (the same diagnostics) without building its value, and
/// when it is an object, returns each member's key and value text: a caller that needs only
/// some members parses just those. The member texts view `text`.
PIPEWRIGHT_DECL result<shallow_object> parse_shallow(std::string_view text,
                                                     const read_options& options = {});

/// Parses a JSON text and records where each value and key is (a `document` whose source
/// map the workflow reader uses to put line and column on its diagnostics, as it does for
/// YAML); never throws for bad input.
PIPEWRIGHT_DECL result<document> load(std::string_view text, const read_options& options = {});

/// Parses a JSON text or throws pipewright::error.
PIPEWRIGHT_DECL value parse_or_throw(std::string_view text, const read_options& options = {});

/// What the writer does with NaN and infinities, which JSON cannot hold.
enum class nonfinite : unsigned char {
  null,    ///< write `null` (JavaScript's JSON.stringify)
  string,  ///< write the strings "NaN", "Infinity", "-Infinity" (the JSON Lines contracts)
};

/// Options of write().
struct write_options {
  /// Spaces per level; 0 writes everything on one line with no spaces.
  unsigned indent = 2;
  /// How numbers are written; toJSON uses the shortest round-trip form.
  number_style numbers = number_style::shortest;
  json::nonfinite nonfinite = json::nonfinite::null;
};

/// GitHub's `toJSON` layout: two-space indentation, `"key": value`, `[]` and `{}` for empty
/// containers, shortest round-trip numbers, NaN and infinities as `null`.
inline constexpr write_options github_style{2, number_style::shortest, nonfinite::null};
/// One line, no spaces; NaN and infinities as strings (the JSON Lines contracts).
inline constexpr write_options compact_style{0, number_style::shortest, nonfinite::string};

namespace detail {

/// An output buffer written through a pointer: `room(k)` makes `k` bytes writable at `p`,
/// `finish()` trims the string to what was written.
struct sink {
  std::string& s;
  std::size_t used;

  explicit sink(std::string& out) : s(out), used(out.size()) {}
  char* room(std::size_t k) {
    if (s.size() - used < k) grow(k);
    return s.data() + used;
  }
  // Only what is asked (and a little): std::string's capacity grows geometrically by itself,
  // and resizing past the written part fills it with zeros, which must not cost as much as
  // what `out` already held (appending to a long buffer, line after line).
  void grow(std::size_t k) { s.resize(used + k + 256); }
  void put(char c) {
    *room(1) = c;
    ++used;
  }
  void put(std::string_view t) {
    std::memcpy(room(t.size()), t.data(), t.size());
    used += t.size();
  }
  void finish() { s.resize(used); }
};

PIPEWRIGHT_DECL void write_string(sink& out, std::string_view s);
PIPEWRIGHT_DECL void write_string(std::string& out, std::string_view s);
PIPEWRIGHT_DECL void write_number(sink& out, double d, const write_options& o);
PIPEWRIGHT_DECL void write_number(std::string& out, double d, const write_options& o);
PIPEWRIGHT_DECL void write_value(sink& out, const value& v, const write_options& o,
                                 std::size_t level);
// A guess at the written size (exact for plain strings and small integers), so that the
// output grows at most once or twice.
PIPEWRIGHT_DECL std::size_t size_hint(const value& v, const write_options& o,
                                      std::size_t level) noexcept;
PIPEWRIGHT_DECL void write_value(std::string& out, const value& v, const write_options& o,
                                 std::size_t level);

}  // namespace detail

/// Appends `v` as JSON to `out`.
PIPEWRIGHT_DECL void write(std::string& out, const value& v,
                           const write_options& options = github_style);

/// `v` as JSON text; by default in GitHub's `toJSON` layout.
PIPEWRIGHT_DECL std::string dump(const value& v, const write_options& options = github_style);

}  // namespace json
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/value/json_impl.hpp"
#endif
