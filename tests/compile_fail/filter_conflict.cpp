// An event with a filter and its -ignore twin (GitHub refuses to run the workflow).
// clang-format off
// expect: static_::error::event_has_a_filter_and_its_ignore_twin\(\)|function 'event_has_a_filter_and_its_ignore_twin'
// expect-clang: function 'event_has_a_filter_and_its_ignore_twin'.*report_filter_conflict\(true, \{4, &"push"\[0\]\}, \{8, &"branches"\[0\]\}\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci = workflow{"CI", on::push{"main", branches_ignore{"wip/**"}},
                             job{"build", runs_on{"ubuntu-latest"}, step{run{"make"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
