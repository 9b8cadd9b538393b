// Tests of include/pipewright/expr/partial.hpp: three-valued evaluation.
#include "pipewright/expr/partial.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/value/json.hpp"

namespace {

namespace px = pipewright::expr;
using pipewright::value;
using px::truth;

// Contexts of a push: needs.changes succeeded (its outputs are unknown until it runs).
value partial_contexts() {
  return *pipewright::json::parse(R"({
    "github": {"event_name": "push", "ref": "refs/heads/main"},
    "inputs": {"level": "3"},
    "needs": {"changes": {"result": "success", "outputs": {}},
              "build": {"result": "success", "outputs": {}}}})");
}

px::partial_options partial_defaults() {
  px::partial_options o;
  o.unknown = px::unknown_paths().add("needs.*.outputs").add("github.repository").add("secrets");
  return o;
}

struct partial_case {
  px::partial_value value;
  std::string error;
};

partial_case partial_eval(std::string_view text,
                          const px::partial_options& options = partial_defaults()) {
  px::compile_options co;
  co.contexts = {"github", "needs", "inputs", "secrets", "matrix"};
  auto e = px::compile(text, co);
  EXPECT_TRUE(e.ok()) << text;
  if (!e) return {};
  auto r = px::evaluate_partial(*e, partial_contexts(), options);
  if (!r) return {{}, r.diagnostics().front().message};
  return {*r, ""};
}

std::vector<std::string> waits(std::string_view text) {
  return partial_eval(text).value.waits_for;
}

TEST(Partial, KnownExpressionsEvaluateAsEvaluateDoes) {
  const auto r = partial_eval("github.event_name == 'push' && inputs.level > 2");
  ASSERT_TRUE(r.value.determined());
  EXPECT_EQ(*r.value.known, value(true));
  EXPECT_EQ(r.value.truthy, truth::yes);
  EXPECT_TRUE(r.value.waits_for.empty());
  EXPECT_EQ(*partial_eval("format('{0}-{1}', github.ref, needs.build.result)").value.known,
            value("refs/heads/main-success"));
  // Known parts of needs (result) stay known beside unknown outputs.
  EXPECT_EQ(partial_eval("needs.build.result == 'success'").value.truthy, truth::yes);
  EXPECT_EQ(partial_eval("contains(needs.*.result, 'failure')").value.truthy, truth::no);
}

TEST(Partial, AnUnknownReferenceIsUnknownAndNamedAsWritten) {
  const auto r = partial_eval("needs.changes.outputs.docs-only == 'false'");
  EXPECT_FALSE(r.value.determined());
  EXPECT_EQ(r.value.truthy, truth::unknown);
  EXPECT_EQ(r.value.waits_for, std::vector<std::string>{"needs.changes.outputs.docs-only"});
  EXPECT_EQ(waits("needs.changes.outputs['docs-only']"),
            std::vector<std::string>{"needs.changes.outputs['docs-only']"});
  EXPECT_EQ(waits("github.repository == 'octo/repo'"),
            std::vector<std::string>{"github.repository"});
  // Case does not matter to GitHub's keys, nor here.
  EXPECT_EQ(waits("NEEDS.Changes.OUTPUTS.x"), std::vector<std::string>{"NEEDS.Changes.OUTPUTS.x"});
  EXPECT_EQ(waits("secrets.TOKEN != ''"), std::vector<std::string>{"secrets.TOKEN"});
}

TEST(Partial, WholeObjectsHoldingAnUnknownAreUnknown) {
  EXPECT_EQ(waits("toJSON(needs)"), std::vector<std::string>{"needs"});
  EXPECT_EQ(waits("toJSON(needs.build)"), std::vector<std::string>{"needs.build"});
  EXPECT_EQ(waits("needs.*.outputs.x"), std::vector<std::string>{"needs.*.outputs.x"});
  EXPECT_EQ(waits("toJSON(github)"), std::vector<std::string>{"github"});
  EXPECT_TRUE(partial_eval("github.ref").value.determined());
}

