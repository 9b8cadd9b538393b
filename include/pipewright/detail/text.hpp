/// @file text.hpp
/// UTF-8 decoding and ordinal case-insensitive comparison, hashing and upper-casing.
///
/// GitHub compares strings with an ordinal case-insensitive comparison: each UTF-16 code
/// unit is upper-cased with a one-to-one mapping and the results are compared as numbers.
/// pipewright stores UTF-8; these helpers decode it and order supplementary characters as
/// their UTF-16 surrogates would sort. Invalid bytes compare as themselves.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/case_table.hpp"

namespace pipewright {
inline namespace v0 {
namespace detail {

/// The UTF-8 byte-order mark, which YAML and JSON readers skip at the start of a text.
inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

/// The size of a byte-order mark at the start of `s`: 3 or 0.
constexpr std::size_t bom_size(std::string_view s) noexcept {
  return s.substr(0, utf8_bom.size()) == utf8_bom ? utf8_bom.size() : 0;
}

/// Decodes one code point at `s[i]` and advances `i`; an invalid byte decodes to
/// 0x110000 + byte so that it stays distinct from every real character.
constexpr std::uint32_t decode_utf8(std::string_view s, std::size_t& i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  auto cont = [&](std::size_t k) -> int {
    if (i + k >= s.size()) return -1;
    const auto c = static_cast<unsigned char>(s[i + k]);
    return (c & 0xC0) == 0x80 ? (c & 0x3F) : -1;
  };
  std::uint32_t cp = 0;
  std::size_t len = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    const int c1 = cont(1);
    if (c1 >= 0) {
      cp = (static_cast<std::uint32_t>(b0 & 0x1F) << 6) | static_cast<std::uint32_t>(c1);
      len = 2;
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    const int c1 = cont(1);
    const int c2 = c1 >= 0 ? cont(2) : -1;
    if (c2 >= 0) {
      cp = (static_cast<std::uint32_t>(b0 & 0x0F) << 12) | (static_cast<std::uint32_t>(c1) << 6) |
           static_cast<std::uint32_t>(c2);
      // Surrogate code points (WTF-8) are accepted: JSON can carry lone surrogates.
      if (cp >= 0x800) len = 3;
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    const int c1 = cont(1);
    const int c2 = c1 >= 0 ? cont(2) : -1;
    const int c3 = c2 >= 0 ? cont(3) : -1;
    if (c3 >= 0) {
      cp = (static_cast<std::uint32_t>(b0 & 0x07) << 18) | (static_cast<std::uint32_t>(c1) << 12) |
           (static_cast<std::uint32_t>(c2) << 6) | static_cast<std::uint32_t>(c3);
      if (cp >= 0x10000 && cp <= 0x10FFFF) len = 4;
    }
  }
  if (len == 0) {
    ++i;
    return 0x110000u + b0;
  }
  i += len;
  return cp;
}

/// Appends the UTF-8 encoding of `cp` (surrogates are encoded as three bytes, WTF-8).
inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// The simple (one-to-one) upper-case mapping of a code point.
constexpr std::uint32_t simple_upper(std::uint32_t cp) noexcept {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  if (cp > 0xFFFF) return cp;
  std::size_t lo = 0;
  std::size_t hi = sizeof(upper_runs) / sizeof(upper_runs[0]);
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (upper_runs[mid].last < cp) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < sizeof(upper_runs) / sizeof(upper_runs[0])) {
    const case_run& r = upper_runs[lo];
    if (cp >= r.first && (cp - r.first) % r.stride == 0) {
      return static_cast<std::uint32_t>(static_cast<std::int32_t>(cp) + r.delta);
    }
  }
  return cp;
}

/// The sort key of a code point in UTF-16 code-unit order (supplementary characters sort
/// as their high surrogate, below U+E000).
constexpr std::uint32_t utf16_order(std::uint32_t cp) noexcept {
  if (cp >= 0x10000 && cp <= 0x10FFFF) return 0xD800 + ((cp - 0x10000) >> 10);
  return cp;
}

constexpr char ascii_upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
}

/// ASCII letters of the eight bytes in `w` upper-cased (SWAR); other bytes unchanged.
/// Precondition: no byte of `w` has its high bit set.
constexpr std::uint64_t ascii_upper8(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = ones * 0x80;
  const std::uint64_t ge_a = w + ones * (0x80 - 'a');
  const std::uint64_t gt_z = w + ones * (0x80 - 'z' - 1);
  return w - ((ge_a & ~gt_z & ~w & highs) >> 2);
}

/// Loads up to eight bytes of `s` from `i` into a word (missing bytes are zero).
constexpr std::uint64_t load8(std::string_view s, std::size_t i) noexcept {
  std::uint64_t w = 0;
  const std::size_t take = s.size() - i < 8 ? s.size() - i : 8;
  if (!std::is_constant_evaluated() && take >= 4) {
    // One load, or two overlapping ones whose shared bytes agree (little-endian: the same
    // word as the byte loop below; the byte order does not matter to the callers anyway).
    const char* p = s.data() + i;
    if (take == 8) {
      std::memcpy(&w, p, 8);
    } else {
      std::uint32_t lo = 0;
      std::uint32_t hi = 0;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + take - 4, 4);
      w = std::uint64_t{lo} | (std::uint64_t{hi} << (8 * (take - 4)));
    }
  } else {
    for (std::size_t k = 0; k < take; ++k) {
      w |= std::uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
    }
  }
  return w;
}

constexpr bool iequals_words(std::string_view a, std::string_view b) noexcept;

/// True when every byte of `s` is ASCII (< 0x80), eight bytes at a time.
constexpr bool is_ascii(std::string_view s) noexcept {
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < s.size(); i += 8) seen |= load8(s, i);
  return (seen & 0x8080808080808080ull) == 0;
}

