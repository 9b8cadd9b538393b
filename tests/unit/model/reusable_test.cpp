// Tests of include/pipewright/model/reusable.hpp (through the YAML glue in yaml/workflow.hpp).
#include "pipewright/model/reusable.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace pw = pipewright;
namespace model = pipewright::model;
namespace codes = pipewright::codes;

namespace {

/// A repository of workflows by `uses` reference, counting how often each is resolved.
struct repo {
  std::map<std::string, std::string> files;
  std::map<std::string, int> asked;
  model::workflow_resolver resolver() {
    return [this](std::string_view uses) -> std::optional<std::string> {
      ++asked[std::string(uses)];
      const auto it = files.find(std::string(uses));
      if (it == files.end()) return std::nullopt;
      return it->second;
    };
  }
};

struct checked {
  model::read_report report;
  std::string text;
  /// "line:col code message" of each diagnostic (notes after " | ").
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const auto& d : report.diagnostics) {
      const auto lc = pw::locate(text, d.span.begin);
      std::string s = std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.code +
                      " " + d.message;
      for (const auto& n : d.notes) s += " | " + n;
      out.push_back(s);
    }
    return out;
  }
};

checked check(repo& r, std::string text, pw::yaml::workflow_options o = {}) {
  o.resolver = r.resolver();
  checked c{pw::yaml::load_workflow_report(text, o), std::move(text)};
  return c;
}

const char* const callee_with_inputs = R"(on:
  workflow_call:
    inputs:
      name:
        type: string
        required: true
      debug:
        type: boolean
      count:
        type: number
    secrets:
      token:
        required: true
      optional:
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
)";

}  // namespace

TEST(ReusableCalls, LocalAndRemoteReferencesAreResolvedAndChecked) {
  repo r;
  r.files["./.github/workflows/build.yml"] = callee_with_inputs;
  r.files["octo/tools/.github/workflows/build.yml@v2"] = callee_with_inputs;
  const auto c = check(r, R"(on: push
jobs:
  local:
    uses: ./.github/workflows/build.yml
    with:
      debug: true
  remote:
    uses: octo/tools/.github/workflows/build.yml@v2
    with:
      name: x
      count: three
    secrets:
      token: ${{ secrets.T }}
      extra: y
)");
  const std::vector<std::string> want = {
      "4:11 PW0416 Input name is required, but not provided while calling.",
      "4:11 PW0419 Secret token is required, but not provided while calling.",
      "11:14 PW0418 Unexpected value 'three'",
      "14:14 PW0420 Invalid secret, extra is not defined in the referenced workflow.",
  };
  EXPECT_EQ(c.lines(), want);
  EXPECT_EQ(r.asked["./.github/workflows/build.yml"], 1);
}

TEST(ReusableCalls, ValidCallsHaveNoDiagnosticAndExpressionsAreNotTypeChecked) {
  repo r;
  r.files["o/r/.github/workflows/b.yml@v1"] = callee_with_inputs;
  const auto c = check(r, R"(on: push
jobs:
  a:
    uses: o/r/.github/workflows/b.yml@v1
    with:
      name: 12
      debug: ${{ github.event_name == 'push' }}
      count: ${{ 3 }}
    secrets:
      token: ${{ secrets.T }}
      OPTIONAL: z
)");
  EXPECT_TRUE(c.lines().empty()) << pw::render_all(c.report.diagnostics, c.text, "w.yml");
}

TEST(ReusableCalls, InheritedSecretsSatisfyRequiredOnes) {
  repo r;
  r.files["o/r/.github/workflows/b.yml@v1"] = callee_with_inputs;
  const auto c = check(r, R"(on: push
jobs:
  a:
    uses: o/r/.github/workflows/b.yml@v1
    with:
      name: n
    secrets: inherit
)");
  EXPECT_TRUE(c.report.ok()) << pw::render_all(c.report.diagnostics, c.text, "w.yml");
}

