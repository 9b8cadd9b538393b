// Workflow runs chained through workflow_run: the AI ETL seed (push to main: CI, then Deploy;
// a pull request: CI only), GitHub's three-level chain limit (SEMANTICS §6.4), branch filters
// against the triggering run's head branch, an undetermined conclusion kept unknown, and each
// run simulated from when its trigger fires, on one clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/repository/cascade.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

namespace {

using namespace pipewright;

struct cascade_repo {
  std::deque<model::workflow> models;
  std::vector<repository::named_workflow> named;

  void add(const std::string& file, const std::string& text) {
    auto wf = yaml::load_workflow(text);
    ASSERT_TRUE(wf.ok()) << file;
    models.push_back(std::move(*wf));
    named.push_back({file, &models.back()});
  }
  std::vector<std::string> files(const repository::cascade_result& c) const {
    std::vector<std::string> out;
    for (const auto& r : c.runs) out.push_back(named[r.workflow].file);
    return out;
  }
};

cascade_repo ai_etl() {
  cascade_repo r;
  r.add("ci.yml", test::read_data("schedule/seeds/ai-etl-ci.yml"));
  r.add("deploy.yml", test::read_data("schedule/seeds/ai-etl-deploy.yml"));
  return r;
}

TEST(Cascade, AiEtlPushToMainRunsCiThenDeploy) {
  const cascade_repo r = ai_etl();
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  const auto c = repository::cascade(r.named, o);
  ASSERT_EQ(r.files(c), (std::vector<std::string>{"ci.yml", "deploy.yml"}));
  EXPECT_FALSE(c.runs[0].triggered_by.has_value());
  ASSERT_TRUE(c.runs[1].triggered_by.has_value());
  EXPECT_EQ(*c.runs[1].triggered_by, 0u);
  EXPECT_EQ(c.runs[1].trigger_conclusion, "success");
  EXPECT_EQ(c.runs[1].depth, 1u);
  EXPECT_DOUBLE_EQ(c.runs[1].start, c.runs[0].result.makespan);
  EXPECT_EQ(c.runs[1].result.job_results[0], schedule::status::success);  // deploy-staging
}

TEST(Cascade, AiEtlPullRequestRunsCiOnly) {
  const cascade_repo r = ai_etl();
  schedule::plan_options o;
  o.event = trigger::pull_request_event("opened", "main", "feature");
  EXPECT_EQ(r.files(repository::cascade(r.named, o)), (std::vector<std::string>{"ci.yml"}));
  // Deploy's branches: [main] sees the triggering run's head branch: develop is not main.
  o.event = trigger::push_event("refs/heads/develop");
  EXPECT_EQ(r.files(repository::cascade(r.named, o)), (std::vector<std::string>{"ci.yml"}));
}

/// When the last leg of a run that ran ends, on the cascade's clock.
double last_end(const repository::cascade_run& r) {
  double end = 0;
  for (const schedule::leg_run& l : r.result.legs) {
    if (l.ran()) end = std::max(end, l.end);
  }
  return end;
}

TEST(Cascade, FailedRunStartsDeployWhichSkips) {
  const cascade_repo r = ai_etl();
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  o.outcomes.emplace_back("backend-test", schedule::status::failure);
  const auto c = repository::cascade(r.named, o);
  ASSERT_EQ(c.runs.size(), 2u);
  EXPECT_EQ(c.runs[1].trigger_conclusion, "failure");
  EXPECT_EQ(c.runs[1].result.job_results[0], schedule::status::skipped);
  // Deploy starts when the failed CI's last leg ends.
  EXPECT_DOUBLE_EQ(c.runs[1].start, c.runs[0].end);
  EXPECT_DOUBLE_EQ(c.runs[0].end, last_end(c.runs[0]));
  // Every Deploy job skips (deploy-staging by its if:, the others by needs): nothing runs,
  // so the run ends as it starts.
  for (const schedule::status s : c.runs[1].result.job_results) {
    EXPECT_EQ(s, schedule::status::skipped);
  }
  EXPECT_DOUBLE_EQ(c.runs[1].end, c.runs[1].start);
}

TEST(Cascade, DeployStartsWhenTheSimulatedCiEndsOnOneClock) {
  const cascade_repo r = ai_etl();
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  o.durations.emplace_back("backend-test", 100.0);
  o.durations.emplace_back("deploy-staging", 30.0);  // a job of Deploy, not of CI
  const auto c = repository::cascade(r.named, o);
  ASSERT_EQ(r.files(c), (std::vector<std::string>{"ci.yml", "deploy.yml"}));
  EXPECT_DOUBLE_EQ(c.runs[0].start, 0.0);
  EXPECT_DOUBLE_EQ(c.runs[0].end, last_end(c.runs[0]));
  EXPECT_GE(c.runs[0].end, 100.0);
  EXPECT_DOUBLE_EQ(c.runs[1].start, c.runs[0].end);
  // Deploy's times are on the event's clock: its first job starts when CI ends.
  const schedule::leg_run& staging = c.runs[1].result.legs[0];
  ASSERT_TRUE(staging.ran());
  EXPECT_DOUBLE_EQ(staging.start, c.runs[1].start);
  EXPECT_DOUBLE_EQ(staging.end - staging.start, 30.0);
  EXPECT_DOUBLE_EQ(c.runs[1].end, last_end(c.runs[1]));
  EXPECT_DOUBLE_EQ(c.runs[1].end - c.runs[1].start, c.runs[1].result.makespan);
  // A duration that names another run's job is no typo (PW0612).
  for (const auto& run : c.runs) {
    for (const diagnostic& d : run.plan.diagnostics) {
      EXPECT_NE(d.code, codes::matrix_unknown_name) << d.message;
    }
  }
}

TEST(Cascade, UnusedDurationWarnedOnceInTheFirstRun) {
  const cascade_repo r = ai_etl();
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  o.durations.emplace_back("no-such-job", 5.0);
  const auto c = repository::cascade(r.named, o);
  ASSERT_EQ(c.runs.size(), 2u);
  std::vector<std::size_t> warned;
  for (std::size_t k = 0; k < c.runs.size(); ++k) {
    for (const diagnostic& d : c.runs[k].plan.diagnostics) {
      if (d.code == codes::matrix_unknown_name) warned.push_back(k);
    }
  }
  EXPECT_EQ(warned, (std::vector<std::size_t>{0}));
}

TEST(Cascade, RunnerPoolsLengthenTheRunAndDelayWhatItStarts) {
  const cascade_repo r = ai_etl();
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  const auto unlimited = repository::cascade(r.named, o);
  repository::cascade_options co;
  co.simulate.pools.push_back({"ubuntu-latest", 1});
  const auto one_runner = repository::cascade(r.named, o, co);
  ASSERT_EQ(unlimited.runs.size(), 2u);
  ASSERT_EQ(one_runner.runs.size(), 2u);
  // CI's first wave (four legs) shares one runner: CI ends later, and so Deploy starts later.
  EXPECT_GT(one_runner.runs[0].end, unlimited.runs[0].end);
  EXPECT_DOUBLE_EQ(one_runner.runs[1].start, one_runner.runs[0].end);
  EXPECT_DOUBLE_EQ(unlimited.runs[1].start, unlimited.runs[0].end);
}

std::string chained(const std::string& name, const std::string& after) {
  std::string on = after.empty() ? "on: push\n"
                                 : "on:\n  workflow_run:\n    workflows: [" + after +
                                       "]\n    types: [completed]\n";
  return "name: " + name + "\n" + on +
         "jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n";
}

TEST(Cascade, ChainStopsAtThreeLevels) {
  cascade_repo r;
  r.add("a.yml", chained("A", ""));
  r.add("b.yml", chained("B", "A"));
  r.add("c.yml", chained("C", "B"));
  r.add("d.yml", chained("D", "C"));
  r.add("e.yml", chained("E", "D"));
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  const auto c = repository::cascade(r.named, o);
  EXPECT_EQ(r.files(c), (std::vector<std::string>{"a.yml", "b.yml", "c.yml", "d.yml"}));
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("e.yml"), std::string::npos);
  EXPECT_NE(c.notes[0].find("level 4"), std::string::npos);
}

