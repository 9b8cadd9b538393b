// pipewright::matrix: GitHub's worked examples (SEMANTICS.md §4.3), validation, names, ids,
// the strategy context, limits, counting, streaming and explain().
#include "pipewright/matrix/matrix.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pipewright/value/json.hpp"

namespace pm = pipewright::matrix;
namespace json = pipewright::json;
using pipewright::value;

namespace {

value j(std::string_view text) {
  return json::parse_or_throw(text);
}

std::string dump(const value& v) {
  return json::dump(v, json::compact_style);
}

std::vector<std::string> matrices(const std::vector<pm::leg>& legs) {
  std::vector<std::string> out;
  for (const auto& l : legs) out.push_back(dump(l.matrix));
  return out;
}

std::vector<std::string> names(const std::vector<pm::leg>& legs) {
  std::vector<std::string> out;
  for (const auto& l : legs) out.push_back(l.name);
  return out;
}

std::vector<pm::leg> expand(std::string_view m, std::string job = "job") {
  pm::options o;
  o.job_name = std::move(job);
  auto r = pm::expand(j(m), o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.first_error()->message);
  return r.ok() ? std::move(*r) : std::vector<pm::leg>{};
}

std::string first_error(std::string_view m) {
  auto r = pm::expand(j(m));
  if (r.ok()) return "ok";
  return r.first_error()->code + " " + r.first_error()->message;
}

}  // namespace

TEST(MatrixExpand, CrossProductRunsTheFirstAxisSlowest) {  // §4.3 (a)
  const auto legs = expand(R"({"os":["ubuntu-latest","macos-latest"],
                               "node":[{"version":14},{"version":20,"env":"X"}]})");
  EXPECT_EQ(matrices(legs),
            (std::vector<std::string>{R"({"os":"ubuntu-latest","node":{"version":14}})",
                                      R"({"os":"ubuntu-latest","node":{"version":20,"env":"X"}})",
                                      R"({"os":"macos-latest","node":{"version":14}})",
                                      R"({"os":"macos-latest","node":{"version":20,"env":"X"}})"}));
  EXPECT_EQ(legs[3].name, "job (macos-latest, 20, X)");
}

TEST(MatrixExpand, IncludeRulesFollowTheFruitExample) {  // §4.3 (b)
  const auto legs = expand(R"({"fruit":["apple","pear"],"animal":["cat","dog"],"include":[
      {"color":"green"},{"color":"pink","animal":"cat"},{"fruit":"apple","shape":"circle"},
      {"fruit":"banana"},{"fruit":"banana","animal":"cat"}]})",
                           "test");
  EXPECT_EQ(matrices(legs),
            (std::vector<std::string>{
                R"({"fruit":"apple","animal":"cat","color":"pink","shape":"circle"})",
                R"({"fruit":"apple","animal":"dog","color":"green","shape":"circle"})",
                R"({"fruit":"pear","animal":"cat","color":"pink"})",
                R"({"fruit":"pear","animal":"dog","color":"green"})", R"({"fruit":"banana"})",
                R"({"fruit":"banana","animal":"cat"})"}));
  EXPECT_EQ(names(legs),
            (std::vector<std::string>{"test (apple, cat)", "test (apple, dog)", "test (pear, cat)",
                                      "test (pear, dog)", "test (banana)", "test (banana, cat)"}));
}

TEST(MatrixExpand, ExcludeIsAPartialMatch) {  // §4.3 (c)
  const auto legs = expand(R"({"os":["macos-latest","windows-latest"],"version":[12,14,16],
      "environment":["staging","production"],"exclude":[
      {"os":"macos-latest","version":12,"environment":"production"},
      {"os":"windows-latest","version":16}]})");
  EXPECT_EQ(legs.size(), 9u);
}

TEST(MatrixSpace, TellsWhetherAnExcludeEntryMatchesAnyCombination) {
  auto s = pm::compile(j(R"({"os":["linux","windows"],"v":[1,2],"node":[{"major":20}],"exclude":[
      {"os":"linux","v":2},{"os":"macos"},{"os":"windows","v":3},{"v":1},{"os":"linux","v":1},
      {"node":{"major":20}},{"node":{"major":18}}]})"));
  ASSERT_TRUE(s.ok());
  // Entry 4 matches only a combination entry 3 removes already: each entry is asked alone.
  const std::vector<bool> expected{true, false, false, true, true, true, false};
  ASSERT_EQ(s->exclude_count(), expected.size());
  for (std::size_t r = 0; r < expected.size(); ++r) {
    EXPECT_EQ(s->exclude_matches_any(r), expected[r]) << "exclude " << r;
  }
  EXPECT_FALSE(s->exclude_matches_any(expected.size()));  // no such entry
}

