// Fuzz target: matrix expansion from a JSON strategy (matrix/matrix.hpp). The input is JSON:
// either a strategy object (`matrix`, `fail-fast`, `max-parallel`) or a bare matrix. It is
// compiled with GitHub's limits, and again with the limit lifted and a few legs streamed.
// Invariants: count() equals the number of legs materialised and streamed; every leg has a
// display name; with the limit lifted, count() never overflows (it is at least 1).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pw = pipewright;
  namespace matrix = pw::matrix;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto input = pw::json::parse(text);
  if (!input) return 0;
  const pw::value* m = &*input;
  matrix::options o;
  o.job_name = "build";
  o.contexts = pipewright_fuzz::rich_contexts();
  if (input->is_object() && input->as_object().find("matrix") != nullptr) {
    m = input->as_object().find("matrix");
    const pw::value& ff = (*input)["fail-fast"];
    if (ff.is_bool()) o.fail_fast = ff.as_bool();
    const pw::value& mp = (*input)["max-parallel"];
    if (mp.is_number() && mp.as_number() > -1e9 && mp.as_number() < 1e9) {
      o.max_parallel = static_cast<std::int64_t>(mp.as_number());
    }
    const pw::value& name = (*input)["name"];
    if (name.is_string()) o.job_name = name.as_string();
  }

  auto s = matrix::compile(*m, o);
  if (s) {
    PIPEWRIGHT_FUZZ_CHECK(s->count() >= 1 && s->count() <= matrix::github_max_legs);
    const matrix::legs all = s->materialise();
    PIPEWRIGHT_FUZZ_CHECK(all.size() == s->count());
    std::uint64_t streamed = 0;
    s->for_each([&](const matrix::leg_view& leg) {
      PIPEWRIGHT_FUZZ_CHECK(leg.position() == streamed);
      ++streamed;
      (void)leg.matrix();
      (void)leg.name();
    });
    PIPEWRIGHT_FUZZ_CHECK(streamed == s->count());
    (void)all.ids();
  } else {
    for (const pw::diagnostic& d : s.diagnostics()) PIPEWRIGHT_FUZZ_CHECK(!d.code.empty());
  }

  // The limit lifted: compile must still answer (count() in checked 64-bit arithmetic) and
  // streaming a few legs costs O(axes + rules) memory.
  auto u = matrix::compile(*m, o, matrix::unlimited{});
  if (u) {
    PIPEWRIGHT_FUZZ_CHECK(u->count() >= 1);
    if (s) PIPEWRIGHT_FUZZ_CHECK(u->count() == s->count());
    std::uint64_t seen = 0;
    u->for_each([&](const matrix::leg_view& leg) {
      (void)leg.name();
      return ++seen < 8;
    });
    PIPEWRIGHT_FUZZ_CHECK(seen == std::min<std::uint64_t>(u->count(), 8));
  }
  return 0;
}
