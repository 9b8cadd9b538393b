#include "pipewright/value/path.hpp"

#include <gtest/gtest.h>

#include "pipewright/value/json.hpp"

using pipewright::doc_path;
using pipewright::resolve;
using pipewright::value;

TEST(DocPath, BuildsEscapedJsonPointers) {
  doc_path p = doc_path() / "jobs" / "build" / "steps" / std::size_t{0};
  EXPECT_EQ(p.str(), "/jobs/build/steps/0");
  EXPECT_EQ((doc_path() / "a/b" / "m~n").str(), "/a~1b/m~0n");
  EXPECT_TRUE(doc_path().empty());
}

TEST(DocPath, ResolveFollowsKeysIgnoringCaseAndIndexes) {
  value v = pipewright::json::parse_or_throw(R"({"Jobs": {"build": {"steps": [{"a/b": 1}, 2]}}})");
  ASSERT_NE(resolve(v, "/jobs/BUILD/steps/1"), nullptr);
  EXPECT_EQ(resolve(v, "/jobs/BUILD/steps/1")->as_number(), 2.0);
  EXPECT_EQ(resolve(v, "/jobs/build/steps/0/a~1b")->as_number(), 1.0);
  EXPECT_EQ(resolve(v, ""), &v);
}

TEST(DocPath, ResolveRejectsMalformedOrMissing) {
  value v = pipewright::json::parse_or_throw(R"({"a": [1, 2]})");
  EXPECT_EQ(resolve(v, "a"), nullptr);
  EXPECT_EQ(resolve(v, "/a/2"), nullptr);
  EXPECT_EQ(resolve(v, "/a/01"), nullptr);
  EXPECT_EQ(resolve(v, "/a/-1"), nullptr);
  EXPECT_EQ(resolve(v, "/a/x"), nullptr);
  EXPECT_EQ(resolve(v, "/b"), nullptr);
  EXPECT_EQ(resolve(v, "/a~2"), nullptr);
  EXPECT_EQ(resolve(v, "/a/0/deeper"), nullptr);
}