TEST(MatrixExpand, IncludeAddsValuesOrJobs) {  // §4.3 (d)
  auto legs = expand(R"({"os":["windows-latest","ubuntu-latest"],"node":[12,14,16],
                         "include":[{"os":"windows-latest","node":16,"npm":6}]})");
  ASSERT_EQ(legs.size(), 6u);
  EXPECT_EQ(dump(legs[2].matrix), R"({"os":"windows-latest","node":16,"npm":6})");
  EXPECT_EQ(legs[2].name, "job (windows-latest, 16)");
  legs = expand(R"({"os":["macos-latest","windows-latest","ubuntu-latest"],"version":[12,14,16],
                    "include":[{"os":"windows-latest","version":17}]})");
  ASSERT_EQ(legs.size(), 10u);
  EXPECT_EQ(dump(legs[9].matrix), R"({"os":"windows-latest","version":17})");
  legs = expand(R"({"os":["ubuntu-latest"],"perl":["5.16","5.20","5.26","5.30","latest"],
                    "include":[{"os":"macos-latest","perl":"5.30"},{"os":"macos-latest","perl":"latest"}]})");
  ASSERT_EQ(legs.size(), 7u);
  EXPECT_EQ(dump(legs[5].matrix["os"]), R"("macos-latest")");
  EXPECT_EQ(dump(legs[6].matrix["os"]), R"("macos-latest")");
}

TEST(MatrixExpand, IncludeOnlyMatrixMakesOneJobPerEntry) {  // §4.3 (e)
  const auto legs = expand(R"({"include":[{"site":"production","datacenter":"site-a"},
                                          {"site":"staging","datacenter":"site-b"}]})",
                           "includes_only");
  EXPECT_EQ(names(legs), (std::vector<std::string>{"includes_only (production, site-a)",
                                                   "includes_only (staging, site-b)"}));
}

TEST(MatrixExpand, EdgeCasesOfSemantics) {  // §4.3 (f)
  EXPECT_EQ(matrices(expand(R"({"a":[1,2],"include":[{"x":"first"},{"a":1,"x":"second"}]})")),
            (std::vector<std::string>{R"({"a":1,"x":"second"})", R"({"a":2,"x":"first"})"}));
  EXPECT_EQ(matrices(expand(R"({"a":[1,2],"b":["p"],"include":[{"a":1,"b":"q","z":1}]})")),
            (std::vector<std::string>{R"({"a":1,"b":"p"})", R"({"a":2,"b":"p"})",
                                      R"({"a":1,"b":"q","z":1})"}));
  EXPECT_EQ(matrices(expand(R"({"os":["Ubuntu","windows"],"v":[12,"14"],
                               "exclude":[{"os":"UBUNTU","v":"12"},{"v":14}]})")),
            (std::vector<std::string>{R"({"os":"windows","v":12})"}));
  EXPECT_EQ(matrices(expand(R"({"cfg":[{"os":"linux","arch":"x64"},{"os":"win","arch":"x64"}],
                               "include":[{"cfg":{"os":"linux"},"extra":1}]})")),
            (std::vector<std::string>{R"({"cfg":{"os":"linux","arch":"x64"},"extra":1})",
                                      R"({"cfg":{"os":"win","arch":"x64"}})"}));
  const auto none = expand(R"({"os":["a"],"exclude":[{"os":"a"}]})");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_TRUE(none[0].matrix.is_null());
  EXPECT_EQ(none[0].name, "job");
  EXPECT_EQ(dump(none[0].strategy),
            R"({"fail-fast":true,"job-index":0,"job-total":1,"max-parallel":1})");
  EXPECT_EQ(first_error(R"({"a":[]})"), "PW0603 Matrix vector 'a' does not contain any values");
}

