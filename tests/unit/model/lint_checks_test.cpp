// Tests of the lint checks of include/pipewright/model/read.hpp that go beyond the schema:
// the trigger stage's checks run by the reader (deduplicated), filter conflicts, matrix
// exclude keys, reusable-workflow references, env names, shells, step ids.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace pw = pipewright;
namespace model = pipewright::model;
namespace codes = pipewright::codes;

namespace {

/// "line:col severity code" of every diagnostic, in order.
std::vector<std::string> found(std::string_view text) {
  const model::read_report r = pw::yaml::load_workflow_report(text);
  std::vector<std::string> out;
  for (const pw::diagnostic& d : r.diagnostics) {
    const auto lc = pw::locate(text, d.span.begin);
    out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " +
                  std::string(pw::severity_name(d.level)) + " " + d.code);
  }
  return out;
}

/// The messages of every diagnostic.
std::vector<std::string> messages(std::string_view text) {
  std::vector<std::string> out;
  for (const pw::diagnostic& d : pw::yaml::load_workflow_report(text).diagnostics) {
    out.push_back(d.message);
  }
  return out;
}

using list = std::vector<std::string>;

const std::string job =
    "jobs:\n"
    "  a:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - run: echo\n";

}  // namespace

TEST(ModelLint, FilterGlobErrorsAreReportedAtThePattern) {
  const std::string text =
      "on:\n"
      "  push:\n"
      "    branches: [main, '[z-a]']\n"
      "    paths:\n"
      "      - '!docs/**'\n" +
      job;
  // A list of only '!' patterns never matches but GitHub accepts it: a warning.
  EXPECT_EQ(found(text), (list{"3:22 error PW0507", "5:7 warning PW0508"}));
}

TEST(ModelLint, InputDeclarationsAreChecked) {
  const std::string text =
      "on:\n"
      "  workflow_dispatch:\n"
      "    inputs:\n"
      "      level:\n"
      "        type: choice\n"
      "  workflow_call:\n"
      "    inputs:\n"
      "      count:\n"
      "        type: number\n"
      "        default: many\n" +
      job;
  EXPECT_EQ(found(text), (list{"4:7 error PW0509", "10:18 error PW0509"}));
  EXPECT_EQ(messages(text)[0], "Missing 'options' for choice input 'level'");
}

TEST(ModelLint, MoreThan25DispatchInputsIsAnError) {
  std::string text = "on:\n  workflow_dispatch:\n    inputs:\n";
  for (int i = 0; i < 26; ++i) text += "      in" + std::to_string(i) + ": {}\n";
  text += job;
  EXPECT_EQ(found(text), (list{"4:7 error PW0510"}));
  // 25 are allowed.
  std::string ok = "on:\n  workflow_dispatch:\n    inputs:\n";
  for (int i = 0; i < 25; ++i) ok += "      in" + std::to_string(i) + ": {}\n";
  EXPECT_EQ(found(ok + job), list{});
}

TEST(ModelLint, AProblemTheSchemaReportsIsNotReportedTwice) {
  // A wrong input type: the schema's PW0401, not also the trigger stage's PW0509.
  const std::string type =
      "on:\n"
      "  workflow_call:\n"
      "    inputs:\n"
      "      x:\n"
      "        type: text\n" +
      job;
  EXPECT_EQ(found(type), (list{"5:15 error PW0401"}));
  // A bad cron: the reader's PW0408 only (not PW0511).
  const std::string cron = "on:\n  schedule:\n    - cron: '* * *'\n" + job;
  EXPECT_EQ(found(cron), (list{"3:13 error PW0408"}));
}

TEST(ModelLint, ConflictingFiltersAreOneErrorOnTheIgnoreKey) {
  const std::string text =
      "on:\n"
      "  push:\n"
      "    branches: [main]\n"
      "    branches-ignore: [dev]\n" +
      job;
  EXPECT_EQ(found(text), (list{"4:5 error PW0409"}));
  EXPECT_FALSE(pw::yaml::load_workflow_report(text).ok());
}

TEST(ModelLint, SchedulesMoreOftenThanEveryFiveMinutesAreAWarning) {
  const std::string text = "on:\n  schedule:\n    - cron: '*/2 * * * *'\n" + job;
  EXPECT_EQ(found(text), (list{"3:13 warning PW0512"}));
  EXPECT_EQ(found("on:\n  schedule:\n    - cron: '*/5 * * * *'\n" + job), list{});
}

