/// @file json_impl.hpp
/// The definitions behind value/json.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/path.hpp"

namespace pipewright {
inline namespace v0 {
namespace json {

namespace detail {

// Bytes JSON writes as they are.
struct plain_bytes {
  bool of[256] = {};
  constexpr plain_bytes() noexcept {
    for (int c = 0x20; c < 0x80; ++c) of[c] = c != '"' && c != '\\';
  }
};
inline constexpr plain_bytes plain_byte{};

/// The high bit of each byte of `w` (eight bytes of text) that is < 0x20, '"', '\\' or
/// >= 0x80. A byte above a flagged one may be flagged wrongly (a borrow), the lowest flagged
/// byte never: with the text's first byte in the low byte, it is the first special one.
constexpr std::uint64_t special_bytes(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = ones * 0x80;
  const std::uint64_t quote = w ^ (ones * '"');
  const std::uint64_t slash = w ^ (ones * '\\');
  return (((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash) | w) &
         highs;
}

/// The length of the run of `s` from `i` that JSON writes verbatim, and that the reader takes
/// as it is (no `"`, `\`, control byte or non-ASCII byte), eight bytes at a time.
inline std::size_t plain_run(const char* s, std::size_t i, std::size_t n) noexcept {
  std::size_t j = i;
  for (; j + 8 <= n; j += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s + j, 8);
    const std::uint64_t special = special_bytes(w);
    if (special != 0) {
      if constexpr (std::endian::native == std::endian::little) {
        return j + static_cast<std::size_t>(std::countr_zero(special) / 8) - i;
      }
      break;
    }
  }
  while (j < n && plain_byte.of[static_cast<unsigned char>(s[j])]) ++j;
  return j - i;
}

class reader {
 public:
  /// With `map`, records where every value (and every member's key) is in `text`.
  reader(std::string_view text, const read_options& options, source_map* map = nullptr) noexcept
      : text_(text), options_(options), map_(map) {}

  result<value> run() {
    if (auto bad = check_start()) return std::move(*bad);
    value out;
    if (!parse_value(out, 0)) return take_error();
    if (!check_end()) return take_error();
    return out;
  }

  /// Checks the text and lists the members of its object and of the objects below them
  /// (through members, not arrays) in `out`, which it clears first: index_members(). The
  /// diagnostic of a text that is not valid.
  std::optional<diagnostic> run_index(std::vector<member_span>& out) {
    out.clear();
    if (auto bad = check_start()) return bad;
    index_ = &out;
    const bool ok = text_[pos_] == '{' ? skip_object(1, member_span::top) : skip_value(0);
    index_ = nullptr;
    if (!ok || !check_end()) return take_error();
    return std::nullopt;
  }

 private:
  std::optional<diagnostic> check_start() {
    if (text_.size() > options_.limits.max_bytes) {
      return make_error(codes::json_size_limit,
                        "the JSON text is " + std::to_string(text_.size()) +
                            " bytes, more than the limit of " +
                            std::to_string(options_.limits.max_bytes),
                        source_span{0, 0});
    }
    skip_ws();
    if (pos_ == text_.size()) {
      return make_error(codes::json_empty_input, "the JSON text is empty", source_span{0, 0});
    }
    return std::nullopt;
  }
  bool check_end() {
    skip_ws();
    if (pos_ != text_.size()) {
      return fail(codes::json_trailing_content, "unexpected text after the JSON value", pos_);
    }
    return true;
  }

  // Checking without building: the parse_* functions' paths and errors, no value.
  // `parent`: the index_ entry whose value this is (unlisted: none, or inside an array).
  static constexpr std::size_t unlisted = member_span::top - 1;

  bool skip_value(std::size_t depth, std::size_t parent = unlisted) {
    if (pos_ >= text_.size()) return unexpected("a value");
    switch (text_[pos_]) {
      case '{': return skip_object(depth + 1, parent);
      case '[': return skip_array(depth + 1);
      case '"': return read_string<false>(scratch_);
      case 't': return skip_literal("true");
      case 'f': return skip_literal("false");
      case 'n': return skip_literal("null");
      default: return parse_number(nullptr);
    }
  }
  bool skip_literal(std::string_view word) {
    value unused;
    return parse_literal(word, value(), unused);
  }
  bool skip_array(std::size_t depth) {
    if (!depth_ok(depth)) return false;
    ++pos_;  // '['
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (std::size_t i = 0;; ++i) {
      skip_ws();
      if (!skip_value(depth)) {
        prefix_path("/" + std::to_string(i));
        return false;
      }
      const int next = next_item(']');
      if (next <= 0) return next == 0;
    }
  }
  /// With index_ and a listed `parent`, lists each member in index_.
  bool skip_object(std::size_t depth, std::size_t parent) {
    if (!depth_ok(depth)) return false;
    ++pos_;  // '{'
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    const bool list = index_ != nullptr && parent != unlisted;
    for (;;) {
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != '"') return unexpected("a string key");
      const std::size_t key_start = pos_;
      if (!read_string<false>(scratch_)) return false;
      const std::size_t key_end = pos_;
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != ':') return unexpected("':'");
      ++pos_;
      skip_ws();
      const std::size_t start = pos_;
      std::size_t me = unlisted;
      if (list) {
        const std::string_view key(text_.data() + key_start + 1, key_end - key_start - 2);
        me = index_->size();
        index_->push_back({parent, key, escaped_, {}});
      }
      if (!skip_value(depth, me)) {
        // The key, read again for the error's path.
        pos_ = key_start;
        scratch_.clear();
        (void)parse_string(scratch_);
        doc_path p;
        p.push(scratch_);
        prefix_path(p.str());
        return false;
      }
      if (list) (*index_)[me].text = std::string_view(text_.data() + start, pos_ - start);
      const int next = next_item('}');
      if (next <= 0) return next == 0;
    }
  }

  /// After an item of an array (`close` ']') or object ('}'): 1 when ',' (read) announces
  /// another, 0 when `close` (read) ends the container, -1 (an error) otherwise.
  int next_item(char close) {
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      return 1;
    }
    if (pos_ < text_.size() && text_[pos_] == close) {
      ++pos_;
      return 0;
    }
    unexpected(close == ']' ? "',' or ']'" : "',' or '}'");
    return -1;
  }

  bool fail(std::string_view code, std::string message, std::size_t at) {
    if (!failed_) {
      failed_ = true;
      error_ =
          make_error(code, std::move(message), source_span{at, at + (at < text_.size() ? 1 : 0)});
    }
    return false;
  }
  diagnostic take_error() { return std::move(error_); }

  void skip_ws() noexcept {
    // The usual case, one test: no white space (every byte of it is at most ' ').
    if (pos_ < text_.size() && static_cast<unsigned char>(text_[pos_]) > ' ') return;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      ++pos_;
    }
  }

