#include "pipewright/expr/parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pe = pipewright::expr;

namespace {
constexpr std::array<std::string_view, 2> names{"github", "matrix"};

// A constexpr function that parses into a node array.
constexpr std::size_t node_count(std::string_view text) {
  pe::fixed_node_storage<64> nodes;
  const pe::fixed_resolver r{names.data(), names.size()};
  return pe::parse(text, nodes, r).ok() ? nodes.size() : 0;
}

pe::parse_error_kind error_of(std::string_view text) {
  pe::fixed_node_storage<4096> nodes;
  const pe::fixed_resolver r{names.data(), names.size()};
  return pe::parse(text, nodes, r).error;
}
}  // namespace

// The parser runs in constant evaluation.
static_assert(pe::is_valid("github.ref == 'refs/heads/main' && contains(matrix.os, 'ubuntu')",
                           names));
static_assert(!pe::is_valid("github.ref ==", names));
static_assert(!pe::is_valid("nope.ref", names));
static_assert(!pe::is_valid("format('x',)"));
static_assert(node_count("github.event.commits[0]") == 7);

TEST(ExprParser, UnknownNamesAndArityAreParseErrors) {
  EXPECT_EQ(error_of("nosuch.foo"), pe::parse_error_kind::unrecognized_named_value);
  EXPECT_EQ(error_of("len('a')"), pe::parse_error_kind::unrecognized_function);
  EXPECT_EQ(error_of("startsWith('a')"), pe::parse_error_kind::too_few_parameters);
  EXPECT_EQ(error_of("fromJSON(1, 2)"), pe::parse_error_kind::too_many_parameters);
  EXPECT_EQ(error_of("case(true, 1, false, 2)"), pe::parse_error_kind::even_parameters);
  EXPECT_EQ(error_of("always"), pe::parse_error_kind::unrecognized_named_value);
}

TEST(ExprParser, LiteralsTakeNoSuffix) {
  EXPECT_NE(error_of("'abc'[0]"), pe::parse_error_kind::none);
  EXPECT_EQ(error_of("('abc')[0]"), pe::parse_error_kind::none);
  EXPECT_NE(error_of("github.0"), pe::parse_error_kind::none);
}

TEST(ExprParser, DepthIsLimitedToFifty) {
  EXPECT_EQ(error_of(std::string(49, '(') + "1" + std::string(49, ')')),
            pe::parse_error_kind::none);
  EXPECT_EQ(error_of(std::string(50, '(') + "1" + std::string(50, ')')),
            pe::parse_error_kind::depth_limit);
  EXPECT_EQ(error_of(std::string(49, '!') + "true"), pe::parse_error_kind::none);
  EXPECT_EQ(error_of(std::string(50, '!') + "true"), pe::parse_error_kind::depth_limit);
}

TEST(ExprParser, LengthIsLimited) {
  std::string long_text = "'" + std::string(21000, 'a') + "'";
  EXPECT_EQ(error_of(long_text), pe::parse_error_kind::length_limit);
}

TEST(ExprParser, AnEmptyExpressionHasNoRoot) {
  pe::fixed_node_storage<4> nodes;
  const pe::fixed_resolver r{};
  EXPECT_EQ(pe::parse("  ", nodes, r).root, -1);
}

namespace {
pe::parse_outcome outcome_of(std::string_view text) {
  pe::fixed_node_storage<4096> nodes;
  const pe::fixed_resolver r{names.data(), names.size()};
  return pe::parse(text, nodes, r);
}
}  // namespace

// The lexer looks at the whole text again only after a failed parse; a lexical error after
// the parse error must still win, with its own span.
TEST(ExprParser, ALexicalErrorAnywhereIsReportedBeforeAParseError) {
  struct expected {
    std::string_view text;
    std::uint32_t begin;
    std::uint32_t end;
  };
  const expected cases[] = {
      {"nosuch.foo == 'unterminated", 14, 27},              // unknown name, then a bad string
      {"github.ref == == 1 ~", 19, 20},                     // bad symbol after a syntax error
      {"len('a') && 0xZZ", 12, 16},                         // unknown function, then a bad number
      {"(((1) && github.x & 2", 18, 19},                    // missing `)`, then a lone `&`
      {std::string_view("github.ref =\0= 1", 16), 11, 13},  // `=` runs to the next boundary
  };
  for (const expected& c : cases) {
    const pe::parse_outcome o = outcome_of(c.text);
    EXPECT_EQ(o.error, pe::parse_error_kind::unexpected_symbol) << c.text;
    EXPECT_TRUE(o.lexical) << c.text;
    EXPECT_EQ(o.begin, c.begin) << c.text;
    EXPECT_EQ(o.end, c.end) << c.text;
    EXPECT_EQ(o.root, -1) << c.text;
  }
  // Without a lexical error the parse error stands.
  const pe::parse_outcome o = outcome_of("nosuch.foo == 'fine'");
  EXPECT_EQ(o.error, pe::parse_error_kind::unrecognized_named_value);
  EXPECT_FALSE(o.lexical);
  EXPECT_EQ(o.begin, 0u);
  EXPECT_EQ(o.end, 6u);
}

static_assert(!pe::is_valid("nosuch.foo == 'unterminated", names));