TEST(Partial, AndOrDecideWhereTheKnownPartDecides) {
  // false && x, x && false: false either way.
  EXPECT_EQ(
      partial_eval("github.event_name == 'pull_request' && needs.changes.outputs.x").value.truthy,
      truth::no);
  const auto and_false = partial_eval("needs.changes.outputs.x && false");
  EXPECT_EQ(and_false.value.truthy, truth::no);
  EXPECT_FALSE(and_false.value.determined());  // the value is x when x is falsy
  // true || x is true (and known); x || true is true, its value unknown.
  const auto or_true = partial_eval("github.event_name == 'push' || needs.changes.outputs.x");
  ASSERT_TRUE(or_true.value.determined());
  EXPECT_EQ(*or_true.value.known, value(true));
  EXPECT_EQ(partial_eval("needs.changes.outputs.x || true").value.truthy, truth::yes);
  // Undecided: true && x, false || x.
  EXPECT_EQ(partial_eval("github.event_name == 'push' && needs.changes.outputs.x").value.truthy,
            truth::unknown);
  EXPECT_EQ(partial_eval("false || needs.changes.outputs.x").value.waits_for,
            std::vector<std::string>{"needs.changes.outputs.x"});
  // An operand after an undecided one still decides the truth.
  EXPECT_EQ(partial_eval("needs.changes.outputs.x || github.event_name == 'push'").value.truthy,
            truth::yes);
  EXPECT_EQ(partial_eval("needs.changes.outputs.x && needs.build.outputs.y && 0").value.truthy,
            truth::no);
  // A decided operand's value is the result when every operand before it is decided.
  const auto value_of_last = partial_eval("github.ref && inputs.level");
  ASSERT_TRUE(value_of_last.value.determined());
  EXPECT_EQ(*value_of_last.value.known, value("3"));
}

TEST(Partial, NotComparisonsAndFunctionsOfAnUnknownAreUnknown) {
  EXPECT_EQ(partial_eval("!needs.changes.outputs.x").value.truthy, truth::unknown);
  EXPECT_EQ(partial_eval("!(needs.changes.outputs.x || true)").value.truthy, truth::no);
  EXPECT_EQ(partial_eval("contains(needs.changes.outputs.list, 'docs')").value.truthy,
            truth::unknown);
  EXPECT_EQ(waits("fromJSON(needs.changes.outputs.matrix).os"),
            std::vector<std::string>{"needs.changes.outputs.matrix"});
  EXPECT_EQ(waits("needs.changes.outputs.a == needs.build.outputs.b || needs.changes.outputs.a"),
            (std::vector<std::string>{"needs.changes.outputs.a", "needs.build.outputs.b"}));
  // An index computed from an unknown is unknown.
  EXPECT_EQ(waits("inputs[needs.changes.outputs.key]"),
            std::vector<std::string>{"needs.changes.outputs.key"});
}

TEST(Partial, StatusFunctionsMayBeUnknown) {
  px::partial_options o = partial_defaults();
  o.status = [](px::builtin which, std::span<const value>) {
    if (which == px::builtin::always) return truth::yes;
    if (which == px::builtin::cancelled) return truth::no;
    return truth::unknown;  // a need is undetermined
  };
  const auto s = partial_eval("success()", o);
  EXPECT_EQ(s.value.truthy, truth::unknown);
  EXPECT_EQ(s.value.waits_for, std::vector<std::string>{"success()"});
  EXPECT_EQ(partial_eval("always() || needs.changes.outputs.x", o).value.truthy, truth::yes);
  EXPECT_EQ(partial_eval("!cancelled() && github.event_name == 'push'", o).value.truthy,
            truth::yes);
  EXPECT_EQ(partial_eval("failure() && github.event_name == 'pull_request'", o).value.truthy,
            truth::no);
  // Without `status`, the evaluation options decide (job status success by default).
  EXPECT_EQ(partial_eval("success()").value.truthy, truth::yes);
  EXPECT_EQ(partial_eval("failure()").value.truthy, truth::no);
}

