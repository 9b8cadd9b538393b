// host_functions refuses a signature that takes a built-in's name (here `ToJSON`, ignoring
// case): calls would reach the built-in, at run time as at compile time.
// expect: host_function_signature_is_invalid
#include <array>

#include "pipewright/static_/workflow.hpp"

using namespace pipewright::static_;

constexpr std::array<pipewright::expr::function_signature, 1> shadowing{{{"tojson", 1, 1}}};

constexpr auto ci = workflow{"CI", host_functions{shadowing}, on::push{},
                             job{"a", runs_on{"ubuntu-latest"}, step{run{"make"}}}};

int main() {
  return static_cast<int>(ci.job_count());
}