TEST(ReusableCalls, UnresolvableCallsAreSkippedOrNoted) {
  repo r;
  const std::string text = R"(on: push
jobs:
  a:
    uses: o/r/.github/workflows/missing.yml@v1
)";
  auto c = check(r, text);
  EXPECT_TRUE(c.report.ok());
  EXPECT_TRUE(c.lines().empty());
  pw::yaml::workflow_options o;
  o.calls.note_unresolved = true;
  c = check(r, text, o);
  EXPECT_TRUE(c.report.ok());
  const std::vector<std::string> want = {
      "4:11 PW0424 Cannot check the call of 'o/r/.github/workflows/missing.yml@v1': the workflow "
      "was not found"};
  EXPECT_EQ(c.lines(), want);
}

TEST(ReusableCalls, CyclesOfCallsEndAtTheDepthLimit) {
  repo r;
  r.files["./.github/workflows/a.yml"] = R"(on: workflow_call
jobs:
  to-b:
    uses: ./.github/workflows/b.yml
)";
  r.files["./.github/workflows/b.yml"] = R"(on: workflow_call
jobs:
  to-a:
    uses: ./.github/workflows/a.yml
)";
  const auto c = check(r, R"(on: push
jobs:
  start:
    uses: ./.github/workflows/a.yml
)");
  const std::vector<std::string> want = {
      "4:11 PW0421 Nested reusable workflow depth exceeded 9. | in ./.github/workflows/a.yml "
      "(Line: 4, Col: 11), called from job 'start'"};
  EXPECT_EQ(c.lines(), want);
  // Each file is resolved and read once, however often it is called.
  EXPECT_EQ(r.asked["./.github/workflows/a.yml"], 1);
  EXPECT_EQ(r.asked["./.github/workflows/b.yml"], 1);
}

TEST(ReusableCalls, SelfCallTerminatesAndTheDepthIsConfigurable) {
  repo r;
  r.files["./.github/workflows/self.yml"] = R"(on: workflow_call
jobs:
  again:
    uses: ./.github/workflows/self.yml
)";
  pw::yaml::workflow_options o;
  o.calls.max_depth = 1;
  const auto c = check(r, "on: push\njobs:\n  go:\n    uses: ./.github/workflows/self.yml\n", o);
  ASSERT_EQ(c.report.diagnostics.size(), 1u);
  EXPECT_EQ(c.report.diagnostics[0].code, codes::model_call_depth_limit);
  EXPECT_EQ(c.report.diagnostics[0].message, "Nested reusable workflow depth exceeded 1.");
}

TEST(ReusableCalls, WideTreesOfCallsStopAtTheExpansionLimit) {
  // 20 calls per file, 4 levels: 20^4 = 160,000 calls without the limit.
  repo r;
  std::string fan = "on: workflow_call\njobs:\n";
  for (int i = 0; i < 20; ++i) {
    fan += "  j" + std::to_string(i) + ":\n    uses: ./.github/workflows/fan.yml\n";
  }
  r.files["./.github/workflows/fan.yml"] = fan;
  pw::yaml::workflow_options o;
  o.read.max_jobs = 0;
  const auto c = check(r, "on: push\njobs:\n  go:\n    uses: ./.github/workflows/fan.yml\n", o);
  bool limit = false;
  for (const auto& d : c.report.diagnostics) limit = limit || d.code == codes::model_call_limit;
  EXPECT_TRUE(limit);
}

TEST(ReusableCalls, PermissionsAreCheckedAgainstTheCallersAcrossLevels) {
  repo r;
  r.files["o/r/.github/workflows/mid.yml@v1"] = R"(on: workflow_call
permissions:
  contents: read
jobs:
  inner:
    uses: o/r/.github/workflows/leaf.yml@v1
)";
  r.files["o/r/.github/workflows/leaf.yml@v1"] = R"(on: workflow_call