/// The bytes of `s` (1 to 16 of them) as two words, with overlapping loads: two strings of
/// the same length are byte-equal exactly when their words are.
inline void load_short(std::string_view s, std::uint64_t& lo, std::uint64_t& hi) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  lo = 0;
  hi = 0;
  if (n >= 8) {
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    lo = x | (std::uint64_t{y} << 32);
  } else {
    lo = std::uint64_t{static_cast<unsigned char>(p[0])} |
         (std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
         (std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16);
  }
}

/// True when `a` and `b` are equal under ordinal case-insensitive comparison.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (!std::is_constant_evaluated() && a.size() == b.size()) {
    const std::size_t n = a.size();
    if (n == 0) return true;
    if (n <= 16) {
      // Short keys (the usual case): two words each, no call.
      std::uint64_t a0 = 0;
      std::uint64_t a1 = 0;
      std::uint64_t b0 = 0;
      std::uint64_t b1 = 0;
      load_short(a, a0, a1);
      load_short(b, b0, b1);
      if (a0 == b0 && a1 == b1) return true;
      if (((a0 | a1 | b0 | b1) & 0x8080808080808080ull) == 0) {
        return ascii_upper8(a0) == ascii_upper8(b0) && ascii_upper8(a1) == ascii_upper8(b1);
      }
    } else if (std::memcmp(a.data(), b.data(), n) == 0) {
      return true;  // byte-equal, the usual case of a hit
    }
  }
  // No mapping leads into or out of ASCII (see ihash()): an ASCII string equals only an
  // ASCII string of its length, ignoring case. The usual miss ends here.
  if (a.size() != b.size() && (is_ascii(a) || is_ascii(b))) return false;
  return iequals_words(a, b);
}

/// iequals() past the byte-equal test: strings of the same length are compared eight bytes
/// at a time (byte-equal words, then ASCII words with SWAR upper-casing); the first
/// differing word holding a non-ASCII byte sends the rest to the code-point loop.
constexpr bool iequals_words(std::string_view a, std::string_view b) noexcept {
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  std::size_t i = 0;
  std::size_t j = 0;
  if (a.size() == b.size()) {
    for (; i < a.size(); i += 8) {
      const std::uint64_t x = load8(a, i);
      const std::uint64_t y = load8(b, i);
      if (x == y) continue;
      if (((x | y) & highs) == 0) {
        if (ascii_upper8(x) != ascii_upper8(y)) return false;
        continue;
      }
      // Back up to the start of a character (the bytes before i are equal in both).
      while (i > 0 && (static_cast<unsigned char>(a[i]) & 0xC0) == 0x80) --i;
      break;
    }
    if (i >= a.size()) return true;
    j = i;
  }
  while (i < a.size() && j < b.size()) {
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[j]);
    if ((ca | cb) < 0x80) {
      if (ascii_upper(a[i]) != ascii_upper(b[j])) return false;
      ++i;
      ++j;
      continue;
    }
    if (simple_upper(decode_utf8(a, i)) != simple_upper(decode_utf8(b, j))) return false;
  }
  return i == a.size() && j == b.size();
}

