// Tests of include/pipewright/model/read.hpp (through the YAML glue).
#include "pipewright/model/read.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pipewright/render.hpp"
#include "pipewright/value/json.hpp"
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

// The reader reuses the templates the schema validator compiled (schema::template_cache);
// the result must be the same as compiling every template again.
TEST(ModelTemplateCache, KeepsTemplatesByNodeAndContexts) {
  namespace schema = model::schema;
  schema::template_cache cache;
  auto t = pw::expr::compile_template("${{ github.ref }}",
                                      schema::compile_options_for(schema::ctx::github));
  ASSERT_TRUE(t);
  auto kept = std::make_shared<const pw::expr::compiled_template>(std::move(*t));
  cache.put(7, 1, kept);
  cache.put(3, 1, nullptr);
  cache.put(pw::source_map::none, 1, kept);  // no id: not kept
  EXPECT_EQ(cache.find(7, 1), kept);
  EXPECT_EQ(cache.find(7, 2), nullptr);  // other contexts
  EXPECT_EQ(cache.find(8, 1), nullptr);
  EXPECT_EQ(cache.find(pw::source_map::none, 1), nullptr);
}

TEST(ModelTemplateCache, ReaderResultEqualsCompilingAgain) {
  const std::string text = R"(name: cache
run-name: Deploy ${{ github.ref }}
on: push
env:
  A: ${{ vars.A }}
  B: plain ${{ 'folded' }}
jobs:
  build:
    name: Build ${{ github.sha }}
    runs-on: ${{ vars.RUNNER }}
    timeout-minutes: ${{ fromJSON(vars.T) }}
    steps:
      - run: echo ${{ github.actor }} ${{ env.A }}
        env:
          X: ${{ secrets.X }}
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.head_ref || 'main' }}
)";
  auto loaded = pw::yaml::load(text);
  ASSERT_TRUE(loaded);
  const model::read_report cached = model::read_workflow(loaded->root, loaded->map, text);
  ASSERT_TRUE(cached.ok()) << render(cached, text);
  std::vector<pw::diagnostic> diags;
  model::detail::converter again(loaded->map, text, diags);  // no cache: compiles each one
  const model::workflow fresh = again.convert(loaded->root, loaded->map.root(), {});
  const pw::value contexts = pw::json::parse(R"({"github": {"ref": "refs/heads/x",
      "sha": "abc", "actor": "octo", "head_ref": ""}, "vars": {"A": "a", "RUNNER": "r",
      "T": "5"}, "env": {"A": "a"}, "secrets": {"X": "s"}})")
                                 .value();
  auto same_value = [&](const model::template_value& a, const model::template_value& b) {
    EXPECT_EQ(a.is_expression(), b.is_expression());
    EXPECT_EQ(a.raw, b.raw);
    auto x = a.evaluate(contexts);
    auto y = b.evaluate(contexts);
    ASSERT_TRUE(x);
    ASSERT_TRUE(y);
    EXPECT_EQ(*x, *y);
  };
  auto same = [&](const auto& a, const auto& b) {
    if constexpr (std::is_same_v<std::decay_t<decltype(a)>, model::template_value>) {
      same_value(a, b);
    } else {
      ASSERT_TRUE(a.has_value());
      ASSERT_TRUE(b.has_value());
      same_value(*a, *b);
    }
  };
  const model::workflow& w = cached.workflow;
  same(w.run_name, fresh.run_name);
  ASSERT_EQ(w.env.entries.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) same(w.env.entries[i].value, fresh.env.entries[i].value);
  EXPECT_EQ(w.env.entries[1].value.raw, pw::value("plain folded"));
  ASSERT_EQ(w.jobs.size(), 1u);
  const auto& j = w.jobs[0];
  const auto& f = fresh.jobs[0];
  same(j.name, f.name);
  same(j.timeout_minutes, f.timeout_minutes);
  ASSERT_TRUE(j.runs_on && f.runs_on);
  same(j.runs_on->expression, f.runs_on->expression);
  ASSERT_EQ(j.steps.size(), 2u);
  same(j.steps[0].run, f.steps[0].run);
  same(j.steps[0].env.entries[0].value, f.steps[0].env.entries[0].value);
  same(j.steps[1].with.entries[0].value, f.steps[1].with.entries[0].value);
  // A template that does not fold stays an expression.
  ASSERT_TRUE(j.steps[0].run.has_value());
  EXPECT_TRUE(j.steps[0].run->is_expression());
}

// Generated step ids take the first free suffix, ignoring case (explicit ids cannot start
// with `__`, so they never collide with generated ones), also in a job with many steps.
TEST(ModelRead, GeneratesStepIdsAroundExplicitOnes) {
  std::string text = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n";
  text += "      - run: one\n      - run: two\n      - id: third\n        run: three\n";
  text += "      - uses: actions/checkout@v4\n      - uses: Actions/Checkout@v3\n";
  for (int i = 0; i < 40; ++i) text += "      - run: echo " + std::to_string(i) + "\n";
  const model::read_report r = load(text);
  ASSERT_TRUE(r.ok()) << render(r, text);
  const auto& steps = r.workflow.jobs.at(0).steps;
  ASSERT_EQ(steps.size(), 45u);
  EXPECT_EQ(steps[0].id, "__run");
  EXPECT_EQ(steps[1].id, "__run_2");
  EXPECT_EQ(steps[2].id, "third");
  EXPECT_FALSE(steps[2].generated_id);
  EXPECT_EQ(steps[3].id, "__actions_checkout");
  EXPECT_EQ(steps[4].id, "__Actions_Checkout_2");
  EXPECT_EQ(steps[5].id, "__run_3");
  EXPECT_EQ(steps[44].id, "__run_42");
}
