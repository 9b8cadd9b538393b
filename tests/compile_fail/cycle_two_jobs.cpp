// A cycle of two jobs: both compilers name both jobs (g++ as the operands of the pointer
// subtraction under error::needs_form_a_cycle_through, clang in its "in call to" note).
// clang-format off
// expect: error::needs_form_a_cycle_through.*\(\(const char\*\)"lint"\) - \(\(const char\*\)"package"\)\).* is not a constant expression
// expect-clang: function 'needs_form_a_cycle'.*report_cycle\(true, \{4, &"lint"\[0\]\}, \{7, &"package"\[0\]\}, \{0, &""\[0\]\}, 2\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{"main"},
             job{"lint", needs{"package"}, runs_on{"ubuntu-latest"}, step{run{"make lint"}}},
             job{"package", needs{"lint"}, runs_on{"ubuntu-latest"}, step{run{"make dist"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
