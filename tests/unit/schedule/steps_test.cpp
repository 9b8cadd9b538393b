// The step-level model (SEMANTICS §5.4): expectations written by hand from the rules —
// job.status starts at success, a failed step skips later success() steps, always() and
// failure() steps still run, continue-on-error gives outcome failure / conclusion success,
// timeout-minutes fails the step at its limit, the job's result comes from its steps.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "pipewright/export/plan.hpp"
#include "pipewright/export/trace.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"

using namespace pipewright;
using namespace pipewright::schedule;

namespace {

step_spec step(std::string id, double seconds, status outcome = status::success) {
  step_spec s;
  s.id = id;
  s.name = "Run " + id;
  s.duration = seconds;
  s.outcome = outcome;
  return s;
}

step_spec with_condition(step_spec s, std::string text, step_condition c) {
  s.condition_text = std::move(text);
  s.condition = std::move(c);
  return s;
}

const step_condition always_cond = [](const step_view&) { return true; };
const step_condition failure_cond = [](const step_view& v) { return v.failure(); };

}  // namespace

TEST(RunSteps, AFailedStepSkipsLaterStepsExceptAlwaysAndFailure) {
  const std::vector<step_spec> steps{step("a", 10), step("b", 20, status::failure), step("c", 30),
                                     with_condition(step("d", 5), "always()", always_cond),
                                     with_condition(step("e", 7), "failure()", failure_cond)};
  const leg_execution e = run_steps(steps, 100);
  ASSERT_EQ(e.steps.size(), 5U);
  EXPECT_EQ(e.steps[0].outcome, status::success);
  EXPECT_DOUBLE_EQ(e.steps[0].start, 100);
  EXPECT_DOUBLE_EQ(e.steps[0].end, 110);
  EXPECT_EQ(e.steps[1].outcome, status::failure);
  EXPECT_EQ(e.steps[1].conclusion, status::failure);
  EXPECT_DOUBLE_EQ(e.steps[1].end, 130);
  EXPECT_EQ(e.steps[2].outcome, status::skipped);
  EXPECT_EQ(e.steps[2].conclusion, status::skipped);
  EXPECT_EQ(e.steps[2].reason, "success() is false: step 'Run b' failed");
  EXPECT_DOUBLE_EQ(e.steps[2].start, 130);
  EXPECT_DOUBLE_EQ(e.steps[2].end, 130);
  EXPECT_EQ(e.steps[3].outcome, status::success);  // always()
  EXPECT_DOUBLE_EQ(e.steps[3].start, 130);
  EXPECT_EQ(e.steps[4].outcome, status::success);  // failure() sees job.status failure
  EXPECT_DOUBLE_EQ(e.steps[4].end, 142);
  EXPECT_EQ(e.result, status::failure);
  EXPECT_DOUBLE_EQ(e.duration, 42);  // 10 + 20 + 5 + 7; c never ran
}

TEST(RunSteps, ContinueOnErrorRecordsOutcomeFailureAndConclusionSuccess) {
  std::vector<step_spec> steps{step("a", 10, status::failure), step("b", 20),
                               with_condition(step("c", 5), "failure()", failure_cond)};
  steps[0].continue_on_error = true;
  const leg_execution e = run_steps(steps, 0);
  EXPECT_EQ(e.steps[0].outcome, status::failure);
  EXPECT_EQ(e.steps[0].conclusion, status::success);
  EXPECT_EQ(e.steps[1].outcome, status::success);  // the job status stayed success
  EXPECT_EQ(e.steps[2].outcome, status::skipped);  // so failure() is false
  EXPECT_EQ(e.steps[2].reason, "condition `failure()` is false");
  EXPECT_EQ(e.result, status::success);
  EXPECT_DOUBLE_EQ(e.duration, 30);
}

