#include "pipewright/semantics/number.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <string_view>

namespace ps = pipewright::semantics;

namespace {

// The same bits, or both NaN.
bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

}  // namespace

static_assert(ps::parse_number("0x10") == 16);
static_assert(ps::parse_number("0o17") == 15);
static_assert(ps::parse_number(" 1 ") == 1);
static_assert(ps::parse_number("\t2") == 2);
static_assert(ps::parse_number("") == 0);
static_assert(ps::parse_number("\xE3\x80\x80 3.5\xC2\xA0") == 3.5);  // U+3000, U+00A0
static_assert(ps::parse_number("1e400") == std::numeric_limits<double>::infinity());
static_assert(ps::parse_number("-1e400") == -std::numeric_limits<double>::infinity());
static_assert(ps::parse_number("-Infinity") == -std::numeric_limits<double>::infinity());
static_assert(ps::parse_number("1e-400") == 0);
static_assert(ps::parse_number("0.1") == 0.1);
static_assert(ps::parse_number("1e308") == 1e308);
static_assert(ps::parse_number("5.") == 5 && ps::parse_number(".5") == 0.5);
static_assert(ps::parse_number("4.9e-324") == 4.9e-324);
static_assert(ps::parse_number("2.2250738585072011e-308") == 2.2250738585072011e-308);
static_assert(ps::parse_number("0xFFFFFFFF") == -1);
static_assert(ps::parse_number("NaN") != ps::parse_number("NaN"));
static_assert(ps::parse_number("infinity") != ps::parse_number("infinity"));
static_assert(ps::parse_number("0X10") != ps::parse_number("0X10"));

TEST(SemanticsNumber, ExactReaderAgreesWithFromCharsOnEdgeCases) {
  for (std::string_view s : {"0",
                             "0.0",
                             "1",
                             "5.",
                             ".5",
                             "0.1",
                             "0.3",
                             "1e23",
                             "8.589973e9",
                             "9007199254740993",
                             "9007199254740992.5",
                             "1.7976931348623157e308",
                             "1.7976931348623158e308",
                             "1.7976931348623159e308",
                             "2.2250738585072011e-308",
                             "2.2250738585072012e-308",
                             "4.9e-324",
                             "2.4703282292062327e-324",
                             "2.4703282292062328e-324",
                             "1e-320",
                             "1e400",
                             "1e-400",
                             "123456789012345678901234567890e-30",
                             "0.000000000000000000000000000001e30",
                             "1e308",
                             "16",
                             "00000000000000000000000000000001",
                             "1.00000000000000011102230246251565404236316680908203125",
                             "1.00000000000000011102230246251565404236316680908203124",
                             "1.00000000000000011102230246251565404236316680908203126"}) {
    EXPECT_TRUE(same(ps::detail::read_decimal_exact(s), ps::detail::read_decimal_fast(s))) << s;
  }
}

TEST(SemanticsNumber, ExactReaderAgreesWithFromCharsOnRandomDecimals) {
  std::mt19937_64 rng(20261201);
  char buf[64];
  for (int n = 0; n < 20000; ++n) {
    const std::uint64_t bits = rng();
    const double d = std::abs(std::bit_cast<double>(bits));
    if (!std::isfinite(d)) continue;
    const int precision = static_cast<int>(rng() % 20) + 1;
    const int len = std::snprintf(buf, sizeof buf, "%.*e", precision, d);
    const std::string_view s(buf, static_cast<std::size_t>(len));
    EXPECT_TRUE(same(ps::detail::read_decimal_exact(s), ps::detail::read_decimal_fast(s))) << s;
  }
  for (int n = 0; n < 5000; ++n) {
    std::string s = std::to_string(rng() % 1000000000);
    s += '.';
    s += std::to_string(rng());
    s += 'e';
    s += std::to_string(static_cast<int>(rng() % 700) - 350);
    EXPECT_TRUE(same(ps::detail::read_decimal_exact(s), ps::detail::read_decimal_fast(s))) << s;
  }
}
