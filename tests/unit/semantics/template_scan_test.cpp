#include "pipewright/semantics/template_scan.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string_view>
#include <vector>

namespace pst = pipewright::semantics;

// The scanner runs during constant evaluation too (static_ uses it there).
static_assert(pst::is_whole_expression("${{ matrix.os }}"));
static_assert(!pst::is_whole_expression(" ${{ matrix.os }}"));
static_assert(pst::contains_expression("a ${{ b"));
static_assert(!pst::contains_expression("a $ {{ b }}"));
static_assert(pst::next_expression("x ${{ '}}' }} y").close == 11);
static_assert(!pst::next_expression("${{ 'a }}").closed());

namespace {

// The (open, end) pairs of every closed expression of `text`, and the open of an unclosed one.
struct scanned {
  std::vector<std::pair<std::size_t, std::size_t>> closed;
  std::size_t unclosed = std::string_view::npos;
};

scanned scan_all(std::string_view text) {
  scanned r;
  std::size_t i = 0;
  while (true) {
    const pst::expression_span s = pst::next_expression(text, i);
    if (!s.found()) break;
    if (!s.closed()) {
      r.unclosed = s.open;
      break;
    }
    r.closed.emplace_back(s.open, s.end());
    i = s.end();
  }
  return r;
}

}  // namespace

TEST(SemanticsTemplateScan, FindsNothingInPlainText) {
  const pst::expression_span s = pst::next_expression("echo {{ hi }} $ {{");
  EXPECT_FALSE(s.found());
  EXPECT_FALSE(pst::contains_expression("echo {{ hi }} $ {{"));
  EXPECT_FALSE(pst::contains_expression(""));
  EXPECT_FALSE(pst::contains_expression("${"));
}

TEST(SemanticsTemplateScan, BodyIsBetweenTheBracesUntrimmed) {
  constexpr std::string_view text = "run ${{  github.ref }} now";
  const pst::expression_span s = pst::next_expression(text);
  ASSERT_TRUE(s.closed());
  EXPECT_EQ(s.open, 4u);
  EXPECT_EQ(s.body_begin(), 7u);
  EXPECT_EQ(s.body(text), "  github.ref ");
  EXPECT_EQ(text.substr(s.end()), " now");
}

TEST(SemanticsTemplateScan, FindsSeveralExpressionsInOrder) {
  const scanned r = scan_all("${{ a }}-${{ b }}${{c}}");
  ASSERT_EQ(r.closed.size(), 3u);
  EXPECT_EQ(r.closed[0], (std::pair<std::size_t, std::size_t>{0, 8}));
  EXPECT_EQ(r.closed[1], (std::pair<std::size_t, std::size_t>{9, 17}));
  EXPECT_EQ(r.closed[2], (std::pair<std::size_t, std::size_t>{17, 23}));
  EXPECT_EQ(r.unclosed, std::string_view::npos);
}

TEST(SemanticsTemplateScan, AnUnterminatedOpenIsReportedAtItsDollar) {
  const scanned r = scan_all("${{ a }} then ${{ b } }");
  ASSERT_EQ(r.closed.size(), 1u);
  EXPECT_EQ(r.unclosed, 14u);
  EXPECT_FALSE(pst::next_expression("${{").closed());
  EXPECT_TRUE(pst::next_expression("${{").found());
  EXPECT_TRUE(pst::contains_expression("${{"));
  EXPECT_FALSE(pst::is_whole_expression("${{ a }"));
}

TEST(SemanticsTemplateScan, ClosingBracesInsideAStringDoNotClose) {
  constexpr std::string_view text = "${{ format('{0}}}', 'x') }}";
  const pst::expression_span s = pst::next_expression(text);
  ASSERT_TRUE(s.closed());
  EXPECT_EQ(s.end(), text.size());
  EXPECT_TRUE(pst::is_whole_expression(text));
  // A doubled quote closes and reopens the string: still inside it.
  EXPECT_EQ(pst::next_expression("${{ 'it''s }}' }}").body("${{ 'it''s }}' }}"), " 'it''s }}' ");
  // An unclosed string swallows the rest: the expression is unterminated.
  EXPECT_FALSE(pst::next_expression("${{ 'abc }} x").closed());
}

TEST(SemanticsTemplateScan, ThreeBracesCloseAtTheFirstPair) {
  constexpr std::string_view text = "${{ a }}}";
  const pst::expression_span s = pst::next_expression(text);
  ASSERT_TRUE(s.closed());
  EXPECT_EQ(s.close, 6u);
  EXPECT_FALSE(pst::is_whole_expression(text));
}

TEST(SemanticsTemplateScan, WholeMeansOneExpressionAndNothingElse) {
  EXPECT_TRUE(pst::is_whole_expression("${{}}"));
  EXPECT_TRUE(pst::is_whole_expression("${{ a && b }}"));
  EXPECT_FALSE(pst::is_whole_expression("${{ a }} "));
  EXPECT_FALSE(pst::is_whole_expression("x${{ a }}"));
  EXPECT_FALSE(pst::is_whole_expression("${{ a }} && ${{ b }}"));
  EXPECT_FALSE(pst::is_whole_expression(""));
  EXPECT_FALSE(pst::is_whole_expression("a"));
}

TEST(SemanticsTemplateScan, WhitespaceInsideTheBracesBelongsToTheBody) {
  constexpr std::string_view text = "${{\t\n x \n}}";
  const pst::expression_span s = pst::next_expression(text);
  ASSERT_TRUE(s.closed());
  EXPECT_EQ(s.body(text), "\t\n x \n");
  EXPECT_TRUE(pst::is_whole_expression(text));
  // `$ {{` and `${ {` are not openings.
  EXPECT_FALSE(pst::contains_expression("$ {{ x }} ${ { y }}"));
}

TEST(SemanticsTemplateScan, ScanningResumesAfterFrom) {
  constexpr std::string_view text = "${{ a }} ${{ b }}";
  EXPECT_EQ(pst::next_expression(text, 1).open, 9u);
  EXPECT_FALSE(pst::next_expression(text, 10).found());
  EXPECT_FALSE(pst::next_expression(text, 100).found());
}
