// validate() reports every problem as a value: compiling this file is the test.
#include "pipewright/static_/workflow.hpp"

namespace {
using namespace pipewright::static_;
namespace pe = pipewright::expr;

constexpr auto bad = basic_workflow{
    "bad",
    on::push{},
    job{"build", needs{"deploy"}, runs_on{"x"}, step{run{"make"}}},
    job{"deploy", needs{"build", "nope"}, runs_on{"x"}, step{run{"make"}}},
    job{"BUILD", runs_on{"x"}, step{run{"make"}}},
    job{"9lives", runs_on{"x"}, step{run{"x"}}},
    job{"__reserved", runs_on{"x"}, step{run{"x"}}},
    job{"empty", runs_on{"x"}},
    job{"nowhere", step{run{"x"}}},
    job{"expr", runs_on{"${{ secrets.X }}"}, step{if_{"success() &&"}, run{"echo ${{ github.sha"}},
        step{run{"echo ${{ matrix.x }} ${{ toJSON(steps) }} ${{ nosuch.x }}"}}},
    job{"m", runs_on{"x"}, matrix{axis{"os"}, axis{"n", {1, 2}}, exclude({{"zz", 1}})},
        step{run{"x"}}},
    job{"big", runs_on{"x"},
        matrix{axis{"a", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
               axis{"b", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}}},
        step{run{"x"}}}};

constexpr report r = validate(bad);
static_assert(!r.ok());
static_assert(!r.truncated);

// In check order: ids, needs, cycles, steps, runners, expressions, matrices.
static_assert(r[0].kind == problem_kind::duplicate_job && r[0].job == 2);
static_assert(r[1].kind == problem_kind::invalid_job_id && r[1].text == "9lives");
static_assert(r[2].kind == problem_kind::invalid_job_id && r[2].text == "__reserved");
static_assert(r[3].kind == problem_kind::unknown_needs && r[3].job == 1 && r[3].text == "nope");
static_assert(r[4].kind == problem_kind::cycle && r[4].cycle_length == 2 && r[4].cycle[0] == 0 &&
              r[4].cycle[1] == 1);
static_assert(r[5].kind == problem_kind::no_steps && r[5].job == 5);
static_assert(r[6].kind == problem_kind::no_runs_on && r[6].job == 6);
// runs-on may not read secrets: column 5 of "${{ secrets.X }}".
static_assert(r[7].kind == problem_kind::context_not_allowed && r[7].field == "runs-on" &&
              r[7].column == 5);
// step if "success() &&": unexpected end at the `&&` (column 11).
static_assert(r[8].kind == problem_kind::expression_syntax && r[8].step == 0 &&
              r[8].field == "if" && r[8].column == 11 &&
              r[8].parse_error == pe::parse_error_kind::unexpected_end);
// "${{ github.sha" is never closed: reported at the `${{` (column 6).
static_assert(r[9].kind == problem_kind::expression_syntax && r[9].column == 6);
// matrix is not available in a step's run? It is; `nosuch` is not a context (column 47).
static_assert(r[10].kind == problem_kind::expression_syntax && r[10].step == 1 &&
              r[10].column == 47 &&
              r[10].parse_error == pe::parse_error_kind::unrecognized_named_value);
static_assert(r[11].kind == problem_kind::matrix_empty_axis && r[11].entry == "os");
static_assert(r[12].kind == problem_kind::matrix_exclude_unknown_key && r[12].entry == "zz");
static_assert(r[13].kind == problem_kind::matrix_too_many_legs && r[13].count == 272);
static_assert(r.size() == 14);
// Each problem has the runtime's code for the same mistake.
static_assert(r[0].code() == "PW0704" && r[1].code() == "PW0406" && r[2].code() == "PW0406");
static_assert(r[3].code() == "PW0701" && r[4].code() == "PW0702");
static_assert(r[5].code() == "PW0403" && r[6].code() == "PW0403");
static_assert(r[7].code() == "PW0203" && r[8].code() == "PW0202" && r[9].code() == "PW0217");
static_assert(r[10].code() == "PW0203" && r[11].code() == "PW0603" && r[12].code() == "PW0609");
static_assert(r[13].code() == "PW0610");

// No jobs at all.
static_assert(validate(basic_workflow{"none", on::push{}})[0].kind == problem_kind::no_jobs);
static_assert(validate(basic_workflow{"none", on::push{}})[0].code() == "PW0703");

// A large cross product is counted, not refused (the runtime's kernel, no enumeration).
constexpr auto huge = basic_workflow{
    "huge", job{"h", runs_on{"x"},
                matrix{axis{"a", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"b", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"c", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"d", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}}},
                step{run{"x"}}}};
static_assert(validate(huge)[0].kind == problem_kind::matrix_too_many_legs);
static_assert(validate(huge)[0].count == 83521);

