// Host functions known at compile time: expr::function_signature in the constexpr resolver
// (the ids, arity errors and shadowing rules of the runtime's), make_functions and
// functions_mismatch.
#include <gtest/gtest.h>

#include <array>
#include <span>
#include <string>
#include <vector>

#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/parser.hpp"

namespace pe = pipewright::expr;
using pipewright::value;

namespace {

constexpr std::array<pe::function_signature, 2> host_signatures{
    {{"semver_gt", 2, 2}, {"banner", 0, 3}}};
constexpr std::array<std::string_view, 1> host_contexts{"github"};

constexpr pe::parse_outcome parse_with_hosts(std::string_view text) {
  pe::fixed_node_storage<64> nodes;
  pe::fixed_resolver r{host_contexts.data(), host_contexts.size()};
  r.hosts = host_signatures.data();
  r.host_count = host_signatures.size();
  return pe::parse(text, nodes, r);
}

constexpr std::uint32_t call_id(std::string_view text) {
  pe::fixed_node_storage<64> nodes;
  pe::fixed_resolver r{host_contexts.data(), host_contexts.size()};
  r.hosts = host_signatures.data();
  r.host_count = host_signatures.size();
  const pe::parse_outcome o = pe::parse(text, nodes, r);
  return o.ok() ? nodes[static_cast<std::size_t>(o.root)].ref : 0xFFFFFFFFu;
}

pe::parse_error_kind runtime_error_of(std::string_view text) {
  pe::compile_options o;
  o.contexts = {"github"};
  o.functions = pe::declared_functions(host_signatures);
  auto e = pe::compile(text, o);
  if (e) return pe::parse_error_kind::none;
  const std::string& code = e.diagnostics().front().code;
  if (code == "PW0204") return pe::parse_error_kind::unrecognized_function;
  if (code == "PW0205") return pe::parse_error_kind::too_few_parameters;
  if (code == "PW0206") return pe::parse_error_kind::too_many_parameters;
  return pe::parse_error_kind::unexpected_symbol;
}

}  // namespace

// Checked in constant evaluation, ignoring case, with the runtime's ids.
static_assert(parse_with_hosts("semver_gt(github.ref, '1.0')").ok());
static_assert(parse_with_hosts("SemVer_GT('2', '1') && banner()").ok());
static_assert(call_id("semver_gt('2', '1')") == pe::first_user_function);
static_assert(call_id("BANNER('x')") == pe::first_user_function + 1);
static_assert(parse_with_hosts("semver_gt('1')").error == pe::parse_error_kind::too_few_parameters);
static_assert(parse_with_hosts("banner(1, 2, 3, 4)").error ==
              pe::parse_error_kind::too_many_parameters);
static_assert(parse_with_hosts("semver_lt('1', '2')").error ==
              pe::parse_error_kind::unrecognized_function);
// Without the hosts, the resolver knows the built-ins only.
static_assert(!pe::is_valid("semver_gt('2', '1')", host_contexts));

// The signatures' rules, checked by the engine and by static_::host_functions.
constexpr std::array<pe::function_signature, 1> shadowing{{{"ToJson", 1, 1}}};
constexpr std::array<pe::function_signature, 1> dashed_start{{{"-x", 0, 0}}};
constexpr std::array<pe::function_signature, 2> twice{{{"f", 0, 0}, {"F", 1, 1}}};
constexpr std::array<pe::function_signature, 1> inverted{{{"f", 2, 1}}};
static_assert(pe::check_signatures(host_signatures) == pe::signature_error::none);
static_assert(pe::check_signatures(shadowing) == pe::signature_error::builtin_name);
static_assert(pe::check_signatures(dashed_start) == pe::signature_error::not_an_identifier);
static_assert(pe::check_signatures(twice) == pe::signature_error::duplicate_name);
static_assert(pe::check_signatures(inverted) == pe::signature_error::min_above_max);

TEST(ExprHostFunctions, CompileTimeAndRuntimeResolveTheSameWay) {
  for (const char* text : {"semver_gt(github.ref, '1.0')", "SEMVER_GT('1', '2')", "banner()",
                           "semver_gt('1')", "banner(1, 2, 3, 4)", "semver_lt(1, 2)"}) {
    EXPECT_EQ(parse_with_hosts(text).error, runtime_error_of(text)) << text;
  }
}

TEST(ExprHostFunctions, ABuiltInNameNeverReachesAHostFunction) {
  // The runtime looks up built-ins first, and a built-in that is not available (status
  // functions outside `if:`) is unknown rather than a host function of the same name.
  pe::compile_options o;
  o.status_functions = false;
  o.functions = {pe::user_function{"always", 0, 0, [](std::span<const value>) {
                                     return pipewright::result<value>::success(value(1.0), {});
                                   }}};
  EXPECT_FALSE(pe::compile("always()", o).ok());
  pe::fixed_node_storage<8> nodes;
  const std::array<pe::function_signature, 1> named_always{{{"always", 0, 0}}};
  pe::fixed_resolver r;
  r.functions_mask = 0;  // no built-in available
  r.hosts = named_always.data();
  r.host_count = named_always.size();
  EXPECT_EQ(pe::parse("always()", nodes, r).error, pe::parse_error_kind::unrecognized_function);
}

TEST(ExprHostFunctions, MakeFunctionsBindsCallablesToTheSignatures) {
  const std::vector<pe::user_function> fs = pe::make_functions(
      host_signatures,
      [](std::span<const value> a) {
        return pipewright::result<value>::success(value(a.size() == 2), {});
      },
      [](std::span<const value>) { return pipewright::result<value>::success(value("hi"), {}); });
  ASSERT_EQ(fs.size(), 2U);
  EXPECT_EQ(fs[0].name, "semver_gt");
  EXPECT_EQ(fs[1].max_args, 3);
  EXPECT_EQ(pe::functions_mismatch(host_signatures, fs), "");
  pe::compile_options o;
  o.functions = fs;
  auto e = pe::compile("banner()", o);
  ASSERT_TRUE(e.ok());
  auto v = e->evaluate(value::make_object());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(pe::to_string(*v), "hi");
}

TEST(ExprHostFunctions, FunctionsMismatchNamesTheFirstDifference) {
  std::vector<pe::user_function> fs = pe::declared_functions(host_signatures);
  fs[1].max_args = 2;
  EXPECT_EQ(pe::functions_mismatch(host_signatures, fs),
            "signatures[1] is banner(0..3 arguments) but functions()[1] is banner(0..2 arguments)");
  fs.pop_back();
  EXPECT_EQ(pe::functions_mismatch(host_signatures, fs),
            "signatures[1] banner(0..3 arguments) has no function");
  fs = pe::declared_functions(host_signatures);
  fs[0].name = "SEMVER_GT";  // names ignore case
  EXPECT_EQ(pe::functions_mismatch(host_signatures, fs), "");
}
