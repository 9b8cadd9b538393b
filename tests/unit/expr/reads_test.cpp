#include "pipewright/expr/reads.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/expr/template.hpp"

namespace {

namespace pe = pipewright::expr;
using pipewright::value;

const std::string_view reads_varying[] = {"matrix", "strategy"};

pe::compiled_template reads_template(std::string_view text) {
  pe::compile_options co;
  co.contexts = {"matrix", "strategy", "github"};
  return pe::compile_template(text, co).value();
}

value reads_contexts(value matrix, double index) {
  return value::make_object({{"matrix", std::move(matrix)},
                             {"strategy", value::make_object({{"job-index", index}})},
                             {"github", value::make_object({{"ref", "refs/heads/main"}})}});
}

// Evaluates `text` for each matrix through shared_results; counts the evaluations.
struct reads_run {
  std::vector<std::string> results;
  int evaluations = 0;
  bool sharing = false;
};
reads_run reads_share(std::string_view text, const std::vector<value>& matrices) {
  const pe::compiled_template t = reads_template(text);
  pe::shared_results<std::string> shared(t.expressions(), reads_varying);
  reads_run out;
  double index = 0;
  for (const value& m : matrices) {
    const value ctx = reads_contexts(m, index++);
    out.results.push_back(shared.get(ctx, [&] {
      ++out.evaluations;
      return pe::to_string(t.evaluate(ctx).value());
    }));
  }
  out.sharing = shared.sharing();
  return out;
}

}  // namespace

TEST(SharedResults, LegsThatReadTheSameMatrixValuesShareOneEvaluation) {
  const std::vector<value> legs{
      value::make_object({{"os", "linux"}, {"n", 1.0}}),
      value::make_object({{"os", "windows"}, {"n", 1.0}}),
      value::make_object({{"os", "linux"}, {"n", 2.0}}),
      value::make_object({{"OS", "windows"}, {"n", 3.0}}),  // keys ignore case
      value::make_object({{"n", 4.0}}),                     // no os: null
  };
  const reads_run r = reads_share("build ${{ matrix.Os }} on ${{ github.ref }}", legs);
  EXPECT_EQ(r.results, (std::vector<std::string>{
                           "build linux on refs/heads/main", "build windows on refs/heads/main",
                           "build linux on refs/heads/main", "build windows on refs/heads/main",
                           "build  on refs/heads/main"}));
  EXPECT_EQ(r.evaluations, 3);
  EXPECT_TRUE(r.sharing);
  // Two members: a leg shares only when both are the same.
  const reads_run two = reads_share("${{ matrix.os }}-${{ matrix.n }}", legs);
  EXPECT_EQ(two.results,
            (std::vector<std::string>{"linux-1", "windows-1", "linux-2", "windows-3", "-4"}));
  EXPECT_EQ(two.evaluations, 5);
}

TEST(SharedResults, EvaluatesEveryTimeWhenTheKeyCannotBeKnown) {
  const std::vector<value> legs{value::make_object({{"os", "linux"}}),
                                value::make_object({{"os", "linux"}})};
  // All of matrix, strategy's job-index (different per leg), an index that is not `.name`.
  for (const std::string_view text :
       {"${{ toJSON(matrix) }}", "${{ matrix['os'] }}", "${{ strategy.job-index }}"}) {
    const reads_run r = reads_share(text, legs);
    EXPECT_EQ(r.evaluations, 2) << text;
    EXPECT_EQ(r.results[0], text == "${{ strategy.job-index }}" ? "0" : r.results[1]) << text;
  }
  // An array member: two equal arrays are different instances to an expression.
  const std::vector<value> arrays{value::make_object({{"list", value::make_array({value("a")})}}),
                                  value::make_object({{"list", value::make_array({value("a")})}})};
  EXPECT_EQ(reads_share("${{ join(matrix.list) }}", arrays).evaluations, 2);
  // Nothing varying read: one evaluation for all.
  EXPECT_EQ(reads_share("${{ github.ref }}", legs).evaluations, 1);
}

TEST(SharedResults, StopsSharingAfterTooManyDifferentKeys) {
  std::vector<value> legs;
  for (std::size_t i = 0; i < pe::shared_results<std::string>::max_results + 5; ++i) {
    legs.push_back(value::make_object({{"n", static_cast<double>(i)}}));
  }
  legs.push_back(value::make_object({{"n", 0.0}}));
  const reads_run r = reads_share("n=${{ matrix.n }}", legs);
  EXPECT_FALSE(r.sharing);
  EXPECT_EQ(r.evaluations, static_cast<int>(legs.size()));
  EXPECT_EQ(r.results.back(), "n=0");
  EXPECT_EQ(r.results[3], "n=3");
}
