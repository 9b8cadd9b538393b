// A matrix axis with no values.
// clang-format off
// expect: static_::error::matrix_axis_is_empty\(\)|function 'matrix_axis_is_empty'
// expect-clang: function 'matrix_axis_is_empty'.*report_matrix\(true, 11, \{5, &"build"\[0\]\}, \{2, &"os"\[0\]\}, 0\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{},
             job{"build", runs_on{"ubuntu-latest"}, matrix{axis{"os"}}, step{run{"make"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
