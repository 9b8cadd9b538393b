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

// GitHub's parser suite, bad-character.yml: `${{ secrets.API_TOKEN\u00a0 }}` is accepted and
// the expression is `secrets.API_TOKEN` (the template reader trims with .NET's Trim()).
TEST(ExprTemplate, UnicodeSpacesAroundTheBodyAreTrimmedAsGitHubDoes) {
  pe::compile_options o;
  o.contexts = {"secrets"};
  auto seg = pe::split_template("${{ secrets.API_TOKEN\u00a0 }}");
  ASSERT_TRUE(seg.ok());
  ASSERT_EQ(seg->size(), 1u);
  EXPECT_EQ(seg->front().text, "secrets.API_TOKEN");
  EXPECT_EQ(seg->front().begin, 4u);
  auto t = pe::compile_template("${{\u3000\u00a0secrets.x\u2009}}", o);
  ASSERT_TRUE(t.ok());
  const value secrets = value::make_object({{"secrets", value::make_object({{"x", "v"}})}});
  EXPECT_EQ(t->evaluate(secrets)->as_string(), "v");
  EXPECT_EQ(*pe::normalize_if("${{ secrets.x\u00a0}}", o), "success() && (secrets.x)");
  EXPECT_EQ(pe::compile_template("${{ \u00a0 }}").first_error()->code, "PW0218");
}

// Inside the expression only ASCII white space separates tokens (differential
// whitespace:0028): a no-break space between tokens stays an unexpected symbol.
TEST(ExprTemplate, UnicodeSpaceBetweenTokensIsStillAnUnexpectedSymbol) {
  pe::compile_options o;
  o.contexts = {"secrets"};
  auto t = pe::compile_template("${{ secrets.a\u00a0== 'b' }}", o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.first_error()->code, "PW0201");
}
