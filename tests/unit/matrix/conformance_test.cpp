// The matrix conformance cases (tests/data/matrix/cases.jsonl), run exactly as
// `pipewright matrix --jsonl` runs them.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "pipewright/export/jsonl.hpp"
#include "pipewright/value/json.hpp"
#include "test_support.hpp"

namespace json = pipewright::json;
using pipewright::value;

namespace {

// Cases that pipewright answers differently on purpose, with the reason (docs/matrix.md).
// The test fails when a case outside this list fails, or when a listed case passes.
const std::map<std::string, std::string>& known_failures() {
  // Empty: the 18 matrices with no vector and no include entry were corrected in the shared
  // data to GitHub's error ("Matrix must define at least one vector"), as pipewright answers.
  static const std::map<std::string, std::string> list;
  return list;
}

std::string compare(const value& expected, const value& got) {
  const bool want_ok = expected["ok"].as_bool();
  if (!got["ok"].is_bool()) return "no ok in the response";
  if (got["ok"].as_bool() != want_ok) {
    return want_ok ? "expected legs, got error: " + std::string(got["error"].as_string())
                   : "expected an error, got legs";
  }
  if (!want_ok) return {};
  const pipewright::array& want = expected["combinations"].as_array();
  const pipewright::array& have = got["combinations"].as_array();
  if (want.size() != have.size()) {
    return "expected " + std::to_string(want.size()) + " legs, got " + std::to_string(have.size());
  }
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!(want[i]["matrix"] == have[i]["matrix"])) {
      return "leg " + std::to_string(i) + ": matrix " +
             json::dump(have[i]["matrix"], json::compact_style) + ", expected " +
             json::dump(want[i]["matrix"], json::compact_style);
    }
    if (want[i]["name"].as_string() != have[i]["name"].as_string()) {
      return "leg " + std::to_string(i) + ": name '" + std::string(have[i]["name"].as_string()) +
             "', expected '" + std::string(want[i]["name"].as_string()) + "'";
    }
  }
  return {};
}

}  // namespace

TEST(MatrixConformance, EveryCaseMatchesGitHubOrIsAKnownFailure) {
  const std::string text = pipewright::test::read_data("matrix/cases.jsonl");
  ASSERT_FALSE(text.empty()) << "tests/data/matrix/cases.jsonl is missing";
  std::size_t total = 0;
  std::size_t passed = 0;
  std::set<std::string> failed_known;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto c = json::parse(line);
    ASSERT_TRUE(c.ok()) << line;
    ++total;
    const std::string id(c->operator[]("id").as_string());
    pipewright::object in;
    in.insert("id", (*c)["id"]);
    in.insert("matrix", (*c)["matrix"]);
    in.insert("job_name", (*c)["job_name"]);
    const value response = pipewright::export_::matrix_jsonl_case(value(std::move(in)));
    const std::string why = compare((*c)["expected"], response);
    const auto known = known_failures().find(id);
    if (why.empty()) {
      ++passed;
      EXPECT_EQ(known, known_failures().end()) << id << " is listed as a known failure but passes";
    } else if (known != known_failures().end()) {
      failed_known.insert(id);
    } else {
      ADD_FAILURE() << id << ": " << why << "\n  " << line;
    }
  }
  std::printf("[ matrix   ] conformance: %zu/%zu cases pass (%.1f%%)\n", passed, total,
              total == 0 ? 0.0 : 100.0 * static_cast<double>(passed) / static_cast<double>(total));
  for (const auto& [id, reason] : known_failures()) {
    std::printf("[ matrix   ] known failure %s: %s\n", id.c_str(), reason.c_str());
  }
  EXPECT_EQ(total, 600u);
  EXPECT_EQ(failed_known.size(), known_failures().size());
}
