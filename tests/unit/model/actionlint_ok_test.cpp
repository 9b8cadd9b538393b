// rhysd/actionlint's testdata/ok/ (copied to tests/data/model/actionlint_ok/): every workflow
// actionlint accepts loads and reads with no error-level diagnostic (issue 4, item 5c).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "pipewright/diagnostic.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

namespace {

using namespace pipewright;

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

TEST(ActionlintOk, EveryWorkflowLoadsWithoutError) {
  const std::vector<std::string> files = ok_files();
  ASSERT_EQ(files.size(), expected_files);
  std::size_t clean = 0;
  for (const std::string& name : files) {
    const std::string text = test::read_data("model/actionlint_ok/" + name);
    ASSERT_FALSE(text.empty()) << name;
    const model::read_report report = yaml::load_workflow_report(text);
    std::string errors;
    for (const diagnostic& d : report.diagnostics) {
      if (d.is_error()) errors += "\n  " + d.code + " " + d.message + " at " + d.path;
    }
    EXPECT_TRUE(errors.empty()) << name << errors;
    if (errors.empty()) ++clean;
  }
  std::printf("[ actionlint ok/ ] %zu of %zu workflows without error\n", clean, files.size());
}

TEST(ActionlintOk, AnErrorInACopiedWorkflowIsReported) {
  // The check above can fail: the same text with a step that has both `uses` and `run` is
  // rejected.
  std::string text = test::read_data("model/actionlint_ok/minimal.yaml");
  ASSERT_FALSE(text.empty());
  text += "      - uses: actions/checkout@v4\n        run: echo both\n";
  EXPECT_TRUE(has_errors(yaml::load_workflow_report(text).diagnostics)) << text;
}

}  // namespace
