// The callback executor: a 3-job workflow driven through a recording executor. The
// expected texts are derived by hand from the workflow below.
#include "pipewright/schedule/callback.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipewright/yaml/workflow.hpp"

using namespace pipewright;
using namespace pipewright::schedule;

namespace {

const char* const workflow_text = R"(on: push
env:
  STAGE: ci
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, windows]
    env:
      TARGET: ${{ matrix.os }}@${{ github.ref }}
      STAGE: build-${{ strategy.job-index }}
    outputs:
      version: ${{ steps.v.outputs.version }}
    steps:
      - id: v
        run: echo "building ${{ matrix.os }} with ${{ secrets.TOKEN }}"
  publish:
    needs: build
    if: needs.build.outputs.version == '1.2.3'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-artifact@v4
        with:
          name: pkg-${{ needs.build.outputs.version }}-${{ needs.build.result }}
          path: ${{ vars.DIST }}
  notify:
    needs: build
    if: needs.build.outputs.version == '9.9.9'
    runs-on: ubuntu-latest
    steps:
      - run: echo never
)";

const interpolated* find(const std::vector<std::pair<std::string, interpolated>>& m,
                         std::string_view key) {
  for (const auto& [k, v] : m) {
    if (k == key) return &v;
  }
  return nullptr;
}

}  // namespace

TEST(CallbackExecutor, InterpolatesEachLegAndPassesOutputsToDependents) {
  auto wf = yaml::load_workflow(workflow_text);
  ASSERT_TRUE(wf.ok());
  plan_options o;
  o.vars = value::make_object({{"DIST", value("dist/")}});
  auto p = make_plan(*wf, o);
  ASSERT_TRUE(p.ok());

  std::vector<leg_call> calls;
  auto executor = [&calls](const leg_call& c) {
    calls.push_back(c);
    leg_outcome out;
    out.duration = c.job == "build" ? 30 : 90;
    if (c.job == "build") out.outputs = {{"version", "1.2.3"}};
    return out;
  };
  static_assert(leg_executor<decltype(executor)>);
  const run_result r = execute(*wf, *p, executor);

  ASSERT_EQ(calls.size(), 3U);  // two build legs, publish; notify's `if:` is false
  EXPECT_EQ(calls[0].name, "build (linux)");
  EXPECT_EQ(calls[1].name, "build (windows)");
  EXPECT_EQ(calls[2].job, "publish");

  // Job env replaces the workflow's STAGE; matrix, github and strategy are evaluated.
  ASSERT_EQ(calls[1].env.size(), 2U);
  ASSERT_NE(find(calls[1].env, "STAGE"), nullptr);
  EXPECT_EQ(find(calls[1].env, "STAGE")->text, "build-1");
  ASSERT_NE(find(calls[1].env, "TARGET"), nullptr);
  EXPECT_EQ(find(calls[1].env, "TARGET")->text, "windows@refs/heads/main");
  EXPECT_TRUE(find(calls[1].env, "TARGET")->complete());

  // secrets are unknown to the plan: left as written and listed.
  ASSERT_EQ(calls[0].steps.size(), 1U);
  EXPECT_EQ(calls[0].steps[0].id, "v");
  EXPECT_EQ(calls[0].steps[0].run.text, "echo \"building linux with ${{ secrets.TOKEN }}\"");
  ASSERT_EQ(calls[0].steps[0].run.unresolved.size(), 1U);
  EXPECT_EQ(calls[0].steps[0].run.unresolved[0], "secrets.TOKEN");

  // The build legs' outputs reach publish's `if:` and its `with:`.
  ASSERT_EQ(calls[2].steps.size(), 1U);
  EXPECT_EQ(calls[2].steps[0].uses, "actions/upload-artifact@v4");
  ASSERT_NE(find(calls[2].steps[0].with, "name"), nullptr);
  EXPECT_EQ(find(calls[2].steps[0].with, "name")->text, "pkg-1.2.3-success");
  ASSERT_NE(find(calls[2].steps[0].with, "path"), nullptr);
  EXPECT_EQ(find(calls[2].steps[0].with, "path")->text, "dist/");

  ASSERT_EQ(r.job_results.size(), 3U);
  EXPECT_EQ(r.job_results[0], status::success);
  EXPECT_EQ(r.job_results[1], status::success);
  EXPECT_EQ(r.job_results[2], status::skipped);
  EXPECT_EQ(r.job_reasons[2],
            "condition `success() && (needs.build.outputs.version == '9.9.9')` is false");
  EXPECT_DOUBLE_EQ(r.makespan, 120.0);      // build 0..30, publish 30..120
  EXPECT_DOUBLE_EQ(r.billed_minutes, 4.0);  // 1 + 1 + 2
  EXPECT_EQ(r.conclusion, status::success);
}