TEST(MatrixExpand, ArrayFiltersCompareByPositionAndMissingLeavesAreNull) {
  EXPECT_EQ(matrices(expand(R"({"v":[[1,2,3],[1,3]],"exclude":[{"v":[1,2]}]})")),
            (std::vector<std::string>{R"({"v":[1,3]})"}));
  // A null leaf matches a combination that lacks the key; '' == null too.
  EXPECT_EQ(matrices(expand(R"({"v":[{"a":1},{"a":1,"b":2}],"exclude":[{"v":{"b":null}}]})")),
            (std::vector<std::string>{R"({"v":{"a":1,"b":2}})"}));
  EXPECT_EQ(matrices(expand(R"({"v":["x","y"],"exclude":[{"v":{"k":""}}]})")).size(), 1u);
}

TEST(MatrixExpand, IncludeNeverOverwritesAxisValues) {
  const auto legs = expand(R"({"os":["a"],"include":[{"OS":"a","x":1},{"x":2}]})");
  EXPECT_EQ(matrices(legs), (std::vector<std::string>{R"({"os":"a","x":2})"}));
}

TEST(MatrixValidation, ReportsGitHubsMessages) {
  EXPECT_EQ(first_error(R"({})"), "PW0604 Matrix must define at least one vector");
  EXPECT_EQ(first_error(R"({"exclude":[{"a":1}]})").substr(0, 6), "PW0604");
  EXPECT_EQ(first_error(R"({"include":[]})").substr(0, 6), "PW0604");
  EXPECT_EQ(first_error(R"({"a":[1],"exclude":[{}]})"),
            "PW0608 Matrix exclude filter must not be empty");
  EXPECT_EQ(first_error(R"({"a":[1],"exclude":[{"b":1}]})"),
            "PW0609 Matrix exclude key 'b' does not match any key within the matrix");
  EXPECT_EQ(first_error(R"({"a":[1],"include":[{}]})"),
            "PW0606 Matrix include mapping does not contain any values");
  EXPECT_EQ(first_error(R"({"a":"x"})").substr(0, 6), "PW0602");
  EXPECT_EQ(first_error(R"([1])").substr(0, 6), "PW0601");
  EXPECT_EQ(first_error(R"({"a":[1],"include":{}})").substr(0, 6), "PW0605");
  EXPECT_EQ(first_error(R"({"a":[1],"include":[1]})").substr(0, 6), "PW0605");
  EXPECT_EQ(first_error(R"({"a":[1],"exclude":null})").substr(0, 6), "PW0607");
  // 'Include' (not lower-case) is a vector, as in GitHub's case-sensitive switch.
  EXPECT_EQ(first_error(R"({"Include":[{"a":1}]})"), "ok");
}

TEST(MatrixValidation, CollectsEveryErrorWithPaths) {
  pm::options o;
  o.path = "/jobs/b/strategy/matrix";
  auto r = pm::compile(j(R"({"a":[],"b":"x","exclude":[{},{"zz":1}]})"), o);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 4u);
  EXPECT_EQ(r.diagnostics()[0].path, "/jobs/b/strategy/matrix/a");
  EXPECT_EQ(r.diagnostics()[3].path, "/jobs/b/strategy/matrix/exclude/1/zz");
}

TEST(MatrixNames, FollowJobNameBuilder) {
  auto legs = expand(R"({"n":[1.5,100,1e15,true,"",null,-0.0]})", "t");
  EXPECT_EQ(names(legs), (std::vector<std::string>{"t (1.5)", "t (100)", "t (1E+15)", "t (true)",
                                                   "t", "t", "t (0)"}));
  legs = expand(R"({"s":["ü"]})", std::string(95, 'x'));
  // 95 + " (ü)" = 99 UTF-16 units: no cut, although it is 100 bytes.
  EXPECT_EQ(legs[0].name, std::string(95, 'x') + " (ü)");
  legs = expand(R"({"s":["abcdef"]})", std::string(95, 'x'));
  EXPECT_EQ(legs[0].name, std::string(95, 'x') + " (...");
  EXPECT_EQ(pm::utf16_length(legs[0].name), 100u);
}

TEST(MatrixNames, ANameTemplateReplacesTheSuffix) {
  const auto legs =
      expand(R"({"os":["linux","mac"]})", "build ${{ matrix.os }} ${{ strategy.job-index }}");
  EXPECT_EQ(names(legs), (std::vector<std::string>{"build linux 0", "build mac 1"}));
}

