// Required checks against the check runs a repository's workflows report: each verdict, and
// the names GitHub gives check runs (matrix legs, reusable calls). GitHub's behaviours from
// "Troubleshooting required status checks" (a job skipped by if: reports success; a workflow
// skipped by path or branch filters leaves its checks pending).
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/repository/checks.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"
#include "test_support.hpp"

namespace {

using namespace pipewright;
using repository::verdict;

/// Plans each workflow text for `event` and collects the check runs.
struct repo {
  std::map<std::string, std::string> called;  ///< called workflows' texts by `uses:`
  std::vector<repository::check_run> runs;

  void add(const std::string& file, const std::string& text, const trigger::event& event) {
    auto wf = yaml::load_workflow(text);
    ASSERT_TRUE(wf.ok()) << file;
    schedule::plan_options options;
    options.event = event;
    // The called workflows, as a workspace would read them (the plan expands the calls).
    options.resolve_workflow = [this](std::string_view uses) -> std::optional<std::string> {
      auto it = called.find(std::string(uses));
      if (it == called.end()) return std::nullopt;
      return it->second;
    };
    options.load_workflow = [](std::string_view t) { return yaml::load_workflow_report(t); };
    auto p = schedule::make_plan(*wf, options);
    ASSERT_TRUE(p.ok());
    const schedule::run_result r = schedule::run_plan(*p);
    for (auto& c : repository::check_runs(*wf, file, *p, r, options)) {
      runs.push_back(std::move(c));
    }
  }
};

repository::protection_rule requiring(std::vector<std::string> contexts) {
  repository::protection_rule rule;
  for (std::string& c : contexts) rule.checks.push_back({std::move(c), std::nullopt});
  return rule;
}

TEST(Checks, AiEtlSeedPullRequest) {
  repo r;
  const auto pr = trigger::pull_request_event("opened", "main", "feature");
  r.add("ai-etl-ci.yml", test::read_data("schedule/seeds/ai-etl-ci.yml"), pr);
  r.add("ai-etl-deploy.yml", test::read_data("schedule/seeds/ai-etl-deploy.yml"), pr);
  auto doc = yaml::load(test::read_data("schedule/seeds/ai-etl-branch-protection.yml"));
  ASSERT_TRUE(doc.ok());
  auto rules = repository::read_protection(*doc);
  ASSERT_TRUE(rules.ok());
  const auto v = repository::verdicts(rules->front(), r.runs);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].check.context, "backend-test");
  EXPECT_EQ(v[0].result, verdict::never_reported);
  EXPECT_EQ(v[0].suggestions,
            (std::vector<std::string>{"backend-test (3.10)", "backend-test (3.11)"}));
  EXPECT_TRUE(repository::blocks(v[0].result));
  EXPECT_EQ(v[1].result, verdict::reported);
  ASSERT_EQ(v[1].reported_by.size(), 1u);
  EXPECT_EQ(v[1].reported_by[0].workflow_name, "Continuous Integration");
  EXPECT_EQ(v[1].reported_by[0].job, "frontend-test");
  EXPECT_EQ(v[2].result, verdict::reported);
  EXPECT_FALSE(repository::blocks(v[2].result));
  // Requiring a leg by its name is what works.
  EXPECT_EQ(repository::verdicts(requiring({"backend-test (3.10)"}), r.runs)[0].result,
            verdict::reported);
  // Deploy does not listen to pull_request: its jobs are never reported for one.
  const auto d = repository::verdicts(requiring({"deploy-staging"}), r.runs);
  EXPECT_EQ(d[0].result, verdict::never_reported);
  ASSERT_EQ(d[0].reported_by.size(), 1u);
  EXPECT_EQ(d[0].reported_by[0].state, repository::run_state::not_started);
}

const char* const path_filtered = R"(name: Docs
on:
  pull_request:
    paths: ['docs/**']
jobs:
  docs:
    runs-on: ubuntu-latest
    steps: [{run: make docs}]
)";

TEST(Checks, PathFilteredWorkflowMayNotReport) {
  repo r;
  r.add("docs.yml", path_filtered,
        trigger::pull_request_event("opened", "main", "feature", {"src/main.c"}));
  const auto v = repository::verdicts(requiring({"docs"}), r.runs);
  EXPECT_EQ(v[0].result, verdict::may_not_report);
  EXPECT_NE(v[0].reason.find("paths ('docs/**') matched none"), std::string::npos);
  EXPECT_TRUE(repository::blocks(v[0].result));

  repo touched;
  touched.add("docs.yml", path_filtered,
              trigger::pull_request_event("opened", "main", "feature", {"docs/index.md"}));
  EXPECT_EQ(repository::verdicts(requiring({"docs"}), touched.runs)[0].result, verdict::reported);
}

