// Tests of the lint checks of include/pipewright/model/read.hpp that go beyond the schema:
// the trigger stage's checks run by the reader (deduplicated), filter conflicts, matrix
// exclude keys, reusable-workflow references, env names, shells, step ids.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/workflow.hpp"
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

namespace {

/// A workflow whose job `a` has `strategy:` + `matrix` (indented under `strategy:`).
std::string with_matrix(std::string_view matrix) {
  return "on: push\n"
         "jobs:\n"
         "  a:\n"
         "    runs-on: ubuntu-latest\n"
         "    strategy:\n"
         "      matrix:" +
         std::string(matrix) +
         "\n"
         "    steps:\n"
         "      - run: echo\n";
}

}  // namespace

// Issue 18: lint reports every matrix error that needs no run-time value, through the matrix
// stage's own matrix::compile (check::static_matrix), as `plan` does.
TEST(ModelLint, StaticMatrixErrorsAreReportedByLint) {
  // No vector: `matrix: {}` and `include: []` (GitHub's ConvertToStrategy).
  EXPECT_EQ(found(with_matrix(" {}")), (list{"6:7 error PW0604"}));
  EXPECT_EQ(messages(with_matrix(" {}"))[0], "Matrix must define at least one vector");
  EXPECT_EQ(found(with_matrix("\n        include: []")), (list{"6:7 error PW0604"}));
  // Only an exclude: no vector, and its key names none (exclude_keys, reported first).
  EXPECT_EQ(found(with_matrix("\n        exclude: [{os: a}]")),
            (list{"7:20 error PW0609", "6:7 error PW0604"}));
  // Empty include and exclude entries, where they are.
  EXPECT_EQ(found(with_matrix("\n        os: [a]\n        include: [{}]")),
            (list{"8:19 error PW0606"}));
  EXPECT_EQ(found(with_matrix("\n        os: [a]\n        exclude: [{}]")),
            (list{"8:19 error PW0608"}));
  // 10 x 10 x 3 = 300 legs, over GitHub's 256.
  const std::string ten = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
  const std::string big =
      with_matrix("\n        a: " + ten + "\n        b: " + ten + "\n        c: [x, y, z]");
  EXPECT_EQ(found(big), (list{"6:7 error PW0610"}));
  EXPECT_EQ(messages(big)[0], "The matrix expands to 300 jobs; the limit is 256");
  // Excludes count: 300 - 50 = 250 legs are fine.
  EXPECT_EQ(found(with_matrix("\n        a: " + ten + "\n        b: " + ten +
                              "\n        c: [x, y, z]\n        exclude: [{c: z, a: 0}, {c: z, "
                              "a: 1}, {c: z, a: 2}, {c: z, a: 3}, {c: z, a: 4}]")),
            list{});
  // 8^20 legs: the cross product is past GitHub's 32-bit count.
  std::string huge;
  for (int i = 0; i < 20; ++i) {
    huge += "\n        v" + std::to_string(i) + ": [1, 2, 3, 4, 5, 6, 7, 8]";
  }
  EXPECT_EQ(found(with_matrix(huge)), (list{"6:7 error PW0611"}));
  // An empty vector stays one error (the reader's), not two.
  EXPECT_EQ(found(with_matrix("\n        os: []\n        node: [1]")), (list{"7:13 error PW0603"}));
  // `plan` agrees: yaml::load_workflow fails on the same files.
  EXPECT_FALSE(pw::yaml::load_workflow(big).ok());
  EXPECT_FALSE(pw::yaml::load_workflow(with_matrix(" {}")).ok());
}

TEST(ModelLint, MatricesWithExpressionsAreLeftToRunTime) {
  // GitHub checks a matrix that holds ${{ }} when it runs the job: no PW0604 or PW0610 here.
  const std::string ten = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
  EXPECT_EQ(found(with_matrix("\n        a: " + ten + "\n        b: " + ten +
                              "\n        c: ${{ fromJSON('[1, 2, 3]') }}")),
            list{});
  EXPECT_EQ(found(with_matrix("\n        include: ${{ fromJSON('[]') }}")), list{});
  EXPECT_EQ(found(with_matrix("\n        a: " + ten + "\n        b: " + ten +
                              "\n        c: [x, '${{ github.ref }}', z]")),
            list{});
}