TEST(RunSteps, ATimeoutFailsTheStepAtItsLimit) {
  std::vector<step_spec> steps{step("slow", 600), step("next", 10)};
  steps[0].timeout = 120;  // timeout-minutes: 2
  const leg_execution e = run_steps(steps, 0);
  EXPECT_EQ(e.steps[0].outcome, status::failure);
  EXPECT_DOUBLE_EQ(e.steps[0].end, 120);
  EXPECT_EQ(e.steps[0].reason, "timed out after 2 minutes");
  EXPECT_EQ(e.steps[1].outcome, status::skipped);
  EXPECT_EQ(e.result, status::failure);
  EXPECT_DOUBLE_EQ(e.duration, 120);
  // A step that ends before its timeout is not affected.
  steps[0].duration = 60;
  EXPECT_EQ(run_steps(steps, 0).result, status::success);
}

TEST(RunSteps, ACancelledStepKeepsTheJobCancelled) {
  const std::vector<step_spec> steps{
      step("a", 10, status::cancelled),
      with_condition(step("b", 5, status::failure), "always()", always_cond), step("c", 5),
      with_condition(step("d", 5), "cancelled()",
                     [](const step_view& v) { return v.cancelled(); })};
  const leg_execution e = run_steps(steps, 0);
  EXPECT_EQ(e.steps[0].conclusion, status::cancelled);
  EXPECT_EQ(e.steps[1].outcome, status::failure);  // ran (always), failed
  EXPECT_EQ(e.steps[2].reason, "success() is false: the job was cancelled");
  EXPECT_EQ(e.steps[3].outcome, status::success);  // a cancelled job stays cancelled
  EXPECT_EQ(e.result, status::cancelled);
}

TEST(RunSteps, AConditionThatCannotBeEvaluatedFailsTheStep) {
  const std::vector<step_spec> steps{with_condition(step("a", 10), "fromJSON('x')",
                                                    [](const step_view& v) {
                                                      v.report_error("bad JSON");
                                                      return true;
                                                    }),
                                     step("b", 10)};
  const leg_execution e = run_steps(steps, 0);
  EXPECT_EQ(e.steps[0].outcome, status::failure);
  EXPECT_EQ(e.steps[0].reason, "if: could not be evaluated: bad JSON");
  EXPECT_EQ(e.steps[1].outcome, status::skipped);
  EXPECT_EQ(e.result, status::failure);
  EXPECT_DOUBLE_EQ(e.duration, 0);
}

TEST(SimulateSteps, StepsDecideTheLegsTimeAndJobContinueOnErrorStillApplies) {
  std::vector<job_spec> jobs(3);
  jobs[0].id = "lint";
  jobs[0].legs = {leg_spec("lint", "ubuntu-latest", 999)};  // the estimate; steps decide
  jobs[0].legs[0].steps = {step("a", 10), step("b", 20, status::failure), step("c", 30)};
  jobs[0].legs[0].continue_on_error = true;  // job-level continue-on-error
  jobs[1].id = "test";
  jobs[1].needs = {0};
  jobs[1].legs = {leg_spec("test", "ubuntu-latest", 40)};
  jobs[2].id = "report";
  jobs[2].needs = {0};
  jobs[2].legs = {leg_spec("report", "ubuntu-latest", 0)};
  jobs[2].legs[0].steps = {step("x", 15)};
  const run_result r = simulate(jobs);
  EXPECT_EQ(r.legs[0].result, status::failure);
  EXPECT_DOUBLE_EQ(r.legs[0].end, 30);  // c was skipped
  ASSERT_EQ(r.legs[0].steps.size(), 3U);
  EXPECT_EQ(r.legs[0].steps[2].outcome, status::skipped);
  EXPECT_EQ(r.job_results[0], status::success);  // counts as success for dependents
  EXPECT_DOUBLE_EQ(r.legs[1].start, 30);
  EXPECT_DOUBLE_EQ(r.legs[2].end, 45);
  EXPECT_EQ(r.conclusion, status::success);
  EXPECT_DOUBLE_EQ(r.makespan, 70);
}

