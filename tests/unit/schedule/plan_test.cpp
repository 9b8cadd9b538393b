// make_plan() on the seed workflows. Every expectation below is derived by hand from the
// workflow text and GitHub's rules (SEMANTICS §4–§6), not from the program's output.
#include "pipewright/schedule/plan.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

using namespace pipewright;
using namespace pipewright::schedule;

namespace {

model::workflow load_seed(const std::string& file) {
  const std::string text = test::read_data("schedule/seeds/" + file);
  EXPECT_FALSE(text.empty()) << file;
  auto wf = yaml::load_workflow(text);
  EXPECT_TRUE(wf.ok()) << file;
  return wf ? std::move(*wf) : model::workflow{};
}

plan plan_for(const std::string& file, trigger::event e, plan_options o = {}) {
  o.event = std::move(e);
  auto p = make_plan(load_seed(file), o);
  EXPECT_TRUE(p.ok());
  return p ? std::move(*p) : plan{};
}

std::size_t job_index(const plan& p, std::string_view id) {
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    if (p.jobs[j].id == id) return j;
  }
  ADD_FAILURE() << "no job " << id;
  return 0;
}

std::size_t legs_run(const run_result& r) {
  std::size_t n = 0;
  for (const leg_run& l : r.legs) n += l.result == status::success ? 1U : 0U;
  return n;
}

std::vector<std::string> wave_ids(const plan& p, std::size_t k) {
  std::vector<std::string> out;
  for (const std::uint32_t j : p.waves[k]) out.push_back(p.jobs[j].id);
  return out;
}

const trigger::event push_main = trigger::push_event("refs/heads/main");
const trigger::event pr_main = trigger::pull_request_event("opened", "main");

}  // namespace

// RAGLite, push to main: 11 jobs; docker-build has 6 legs, unit-tests 2; llm-cost-tracking
// runs only for pull requests. 1+1+2+1+1+6+1+1+1+1 = 16 legs run, in 6 waves.
TEST(PlanSeeds, RagLitePushToMain) {
  const plan p = plan_for("raglite-ci.yml", push_main);
  EXPECT_TRUE(p.runs);
  ASSERT_EQ(p.jobs.size(), 11U);
  ASSERT_EQ(p.waves.size(), 6U);
  EXPECT_EQ(wave_ids(p, 0), (std::vector<std::string>{"code-quality", "security-scan", "unit-tests",
                                                      "integration-tests", "accuracy-regression",
                                                      "llm-cost-tracking"}));
  EXPECT_EQ(wave_ids(p, 1), std::vector<std::string>{"docker-build"});
  EXPECT_EQ(wave_ids(p, 5), std::vector<std::string>{"post-deploy-validation"});
  const plan_job& unit = p.jobs[job_index(p, "unit-tests")];
  ASSERT_EQ(unit.legs.size(), 2U);
  EXPECT_EQ(unit.legs[0].name, "Unit Tests (Python 3.11)");
  EXPECT_EQ(unit.legs[1].name, "Unit Tests (Python 3.12)");
  const plan_job& docker = p.jobs[job_index(p, "docker-build")];
  ASSERT_EQ(docker.legs.size(), 6U);
  EXPECT_EQ(docker.legs[0].name, "Build Docker Images (ingestion)");
  EXPECT_EQ(docker.legs[5].name, "Build Docker Images (gateway)");
  EXPECT_EQ(docker.needs.size(), 3U);
  EXPECT_EQ(docker.runs_on, "ubuntu-latest");

  const run_result r = run_plan(p);
  EXPECT_EQ(legs_run(r), 16U);
  EXPECT_EQ(r.job_results[job_index(p, "llm-cost-tracking")], status::skipped);
  EXPECT_NE(r.job_reasons[job_index(p, "llm-cost-tracking")].find("github.event_name"),
            std::string::npos);
  EXPECT_EQ(r.job_results[job_index(p, "post-deploy-validation")], status::success);
  EXPECT_EQ(r.conclusion, status::success);
  // 60 s per leg, no runner limits: one wave a minute.
  EXPECT_DOUBLE_EQ(r.makespan, 360.0);
  EXPECT_DOUBLE_EQ(r.billed_minutes, 16.0);
}

