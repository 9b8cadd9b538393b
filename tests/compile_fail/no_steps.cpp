// A job with neither steps nor a reusable-workflow call.
// clang-format off
// expect: static_::error::job_has_neither_steps_nor_uses\(\)|function 'job_has_neither_steps_nor_uses'
// expect-clang: function 'job_has_neither_steps_nor_uses'.*report_job\(true, 5, \{4, &"lint"\[0\]\}\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{}, job{"build", runs_on{"ubuntu-latest"}, step{run{"make"}}},
             job{"lint", runs_on{"ubuntu-latest"}}};

int main() {
  return static_cast<int>(ci.job_count());
}
