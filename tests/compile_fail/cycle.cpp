// A cycle in needs: the message names the problem and the jobs. g++ names the first two
// jobs of the cycle as the operands of a pointer subtraction under
// error::needs_form_a_cycle_through; clang's "in call to" note shows three and the length.
// clang-format off
// expect: error::needs_form_a_cycle_through.*\(\(const char\*\)"build"\) - \(\(const char\*\)"test"\)\).* is not a constant expression
// expect-clang: function 'needs_form_a_cycle'.*report_cycle\(true, \{5, &"build"\[0\]\}, \{4, &"test"\[0\]\}, \{6, &"deploy"\[0\]\}, 3\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{"main"},
             job{"build", needs{"deploy"}, runs_on{"ubuntu-latest"}, step{run{"make"}}},
             job{"test", needs{"build"}, runs_on{"ubuntu-latest"}, step{run{"make test"}}},
             job{"deploy", needs{"test"}, runs_on{"ubuntu-latest"}, step{run{"make deploy"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
