/// @file number.hpp
/// GitHub's ToNumber for strings (SEMANTICS.md §1.4, C# `ExpressionUtility.ParseNumber`),
/// `constexpr` so that compile-time pipelines and the runtime read numbers alike.
///
/// At run time decimals go through `std::from_chars`; during constant evaluation an exact
/// decimal reader (the simple decimal conversion of Go's `strconv`) gives the same
/// correctly-rounded double.
#pragma once

#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"

namespace pipewright {
inline namespace v0 {
namespace semantics {
namespace detail {

constexpr bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Length of a Unicode white-space character at `s[i]` (as .NET `Char.IsWhiteSpace`), or 0.
constexpr std::size_t space_at(std::string_view s, std::size_t i) noexcept {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return 1;
  if (c < 0x80) return 0;
  std::size_t j = i;
  const std::uint32_t cp = pipewright::detail::decode_utf8(s, j);
  const bool space = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                     cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  return space ? j - i : 0;
}

/// `s` without leading and trailing Unicode white space (.NET `String.Trim`).
constexpr std::string_view trim_spaces(std::string_view s) noexcept {
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

/// The syntax .NET's `double.TryParse` accepts with AllowLeadingSign | AllowDecimalPoint |
/// AllowExponent (invariant culture), including the infinity and NaN symbols (matched with
/// their case, as GitHub's service does: `'infinity'` is not a number).
constexpr bool is_dotnet_double(std::string_view s, bool* is_nan = nullptr) noexcept {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::string_view rest = s.substr(i);
  if (rest == "Infinity") return true;
  if (rest == "NaN") {
    if (is_nan != nullptr) *is_nan = true;
    return true;
  }
  std::size_t digits = 0;
  for (; i < s.size() && is_digit(s[i]); ++i) ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && is_digit(s[i]); ++i) ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

/// `0x…` / `0o…` as C# reads them (Int32, two's complement like .NET); false when invalid.
constexpr bool parse_radix_int(std::string_view s, std::int32_t& out) noexcept {
  if (s.size() <= 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'o')) return false;
  const unsigned base = s[1] == 'x' ? 16u : 8u;
  std::uint64_t acc = 0;
  for (std::size_t i = 2; i < s.size(); ++i) {
    const char c = s[i];
    unsigned d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = static_cast<unsigned>(c - 'a' + 10);
    } else if (base == 16 && c >= 'A' && c <= 'F') {
      d = static_cast<unsigned>(c - 'A' + 10);
    } else {
      return false;
    }
    if (d >= base) return false;
    acc = acc * base + d;
    if (acc > 0xFFFFFFFFull) return false;
  }
  const auto bits = static_cast<std::uint32_t>(acc);
  out = bits >= 0x80000000u
            ? static_cast<std::int32_t>(static_cast<std::int64_t>(bits) - 0x100000000ll)
            : static_cast<std::int32_t>(bits);
  return true;
}

/// True when C#'s `ParseNumber` gives a number (not NaN) for the untrimmed token text.
constexpr bool is_number_token(std::string_view s) noexcept {
  bool nan = false;
  if (is_dotnet_double(s, &nan)) return !nan;
  std::int32_t v = 0;
  return parse_radix_int(s, v);
}

/// An exact decimal: digits d[0..nd) with the point after `dp` of them (Go's
/// strconv.decimal). Shifting by powers of two keeps it exact up to 800 digits; what is
/// dropped beyond that only matters for ties, and `trunc` records it.
class exact_decimal {
 public:
  /// Reads unsigned digits with an optional point and exponent (syntax checked before).
  constexpr explicit exact_decimal(std::string_view s) noexcept {
    std::size_t i = 0;
    bool dot = false;
    for (; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '.') {
        dot = true;
        dp_ = nd_;
        continue;
      }
      if (!is_digit(c)) break;
      if (c == '0' && nd_ == 0) {
        --dp_;  // leading zeros only move the point
        continue;
      }
      if (nd_ < capacity) {
        d_[nd_++] = static_cast<std::uint8_t>(c - '0');
      } else if (c != '0') {
        trunc_ = true;
      }
    }
    if (!dot) dp_ = nd_;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      int sign = 1;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
      int e = 0;
      for (; i < s.size() && is_digit(s[i]); ++i) {
        if (e < 10000) e = e * 10 + (s[i] - '0');
      }
      dp_ += sign * e;
    }
    trim();
  }

  /// The IEEE double bits of the value (positive), correctly rounded; overflow is infinity
  /// and underflow zero.
  [[nodiscard]] constexpr std::uint64_t bits() noexcept {
    constexpr int mant_bits = 52;
    constexpr int bias = -1023;
    constexpr std::uint64_t inf_bits = std::uint64_t{0x7FF} << mant_bits;
    if (nd_ == 0 || dp_ < -330) return 0;
    if (dp_ > 310) return inf_bits;
    constexpr int powers[] = {1, 3, 6, 9, 13, 16, 19, 23, 26};
    int exp = 0;
    while (dp_ > 0) {  // scale into [0.5, 1)
      const int n = dp_ >= 9 ? 27 : powers[dp_];
      shift(-n);
      exp += n;
    }
    while (dp_ < 0 || (dp_ == 0 && d_[0] < 5)) {
      const int n = -dp_ >= 9 ? 27 : powers[-dp_];
      shift(n);
      exp -= n;
    }
    --exp;  // [0.5, 1) to [1, 2)
    if (exp < bias + 1) {
      const int n = bias + 1 - exp;
      shift(-n);
      exp += n;
    }
    if (exp - bias >= 0x7FF) return inf_bits;
    shift(1 + mant_bits);
    std::uint64_t mant = rounded_integer();
    if (mant == std::uint64_t{2} << mant_bits) {
      mant >>= 1;
      ++exp;
      if (exp - bias >= 0x7FF) return inf_bits;
    }
    if ((mant & (std::uint64_t{1} << mant_bits)) == 0) exp = bias;  // subnormal
    return (mant & ((std::uint64_t{1} << mant_bits) - 1)) |
           (static_cast<std::uint64_t>(exp - bias) << mant_bits);
  }

 private:
  static constexpr int capacity = 800;
  static constexpr int max_shift = 60;

  constexpr void trim() noexcept {
    while (nd_ > 0 && d_[nd_ - 1] == 0) --nd_;
    if (nd_ == 0) dp_ = 0;
  }
  constexpr void shift(int k) noexcept {
    if (nd_ == 0) return;
    for (; k > max_shift; k -= max_shift) left_shift(max_shift);
    for (; k < -max_shift; k += max_shift) right_shift(max_shift);
    if (k > 0) left_shift(k);
    if (k < 0) right_shift(-k);
  }
  // Divides by 2^k (k <= 60).
  constexpr void right_shift(int k) noexcept {
    int r = 0;
    int w = 0;
    std::uint64_t n = 0;
    for (; (n >> k) == 0; ++r) {
      if (r >= nd_) {
        while ((n >> k) == 0) {
          n *= 10;
          ++r;
        }
        break;
      }
      n = n * 10 + d_[r];
    }
    dp_ -= r - 1;
    const std::uint64_t mask = (std::uint64_t{1} << k) - 1;
    for (; r < nd_; ++r) {
      const std::uint64_t c = d_[r];
      d_[w++] = static_cast<std::uint8_t>(n >> k);
      n = (n & mask) * 10 + c;
    }
    while (n > 0) {
      const std::uint64_t digit = n >> k;
      n &= mask;
      if (w < capacity) {
        d_[w++] = static_cast<std::uint8_t>(digit);
      } else if (digit > 0) {
        trunc_ = true;
      }
      n *= 10;
    }
    nd_ = w;
    trim();
  }
  // Multiplies by 2^k (k <= 60): digit * 2^60 plus a carry below 2^61 fits 64 bits.
  constexpr void left_shift(int k) noexcept {
    std::uint8_t rev[capacity + 20] = {};  // new digits, least significant first
    int m = 0;
    std::uint64_t carry = 0;
    for (int r = nd_; r-- > 0;) {
      const std::uint64_t n = (std::uint64_t{d_[r]} << k) + carry;
      rev[m++] = static_cast<std::uint8_t>(n % 10);
      carry = n / 10;
    }
    while (carry > 0) {
      rev[m++] = static_cast<std::uint8_t>(carry % 10);
      carry /= 10;
    }
    dp_ += m - nd_;
    const int keep = m < capacity ? m : capacity;
    for (int i = 0; i < m - keep; ++i) {
      if (rev[i] != 0) trunc_ = true;
    }
    for (int i = 0; i < keep; ++i) d_[i] = rev[m - 1 - i];
    nd_ = keep;
    trim();
  }
  [[nodiscard]] constexpr bool round_up(int at) const noexcept {
    if (at < 0 || at >= nd_) return false;
    if (d_[at] == 5 && at + 1 == nd_) {  // a tie: to even, unless digits were dropped
      if (trunc_) return true;
      return at > 0 && d_[at - 1] % 2 == 1;
    }
    return d_[at] >= 5;
  }
  [[nodiscard]] constexpr std::uint64_t rounded_integer() const noexcept {
    if (dp_ > 20) return ~std::uint64_t{0};
    int i = 0;
    std::uint64_t n = 0;
    for (; i < dp_ && i < nd_; ++i) n = n * 10 + d_[i];
    for (; i < dp_; ++i) n *= 10;
    if (round_up(dp_)) ++n;
    return n;
  }

  std::uint8_t d_[capacity] = {};
  int nd_ = 0;
  int dp_ = 0;
  bool trunc_ = false;
};

/// An unsigned decimal (`5`, `5.`, `.5`, `1e400`) as the nearest double, by the exact
/// reader; usable in constant expressions.
constexpr double read_decimal_exact(std::string_view body) noexcept {
  exact_decimal d(body);
  return std::bit_cast<double>(d.bits());
}

/// read_decimal_exact() by `std::from_chars` (the same results, faster).
inline double read_decimal_fast(std::string_view body) noexcept {
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
  return d;
}

}  // namespace detail

/// C#'s `ExpressionUtility.ParseNumber`: trims (Unicode white space), '' → 0, .NET double
/// syntax (with Infinity/NaN; overflow is Infinity), `0x` hex and `0o` octal Int32;
/// anything else NaN.
constexpr double parse_number(std::string_view text) noexcept {
  const std::string_view s = detail::trim_spaces(text);
  if (s.empty()) return 0.0;
  bool nan = false;
  if (detail::is_dotnet_double(s, &nan)) {
    if (nan) return std::numeric_limits<double>::quiet_NaN();
    const bool negative = s[0] == '-';
    const std::string_view body = s[0] == '+' || s[0] == '-' ? s.substr(1) : s;
    double d = 0.0;
    if (body[0] == 'I') {
      d = std::numeric_limits<double>::infinity();
    } else if (std::is_constant_evaluated()) {
      d = detail::read_decimal_exact(body);
    } else {
      d = detail::read_decimal_fast(body);
    }
    return negative ? -d : d;
  }
  std::int32_t v = 0;
  if (detail::parse_radix_int(s, v)) return static_cast<double>(v);
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace semantics
}  // namespace v0
}  // namespace pipewright
