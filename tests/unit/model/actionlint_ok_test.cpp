// rhysd/actionlint's testdata/ok/ (copied to tests/data/model/actionlint_ok/): every workflow
// actionlint accepts loads and reads with no error-level diagnostic (issue 4, item 5c).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/diagnostic.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

namespace {

constexpr std::size_t expected_files = 84;  // actionlint's ok/ at the copied commit

std::vector<std::string> ok_files() {
  std::vector<std::string> files;
  const std::filesystem::path dir = std::string(PIPEWRIGHT_TEST_DATA_DIR) + "/model/actionlint_ok";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The files of ok/ that GitHub rejects, with the one code expected in each: actionlint accepts
// `uses: org/repo/workflow.yml@v1` (a reusable workflow outside .github/workflows), GitHub
// does not ("references to workflows must be rooted in '.github/workflows'").
struct github_rejects {
  std::string_view file;
  std::string_view code;
};
constexpr github_rejects rejected_by_github[] = {
    {"nested_workflow_call.yaml", "PW0426"},
    {"workflow_call_job.yaml", "PW0426"},
};

TEST(ActionlintOk, EveryWorkflowLoadsWithoutError) {
  using namespace pipewright;
  const std::vector<std::string> files = ok_files();
  ASSERT_EQ(files.size(), expected_files);
  std::size_t clean = 0;
  for (const std::string& name : files) {
    const std::string text = test::read_data("model/actionlint_ok/" + name);
    ASSERT_FALSE(text.empty()) << name;
    const model::read_report report = yaml::load_workflow_report(text);
    std::string_view allowed;
    for (const github_rejects& r : rejected_by_github) {
      if (r.file == name) allowed = r.code;
    }
    std::string errors;
    bool allowed_found = false;
    for (const diagnostic& d : report.diagnostics) {
      if (!d.is_error()) continue;
      if (!allowed.empty() && d.code == allowed) {
        allowed_found = true;
      } else {
        errors += "\n  " + d.code + " " + d.message + " at " + d.path;
      }
    }
    EXPECT_TRUE(errors.empty()) << name << errors;
    EXPECT_EQ(allowed_found, !allowed.empty()) << name << ": expected " << allowed;
    if (errors.empty() && allowed.empty()) ++clean;
  }
  std::printf("[ actionlint ok/ ] %zu of %zu workflows without error; %zu GitHub rejects\n", clean,
              files.size(), std::size(rejected_by_github));
}

TEST(ActionlintOk, AnErrorInACopiedWorkflowIsReported) {
  using namespace pipewright;
  // The check above can fail: the same text with a step that has both `uses` and `run` is
  // rejected.
  std::string text = test::read_data("model/actionlint_ok/minimal.yaml");
  ASSERT_FALSE(text.empty());
  text += "      - uses: actions/checkout@v4\n        run: echo both\n";
  EXPECT_TRUE(has_errors(yaml::load_workflow_report(text).diagnostics)) << text;
}

}  // namespace
