// lint::check_security measured against actionlint's test data (tests/data/check/actionlint,
// see its README) and over the 384 real workflows (tests/data/model/corpus/real). The same
// figures are reproduced on the full data by tools/compare_actionlint.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/security.hpp"
#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

namespace pw = pipewright;

namespace {

/// One of actionlint's "potentially untrusted" findings, from an `.out` file.
struct expected_finding {
  std::size_t line = 0;
  std::size_t column = 0;
  std::vector<std::string> paths;  ///< the quoted `github....` paths of the message
};

std::vector<expected_finding> read_out(const std::string& text) {
  std::vector<expected_finding> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + at, end - at);
    at = end + 1;
    if (line.rfind("test.yaml:", 0) != 0 || line.find("potentially untrusted") == line.npos) {
      continue;
    }
    expected_finding f;
    std::size_t i = 10;
    while (i < line.size() && line[i] != ':') f.line = f.line * 10 + std::size_t(line[i++] - '0');
    ++i;
    while (i < line.size() && line[i] != ':')
      f.column = f.column * 10 + std::size_t(line[i++] - '0');
    for (std::size_t q = line.find("\"github"); q != line.npos; q = line.find("\"github", q + 1)) {
      const std::size_t close = line.find('"', q + 1);
      f.paths.emplace_back(line.substr(q + 1, close - q - 1));
      q = close;
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::size_t line_length(const std::string& text, std::size_t line) {
  std::size_t at = 0;
  for (std::size_t l = 1; l < line && at != std::string::npos; ++l) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  if (at == std::string::npos) return 0;
  const std::size_t end = text.find('\n', at);
  return (end == std::string::npos ? text.size() : end) - at;
}

struct finding {
  pw::line_col where;
  std::string code;
  std::string message;
};

std::vector<finding> security_findings(const std::string& text) {
  auto report = pw::yaml::load_workflow_report(text);
  std::vector<finding> out;
  for (const auto& d : pw::lint::check_security(report.workflow, text)) {
    out.push_back({pw::locate(text, d.span.begin), d.code, d.message});
  }
  return out;
}

const char* const actionlint_files[] = {
    "err/github_script_untrusted_input",       "err/nested_untrusted_input", "err/one_error",
    "err/workflow_dispatch_type_check_inputs", "examples/untrusted_input",   "examples/main",
};

}  // namespace

TEST(LintActionlint, ReportsEveryActionlintInjectionFindingAtItsLine) {
  std::size_t expected_total = 0;
  std::size_t matched = 0;
  std::size_t extra = 0;
  for (const char* name : actionlint_files) {
    const std::string base = std::string("check/actionlint/") + name;
    const std::string text = pw::test::read_data(base + ".yaml");
    const std::string out = pw::test::read_data(base + ".out");
    ASSERT_FALSE(text.empty()) << base;
    ASSERT_FALSE(out.empty()) << base;
    const auto expected = read_out(out);
    auto found = security_findings(text);
    std::erase_if(found, [](const finding& f) { return f.code != "PW0901"; });
    std::vector<bool> used(found.size(), false);
    for (const expected_finding& e : expected) {
      ++expected_total;
      // actionlint puts findings inside a `|` block scalar at the key's line with a column past
      // its end; pipewright puts them where the expression is, further down.
      const bool block = e.column > line_length(text, e.line);
      bool ok = false;
      for (std::size_t k = 0; k < found.size() && !ok; ++k) {
        const finding& f = found[k];
        const bool place =
            block ? f.where.line > e.line : f.where.line == e.line && f.where.column == e.column;
        const bool paths = std::all_of(e.paths.begin(), e.paths.end(), [&f](const std::string& p) {
          return f.message.find("'" + p + "'") != std::string::npos;
        });
        if (!used[k] && place && paths) {
          used[k] = true;
          ok = true;
        }
      }
      EXPECT_TRUE(ok) << base << ":" << e.line << ":" << e.column << " not reported";
      if (ok) ++matched;
    }
    for (std::size_t k = 0; k < found.size(); ++k) {
      if (used[k]) continue;
      ++extra;
      ADD_FAILURE() << base << ":" << found[k].where.line << ":" << found[k].where.column
                    << " reported by pipewright only: " << found[k].message;
    }
  }
  // The figures of docs/compatibility.md.
  EXPECT_EQ(expected_total, 9u);
  EXPECT_EQ(matched, 9u);
  EXPECT_EQ(extra, 0u);
}

TEST(LintActionlint, ReportsNothingOnActionlintsSafeExamples) {
  const std::string text = pw::test::read_data("check/actionlint/ok/untrusted_inputs.yaml");
  ASSERT_FALSE(text.empty());
  for (const finding& f : security_findings(text)) {
    EXPECT_NE(f.code, "PW0901") << f.where.line << ": " << f.message;
  }
}

// The findings on the real-world corpus, each reviewed in docs/compatibility.md: the
// warnings one by one, the permission and pinning findings by count.
TEST(LintRealCorpus, FindsOnlyTheReviewedWarnings) {
  const std::filesystem::path dir =
      std::filesystem::path(PIPEWRIGHT_TEST_DATA_DIR) / "model/corpus/real";
  ASSERT_TRUE(std::filesystem::is_directory(dir));
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 384u);
  std::vector<std::string> warnings;
  std::map<std::string, std::size_t> counts;
  for (const auto& path : files) {
    const std::string text = pw::test::read_data(path.string());
    for (const finding& f : security_findings(text)) {
      ++counts[f.code];
      if (f.code == "PW0904" || f.code == "PW0906") continue;
      warnings.push_back(path.filename().string() + ":" + std::to_string(f.where.line) + " " +
                         f.code);
    }
  }
  const std::vector<std::string> reviewed = {
      "etcd-io__etcd__bump-devcontainer-version.yml:44 PW0901",
      "open-telemetry__opentelemetry-collector__check-codeowners.yml:50 PW0902",
      "open-telemetry__opentelemetry-collector__check-codeowners.yml:60 PW0903",
      "zephyrproject-rtos__zephyr__twister.yml:63 PW0902",
      "zephyrproject-rtos__zephyr__twister.yml:159 PW0902",
      "zephyrproject-rtos__zephyr__twister.yml:205 PW0903",
      "zephyrproject-rtos__zephyr__twister.yml:206 PW0903",
  };
  EXPECT_EQ(warnings, reviewed);
  EXPECT_EQ(counts["PW0904"], 78u);  // once per workflow (179 jobs in those 78 files)
  EXPECT_EQ(counts["PW0905"], 0u);
  EXPECT_EQ(counts["PW0906"], 298u);
  EXPECT_EQ(counts["PW0907"], 0u);
}