// RAGLite, pull request to main: docker-build's `if:` is false (not a push), so the deploy
// chain is skipped because its success() sees a skipped ancestor; llm-cost-tracking runs.
TEST(PlanSeeds, RagLitePullRequest) {
  const plan p = plan_for("raglite-ci.yml", pr_main);
  EXPECT_TRUE(p.runs);
  const run_result r = run_plan(p);
  EXPECT_EQ(r.job_results[job_index(p, "llm-cost-tracking")], status::success);
  EXPECT_EQ(r.job_results[job_index(p, "docker-build")], status::skipped);
  for (const char* id :
       {"deploy-dev", "deploy-staging", "deploy-production", "post-deploy-validation"}) {
    EXPECT_EQ(r.job_results[job_index(p, id)], status::skipped) << id;
  }
  EXPECT_NE(r.job_reasons[job_index(p, "deploy-dev")].find("docker-build"), std::string::npos);
  // code-quality, security-scan, 2 unit-tests, integration, accuracy, llm-cost = 7 legs.
  EXPECT_EQ(legs_run(r), 7U);
  EXPECT_DOUBLE_EQ(r.makespan, 60.0);
  EXPECT_EQ(r.conclusion, status::success);
}

// RAGLite, push to develop: docker-build's `if:` wants main; everything after it is skipped.
TEST(PlanSeeds, RagLitePushToDevelop) {
  const plan p = plan_for("raglite-ci.yml", trigger::push_event("refs/heads/develop"));
  EXPECT_TRUE(p.runs);
  const run_result r = run_plan(p);
  EXPECT_EQ(r.job_results[job_index(p, "docker-build")], status::skipped);
  EXPECT_EQ(r.job_results[job_index(p, "deploy-dev")], status::skipped);
  EXPECT_EQ(legs_run(r), 6U);
}

// A push to a branch outside the filters does not start the workflow at all.
TEST(PlanSeeds, RagLiteNotTriggered) {
  const plan p = plan_for("raglite-ci.yml", trigger::push_event("refs/heads/feature"));
  EXPECT_FALSE(p.runs);
  const run_result r = run_plan(p);
  EXPECT_EQ(legs_run(r), 0U);
  for (const status s : r.job_results) EXPECT_EQ(s, status::skipped);
}

// With given durations and unit-tests failing: docker-build is skipped (success() false),
// the deploy chain too; the run fails. Durations: the slowest of wave 0 sets its length.
TEST(PlanSeeds, RagLiteDurationsAndFailure) {
  plan_options o;
  o.durations = {{"code-quality", 120}, {"unit-tests", 300}, {"docker-build", 240}};
  plan p = plan_for("raglite-ci.yml", push_main, o);
  run_result ok = run_plan(p);
  // 300 (unit-tests) + 240 (docker-build) + 4 × 60 (deploys, validation) = 780.
  EXPECT_DOUBLE_EQ(ok.makespan, 780.0);
  // Billed: 2 + 1 + 5×2 + 1 + 1 + 6×4 + 4 = 43 minutes.
  EXPECT_DOUBLE_EQ(ok.billed_minutes, 43.0);

  o.outcomes = {{"Unit Tests (Python 3.12)", status::failure}};
  p = plan_for("raglite-ci.yml", push_main, o);
  const run_result r = run_plan(p);
  EXPECT_EQ(r.job_results[job_index(p, "unit-tests")], status::failure);
  EXPECT_EQ(r.job_results[job_index(p, "docker-build")], status::skipped);
  EXPECT_EQ(r.job_results[job_index(p, "deploy-dev")], status::skipped);
  EXPECT_EQ(r.conclusion, status::failure);
  EXPECT_NE(r.job_reasons[job_index(p, "docker-build")].find("unit-tests"), std::string::npos);
}

// Melk AI CI: test (2 legs), lint, security, then docker-build-test; no `if:` anywhere, so
// a push to main and a pull request into main plan the same 5 legs in 2 waves.
TEST(PlanSeeds, MelkCi) {
  for (const trigger::event& e : {push_main, pr_main}) {
    const plan p = plan_for("melk-ci.yml", e);
    EXPECT_TRUE(p.runs);
    ASSERT_EQ(p.waves.size(), 2U);
    EXPECT_EQ(wave_ids(p, 1), std::vector<std::string>{"docker-build-test"});
    EXPECT_EQ(p.jobs[job_index(p, "test")].legs.size(), 2U);
    const run_result r = run_plan(p);
    EXPECT_EQ(legs_run(r), 5U);
    EXPECT_DOUBLE_EQ(r.makespan, 120.0);
  }
}