/// A CI whose conclusion is undetermined: its test job's if: reads a run-time output.
const char* const undetermined_ci = R"(name: CI
on: push
jobs:
  changes:
    runs-on: ubuntu-latest
    outputs: {go: '${{ steps.s.outputs.go }}'}
    steps: [{id: s, run: echo}]
  test:
    needs: changes
    if: needs.changes.outputs.go == 'yes'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";

/// A Deploy that CI's completion starts, with `jobs` (YAML lines under `jobs:`).
std::string after_ci(const std::string& jobs) {
  return "name: Deploy\non:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:" +
         jobs;
}

/// Deploy's one job, guarded by CI's conclusion.
const char* const deploy_on_success = R"(
  deploy:
    if: github.event.workflow_run.conclusion == 'success'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";

TEST(Cascade, UndeterminedConclusionStaysUnknownUnlessThePolicyDecides) {
  cascade_repo r;
  r.add("ci.yml", undetermined_ci);
  r.add("deploy.yml", after_ci(deploy_on_success));
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  const auto c = repository::cascade(r.named, o);
  ASSERT_EQ(c.runs.size(), 2u);
  EXPECT_EQ(c.runs[1].trigger_conclusion, "undetermined");
  EXPECT_EQ(c.runs[1].result.job_results[0], schedule::status::undetermined);
  // The simulation's undetermined policy decides CI's conclusion, and so Deploy's job.
  repository::cascade_options co;
  co.simulate.undetermined = schedule::undetermined_policy::assume_true;
  const auto decided = repository::cascade(r.named, o, co);
  ASSERT_EQ(decided.runs.size(), 2u);
  EXPECT_EQ(decided.runs[0].result.job_results[1], schedule::status::success);  // test ran
  EXPECT_EQ(decided.runs[1].trigger_conclusion, "success");
  EXPECT_EQ(decided.runs[1].result.job_results[0], schedule::status::success);
  // CI ran both jobs one after the other (60 s each): Deploy starts at 120 s.
  EXPECT_DOUBLE_EQ(decided.runs[1].start, 120.0);
}