TEST(SimulateSteps, AFailFastCancellationCutsTheRunningStep) {
  std::vector<job_spec> jobs(1);
  jobs[0].id = "t";
  jobs[0].legs = {leg_spec("t (1)", "", 10, status::failure), leg_spec("t (2)", "", 0)};
  jobs[0].legs[1].steps = {step("a", 5), step("b", 20), step("c", 5)};
  const run_result r = simulate(jobs);
  const leg_run& l = r.legs[1];
  EXPECT_EQ(l.result, status::cancelled);
  EXPECT_DOUBLE_EQ(l.end, 10);
  ASSERT_EQ(l.steps.size(), 3U);
  EXPECT_EQ(l.steps[0].outcome, status::success);
  EXPECT_EQ(l.steps[1].outcome, status::cancelled);
  EXPECT_DOUBLE_EQ(l.steps[1].end, 10);
  EXPECT_EQ(l.steps[2].outcome, status::skipped);
  EXPECT_EQ(l.steps[2].reason, "the job was cancelled");
}

TEST(MonteCarloSteps, ACertainFailureStopsAtTheFirstStep) {
  std::vector<job_spec> jobs(1);
  jobs[0].id = "j";
  jobs[0].legs = {leg_spec("j", "", 60)};
  jobs[0].legs[0].steps = {step("a", 10), step("b", 50)};
  const std::vector<double> p{1.0};
  const monte_carlo_result m = monte_carlo(jobs, p, 20, 7);
  EXPECT_DOUBLE_EQ(m.failure_rate, 1.0);
  EXPECT_DOUBLE_EQ(m.makespan_p95, 10.0);  // step a fails, b is skipped
  const monte_carlo_result none = monte_carlo(jobs, std::vector<double>{0.0}, 5, 7);
  EXPECT_DOUBLE_EQ(none.makespan_p50, 60.0);
  EXPECT_DOUBLE_EQ(none.failure_rate, 0.0);
}

namespace {

const char* const steps_workflow = R"(on: push
env:
  MODE: fast
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: [linux, windows]
    steps:
      - id: checkout
        uses: actions/checkout@v4
      - id: compile
        run: make
        continue-on-error: ${{ matrix.os == 'windows' }}
      - name: Report
        if: steps.compile.outcome == 'failure'
        run: echo compile failed
      - name: Linux only
        if: matrix.os == 'linux' && env.MODE == 'fast'
        run: echo linux
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - id: unit
        run: |
          pytest
          coverage
        timeout-minutes: 2
      - name: Upload
        if: always()
        run: upload
      - name: Never
        run: echo never
)";

plan_options steps_options() {
  plan_options o;
  o.durations = {{"build.checkout", 10}, {"build.compile", 100}, {"test.unit", 600}};
  o.outcomes = {{"build (windows).compile", status::failure}};
  return o;
}

}  // namespace

