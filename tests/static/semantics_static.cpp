// GitHub's scalar rules and the matrix counting kernel, shared with the runtime
// (semantics/, matrix/count.hpp): compiling this file is the test.
#include "pipewright/semantics/ids.hpp"
#include "pipewright/semantics/number.hpp"
#include "pipewright/semantics/scalar.hpp"
#include "pipewright/static_/workflow.hpp"

namespace {

using namespace pipewright::static_;
namespace ps = pipewright::semantics;

// ENGINE.md section 7: '0x10' == 16, so the exclude removes the '0x10' leg (the runtime
// matrix stage gives 1 leg; static_ used to say 2).
constexpr auto w = basic_workflow{
    "t",
    job{"t", runs_on{"x"}, matrix{axis{"a", {"0x10", "x"}}, exclude({{"a", 16}})}, step{run{"x"}}}};
static_assert(w.legs("t") == 1);

// A value that overflows a double is Infinity, not a compile error.
constexpr auto big = basic_workflow{
    "b", job{"b", runs_on{"x"},
             matrix{axis{"n", {"1e400", "Infinity", " 1 ", "0o17"}}, exclude({{"n", "Infinity"}}),
                    exclude({{"n", 15}}), exclude({{"n", 1}})},
             step{run{"x"}}}};
static_assert(validate(big).ok() && big.legs("b") == 1);  // "1e400" is left

// Every combination excluded: GitHub still runs one job (matrix null).
constexpr auto none_left = basic_workflow{
    "n", job{"n", runs_on{"x"}, matrix{axis{"a", {"Linux"}}, exclude({{"a", "linux"}})},
             step{run{"x"}}}};
static_assert(none_left.legs("n") == 1);

// null, doubles and NaN.
constexpr auto kinds =
    basic_workflow{"k", job{"k", runs_on{"x"},
                            matrix{axis{"v", {nullptr, 0.0, -0.0, 1e308, "NaN", "", true}},
                                   exclude({{"v", "NaN"}}), exclude({{"v", false}})},
                            step{run{"x"}}}};
// 'NaN' == 'NaN' as strings; false == null, 0, -0 and '' (ToNumber 0): 1e308 and true are left.
static_assert(kinds.legs("k") == 2);

static_assert(ps::parse_number("1e400") > 1e308);
static_assert(ps::loose_equal(ps::scalar_ref::string("0x10"), ps::scalar_ref::num(16)));
static_assert(ps::loose_equal(ps::scalar_ref::string("Linux"), ps::scalar_ref::string("LINUX")));
// Strings compare as strings, ignoring case; NaN numbers never equal.
static_assert(ps::loose_equal(ps::scalar_ref::string("NaN"), ps::scalar_ref::string("nan")));
static_assert(!ps::loose_equal(ps::scalar_ref::num(ps::parse_number("NaN")),
                               ps::scalar_ref::num(ps::parse_number("NaN"))));
static_assert(ps::loose_equal(ps::scalar_ref::null(), ps::scalar_ref::string("")));
static_assert(!ps::loose_equal(ps::scalar_ref::boolean(false), ps::scalar_ref::string("false")));
static_assert(ps::greater_than(ps::scalar_ref::string("b"), ps::scalar_ref::string("A")));

static_assert(ps::valid_id("build") && ps::valid_id("_x") && !ps::valid_id("__x"));
static_assert(ps::check_id("9a") == ps::id_error::invalid);
static_assert(ps::check_id("__x") == ps::id_error::reserved);

}  // namespace
