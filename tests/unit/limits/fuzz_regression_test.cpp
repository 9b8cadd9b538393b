// Regression tests for the inputs the fuzz targets (tests/fuzz) found; each input is also
// kept in the target's seed corpus (tests/fuzz/corpus/<target>/regress-*).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace pw = pipewright;

namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(PIPEWRIGHT_TEST_DATA_DIR) + "/limits/fuzz/" + name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// fuzz_workflow: a YAML error at the very end of the text (an unclosed quote) had the span
// [size, size + 1), one byte past the text.
TEST(FuzzRegression, YamlErrorAtTheEndOfTheTextHasASpanInsideIt) {
  const std::string text = read_data("workflow-yaml-error-span-at-end.yml");
  ASSERT_EQ(text.size(), 156u);
  const auto r = pw::yaml::load_workflow_report(text);
  ASSERT_FALSE(r.ok());
  for (const pw::diagnostic& d : r.diagnostics) {
    ASSERT_TRUE(d.span.known());
    EXPECT_LE(d.span.begin, d.span.end);
    EXPECT_LE(d.span.end, text.size()) << d.code << " " << d.message;
  }
  EXPECT_FALSE(pw::render_all(r.diagnostics, text, "w.yml").empty());
}