TEST(PlanSteps, AWorkflowsStepsRunWithTheirConditionsDurationsAndTimeouts) {
  auto wf = yaml::load_workflow(steps_workflow);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf, steps_options());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->diagnostics.empty());
  ASSERT_EQ(p->specs[0].legs.size(), 2U);
  const leg_spec& linux_spec = p->specs[0].legs[0];
  ASSERT_EQ(linux_spec.steps.size(), 4U);
  EXPECT_EQ(linux_spec.steps[0].name, "Run actions/checkout@v4");
  EXPECT_EQ(linux_spec.steps[2].name, "Report");
  EXPECT_FALSE(linux_spec.steps[2].visible);  // generated id: not in `steps`
  // Report and Linux only share the default 60 s: 30 each; the estimate is the sum.
  EXPECT_DOUBLE_EQ(linux_spec.steps[3].duration, 30);
  EXPECT_DOUBLE_EQ(linux_spec.duration, 170);
  EXPECT_EQ(p->specs[1].legs[0].steps[0].name, "Run pytest");
  EXPECT_DOUBLE_EQ(p->specs[1].legs[0].steps[0].timeout, 120);

  const run_result r = run_plan(*p);
  // build (linux): checkout 0-10, compile 10-110, Report skipped, Linux only 110-140.
  const leg_run& lin = r.legs[0];
  ASSERT_EQ(lin.steps.size(), 4U);
  EXPECT_EQ(lin.steps[1].outcome, status::success);
  EXPECT_EQ(lin.steps[2].outcome, status::skipped);
  EXPECT_EQ(lin.steps[2].reason,
            "condition `success() && (steps.compile.outcome == 'failure')` is false");
  EXPECT_EQ(lin.steps[3].outcome, status::success);
  EXPECT_DOUBLE_EQ(lin.end, 140);
  // build (windows): compile fails with continue-on-error, Report runs, Linux only skipped.
  const leg_run& win = r.legs[1];
  EXPECT_EQ(win.steps[1].outcome, status::failure);
  EXPECT_EQ(win.steps[1].conclusion, status::success);
  EXPECT_EQ(win.steps[2].outcome, status::success);
  EXPECT_DOUBLE_EQ(win.steps[2].end, 140);
  EXPECT_EQ(win.steps[3].outcome, status::skipped);
  EXPECT_EQ(win.result, status::success);
  EXPECT_EQ(r.job_results[0], status::success);
  // test: unit times out at 140 + 120, Upload (always) 260-290, Never skipped.
  const leg_run& t = r.legs[2];
  EXPECT_DOUBLE_EQ(t.start, 140);
  EXPECT_EQ(t.steps[0].outcome, status::failure);
  EXPECT_EQ(t.steps[0].reason, "timed out after 2 minutes");
  EXPECT_DOUBLE_EQ(t.steps[1].start, 260);
  EXPECT_EQ(t.steps[1].outcome, status::success);
  EXPECT_EQ(t.steps[2].reason, "success() is false: step 'Run pytest' failed");
  EXPECT_DOUBLE_EQ(t.end, 290);
  EXPECT_EQ(r.job_results[1], status::failure);
  EXPECT_EQ(r.conclusion, status::failure);
  EXPECT_DOUBLE_EQ(r.makespan, 290);
  EXPECT_DOUBLE_EQ(r.billed_minutes, 3 + 3 + 3);  // 140 s, 140 s, 150 s

  // The JSON export lists each leg's steps (schema 1.1 on).
  const value j = export_::plan_json(*p, &r);
  EXPECT_EQ(j["schema"].as_string(), "pipewright.plan/1.4");
  const value& st = j["jobs"][1]["legs"][0]["steps"];
  ASSERT_TRUE(st.is_array());
  ASSERT_EQ(st.as_array().size(), 3U);
  EXPECT_EQ(st[0]["id"].as_string(), "unit");
  EXPECT_EQ(st[0]["outcome"].as_string(), "failure");
  EXPECT_EQ(st[0]["reason"].as_string(), "timed out after 2 minutes");
  EXPECT_EQ(st[1]["name"].as_string(), "Upload");
  EXPECT_DOUBLE_EQ(st[1]["start"].as_number(), 260);
  EXPECT_EQ(st[2]["conclusion"].as_string(), "skipped");
}

TEST(PlanSteps, AJobLevelFailureGoesToTheLastStepAndAnUnreadCallRunsNoLeg) {
  auto wf = yaml::load_workflow(R"(on: push
jobs:
  call:
    uses: ./.github/workflows/reuse.yml
  build:
    runs-on: ubuntu-latest
    steps:
      - run: one
      - run: two
)");
  ASSERT_TRUE(wf.ok());
  plan_options o;
  o.outcomes = {{"build", status::failure}};
  auto p = make_plan(*wf, o);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->specs[0].legs[0].steps.empty());
  const run_result r = run_plan(*p);
  // No called workflow was given: the call waits for it (reusable_test.cpp).
  EXPECT_EQ(r.legs[0].result, status::undetermined);
  EXPECT_FALSE(r.legs[0].ran());
  ASSERT_EQ(r.legs[1].steps.size(), 2U);
  EXPECT_EQ(r.legs[1].steps[0].outcome, status::success);
  EXPECT_EQ(r.legs[1].steps[1].outcome, status::failure);
  EXPECT_DOUBLE_EQ(r.legs[1].end, 60);  // 30 + 30
  EXPECT_EQ(r.job_results[1], status::failure);
}

