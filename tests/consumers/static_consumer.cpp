// A consumer of the single header's compile-time pipelines: the umbrella header leaves
// pipewright/static_/ out, the single header keeps it. Checked by compiling (the asserts
// are the test).
#include "pipewright/pipewright.hpp"

using namespace pipewright::static_;

constexpr auto ci = workflow{
    "CI", on::push{"main"},
    job{"build", runs_on{"${{ matrix.os }}"},
        matrix{axis{"os", {"ubuntu-latest", "windows-latest"}}, axis{"debug", {true, false}},
               exclude({{"os", "windows-latest"}, {"debug", true}})},
        step{run{"make"}}},
    job{"test", needs{"build"}, runs_on{"ubuntu-latest"}, step{run{"make test"}}}};

static_assert(ci.waves().size() == 2);
static_assert(ci.legs("build") == 3);
static_assert(ci.total_legs() == 4);

int main() {
  // The runtime side of the same header: the definition becomes a model::workflow.
  return to_model(ci).ok() ? 0 : 1;
}