TEST(Checks, IfSkippedJobPasses) {
  repo r;
  r.add("ci.yml", R"(on: pull_request
jobs:
  e2e:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps: [{run: make e2e}]
)",
        trigger::pull_request_event("opened", "main", "feature"));
  const auto v = repository::verdicts(requiring({"e2e"}), r.runs);
  EXPECT_EQ(v[0].result, verdict::skipped_passes);
  EXPECT_FALSE(repository::blocks(v[0].result));
}

TEST(Checks, UndeterminedJobMayNotReport) {
  repo r;
  r.add("ci.yml", R"(on: pull_request
jobs:
  changes:
    runs-on: ubuntu-latest
    outputs: {src: '${{ steps.f.outputs.src }}'}
    steps: [{id: f, run: echo}]
  test:
    needs: changes
    if: needs.changes.outputs.src == 'true'
    runs-on: ubuntu-latest
    steps: [{run: make test}]
)",
        trigger::pull_request_event("opened", "main", "feature"));
  const auto v = repository::verdicts(requiring({"test", "changes"}), r.runs);
  EXPECT_EQ(v[0].result, verdict::may_not_report);
  EXPECT_NE(v[0].reason.find("undetermined"), std::string::npos);
  EXPECT_EQ(v[1].result, verdict::reported);
}

TEST(Checks, SameNameInTwoWorkflowsIsAmbiguous) {
  repo r;
  const char* const text = R"(on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps: [{run: make}]
)";
  const auto pr = trigger::pull_request_event("opened", "main", "feature");
  r.add("a.yml", text, pr);
  r.add("b.yml", text, pr);
  const auto v = repository::verdicts(requiring({"build"}), r.runs);
  EXPECT_EQ(v[0].result, verdict::ambiguous);
  EXPECT_EQ(v[0].reported_by.size(), 2u);
}

TEST(Checks, NamesOfLegsAndReusableCalls) {
  repo r;
  r.called.emplace("./.github/workflows/tests.yml", R"(on: workflow_call
jobs:
  unit:
    name: Unit tests
    runs-on: ubuntu-latest
    steps: [{run: make test}]
)");
  r.add("ci.yml", R"(on: pull_request
jobs:
  build:
    name: Build ${{ matrix.os }}
    strategy: {matrix: {os: [linux, windows]}}
    runs-on: ubuntu-latest
    steps: [{run: make}]
  tests:
    uses: ./.github/workflows/tests.yml
  per-python:
    strategy: {matrix: {python: ['3.10', '3.11']}}
    uses: ./.github/workflows/tests.yml
  remote:
    name: Shared
    uses: octo/shared/.github/workflows/lint.yml@v1
)",
        trigger::pull_request_event("opened", "main", "feature"));
  std::vector<std::string> names;
  for (const auto& c : r.runs) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Build linux", "Build windows", "Shared",
                                             "tests / Unit tests", "per-python (3.10) / Unit tests",
                                             "per-python (3.11) / Unit tests"}));
  // The called jobs' ids are the plan's: the calling leg's index for a matrix caller.
  EXPECT_EQ(r.runs[4].job, "per-python[0]/unit");
  EXPECT_EQ(repository::verdicts(requiring({"tests / Unit tests"}), r.runs)[0].result,
            verdict::reported);
  // A job of another repository's workflow, not given: its name is unknown.
  const auto v = repository::verdicts(requiring({"Shared / lint"}), r.runs);
  EXPECT_EQ(v[0].result, verdict::may_not_report);
  EXPECT_NE(v[0].reason.find("another repository's workflow"), std::string::npos);
  ASSERT_EQ(v[0].reported_by.size(), 1u);
  EXPECT_EQ(v[0].reported_by[0].state, repository::run_state::unknown_name);
  // A typo gets the nearest names.
  const auto typo = repository::verdicts(requiring({"Build linus"}), r.runs);
  EXPECT_EQ(typo[0].result, verdict::never_reported);
  ASSERT_FALSE(typo[0].suggestions.empty());
  EXPECT_EQ(typo[0].suggestions[0], "Build linux");
}

TEST(Checks, CycleOfCallsEndsAtTheNestingLimit) {
  repo r;
  r.called.emplace("./.github/workflows/loop.yml", R"(on: workflow_call
jobs:
  again:
    uses: ./.github/workflows/loop.yml
)");
  r.add("ci.yml", R"(on: pull_request
jobs:
  start:
    uses: ./.github/workflows/loop.yml
)",
        trigger::pull_request_event("opened", "main", "feature"));
  ASSERT_EQ(r.runs.size(), 1u);
  // GitHub.com's ten levels of workflows, the top one included; the tenth level's call
  // makes the workflow invalid (PW0421): the run fails at start and reports no check.
  EXPECT_EQ(r.runs[0].name,
            "start / again / again / again / again / again / again / again / again / again");
  EXPECT_EQ(r.runs[0].state, repository::run_state::not_started);
  EXPECT_NE(r.runs[0].reason.find("the workflow is not valid"), std::string::npos)
      << r.runs[0].reason;
  EXPECT_NE(r.runs[0].reason.find("deeper than 10 levels"), std::string::npos) << r.runs[0].reason;
}

}  // namespace
