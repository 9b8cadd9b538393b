// The JSON loader keeps where each value is, so a JSON workflow's problems have a line and
// a column like a YAML one's (the engine's default loader; no YAML adapter needed).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pipewright/engine/engine.hpp"
#include "pipewright/render.hpp"

using namespace pipewright;

namespace {

// Line 5 holds an unknown job key, line 9 a `needs` naming no job.
const char* const json_workflow_with_problems = R"j({
  "on": "push",
  "jobs": {
    "build": {
      "runs-on": "ubuntu-latest", "colour": "blue",
      "steps": [{"run": "make"}]
    },
    "test": {
      "needs": "buidl",
      "runs-on": "ubuntu-latest",
      "steps": [{"run": "make test"}]
    }
  }
})j";

}  // namespace

TEST(JsonLoader, AJsonWorkflowsProblemsHaveLineAndColumn) {
  const engine::github_engine e;
  const engine::loaded_workflow w = e.load(json_workflow_with_problems);
  bool unknown_key = false;
  bool unknown_need = false;
  for (const diagnostic& d : w.diagnostics) {
    ASSERT_TRUE(d.span.known()) << d.code << " " << d.message;
    const line_col at_line = locate(json_workflow_with_problems, d.span.begin);
    const std::string_view at = std::string_view(json_workflow_with_problems)
                                    .substr(d.span.begin, d.span.end - d.span.begin);
    if (d.message.find("colour") != std::string::npos) {
      unknown_key = true;
      EXPECT_EQ(at_line.line, 5U);
      EXPECT_EQ(at, "\"colour\"");
      EXPECT_EQ(at_line.column, 35U);
    }
    if (d.message.find("buidl") != std::string::npos) {
      unknown_need = true;
      EXPECT_EQ(at_line.line, 9U);
      EXPECT_EQ(at, "\"buidl\"");
    }
  }
  EXPECT_TRUE(unknown_key);
  EXPECT_TRUE(unknown_need);
}