/// Three-way ordinal case-insensitive comparison in UTF-16 code-unit order.
constexpr int icompare(std::string_view a, std::string_view b) noexcept {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[j]);
    if ((ca | cb) < 0x80) {
      x = static_cast<unsigned char>(ascii_upper(a[i++]));
      y = static_cast<unsigned char>(ascii_upper(b[j++]));
    } else {
      x = utf16_order(simple_upper(decode_utf8(a, i)));
      y = utf16_order(simple_upper(decode_utf8(b, j)));
    }
    if (x != y) return x < y ? -1 : 1;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

/// A hash that agrees with iequals. ASCII text (the usual case: keys, job ids) is hashed
/// eight bytes at a time with SWAR upper-casing; other text code point by code point. The
/// two paths may give different hashes for the same letters, which is sound because an
/// ASCII string is never equal, ignoring case, to one with non-ASCII characters (mappings
/// into ASCII, such as U+0131 and U+017F, are left out of the table).
constexpr std::uint64_t ihash(std::string_view s) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = ones * 0x80;
  auto mix = [](std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
  };
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  std::uint64_t seen = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint64_t w = load8(s, i);
    i += s.size() - i < 8 ? s.size() - i : 8;
    seen |= w;
    // Upper-case ASCII letters: a byte in 'a'..'z' loses 0x20 (non-ASCII bytes are left
    // alone by the mask; the hash then takes the code-point path below anyway).
    const std::uint64_t ge_a = w + ones * (0x80 - 'a');
    const std::uint64_t gt_z = w + ones * (0x80 - 'z' - 1);
    w -= ((ge_a & ~gt_z & ~w & highs) >> 2);
    h = mix(h ^ w) + 0x9E3779B97F4A7C15ull;
  }
  if ((seen & highs) == 0) return mix(h);
  // Non-ASCII: FNV-1a over upper-cased code points.
  std::uint64_t f = 1469598103934665603ull;
  i = 0;
  while (i < s.size()) {
    std::uint32_t cp = 0;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      cp = static_cast<unsigned char>(ascii_upper(s[i]));
      ++i;
    } else {
      cp = simple_upper(decode_utf8(s, i));
    }
    f ^= cp;
    f *= 1099511628211ull;
  }
  return f;
}

/// Upper-cases `s` with the simple mapping (used for keys shown to users, not for lookup).
inline std::string to_upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint32_t cp = decode_utf8(s, i);
    if (cp >= 0x110000) {
      out.push_back(static_cast<char>(cp - 0x110000));
    } else {
      append_utf8(out, simple_upper(cp));
    }
  }
  return out;
}

/// The Levenshtein distance of `a` and `b`, bytes compared ignoring ASCII case (for "did
/// you mean" suggestions). O(|a| × |b|) time, O(|b|) memory.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const std::size_t cost = ascii_upper(a[i - 1]) == ascii_upper(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
    }
  }
  return row[b.size()];
}

/// The name of `known` nearest to `name` by edit_distance, when it is close enough to be a
/// typo (at most max(2, |name| / 3) edits); empty otherwise. Ties go to the first.
inline std::string nearest_name(std::string_view name, const std::vector<std::string>& known) {
  std::string nearest;
  std::size_t best = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const std::string& n : known) {
    const std::size_t d = edit_distance(name, n);
    if (d < best) {
      best = d;
      nearest = n;
    }
  }
  return nearest;
}

}  // namespace detail
}  // namespace v0
}  // namespace pipewright
