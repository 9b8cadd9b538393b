// Fuzz target: `${{ }}` template splitting and template evaluation (expr/template.hpp).
// Invariants: segments lie inside the text in increasing order and literal segments are
// the text they cover; an expression segment is the trimmed text it covers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "pipewright/expr/template.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace expr = pipewright::expr;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto segments = expr::split_template(text);
  if (!segments) {
    PIPEWRIGHT_FUZZ_CHECK(!segments.diagnostics().empty());
    const auto& span = segments.diagnostics().front().span;
    PIPEWRIGHT_FUZZ_CHECK(span.known() && span.begin <= span.end && span.end <= text.size());
    return 0;
  }
  std::size_t at = 0;
  for (const expr::template_segment& s : *segments) {
    PIPEWRIGHT_FUZZ_CHECK(s.begin >= at && s.begin + s.text.size() <= text.size());
    PIPEWRIGHT_FUZZ_CHECK(text.substr(s.begin, s.text.size()) == s.text);
    if (s.is_expression) PIPEWRIGHT_FUZZ_CHECK(!s.text.empty());
    at = s.begin + s.text.size();
  }
  expr::compile_options co;
  co.contexts = pipewright_fuzz::rich_context_names();
  auto t = expr::compile_template(text, co);
  if (t) {
    auto v = t->evaluate(pipewright_fuzz::rich_contexts());
    if (!v) PIPEWRIGHT_FUZZ_CHECK(!v.diagnostics().empty());
  } else {
    PIPEWRIGHT_FUZZ_CHECK(!t.diagnostics().empty());
  }
  auto n = expr::normalize_if(text);
  if (!n) PIPEWRIGHT_FUZZ_CHECK(!n.diagnostics().empty());
  return 0;
}
