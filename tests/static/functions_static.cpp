// The host-function example of docs/static.md, checked: compiling this file is the test.
#include <array>
#include <vector>

#include "pipewright/static_/expression.hpp"
#include "pipewright/static_/workflow.hpp"

namespace {
using namespace pipewright::static_;

struct doc_functions {
  static constexpr std::array<pipewright::expr::function_signature, 1> signatures{
      {{"semver_gt", 2, 2}}};
  std::vector<pipewright::expr::user_function> functions() const { return {}; }
};

constexpr auto release =
    workflow{"release", host_functions{doc_functions::signatures}, on::push{"main"},
             job{"publish", if_{"semver_gt(github.ref_name, '1.0.0')"}, runs_on{"ubuntu-latest"},
                 step{run{"make publish"}}}};
static_assert(release.total_legs() == 1);
static_assert(release.total_legs(event_info{"push", "refs/heads/main"}) == 1);

constexpr auto newer =
    pipewright::static_::expr<"semver_gt(github.ref_name, '2')", "", doc_functions>;
static_assert(newer.text() == "semver_gt(github.ref_name, '2')");
// Case-insensitive, and the arity is the signature's.
static_assert(is_valid("SEMVER_GT('1', '2')", "jobs.<id>.if", doc_functions::signatures));
static_assert(!is_valid("semver_gt('1')", "jobs.<id>.if", doc_functions::signatures));
// The same text without the set is an unknown function, as at run time.
static_assert(!is_valid("semver_gt('1', '2')", "jobs.<id>.if"));
static_assert(validate(basic_workflow{
                  "v", host_functions{doc_functions::signatures}, on::push{},
                  job{"a", if_{"semver_gt(1, 2, 3)"}, runs_on{"x"}, step{run{"x"}}}})[0]
                  .parse_error == pipewright::expr::parse_error_kind::too_many_parameters);
}  // namespace
