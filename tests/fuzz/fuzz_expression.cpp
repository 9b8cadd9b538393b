// Fuzz target: the expression lexer, parser and evaluator (expr/expression.hpp) with every
// standard context filled in, status functions, hashFiles() and a user function. The input
// is compiled once as an expression and once as an `if:` condition; whatever compiles is
// evaluated. Invariants: failures carry a diagnostic with a code; evaluation is
// deterministic.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/value/json.hpp"

namespace {

namespace pw = pipewright;

pw::expr::compile_options options() {
  pw::expr::compile_options o;
  o.contexts = pipewright_fuzz::rich_context_names();
  o.status_functions = true;
  o.hash_files = true;
  o.functions.push_back(pw::expr::user_function{
      "echo", 1, 3,
      [](std::span<const pw::value> args) -> pw::result<pw::value> { return args.front(); }});
  return o;
}

pw::expr::evaluation_options eval_options() {
  pw::expr::evaluation_options e;
  e.status = pw::expr::job_status::failure;
  e.hash_files = [](std::span<const std::string> patterns, bool) -> pw::result<std::string> {
    if (patterns.empty()) return std::string();
    return std::string(64, 'a');
  };
  return e;
}

void check_failure(const std::vector<pw::diagnostic>& diags) {
  PIPEWRIGHT_FUZZ_CHECK(!diags.empty());
  for (const pw::diagnostic& d : diags) PIPEWRIGHT_FUZZ_CHECK(d.code.size() == 6);
}

void run(const pw::expr::expression& e) {
  static const pw::expr::evaluation_options eo = eval_options();
  auto a = e.evaluate(pipewright_fuzz::rich_contexts(), eo);
  auto b = e.evaluate(pipewright_fuzz::rich_contexts(), eo);
  PIPEWRIGHT_FUZZ_CHECK(a.ok() == b.ok());
  if (!a) {
    check_failure(a.diagnostics());
    return;
  }
  const std::string ja = pw::json::dump(*a, pw::json::compact_style);
  PIPEWRIGHT_FUZZ_CHECK(ja == pw::json::dump(*b, pw::json::compact_style));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pw::expr::compile_options co = options();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto e = pw::expr::compile(text, co);
  if (e) {
    run(*e);
  } else {
    check_failure(e.diagnostics());
  }
  auto c = pw::expr::compile_if(text, co);
  if (c) {
    run(*c);
  } else {
    check_failure(c.diagnostics());
  }
  return 0;
}
