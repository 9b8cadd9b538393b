// A needs entry naming no job; clang's note names the job and the missing need.
// clang-format off
// expect: static_::error::needs_names_an_unknown_job\(\)|function 'needs_names_an_unknown_job'
// expect-clang: function 'needs_names_an_unknown_job'.*report_unknown_needs\(true, \{4, &"test"\[0\]\}, \{5, &"biuld"\[0\]\}\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{}, job{"build", runs_on{"ubuntu-latest"}, step{run{"make"}}},
             job{"test", needs{"biuld"}, runs_on{"ubuntu-latest"}, step{run{"make test"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