TEST(Partial, HashFilesWithoutAWorkspaceIsUnknown) {
  px::partial_options o = partial_defaults();
  o.hash_files_unknown = true;
  px::compile_options co;
  co.hash_files = true;
  auto e = px::compile("hashFiles('**/package-lock.json') != ''", co);
  ASSERT_TRUE(e.ok());
  auto r = px::evaluate_partial(*e, value::make_object(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->truthy, truth::unknown);
  EXPECT_EQ(r->waits_for, std::vector<std::string>{"hashFiles('**/package-lock.json')"});
}

TEST(Partial, ErrorsInTheKnownPartAreErrors) {
  const auto r = partial_eval("fromJSON('{') || true");
  EXPECT_FALSE(r.error.empty());
  // An error in a part that is never reached (short-circuited) is not evaluated.
  EXPECT_TRUE(partial_eval("github.event_name == 'pull_request' && fromJSON('{')").error.empty());
}

TEST(Partial, NothingUnknownIsEvaluate) {
  // With no unknown paths, partial evaluation agrees with evaluate() on every expression.
  const char* texts[] = {"github.event_name", "needs.changes.outputs.x",
                         "toJSON(needs)",     "needs.build.outputs.y || 'default'",
                         "1 < 2 && 'a'",      "format('{0}', needs.*.result)"};
  px::compile_options co;
  co.contexts = {"github", "needs", "inputs", "secrets", "matrix"};
  for (const char* t : texts) {
    auto e = px::compile(t, co);
    ASSERT_TRUE(e.ok()) << t;
    auto whole = e->evaluate(partial_contexts());
    auto part = px::evaluate_partial(*e, partial_contexts());
    ASSERT_TRUE(whole.ok() && part.ok()) << t;
    ASSERT_TRUE(part->determined()) << t;
    EXPECT_EQ(*part->known, *whole) << t;
  }
}

// Soundness: whatever the unknown outputs turn out to be, a decided truth (or value) is what
// evaluate() gives once they are known.
TEST(Partial, ADecisionHoldsForEveryValueOfTheUnknowns) {
  const char* texts[] = {
      "needs.changes.outputs.x && false",
      "needs.changes.outputs.x || github.event_name == 'push'",
      "github.event_name == 'pull_request' && needs.changes.outputs.x == 'true'",
      "!(needs.changes.outputs.x || true)",
      "needs.changes.outputs.x && needs.build.outputs.y && 0",
      "(needs.changes.outputs.x == 'a' || inputs.level == '3') && github.ref != ''",
      "needs.changes.outputs.x != 'false' && needs.build.outputs.y",
      "contains(needs.changes.outputs.x, 'a') || !needs.build.outputs.y",
      "needs.build.result == 'success' && (needs.changes.outputs.x || 'fallback')",
      "format('{0}', needs.changes.outputs.x) == '' && false",
  };
  const char* values[] = {"", "true", "false", "0", "1", "a", "x y"};
  px::compile_options co;
  co.contexts = {"github", "needs", "inputs", "secrets", "matrix"};
  int decided = 0;
  for (const char* t : texts) {
    auto e = px::compile(t, co);
    ASSERT_TRUE(e.ok()) << t;
    auto part = px::evaluate_partial(*e, partial_contexts(), partial_defaults());
    ASSERT_TRUE(part.ok()) << t;
    if (part->truthy != truth::unknown) ++decided;
    for (const char* x : values) {
      for (const char* y : values) {
        value c = partial_contexts();
        value& needs = *c.as_object().find("needs");
        needs.as_object().find("changes")->as_object().insert_or_assign(
            "outputs", value::make_object({{"x", value(x)}}));
        needs.as_object().find("build")->as_object().insert_or_assign(
            "outputs", value::make_object({{"y", value(y)}}));
        auto whole = e->evaluate(c);
        ASSERT_TRUE(whole.ok()) << t;
        if (part->truthy != truth::unknown) {
          EXPECT_EQ(px::truthy(*whole), part->truthy == truth::yes)
              << t << " x=" << x << " y=" << y;
        }
        if (part->determined()) {
          EXPECT_EQ(*whole, *part->known) << t;
        }
      }
    }
  }
  EXPECT_EQ(decided, 8);  // all but the 7th and 8th texts: the known part decides
}

TEST(Partial, UnknownPathsMatchPrefixesBothWays) {
  const auto u = px::unknown_paths().add("needs.*.outputs").add("github.repository");
  const std::vector<std::string> outputs{"needs", "build", "outputs", "x"};
  const std::vector<std::string> needs{"needs"};
  const std::vector<std::string> result{"needs", "build", "result"};
  const std::vector<std::string> repo{"GITHUB", "Repository"};
  const std::vector<std::string> ref{"github", "ref"};
  EXPECT_TRUE(u(outputs));
  EXPECT_TRUE(u(needs));
  EXPECT_FALSE(u(result));
  EXPECT_TRUE(u(repo));
  EXPECT_FALSE(u(ref));
  EXPECT_TRUE(px::unknown_paths().empty());
}

}  // namespace