// A cross product beyond GitHub's 32-bit limit is refused, as at run time (PW0611).
constexpr auto vast = basic_workflow{
    "vast", job{"v", runs_on{"x"},
                matrix{axis{"a", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"b", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"c", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"d", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"e", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"f", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"g", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                       axis{"h", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}}},
                step{run{"x"}}}};
static_assert(validate(vast)[0].kind == problem_kind::matrix_too_large);
static_assert(validate(vast)[0].code() == "PW0611");

// Excludes bring a large product under the leg limit, as on GitHub.
constexpr auto trimmed = basic_workflow{
    "t", job{"t", runs_on{"x"},
             matrix{axis{"a", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}},
                    axis{"b", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
                    exclude({{"a", 17}})},
             step{run{"x"}}}};
static_assert(validate(trimmed).ok() && trimmed.legs("t") == 256);

// Each key allows its own contexts (semantics/contexts.hpp): secrets in a step's env, not in a
// job's if; hashFiles in a step, not in a job's name; status functions only in if.
constexpr auto keys = basic_workflow{
    "k", job{"a", if_{"secrets.X == 'y'"}, name{"${{ hashFiles('x') }}"}, runs_on{"x"},
             step{run{"${{ success() }}"}, env({{"T", "${{ secrets.T }}"}})},
             step{if_{"failure()"}, run{"${{ hashFiles('**/x') }}"}}}};
constexpr report kr = validate(keys);
static_assert(kr.size() == 3);
static_assert(kr[0].kind == problem_kind::context_not_allowed && kr[0].field == "if");
static_assert(kr[1].kind == problem_kind::expression_syntax && kr[1].field == "name" &&
              kr[1].parse_error == pe::parse_error_kind::unrecognized_function);
static_assert(kr[2].kind == problem_kind::expression_syntax && kr[2].field == "run" &&
              kr[2].parse_error == pe::parse_error_kind::unrecognized_function);

// An empty `${{ }}` is an error, as on GitHub (column of the `${{`).
constexpr auto empty_expr = basic_workflow{"e", job{"a", runs_on{"x"}, step{run{"echo ${{ }}"}}}};
static_assert(validate(empty_expr).size() == 1 &&
              validate(empty_expr)[0].kind == problem_kind::expression_syntax &&
              validate(empty_expr)[0].column == 6);

// Odd but harmless input is reported, never a crash: an empty id that needs itself is an
// invalid id and a one-job cycle, and no wave can hold it.
constexpr auto odd = basic_workflow{"", job{"", needs{""}, runs_on{""}, step{run{""}}}};
static_assert(validate(odd).size() == 2);
static_assert(validate(odd)[0].kind == problem_kind::invalid_job_id);
static_assert(validate(odd)[1].kind == problem_kind::cycle && validate(odd)[1].cycle_length == 1);
static_assert(odd.total_legs() == 1 && odd.waves().size() == 0 && odd.topological_order().empty());

// A filter and its -ignore twin on one event: each pair is a problem naming the event and the
// filter (plain branch strings count as `branches`); other events and lone filters are fine.
constexpr auto twins = basic_workflow{
    "twins",
    on::push{"main", branches_ignore{"docs/**"}, tags{"v*"}, tags_ignore{"v0*"}, paths{"src/**"}},
    on::pull_request{branches{"main"}, paths{"a/**"}, paths_ignore{"b/**"}},
    on::event{"workflow_run", branches_ignore{"x"}, types{"completed"}},
    job{"a", runs_on{"x"}, step{run{"x"}}}};
static_assert(validate(twins).size() == 3);
static_assert(validate(twins)[0].kind == problem_kind::filter_conflict &&
              validate(twins)[0].text == "push" && validate(twins)[0].entry == "branches");
static_assert(validate(twins)[1].text == "push" && validate(twins)[1].entry == "tags");
static_assert(validate(twins)[2].text == "pull_request" && validate(twins)[2].entry == "paths");
static_assert(validate(twins)[0].code() == "PW0409");
constexpr auto one_each = basic_workflow{
    "one_each", on::push{branches{"main"}, tags_ignore{"v0*"}, paths_ignore{"docs/**"}},
    on::pull_request{branches_ignore{"wip/**"}}, job{"a", runs_on{"x"}, step{run{"x"}}}};
static_assert(validate(one_each).ok());

// More problems than validate() keeps.
constexpr auto many = basic_workflow{
    "many",
    job{"a", needs{"n1",  "n2",  "n3",  "n4",  "n5",  "n6",  "n7",  "n8",  "n9",  "n10", "n11",
                   "n12", "n13", "n14", "n15", "n16", "n17", "n18", "n19", "n20", "n21", "n22",
                   "n23", "n24", "n25", "n26", "n27", "n28", "n29", "n30", "n31", "n32", "n33"},
        runs_on{"x"}, step{run{"x"}}}};
static_assert(validate(many).truncated && validate(many).size() == max_problems);
static_assert(validate(many)[max_problems - 1].kind == problem_kind::too_many_problems);

}  // namespace