  static std::string describe(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
    char buf[8] = {'b', 'y', 't', 'e', ' ', '0', 'x', 0};
    static constexpr char hex[] = "0123456789abcdef";
    std::string s(buf, 7);
    s += hex[u >> 4];
    s += hex[u & 15];
    return s;
  }

  bool unexpected(const char* expected) {
    if (pos_ >= text_.size()) {
      return fail(codes::json_unexpected_end,
                  std::string("unexpected end of the JSON text, expected ") + expected, pos_);
    }
    return fail(codes::json_unexpected_character,
                "unexpected " + describe(text_[pos_]) + ", expected " + expected, pos_);
  }

  bool parse_value(value& out, std::size_t depth) {
    if (map_ != nullptr) return parse_mapped_value(out, depth, {});
    return parse_plain_value(out, depth);
  }

  /// parse_value() recording the value's node (and its key's span) in the source map.
  bool parse_mapped_value(value& out, std::size_t depth, source_span key) {
    const source_map::node_id me = map_->add(source_span{pos_, pos_}, key);
    node_ = me;
    const bool ok = parse_plain_value(out, depth);
    map_->set_end(me, pos_);
    node_ = me;
    return ok;
  }

  bool parse_plain_value(value& out, std::size_t depth) {
    if (pos_ >= text_.size()) return unexpected("a value");
    switch (text_[pos_]) {
      case '{': return parse_object(out, depth + 1);
      case '[': return parse_array(out, depth + 1);
      case '"': {
        scratch_.clear();
        if (!parse_string(scratch_)) return false;
        out = value(std::string_view(scratch_));
        return true;
      }
      case 't': return parse_literal("true", value(true), out);
      case 'f': return parse_literal("false", value(false), out);
      case 'n': return parse_literal("null", value(), out);
      default: return parse_number(&out);
    }
  }

