// Tests of include/pipewright/model/read.hpp (through the YAML glue).
#include "pipewright/model/read.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace pw = pipewright;
namespace model = pipewright::model;

namespace {

model::read_report load(std::string_view text) {
  return pw::yaml::load_workflow_report(text);
}

std::string render(const model::read_report& r, std::string_view text) {
  return pw::render_all(r.diagnostics, text, "w.yml");
}

/// "line:col: message" of every diagnostic.
std::vector<std::string> where(const model::read_report& r, std::string_view text) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) {
    const auto lc = pw::locate(text, d.span.begin);
    out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + d.message);
  }
  return out;
}

}  // namespace

TEST(ModelRead, ReadsABasicWorkflow) {
  const std::string_view text =
      "on: push\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - uses: actions/checkout@v4\n"
      "      - run: echo hi\n"
      "        continue-on-error: true\n"
      "  test:\n"
      "    needs: build\n"
      "    if: github.ref == 'refs/heads/main'\n"
      "    runs-on: [self-hosted, linux]\n"
      "    timeout-minutes: 10\n"
      "    steps:\n"
      "      - run: echo test\n"
      "      - run: echo again\n";
  auto r = load(text);
  ASSERT_TRUE(r.ok()) << render(r, text);
  const model::workflow& w = r.workflow;
  ASSERT_EQ(w.jobs.size(), 2u);
  EXPECT_EQ(w.jobs[0].id, "build");
  EXPECT_EQ(w.jobs[0].condition.text, "success()");
  ASSERT_EQ(w.jobs[0].steps.size(), 2u);
  EXPECT_EQ(w.jobs[0].steps[0].id, "__actions_checkout");
  EXPECT_EQ(w.jobs[0].steps[1].id, "__run");
  EXPECT_TRUE(w.jobs[0].steps[1].continue_on_error->raw.as_bool());
  const model::job& t = w.jobs[1];
  ASSERT_EQ(t.needs.size(), 1u);
  EXPECT_EQ(t.needs[0].text, "build");
  EXPECT_EQ(t.condition.text, "success() && (github.ref == 'refs/heads/main')");
  ASSERT_TRUE(t.runs_on);
  ASSERT_EQ(t.runs_on->labels.size(), 2u);
  EXPECT_EQ(t.runs_on->labels[1].text(), "linux");
  EXPECT_EQ(t.timeout_minutes->raw.as_number(), 10);
  EXPECT_EQ(t.steps[0].id, "__run");
  EXPECT_EQ(t.steps[1].id, "__run_2");
  EXPECT_EQ(w.on.as_string(), "push");
}

TEST(ModelRead, ReportsUnknownKeysAtTheirLine) {
  const std::string_view text =
      "on: push\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - runn: echo hi\n";
  auto r = load(text);
  EXPECT_FALSE(r.ok());
  const auto w = where(r, text);
  ASSERT_EQ(w.size(), 2u) << render(r, text);
  EXPECT_EQ(w[0], "6:9: Unexpected value 'runn'");
  EXPECT_EQ(w[1].substr(0, 60), "6:9: There's not enough info to determine what you meant. Ad");
}

TEST(ModelRead, ReportsMissingJobsAndRunsOn) {
  const std::string_view text =
      "on: push\n"
      "name: x\n";
  auto r = load(text);
  ASSERT_EQ(where(r, text), std::vector<std::string>{"1:1: Required property is missing: jobs"});
  const std::string_view text2 =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    steps:\n"
      "      - run: x\n";
  auto r2 = load(text2);
  ASSERT_EQ(where(r2, text2),
            std::vector<std::string>{"4:5: Required property is missing: runs-on"});
}

TEST(ModelRead, RejectsStepsTogetherWithJobLevelUses) {
  const std::string_view text =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    uses: o/r/.github/workflows/w.yml@v1\n"
      "    steps:\n"
      "      - run: x\n";
  auto r = load(text);
  EXPECT_EQ(where(r, text), std::vector<std::string>{"5:5: Unexpected value 'steps'"});
}

TEST(ModelRead, LocatesExpressionErrorsInsideTheFile) {
  const std::string_view text =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-latest\n"
      "    if: env.X == 'y'\n"
      "    steps:\n"
      "      - run: echo ${{ secrets.A }} ${{ success() }}\n";
  auto r = load(text);
  const auto w = where(r, text);
  ASSERT_EQ(w.size(), 2u) << render(r, text);
  EXPECT_EQ(w[0].substr(0, 40), "7:40: Unrecognized function: 'success'. ");
  EXPECT_EQ(w[1].substr(0, 41), "5:9: Unrecognized named-value: 'env'. Loc");
}

