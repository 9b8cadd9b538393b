// A job id GitHub rejects (it starts with a digit).
// clang-format off
// expect: static_::error::invalid_job_id\(\)|function 'invalid_job_id'
// expect-clang: function 'invalid_job_id'.*report_job\(true, 1, \{7, &"1-build"\[0\]\}\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{}, job{"1-build", runs_on{"ubuntu-latest"}, step{run{"make"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
