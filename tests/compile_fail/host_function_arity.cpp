// static_::expr<> with a function set: a host function called with too few arguments is the
// runtime's PW0205, at its name (column 1).
// clang-format off
// expect: array subscript value [^0-9 ]*1[^0-9 ]* is outside the bounds of array [^ ]*pipewright::v0::static_::error::expression_calls_a_function_with_a_wrong_number_of_arguments_at_column
// expect-clang: function 'expression_calls_a_function_with_a_wrong_number_of_arguments'.*report_function_call\(true, 5,
// clang-format on
#include <array>
#include <vector>

#include "pipewright/static_/expression.hpp"

struct versions {
  static constexpr std::array<pipewright::expr::function_signature, 1> signatures{
      {{"newer", 2, 2}}};
  std::vector<pipewright::expr::user_function> functions() const { return {}; }
};

constexpr auto check = pipewright::static_::expr<"newer('2')", "jobs.<id>.if", versions>;

int main() {
  return check.text().empty() ? 1 : 0;
}
