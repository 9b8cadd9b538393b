// Fuzz target: the JSON reader (value/json.hpp). Invariants: whatever parses writes back to
// text that parses again to the same text (write is a fixed point after one round); load()
// agrees with parse() and its source map has a node per value, each span inside the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "pipewright/value/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace json = pipewright::json;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  json::read_options o;
  o.limits.max_bytes = std::size_t{1} << 20;
  auto v = json::parse(text, o);
  auto doc = json::load(text, o);
  PIPEWRIGHT_FUZZ_CHECK(doc.ok() == v.ok());
  if (!v) {
    PIPEWRIGHT_FUZZ_CHECK(!v.diagnostics().empty());
    PIPEWRIGHT_FUZZ_CHECK(doc.diagnostics().front().code == v.diagnostics().front().code);
    return 0;
  }
  PIPEWRIGHT_FUZZ_CHECK(json::dump(doc->root, json::compact_style) ==
                        json::dump(*v, json::compact_style));
  for (pipewright::source_map::node_id id = 0; id < doc->map.size(); ++id) {
    const pipewright::source_span s = doc->map.span(id);
    PIPEWRIGHT_FUZZ_CHECK(s.begin <= s.end && s.end <= text.size());
  }
  PIPEWRIGHT_FUZZ_CHECK(doc->map.span(doc->map.root()).end <= text.size());
  const std::string once = json::dump(*v, json::compact_style);
  auto again = json::parse(once);
  PIPEWRIGHT_FUZZ_CHECK(again.ok());
  PIPEWRIGHT_FUZZ_CHECK(json::dump(*again, json::compact_style) == once);
  (void)json::dump(*v, json::github_style);
  return 0;
}
