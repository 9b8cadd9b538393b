#include "pipewright/schedule/simulate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace pipewright::schedule;

namespace {

leg_spec leg(std::string name, double seconds, status outcome = status::success,
             std::string runner = "ubuntu-latest") {
  leg_spec l;
  l.name = std::move(name);
  l.duration = seconds;
  l.outcome = outcome;
  l.runner = std::move(runner);
  return l;
}

job_spec job(std::string id, std::vector<std::uint32_t> needs, std::vector<leg_spec> legs) {
  job_spec j;
  j.id = std::move(id);
  j.needs = std::move(needs);
  j.legs = std::move(legs);
  return j;
}

const leg_run& leg_of(const run_result& r, std::uint32_t job, std::uint32_t k = 0) {
  for (const leg_run& l : r.legs) {
    if (l.job == job && l.leg == k) return l;
  }
  throw std::out_of_range("no such leg");
}

}  // namespace

TEST(Simulate, AChainRunsInOrder) {
  const std::vector<job_spec> jobs{job("build", {}, {leg("build", 120)}),
                                   job("test", {0}, {leg("test", 300)}),
                                   job("deploy", {1}, {leg("deploy", 60)})};
  const run_result r = simulate(jobs);
  EXPECT_EQ(leg_of(r, 1).start, 120);
  EXPECT_EQ(leg_of(r, 2).start, 420);
  EXPECT_EQ(r.makespan, 480);
  EXPECT_EQ(r.critical_path, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(r.conclusion, status::success);
  EXPECT_EQ(r.billed_minutes, 2 + 5 + 1);
}

TEST(Simulate, AFailureSkipsDependentsWithTheDefaultCondition) {
  std::vector<job_spec> jobs{
      job("build", {}, {leg("build", 60, status::failure)}), job("test", {0}, {leg("test", 60)}),
      job("notify", {0}, {leg("notify", 10)}), job("deploy", {1}, {leg("deploy", 10)})};
  jobs[2].condition = [](const condition_view&) { return true; };  // always()
  jobs[2].condition_text = "always()";
  const run_result r = simulate(jobs);
  EXPECT_EQ(r.job_results[0], status::failure);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.job_reasons[1], "success() is false: needed job 'build' failed");
  EXPECT_EQ(r.job_results[2], status::success);
  // The skip propagates: deploy's ancestor test was skipped.
  EXPECT_EQ(r.job_results[3], status::skipped);
  EXPECT_EQ(r.job_reasons[3], "success() is false: needed job 'test' was skipped");
  EXPECT_EQ(r.conclusion, status::failure);
}

TEST(Simulate, FailureConditionRunsAfterATransitiveFailure) {
  std::vector<job_spec> jobs{job("a", {}, {leg("a", 10, status::failure)}),
                             job("b", {0}, {leg("b", 10)}),
                             job("report", {1}, {leg("report", 10)})};
  jobs[2].condition = [](const condition_view& v) { return v.failure(); };
  jobs[2].condition_text = "failure()";
  const run_result r = simulate(jobs);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.job_results[2], status::success);  // a failed upstream of b
}

TEST(Simulate, ContinueOnErrorCountsAsSuccessForDependents) {
  std::vector<job_spec> jobs{job("lint", {}, {leg("lint", 30, status::failure)}),
                             job("build", {0}, {leg("build", 30)})};
  jobs[0].legs[0].continue_on_error = true;
  const run_result r = simulate(jobs);
  EXPECT_EQ(leg_of(r, 0).result, status::failure);
  EXPECT_EQ(r.job_results[0], status::success);
  EXPECT_EQ(r.job_results[1], status::success);
  EXPECT_EQ(r.conclusion, status::success);
}

