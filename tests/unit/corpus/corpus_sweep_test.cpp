// The whole workflow corpus through the command-line tool, in process: every YAML file of
// nektos/act's and rhysd/actionlint's test data (tests/data/corpus/, 2,056 files: workflows,
// action metadata, configuration files, deliberately broken files) and the 384 real
// workflows (tests/data/model/corpus/real/) goes through `lint`, `plan` for a push and a
// pull request, `simulate` and `graph`, as a user would run them (issues 4 and 6: "pipewright
// lint works on any file in the corpus", "plan / simulate / graph work on every workflow
// without a crash under ASan/UBSan"; the asan preset runs this test).
//
// Checked for each file, beyond not crashing:
// - every command ends with status 0 or 1, never 2 (the command lines are valid);
// - `lint --format json` prints one JSON object per line, each with a code, a severity, a
//   line and a column; it exits 1 exactly when one of them is an error;
// - `plan`, `simulate` and `graph` agree with `lint` on whether the file is valid: they exit
//   1 exactly when lint reports an error, or when the file is an action's metadata, which lint
//   checks as one and they reject as a workflow (security findings are warnings, so they do not
//   matter here) or when the plan for the event reports one of its own, which lint cannot
//   see (a matrix built by an expression that is invalid for the event: the job fails, and
//   so does the command); such files are counted apart;
// - `plan --format json` and `simulate --format json` on a valid file print one JSON document.
// The test prints the counts per group (files, valid, invalid).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "../../../cli/app.hpp"
#include "../../../cli/cmd_graph.hpp"
#include "../../../cli/cmd_lint.hpp"
#include "../../../cli/cmd_plan.hpp"
#include "../../../cli/cmd_simulate.hpp"
#include "cli_support.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

namespace fs = std::filesystem;
using namespace pipewright;

using outcome = test::captured;

outcome run(int (*command)(cli::arguments&, const cli::streams&),
            const std::vector<std::string>& argv) {
  return test::run_cli(command, argv);
}

/// The corpus groups: a directory and a name for the report.
struct group {
  const char* name;
  const char* dir;  // relative to tests/data
};

constexpr std::array groups{
    group{"real", "model/corpus/real"},
    group{"act", "corpus/act"},
    group{"actionlint_ok", "corpus/actionlint/testdata/ok"},
    group{"actionlint_err", "corpus/actionlint/testdata/err"},
    group{"actionlint_examples", "corpus/actionlint/testdata/examples"},
    group{"actionlint_projects", "corpus/actionlint/testdata/projects"},
    group{"actionlint_realworld", "corpus/actionlint/testdata/realworld"},
    group{"actionlint_other", "corpus/actionlint/testdata"},
};

