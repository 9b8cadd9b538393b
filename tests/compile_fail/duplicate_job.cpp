// Two jobs whose ids differ only in case.
// clang-format off
// expect: static_::error::duplicate_job_id\(\)|function 'duplicate_job_id'
// expect-clang: function 'duplicate_job_id'.*report_job\(true, 2, \{5, &"Build"\[0\]\}\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{}, job{"build", runs_on{"ubuntu-latest"}, step{run{"make"}}},
             job{"Build", runs_on{"ubuntu-latest"}, step{run{"make again"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
