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

TEST(LineIndex, AgreesWithLocateAtEveryOffset) {
  const std::string src = "ab\r\n\n\xc3\xa9x\ty\nlast";
  const pipewright::line_index index(src);
  EXPECT_EQ(index.lines(), 4u);
  for (std::size_t i = 0; i <= src.size() + 2; ++i) {
    EXPECT_EQ(index.locate(i), locate(src, i)) << "offset " << i;
  }
  EXPECT_EQ(index.line(1), "ab");
  EXPECT_EQ(index.line(2), "");
  EXPECT_EQ(index.line(3), "\xc3\xa9x\ty");
  EXPECT_EQ(index.line(4), "last");
  EXPECT_EQ(index.line(5), "");
  EXPECT_EQ(index.line_begin(3), 5u);
  EXPECT_EQ(pipewright::line_index("").locate(0), (line_col{1, 1}));
  EXPECT_EQ(pipewright::line_index().locate(3), (line_col{1, 1}));
}

TEST(Render, ColourMarksLocationSeverityAndCaret) {
  const std::string src = "x: [1\n";
  diagnostic d = pipewright::make_warning("PW0301", "m", {3, 4});
  pipewright::render_options o;
  o.color = true;
  EXPECT_EQ(pipewright::render(d, src, "f", o),
            "\033[1mf:1:4: \033[0m\033[1;33mwarning[PW0301]:\033[0m\033[1m m\033[0m\n"
            "  |\n1 | x: [1\n  |    \033[1;33m^\033[0m\n");
  o.color = false;
  EXPECT_EQ(pipewright::render(d, src, "f", o),
            "f:1:4: warning[PW0301]: m\n  |\n1 | x: [1\n  |    ^\n");
}

TEST(LineIndex, AByteOrderMarkTakesNoColumn) {
  const std::string src = "\xEF\xBB\xBFon: push\nx: 1\n";
  const pipewright::line_index index(src);
  EXPECT_EQ(index.locate(3), (line_col{1, 1}));
  EXPECT_EQ(index.locate(7), (line_col{1, 5}));
  EXPECT_EQ(locate(src, 7), (line_col{1, 5}));
  EXPECT_EQ(index.locate(0), (line_col{1, 1}));
  diagnostic d = pipewright::make_error("PW0401", "m", {7, 11});
  EXPECT_EQ(pipewright::render(d, src, "f"),
            "f:1:5: error[PW0401]: m\n  |\n1 | \xEF\xBB\xBFon: push\n  |     ^~~~\n");
}