// Status functions with a custom `if:`, a pending dynamic matrix and bad input.
TEST(Plan, ConditionsAndPendingMatrix) {
  const char* text = R"(on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      list: ${{ steps.x.outputs.list }}
    steps: [{run: echo}]
  build:
    needs: setup
    runs-on: ${{ matrix.os }}
    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.list) }}
    steps: [{run: echo}]
  report:
    needs: build
    if: failure()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  always:
    needs: build
    if: always() && github.ref == 'refs/heads/main'
    runs-on: macos-latest
    steps: [{run: echo}]
)";
  auto wf = yaml::load_workflow(text);
  ASSERT_TRUE(wf.ok());
  plan_options o;
  o.outcomes = {{"build", status::failure}};
  auto p = make_plan(*wf, o);
  ASSERT_TRUE(p.ok());
  const plan_job& build = p->jobs[1];
  EXPECT_TRUE(build.matrix_pending);
  EXPECT_NE(build.matrix_expression.find("needs.setup.outputs.list"), std::string::npos);
  ASSERT_EQ(build.legs.size(), 1U);
  const run_result r = run_plan(*p);
  // Its legs are known only at run time: the simulation cannot run them (the outcome given
  // for `build` has no legs to go to), so build is undetermined, and so is failure() after it.
  EXPECT_EQ(r.job_results[1], status::undetermined);
  EXPECT_EQ(r.job_results[2], status::undetermined);
  EXPECT_EQ(r.job_results[3], status::success);  // always() and the ref matches
  // macOS legs bill 10× (1 minute each otherwise): setup 1 + always 10.
  EXPECT_DOUBLE_EQ(r.billed_minutes, 11.0);
}

TEST(Plan, BadInputDoesNotThrow) {
  const char* text = R"(on: push
jobs:
  a:
    needs: [b]
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  b:
    needs: [a]
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  auto rep = yaml::load_workflow_report(text);
  EXPECT_NO_THROW({
    auto p = make_plan(rep.workflow);
    ASSERT_TRUE(p.ok());
    EXPECT_FALSE(p->diagnostics.empty());
    const run_result r = run_plan(*p);
    EXPECT_EQ(r.job_results[0], status::skipped);
  });
  EXPECT_NO_THROW({
    auto p = make_plan(model::workflow{});
    ASSERT_TRUE(p.ok());
    EXPECT_FALSE(p->runs);
  });
}

// AI ETL CI: backend-test (2 Python legs), frontend-test and llm-gateway-test, then
// docker-build, then security-scan; no job-level `if:`. Push and pull request to main: 6
// legs in 3 waves, 180 s at 60 s a leg.
TEST(PlanSeeds, AiEtlCi) {
  for (const trigger::event& e : {push_main, pr_main}) {
    const plan p = plan_for("ai-etl-ci.yml", e);
    EXPECT_TRUE(p.runs);
    ASSERT_EQ(p.waves.size(), 3U);
    EXPECT_EQ(wave_ids(p, 1), std::vector<std::string>{"docker-build"});
    EXPECT_EQ(wave_ids(p, 2), std::vector<std::string>{"security-scan"});
    EXPECT_EQ(p.jobs[job_index(p, "backend-test")].legs.size(), 2U);
    const run_result r = run_plan(p);
    EXPECT_EQ(legs_run(r), 6U);
    EXPECT_DOUBLE_EQ(r.makespan, 180.0);
  }
}

