// A matrix read from a needed job's outputs (`fromJSON(needs.setup.outputs.m)`): a plan
// cannot know its legs, an executor's run builds them when the needed job has reported.
// Expected values are derived by hand from the workflows below.
#include <gtest/gtest.h>

#include <stop_token>
#include <string>
#include <vector>

#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/callback.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"

using namespace pipewright;
using namespace pipewright::schedule;

namespace {

const char* const dynamic_workflow_text = R"(on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      m: ${{ steps.s.outputs.m }}
    steps: [{id: s, run: echo}]
  test:
    needs: setup
    name: Test ${{ matrix.os }}
    runs-on: ${{ matrix.os }}
    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.m) }}
    env:
      WHERE: on-${{ matrix.os }}
    steps: [{run: echo}]
  report:
    needs: test
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";

// Runs the dynamic workflow with `setup` reporting `m` and `test` legs ending as `fails`
// says; records every call.
struct recording {
  std::string m;
  std::string failing_leg;  // display name of a test leg that fails
  std::vector<leg_call> calls;
  leg_outcome operator()(const leg_call& c) {
    calls.push_back(c);
    leg_outcome o;
    o.duration = c.job == "test" ? 20.0 + static_cast<double>(c.leg) : 10.0;
    if (c.job == "setup") o.outputs = {{"m", m}};
    if (c.name == failing_leg) o.result = status::failure;
    return o;
  }
};

}  // namespace

TEST(DynamicMatrix, ThePlanKeepsOnePlaceholderAndSaysWhatItWaitsFor) {
  auto wf = yaml::load_workflow(dynamic_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->jobs[1].matrix_pending);
  ASSERT_EQ(p->jobs[1].matrix_needs.size(), 1U);
  EXPECT_EQ(p->jobs[1].matrix_needs[0], "setup");
  EXPECT_TRUE(static_cast<bool>(p->specs[1].expand));
  EXPECT_FALSE(static_cast<bool>(p->specs[0].expand));
  EXPECT_EQ(p->specs[1].legs.size(), 1U);
}

