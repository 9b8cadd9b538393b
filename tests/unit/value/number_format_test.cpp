#include "pipewright/value/number_format.hpp"

#include <gtest/gtest.h>

#include <limits>

using pipewright::format_number;
using pipewright::number_style;

namespace {
std::string g15(double d) {
  return format_number(d, number_style::g15);
}
std::string js(double d) {
  return format_number(d, number_style::shortest);
}
}  // namespace

// The G15 column of SEMANTICS.md §1.6 (C#'s ToString("G15")).
TEST(NumberFormat, G15MatchesTheCSharpTable) {
  EXPECT_EQ(g15(0), "0");
  EXPECT_EQ(g15(1.0), "1");
  EXPECT_EQ(g15(1.5), "1.5");
  EXPECT_EQ(g15(-9.2), "-9.2");
  EXPECT_EQ(g15(0.1), "0.1");
  EXPECT_EQ(g15(0.1 + 0.2), "0.3");
  EXPECT_EQ(g15(0.1234567890123456789), "0.123456789012346");
  EXPECT_EQ(g15(1.23456789012345678), "1.23456789012346");
  EXPECT_EQ(g15(123456789012345.0), "123456789012345");
  EXPECT_EQ(g15(1234567890123456.0), "1.23456789012346E+15");
  EXPECT_EQ(g15(1e15), "1E+15");
  EXPECT_EQ(g15(999999999999999.9), "1E+15");
  EXPECT_EQ(g15(12345678901234567890.0), "1.23456789012346E+19");
  EXPECT_EQ(g15(1e21), "1E+21");
  EXPECT_EQ(g15(0.0001), "0.0001");
  EXPECT_EQ(g15(1e-5), "1E-05");
  EXPECT_EQ(g15(1e-6), "1E-06");
  EXPECT_EQ(g15(1e-7), "1E-07");
  EXPECT_EQ(g15(1e-15), "1E-15");
  EXPECT_EQ(g15(1e-16), "1E-16");
  EXPECT_EQ(g15(5e-324), "4.94065645841247E-324");
  EXPECT_EQ(g15(1.7976931348623157e308), "1.79769313486232E+308");
}

TEST(NumberFormat, NonFiniteAndNegativeZero) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(g15(inf), "Infinity");
  EXPECT_EQ(g15(-inf), "-Infinity");
  EXPECT_EQ(g15(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(js(inf), "Infinity");
  EXPECT_EQ(g15(-0.0), "0");
  EXPECT_EQ(js(-0.0), "0");
}

// ECMAScript Number::toString, which toJSON uses.
TEST(NumberFormat, ShortestMatchesJavaScript) {
  EXPECT_EQ(js(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(js(1e21), "1e+21");
  EXPECT_EQ(js(-1e21), "-1e+21");
  EXPECT_EQ(js(1e20), "100000000000000000000");
  EXPECT_EQ(js(123456789012345678.0), "123456789012345680");
  EXPECT_EQ(js(9007199254740993.0), "9007199254740992");
  EXPECT_EQ(js(0.000001), "0.000001");
  EXPECT_EQ(js(1e-7), "1e-7");
  EXPECT_EQ(js(2.5e-5), "0.000025");
  EXPECT_EQ(js(1e15), "1000000000000000");
  EXPECT_EQ(js(1234.5), "1234.5");
  EXPECT_EQ(js(-123456789), "-123456789");
  EXPECT_EQ(js(1e300), "1e+300");
  EXPECT_EQ(js(5e-324), "5e-324");
  EXPECT_EQ(js(1.5e-10), "1.5e-10");
  EXPECT_EQ(js(0.1234567890123456789), "0.12345678901234568");
}

TEST(NumberFormat, BufferVersionDoesNotNeedAllocation) {
  char buf[pipewright::number_buffer_size];
  const std::size_t n = format_number(-1.7976931348623157e308, buf, number_style::shortest);
  EXPECT_EQ(std::string(buf, n), "-1.7976931348623157e+308");
  EXPECT_LT(n, sizeof buf);
}
