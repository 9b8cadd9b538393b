// The YAML adapter as the engine's loader policy: diagnostics get their line and column.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "pipewright/engine/engine.hpp"
#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

struct yaml_policies : pipewright::engine::github_policies {
  using loader = pipewright::yaml::document_loader;
};

}  // namespace

TEST(YamlEngineLoader, LoadsYamlWithSpansThroughTheEngine) {
  static_assert(pipewright::engine::document_loader<pipewright::yaml::document_loader>);
  pipewright::engine::basic_engine<yaml_policies> e;
  const std::string text =
      "on: push\n"
      "jobs:\n"
      "  lint:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - run: make lint\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    needs: tset\n"
      "    steps:\n"
      "      - run: make\n";
  const pipewright::engine::loaded_workflow w = e.load(text);
  ASSERT_FALSE(w.ok());
  const auto unknown =
      std::find_if(w.diagnostics.begin(), w.diagnostics.end(),
                   [](const pipewright::diagnostic& x) { return x.code == "PW0701"; });
  ASSERT_NE(unknown, w.diagnostics.end());
  const pipewright::diagnostic& d = *unknown;
  ASSERT_TRUE(d.span.known());
  const pipewright::line_col at = pipewright::locate(text, d.span.begin);
  EXPECT_EQ(at.line, 9U);  // the `needs: tset` line
  // A valid file plans as the YAML adapter's own loader does.
  const pipewright::engine::loaded_workflow ok =
      e.load("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n");
  ASSERT_TRUE(ok.ok());
  auto p = e.plan(ok.workflow);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->runs);
}