  bool parse_literal(std::string_view word, value v, value& out) {
    if (text_.substr(pos_, word.size()) != word) {
      // Report the first character that differs.
      std::size_t i = 0;
      while (pos_ + i < text_.size() && i < word.size() && text_[pos_ + i] == word[i]) ++i;
      pos_ += i;
      return unexpected(i == 0 ? "a value" : "the rest of a literal (true, false or null)");
    }
    pos_ += word.size();
    out = std::move(v);
    return true;
  }

  bool depth_ok(std::size_t depth) { return depth <= options_.limits.max_depth || too_deep(); }
  PIPEWRIGHT_NOINLINE bool too_deep() {
    return fail(codes::json_depth_limit,
                "arrays and objects nest deeper than the limit of " +
                    std::to_string(options_.limits.max_depth),
                pos_);
  }

  bool parse_array(value& out, std::size_t depth) {
    if (!depth_ok(depth)) return false;
    ++pos_;  // '['
    const source_map::node_id me = node_;
    const std::size_t mark = kids_.size();  // with map_: this container's children from here
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      out = value(array{});
      return true;
    }
    // The items gather on a stack shared by every open array, then move into an array of
    // the right size: one allocation per array.
    const std::size_t first = items_.size();
    for (std::size_t i = 0;; ++i) {
      skip_ws();
      value item;
      if (!parse_value(item, depth)) {
        prefix_path("/" + std::to_string(i));
        return false;
      }
      items_.push_back(std::move(item));
      if (map_ != nullptr) kids_.push_back(node_);
      const int next = next_item(']');
      if (next < 0) return false;
      if (next == 0) {
        const auto from = items_.begin() + static_cast<std::ptrdiff_t>(first);
        out = value(array(std::make_move_iterator(from), std::make_move_iterator(items_.end())));
        items_.erase(from, items_.end());
        if (map_ != nullptr) close_children(me, mark);
        return true;
      }
    }
  }

  bool parse_object(value& out, std::size_t depth) {
    if (!depth_ok(depth)) return false;
    ++pos_;  // '{'
    object members;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      out = value(std::move(members));
      return true;
    }
    const source_map::node_id me = node_;
    const std::size_t mark = kids_.size();  // with map_: this container's children from here
    // The members gather on a stack shared by every open object (as items_ for arrays).
    const std::size_t first = members_.size();
    std::string key;
    for (;;) {
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != '"') return unexpected("a string key");
      key.clear();
      const std::size_t key_start = pos_;
      if (!parse_string(key)) return false;
      const std::size_t key_end = pos_;
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != ':') return unexpected("':'");
      ++pos_;
      skip_ws();
      value v;
      const bool ok = map_ != nullptr
                          ? parse_mapped_value(v, depth, source_span{key_start, key_end})
                          : parse_plain_value(v, depth);
      if (!ok) {
        doc_path p;
        p.push(key);
        prefix_path(p.str());
        return false;
      }
      members_.emplace_back(std::move(key), std::move(v));
      if (map_ != nullptr) kids_.push_back(node_);
      key = std::string();
      const int next = next_item('}');
      if (next < 0) return false;
      if (next == 0) {
        members.reserve(members_.size() - first);
        for (std::size_t i = first; i < members_.size(); ++i) {
          // insert() drops a key equal, ignoring case, to an earlier one: the first wins.
          members.insert(std::move(members_[i].first), std::move(members_[i].second));
        }
        members_.resize(first);
        out = value(std::move(members));
        if (map_ != nullptr) close_children(me, mark);
        return true;
      }
    }
  }

  void prefix_path(const std::string& segment) { error_.path.insert(0, segment); }

  static int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool read_hex4(std::uint32_t& out) {
    if (pos_ + 4 > text_.size()) {
      pos_ = text_.size();
      return fail(codes::json_invalid_escape, "a \\u escape needs four hex digits", pos_);
    }
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const int d = hex_digit(text_[pos_ + i]);
      if (d < 0)
        return fail(codes::json_invalid_escape, "a \\u escape needs four hex digits", pos_ + i);
      v = (v << 4) | static_cast<std::uint32_t>(d);
    }
    pos_ += 4;
    out = v;
    return true;
  }

  /// Reads a string starting at the opening quote into `out`.
  bool parse_string(std::string& out) { return read_string<true>(out); }
  /// Checks a string starting at the opening quote; `Keep`: appends its characters to `out`.
  template <bool Keep>
  bool read_string(std::string& out) {
    if constexpr (std::endian::native == std::endian::little) {
      // The usual string, plain ASCII that ends within the text's whole words: inline.
      const char* const data = text_.data();
      for (std::size_t p = pos_ + 1; p + 8 <= text_.size(); p += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, data + p, 8);
        const std::uint64_t special = special_bytes(w);
        if (special == 0) continue;
        const std::size_t end = p + static_cast<std::size_t>(std::countr_zero(special) / 8);
        if (data[end] != '"') break;
        if constexpr (Keep) out.append(data + pos_ + 1, end - pos_ - 1);
        escaped_ = false;
        pos_ = end + 1;
        return true;
      }
    }
    return read_any_string<Keep>(out);
  }
  /// read_string() for any string: escapes, non-ASCII, errors.
  template <bool Keep>
  PIPEWRIGHT_NOINLINE bool read_any_string(std::string& out) {
    const std::size_t open = pos_;
    ++pos_;
    escaped_ = false;
    const char* const data = text_.data();
    const std::size_t n = text_.size();
    for (;;) {
      // Copy the run of plain ASCII characters in one go.
      const std::size_t run = pos_ + plain_run(data, pos_, n);
      if constexpr (Keep) out.append(data + pos_, run - pos_);
      pos_ = run;
      if (pos_ >= n) {
        return fail(codes::json_invalid_string, "the string is not terminated", open);
      }
      const auto c = static_cast<unsigned char>(data[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        return fail(codes::json_invalid_string,
                    "a raw control character (" + describe(static_cast<char>(c)) +
                        ") in a string; write it as an escape",
                    pos_);
      }
      if (c >= 0x80) {
        std::size_t i = pos_;
        const std::uint32_t cp = pipewright::detail::decode_utf8(text_, i);
        if (cp >= 0x110000 || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return fail(codes::json_invalid_utf8, "invalid UTF-8 in a string", pos_);
        }
        if constexpr (Keep) out.append(data + pos_, i - pos_);
        pos_ = i;
        continue;
      }
      // Backslash escape.
      escaped_ = true;
      const std::size_t esc = pos_;
      ++pos_;
      if (pos_ >= n) return fail(codes::json_invalid_string, "the string is not terminated", open);
      char plain = 0;  // the character of a one-letter escape
      switch (data[pos_++]) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!read_hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF && pos_ + 1 < n && data[pos_] == '\\' &&
              data[pos_ + 1] == 'u') {
            const std::size_t save = pos_;
            pos_ += 2;
            std::uint32_t lo = 0;
            if (!read_hex4(lo)) return false;
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              pos_ = save;  // a lone high surrogate, then another escape
            }
          }
          // Lone surrogates are kept (as WTF-8), as JavaScript strings keep them.
          if constexpr (Keep) pipewright::detail::append_utf8(out, cp);
          continue;
        }
        default:
          return fail(codes::json_invalid_escape,
                      "invalid escape '\\" + std::string(1, data[pos_ - 1]) + "' in a string", esc);
      }
      if constexpr (Keep) out += plain;
    }
  }

  /// Reads a number into `*out`; with no `out`, only checks it.
  bool parse_number(value* out) {
    const std::size_t start = pos_;
    const char* const data = text_.data();
    const std::size_t n = text_.size();
    std::size_t i = pos_;
    auto digit = [&](std::size_t k) { return k < n && data[k] >= '0' && data[k] <= '9'; };
    if (i < n && data[i] == '-') ++i;
    if (!digit(i)) {
      if (i == start) return unexpected("a value");
      pos_ = i;
      return fail(codes::json_invalid_number, "a '-' must be followed by digits", start);
    }
    if (data[i] == '0') {
      ++i;
      if (digit(i))
        return fail(codes::json_invalid_number, "a number may not have leading zeros", start);
    } else {
      while (digit(i)) ++i;
    }
    std::size_t int_end = i;
    long long frac_digits = 0;
    if (i < n && data[i] == '.') {
      ++i;
      if (!digit(i))
        return fail(codes::json_invalid_number, "a '.' must be followed by digits", start);
      while (digit(i)) {
        ++i;
        ++frac_digits;
      }
    }
    bool has_exp = false;
    long long exp_value = 0;
    if (i < n && (data[i] == 'e' || data[i] == 'E')) {
      has_exp = true;
      ++i;
      bool neg = false;
      if (i < n && (data[i] == '+' || data[i] == '-')) neg = data[i++] == '-';
      if (!digit(i)) {
        return fail(codes::json_invalid_number, "an exponent must have digits", start);
      }
      while (digit(i)) {
        if (exp_value < 100000) exp_value = exp_value * 10 + (data[i] - '0');
        ++i;
      }
      if (neg) exp_value = -exp_value;
    }
    pos_ = i;
    if (out == nullptr) return true;  // the grammar is all from_chars checks besides range
    const char* first = data + start;
    double d = 0;
    const auto r = std::from_chars(first, data + i, d);
    if (r.ec == std::errc::result_out_of_range) {
      // Too large becomes infinity, too small becomes zero, as JavaScript's parser does.
      const bool negative = data[start] == '-';
      const std::size_t int_digits = int_end - start - (negative ? 1u : 0u);
      const long long magnitude = static_cast<long long>(int_digits) + (has_exp ? exp_value : 0);
      (void)frac_digits;
      d = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
      if (negative) d = -d;
    } else if (r.ec != std::errc() || r.ptr != data + i) {
      return fail(codes::json_invalid_number, "invalid number", start);
    }
    *out = value(d);
    return true;
  }

  std::string_view text_;
  const read_options& options_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  diagnostic error_;
  /// Gives `me` the children recorded since `mark`, and forgets them.
  void close_children(source_map::node_id me, std::size_t mark) {
    map_->set_children(me, std::span<const source_map::node_id>(kids_).subspan(mark));
    kids_.resize(mark);
  }

  std::string scratch_;                        // the string being read
  bool escaped_ = false;                       // the string read last holds an escape
  std::vector<member_span>* index_ = nullptr;  // run_index(): the members listed
  std::vector<value> items_;                   // the items of the open arrays
  std::vector<object::entry> members_;         // the members of the open objects
  source_map* map_ = nullptr;
  source_map::node_id node_ = 0;           // with map_: the node of the value parsed last
  std::vector<source_map::node_id> kids_;  // with map_: children of the open containers
};

}  // namespace detail

