// `secrets` is not available in runs-on (GitHub's context table): column 5.
// clang-format off
// expect: array subscript value [^0-9 ]*5[^0-9 ]* is outside the bounds of array [^ ]*pipewright::v0::static_::error::expression_context_not_allowed_at_column
// expect-clang: function 'expression_context_not_allowed_here'.*report_expression\(true, 8, \{5, &"build"\[0\]\}, \{7, &"runs-on"\[0\]\}, \{[0-9]+, &"\$\{\{ secrets.RUNNER \}\}"\[0\]\}, 5\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{}, job{"build", runs_on{"${{ secrets.RUNNER }}"}, step{run{"make"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