TEST(ChromeTraceSteps, StepsAreSlicesNestedInTheirLeg) {
  std::vector<job_spec> jobs(1);
  jobs[0].id = "b";
  jobs[0].legs = {leg_spec("b", "", 0)};
  jobs[0].legs[0].steps = {step("x", 2), step("y", 3, status::failure), step("z", 1)};
  const run_result r = simulate(jobs);
  // clang-format off
  const std::string expected =
      R"json({"traceEvents":[
{"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"(default)"}},
{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"slot 1"}},
{"name":"b","cat":"b","ph":"X","ts":0,"dur":5000000,"pid":1,"tid":1,"args":{"job":"b","status":"failure"}},
{"name":"Run x","cat":"step","ph":"X","ts":0,"dur":2000000,"pid":1,"tid":1,"args":{"job":"b","step":"x","outcome":"success","conclusion":"success"}},
{"name":"Run y","cat":"step","ph":"X","ts":2000000,"dur":3000000,"pid":1,"tid":1,"args":{"job":"b","step":"y","outcome":"failure","conclusion":"failure"}}
],"displayTimeUnit":"ms"}
)json";
  // clang-format on
  const std::string trace = export_::to_chrome_trace(jobs, r);
  EXPECT_EQ(trace, expected);
  EXPECT_TRUE(json::parse(trace).ok());
}

TEST(PlanSteps, AStepTimeoutAboveTheMaximumIsCappedWithPW0706) {
  auto wf = yaml::load_workflow(R"(on: push
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2]
    steps:
      - run: long
        timeout-minutes: 400
      - run: short
        timeout-minutes: 0
)");
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->diagnostics.size(), 2U);  // once per step, not once per leg
  EXPECT_EQ(p->diagnostics[0].code, "PW0706");
  EXPECT_EQ(p->diagnostics[0].level, severity::warning);
  EXPECT_EQ(p->diagnostics[0].message,
            "job 'build' step 'Run long': timeout-minutes is 400, not a positive number of at "
            "most 360");
  EXPECT_DOUBLE_EQ(p->specs[0].legs[1].steps[0].timeout, 360 * 60);
  EXPECT_DOUBLE_EQ(p->specs[0].legs[1].steps[1].timeout, 0);  // ignored
}

namespace {

const char* const env_steps_workflow = R"(on: push
env:
  LEVEL: top
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      TARGET: ${{ matrix.arch }}-x
    strategy:
      matrix:
        arch: [x64, arm64]
    steps:
      - name: Build ${{ env.TARGET }}
        run: make
      - name: Only x64
        if: env.TARGET == 'x64-x' && env.LEVEL == 'top'
        run: echo x64
      - name: Own env
        if: env.OWN == 'arm64-own' && env.TARGET == 'arm64-x'
        env:
          OWN: ${{ matrix.arch }}-own
        run: echo own
)";

}  // namespace

// The step context (the leg's `env` interpolated) is built when a step needs it; the plan
// owns what it is built from, so it still works when the workflow is gone.
TEST(PlanSteps, StepConditionsSeeTheLegsEnvAfterTheWorkflowIsGone) {
  std::optional<plan> p;
  {
    auto wf = yaml::load_workflow(env_steps_workflow);
    ASSERT_TRUE(wf.ok());
    auto made = make_plan(*wf);
    ASSERT_TRUE(made.ok());
    p = std::move(*made);
  }
  ASSERT_EQ(p->specs[0].legs.size(), 2U);
  ASSERT_EQ(p->specs[0].legs[0].steps.size(), 3U);
  EXPECT_EQ(p->specs[0].legs[0].steps[0].name, "Build x64-x");
  EXPECT_EQ(p->specs[0].legs[1].steps[0].name, "Build arm64-x");
  EXPECT_EQ(p->specs[0].legs[1].steps[1].name, "Only x64");
  for (int round = 0; round < 2; ++round) {  // the second run reuses the built contexts
    const run_result r = run_plan(*p);
    ASSERT_EQ(r.legs.size(), 2U);
    ASSERT_EQ(r.legs[0].steps.size(), 3U);
    ASSERT_EQ(r.legs[1].steps.size(), 3U);
    EXPECT_EQ(r.legs[0].steps[1].outcome, status::success);
    EXPECT_EQ(r.legs[0].steps[2].outcome, status::skipped);
    EXPECT_EQ(r.legs[1].steps[1].outcome, status::skipped);
    EXPECT_EQ(r.legs[1].steps[2].outcome, status::success);
  }
}

