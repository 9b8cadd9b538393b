// The example at the top of docs/static.md, compiled: compiling this file is the test.
#include "pipewright/static_/workflow.hpp"

namespace {
using namespace pipewright::static_;

constexpr auto ci = workflow{
    "CI",
    on::push{"main"},
    on::pull_request{"main"},
    env({{"PYTHON_VERSION", "3.12"}}),
    job{"build", runs_on{"${{ matrix.os }}"},
        matrix{axis{"os", {"ubuntu-latest", "windows-latest"}}, axis{"debug", {true, false}},
               exclude({{"os", "windows-latest"}, {"debug", true}})},
        step{uses{"actions/checkout@v4"}},
        step{name{"Build"}, run{"make"}, env({{"DEBUG", "${{ matrix.debug }}"}})}},
    job{"test", needs{"build"}, runs_on{"ubuntu-latest"}, step{run{"make test"}}},
    job{"deploy", needs{"test"}, if_{"github.ref == 'refs/heads/main'"}, runs_on{"ubuntu-latest"},
        environment{"production", "https://example.org"}, step{run{"make deploy"}}}};

static_assert(ci.waves().size() == 3);
static_assert(ci.legs("build") == 3);
static_assert(ci.total_legs() == 5);
static_assert(ci.total_legs(event_info{"pull_request", "refs/pull/1/merge"}) == 4);

constexpr auto bad = basic_workflow{"bad", job{"a", needs{"b"}, runs_on{"x"}, step{run{"x"}}}};
static_assert(validate(bad)[0].kind == problem_kind::unknown_needs);
static_assert(validate(bad)[0].text == "b");

}  // namespace
