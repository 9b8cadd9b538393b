// Every diagnostic code is documented in docs/errors.md, and every documented code exists.
#include "pipewright/diagnostic_codes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_support.hpp"

TEST(DiagnosticCodes, AreUniqueAndWellFormed) {
  std::set<std::string_view> seen;
  for (const auto& c : pipewright::codes::all) {
    EXPECT_TRUE(seen.insert(c.code).second) << "duplicate " << c.code;
    ASSERT_EQ(c.code.size(), 6u) << c.code;
    EXPECT_EQ(c.code.substr(0, 2), "PW");
    EXPECT_FALSE(c.name.empty());
    EXPECT_FALSE(c.summary.empty());
  }
}

TEST(DiagnosticCodes, EveryCodeIsDocumentedInErrorsMd) {
  const std::string doc = pipewright::test::read_source("docs/errors.md");
  ASSERT_FALSE(doc.empty()) << "docs/errors.md is missing";
  for (const auto& c : pipewright::codes::all) {
    const std::string heading = "### " + std::string(c.code) + " ";
    EXPECT_NE(doc.find(heading), std::string::npos) << c.code << " is not documented";
  }
  // And nothing documented that does not exist.
  std::set<std::string> known;
  for (const auto& c : pipewright::codes::all) known.insert(std::string(c.code));
  for (std::size_t at = doc.find("### PW"); at != std::string::npos;
       at = doc.find("### PW", at + 1)) {
    const std::string code = doc.substr(at + 4, 6);
    EXPECT_TRUE(known.count(code) == 1) << code << " is documented but not in codes::all";
  }
}
