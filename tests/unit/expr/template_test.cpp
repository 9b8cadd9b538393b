#include "pipewright/expr/template.hpp"

#include <gtest/gtest.h>

namespace pe = pipewright::expr;
using pipewright::value;

namespace {
pe::compile_options github_only() {
  pe::compile_options o;
  o.contexts = {"github"};
  return o;
}
const value ctx =
    value::make_object({{"github", value::make_object({{"ref", "refs/heads/main"}})}});
}  // namespace

TEST(ExprTemplate, LoneExpressionKeepsItsType) {
  auto t = pe::compile_template("${{ fromJSON('[1,2]') }}");
  ASSERT_TRUE(t.ok());
  auto r = t->evaluate(ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->is_array());
}

TEST(ExprTemplate, MixedTextBecomesAString) {
  auto t = pe::compile_template("ref=${{ github.ref }} n=${{ 1e15 }} ${{ null }}!", github_only());
  ASSERT_TRUE(t.ok());
  auto r = t->evaluate(ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_string(), "ref=refs/heads/main n=1E+15 !");
}

TEST(ExprTemplate, StringLiteralIsFoldedAndQuotesDoNotClose) {
  auto t = pe::compile_template("${{ '}}' }}");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->is_literal());
  EXPECT_EQ(t->evaluate(value())->as_string(), "}}");
}

TEST(ExprTemplate, UnclosedExpressionIsAnErrorAtItsPosition) {
  auto t = pe::compile_template("abc ${{ github.ref", github_only());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.first_error()->code, "PW0217");
  EXPECT_EQ(t.first_error()->span.begin, 4u);
  EXPECT_EQ(pe::compile_template("${{   }}").first_error()->code, "PW0218");
}

TEST(ExprTemplate, ParseErrorSpansPointIntoTheTemplate) {
  auto t = pe::compile_template("x ${{ nope }}", github_only());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.first_error()->code, "PW0203");
  EXPECT_EQ(t.first_error()->span.begin, 6u);
}

TEST(ExprIf, ConditionsGetAnImplicitSuccess) {
  auto o = github_only();
  EXPECT_EQ(*pe::normalize_if("github.ref == 'refs/heads/main'", o),
            "success() && (github.ref == 'refs/heads/main')");
  EXPECT_EQ(*pe::normalize_if("${{ false }}", o), "success() && (false)");
  EXPECT_EQ(*pe::normalize_if("", o), "success()");
  EXPECT_EQ(*pe::normalize_if("always()", o), "always()");
  EXPECT_EQ(*pe::normalize_if("!cancelled() && contains('success()','x')", o),
            "!cancelled() && contains('success()','x')");
  EXPECT_EQ(*pe::normalize_if("${{ github.ref }} == 'x'", o),
            "success() && (format('{0} == ''x''', github.ref))");
}

TEST(ExprIf, MixedTextConditionIsAlwaysTruthy) {
  auto e = pe::compile_if("true && ${{ false }}");
  ASSERT_TRUE(e.ok());
  auto r = e->evaluate(value());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(pe::truthy(*r));
}