// AI ETL deploy: only workflow_run of "Continuous Integration" on main starts it; a push or
// a pull request does not. deploy-staging's `if:` reads the triggering run's conclusion.
TEST(PlanSeeds, AiEtlDeploy) {
  EXPECT_FALSE(plan_for("ai-etl-deploy.yml", push_main).runs);
  EXPECT_FALSE(plan_for("ai-etl-deploy.yml", pr_main).runs);
  const plan ok =
      plan_for("ai-etl-deploy.yml", trigger::workflow_run_event("Continuous Integration", "main"));
  EXPECT_TRUE(ok.runs);
  ASSERT_EQ(ok.waves.size(), 3U);
  const run_result r = run_plan(ok);
  EXPECT_EQ(legs_run(r), 3U);
  const plan failed = plan_for(
      "ai-etl-deploy.yml",
      trigger::workflow_run_event("Continuous Integration", "main", "completed", "failure"));
  EXPECT_TRUE(failed.runs);
  const run_result f = run_plan(failed);
  EXPECT_EQ(legs_run(f), 0U);  // deploy-staging's if is false; the rest need it
  EXPECT_EQ(f.job_results[job_index(failed, "deploy-production")], status::skipped);
}

// Engagement: the deploy pipeline runs on a push to main only (5 jobs in a chain of 5
// waves, notify-slack with always()); the PR validation on pull requests only (5 jobs, no
// needs: one wave).
TEST(PlanSeeds, Engagement) {
  const plan deploy = plan_for("engagement-deploy-main.yml", push_main);
  EXPECT_TRUE(deploy.runs);
  EXPECT_EQ(deploy.waves.size(), 5U);
  EXPECT_EQ(legs_run(run_plan(deploy)), 5U);
  EXPECT_FALSE(plan_for("engagement-deploy-main.yml", pr_main).runs);

  // deploy-infrastructure fails: lambda and smoke tests are skipped, notify-slack still runs.
  plan_options o;
  o.outcomes = {{"deploy-infrastructure", status::failure}};
  const plan failing = plan_for("engagement-deploy-main.yml", push_main, o);
  const run_result r = run_plan(failing);
  EXPECT_EQ(r.job_results[job_index(failing, "deploy-lambda-functions")], status::skipped);
  EXPECT_EQ(r.job_results[job_index(failing, "smoke-tests")], status::skipped);
  EXPECT_EQ(r.job_results[job_index(failing, "notify-slack")], status::success);
  EXPECT_EQ(r.conclusion, status::failure);

  const plan pr = plan_for("engagement-pr-validation.yml", pr_main);
  EXPECT_TRUE(pr.runs);
  EXPECT_EQ(pr.waves.size(), 1U);
  EXPECT_EQ(pr.jobs.size(), 5U);
  EXPECT_EQ(legs_run(run_plan(pr)), 5U);
  EXPECT_FALSE(plan_for("engagement-pr-validation.yml", push_main).runs);
}

// Melk CD: build → deploy → health-check → rollback (if: failure()) → notify (always()).
// Push to main: rollback is skipped, 4 of 5 legs run in 5 waves; a pull request does not
// start it. When health-check fails, rollback and notify run and the run fails.
TEST(PlanSeeds, MelkCd) {
  const plan p = plan_for("melk-cd.yml", push_main);
  EXPECT_TRUE(p.runs);
  EXPECT_EQ(p.waves.size(), 5U);
  const run_result r = run_plan(p);
  EXPECT_EQ(legs_run(r), 4U);
  EXPECT_EQ(r.job_results[job_index(p, "rollback")], status::skipped);
  EXPECT_EQ(r.job_results[job_index(p, "notify")], status::success);
  EXPECT_DOUBLE_EQ(r.makespan, 240.0);  // build, deploy, health-check, notify
  EXPECT_FALSE(plan_for("melk-cd.yml", pr_main).runs);

  plan_options o;
  o.outcomes = {{"health-check", status::failure}};
  const plan failing = plan_for("melk-cd.yml", push_main, o);
  const run_result f = run_plan(failing);
  EXPECT_EQ(f.job_results[job_index(failing, "rollback")], status::success);
  EXPECT_EQ(f.job_results[job_index(failing, "notify")], status::success);
  EXPECT_EQ(f.conclusion, status::failure);
  EXPECT_DOUBLE_EQ(f.makespan, 300.0);
}

// Melk docker publish: one job, a 2-platform matrix; push to main runs both legs.
TEST(PlanSeeds, MelkDockerPublish) {
  const plan p = plan_for("melk-docker-publish.yml", push_main);
  EXPECT_TRUE(p.runs);
  ASSERT_EQ(p.jobs.size(), 1U);
  EXPECT_EQ(p.jobs[0].legs.size(), 2U);
  EXPECT_EQ(legs_run(run_plan(p)), 2U);
  EXPECT_FALSE(plan_for("melk-docker-publish.yml", pr_main).runs);
}