namespace {

const char* const read_contexts_workflow = R"(on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: lint
  build:
    needs: lint
    if: always()
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        mode: [debug, tsan]
    steps:
      - id: compile
        run: make
        continue-on-error: true
      - name: Not tsan
        if: matrix.mode != 'tsan' && github.event_name == 'push'
        run: echo not tsan
      - name: After a failed compile
        if: steps.compile.outcome == 'failure' && steps.compile.conclusion == 'success'
        run: echo failed
      - name: Lint failed
        if: always() && needs.lint.result == 'failure' && job.status == 'success'
        run: echo lint
      - id: breaks
        run: make check
      - name: Job failed
        if: failure() && job.status == 'failure' && Steps.breaks.outcome == 'failure'
        run: echo job failed
      - name: Job still successful
        if: always() && JOB.status == 'success'
        run: echo never
)";

}  // namespace

// A step's `if:` reads each context it names (and only those are built): the matrix, the
// steps before it (outcome and conclusion), the needs' results and the job's status, which
// changes as steps fail.
TEST(PlanSteps, StepConditionsReadTheMatrixStepsNeedsAndTheJobStatus) {
  auto wf = yaml::load_workflow(read_contexts_workflow);
  ASSERT_TRUE(wf.ok());
  plan_options o;
  o.outcomes = {{"lint", status::failure},
                {"build (tsan).compile", status::failure},
                {"build.breaks", status::failure}};
  auto p = make_plan(*wf, o);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->diagnostics.empty());
  for (int round = 0; round < 2; ++round) {
    const run_result r = run_plan(*p);
    ASSERT_EQ(r.legs.size(), 3U);
    EXPECT_EQ(r.job_results[0], status::failure);
    const leg_run& debug = r.legs[1];
    const leg_run& tsan = r.legs[2];
    ASSERT_EQ(debug.steps.size(), 7U);
    ASSERT_EQ(tsan.steps.size(), 7U);
    // debug: compile succeeds.
    EXPECT_EQ(debug.steps[0].outcome, status::success);
    EXPECT_EQ(debug.steps[1].outcome, status::success);  // not tsan
    EXPECT_EQ(debug.steps[2].outcome, status::skipped);  // compile did not fail
    EXPECT_EQ(debug.steps[3].outcome, status::success);  // lint failed, job still success
    EXPECT_EQ(debug.steps[4].outcome, status::failure);
    EXPECT_EQ(debug.steps[5].outcome, status::success);  // job.status failure
    EXPECT_EQ(debug.steps[6].outcome, status::skipped);
    EXPECT_EQ(debug.steps[6].reason, "condition `always() && JOB.status == 'success'` is false");
    // tsan: compile fails (outcome failure, conclusion success: continue-on-error).
    EXPECT_EQ(tsan.steps[0].outcome, status::failure);
    EXPECT_EQ(tsan.steps[0].conclusion, status::success);
    EXPECT_EQ(tsan.steps[1].outcome, status::skipped);
    EXPECT_EQ(tsan.steps[1].reason,
              "condition `success() && (matrix.mode != 'tsan' && github.event_name == 'push')` "
              "is false");
    EXPECT_EQ(tsan.steps[2].outcome, status::success);
    EXPECT_EQ(tsan.steps[3].outcome, status::success);
    EXPECT_EQ(tsan.steps[4].outcome, status::failure);
    EXPECT_EQ(tsan.steps[5].outcome, status::success);
    EXPECT_EQ(tsan.steps[6].outcome, status::skipped);
    EXPECT_EQ(r.job_results[1], status::failure);
  }
}

