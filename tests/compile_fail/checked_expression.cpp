// static_::expr<> with a syntax error: an unclosed call, reported at its last token (column 24).
// clang-format off
// expect: array subscript value [^0-9 ]*24[^0-9 ]* is outside the bounds of array [^ ]*pipewright::v0::static_::error::expression_syntax_error_at_column
// expect-clang: function 'expression_syntax_error'.*report_expression\(true, 7, \{0, nullptr\}, \{0, &<template param [^ ]*fixed_string<1>.*fixed_string<30>.*, 24\)
// clang-format on
#include "pipewright/static_/expression.hpp"

constexpr auto on_main = pipewright::static_::expr<"startsWith(github.ref, 'main'">;

int main() {
  return on_main.text().empty() ? 1 : 0;
}