/// The YAML files of a group, sorted. "actionlint_other" takes the testdata directories that
/// no other group covers (config, format, action metadata, ...).
std::vector<fs::path> files_of(const group& g) {
  const fs::path root = fs::path(PIPEWRIGHT_TEST_DATA_DIR) / g.dir;
  std::vector<fs::path> files;
  const bool other = std::string_view(g.name) == "actionlint_other";
  const std::array<std::string_view, 5> covered{"ok", "err", "examples", "projects", "realworld"};
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const fs::path& p = it->path();
    const std::string ext = p.extension().string();
    if (ext != ".yml" && ext != ".yaml") continue;
    if (other) {
      const std::string first = fs::relative(p, root).begin()->string();
      if (std::find(covered.begin(), covered.end(), first) != covered.end()) continue;
    }
    files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// Whether the plan of `file` for `e` reports an error-level diagnostic (make_plan, as the
/// commands call it): such an error fails plan, simulate and graph.
bool plan_reports_error(const fs::path& file, const trigger::event& e) {
  auto text = cli::read_input(file.string());
  if (!text) return false;
  auto wf = yaml::load_workflow(*text);
  if (!wf) return false;
  schedule::plan_options o;
  o.event = e;
  auto p = schedule::make_plan(*wf, o);
  return p && has_errors(p->diagnostics);
}

/// Counts the error-severity diagnostics in lint's JSON Lines output; -1 when a line is not
/// a diagnostic object.
int lint_errors(const std::string& out, std::string& why) {
  int errors = 0;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string_view line(out.data() + start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    auto parsed = json::parse(line);
    if (!parsed || !parsed->is_object()) {
      why = "not a JSON object: " + std::string(line.substr(0, 200));
      return -1;
    }
    const object& d = parsed->as_object();
    for (const char* key : {"code", "severity", "line", "column", "message"}) {
      if (d.find(key) == nullptr) {
        why =
            std::string("diagnostic without \"") + key + "\": " + std::string(line.substr(0, 200));
        return -1;
      }
    }
    const value* severity = d.find("severity");
    if (severity->is_string() && severity->as_string() == "error") ++errors;
  }
  return errors;
}

class CorpusSweep : public ::testing::TestWithParam<group> {};

TEST_P(CorpusSweep, EveryFileThroughLintPlanSimulateGraph) {
  const group& g = GetParam();
  const std::vector<fs::path> files = files_of(g);
  ASSERT_FALSE(files.empty()) << "no YAML files under tests/data/" << g.dir;
  std::size_t valid = 0;
  std::size_t invalid = 0;
  std::size_t plan_only = 0;  // valid for lint, an error in the plan for push or pull_request
  std::size_t actions = 0;    // action metadata (lint's verdict is for the action)
  for (const fs::path& path : files) {
    const std::string file = path.string();
    const std::string shown = fs::relative(path, PIPEWRIGHT_TEST_DATA_DIR).string();

    const outcome lint = run(cli::run_lint, {"--format", "json", file});
    ASSERT_TRUE(lint.status == 0 || lint.status == 1)
        << shown << ": lint status " << lint.status << "\n"
        << lint.err;
    std::string why;
    const int errors = lint_errors(lint.out, why);
    ASSERT_GE(errors, 0) << shown << ": " << why;
    EXPECT_EQ(lint.status, errors > 0 ? 1 : 0)
        << shown << ": lint exit status and its error diagnostics disagree\n"
        << lint.out;
    (lint.status == 0 ? valid : invalid) += 1;
    // An action's metadata is linted as one; the workflow commands reject it.
    const auto text = cli::read_input(file);
    const bool action = text && cli::lint_cli::is_action_metadata(file, *text);
    actions += action ? 1 : 0;
    const int expected = action ? 1 : lint.status;

    const bool push_error =
        expected == 0 && plan_reports_error(path, trigger::push_event("refs/heads/main"));
    const bool pr_error =
        expected == 0 &&
        plan_reports_error(path, trigger::pull_request_event("opened", "main", "feature"));
    plan_only += push_error || pr_error ? 1 : 0;
    const int expected_push = expected == 1 || push_error ? 1 : 0;
    const outcome push = run(cli::run_plan, {file, "--format", "json"});
    EXPECT_EQ(push.status, expected_push) << shown << ": plan (push) vs lint\n" << push.err;
    if (push.status == 0 || push_error) {
      EXPECT_TRUE(static_cast<bool>(json::parse(push.out))) << shown << ": plan JSON";
    }
    const outcome pr = run(cli::run_plan, {file, "--event", "pull_request"});
    EXPECT_EQ(pr.status, expected == 1 || pr_error ? 1 : 0)
        << shown << ": plan (pull_request) vs lint\n"
        << pr.err;
    const outcome sim = run(cli::run_simulate, {file, "--format", "json"});
    EXPECT_EQ(sim.status, expected_push) << shown << ": simulate vs lint\n" << sim.err;
    if (sim.status == 0 || push_error) {
      EXPECT_TRUE(static_cast<bool>(json::parse(sim.out))) << shown << ": simulate JSON";
    }
    const outcome graph = run(cli::run_graph, {file, "--format", "mermaid"});
    EXPECT_EQ(graph.status, expected_push) << shown << ": graph vs lint\n" << graph.err;
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf(
      "[ corpus   ] %-22s %5zu files: %5zu valid, %5zu with errors, %zu valid with a plan "
      "error for push or pull_request, %zu action metadata\n",
      g.name, files.size(), valid, invalid, plan_only, actions);
}

std::string group_name(const ::testing::TestParamInfo<group>& param) {
  return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusSweep, ::testing::ValuesIn(groups), group_name);

}  // namespace
