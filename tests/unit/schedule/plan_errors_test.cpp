// A job whose matrix is invalid at run time (a static one makes the file invalid): GitHub reports
// the error on the job when it would start and fails it; its dependants are skipped (or run, with
// always()). The plan says so rather than showing a pending matrix.
#include <gtest/gtest.h>

#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/yaml/workflow.hpp"

using namespace pipewright;
using namespace pipewright::schedule;

namespace {

const char* const invalid_matrix_workflow = R"(on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: ${{ fromJSON('[]') }}
    steps: [{run: make}]
  test:
    needs: build
    runs-on: ubuntu-latest
    steps: [{run: make test}]
  report:
    needs: build
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  skipped-first:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: ${{ fromJSON(vars.NONE) }}
    steps: [{run: echo}]
)";

}  // namespace

TEST(PlanErrors, AnInvalidMatrixFailsItsJobAndSkipsItsDependants) {
  auto wf = yaml::load_workflow(invalid_matrix_workflow);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(has_errors(p->diagnostics));
  const plan_job& build = p->jobs[0];
  EXPECT_FALSE(build.matrix_pending);
  EXPECT_FALSE(build.matrix_error.empty());
  EXPECT_EQ(p->specs[0].error, "strategy.matrix: " + build.matrix_error);

  const run_result r = run_plan(*p);
  EXPECT_EQ(r.job_results[0], status::failure);
  EXPECT_EQ(r.job_reasons[0], p->specs[0].error);
  EXPECT_FALSE(r.legs[0].ran());
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.job_reasons[1], "success() is false: needed job 'build' failed");
  EXPECT_EQ(r.job_results[2], status::success);  // always()
  // A job whose `if:` is false is skipped before its matrix is built: no failure.
  EXPECT_EQ(r.job_results[3], status::skipped);
  EXPECT_EQ(r.conclusion, status::failure);

  // JSON: no pending matrix, the error instead.
  const value j = export_::plan_json(*p, &r);
  EXPECT_FALSE(j["jobs"][0]["matrix"]["pending"].as_bool());
  EXPECT_EQ(j["jobs"][0]["matrix"]["error"].as_string(), build.matrix_error);
  EXPECT_TRUE(j["jobs"][0]["matrix"]["legs"].is_null());
  EXPECT_EQ(j["jobs"][0]["status"].as_string(), "failure");
}