TEST(Simulate, FailFastCancelsTheOtherLegsOfTheMatrix) {
  std::vector<job_spec> jobs{
      job("test", {},
          {leg("test (a)", 100), leg("test (b)", 10, status::failure), leg("test (c)", 100)})};
  const run_result r = simulate(jobs);
  EXPECT_EQ(leg_of(r, 0, 1).result, status::failure);
  EXPECT_EQ(leg_of(r, 0, 0).result, status::cancelled);
  EXPECT_EQ(leg_of(r, 0, 0).end, 10);
  EXPECT_EQ(leg_of(r, 0, 0).reason, "fail-fast: 'test (b)' failed");
  EXPECT_EQ(r.job_results[0], status::failure);

  jobs[0].fail_fast = false;
  const run_result slow = simulate(jobs);
  EXPECT_EQ(leg_of(slow, 0, 0).result, status::success);
  EXPECT_EQ(slow.makespan, 100);
}

TEST(Simulate, ALegWithContinueOnErrorDoesNotTriggerFailFast) {
  std::vector<job_spec> jobs{
      job("test", {}, {leg("stable", 100), leg("experimental", 10, status::failure)})};
  jobs[0].legs[1].continue_on_error = true;
  const run_result r = simulate(jobs);
  EXPECT_EQ(leg_of(r, 0, 0).result, status::success);
  EXPECT_EQ(r.job_results[0], status::success);
}

TEST(Simulate, MaxParallelLimitsRunningLegs) {
  std::vector<job_spec> jobs{
      job("t", {}, {leg("1", 10), leg("2", 10), leg("3", 10), leg("4", 10)})};
  jobs[0].max_parallel = 2;
  const run_result r = simulate(jobs);
  EXPECT_EQ(leg_of(r, 0, 2).start, 10);
  EXPECT_EQ(r.makespan, 20);
}

TEST(Simulate, RunnerPoolsQueueAndBillWithMultipliers) {
  const std::vector<job_spec> jobs{
      job("mac", {},
          {leg("mac 1", 90, status::success, "macos-latest"),
           leg("mac 2", 90, status::success, "macos-latest")}),
      job("win", {}, {leg("win", 30, status::success, "windows-latest")})};
  simulate_options o;
  o.pools.push_back({"macos-latest", 1});
  const run_result r = simulate(jobs, o);
  EXPECT_EQ(leg_of(r, 0, 1).start, 90);
  EXPECT_EQ(r.makespan, 180);
  EXPECT_EQ(r.billed_minutes, 2 * 10 + 2 * 10 + 1 * 2);
  ASSERT_EQ(r.utilization.size(), 1u);
  EXPECT_EQ(r.utilization[0].second, 1.0);
}

TEST(Simulate, CriticalPathFirstBeatsDeclarationOrderOnAScarcePool) {
  // One runner. 'short' is declared first but 'long' heads a longer chain.
  const std::vector<job_spec> jobs{
      job("short", {}, {leg("short", 10, status::success, "r")}),
      job("long", {}, {leg("long", 10, status::success, "r")}),
      job("after", {1}, {leg("after", 100, status::success, "other")})};
  simulate_options o;
  o.pools.push_back({"r", 1});
  o.order = order_policy::declaration;
  EXPECT_EQ(simulate(jobs, o).makespan, 120);
  o.order = order_policy::critical_path_first;
  EXPECT_EQ(simulate(jobs, o).makespan, 110);
}

TEST(Simulate, ConcurrencyGroupsHoldOneRunningAndOnePending) {
  std::vector<job_spec> jobs{job("deploy-a", {}, {leg("a", 50)}),
                             job("deploy-b", {}, {leg("b", 50)}),
                             job("deploy-c", {}, {leg("c", 50)})};
  for (auto& j : jobs) j.legs[0].concurrency_group = "Prod";
  jobs[2].legs[0].concurrency_group = "prod";  // groups ignore case
  const run_result r = simulate(jobs);
  EXPECT_EQ(leg_of(r, 0).result, status::success);
  EXPECT_EQ(leg_of(r, 1).result, status::cancelled);  // pending, replaced by c
  EXPECT_EQ(leg_of(r, 2).start, 50);
  EXPECT_EQ(r.conclusion, status::cancelled);

  for (auto& j : jobs) j.legs[0].cancel_in_progress = true;
  const run_result c = simulate(jobs);
  EXPECT_EQ(leg_of(c, 0).result, status::cancelled);
  EXPECT_EQ(leg_of(c, 2).result, status::success);
}