PIPEWRIGHT_DECL result<value> parse(std::string_view text, const read_options& options) {
  detail::reader r(text, options);
  return r.run();
}

PIPEWRIGHT_DECL result<std::vector<member_span>> index_members(std::string_view text,
                                                               const read_options& options) {
  std::vector<member_span> out;
  out.reserve(32);
  detail::reader r(text, options);
  if (auto bad = r.run_index(out)) return std::move(*bad);
  return out;
}

PIPEWRIGHT_DECL std::optional<diagnostic> index_members(std::string_view text,
                                                        std::vector<member_span>& out,
                                                        const read_options& options) {
  detail::reader r(text, options);
  return r.run_index(out);
}

PIPEWRIGHT_DECL std::string member_key(const member_span& m) {
  if (!m.escaped) return std::string(m.key);
  // The key with its quotes is a JSON string that index_members() has checked.
  auto v = parse(std::string_view(m.key.data() - 1, m.key.size() + 2));
  return std::string(v ? v->as_string() : m.key);
}

PIPEWRIGHT_DECL result<shallow_object> parse_shallow(std::string_view text,
                                                     const read_options& options) {
  auto index = index_members(text, options);
  if (!index) return result<shallow_object>::failure(std::move(index.diagnostics()));
  shallow_object out;
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  out.is_object = first != std::string_view::npos && text[first] == '{';
  for (const member_span& m : *index) {
    if (m.parent != member_span::top) continue;
    std::string key = member_key(m);
    bool seen = false;
    for (const raw_member& k : out.members) seen = seen || pipewright::detail::iequals(k.key, key);
    if (!seen) out.members.push_back({std::move(key), m.text});
  }
  return out;
}

