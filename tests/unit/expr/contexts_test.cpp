#include "pipewright/expr/contexts.hpp"

#include <gtest/gtest.h>

namespace pe = pipewright::expr;

static_assert(pe::allowed_contexts("jobs.<id>.if") != nullptr);
static_assert(pe::allowed_contexts("nope") == nullptr);

TEST(ExprContexts, SecretsAreNotAllowedInStepIf) {
  auto o = pe::options_for_key("jobs.<id>.steps.if");
  EXPECT_TRUE(pe::compile("hashFiles('x') && success() && github.ref", o).ok());
  auto e = pe::compile("secrets.TOKEN", o);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.first_error()->code, "PW0203");
}

TEST(ExprContexts, StatusFunctionsOnlyInIf) {
  auto e = pe::compile("success()", pe::options_for_key("jobs.<id>.env"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.first_error()->code, "PW0204");
  EXPECT_FALSE(pe::compile("env.X", pe::options_for_key("jobs.<id>.if")).ok());
}

TEST(ExprContexts, JobLevelStatusFunctionsTakeJobNames) {
  using namespace pipewright::expr;
  const compile_options job_if = options_for_key("jobs.<id>.if");
  EXPECT_TRUE(compile("success('build', 'test') && !failure('lint')", job_if).ok());
  EXPECT_FALSE(compile("always('x')", job_if).ok());
  EXPECT_FALSE(compile("cancelled('x')", job_if).ok());
  const compile_options step_if = options_for_key("jobs.<id>.steps.if");
  EXPECT_FALSE(compile("success('build')", step_if).ok());
  EXPECT_TRUE(compile("success()", step_if).ok());
}
