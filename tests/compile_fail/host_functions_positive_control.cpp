// Positive control for the host_function_* cases: a definition and a checked expression
// calling declared host functions with the right arity compile with the same command.
#include <array>
#include <vector>

#include "pipewright/static_/expression.hpp"
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

struct versions {
  static constexpr std::array<pipewright::expr::function_signature, 1> signatures{
      {{"newer", 2, 2}}};
  std::vector<pipewright::expr::user_function> functions() const { return {}; }
};

constexpr auto ci = workflow{"CI", host_functions{versions::signatures}, on::push{},
                             job{"deploy", if_{"NEWER('2', '1')"}, runs_on{"ubuntu-latest"},
                                 step{run{"make deploy ${{ newer(github.ref_name, '1') }}"}}}};
static_assert(ci.total_legs() == 1);

constexpr auto check = pipewright::static_::expr<"newer('2', '1')", "jobs.<id>.if", versions>;

int main() {
  return check.text().empty() ? 1 : static_cast<int>(ci.job_count()) - 1;
}
