// Dynamic matrices: expressions inside strategy.matrix (matrix/dynamic.hpp).
#include <gtest/gtest.h>

#include <string>

#include "pipewright/matrix/dynamic.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"

namespace json = pipewright::json;
namespace matrix = pipewright::matrix;
using pipewright::value;

namespace {

value parse(const char* text) {
  auto v = json::parse(text);
  EXPECT_TRUE(v.ok());
  return v ? *v : value();
}

const value& contexts() {
  static const value c = parse(R"({
    "github": {"ref": "refs/heads/main", "event_name": "push"},
    "inputs": {"oses": "[\"ubuntu-latest\",\"macos-latest\"]", "n": 3},
    "vars": {"MATRIX": "{\"py\": [\"3.11\", \"3.12\"], \"include\": [{\"py\": \"3.13\"}]}"},
    "needs": {}
  })");
  return c;
}

}  // namespace

TEST(DynamicMatrix, WholeMatrixFromVars) {
  const auto r = matrix::resolve(value("${{ fromJSON(vars.MATRIX) }}"), contexts());
  ASSERT_TRUE(r.known());
  auto legs = matrix::expand(r.matrix, {});
  ASSERT_TRUE(legs.ok());
  ASSERT_EQ(legs->size(), 3U);
  EXPECT_EQ((*legs)[2].name, "job (3.13)");
}

TEST(DynamicMatrix, VectorIncludeAndExcludeAsExpressions) {
  const value written = parse(R"({
    "os": "${{ fromJSON(inputs.oses) }}",
    "n": ["${{ inputs.n }}", 4],
    "exclude": "${{ fromJSON('[{\"os\": \"macos-latest\", \"n\": 4}]') }}",
    "include": [{"os": "ubuntu-latest", "label": "ref-${{ github.ref }}"}]
  })");
  const auto r = matrix::resolve(written, contexts());
  ASSERT_TRUE(r.known()) << (r.diagnostics.empty() ? "" : r.diagnostics.front().message);
  // The number keeps its type; the embedded expression yields a string.
  EXPECT_TRUE(r.matrix["n"][0].is_number());
  EXPECT_EQ(r.matrix["include"][0]["label"].as_string(), "ref-refs/heads/main");
  auto legs = matrix::expand(r.matrix, {});
  ASSERT_TRUE(legs.ok());
  ASSERT_EQ(legs->size(), 3U);  // 2 os × 2 n, minus macos/4
  EXPECT_EQ((*legs)[0].name, "job (ubuntu-latest, 3)");
  // The original is untouched.
  EXPECT_TRUE(written["os"].is_string());
}

TEST(DynamicMatrix, ReadingNeedsIsPendingWithItsDependencies) {
  const auto r = matrix::resolve(
      value("${{ fromJSON(needs.setup.outputs.matrix || needs['other-job'].outputs.m) }}"),
      contexts(), {"/jobs/build/strategy/matrix", false});
  EXPECT_FALSE(r.known());
  ASSERT_TRUE(r.pending.has_value());
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(r.pending->path, "/jobs/build/strategy/matrix");
  ASSERT_EQ(r.pending->needs.size(), 2U);
  EXPECT_EQ(r.pending->needs[0], "setup");
  EXPECT_EQ(r.pending->needs[1], "other-job");
  ASSERT_EQ(r.pending->contexts.size(), 1U);
  EXPECT_EQ(r.pending->contexts[0], "needs");
  EXPECT_EQ(r.pending->reason,
            "it reads the outputs of job 'setup' and job 'other-job', known only when they "
            "finish");
}

TEST(DynamicMatrix, PendingVectorNamesItsPath) {
  const value written = parse(R"({"os": ["a"], "py": "${{ fromJSON(needs.s.outputs.py) }}"})");
  const auto r = matrix::resolve(written, contexts(), {"/m", false});
  ASSERT_TRUE(r.pending.has_value());
  EXPECT_EQ(r.pending->path, "/m/py");
  EXPECT_EQ(r.pending->needs, std::vector<std::string>{"s"});
  EXPECT_EQ(r.pending->reason, "it reads the outputs of job 's', known only when it finishes");
}

TEST(DynamicMatrix, ComputedNeedsIndexIsListedAsStar) {
  const auto r = matrix::resolve(value("${{ fromJSON(needs[inputs.n].outputs.m) }}"), contexts());
  ASSERT_TRUE(r.pending.has_value());
  EXPECT_EQ(r.pending->needs, std::vector<std::string>{"*"});
}

TEST(DynamicMatrix, KnownNeedsAreEvaluated) {
  const value c = parse(R"({"needs": {"setup": {"result": "success",
      "outputs": {"matrix": "{\"v\": [1, 2]}"}}}})");
  matrix::resolve_options o;
  o.needs_known = true;
  const auto r = matrix::resolve(value("${{ fromJSON(needs.setup.outputs.matrix) }}"), c, o);
  ASSERT_TRUE(r.known());
  auto legs = matrix::expand(r.matrix, {});
  ASSERT_TRUE(legs.ok());
  EXPECT_EQ(legs->size(), 2U);
}

TEST(DynamicMatrix, ErrorsAreDiagnostics) {
  // Not a mapping.
  auto r = matrix::resolve(value("${{ fromJSON('[1, 2]') }}"), contexts(), {"/m", false});
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "PW0601");
  EXPECT_EQ(r.diagnostics[0].path, "/m");
  EXPECT_FALSE(r.known());
  // Evaluation fails: invalid JSON.
  r = matrix::resolve(parse(R"({"os": "${{ fromJSON('nope') }}"})"), contexts(), {"/m", false});
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "PW0213");
  EXPECT_EQ(r.diagnostics[0].path, "/m/os");
  // A context the matrix may not read.
  r = matrix::resolve(parse(R"({"os": "${{ env.OS }}"})"), contexts(), {"/m", false});
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "PW0203");
  // Syntax error.
  r = matrix::resolve(value("${{ fromJSON( }}"), contexts());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_FALSE(r.pending.has_value());
}

TEST(DynamicMatrix, ValidatesAfterEvaluation) {
  // An expression yielding an empty vector is caught by the matrix rules afterwards.
  const auto r = matrix::resolve(parse(R"({"os": "${{ fromJSON('[]') }}"})"), contexts());
  ASSERT_TRUE(r.known());
  auto legs = matrix::expand(r.matrix, {});
  ASSERT_FALSE(legs.ok());
  EXPECT_EQ(legs.diagnostics()[0].code, "PW0603");
}

TEST(DynamicMatrix, MissingInputsOfAReusableWorkflowArePending) {
  const value written = parse(R"({"cfg": "${{ fromJSON(inputs.test-matrix) }}", "n": [1]})");
  matrix::resolve_options o;
  o.path = "/m";
  o.inputs_known = false;  // planning a workflow_call workflow without its caller
  auto r = matrix::resolve(written, contexts(), o);
  ASSERT_TRUE(r.pending.has_value());
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(r.pending->inputs, std::vector<std::string>{"test-matrix"});
  EXPECT_TRUE(r.pending->needs.empty());
  EXPECT_EQ(r.pending->reason, "it reads input 'test-matrix', which this event does not supply");
  // An input the event does supply is evaluated.
  r = matrix::resolve(parse(R"({"os": "${{ fromJSON(inputs.oses) }}"})"), contexts(), o);
  EXPECT_TRUE(r.known());
  // For other events an absent input is null, as on GitHub: fromJSON('') fails.
  o.inputs_known = true;
  r = matrix::resolve(written, contexts(), o);
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, "PW0213");
}
