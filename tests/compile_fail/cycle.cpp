// A cycle in needs: the message names the problem; clang's note also names the jobs.
// clang-format off
// expect: static_::error::needs_form_a_cycle\(\)|function 'needs_form_a_cycle'
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
