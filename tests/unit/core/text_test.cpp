#include "pipewright/detail/text.hpp"

#include <gtest/gtest.h>

namespace d = pipewright::detail;

TEST(Text, DecodesUtf8AndMarksInvalidBytes) {
  const std::string s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff";
  std::size_t i = 0;
  EXPECT_EQ(d::decode_utf8(s, i), 0x61u);
  EXPECT_EQ(d::decode_utf8(s, i), 0xE9u);
  EXPECT_EQ(d::decode_utf8(s, i), 0x20ACu);
  EXPECT_EQ(d::decode_utf8(s, i), 0x1F600u);
  EXPECT_EQ(d::decode_utf8(s, i), 0x110000u + 0xFF);
  EXPECT_EQ(i, s.size());
  // Overlong encodings and truncated sequences are invalid.
  const std::string bad = "\xc0\xaf\xe2\x82";
  i = 0;
  EXPECT_GE(d::decode_utf8(bad, i), 0x110000u);
  EXPECT_EQ(i, 1u);
}

TEST(Text, SimpleUpperCaseIsOneToOne) {
  EXPECT_EQ(d::simple_upper('a'), static_cast<std::uint32_t>('A'));
  EXPECT_EQ(d::simple_upper(0xE9), 0xC9u);    // é
  EXPECT_EQ(d::simple_upper(0xDF), 0xDFu);    // ß has no one-to-one upper case
  EXPECT_EQ(d::simple_upper(0x3B1), 0x391u);  // α
  EXPECT_EQ(d::simple_upper(0x44F), 0x42Fu);  // я
  EXPECT_EQ(d::simple_upper(0x131), 0x131u);  // dotless ı stays (ordinal comparison)
  EXPECT_EQ(d::simple_upper(0x101), 0x100u);  // ā, a stride-2 run
  EXPECT_EQ(d::simple_upper(0x100), 0x100u);
}

TEST(Text, IEqualsIgnoresCase) {
  EXPECT_TRUE(d::iequals("abc", "ABC"));
  EXPECT_TRUE(d::iequals("\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89"));
  EXPECT_FALSE(
      d::iequals("stra\xc3\x9f"
                 "e",
                 "STRASSE"));
  EXPECT_FALSE(d::iequals("\xc4\xb1", "I"));
  EXPECT_FALSE(d::iequals("ab", "abc"));
  EXPECT_TRUE(d::iequals("", ""));
}

TEST(Text, IEqualsOfTwoLengthsNeedsNonAsciiOnBothSides) {
  // No code point outside ASCII upper-cases into it: an ASCII string equals only an ASCII
  // string of its length, which lets iequals() end a miss of two lengths at once.
  for (std::uint32_t cp = 0x80; cp < 0x110000; ++cp) {
    ASSERT_GE(d::simple_upper(cp), 0x80u) << cp;
  }
  EXPECT_FALSE(d::iequals("k", "\xe2\x84\xaa"));  // the Kelvin sign stays itself
  EXPECT_FALSE(d::iequals("\xe2\x84\xaa", "K"));
  EXPECT_TRUE(d::is_ascii("build-Job_1"));
  EXPECT_FALSE(d::is_ascii("build-\xc3\xa9t\xc3\xa9"));
  // Two non-ASCII strings of different lengths still compare by code points: U+2C65 (three
  // bytes) upper-cases to U+023A (two).
  EXPECT_TRUE(d::iequals("\xc8\xba", "\xe2\xb1\xa5"));
  EXPECT_TRUE(d::iequals("x\xc8\xba", "X\xe2\xb1\xa5"));
}

TEST(Text, ICompareSortsUpperCasedCodeUnits) {
  EXPECT_EQ(d::icompare("abc", "ABC"), 0);
  EXPECT_LT(d::icompare("a", "b"), 0);
  EXPECT_GT(d::icompare("_", "a"), 0);  // '_' (0x5F) sorts after 'A' (0x41)
  EXPECT_LT(d::icompare("ab", "abc"), 0);
  // A supplementary character sorts as its surrogate, below U+E000..U+FFFF.
  EXPECT_LT(d::icompare("\xf0\x9f\x98\x80", "\xef\xbc\xa1"), 0);
}

TEST(Text, IHashAgreesWithIEquals) {
  EXPECT_EQ(d::ihash("Build-Job"), d::ihash("BUILD-job"));
  EXPECT_EQ(d::ihash("\xc3\xa9"), d::ihash("\xc3\x89"));
  EXPECT_NE(d::ihash("a"), d::ihash("b"));
}

TEST(Text, ToUpperKeepsInvalidBytes) {
  EXPECT_EQ(d::to_upper("a\xc3\xa9z\xff"), "A\xc3\x89Z\xff");
}

TEST(Text, IHashFoldsAsciiCaseInEveryPosition) {
  const std::string lower = "abcdefghijklmnopqrstuvwxyz-_0123456789";
  const std::string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_0123456789";
  for (std::size_t n = 0; n <= lower.size(); ++n) {
    EXPECT_EQ(d::ihash(lower.substr(0, n)), d::ihash(upper.substr(0, n))) << n;
  }
  // Characters next to the letter range must not fold: '@' (0x40), '[' (0x5B), '`' (0x60),
  // '{' (0x7B).
  EXPECT_NE(d::ihash("`"), d::ihash("@"));
  EXPECT_NE(d::ihash("{"), d::ihash("["));
  EXPECT_NE(d::ihash("ab"), d::ihash("ba"));
  EXPECT_NE(d::ihash("a"), d::ihash("a\\0"));
}
