#include "pipewright/diagnostic.hpp"

#include <gtest/gtest.h>

#include <string>

using pipewright::diagnostic;
using pipewright::result;
using pipewright::severity;

TEST(Diagnostic, MakeErrorFillsEveryField) {
  diagnostic d = pipewright::make_error("PW0101", "bad thing", {3, 5}, "/a/0");
  EXPECT_EQ(d.code, "PW0101");
  EXPECT_EQ(d.level, severity::error);
  EXPECT_EQ(d.message, "bad thing");
  EXPECT_EQ(d.path, "/a/0");
  EXPECT_EQ(d.span.begin, 3u);
  EXPECT_EQ(d.span.end, 5u);
  EXPECT_TRUE(d.is_error());
  EXPECT_FALSE(pipewright::make_warning("PW0901", "w").is_error());
}

TEST(Diagnostic, SpansShiftIntoEnclosingDocuments) {
  EXPECT_EQ((pipewright::source_span{2, 4}.shifted(10)), (pipewright::source_span{12, 14}));
  EXPECT_FALSE(pipewright::source_span{}.shifted(10).known());
}

TEST(Result, HoldsAValueOrDiagnostics) {
  result<int> good = 42;
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  EXPECT_EQ(good.first_error(), nullptr);

  result<int> bad = pipewright::make_error("PW0001", "nope");
  EXPECT_FALSE(bad.ok());
  ASSERT_NE(bad.first_error(), nullptr);
  EXPECT_EQ(bad.first_error()->code, "PW0001");
}

TEST(Result, SuccessMayCarryWarnings) {
  auto r = result<std::string>::success("v", {pipewright::make_warning("PW0901", "careful")});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.diagnostics().size(), 1u);
  EXPECT_FALSE(pipewright::has_errors(r.diagnostics()));
}

TEST(Result, FailureCollectsEveryError) {
  auto r = result<int>::failure(
      {pipewright::make_error("PW0101", "one"), pipewright::make_error("PW0102", "two")});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics().size(), 2u);
  EXPECT_TRUE(pipewright::has_errors(r.diagnostics()));
}

TEST(Result, ValueOrThrowThrowsTheDiagnostics) {
  result<int> bad = pipewright::make_error("PW0107", "too deep");
  try {
    (void)std::move(bad).value_or_throw();
    FAIL() << "expected pipewright::error";
  } catch (const pipewright::error& e) {
    EXPECT_STREQ(e.what(), "PW0107: too deep");
    ASSERT_EQ(e.diagnostics().size(), 1u);
  }
  result<int> good = 7;
  EXPECT_EQ(std::move(good).value_or_throw(), 7);
}