// GitHub: an `if:` whose evaluation fails (here fromJSON of text that is not JSON) reports
// the error and fails the job; it is neither skipped nor run, and its dependents skip.
TEST(Plan, AnIfThatFailsToEvaluateFailsTheJob) {
  const char* text = R"(on: push
jobs:
  check:
    runs-on: ubuntu-latest
    if: fromJSON('{not json')
    steps: [{run: echo}]
  after:
    needs: check
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  fine:
    runs-on: ubuntu-latest
    if: fromJSON('true')
    steps: [{run: echo}]
)";
  auto wf = yaml::load_workflow(text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  const run_result r = run_plan(*p);
  EXPECT_EQ(r.job_results[0], status::failure);
  EXPECT_EQ(r.job_reasons[0].rfind("if: could not be evaluated: ", 0), 0U) << r.job_reasons[0];
  EXPECT_GT(r.job_reasons[0].size(), std::string("if: could not be evaluated: ").size());
  EXPECT_FALSE(r.legs[0].ran());
  EXPECT_EQ(r.legs[0].result, status::failure);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_NE(r.job_reasons[1].find("needed job 'check' failed"), std::string::npos)
      << r.job_reasons[1];
  EXPECT_EQ(r.job_results[2], status::success);
  EXPECT_EQ(r.conclusion, status::failure);
  EXPECT_DOUBLE_EQ(r.billed_minutes, 1.0);  // only `fine` ran
}

// Workflow-level concurrency, evaluated with the event's github context, drives
// simulate_runs(): a second push to the same branch cancels the first run.
TEST(Plan, WorkflowConcurrencyIsEvaluatedAndCancelsTheOlderRun) {
  const char* text = R"(on: push
concurrency:
  group: ci-${{ github.ref }}
  cancel-in-progress: ${{ github.ref != 'refs/heads/release' }}
jobs:
  test:
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  auto wf = yaml::load_workflow(text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->concurrency_group, "ci-refs/heads/main");
  EXPECT_TRUE(p->cancel_in_progress);
  plan_options release;
  release.event = trigger::push_event("refs/heads/release");
  auto q = make_plan(*wf, release);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->concurrency_group, "ci-refs/heads/release");
  EXPECT_FALSE(q->cancel_in_progress);

  const std::vector<workflow_run> runs{as_workflow_run(*p, 0), as_workflow_run(*p, 30)};
  const std::vector<run_result> r = simulate_runs(runs);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].conclusion, status::cancelled);
  EXPECT_DOUBLE_EQ(r[0].legs[0].end, 30.0);
  EXPECT_EQ(r[1].conclusion, status::success);
  EXPECT_DOUBLE_EQ(r[1].legs[0].start, 30.0);
}

// Issue 18: an outcome or duration that names nothing is a warning (PW0612), not silence.
TEST(Plan, OutcomesAndDurationsThatNameNothingAreWarnings) {
  auto unknown = [](const plan& p) {
    std::vector<std::string> out;
    for (const diagnostic& d : p.diagnostics) {
      if (d.code == codes::matrix_unknown_name) {
        EXPECT_EQ(d.level, severity::warning);
        out.push_back(d.message);
      }
    }
    return out;
  };
  plan_options o;
  // A job id, a leg display name, a JOB.STEP and a leg.STEP all name something.
  o.outcomes = {{"code-quality", status::success},
                {"Unit Tests (Python 3.12)", status::failure},
                {"nojob", status::failure}};
  o.durations = {{"unit-tests", 300}, {"unit-test", 10}};
  const plan p = plan_for("raglite-ci.yml", push_main, o);
  EXPECT_EQ(unknown(p),
            (std::vector<std::string>{
                "outcome 'nojob' names no job, matrix leg or step of the workflow; it has no "
                "effect",
                "duration 'unit-test' names no job, matrix leg or step of the workflow; it has "
                "no effect"}));
  // Every name matches: no warning.
  plan_options good;
  good.outcomes = {{"CODE-QUALITY", status::failure},
                   {"code-quality.Lint (Ruff)", status::failure}};
  good.durations = {{"docker-build", 240}};
  EXPECT_TRUE(unknown(plan_for("raglite-ci.yml", push_main, good)).empty());
}