TEST(ModelLint, PlanAndLintShareTheTriggerChecks) {
  // yaml::load_workflow (used by `pipewright plan`) fails on what lint reports as an error.
  const std::string text = "on:\n  push:\n    branches: ['[z-a]']\n" + job;
  const auto w = pw::yaml::load_workflow(text);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.first_error()->code, codes::trigger_invalid_pattern);
}

TEST(ModelLint, MatrixExcludeKeysMustNameAVector) {
  const std::string text =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ${{ matrix.os }}\n"
      "    strategy:\n"
      "      matrix:\n"
      "        os: [ubuntu-latest, windows-latest]\n"
      "        node: [18, 20]\n"
      "        include:\n"
      "          - os: ubuntu-latest\n"
      "            extra: added\n"
      "        exclude:\n"
      "          - OS: windows-latest\n"
      "            platform: x64\n"
      "    steps:\n"
      "      - run: echo\n";
  EXPECT_EQ(found(text), (list{"14:13 error PW0609"}));
  EXPECT_EQ(messages(text)[0],
            "Matrix exclude key 'platform' does not match any key within the matrix");
}

TEST(ModelLint, LocalWorkflowCallsTakeNoRef) {
  auto call = [](std::string_view uses) {
    return "on: push\njobs:\n  a:\n    uses: " + std::string(uses) + "\n";
  };
  EXPECT_EQ(found(call("./.github/workflows/ci.yml@main")), (list{"4:11 error PW0426"}));
  EXPECT_EQ(messages(call("./.github/workflows/ci.yml@main"))[0],
            "Invalid workflow reference './.github/workflows/ci.yml@main': cannot specify "
            "version when calling local workflows");
  for (const std::string_view good :
       {"./.github/workflows/ci.yml", "./.github/workflows/ci.yaml",
        "octo/repo/.github/workflows/ci.yml@v1", "octo/repo/.github/workflows/ci.yml@a1b2c3",
        "octo/repo/.github/workflows/ci.yml@release/v1", "$/.github/workflows/plan.yml"}) {
    EXPECT_EQ(found(call(good)), list{}) << good;
  }
  for (const std::string_view bad :
       {"owner/repo@main", "./foo/bar/workflow.yml", "/foo/bar/workflow.yml@main",
        "foo/workflow.yml@main", "octo/repo/.github/workflows/ci.yml",
        "octo/repo/.github/workflows/sub/ci.yml@v1", "octo/repo/.github/workflows/ci.txt@v1",
        "octo/repo/.github/workflows/ci.yml@v1..2", "octo/repo/.github/workflows/ci.yml@a@b",
        "octo/re po/.github/workflows/ci.yml@v1", "./.github/workflows/.yml"}) {
    EXPECT_EQ(found(call(bad)), (list{"4:11 error PW0426"})) << bad;
  }
  EXPECT_EQ(messages(call("org/repo/workflow.yml@v1"))[0],
            "Invalid workflow reference 'org/repo/workflow.yml@v1': references to workflows "
            "must be rooted in '.github/workflows'");
}

TEST(ModelLint, EnvNamesWithEqualsOrWhitespaceAreWarnings) {
  const std::string text =
      "on: push\n"
      "env:\n"
      "  FOO=BAR: 1\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-latest\n"
      "    env:\n"
      "      GOOD_NAME: 1\n"
      "    steps:\n"
      "      - run: echo\n"
      "        env:\n"
      "          FOO BAR: 2\n";
  EXPECT_EQ(found(text), (list{"3:3 warning PW0427", "12:11 warning PW0427"}));
}

TEST(ModelLint, UnknownShellsAreWarnings) {
  const std::string text =
      "on: push\n"
      "defaults:\n"
      "  run:\n"
      "    shell: fish\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - run: echo\n"
      "        shell: dash\n"
      "      - run: echo\n"
      "        shell: fish {0}\n"
      "      - run: echo\n"
      "        shell: bash -e {0}\n"
      "      - run: echo\n"
      "        shell: PowerShell\n";
  EXPECT_EQ(found(text), (list{"4:12 warning PW0428", "10:16 warning PW0428"}));
}

TEST(ModelLint, StepIdsDifferingOnlyInCaseAreDuplicates) {
  const std::string text =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-latest\n"
      "    steps:\n"
      "      - run: echo\n"
      "        id: step_id\n"
      "      - run: echo\n"
      "        id: STEP_ID\n";
  EXPECT_EQ(found(text), (list{"9:13 error PW0407"}));
}
