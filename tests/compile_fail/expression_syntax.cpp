// An `if:` that does not parse: the message names the problem and the column (15, the
// second `==`). g++ prints the column as an array index, clang in its note.
// clang-format off
// expect: array subscript value [^0-9 ]*15[^0-9 ]* is outside the bounds of array [^ ]*pipewright::v0::static_::error::expression_syntax_error_at_column
// expect-clang: function 'expression_syntax_error'.*report_expression\(true, 7, \{4, &"test"\[0\]\}, \{2, &"if"\[0\]\}, \{[0-9]+, &"github.ref == == 'x'"\[0\]\}, 15\)
// clang-format on
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{}, job{"build", runs_on{"ubuntu-latest"}, step{run{"make"}}},
             job{"test", needs{"build"}, if_{"github.ref == == 'x'"}, runs_on{"ubuntu-latest"},
                 step{run{"make test"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