jobs:
  deploy:
    name: Deploy it
    permissions:
      contents: write
      id-token: write
    runs-on: ubuntu-latest
    steps:
      - run: echo
)";
  const auto c = check(r, R"(on: push
permissions: write-all
jobs:
  outer:
    uses: o/r/.github/workflows/mid.yml@v1
)");
  const std::vector<std::string> want = {
      "5:11 PW0422 Error calling workflow 'o/r/.github/workflows/leaf.yml@v1'. The nested job "
      "'Deploy it' is requesting 'contents: write, id-token: write', but is only allowed "
      "'contents: read, id-token: none'. | in o/r/.github/workflows/mid.yml@v1 (Line: 5, Col: "
      "3), called from job 'outer'"};
  EXPECT_EQ(c.lines(), want);
}

TEST(ReusableCalls, DefaultPolicyAppliesWhenNoPermissionsAreWritten) {
  repo r;
  r.files["o/r/.github/workflows/w.yml@v1"] = R"(on: workflow_call
permissions:
  pages: write
  contents: read
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - run: echo
)";
  const std::string text = "on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n";
  EXPECT_TRUE(check(r, text).report.ok());  // the write policy allows it
  pw::yaml::workflow_options o;
  o.calls.default_permissions = model::permissions_policy::limited_read;
  const std::vector<std::string> want = {
      "3:3 PW0422 Error calling workflow 'o/r/.github/workflows/w.yml@v1'. The workflow "
      "'o/r/.github/workflows/w.yml@v1' is requesting 'pages: write', but is only allowed "
      "'pages: none'."};
  EXPECT_EQ(check(r, text, o).lines(), want);
}

TEST(ReusableCalls, JobsOfCalledWorkflowsCountTowardsTheJobLimit) {
  repo r;
  r.files["./.github/workflows/two.yml"] =
      "on: workflow_call\njobs:\n  a:\n    runs-on: x\n    steps: [run: a]\n  b:\n    runs-on: "
      "x\n    steps: [run: b]\n";
  pw::yaml::workflow_options o;
  o.read.max_jobs = 5;
  const std::string two_calls =
      "on: push\njobs:\n  c1:\n    uses: ./.github/workflows/two.yml\n  c2:\n    uses: "
      "./.github/workflows/two.yml\n";
  o.read.max_jobs = 6;  // 2 + 2 * 2 = 6 jobs
  EXPECT_TRUE(check(r, two_calls, o).report.ok());
  o.read.max_jobs = 5;
  const auto c = check(r, two_calls, o);
  ASSERT_FALSE(c.report.ok());
  EXPECT_EQ(c.report.diagnostics.back().message, "The workflow may not contain more than 5 jobs");
}

TEST(ReusableCalls, ErrorsInTheCalledFileAreReportedAtTheCall) {
  repo r;
  r.files["./.github/workflows/bad.yml"] = "on: workflow_call\njobs:\n  j:\n    steps: []\n";
  r.files["./.github/workflows/push.yml"] =
      "on: push\njobs:\n  j:\n    runs-on: x\n    steps: [run: a]\n";
  const auto c = check(r, R"(on: push
jobs:
  a:
    uses: ./.github/workflows/bad.yml
  b:
    uses: ./.github/workflows/push.yml
)");
  const auto l = c.lines();
  ASSERT_GE(l.size(), 2u);
  EXPECT_EQ(
      l.front().rfind("4:11 PW0423 Error from called workflow ./.github/workflows/bad.yml: ", 0),
      0u)
      << l.front();
  EXPECT_EQ(l.back(),
            "6:11 PW0423 Error from called workflow ./.github/workflows/push.yml: workflow_call "
            "key is not defined in the referenced workflow.");
}

TEST(ReusableCalls, CheckCallsEntryPointWorksOnAnAlreadyLoadedWorkflow) {
  repo r;
  r.files["./.github/workflows/b.yml"] = callee_with_inputs;
  const std::string text = "on: push\njobs:\n  a:\n    uses: ./.github/workflows/b.yml\n";
  auto w = pw::yaml::load_workflow(text);
  ASSERT_TRUE(w.ok());
  const auto d = pw::yaml::check_calls(*w, text, r.resolver());
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].code, codes::model_call_input_required);
  EXPECT_EQ(d[1].code, codes::model_call_secret_required);
}