TEST(Cascade, CalledWorkflowsExpandedWithTheConclusionStillUnknown) {
  cascade_repo r;
  r.add("ci.yml", undetermined_ci);
  r.add("deploy.yml", after_ci(R"(
  release:
    uses: ./.github/workflows/release.yml
)"));
  // Deploy's calls are read by its own resolver (the repository it is in).
  r.named[1].resolve_workflow = [](std::string_view uses) -> std::optional<std::string> {
    if (uses != "./.github/workflows/release.yml") return std::nullopt;
    return std::string(R"(on: workflow_call
jobs:
  publish:
    if: github.event.workflow_run.conclusion == 'success'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)");
  };
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  o.load_workflow = [](std::string_view t) { return yaml::load_workflow_report(t); };
  const auto c = repository::cascade(r.named, o);
  ASSERT_EQ(c.runs.size(), 2u);
  const schedule::plan& deploy = c.runs[1].plan;
  ASSERT_EQ(deploy.jobs.size(), 2u);
  ASSERT_TRUE(deploy.jobs[0].call.has_value());
  EXPECT_TRUE(deploy.jobs[0].call->expanded);
  EXPECT_EQ(deploy.jobs[1].id, "release/publish");
  // CI's conclusion is undetermined, so the called job's if: cannot be decided either.
  EXPECT_EQ(c.runs[1].result.job_results[1], schedule::status::undetermined);
  // Without a resolver the call stays one job, undetermined.
  r.named[1].resolve_workflow = {};
  const auto unread = repository::cascade(r.named, o);
  ASSERT_EQ(unread.runs.size(), 2u);
  ASSERT_EQ(unread.runs[1].plan.jobs.size(), 1u);
  EXPECT_FALSE(unread.runs[1].plan.jobs[0].call->expanded);
}

TEST(Cascade, ARunThatFailsAtStartStartsNoChain) {
  cascade_repo r;
  r.add("ci.yml", R"(name: CI
on: push
jobs:
  build:
    uses: ./.github/workflows/missing.yml
)");
  r.add("deploy.yml", after_ci(R"(
  deploy:
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)"));
  r.named[0].resolve_workflow = [](std::string_view) -> std::optional<std::string> {
    return std::nullopt;
  };
  schedule::plan_options o;
  o.event = trigger::push_event("refs/heads/main");
  o.load_workflow = [](std::string_view t) { return yaml::load_workflow_report(t); };
  const auto c = repository::cascade(r.named, o);
  // The run is there, failed at start with no job; what would follow it is not.
  ASSERT_EQ(r.files(c), (std::vector<std::string>{"ci.yml"}));
  EXPECT_FALSE(c.runs[0].plan.runs);
  EXPECT_NE(c.runs[0].plan.startup_failure.find("missing.yml does not exist"), std::string::npos)
      << c.runs[0].plan.startup_failure;
  EXPECT_EQ(c.runs[0].result.job_results[0], schedule::status::skipped);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0],
            "ci.yml: the run fails at start (the workflow is not valid); workflow_run "
            "chains after a startup failure are not followed");
}

}  // namespace
