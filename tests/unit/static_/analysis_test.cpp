// Tests of include/pipewright/static_/analysis.hpp: the cheaper checking paths must give the
// same results as the plain ones.
#include "pipewright/static_/analysis.hpp"
#include "pipewright/static_/workflow.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "pipewright/value/json.hpp"

namespace {

namespace st = pipewright::static_;
namespace ex = pipewright::expr;

// Every expression of the differential corpus (tests/data/expressions), valid or not.
std::vector<std::string> corpus() {
  std::vector<std::string> out;
  std::ifstream in(std::string(PIPEWRIGHT_TEST_DATA_DIR) + "/expressions/differential.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    auto v = pipewright::json::parse(line);
    if (!v) continue;
    const pipewright::value* e = v->as_object().find("expr");
    if (e != nullptr && e->is_string()) out.emplace_back(e->as_string());
  }
  return out;
}

TEST(StaticCheckStorage, GivesTheParseOutcomesOfFullNodeStorage) {
  const std::vector<std::string> texts = corpus();
  ASSERT_GT(texts.size(), 1000u);
  std::size_t invalid = 0;
  for (const std::string_view key : {"", "jobs.<id>.if", "jobs.<id>.steps.run", "run-name"}) {
    const ex::fixed_resolver r =
        key.empty() ? st::detail::full_resolver() : st::detail::resolver_for(key);
    for (const std::string& t : texts) {
      st::detail::node_storage full;
      const ex::parse_outcome a = ex::parse(t, full, r);
      const ex::parse_outcome b = st::detail::check_parse(t, r);
      EXPECT_EQ(a.error, b.error) << key << ": " << t;
      EXPECT_EQ(a.begin, b.begin) << key << ": " << t;
      EXPECT_EQ(a.end, b.end) << key << ": " << t;
      EXPECT_EQ(a.lexical, b.lexical) << key << ": " << t;
      invalid += a.ok() ? 0u : 1u;
    }
  }
  EXPECT_GT(invalid, 100u);  // the corpus exercises the error paths too
}

TEST(StaticCheckedTexts, RemembersTextsByContentAndKey) {
  st::detail::checked_texts seen(4);
  const std::string a = "matrix.os || 'linux-1'";
  const std::string b = "matrix.os || 'linux-2'";  // differs in one byte
  std::string long_a(100, 'x');
  std::string long_b = long_a;
  long_b[50] = 'y';  // a byte the sampled hash may skip: the texts are still compared
  EXPECT_FALSE(seen.contains(a, 1));
  seen.add(a, 1);
  seen.add(long_a, 1);
  EXPECT_TRUE(seen.contains(std::string(a), 1));
  EXPECT_FALSE(seen.contains(a, 2));
  EXPECT_FALSE(seen.contains(b, 1));
  EXPECT_TRUE(seen.contains(long_a, 1));
  EXPECT_FALSE(seen.contains(long_b, 1));
}

constexpr auto repeated = st::basic_workflow{
    "r",
    st::job{"a", st::runs_on{"x"}, st::step{st::run{"${{ matrix.x }}"}},
            st::step{st::run{"${{ matrix.x }}"}}, st::step{st::run{"${{ steps.s }}"}},
            st::step{st::name{"${{ matrix.x }}"}}},
    st::job{"b", st::runs_on{"${{ matrix.x }}"}, st::step{st::run{"${{ matrix.x }}"}}}};

TEST(StaticAnalyse, DedupingExpressionsFindsTheSameProblems) {
  const auto with = st::detail::analyse(repeated.definition(), {true});
  const auto without = st::detail::analyse(repeated.definition(), {false});
  ASSERT_EQ(with.problems.size(), without.problems.size());
  ASSERT_EQ(with.problems.size(), 0u);
  constexpr auto bad = st::basic_workflow{
      "r", st::job{"a", st::runs_on{"x"}, st::step{st::run{"${{ secrets..x }}"}},
                   st::step{st::run{"${{ secrets..x }}"}}, st::step{st::if_{"secrets..x"}}}};
  const auto bad_with = st::detail::analyse(bad.definition(), {true});
  const auto bad_without = st::detail::analyse(bad.definition(), {false});
  ASSERT_EQ(bad_with.problems.size(), 3u);  // an invalid text is reported at every use
  ASSERT_EQ(bad_without.problems.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(bad_with.problems[i].step, bad_without.problems[i].step);
    EXPECT_EQ(bad_with.problems[i].column, bad_without.problems[i].column);
  }
}

}  // namespace
