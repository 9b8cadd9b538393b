#include "pipewright/expr/expression.hpp"

#include <gtest/gtest.h>

#include "pipewright/value/json.hpp"

namespace pe = pipewright::expr;
using pipewright::value;

namespace {

value eval(std::string_view text, const value& ctx = value::make_object(),
           std::vector<std::string> names = {}) {
  pe::compile_options o;
  o.contexts = std::move(names);
  auto e = pe::compile(text, o);
  EXPECT_TRUE(e.ok()) << text << ": " << (e.ok() ? "" : e.first_error()->message);
  if (!e) return value("<compile error>");
  auto r = e->evaluate(ctx);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.first_error()->message);
  if (!r) return value("<eval error>");
  return *r;
}

std::string js(const value& v) {
  return pipewright::json::dump(v, pipewright::json::compact_style);
}

}  // namespace

TEST(ExprEval, AndReturnsFirstFalsyOperand) {
  EXPECT_EQ(js(eval("0 && 'x'")), "0");
  EXPECT_EQ(js(eval("1 && 'x'")), "\"x\"");
  EXPECT_EQ(js(eval("'' || 'fallback'")), "\"fallback\"");
  EXPECT_EQ(js(eval("false || null")), "null");
}

TEST(ExprEval, ComparisonsCoerceLikeGitHub) {
  EXPECT_EQ(js(eval("null == 0")), "true");
  EXPECT_EQ(js(eval("'abc' == 'ABC'")), "true");
  EXPECT_EQ(js(eval("NaN == NaN")), "false");
  EXPECT_EQ(js(eval("'10' > '9'")), "false");
  EXPECT_EQ(js(eval("'10' > 9")), "true");
  EXPECT_EQ(js(eval("3 > 2 > 1")), "false");
  EXPECT_EQ(js(eval("' 42 ' == 42")), "true");
  EXPECT_EQ(js(eval("'0x10' == 16")), "true");
}

TEST(ExprEval, ObjectFiltersDropMissingKeys) {
  auto ctx = pipewright::json::parse(
      R"({"fruits":[{"name":"apple","quantity":1},{"name":"orange"},{"color":"x"}]})");
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(js(eval("fruits.*.name", *ctx, {"fruits"})), R"(["apple","orange"])");
  EXPECT_EQ(js(eval("fruits[*].name[0]", *ctx, {"fruits"})), "[]");
  EXPECT_EQ(js(eval("fruits[1].NAME", *ctx, {"fruits"})), "\"orange\"");
}

TEST(ExprEval, FormatEvaluatesArgumentsLazily) {
  EXPECT_EQ(js(eval("format('{{{0}}}', 'X')")), "\"{X}\"");
  EXPECT_EQ(js(eval("format('{0}', 1, fromJSON('x'))")), "\"1\"");
  EXPECT_EQ(js(eval("case(false, fromJSON('x'), 'ok')")), "\"ok\"");
}

TEST(ExprEval, FormatRejectsBadPlaceholders) {
  for (const char* bad : {"format('{1}', 'a')", "format('{', 'a')", "format('}', 'a')",
                          "format('{x}', 'a')", "format('{0:D2}', 1)", "format('{0 }', 1)"}) {
    auto e = pe::compile(bad);
    ASSERT_TRUE(e.ok()) << bad;
    EXPECT_FALSE(e->evaluate(value()).ok()) << bad;
  }
}

TEST(ExprEval, NumbersPrintInG15) {
  EXPECT_EQ(js(eval("format('{0}', 1e15)")), "\"1E+15\"");
  EXPECT_EQ(js(eval("format('{0}', 0.1)")), "\"0.1\"");
  EXPECT_EQ(js(eval("join(fromJSON('[1.5, 1e23]'), ';')")), "\"1.5;1E+23\"");
}