PIPEWRIGHT_DECL result<document> load(std::string_view text, const read_options& options) {
  document doc;
  detail::reader r(text, options, &doc.map);
  auto v = r.run();
  if (!v) return result<document>::failure(std::move(v.diagnostics()));
  doc.root = std::move(*v);
  return result<document>::success(std::move(doc), {});
}

PIPEWRIGHT_DECL value parse_or_throw(std::string_view text, const read_options& options) {
  return parse(text, options).value_or_throw();
}

namespace detail {

PIPEWRIGHT_DECL void write_string(sink& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  const char* const data = s.data();
  const std::size_t n = s.size();
  out.put('"');
  std::size_t i = 0;
  while (i < n) {
    const std::size_t run = plain_run(data, i, n);
    // The run, then room for one escape (at most six bytes, or four of UTF-8) and the quote.
    char* p = out.room(run + 8);
    std::memcpy(p, data + i, run);
    p += run;
    i += run;
    if (i < n) {
      const auto c = static_cast<unsigned char>(data[i]);
      if (c >= 0x80) {
        std::size_t k = i;
        const std::uint32_t cp = pipewright::detail::decode_utf8(s, k);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          // A lone surrogate: escaped, as well-formed JSON.stringify does.
          *p++ = '\\';
          *p++ = 'u';
          *p++ = hex[(cp >> 12) & 15];
          *p++ = hex[(cp >> 8) & 15];
          *p++ = hex[(cp >> 4) & 15];
          *p++ = hex[cp & 15];
        } else if (cp >= 0x110000) {
          std::memcpy(p, "\\ufffd", 6);  // an invalid byte
          p += 6;
        } else {
          std::memcpy(p, data + i, k - i);
          p += k - i;
        }
        i = k;
      } else {
        *p++ = '\\';
        switch (c) {
          case '"': *p++ = '"'; break;
          case '\\': *p++ = '\\'; break;
          case '\b': *p++ = 'b'; break;
          case '\f': *p++ = 'f'; break;
          case '\n': *p++ = 'n'; break;
          case '\r': *p++ = 'r'; break;
          case '\t': *p++ = 't'; break;
          default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
        ++i;
      }
    }
    out.used = static_cast<std::size_t>(p - out.s.data());
  }
  out.put('"');
}

PIPEWRIGHT_DECL void write_string(std::string& out, std::string_view s) {
  sink k(out);
  write_string(k, s);
  k.finish();
}

PIPEWRIGHT_DECL void write_number(sink& out, double d, const write_options& o) {
  if (!std::isfinite(d)) {
    if (o.nonfinite == nonfinite::null) {
      out.put("null");
      return;
    }
    out.put(std::isnan(d)
                ? std::string_view("\"NaN\"")
                : (d < 0 ? std::string_view("\"-Infinity\"") : std::string_view("\"Infinity\"")));
    return;
  }
  char* p = out.room(number_buffer_size);
  // Integers below 10^15 print as their digits in both styles (G15 switches to an exponent
  // at 10^15).
  if (std::fabs(d) < 1e15 && d == std::trunc(d)) {
    if (d == 0) {
      *p = '0';
      ++out.used;
      return;
    }
    const auto r = std::to_chars(p, p + number_buffer_size, static_cast<std::int64_t>(d));
    out.used += static_cast<std::size_t>(r.ptr - p);
    return;
  }
  out.used += format_number(d, p, o.numbers);
}

PIPEWRIGHT_DECL void write_number(std::string& out, double d, const write_options& o) {
  sink k(out);
  write_number(k, d, o);
  k.finish();
}

inline void newline(sink& out, const write_options& o, std::size_t level) {
  if (o.indent == 0) return;
  const std::size_t k = level * o.indent;
  // Spaces eight at a time (a fixed-size copy, no call); the room covers the overshoot.
  char* p = out.room(k + 9);
  *p = '\n';
  for (std::size_t i = 0; i < k; i += 8) std::memcpy(p + 1 + i, "        ", 8);
  out.used += k + 1;
}

PIPEWRIGHT_DECL void write_value(sink& out, const value& v, const write_options& o,
                                 std::size_t level) {
  switch (v.type()) {
    case kind::null: out.put("null"); return;
    case kind::boolean: out.put(v.as_bool() ? std::string_view("true") : "false"); return;
    case kind::number: write_number(out, v.as_number(), o); return;
    case kind::string: write_string(out, v.as_string()); return;
    case kind::array: {
      const array& a = v.as_array();
      if (a.empty()) {
        out.put("[]");
        return;
      }
      out.put('[');
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i != 0) out.put(',');
        newline(out, o, level + 1);
        write_value(out, a[i], o, level + 1);
      }
      newline(out, o, level);
      out.put(']');
      return;
    }
    case kind::object: {
      const object& obj = v.as_object();
      if (obj.empty()) {
        out.put("{}");
        return;
      }
      out.put('{');
      const std::string_view colon = o.indent == 0 ? ":" : ": ";
      bool first = true;
      for (const auto& [key, member] : obj) {
        if (!first) out.put(',');
        first = false;
        newline(out, o, level + 1);
        write_string(out, key);
        out.put(colon);
        write_value(out, member, o, level + 1);
      }
      newline(out, o, level);
      out.put('}');
      return;
    }
  }
}

