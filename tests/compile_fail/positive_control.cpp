// Positive control: the same kinds of definition as the failing cases, valid, must compile
// with the same command.
#include "pipewright/static_/expression.hpp"
#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr auto ci =
    workflow{"CI", on::push{"main"},
             job{"build", runs_on{"${{ matrix.os }}"},
                 matrix{axis{"os", {"ubuntu-latest", "windows-latest"}}, axis{"n", {1, 2}}},
                 step{run{"make"}}},
             job{"test", needs{"build"}, if_{"github.ref == 'refs/heads/main'"},
                 runs_on{"ubuntu-latest"}, step{run{"make test"}}}};
static_assert(ci.total_legs() == 5);

constexpr auto on_main = pipewright::static_::expr<"startsWith(github.ref, 'main')">;

int main() {
  return on_main.text().empty() ? 1 : static_cast<int>(ci.job_count()) - 2;
}
