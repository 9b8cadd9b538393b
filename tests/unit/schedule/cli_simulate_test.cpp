// `pipewright simulate --repeat/--interval` (several runs of one event through
// simulate_runs) and `--steps`, run in-process. Expectations by hand from
// tests/data/schedule/cli/deploy.yml: one job of two steps, 100 s by default (50 s each),
// workflow concurrency group `deploy-refs/heads/main` without cancel-in-progress.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "../../../cli/app.hpp"
#include "../../../cli/cmd_simulate.hpp"
#include "cli_support.hpp"
#include "pipewright/value/json.hpp"

using namespace pipewright;

namespace {

using test::captured;

captured simulate(std::vector<std::string> argv) {
  argv.insert(argv.begin(), PIPEWRIGHT_TEST_DATA_DIR "/schedule/cli/deploy.yml");
  return test::run_cli(cli::run_simulate, argv);
}

}  // namespace

TEST(CliSimulateRepeat, ThreeRunsInOneGroupTheMiddleOneIsReplacedWhilePending) {
  // Run 1 0-100; run 2 arrives at 30 and waits; run 3 arrives at 60 and replaces it;
  // run 3 starts when run 1 ends: 100-200.
  const captured c = simulate({"--repeat", "3", "--interval", "30", "--default-duration", "100"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.out.find("3 runs, one every 30 s; concurrency: 'deploy-refs/heads/main'\n"),
            std::string::npos)
      << c.out;
  EXPECT_NE(c.out.find("  1       0       0     100  success\n"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("  2      30       -       -  cancelled  (replaced by a newer pending "
                       "run in concurrency group 'deploy-refs/heads/main')\n"),
            std::string::npos)
      << c.out;
  EXPECT_NE(c.out.find("  3      60     100     200  success\n"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("makespan: 200 s"), std::string::npos);
  EXPECT_NE(c.out.find("billed minutes: 4\n"), std::string::npos);  // 2 + 0 + 2
}

TEST(CliSimulateRepeat, JsonListsEachRun) {
  const captured c = simulate(
      {"--repeat", "2", "--interval", "150", "--default-duration", "100", "--format", "json"});
  ASSERT_EQ(c.status, 0) << c.err;
  auto v = json::parse(c.out);
  ASSERT_TRUE(v.ok()) << c.out;
  EXPECT_EQ((*v)["schema"].as_string(), "pipewright.runs/1");
  const value& runs = (*v)["workflow_runs"];
  ASSERT_EQ(runs.as_array().size(), 2U);
  // No overlap: the second run starts on arrival.
  EXPECT_DOUBLE_EQ(runs[1]["start"].as_number(), 150);
  EXPECT_DOUBLE_EQ(runs[1]["end"].as_number(), 250);
  EXPECT_EQ(runs[1]["conclusion"].as_string(), "success");
  EXPECT_DOUBLE_EQ((*v)["makespan"].as_number(), 250);
}

TEST(CliSimulateRepeat, BadCombinationsAreUsageErrors) {
  EXPECT_EQ(simulate({"--repeat", "0"}).status, 2);
  EXPECT_EQ(simulate({"--repeat", "20000"}).status, 2);
  EXPECT_EQ(simulate({"--interval", "5"}).status, 2);
  EXPECT_EQ(simulate({"--repeat", "2", "--runs", "5"}).status, 2);
  EXPECT_EQ(simulate({"--repeat", "2", "--format", "gantt"}).status, 2);
}

TEST(CliSimulateSteps, StepsListsEachStepUnderItsLeg) {
  const captured c =
      simulate({"--steps", "--default-duration", "100", "--outcome", "build.compile=failure"});
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.out.find("     0      50  failure    build\n"
                       "       0      50    failure            Run make\n"
                       "      50      50    skipped            Package  (success() is false: "
                       "step 'Run make' failed)\n"),
            std::string::npos)
      << c.out;
}