PIPEWRIGHT_DECL std::size_t size_hint(const value& v, const write_options& o,
                                      std::size_t level) noexcept {
  switch (v.type()) {
    case kind::null:
    case kind::boolean: return 5;
    case kind::number: return 8;
    case kind::string: return v.as_string().size() + 2;
    case kind::array: {
      std::size_t n = 2 + o.indent * level;
      for (const value& x : v.as_array())
        n += 2 + o.indent * (level + 1) + size_hint(x, o, level + 1);
      return n;
    }
    case kind::object: {
      std::size_t n = 2 + o.indent * level;
      for (const auto& [key, x] : v.as_object()) {
        n += 6 + o.indent * (level + 1) + key.size() + size_hint(x, o, level + 1);
      }
      return n;
    }
  }
  return 0;
}

PIPEWRIGHT_DECL void write_value(std::string& out, const value& v, const write_options& o,
                                 std::size_t level) {
  sink k(out);
  if (v.type() >= kind::array) k.room(size_hint(v, o, level) + 64);
  write_value(k, v, o, level);
  k.finish();
}

}  // namespace detail

PIPEWRIGHT_DECL void write(std::string& out, const value& v, const write_options& options) {
  detail::write_value(out, v, options, 0);
}

PIPEWRIGHT_DECL std::string dump(const value& v, const write_options& options) {
  std::string out;
  write(out, v, options);
  return out;
}

}  // namespace json
}  // namespace v0
}  // namespace pipewright
