// A consumer of the single header's compile-time pipelines and Argo export: the umbrella
// header leaves pipewright/static_/ and export/argo.hpp out, the single header keeps them.
// Checked by compiling (the asserts are the test).
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
static_assert(sizeof(pipewright::export_::argo_options) > 0, "the Argo export is in the header");

int main() {
  // The runtime side of the same header: the definition becomes a model::workflow.
  return to_model(ci).ok() ? 0 : 1;
}
