#include "pipewright/render.hpp"

#include <gtest/gtest.h>

#include <string>

using pipewright::diagnostic;
using pipewright::line_col;
using pipewright::locate;

TEST(Locate, ComputesOneBasedLineAndColumn) {
  const std::string src = "ab\ncd\r\nef";
  EXPECT_EQ(locate(src, 0), (line_col{1, 1}));
  EXPECT_EQ(locate(src, 1), (line_col{1, 2}));
  EXPECT_EQ(locate(src, 3), (line_col{2, 1}));
  EXPECT_EQ(locate(src, 7), (line_col{3, 1}));
  EXPECT_EQ(locate(src, 1000), (line_col{3, 3}));  // clamped to the end
}

TEST(Locate, ColumnsCountCharactersNotBytes) {
  const std::string src = "h\xc3\xa9llo \xf0\x9f\x98\x80x";
  EXPECT_EQ(locate(src, src.find('x')), (line_col{1, 8}));
}

TEST(Render, PrintsLocationCodeSourceLineAndCaret) {
  const std::string src = "jobs:\n  build:\n    runs-on: [oops\n";
  diagnostic d = pipewright::make_error("PW0301", "unterminated flow sequence",
                                        {src.find('['), src.find('[') + 5}, "/jobs/build/runs-on");
  d.notes.push_back("close it with ']'");
  EXPECT_EQ(pipewright::render(d, src, "ci.yml"),
            "ci.yml:3:14: error[PW0301]: unterminated flow sequence\n"
            "  |\n"
            "3 |     runs-on: [oops\n"
            "  |              ^~~~~\n"
            "  = at: /jobs/build/runs-on\n"
            "  = note: close it with ']'\n");
}

TEST(Render, KeepsTabsSoTheCaretLinesUp) {
  const std::string src = "\tx = 1";
  diagnostic d = pipewright::make_error("PW0001", "m", {3, 4});
  EXPECT_EQ(pipewright::render(d, src, "f"),
            "f:1:4: error[PW0001]: m\n  |\n1 | \tx = 1\n  | \t  ^\n");
}

TEST(Render, WithoutASpanPrintsOnlyTheMessage) {
  diagnostic d = pipewright::make_warning("PW0901", "no position");
  EXPECT_EQ(pipewright::render(d, "", "f.yml"), "f.yml: warning[PW0901]: no position\n");
  EXPECT_EQ(pipewright::render(d, "", ""), "<input>: warning[PW0901]: no position\n");
}

TEST(Render, SpanAtTheEndOfTheSource) {
  const std::string src = "[1, 2";
  diagnostic d = pipewright::make_error("PW0102", "unexpected end", {5, 5});
  EXPECT_EQ(pipewright::render(d, src, "x.json"),
            "x.json:1:6: error[PW0102]: unexpected end\n  |\n1 | [1, 2\n  |      ^\n");
}

TEST(Render, OptionsHideSourceAndPath) {
  const std::string src = "abc";
  diagnostic d = pipewright::make_error("PW0101", "m", {1, 2}, "/x");
  pipewright::render_options o;
  o.show_source = false;
  o.show_path = false;
  EXPECT_EQ(pipewright::render(d, src, "f", o), "f:1:2: error[PW0101]: m\n");
}

TEST(Render, RenderAllConcatenates) {
  const std::string src = "ab";
  std::vector<diagnostic> ds{pipewright::make_error("PW0101", "one", {0, 1}),
                             pipewright::make_error("PW0101", "two", {1, 2})};
  const std::string out = pipewright::render_all(ds, src, "f", {false, false});
  EXPECT_EQ(out, "f:1:1: error[PW0101]: one\nf:1:2: error[PW0101]: two\n");
}