// Issue 18: GitHub's parser rejects an unknown key under a workflow_dispatch input
// ("Unexpected value 'name'", netdata's workflows in the corpus), so lint does too, as
// `triggers` and `plan` do.
TEST(ModelLint, UnknownKeysUnderADispatchInputAreErrors) {
  const std::string text =
      "on:\n"
      "  workflow_dispatch:\n"
      "    inputs:\n"
      "      version:\n"
      "        name: Version\n"
      "        required: true\n" +
      job;
  EXPECT_EQ(found(text), (list{"5:9 error PW0509"}));
  EXPECT_EQ(messages(text)[0], "Unexpected value 'name' in input 'version'");
  EXPECT_FALSE(pw::yaml::load_workflow(text).ok());
  // An action input's key is not a workflow input's.
  EXPECT_EQ(
      found("on:\n  workflow_dispatch:\n    inputs:\n      v:\n        deprecationMessage: x\n" +
            job),
      (list{"5:9 error PW0509"}));
  // The keys GitHub knows pass.
  EXPECT_EQ(found("on:\n  workflow_dispatch:\n    inputs:\n      v:\n        description: d\n"
                  "        type: choice\n        options: [a, b]\n        default: a\n"
                  "        required: false\n" +
                  job),
            list{});
}

// Issue 18: GitHub's message for a bad cron stays word for word; a note says which character
// is wrong when it only looks right.
TEST(ModelLint, ACronWithANoBreakSpaceSaysWhichCharacter) {
  const std::string text =
      "on:\n  schedule:\n    - cron: '0\xc2\xa0"
      "5 * * 1'\n" +
      job;
  const model::read_report r = pw::yaml::load_workflow_report(text);
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].code, codes::model_invalid_cron);
  ASSERT_EQ(r.diagnostics[0].notes.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].notes[0],
            "character 2 is U+00A0 (no-break space), not a plain space; separate the fields "
            "with ASCII spaces");
  // A cron that is wrong for another reason gets no note.
  const model::read_report other =
      pw::yaml::load_workflow_report("on:\n  schedule:\n    - cron: '0 5 * *'\n" + job);
  ASSERT_EQ(other.diagnostics.size(), 1U);
  EXPECT_TRUE(other.diagnostics[0].notes.empty());
}

// A UTF-8 byte-order mark: the file loads, and diagnostics keep their lines and columns.
TEST(ModelLint, AByteOrderMarkChangesNoVerdict) {
  const std::string bad = "on:\n  push:\n    branches: ['[z-a]']\n" + job;
  EXPECT_TRUE(pw::yaml::load_workflow_report("\xEF\xBB\xBF"
                                             "on: push\n" +
                                             job)
                  .ok());
  const model::read_report r = pw::yaml::load_workflow_report("\xEF\xBB\xBF" + bad);
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].span.begin, bad.find("'[z-a]'") + 3);
}

// Issue 18: `create:` with a filter. GitHub's parser rejects it ("A mapping was not
// expected": the schema gives create and delete no configuration; four corpus files), so it
// stays an error, and a note says what to write instead.
TEST(ModelLint, CreateWithFiltersIsAnErrorThatSaysWhy) {
  for (const std::string_view event : {"create", "delete"}) {
    const std::string text = "on:\n  " + std::string(event) + ":\n    tags: ['v*']\n" + job;
    const model::read_report r = pw::yaml::load_workflow_report(text);
    ASSERT_EQ(r.diagnostics.size(), 1U) << event;
    EXPECT_EQ(r.diagnostics[0].code, codes::model_unexpected_type);
    EXPECT_EQ(r.diagnostics[0].message, "A mapping was not expected");
    ASSERT_EQ(r.diagnostics[0].notes.size(), 1U);
    EXPECT_EQ(r.diagnostics[0].notes[0].rfind("'" + std::string(event) + "' takes no filters", 0),
              0U);
  }
  // Without filters, nothing to say.
  EXPECT_TRUE(pw::yaml::load_workflow_report("on:\n  create:\n" + job).ok());
}

// check::workflow, the checks of a workflow read without hooks, runs the same matrix check,
// at the same places, as the reader's hook does.
TEST(ModelLint, CheckWorkflowRunsTheStaticMatrixCheckToo) {
  const std::string text = with_matrix(" {}");
  auto doc = pw::yaml::load(text);
  ASSERT_TRUE(doc.ok());
  const model::read_report plain = model::read_workflow(doc->root, doc->map, text);
  EXPECT_TRUE(plain.ok());  // no hooks: no cross-stage check
  const std::vector<pw::diagnostic> d = pw::check::workflow(plain.workflow, doc->map);
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].code, codes::matrix_no_vector);
  EXPECT_EQ(d[0].span.begin, text.find("matrix:"));
}