TEST(MatrixIds, FollowIdBuilder) {
  const auto legs = expand(R"({"v":["1.5","1_5","A b","ü"],"w":["x"]})");
  std::vector<std::string> ids;
  for (const auto& l : legs) ids.push_back(l.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"_1_5_x", "_1_5_x_2", "A_b_x", "_x"}));
  pm::id_builder b;
  b.append("__a");
  EXPECT_EQ(b.build(), "_a");
  b.append(std::string(120, 'z'));
  EXPECT_EQ(b.build(25), std::string(25, 'z'));
  b.append(std::string(120, 'Z'));
  EXPECT_EQ(b.build(25), std::string(23, 'Z') + "_2");
}

TEST(MatrixStrategy, ReportsTheStrategyContext) {
  pm::options o;
  o.fail_fast = false;
  o.max_parallel = 2;
  auto r = pm::expand(j(R"({"a":[1,2,3]})"), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(dump((*r)[1].strategy),
            R"({"fail-fast":false,"job-index":1,"job-total":3,"max-parallel":2})");
  o.max_parallel = 0;
  r = pm::expand(j(R"({"a":[1,2,3]})"), o);
  EXPECT_EQ(dump((*r)[2].strategy),
            R"({"fail-fast":false,"job-index":2,"job-total":3,"max-parallel":3})");
}

TEST(MatrixLimits, AreAPolicyCheckedBeforeEnumerating) {
  // 10 axes of 4 values: a million legs.
  std::string m = "{";
  for (int a = 0; a < 10; ++a) {
    m += (a ? "," : "") + std::string("\"a") + std::to_string(a) + "\":[1,2,3,4]";
  }
  m += "}";
  auto r = pm::compile(j(m));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.first_error()->code, "PW0610");
  auto big = pm::compile(j(m), {}, pm::unlimited{});
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->count(), 1048576u);
  EXPECT_TRUE(big->counted_without_enumerating());
  auto custom = pm::compile(j(m), {}, pm::leg_limit{1000});
  EXPECT_FALSE(custom.ok());
  EXPECT_TRUE(pm::compile(j(R"({"a":[1,2],"b":[1,2]})"), {}, pm::leg_limit{4}).ok());
  EXPECT_FALSE(
      pm::compile(j(R"({"a":[1,2],"b":[1,2],"include":[{"a":3}]})"), {}, pm::leg_limit{4}).ok());
}

TEST(MatrixLimits, HugeProductsNeverOverflow) {
  // 40 axes of 4 values: 2^80 combinations.
  std::string m = "{";
  for (int a = 0; a < 40; ++a) {
    m += (a ? "," : "") + std::string("\"a") + std::to_string(a) + "\":[1,2,3,4]";
  }
  m += "}";
  auto r = pm::compile(j(m), {}, pm::unlimited{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.first_error()->code, "PW0611");
  // GitHub's checked Int32 product: 2^32 combinations fail even if excludes remove them.
  std::string g = "{";
  for (int a = 0; a < 16; ++a) {
    g += (a ? "," : "") + std::string("\"a") + std::to_string(a) + "\":[1,2,3,4]";
  }
  g += ",\"exclude\":[{\"a0\":1}]}";
  auto gr = pm::compile(j(g));
  ASSERT_FALSE(gr.ok());
  EXPECT_EQ(gr.first_error()->code, "PW0611");
}

TEST(MatrixCount, AgreesWithStreamingOnRandomRules) {
  std::uint64_t seed = 12345;
  auto next = [&seed](std::uint64_t n) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed % n;
  };
  for (int round = 0; round < 200; ++round) {
    const std::uint64_t axes = 1 + next(5);
    std::string m = "{";
    for (std::uint64_t a = 0; a < axes; ++a) {
      m += (a ? "," : "") + std::string("\"a") + std::to_string(a) + "\":[";
      const std::uint64_t len = 1 + next(4);
      for (std::uint64_t i = 0; i < len; ++i) m += (i ? "," : "") + std::to_string(i);
      m += "]";
    }
    for (const char* kind : {"exclude", "include"}) {
      m += std::string(",\"") + kind + "\":[";
      const std::uint64_t rules = next(6);
      for (std::uint64_t r = 0; r < rules; ++r) {
        m += r ? ",{" : "{";
        const std::uint64_t keys = 1 + next(2);
        for (std::uint64_t k = 0; k < keys; ++k) {
          m += (k ? "," : "") + std::string("\"a") + std::to_string(next(axes)) +
               "\":" + std::to_string(next(4));
        }
        if (std::string_view(kind) == "include") m += ",\"x\":" + std::to_string(r);
        m += "}";
      }
      m += "]";
    }
    m += "}";
    auto s = pm::compile(j(m), {}, pm::unlimited{});
    if (!s.ok()) continue;  // duplicate keys etc. are fine to skip
    EXPECT_EQ(s->count(), s->count_streaming()) << m;
    EXPECT_EQ(s->count(), s->materialise().size()) << m;
  }
}

