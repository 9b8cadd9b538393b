// 17 x 16 = 272 legs, over GitHub's 256; g++ prints the count, clang's note too.
// clang-format off
// expect: array subscript value [^0-9 ]*272[^0-9 ]* is outside the bounds of array [^ ]*pipewright::v0::static_::error::matrix_legs_over_the_limit
// expect-clang: function 'matrix_has_too_many_legs'.*report_matrix\(true, 10, \{5, &"build"\[0\]\}, \{0, nullptr\}, 272\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{},
             job{"build", runs_on{"ubuntu-latest"},
                 matrix{axis{"a", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                        axis{"b", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}}},
                 step{run{"make"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
