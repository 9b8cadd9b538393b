// A definition calling a host function it does not declare (no host_functions part): the
// runtime's unrecognized function (PW0204), at column 1 of the `if:`.
// clang-format off
// expect: array subscript value [^0-9 ]*1[^0-9 ]* is outside the bounds of array [^ ]*pipewright::v0::static_::error::expression_calls_an_unknown_function_at_column
// expect-clang: function 'expression_calls_an_unknown_function'.*report_function_call\(true, 4, \{6, &"deploy"\[0\]\}
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci = workflow{
    "CI", on::push{},
    job{"deploy", if_{"newer('2', '1')"}, runs_on{"ubuntu-latest"}, step{run{"make deploy"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
