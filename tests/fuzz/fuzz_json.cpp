// Fuzz target: the JSON reader (value/json.hpp). Invariant: whatever parses writes back to
// text that parses again to the same text (write is a fixed point after one round).
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
  if (!v) {
    PIPEWRIGHT_FUZZ_CHECK(!v.diagnostics().empty());
    return 0;
  }
  const std::string once = json::dump(*v, json::compact_style);
  auto again = json::parse(once);
  PIPEWRIGHT_FUZZ_CHECK(again.ok());
  PIPEWRIGHT_FUZZ_CHECK(json::dump(*again, json::compact_style) == once);
  (void)json::dump(*v, json::github_style);
  return 0;
}