TEST(Simulate, AConditionThatReportsAnErrorFailsTheJob) {
  std::vector<job_spec> jobs{job("a", {}, {leg("a", 60)}),
                             job("b", {0}, {leg("b1", 60), leg("b2", 60)}),
                             job("c", {1}, {leg("c", 60)})};
  jobs[1].condition = [](const condition_view& v) {
    v.report_error("bad value");
    return true;  // ignored once an error is reported
  };
  jobs[2].condition = [](const condition_view& v) { return v.failure(); };
  const run_result r = simulate(jobs);
  EXPECT_EQ(r.job_results[1], status::failure);
  EXPECT_EQ(r.job_reasons[1], "if: could not be evaluated: bad value");
  EXPECT_EQ(leg_of(r, 1, 1).result, status::failure);
  EXPECT_FALSE(leg_of(r, 1, 1).ran());
  EXPECT_EQ(r.job_results[2], status::success);  // failure() sees b's failure
  EXPECT_EQ(r.conclusion, status::failure);
  EXPECT_DOUBLE_EQ(r.makespan, 120.0);
}

TEST(SimulateRuns, AWorkflowGroupHoldsOneRunningAndOnePendingRun) {
  const std::vector<job_spec> jobs{job("build", {}, {leg("build", 100)})};
  std::vector<workflow_run> runs(3);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    runs[i].jobs = jobs;
    runs[i].arrival = 10.0 * static_cast<double>(i);
    runs[i].concurrency_group = i == 1 ? "CI-main" : "ci-main";  // compared ignoring case
  }
  const std::vector<run_result> r = simulate_runs(runs);
  ASSERT_EQ(r.size(), 3U);
  EXPECT_EQ(r[0].conclusion, status::success);
  EXPECT_DOUBLE_EQ(r[0].legs[0].end, 100.0);
  // The second waited as the pending run and was replaced by the third at t=20.
  EXPECT_EQ(r[1].conclusion, status::cancelled);
  EXPECT_EQ(r[1].legs[0].result, status::cancelled);
  EXPECT_DOUBLE_EQ(r[1].legs[0].end, 20.0);
  EXPECT_EQ(r[1].job_reasons[0], "replaced by a newer pending run in concurrency group 'ci-main'");
  EXPECT_DOUBLE_EQ(r[1].billed_minutes, 0.0);
  // The third started when the first finished.
  EXPECT_EQ(r[2].conclusion, status::success);
  EXPECT_DOUBLE_EQ(r[2].legs[0].start, 100.0);
  EXPECT_DOUBLE_EQ(r[2].legs[0].end, 200.0);
  EXPECT_DOUBLE_EQ(r[2].makespan, 100.0);
}