TEST(CallbackExecutor, AFailedLegFailsFastAndSkipsDependents) {
  auto wf = yaml::load_workflow(workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  std::size_t called = 0;
  auto failing = [&called](const leg_call&) {
    ++called;
    leg_outcome out;
    out.result = status::failure;
    return out;
  };
  // Unlimited runners: both legs start at 0 and are called; when the linux leg fails at
  // 60 s, fail-fast cancels the windows leg, still running.
  run_result r = execute(*wf, *p, failing);
  EXPECT_EQ(called, 2U);
  EXPECT_EQ(r.legs[1].result, status::cancelled);
  EXPECT_EQ(r.legs[1].reason, "fail-fast: 'build (linux)' failed");
  EXPECT_EQ(r.job_results[0], status::failure);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.conclusion, status::failure);
  // One ubuntu runner: the windows leg is still queued when linux fails, never called.
  called = 0;
  simulate_options one;
  one.pools = {{"ubuntu-latest", 1}};
  r = execute(*wf, *p, failing, one);
  EXPECT_EQ(called, 1U);
  EXPECT_EQ(r.legs[1].result, status::cancelled);
  EXPECT_FALSE(r.legs[1].ran());
}

TEST(CallbackExecutor, RunnerPoolsQueueLegsOnTheSchedulersClock) {
  auto wf = yaml::load_workflow(workflow_text);
  ASSERT_TRUE(wf.ok());
  plan_options o;
  o.vars = value::make_object({{"DIST", value("dist/")}});
  auto p = make_plan(*wf, o);
  ASSERT_TRUE(p.ok());
  std::vector<std::string> calls;
  auto executor = [&calls](const leg_call& c) {
    calls.push_back(c.name);
    leg_outcome out;
    out.duration = c.job == "build" ? 30 : 90;
    if (c.job == "build") out.outputs = {{"version", "1.2.3"}};
    return out;
  };
  simulate_options one;
  one.pools = {{"ubuntu-latest", 1}};
  const run_result r = execute(*wf, *p, executor, one);
  EXPECT_EQ(calls, (std::vector<std::string>{"build (linux)", "build (windows)", "publish"}));
  // build (linux) 0-30, build (windows) waits for the runner: 30-60, publish 60-150.
  EXPECT_DOUBLE_EQ(r.legs[1].ready, 0.0);
  EXPECT_DOUBLE_EQ(r.legs[1].start, 30.0);
  EXPECT_DOUBLE_EQ(r.legs[2].start, 60.0);
  EXPECT_DOUBLE_EQ(r.makespan, 150.0);
  ASSERT_EQ(r.utilization.size(), 1U);
  EXPECT_DOUBLE_EQ(r.utilization[0].second, 1.0);  // busy all 150 s
}

TEST(CallbackExecutor, MaxParallelLimitsTheLegsOfAJob) {
  auto wf = yaml::load_workflow(R"(on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      max-parallel: 2
      matrix:
        n: [1, 2, 3]
    steps:
      - run: test ${{ matrix.n }}
)");
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  std::vector<std::string> runs;
  const run_result r = execute(*wf, *p, [&runs](const leg_call& c) {
    runs.push_back(c.steps.at(0).run.text);
    leg_outcome out;
    out.duration = 10 * static_cast<double>(c.leg + 1);  // 10, 20, 30 s
    return out;
  });
  EXPECT_EQ(runs, (std::vector<std::string>{"test 1", "test 2", "test 3"}));
  // Legs 1 and 2 start at 0; leg 3 gets the slot leg 1 frees at 10 s and ends at 40 s.
  EXPECT_DOUBLE_EQ(r.legs[0].start, 0.0);
  EXPECT_DOUBLE_EQ(r.legs[1].start, 0.0);
  EXPECT_DOUBLE_EQ(r.legs[2].start, 10.0);
  EXPECT_DOUBLE_EQ(r.makespan, 40.0);
}
