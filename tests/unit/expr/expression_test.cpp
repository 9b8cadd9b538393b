#include "pipewright/expr/expression.hpp"

#include <gtest/gtest.h>
#include <optional>
#include <span>
#include <vector>

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

namespace {

// Evaluates `text` over {github: {list: [n objects {a: [1, 2]}]}} with a memory limit.
pipewright::result<value> eval_with_memory(std::string_view text, std::size_t n,
                                           std::size_t max_memory) {
  value list = value::make_array();
  for (std::size_t i = 0; i < n; ++i) {
    list.as_array().push_back(value::make_object({{"a", value::make_array({1, 2})}}));
  }
  const value ctx = value::make_object({{"github", value::make_object({{"list", list}})}});
  pe::compile_options o;
  o.contexts = {"github"};
  auto e = pe::compile(text, o);
  EXPECT_TRUE(e.ok()) << text;
  pe::evaluation_options eo;
  eo.max_memory = max_memory;
  return e->evaluate(ctx, eo);
}

std::string code_of(const pipewright::result<value>& r) {
  return r.ok() ? std::string("ok") : r.first_error()->code;
}

}  // namespace

// C#'s MemoryCounter charges the arrays object filters build (24 bytes + 8 per element).
TEST(ExprMemory, ObjectFilterArraysCountAgainstTheLimit) {
  EXPECT_EQ(code_of(eval_with_memory("github.list.*", 100, 1 << 20)), "ok");
  EXPECT_EQ(code_of(eval_with_memory("github.list.*", 100, 800)), "PW0219");  // 824 bytes
  EXPECT_EQ(code_of(eval_with_memory("github.list.*", 90, 800)), "ok");       // 744 bytes
  // Each level of a chain is charged: the middle level holds 2 × 100 elements.
  EXPECT_EQ(code_of(eval_with_memory("github.list.*.a.*.x", 100, 1000)), "PW0219");
  EXPECT_EQ(code_of(eval_with_memory("github.list.*.a.*.x", 100, 4000)), "ok");
  // Also when the filter is consumed by contains() or join() without being materialised.
  EXPECT_EQ(code_of(eval_with_memory("contains(github.list.*.a, 1)", 100, 800)), "PW0219");
  EXPECT_EQ(code_of(eval_with_memory("join(github.list.*.a)", 100, 800)), "PW0219");
  EXPECT_EQ(code_of(eval_with_memory("contains(github.list.*.a, 1)", 90, 800)), "ok");
}

TEST(ExprMemory, BuiltValuesOfFunctionsCountAgainstTheLimit) {
  // fromJSON's array: 24 + 8 per element (the literal text itself is not charged).
  std::string json = "[0";
  for (int i = 1; i < 100; ++i) json += ",0";
  json += "]";
  const std::string from = "fromJSON('" + json + "')";
  EXPECT_EQ(code_of(eval_with_memory(from, 0, 1000)), "ok");  // 824 bytes
  EXPECT_EQ(code_of(eval_with_memory(from, 0, 800)), "PW0219");
  // Objects: keys and nested strings count too.
  EXPECT_EQ(code_of(eval_with_memory("fromJSON('{\"key\": \"value\"}')", 0, 60)), "PW0219");
  EXPECT_EQ(code_of(eval_with_memory("fromJSON('{\"key\": \"value\"}')", 0, 200)), "ok");
  // join, format and toJSON outputs are strings: 26 + 2 per byte, checked while building.
  EXPECT_EQ(code_of(eval_with_memory("join(github.list.*.a.*, '-')", 50, 1000)), "PW0219");
  EXPECT_EQ(code_of(eval_with_memory("join(github.list.*.a.*, '-')", 50, 1 << 20)), "ok");
  EXPECT_EQ(code_of(eval_with_memory("format('{0}{0}{0}{0}', toJSON(github))", 20, 4000)),
            "PW0219");
  EXPECT_EQ(code_of(eval_with_memory("toJSON(github)", 20, 1000)), "PW0219");
  EXPECT_EQ(code_of(eval_with_memory("toJSON(github)", 20, 1 << 20)), "ok");
}

