// What a plan's reasons say about the event it was made for: the values a false `if:` read
// (the repository a fork guard saw), the undetermined needs a status function waits on, and
// an invalid matrix failing its job with GitHub's rules for the dependants. Expectations
// derived by hand from the workflow text and GitHub's rules (SEMANTICS: job status functions).
#include <gtest/gtest.h>

#include <string>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

using pipewright::schedule::status;
namespace ps = pipewright::schedule;

const char* const fork_guard_text = R"(on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps: [{run: make}]
  publish:
    needs: build
    if: github.repository == 'acme/widget'
    runs-on: ubuntu-latest
    steps: [{run: make publish}]
  docs:
    if: github.repository_owner == 'acme' && github.ref == 'refs/heads/release'
    runs-on: ubuntu-latest
    steps: [{run: make docs}]
)";

ps::run_result plan_fork_guard(const std::string& repository, ps::plan& out) {
  auto wf = pipewright::yaml::load_workflow(fork_guard_text);
  EXPECT_TRUE(wf.ok());
  ps::plan_options o;
  o.repository = repository;
  auto p = ps::make_plan(*wf, o);
  EXPECT_TRUE(p.ok());
  out = std::move(*p);
  return ps::run_plan(out);
}

}  // namespace

TEST(PlanReasons, ASkippedJobShowsTheValuesItsConditionRead) {
  ps::plan p;
  const ps::run_result r = plan_fork_guard("fork/widget", p);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.job_reasons[1],
            "condition `success() && (github.repository == 'acme/widget')` is false "
            "(github.repository is 'fork/widget')");
  // `&&` stops at the owner: the ref was not read, so it is not shown.
  EXPECT_EQ(r.job_reasons[2],
            "condition `success() && (github.repository_owner == 'acme' && github.ref == "
            "'refs/heads/release')` "
            "is false (github.repository_owner is 'fork')");
  const ps::run_result upstream = plan_fork_guard("acme/widget", p);
  EXPECT_EQ(upstream.job_results[1], status::success);
  EXPECT_EQ(upstream.job_results[2], status::skipped);
  EXPECT_EQ(upstream.job_reasons[2],
            "condition `success() && (github.repository_owner == 'acme' && github.ref == "
            "'refs/heads/release')` "
            "is false (github.repository_owner is 'acme', github.ref is 'refs/heads/main')");
}

TEST(PlanReasons, ARepositoryNotGivenIsNeverShownAsAValue) {
  ps::plan p;
  const ps::run_result r = plan_fork_guard("", p);
  EXPECT_EQ(r.job_results[1], status::undetermined);
  // The ref decides `docs` whatever the owner: skipped, showing only what is known.
  EXPECT_EQ(r.job_results[2], status::skipped);
  EXPECT_EQ(r.job_reasons[2],
            "condition `success() && (github.repository_owner == 'acme' && github.ref == "
            "'refs/heads/release')` "
            "is false (github.ref is 'refs/heads/main')");
}

TEST(PlanReasons, AStatusFunctionWaitingOnUndeterminedNeedsNamesThem) {
  auto wf = pipewright::yaml::load_workflow(R"(on: push
jobs:
  changes:
    runs-on: ubuntu-latest
    outputs:
      code: ${{ steps.f.outputs.code }}
    steps: [{id: f, run: echo}]
  test:
    needs: changes
    if: needs.changes.outputs.code == 'true'
    runs-on: ubuntu-latest
    steps: [{run: make test}]
  lint:
    needs: changes
    if: needs.changes.outputs.code == 'true'
    runs-on: ubuntu-latest
    steps: [{run: make lint}]
  publish:
    needs: [test, lint]
    runs-on: ubuntu-latest
    steps: [{run: make publish}]
)");
  ASSERT_TRUE(wf.ok());
  auto p = ps::make_plan(*wf);
  ASSERT_TRUE(p.ok());
  const ps::run_result r = ps::run_plan(*p);
  EXPECT_EQ(r.job_results[3], status::undetermined);
  EXPECT_EQ(r.job_reasons[3], "waits for needs: test, lint (undetermined) (if: `success()`)");
  // What it waits for, as written, is unchanged.
  ASSERT_EQ(r.job_waits[3].size(), 1U);
  EXPECT_EQ(r.job_waits[3][0], "success()");
}

TEST(PlanReasons, AMatrixOverTheLimitFailsItsJobAndGitHubsRulesDecideTheDependants) {
  auto wf = pipewright::yaml::load_workflow(R"(on: push
jobs:
  build:
    strategy:
      matrix:
        a: [1, 2, 3, 4, 5, 6, 7, 8]
        b: [1, 2, 3, 4, 5, 6, 7, 8]
        c: ${{ fromJSON('[1, 2, 3, 4, 5, 6, 7, 8]') }}
    runs-on: ubuntu-latest
    steps: [{run: make}]
  test:
    needs: build
    runs-on: ubuntu-latest
    steps: [{run: make test}]
  notify:
    needs: build
    if: failure()
    runs-on: ubuntu-latest
    steps: [{run: ./notify}]
  cleanup:
    needs: build
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: ./cleanup}]
  on-success:
    needs: build
    if: success()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)");
  ASSERT_TRUE(wf.ok());
  auto p = ps::make_plan(*wf);
  ASSERT_TRUE(p.ok());
  ASSERT_FALSE(p->diagnostics.empty());
  EXPECT_EQ(p->diagnostics.front().code, pipewright::codes::matrix_too_many_legs);
  EXPECT_TRUE(pipewright::has_errors(p->diagnostics));
  const ps::run_result r = ps::run_plan(*p);
  EXPECT_EQ(r.job_results[0], status::failure);
  EXPECT_EQ(r.job_reasons[0], "strategy.matrix: " + p->jobs[0].matrix_error);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.job_results[2], status::success);  // failure(): build failed
  EXPECT_EQ(r.job_results[3], status::success);  // always()
  EXPECT_EQ(r.job_results[4], status::skipped);
  EXPECT_EQ(r.conclusion, status::failure);
}
