// Fuzz target: YAML text through the YAML adapter, the workflow reader and its checks
// (yaml/workflow.hpp load_workflow_report), the lint security checks on whatever was read
// (as `pipewright lint` does, check/security.hpp), then the diagnostics rendered with carets.
// Invariants: every diagnostic has a code and a span inside the text (or no span); a
// report without errors has its workflow.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_common.hpp"
#include "pipewright/check/security.hpp"
#include "pipewright/render.hpp"
#include "pipewright/yaml/workflow.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pw = pipewright;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  pw::model::read_report r = pw::yaml::load_workflow_report(text);
  for (pw::diagnostic& d : pw::lint::check_security(r.workflow, text)) {
    r.diagnostics.push_back(std::move(d));
  }
  for (const pw::diagnostic& d : r.diagnostics) {
    PIPEWRIGHT_FUZZ_CHECK(d.code.size() == 6 && d.code.substr(0, 2) == "PW");
    PIPEWRIGHT_FUZZ_CHECK(!d.message.empty());
    if (d.span.known()) {
      PIPEWRIGHT_FUZZ_CHECK(d.span.begin <= d.span.end && d.span.end <= text.size());
    }
  }
  const std::string rendered = pw::render_all(r.diagnostics, text, "fuzz.yml");
  PIPEWRIGHT_FUZZ_CHECK(r.diagnostics.empty() || !rendered.empty());
  return 0;
}