TEST(ModelRead, ChecksNeedsWithTheGraphStage) {
  const std::string_view text =
      "on: push\n"
      "jobs:\n"
      "  one:\n"
      "    runs-on: x\n"
      "    needs: []\n"
      "    steps: [{run: a}]\n"
      "  four:\n"
      "    runs-on: x\n"
      "    needs: [nope]\n"
      "    steps: [{run: a}]\n"
      "  two:\n"
      "    needs: three\n"
      "    runs-on: x\n"
      "    steps: [{run: a}]\n"
      "  three:\n"
      "    needs: two\n"
      "    runs-on: x\n"
      "    steps: [{run: a}]\n";
  auto r = load(text);
  const auto w = where(r, text);
  ASSERT_EQ(w.size(), 3u) << render(r, text);
  EXPECT_EQ(w[0], "9:13: Job 'four' depends on unknown job 'nope'.");
  EXPECT_EQ(
      w[1],
      "12:12: Job 'two' depends on job 'three' which creates a cycle in the dependency graph.");
}

TEST(ModelRead, ChecksIdsUsesCronGroupsAndFilters) {
  const std::string_view text =
      "on:\n"
      "  push:\n"
      "    branches: [main]\n"
      "    branches-ignore: [dev]\n"
      "  schedule:\n"
      "    - cron: '61 * * * *'\n"
      "    - cron: '*/5 1-3 * JAN-MAR MON'\n"
      "jobs:\n"
      "  0bad:\n"
      "    runs-on: {group: asdf/x}\n"
      "    steps:\n"
      "      - id: s\n"
      "        run: a\n"
      "      - id: S\n"
      "        uses: badrepo@v1\n";
  auto r = load(text);
  const auto w = where(r, text);
  ASSERT_EQ(w.size(), 6u) << render(r, text);
  EXPECT_EQ(w[0].substr(0, 30), "4:5: Event 'push': you may onl");
  EXPECT_EQ(w[1].substr(0, 50), "6:13: Invalid cron expression. Expected format: '*");
  EXPECT_EQ(w[2].substr(0, 32), "9:3: The identifier '0bad' is in");
  EXPECT_EQ(w[3].substr(0, 40), "10:22: Invalid runs-on group name 'asdf/");
  EXPECT_EQ(w[4],
            "14:13: The identifier 'S' may not be used more than once within the same scope.");
  EXPECT_EQ(w[5], "15:15: Expected format {org}/{repo}[/path]@ref. Actual 'badrepo@v1'");
}

TEST(ModelRead, KeepsTemplatesForLaterEvaluation) {
  const std::string_view text =
      "on: push\n"
      "env:\n"
      "  A: ${{ github.ref }}-x\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ${{ matrix.os }}\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [a, b]\n"
      "    timeout-minutes: ${{ fromJSON('5') }}\n"
      "    steps: [{run: a}]\n";
  auto r = load(text);
  ASSERT_TRUE(r.ok()) << render(r, text);
  const auto& w = r.workflow;
  const model::template_value* a = w.env.find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_TRUE(a->is_expression());
  auto v =
      a->evaluate(pw::value::make_object({{"github", pw::value::make_object({{"ref", "r"}})}}));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->as_string(), "r-x");
  ASSERT_TRUE(w.jobs[0].runs_on->expression);
  ASSERT_TRUE(w.jobs[0].strategy);
  EXPECT_TRUE(w.jobs[0].strategy->matrix.is_object());
  auto t = w.jobs[0].timeout_minutes->evaluate(pw::value::make_object());
  ASSERT_TRUE(t);
  EXPECT_EQ(t->as_number(), 5);
}

TEST(ModelRead, NeverThrowsOnOddInput) {
  for (std::string_view text : {"", "[]", "a", "on: push\njobs: []", "on: push\njobs:\n  a: 1",
                                "on: {push: {branches: {a: b}}}\njobs: {a: {runs-on: [[x]]}}",
                                "jobs: {a: {steps: 5, runs-on: {}}}"}) {
    auto r = load(text);
    EXPECT_FALSE(r.ok()) << text;
  }
}

TEST(ModelRead, LimitsDepthWithoutRecursingForever) {
  std::string deep =
      "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n"
      "    strategy:\n      matrix:\n        x: ";
  for (int i = 0; i < 60; ++i) deep += "[";
  for (int i = 0; i < 60; ++i) deep += "]";
  deep += "\n";
  auto r = load(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.front().message, "Maximum object depth exceeded");
}