// Paths are read in place; a member of a temporary (fromJSON) must still be kept alive.
TEST(ExprEval, MembersOfTemporariesOutliveTheirContainer) {
  EXPECT_EQ(js(eval("fromJSON('{\"a\": {\"b\": [\"x\", \"y\"]}}').a.b[1]")), "\"y\"");
  EXPECT_EQ(js(eval("fromJSON('[{\"a\": 1}, {\"a\": 2}]').*.a")), "[1,2]");
  EXPECT_EQ(js(eval("fromJSON('{\"a\": [1, 2]}')['A'][0]")), "1");
  EXPECT_EQ(js(eval("join(fromJSON('[{\"a\": \"p\"}, {\"a\": \"q\"}]').*.a, '+')")), "\"p+q\"");
  EXPECT_EQ(js(eval("case(true, fromJSON('[1]'), 2)[0]")), "1");
}

// Literal keys are worked out at compile time: numbers, quoted strings with '', names.
TEST(ExprEval, LiteralKeysMatchTheirRuntimeForms) {
  const value ctx = value::make_object(
      {{"x", value::make_object({{"it's", 1}, {"7", 2}, {"Infinity", 3}, {"é", 4}})},
       {"arr", value::make_array({10, 20, 30})}});
  const std::vector<std::string> names = {"x", "arr"};
  EXPECT_EQ(js(eval("x['IT''S']", ctx, names)), "1");
  EXPECT_EQ(js(eval("x[7]", ctx, names)), "2");
  EXPECT_EQ(js(eval("x['7']", ctx, names)), "2");
  EXPECT_EQ(js(eval("x.infinity", ctx, names)), "3");
  EXPECT_EQ(js(eval("x['É']", ctx, names)), "4");
  EXPECT_EQ(js(eval("arr[1.9]", ctx, names)), "20");
  EXPECT_EQ(js(eval("arr['2']", ctx, names)), "30");
  EXPECT_EQ(js(eval("arr[' 2 ']", ctx, names)), "30");
  EXPECT_EQ(js(eval("arr.Infinity", ctx, names)), "null");
}

// String constants live in the compiled expression's block: results, user-function
// arguments and copies of the expression must not refer to the block they came from.
TEST(ExprConstants, ResultsOutliveTheExpression) {
  value results[3];
  {
    auto e = pe::compile("(true && 'a constant longer than fifteen bytes') || 'x'");
    ASSERT_TRUE(e.ok());
    auto r = e->evaluate(value::make_object());
    ASSERT_TRUE(r.ok());
    results[0] = *r;
    auto c = pe::compile("case(false, 'a', 'short')");
    ASSERT_TRUE(c.ok());
    results[1] = *c->evaluate(value::make_object());
    auto j = pe::compile("join('it''s joined')");
    ASSERT_TRUE(j.ok());
    results[2] = *j->evaluate(value::make_object());
  }
  EXPECT_EQ(results[0].as_string(), "a constant longer than fifteen bytes");
  EXPECT_EQ(results[1].as_string(), "short");
  EXPECT_EQ(results[2].as_string(), "it's joined");
}

TEST(ExprConstants, UserFunctionsMayKeepTheirArguments) {
  std::vector<value> kept;
  {
    pe::compile_options o;
    o.functions.push_back({"keep", 1, 1, [&kept](std::span<const value> args) {
                             kept.push_back(args[0]);
                             return pipewright::result<value>(value(true));
                           }});
    auto e = pe::compile("keep('a kept argument, not short at all') && keep('k')", o);
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE(e->evaluate(value::make_object()).ok());
  }
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].as_string(), "a kept argument, not short at all");
  EXPECT_EQ(kept[1].as_string(), "k");
}

TEST(ExprConstants, CopiesOwnTheirConstants) {
  std::optional<pe::expression> copy;
  pe::expression assigned;
  {
    auto e = pe::compile(
        "format('{0}-{1}', 'left side of the key', 12.5) == 'left side of the key-12.5'");
    ASSERT_TRUE(e.ok());
    copy.emplace(*e);
    assigned = *copy;
    pe::expression moved(std::move(*e));
    EXPECT_EQ(js(*moved.evaluate(value::make_object())), "true");
  }
  EXPECT_EQ(js(*copy->evaluate(value::make_object())), "true");
  copy.reset();
  EXPECT_EQ(js(*assigned.evaluate(value::make_object())), "true");
  EXPECT_EQ(assigned.text(),
            "format('{0}-{1}', 'left side of the key', 12.5) == 'left side of the key-12.5'");
  EXPECT_EQ(assigned.nodes().size(), 6u);
  pe::expression empty;
  EXPECT_EQ(empty.text(), "");
  EXPECT_TRUE(empty.nodes().empty());
  EXPECT_TRUE(empty.evaluate(value::make_object())->is_null());
}