TEST(MatrixStream, VisitsLegsInOrderAndCanStop) {
  auto s = pm::compile(j(R"({"a":[1,2,3],"b":["x","y"],"exclude":[{"a":2}],
                             "include":[{"b":"y","extra":true},{"a":9}]})"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->count(), 5u);
  std::vector<std::string> seen;
  s->for_each([&](const pm::leg_view& leg) { seen.push_back(leg.name()); });
  EXPECT_EQ(seen, (std::vector<std::string>{"job (1, x)", "job (1, y)", "job (3, x)", "job (3, y)",
                                            "job (9)"}));
  std::size_t visited = 0;
  EXPECT_FALSE(s->for_each([&](const pm::leg_view&) { return ++visited < 2; }));
  EXPECT_EQ(visited, 2u);
  const pm::legs all = s->materialise();
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(dump(all[1].matrix()), R"({"a":1,"b":"y","extra":true})");
  EXPECT_EQ(dump(all[4].matrix()), R"({"a":9})");
}

TEST(MatrixExplain, SaysWhichRulesShapedALeg) {
  auto s = pm::compile(j(R"({"a":[1,2],"b":["x","y"],"exclude":[{"b":"z"},{"a":2,"b":"y"}],
                             "include":[{"b":"y","n":1},{"extra":2},{"a":7}]})"));
  ASSERT_TRUE(s.ok());
  auto e = s->explain(1);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->source, pm::leg_source::product);
  EXPECT_EQ(e->extended_by, (std::vector<std::size_t>{0, 1}));
  auto last = s->explain(3);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->source, pm::leg_source::include);
  EXPECT_EQ(last->include_index, 2u);
  EXPECT_FALSE(s->explain(4).has_value());
  auto c = s->explain_combination(*s->combination_of({1, 1}));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->excluded_by, (std::vector<std::size_t>{1}));
  EXPECT_FALSE(c->position.has_value());
  auto kept = s->explain_combination(2);
  ASSERT_TRUE(kept.has_value());
  EXPECT_TRUE(kept->excluded_by.empty());
  EXPECT_EQ(kept->position, std::uint64_t{2});
}

TEST(MatrixRobustness, ManyRulesUseWideMasks) {
  std::string m = R"({"a":[)";
  for (int i = 0; i < 100; ++i) m += (i ? "," : "") + std::to_string(i);
  m += R"(],"b":[0,1],"exclude":[)";
  for (int i = 0; i < 90; ++i)
    m += (i ? "," : "") + std::string("{\"a\":") + std::to_string(i) + "}";
  m += R"(],"include":[)";
  for (int i = 0; i < 70; ++i) {
    m += (i ? "," : "") + std::string("{\"a\":") + std::to_string(i + 20) +
         ",\"k\":" + std::to_string(i) + "}";
  }
  m += "]}";
  auto s = pm::compile(j(m), {}, pm::unlimited{});
  ASSERT_TRUE(s.ok());
  // Values 90..99 stay (20 legs); includes for a=20..89 match nothing kept → 70 new legs.
  EXPECT_EQ(s->count(), 90u);
  EXPECT_EQ(s->count_streaming(), 90u);
  // More than 64 rules of a kind are counted with wide rule masks, still without listing.
  EXPECT_TRUE(s->counted_without_enumerating());
}

TEST(MatrixOrThrow, ThrowsOnBadInput) {
  EXPECT_THROW((void)pm::expand_or_throw(j("{}")), pipewright::error);
}
