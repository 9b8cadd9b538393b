// static_asserts on the keys added for issue 8 item 3: they are checked like the others.
#include "fields_definition.hpp"

namespace {

using namespace pipewright::static_;
using pipewright_test::fields_workflow;

static_assert(fields_workflow.job_count() == 2);
static_assert(fields_workflow.waves().size() == 2);
static_assert(fields_workflow.total_legs() == 3);

// run-name may use github, inputs and vars, not secrets or matrix.
constexpr auto bad_run_name = basic_workflow{"x", run_name{"${{ secrets.TOKEN }}"},
                                             job{"a", runs_on{"ubuntu-latest"}, step{run{"make"}}}};
static_assert(validate(bad_run_name).size() == 1);
static_assert(validate(bad_run_name)[0].kind == problem_kind::context_not_allowed);
static_assert(validate(bad_run_name)[0].field == "run-name");
static_assert(validate(bad_run_name)[0].column == 5);

// Workflow concurrency cannot read the matrix; a job's can.
constexpr auto bad_workflow_concurrency =
    basic_workflow{"x", concurrency{"${{ matrix.os }}"},
                   job{"a", runs_on{"ubuntu-latest"}, concurrency{"${{ matrix.os }}"},
                       matrix{axis{"os", {"a", "b"}}}, step{run{"make"}}}};
static_assert(validate(bad_workflow_concurrency).size() == 1);
static_assert(validate(bad_workflow_concurrency)[0].field == "concurrency");
static_assert(validate(bad_workflow_concurrency)[0].job == problem::none);

// A cancel-in-progress expression is checked too, with the job's contexts.
constexpr auto bad_cancel = basic_workflow{
    "x", job{"a", runs_on{"ubuntu-latest"}, concurrency{"g", "${{ steps.x }}"}, step{run{"make"}}}};
static_assert(validate(bad_cancel).size() == 1);
static_assert(validate(bad_cancel)[0].kind == problem_kind::context_not_allowed);
static_assert(validate(bad_cancel)[0].field == "concurrency.cancel-in-progress");

// defaults.run of a job: no steps context; a syntax error reports its column.
constexpr auto bad_defaults = basic_workflow{
    "x", job{"a", runs_on{"ubuntu-latest"},
             defaults_run{shell{"${{ steps.a.outputs.shell }}"}, working_directory{"${{ 1 == }}"}},
             step{run{"make"}}}};
static_assert(validate(bad_defaults).size() == 2);
static_assert(validate(bad_defaults)[0].kind == problem_kind::context_not_allowed);
static_assert(validate(bad_defaults)[0].field == "defaults.run.shell");
static_assert(validate(bad_defaults)[1].kind == problem_kind::expression_syntax);
static_assert(validate(bad_defaults)[1].field == "defaults.run.working-directory");
static_assert(validate(bad_defaults)[1].column == 7);

// The container image cannot read secrets (its env can), nor can it read steps.
constexpr auto bad_container = basic_workflow{
    "x", job{"a", runs_on{"ubuntu-latest"},
             container{"${{ secrets.IMAGE }}", env({{"TOKEN", "${{ secrets.TOKEN }}"},
                                                    {"OUT", "${{ steps.a.outputs.x }}"}})},
             step{run{"make"}}}};
static_assert(validate(bad_container).size() == 2);
static_assert(validate(bad_container)[0].field == "container");
static_assert(validate(bad_container)[1].field == "container.env");
static_assert(validate(bad_container)[1].entry == "OUT");

// Filters, types and inputs hold no expressions and change nothing in the checks.
constexpr auto filters_only =
    basic_workflow{"x", on::push{tags{"${{ not an expression }}"}},
                   on::workflow_dispatch{input{"i", description{"${{ nor this }}"}}},
                   job{"a", runs_on{"ubuntu-latest"}, step{run{"make"}}}};
static_assert(validate(filters_only).ok());

// Each filter key is one item per pattern, under the event before it.
constexpr auto ignore_tags = on::push{tags_ignore{"v0.*", "v1.*"}, branches_ignore{"wip"}};
static_assert(ignore_tags.items[0].kind == item_kind::event && ignore_tags.items[0].a == "push");
static_assert(ignore_tags.items[2].kind == item_kind::filter);
static_assert(ignore_tags.items[2].a == "tags-ignore" && ignore_tags.items[2].b == "v1.*");
static_assert(ignore_tags.items[3].a == "branches-ignore" && ignore_tags.items[3].b == "wip");

}  // namespace
