// One test per resource limit (docs/reliability.md): each proves the limit's own diagnostic
// and that the default is the documented named constant.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "hostile_inputs.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/lexer.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"

namespace pw = pipewright;
namespace codes = pipewright::codes;
using pipewright_limits::codes_of;

namespace {

bool has(const std::vector<std::string>& v, std::string_view code) {
  return std::find(v.begin(), v.end(), code) != v.end();
}

std::vector<std::string> yaml_codes(const std::string& text, const pw::yaml::load_options& o = {}) {
  auto d = pw::yaml::load(text, o);
  return d ? std::vector<std::string>{} : codes_of(d.diagnostics());
}

std::vector<std::string> workflow_codes(const std::string& text,
                                        const pw::yaml::workflow_options& o = {}) {
  return codes_of(pw::yaml::load_workflow_report(text, o).diagnostics);
}

std::vector<std::string> eval_codes(const std::string& text) {
  pw::expr::compile_options co;
  co.contexts = {"github"};
  auto e = pw::expr::compile(text, co);
  if (!e) return codes_of(e.diagnostics());
  auto v = e->evaluate(pw::value());
  return v ? std::vector<std::string>{} : codes_of(v.diagnostics());
}

}  // namespace

TEST(Limits, YamlAliasExpansionStopsBillionLaughs) {
  EXPECT_EQ(pw::yaml::limits{}.max_alias_nodes, pw::yaml::default_max_alias_nodes);
  EXPECT_EQ(pw::yaml::default_max_alias_nodes, 100'000u);
  EXPECT_TRUE(has(yaml_codes(pipewright_limits::billion_laughs()), codes::yaml_alias_limit));
  // A small alias use stays within the limit.
  EXPECT_TRUE(yaml_codes("a: &x [1, 2]\nb: *x\n").empty());
}

TEST(Limits, YamlNestingDeeperThanTheLimitIsAnError) {
  EXPECT_EQ(pw::yaml::limits{}.max_depth, pw::yaml::default_max_depth);
  EXPECT_EQ(pw::yaml::default_max_depth, 256u);
  EXPECT_TRUE(has(yaml_codes(pipewright_limits::nested_brackets(257)), codes::yaml_depth_limit));
  EXPECT_TRUE(yaml_codes(pipewright_limits::nested_brackets(200)).empty());
}

TEST(Limits, YamlTextLargerThanTheLimitIsAnError) {
  EXPECT_EQ(pw::yaml::limits{}.max_bytes, pw::yaml::default_max_bytes);
  EXPECT_EQ(pw::yaml::default_max_bytes, std::size_t{1} << 20);
  const std::string big = "a: '" + std::string((std::size_t{1} << 20) - 5, 'x') + "'\n";
  ASSERT_EQ(big.size(), (std::size_t{1} << 20) + 1);
  EXPECT_TRUE(has(yaml_codes(big), codes::yaml_size_limit));
  const std::string fits = "a: '" + std::string((std::size_t{1} << 20) - 6, 'x') + "'\n";
  EXPECT_TRUE(yaml_codes(fits).empty());
}

TEST(Limits, WorkflowFilesAreLimitedTo500KBByDefault) {
  EXPECT_EQ(pw::yaml::github_max_workflow_bytes, 512'000u);
  EXPECT_EQ(pw::yaml::workflow_options{}.load.limits.max_bytes, 512'000u);
  const std::string head = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n";
  std::string ok = head + "#" + std::string(512'000 - head.size() - 2, 'x') + "\n";
  ASSERT_EQ(ok.size(), 512'000u);
  EXPECT_TRUE(workflow_codes(ok).empty());
  const std::string over = ok + "\n";
  EXPECT_TRUE(has(workflow_codes(over), codes::yaml_size_limit));
  // Configurable: lifted to 1 MiB the same text loads.
  pw::yaml::workflow_options o;
  o.load.limits.max_bytes = std::size_t{1} << 20;
  EXPECT_TRUE(workflow_codes(over, o).empty());
}

TEST(Limits, YamlNodeCountIsLimited) {
  EXPECT_EQ(pw::yaml::limits{}.max_nodes, pw::yaml::default_max_nodes);
  EXPECT_EQ(pw::yaml::default_max_nodes, 1'000'000u);
  std::string flat = "[0";
  for (int i = 0; i < 1'000'000; ++i) flat += ",0";
  flat += "]";
  pw::yaml::load_options o;
  o.limits.max_bytes = flat.size();
  EXPECT_TRUE(has(yaml_codes(flat, o), codes::yaml_node_limit));
}

TEST(Limits, JsonNestingDeeperThanTheLimitIsAnError) {
  EXPECT_EQ(pw::json::limits{}.max_depth, pw::json::default_max_depth);
  EXPECT_EQ(pw::json::default_max_depth, 512u);
  auto deep = pw::json::parse(pipewright_limits::nested_brackets(513));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.diagnostics().front().code, codes::json_depth_limit);
  EXPECT_TRUE(pw::json::parse(pipewright_limits::nested_brackets(512)).ok());
}

TEST(Limits, JsonTextLargerThanTheLimitIsAnError) {
  EXPECT_EQ(pw::json::limits{}.max_bytes, pw::json::default_max_bytes);
  EXPECT_EQ(pw::json::default_max_bytes, std::size_t{256} << 20);
  pw::json::read_options o;
  o.limits.max_bytes = 1000;
  auto big = pw::json::parse("\"" + std::string(999, 'x') + "\"", o);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.diagnostics().front().code, codes::json_size_limit);
}

TEST(Limits, ExpressionsLongerThan21000CharactersAreAnError) {
  EXPECT_EQ(pw::expr::max_length, 21'000u);
  EXPECT_TRUE(has(eval_codes(pipewright_limits::long_expression(21'001)), codes::expr_max_length));
  EXPECT_TRUE(eval_codes(pipewright_limits::long_expression(21'000)).empty());
}

TEST(Limits, ExpressionsDeeperThan50LevelsAreAnError) {
  EXPECT_EQ(pw::expr::max_depth, 50u);
  EXPECT_TRUE(has(eval_codes(pipewright_limits::nested_expression(60)), codes::expr_max_depth));
  EXPECT_TRUE(eval_codes(pipewright_limits::nested_expression(20)).empty());
}

TEST(Limits, FormatJoinAndToJsonResultsAreLimitedTo1MiB) {
  EXPECT_EQ(pw::expr::evaluation_options{}.max_memory, std::size_t{1} << 20);
  EXPECT_TRUE(eval_codes(pipewright_limits::format_bomb(4)).empty());  // 100,000 characters
  EXPECT_TRUE(has(eval_codes(pipewright_limits::format_bomb(7)), codes::expr_memory_limit));
  EXPECT_TRUE(has(eval_codes(pipewright_limits::join_bomb(5)), codes::expr_memory_limit));
  EXPECT_TRUE(has(eval_codes(pipewright_limits::tojson_bomb()), codes::expr_memory_limit));
}

TEST(Limits, WorkflowNestingDeeperThanTheLimitIsAnError) {
  EXPECT_EQ(pw::model::schema::validate_options{}.max_depth, 50u);
  auto workflow = [](std::size_t depth) {
    return "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        x: " +
           pipewright_limits::nested_brackets(depth) + "\n    steps: [{run: a}]\n";
  };
  EXPECT_TRUE(has(workflow_codes(workflow(60)), codes::model_depth_limit));
  EXPECT_FALSE(has(workflow_codes(workflow(30)), codes::model_depth_limit));
}

TEST(Limits, MoreJobsThanTheLimitIsAnError) {
  EXPECT_EQ(pw::model::default_max_jobs, 1000u);
  EXPECT_EQ(pw::model::read_options{}.max_jobs, pw::model::default_max_jobs);
  EXPECT_TRUE(has(workflow_codes(pipewright_limits::many_jobs(1001)), codes::model_job_limit));
  EXPECT_FALSE(has(workflow_codes(pipewright_limits::many_jobs(1000)), codes::model_job_limit));
  pw::yaml::workflow_options lifted;
  lifted.read.max_jobs = 0;
  EXPECT_TRUE(workflow_codes(pipewright_limits::many_jobs(1001), lifted).empty());
}

TEST(Limits, NeedsFanInLargerThanTheLimitIsAnError) {
  EXPECT_EQ(pw::model::default_max_needs, 256u);
  EXPECT_EQ(pw::model::read_options{}.max_needs, pw::model::default_max_needs);
  const std::string over = pipewright_limits::needs_fan_in(257);
  const auto r = pw::yaml::load_workflow_report(over);
  ASSERT_TRUE(has(codes_of(r.diagnostics), codes::graph_needs_limit));
  for (const pw::diagnostic& d : r.diagnostics) {
    if (d.code != codes::graph_needs_limit) continue;
    EXPECT_EQ(over.substr(d.span.begin, 4), "[j0,");  // points at the job's needs
    EXPECT_NE(d.message.find("257"), std::string::npos);
  }
  EXPECT_TRUE(workflow_codes(pipewright_limits::needs_fan_in(256)).empty());
  pw::yaml::workflow_options lifted;
  lifted.read.max_needs = 0;
  EXPECT_TRUE(workflow_codes(over, lifted).empty());
}

TEST(Limits, MatrixLegsAreLimitedTo256) {
  EXPECT_EQ(pw::matrix::github_max_legs, 256u);
  auto m = pw::json::parse_or_throw(pipewright_limits::wide_matrix(9));  // 512 legs
  auto s = pw::matrix::compile(m);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.diagnostics().front().code, codes::matrix_too_many_legs);
  EXPECT_TRUE(pw::matrix::compile(pw::json::parse_or_throw(pipewright_limits::wide_matrix(8))));
}

TEST(Limits, MatrixCrossProductIsLimitedTo32Bits) {
  EXPECT_EQ(pw::matrix::github_max_product, 2'147'483'647u);
  auto s = pw::matrix::compile(pw::json::parse_or_throw(pipewright_limits::wide_matrix(31)));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.diagnostics().front().code, codes::matrix_too_large);
}

TEST(Limits, LiftedMatrixLimitCountsHugeProductsWithoutOverflow) {
  const auto m = pw::json::parse_or_throw(pipewright_limits::wide_matrix(40));
  auto s = pw::matrix::compile(m, {}, pw::matrix::unlimited{});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->count(), std::uint64_t{1} << 40);
  EXPECT_TRUE(s->counted_without_enumerating());
  std::uint64_t seen = 0;
  EXPECT_FALSE(s->for_each([&](const pw::matrix::leg_view&) { return ++seen < 3; }));
  EXPECT_EQ(seen, 3u);
  // 2^70 does not fit 64 bits: an error, not a wrapped count.
  auto huge = pw::matrix::compile(pw::json::parse_or_throw(pipewright_limits::wide_matrix(70)), {},
                                  pw::matrix::unlimited{});
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.diagnostics().front().code, codes::matrix_too_large);
}

TEST(Limits, LiftedMatrixLimitCountsWithManyRulesWithoutEnumerating) {
  // 70 exclude and 70 include entries (two-word rule masks): count() by dynamic programming
  // agrees with streaming on a small product, and stays instant on a 2^40 one.
  const auto small = pw::json::parse_or_throw(pipewright_limits::wide_matrix_with_rules(12, 70));
  auto s = pw::matrix::compile(small, {}, pw::matrix::unlimited{});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->counted_without_enumerating());
  EXPECT_EQ(s->count(), s->count_streaming());
  EXPECT_EQ(s->count(), s->materialise().size());
  const auto big = pw::json::parse_or_throw(pipewright_limits::wide_matrix_with_rules(40, 70));
  auto b = pw::matrix::compile(big, {}, pw::matrix::unlimited{});
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->counted_without_enumerating());
  EXPECT_GT(b->count(), std::uint64_t{1} << 20);
}
