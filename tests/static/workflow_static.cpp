// Compile-time figures of static_ definitions: compiling this file is the test.
#include "pipewright/static_/workflow.hpp"

namespace {
using namespace pipewright::static_;

constexpr auto ci = workflow{
    "CI",
    on::push{"main"},
    on::pull_request{"main"},
    job{"lint", runs_on{"ubuntu-latest"}, step{run{"make lint"}}},
    job{"build", runs_on{"${{ matrix.os }}"},
        matrix{axis{"os", {"ubuntu-latest", "windows-latest", "macos-latest"}},
               axis{"cc", {"gcc", "clang"}}, exclude({{"os", "windows-latest"}, {"cc", "gcc"}}),
               include({{"os", "ubuntu-latest"}, {"coverage", true}}),
               include({{"os", "freebsd"}, {"cc", "clang"}})},
        step{uses{"actions/checkout@v4"}}, step{run{"make CC=${{ matrix.cc }}"}}},
    job{"test", needs{"build"}, runs_on{"ubuntu-latest"}, step{run{"make test"}}},
    job{"docs", needs{"lint"}, runs_on{"ubuntu-latest"}, step{run{"make docs"}}},
    job{"deploy", needs{"test", "docs"},
        if_{"github.event_name == 'push' && github.ref == 'refs/heads/main'"},
        runs_on{"ubuntu-latest"}, environment{"production", "https://example.org"},
        step{run{"make deploy"}}},
    job{"report", needs{"deploy"}, if_{"always()"}, runs_on{"ubuntu-latest"}, step{run{"true"}}}};

static_assert(ci.name() == "CI");
static_assert(ci.job_count() == 6);
static_assert(ci.job_id(1) == "build");
static_assert(ci.job_index("DEPLOY") == 4);
static_assert(ci.job_index("nope") == problem::none);
static_assert(validate(ci).ok());

// Waves: {lint, build}, {test, docs}, {deploy}, {report}.
constexpr auto w = ci.waves();
static_assert(w.size() == 4);
static_assert(w[0].size() == 2 && w[0][0] == 0 && w[0][1] == 1);
static_assert(w[1].size() == 2 && w[1][0] == 2 && w[1][1] == 3);
static_assert(w[2].size() == 1 && w[2][0] == 4);
static_assert(w[3].size() == 1 && w[3][0] == 5);

constexpr auto order = ci.topological_order();
static_assert(order.size() == 6);
static_assert(order[0] == 0 && order[1] == 1 && order[2] == 2 && order[3] == 3 && order[4] == 4);

// 3 x 2 = 6, minus windows/gcc = 5; the first include extends ubuntu legs, the second
// matches no leg (freebsd is no os value) and adds one: 6.
static_assert(ci.legs("build") == 6);
static_assert(ci.legs("lint") == 1);
static_assert(ci.legs("missing") == 0);
static_assert(ci.total_legs() == 11);
// A pull request skips deploy (its if: is false); report still runs (always()).
static_assert(ci.total_legs(event_info{"pull_request", "refs/pull/1/merge"}) == 10);
static_assert(ci.total_legs(event_info{"push", "refs/heads/main"}) == 11);
static_assert(ci.total_legs(event_info{"push", "refs/heads/MAIN"}) == 11);  // == ignores case

// Critical path: build (10) -> test (5) -> deploy (3) -> report (1) = 19.
constexpr auto cp = ci.critical_path({{"build", 10}, {"test", 5}, {"deploy", 3}}, 1.0);
static_assert(cp.length == 19);
static_assert(cp.jobs.size() == 4 && cp.jobs[0] == 1 && cp.jobs[1] == 2 && cp.jobs[2] == 4 &&
              cp.jobs[3] == 5);
// With lint and docs heavier, the path goes through them.
static_assert(ci.critical_path({{"lint", 20}, {"docs", 20}}, 1.0).length == 42);

// A job that skips because a need was skipped, unless it calls a status function.
constexpr auto gated =
    basic_workflow{"gated", on::push{},
                   job{"a", if_{"github.event_name == 'schedule'"}, runs_on{"x"}, step{run{"a"}}},
                   job{"b", needs{"a"}, runs_on{"x"}, matrix{axis{"n", {1, 2, 3}}}, step{run{"b"}}},
                   job{"c", needs{"a"}, if_{"${{ !cancelled() }}"}, runs_on{"x"}, step{run{"c"}}}};
static_assert(gated.total_legs() == 5);
static_assert(gated.total_legs(event_info{}) == 1);
static_assert(gated.total_legs(event_info{"schedule", "refs/heads/main"}) == 5);

// Unknown conditions count as running.
constexpr auto unknown =
    basic_workflow{"u", job{"a", if_{"vars.DEPLOY == 'yes'"}, runs_on{"x"}, step{run{"a"}}}};
static_assert(unknown.total_legs(event_info{}) == 1);

// A matrix of only include entries has one leg per entry; loose equality compares
// '3' with 3 and true with 1 (GitHub's `==`).
constexpr auto loose = basic_workflow{
    "l",
    job{"a", runs_on{"x"},
        matrix{axis{"v", {1, 2, 3}}, axis{"b", {true, false}}, exclude({{"v", "3"}}),
               exclude({{"b", 1}, {"v", 1}})},
        step{run{"a"}}},
    job{"b", runs_on{"x"}, matrix{include({{"x", 1}}), include({{"x", 2}})}, step{run{"b"}}}};
static_assert(loose.legs("a") == 3);
static_assert(loose.legs("b") == 2);

// A reusable-workflow job needs no steps and no runs-on.
constexpr auto reusable =
    workflow{"r", on::workflow_dispatch{},
             job{"call", uses{"octo/repo/.github/workflows/ci.yml@v1"}, with({{"level", 2}})}};
static_assert(reusable.job_count() == 1 && reusable.total_legs() == 1);

}  // namespace