TEST(DynamicMatrix, AnExecutedRunBuildsTheLegsFromTheNeededJobsOutputs) {
  auto wf = yaml::load_workflow(dynamic_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  recording rec;
  rec.m = R"({"os": ["linux", "windows", "macos"], "include": [{"os": "linux", "big": true}]})";
  const run_result r = execute(*wf, *p, rec);

  // setup, three test legs (named by the job's `name:` template), report.
  ASSERT_EQ(rec.calls.size(), 5U);
  EXPECT_EQ(rec.calls[1].name, "Test linux");
  EXPECT_EQ(rec.calls[2].name, "Test windows");
  EXPECT_EQ(rec.calls[3].name, "Test macos");
  EXPECT_EQ(rec.calls[4].job, "report");
  // Each leg's matrix, strategy and env come from the legs built at run time.
  EXPECT_EQ(rec.calls[1].matrix["os"].as_string(), "linux");
  EXPECT_TRUE(rec.calls[1].matrix["big"].as_bool());
  EXPECT_EQ(rec.calls[3].contexts["strategy"]["job-index"].as_number(), 2.0);
  EXPECT_EQ(rec.calls[3].contexts["strategy"]["job-total"].as_number(), 3.0);
  ASSERT_EQ(rec.calls[2].env.size(), 1U);
  EXPECT_EQ(rec.calls[2].env[0].second.text, "on-windows");
  ASSERT_NE(rec.calls[2].planned, nullptr);
  EXPECT_EQ(rec.calls[2].planned->runner, "windows");

  // The result: legs in job order, the placeholder gone, the expanded legs kept.
  ASSERT_EQ(r.legs.size(), 5U);
  ASSERT_EQ(r.expanded.size(), 3U);
  EXPECT_TRUE(r.expanded[0].empty());
  ASSERT_EQ(r.expanded[1].size(), 3U);
  EXPECT_EQ(r.legs[1].job, 1U);
  EXPECT_EQ(r.legs[3].leg, 2U);
  EXPECT_EQ(r.spec(p->specs, r.legs[3]).name, "Test macos");
  EXPECT_EQ(r.spec(p->specs, r.legs[4]).name, "report");
  for (const leg_run& l : r.legs) EXPECT_EQ(l.result, status::success);
  EXPECT_EQ(r.conclusion, status::success);
  // setup 0..10; legs 10..30, 10..31, 10..32; report 32..42.
  EXPECT_DOUBLE_EQ(r.makespan, 42.0);
  // Billed by each built leg's runner, as a planned leg would be: windows 2x, macOS 10x.
  EXPECT_DOUBLE_EQ(r.billed_minutes, 1 + 1 + 2 + 10 + 1);
  simulate_options flat;
  flat.minute_multiplier = [](std::string_view) { return 1.0; };
  EXPECT_DOUBLE_EQ(execute(*wf, *p, rec, flat).billed_minutes, 5.0);

  // The JSON of the run lists the legs it ran.
  const value j = export_::plan_json(*p, &r);
  const value& test = j["jobs"][1];
  EXPECT_TRUE(test["matrix"]["pending"].as_bool());
  EXPECT_EQ(test["matrix"]["legs"].as_number(), 3.0);
  ASSERT_EQ(test["legs"].as_array().size(), 3U);
  EXPECT_EQ(test["legs"][1]["name"].as_string(), "Test windows");
  EXPECT_EQ(test["legs"][1]["runs_on"].as_string(), "windows");
  EXPECT_EQ(test["legs"][2]["status"].as_string(), "success");
  EXPECT_EQ(j["jobs"][2]["legs"][0]["name"].as_string(), "report");
}

TEST(DynamicMatrix, FailFastCancelsTheOtherBuiltLegs) {
  auto wf = yaml::load_workflow(dynamic_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  recording rec;
  rec.m = R"({"os": ["linux", "windows", "macos"]})";
  rec.failing_leg = "Test linux";
  const run_result r = execute(*wf, *p, rec);
  ASSERT_EQ(r.legs.size(), 5U);
  EXPECT_EQ(r.legs[1].result, status::failure);
  EXPECT_EQ(r.legs[2].result, status::cancelled);
  EXPECT_EQ(r.legs[2].reason, "fail-fast: 'Test linux' failed");
  EXPECT_EQ(r.legs[3].result, status::cancelled);
  EXPECT_EQ(r.job_results[1], status::failure);
  EXPECT_EQ(r.job_reasons[1], "'Test linux' failed");
  EXPECT_EQ(r.legs[4].result, status::success);  // report: always()
  EXPECT_EQ(r.conclusion, status::failure);
}

TEST(DynamicMatrix, AnOutputThatIsNotAMatrixFailsTheJobAsGitHubDoes) {
  auto wf = yaml::load_workflow(dynamic_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  for (const char* bad : {"not json", "[1, 2]", R"({"os": []})"}) {
    SCOPED_TRACE(bad);
    recording rec;
    rec.m = bad;
    const run_result r = execute(*wf, *p, rec);
    ASSERT_EQ(rec.calls.size(), 2U);  // setup and report; no test leg starts
    EXPECT_EQ(r.job_results[1], status::failure);
    EXPECT_EQ(r.job_reasons[1].rfind("strategy.matrix: ", 0), 0U) << r.job_reasons[1];
    ASSERT_EQ(r.legs.size(), 3U);  // the placeholder stands for the job
    EXPECT_EQ(r.legs[1].result, status::failure);
    EXPECT_EQ(r.conclusion, status::failure);
  }
}

TEST(DynamicMatrix, ASkippedJobBuildsNoLegs) {
  auto wf = yaml::load_workflow(dynamic_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  auto failing_setup = [](const leg_call& c) {
    leg_outcome o;
    if (c.job == "setup") o.result = status::failure;
    return o;
  };
  const run_result r = execute(*wf, *p, failing_setup);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_TRUE(r.expanded.empty() || r.expanded[1].empty());
  EXPECT_EQ(r.legs.size(), 3U);
}

TEST(DynamicMatrix, TheAsynchronousExecutorGetsTheBuiltLegs) {
  auto wf = yaml::load_workflow(dynamic_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  recording rec;
  rec.m = R"({"os": ["a", "b"]})";
  sync_executor<recording&> adapter{rec};
  const run_result r = execute_async(*wf, *p, adapter);
  ASSERT_EQ(rec.calls.size(), 4U);
  EXPECT_EQ(rec.calls[1].name, "Test a");
  EXPECT_EQ(rec.calls[2].name, "Test b");
  ASSERT_EQ(r.legs.size(), 4U);
  EXPECT_EQ(r.spec(p->specs, r.legs[2]).name, "Test b");
  EXPECT_EQ(r.conclusion, status::success);
}

TEST(DynamicMatrix, ASimulationWithoutAnExecutorKeepsThePlaceholder) {
  auto wf = yaml::load_workflow(dynamic_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  const run_result r = run_plan(*p);
  EXPECT_EQ(r.legs.size(), 3U);
  EXPECT_TRUE(r.expanded.empty());
}
