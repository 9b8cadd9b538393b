#include "pipewright/expr/lexer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pe = pipewright::expr;

namespace {
constexpr bool lexes(std::string_view text) {
  pe::lexer l(text);
  for (;;) {
    const pe::token t = l.next();
    if (t.kind == pe::token_kind::end) return true;
    if (t.kind == pe::token_kind::error) return false;
  }
}
std::vector<pe::token_kind> kinds(std::string_view text) {
  std::vector<pe::token_kind> out;
  pe::lexer l(text);
  for (;;) {
    const pe::token t = l.next();
    out.push_back(t.kind);
    if (t.kind == pe::token_kind::end || t.kind == pe::token_kind::error) return out;
  }
}
}  // namespace

static_assert(lexes("github.event.pull_request.draft == false"));
static_assert(!lexes("a = b"));
static_assert(!lexes("'unterminated"));

TEST(ExprLexer, NumbersFollowCSharpParseNumber) {
  for (const char* ok : {"711", "-9.2", "-2.99e-2", "1E3", ".5", "-.5", "5.", "+5", "007", "0xff",
                         "0o17", "-Infinity", "0x80000000"}) {
    EXPECT_TRUE(lexes(ok)) << ok;
  }
  for (const char* bad : {"0XFF", "0b101", "-0xff", "-NaN", "1.2.3", "1_000", "1e", "0x", "0x1.5",
                          "0x100000000", "- 5"}) {
    EXPECT_FALSE(lexes(bad)) << bad;
  }
}

TEST(ExprLexer, DotStartsANumberOnlyAfterAnOperatorOrOpening) {
  using k = pe::token_kind;
  EXPECT_EQ(kinds("a.b"), (std::vector<k>{k::identifier, k::dot, k::identifier, k::end}));
  EXPECT_EQ(kinds("(.5)"), (std::vector<k>{k::lparen, k::number, k::rparen, k::end}));
  EXPECT_EQ(kinds("a.*"), (std::vector<k>{k::identifier, k::dot, k::star, k::end}));
}

TEST(ExprLexer, KeywordsAreCaseSensitiveAndPlainAfterADot) {
  using k = pe::token_kind;
  EXPECT_EQ(kinds("TRUE"), (std::vector<k>{k::identifier, k::end}));
  EXPECT_EQ(kinds("true"), (std::vector<k>{k::kw_true, k::end}));
  EXPECT_EQ(kinds("x.true"), (std::vector<k>{k::identifier, k::dot, k::identifier, k::end}));
}

TEST(ExprLexer, StringsEscapeEveryDoubledQuote) {
  std::string s;
  pe::unescape_string("'a''b''c'", [&s](char c) { s.push_back(c); });
  EXPECT_EQ(s, "a'b'c");
}

TEST(ExprLexer, NonAsciiWhitespaceIsAnError) {
  EXPECT_FALSE(
      lexes("\xe3\x80\x80"
            "1"));
}
