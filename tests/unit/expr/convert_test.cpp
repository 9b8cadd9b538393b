#include "pipewright/expr/convert.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pe = pipewright::expr;
using pipewright::value;

TEST(ExprConvert, ParseNumberFollowsCSharp) {
  EXPECT_EQ(pe::parse_number(""), 0.0);
  EXPECT_EQ(pe::parse_number(" 42 "), 42.0);
  EXPECT_EQ(pe::parse_number("\t5\n"), 5.0);
  EXPECT_EQ(pe::parse_number("0x10"), 16.0);
  EXPECT_EQ(pe::parse_number("0o7"), 7.0);
  EXPECT_EQ(pe::parse_number("5."), 5.0);
  EXPECT_EQ(pe::parse_number(".5"), 0.5);
  EXPECT_TRUE(std::isinf(pe::parse_number("1e400")));
  EXPECT_TRUE(std::isnan(pe::parse_number("0X1F")));
  EXPECT_TRUE(std::isnan(pe::parse_number("1,000")));
  EXPECT_TRUE(std::isnan(pe::parse_number("infinity")));
}

TEST(ExprConvert, TruthinessOfEveryKind) {
  EXPECT_FALSE(pe::truthy(value()));
  EXPECT_FALSE(pe::truthy(value(std::nan(""))));
  EXPECT_TRUE(pe::truthy(value("0")));
  EXPECT_TRUE(pe::truthy(value::make_array()));
}

TEST(ExprConvert, StringFalseNeverEqualsBooleanFalse) {
  EXPECT_FALSE(pe::loose_equals(value(false), value("false")));
  EXPECT_TRUE(pe::loose_equals(value(), value("")));
  const value a = value::make_array();
  EXPECT_TRUE(pe::loose_equals(a, a));
  EXPECT_FALSE(pe::loose_equals(a, value::make_array()));
}
