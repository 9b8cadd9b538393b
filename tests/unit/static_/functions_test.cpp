// Host functions in compile-time pipelines: static_::expr<Text, Key, Functions>, a
// definition's host_functions, validate()'s codes for unknown functions and arities, and
// to_model() reading with the same functions.
#include <gtest/gtest.h>

#include <array>
#include <span>
#include <string>
#include <vector>

#include "pipewright/check/workflow.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/static_/static.hpp"

namespace {

namespace hs = pipewright::static_;
namespace hx = pipewright::expr;
using pipewright::value;

// version_at_least('1.10.0', '1.9') compares dotted numbers; banner() is 'hello'.
struct version_functions {
  static constexpr std::array<hx::function_signature, 2> signatures{
      {{"version_at_least", 2, 2}, {"banner", 0, 0}}};
  [[nodiscard]] std::vector<hx::user_function> functions() const {
    return hx::make_functions(
        signatures,
        [](std::span<const value> a) {
          const std::string x = hx::to_string(a[0]);
          const std::string y = hx::to_string(a[1]);
          std::size_t i = 0;
          std::size_t j = 0;
          while (i < x.size() || j < y.size()) {
            long p = 0;
            long q = 0;
            while (i < x.size() && x[i] != '.') p = p * 10 + (x[i++] - '0');
            while (j < y.size() && y[j] != '.') q = q * 10 + (y[j++] - '0');
            ++i;
            ++j;
            if (p != q) return pipewright::result<value>::success(value(p > q), {});
          }
          return pipewright::result<value>::success(value(true), {});
        },
        [](std::span<const value>) {
          return pipewright::result<value>::success(value("hello"), {});
        });
  }
};

constexpr auto hf_release = hs::workflow{
    "release", hs::host_functions{version_functions::signatures}, hs::on::push{"main"},
    hs::job{"build", hs::runs_on{"ubuntu-latest"},
            hs::step{hs::run{"echo ${{ banner() }}"}, hs::if_{"VERSION_AT_LEAST('2.0', '1.9')"}}},
    hs::job{"publish", hs::needs{"build"}, hs::if_{"version_at_least(github.ref_name, '1.0')"},
            hs::runs_on{"ubuntu-latest"}, hs::step{hs::run{"make publish"}}}};

constexpr auto hf_unknown = hs::basic_workflow{
    "u", hs::on::push{},
    hs::job{"a", hs::if_{"version_at_least('2', '1')"}, hs::runs_on{"x"}, hs::step{hs::run{"x"}}}};

constexpr auto hf_arity =
    hs::basic_workflow{"a", hs::host_functions{version_functions::signatures}, hs::on::push{},
                       hs::job{"a", hs::runs_on{"x"}, hs::step{hs::run{"${{ banner(1) }}"}}}};

}  // namespace

// A definition with host_functions checks calls to them; without, they are unknown (PW0204).
static_assert(hf_release.total_legs() == 2);
static_assert(hf_release.total_legs(hs::event_info{"push", "refs/heads/main"}) == 2);
static_assert(!hs::validate(hf_unknown).ok());
static_assert(hs::validate(hf_unknown)[0].parse_error ==
              hx::parse_error_kind::unrecognized_function);
static_assert(hs::validate(hf_unknown)[0].code() == pipewright::codes::expr_unrecognized_function);
static_assert(hs::validate(hf_unknown)[0].column == 1);
static_assert(hs::validate(hf_arity)[0].parse_error == hx::parse_error_kind::too_many_parameters);
static_assert(hs::validate(hf_arity)[0].code() == pipewright::codes::expr_too_many_parameters);

// static_::expr with a function set, and is_valid with signatures.
constexpr auto hf_expr =
    hs::expr<"version_at_least(github.ref_name, '1.0')", "jobs.<id>.if", version_functions>;
static_assert(hf_expr.text() == "version_at_least(github.ref_name, '1.0')");
static_assert(hs::is_valid("banner()", "jobs.<id>.if", version_functions::signatures));
static_assert(!hs::is_valid("banner()", "jobs.<id>.if"));
static_assert(!hs::is_valid("banner(1)", "jobs.<id>.if", version_functions::signatures));
static_assert(!hs::is_valid("ToJSON()", "", version_functions::signatures));

TEST(StaticHostFunctions, CheckedExpressionsCompileWithTheFunctionSet) {
  const hx::compile_options o = decltype(hf_expr)::options();
  ASSERT_EQ(o.functions.size(), 2U);
  EXPECT_EQ(o.functions[0].name, "version_at_least");
  auto e = decltype(hf_expr)::compile();
  ASSERT_TRUE(e.ok());
  const value contexts =
      value::make_object({{"github", value::make_object({{"ref_name", value("1.10")}})}});
  auto r = e->evaluate(contexts);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(hx::truthy(*r));
  const hx::expression converted = hf_expr;
  auto r2 = converted.evaluate(
      value::make_object({{"github", value::make_object({{"ref_name", value("0.9")}})}}));
  ASSERT_TRUE(r2.ok());
  EXPECT_FALSE(hx::truthy(*r2));
}

TEST(StaticHostFunctions, ToModelReadsWithTheDefinitionsFunctions) {
  // The definition's functions, declared: it validates, and they are not written out.
  auto declared = hs::to_model(hf_release);
  ASSERT_TRUE(declared.ok()) << declared.diagnostics().front().message;
  EXPECT_EQ(hs::to_yaml(hf_release).find("host"), std::string::npos);
  EXPECT_EQ(hs::to_value(hf_release).as_object().find("functions"), nullptr);
  // GitHub's reader without them refuses the same tree, with the code validate() gives.
  auto plain = pipewright::check::read(hs::to_value(hf_release));
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.diagnostics().front().code, pipewright::codes::expr_unrecognized_function);
  // With the function set's callables, its templates call them.
  auto bound = hs::to_model(hf_release, version_functions{}.functions());
  ASSERT_TRUE(bound.ok());
  const auto& run = bound->jobs[0].steps[0].run;
  ASSERT_TRUE(run.has_value());
  auto text = run->evaluate(value::make_object());
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(hx::to_string(*text), "echo hello");
}

TEST(StaticHostFunctions, ToDiagnosticsGivesTheRuntimesCodes) {
  const std::vector<pipewright::diagnostic> d =
      hs::to_diagnostics(hf_unknown, hs::validate(hf_unknown));
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].code, pipewright::codes::expr_unrecognized_function);
  EXPECT_EQ(d[0].path, "/jobs/a/if");
}