TEST(SimulateRuns, CancelInProgressCancelsTheRunningRunAndWaitsForItsAlwaysJobs) {
  std::vector<job_spec> jobs{job("build", {}, {leg("build", 100)}),
                             job("deploy", {0}, {leg("deploy", 100)}),
                             job("cleanup", {1}, {leg("cleanup", 30)})};
  jobs[2].condition = [](const condition_view&) { return true; };  // always()
  std::vector<workflow_run> runs(2);
  runs[0].jobs = jobs;
  runs[1].jobs = jobs;
  runs[1].arrival = 50;
  for (workflow_run& w : runs) {
    w.concurrency_group = "deploy";
    w.cancel_in_progress = true;
  }
  const std::vector<run_result> r = simulate_runs(runs);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].job_results[0], status::cancelled);
  EXPECT_DOUBLE_EQ(leg_of(r[0], 0).end, 50.0);
  EXPECT_EQ(leg_of(r[0], 0).reason,
            "cancelled by a newer run in concurrency group 'deploy' (cancel-in-progress)");
  EXPECT_EQ(r[0].job_results[1], status::skipped);
  EXPECT_EQ(r[0].job_results[2], status::success);  // always() still runs, 50..80
  EXPECT_DOUBLE_EQ(leg_of(r[0], 2).start, 50.0);
  EXPECT_EQ(r[0].conclusion, status::cancelled);
  // The newer run starts once the cancelled one has finished (its cleanup ends at 80).
  EXPECT_EQ(r[1].conclusion, status::success);
  EXPECT_DOUBLE_EQ(leg_of(r[1], 0).start, 80.0);
  EXPECT_DOUBLE_EQ(leg_of(r[1], 2).end, 310.0);
  EXPECT_EQ(leg_of(r[1], 2).job, 2U);  // indices are local to the run
}

TEST(SimulateRuns, RunsWithoutAGroupOverlapAndShareJobGroups) {
  std::vector<job_spec> jobs{job("deploy", {}, {leg("deploy", 100)})};
  jobs[0].legs[0].concurrency_group = "prod";
  std::vector<workflow_run> runs(2);
  runs[0].jobs = jobs;
  runs[1].jobs = jobs;
  runs[1].arrival = 10;
  const std::vector<run_result> r = simulate_runs(runs);
  // No workflow group: both runs start, but the job-level group queues the second deploy.
  EXPECT_DOUBLE_EQ(leg_of(r[1], 0).ready, 10.0);
  EXPECT_DOUBLE_EQ(leg_of(r[1], 0).start, 100.0);
  EXPECT_EQ(r[1].conclusion, status::success);
}

TEST(Simulate, ACycleLeavesItsJobsSkippedWithAReason) {
  const std::vector<job_spec> jobs{job("a", {1}, {leg("a", 1)}), job("b", {0}, {leg("b", 1)}),
                                   job("c", {}, {leg("c", 1)})};
  const run_result r = simulate(jobs);
  EXPECT_EQ(r.job_results[0], status::skipped);
  EXPECT_EQ(r.job_reasons[0], "never eligible: its needs form a cycle");
  EXPECT_EQ(r.job_results[2], status::success);
}

TEST(MonteCarlo, IsDeterministicForASeedAndGivesPercentiles) {
  const std::vector<job_spec> jobs{job("build", {}, {leg("build", 60)}),
                                   job("test", {0}, {leg("test", 120)})};
  const std::vector<double> p{0.0, 0.5};
  const auto a = monte_carlo(jobs, p, 400, 42);
  const auto b = monte_carlo(jobs, p, 400, 42);
  EXPECT_EQ(a.failure_rate, b.failure_rate);
  EXPECT_GT(a.failure_rate, 0.35);
  EXPECT_LT(a.failure_rate, 0.65);
  EXPECT_EQ(a.makespan_p50, 180);
  EXPECT_EQ(a.job_failure_rate[0], 0.0);
}

TEST(Simulate, LargeRunsStayFast) {
  // 10^5 legs in 1,000 jobs of 100 legs, each job needing the previous one: no timing
  // assertion, but the run must complete and be consistent.
  std::vector<job_spec> jobs;
  for (std::uint32_t j = 0; j < 1000; ++j) {
    std::vector<leg_spec> legs;
    for (int k = 0; k < 100; ++k) legs.push_back(leg("l", 1));
    jobs.push_back(job("j" + std::to_string(j),
                       j == 0 ? std::vector<std::uint32_t>{} : std::vector<std::uint32_t>{j - 1},
                       std::move(legs)));
  }
  const run_result r = simulate(jobs);
  EXPECT_EQ(r.legs.size(), 100000u);
  EXPECT_EQ(r.makespan, 1000);
}