// A plan's step conditions refer to one shared source per job by leg and step; each leg's
// `if:` still sees that leg's matrix, strategy and env, and copies of a leg evaluate alike.
const char* const per_leg_workflow = R"(on: push
env:
  LEVEL: ${{ github.event_name }}
jobs:
  test:
    name: test ${{ strategy.job-index }} of ${{ strategy.job-total }}
    runs-on: ${{ matrix.os }}-${{ strategy.job-index }}
    strategy:
      max-parallel: 2
      matrix:
        os: [linux, mac, windows]
    env:
      TARGET: ${{ matrix.os }}
    steps:
      - name: Build on ${{ matrix.os }}
        run: make
      - name: Second leg
        if: strategy.job-index == 1 && strategy.max-parallel == 2
        run: echo second
      - name: Windows by env
        if: env.TARGET == 'windows' && env.LEVEL == 'push'
        run: echo windows
      - name: Own env
        if: env.OWN == 'mac-1'
        env:
          OWN: ${{ matrix.os }}-${{ strategy.job-index }}
        run: echo own
)";

TEST(PlanSteps, EachLegsStepConditionsSeeItsMatrixStrategyAndEnv) {
  auto wf = yaml::load_workflow(per_leg_workflow);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->diagnostics.empty());
  ASSERT_EQ(p->specs.size(), 1U);
  const std::vector<leg_spec>& legs = p->specs[0].legs;
  ASSERT_EQ(legs.size(), 3U);
  EXPECT_EQ(legs[0].name, "test 0 of 3");
  EXPECT_EQ(legs[2].name, "test 2 of 3");
  EXPECT_EQ(p->jobs[0].legs[1].name, "test 1 of 3");
  EXPECT_EQ(legs[0].runner, "linux-0");
  EXPECT_EQ(legs[1].runner, "mac-1");
  EXPECT_EQ(legs[0].steps[0].name, "Build on linux");
  EXPECT_EQ(legs[2].steps[0].name, "Build on windows");
  ASSERT_EQ(legs[1].steps.size(), 4U);
  EXPECT_TRUE(static_cast<bool>(legs[1].steps[1].condition));
  EXPECT_FALSE(static_cast<bool>(legs[1].steps[0].condition));  // success()
  // The legs copied out of the plan, which then goes away, keep their conditions.
  std::vector<leg_spec> copied = legs;
  p = make_plan(*wf);
  const std::vector<status> expected[3] = {
      {status::success, status::skipped, status::skipped, status::skipped},   // linux
      {status::success, status::success, status::skipped, status::success},   // mac
      {status::success, status::skipped, status::success, status::skipped}};  // windows
  for (std::size_t l = 0; l < copied.size(); ++l) {
    const leg_execution e = run_steps(copied[l].steps, 0);
    ASSERT_EQ(e.steps.size(), 4U);
    for (std::size_t s = 0; s < 4; ++s) {
      EXPECT_EQ(e.steps[s].outcome, expected[l][s]) << "leg " << l << " step " << s;
    }
  }
}

TEST(StepCondition, HoldsACallableOrAStepOfASharedSource) {
  struct odd_steps final : step_condition_source {
    [[nodiscard]] bool evaluate(const step_view&, std::uint32_t leg,
                                std::uint32_t step) const override {
      return (leg + step) % 2 == 1;
    }
  };
  const step_view view(status::success, {}, {});
  const step_condition none;
  EXPECT_FALSE(static_cast<bool>(none));
  const step_condition null_one = nullptr;
  EXPECT_FALSE(static_cast<bool>(null_one));
  const step_condition callable = [](const step_view& v) { return v.success(); };
  ASSERT_TRUE(static_cast<bool>(callable));
  EXPECT_TRUE(callable(view));
  auto source = std::make_shared<const odd_steps>();
  const step_condition a(source, 1, 0);
  const step_condition b(source, 1, 1);
  const step_condition a_copy = a;
  source.reset();  // the conditions share it
  EXPECT_TRUE(a(view));
  EXPECT_FALSE(b(view));
  EXPECT_TRUE(a_copy(view));
}
