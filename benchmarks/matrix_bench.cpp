// pipewright::matrix beside the straightforward std::vector<std::map<std::string,
// std::string>> expansion most tools use (build the product, erase excluded, apply
// includes), in one process.
//
// Shapes: 3 axes x 4 values, 6 x 4, 10 x 4 (1,048,576 combinations), 20 x 2 (1,048,576).
// Rules: none ("plain"), 10 excludes ("ex10"), 10 excludes + 5 includes ("ex10_in5"; three
// includes extend legs, two add legs). Modes for pipewright, GitHub semantics on:
//   stream       space::for_each over every leg (the visitor reads the combination index
//                and include mask; names and values are built only on request)
//   materialise  space::materialise(): the compact 16-byte-per-leg list
//   count        compile() of the matrix JSON value, which validates, precompiles the
//                rules and counts the legs without enumerating (what count() costs)
// and "baseline" for the vector<map> expansion (strings, exact-match filters).
// Counter "time_per_leg" is CPU time per leg of the result (seconds, SI-prefixed: 4n = 4 ns).
//
// At start-up (outside timing) both implementations are checked to agree on the number of
// legs for every shape and rule set (unless PIPEWRIGHT_BENCH_NO_CHECK is set).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"

namespace {

namespace pm = pipewright::matrix;
using pipewright::value;

struct shape {
  int axes;
  int values;
};
constexpr shape shapes[] = {{3, 4}, {6, 4}, {10, 4}, {20, 2}};
constexpr const char* rule_names[] = {"plain", "ex10", "ex10_in5"};

std::string axis_name(int a) {
  return "axis" + std::to_string(a);
}
std::string value_name(int i) {
  return "v" + std::to_string(i);
}

// The rules, as (key, value) lists, shared by both implementations.
using rule = std::vector<std::pair<std::string, std::string>>;

std::vector<rule> excludes_for(shape s, int rules) {
  std::vector<rule> out;
  if (rules == 0) return out;
  for (int r = 0; r < 10; ++r) {
    out.push_back({{axis_name(r % s.axes), value_name(r % s.values)},
                   {axis_name((r % s.axes + 1 + (r / s.axes) % (s.axes - 1)) % s.axes),
                    value_name((r + 1) % s.values)}});
  }
  return out;
}

std::vector<rule> includes_for(shape s, int rules) {
  std::vector<rule> out;
  if (rules < 2) return out;
  for (int i = 0; i < 3; ++i) {  // extend legs
    out.push_back({{axis_name(i % s.axes), value_name((i + 2) % s.values)},
                   {"extra" + std::to_string(i), "x" + std::to_string(i)}});
  }
  for (int i = 0; i < 2; ++i) {  // match nothing: new legs
    out.push_back({{axis_name(0), "new" + std::to_string(i)}, {"label", "n"}});
  }
  return out;
}

value matrix_value(shape s, int rules) {
  pipewright::object m;
  for (int a = 0; a < s.axes; ++a) {
    pipewright::array vals;
    for (int i = 0; i < s.values; ++i) vals.emplace_back(value_name(i));
    m.insert(axis_name(a), value(std::move(vals)));
  }
  auto to_array = [](const std::vector<rule>& rs) {
    pipewright::array out;
    for (const rule& r : rs) {
      pipewright::object o;
      for (const auto& [k, v] : r) o.insert(k, value(v));
      out.emplace_back(std::move(o));
    }
    return value(std::move(out));
  };
  if (rules >= 1) m.insert("exclude", to_array(excludes_for(s, rules)));
  if (rules >= 2) m.insert("include", to_array(includes_for(s, rules)));
  return value(std::move(m));
}

// --- the baseline ---------------------------------------------------------------------------

using combo = std::map<std::string, std::string>;

std::vector<combo> baseline_expand(shape s, int rules) {
  const std::vector<rule> ex = excludes_for(s, rules);
  const std::vector<rule> in = includes_for(s, rules);
  std::vector<combo> out(1);
  for (int a = 0; a < s.axes; ++a) {
    std::vector<combo> next;
    next.reserve(out.size() * static_cast<std::size_t>(s.values));
    for (const combo& c : out) {
      for (int i = 0; i < s.values; ++i) {
        combo n = c;
        n[axis_name(a)] = value_name(i);
        next.push_back(std::move(n));
      }
    }
    out = std::move(next);
  }
  auto matches = [](const combo& c, const rule& r) {
    for (const auto& [k, v] : r) {
      auto it = c.find(k);
      if (it == c.end() || it->second != v) return false;
    }
    return true;
  };
  std::erase_if(out, [&](const combo& c) {
    for (const rule& r : ex) {
      if (matches(c, r)) return true;
    }
    return false;
  });
  const std::size_t product_legs = out.size();
  for (const rule& r : in) {
    rule filter;
    rule extra;
    for (const auto& kv : r) (kv.first.rfind("axis", 0) == 0 ? filter : extra).push_back(kv);
    bool matched = false;
    for (std::size_t i = 0; i < product_legs; ++i) {
      if (!matches(out[i], filter)) continue;
      matched = true;
      for (const auto& [k, v] : extra) out[i][k] = v;
    }
    if (!matched) out.emplace_back(r.begin(), r.end());
  }
  return out;
}

pm::space compile_or_die(const value& m) {
  auto s = pm::compile(m, {}, pm::unlimited{});
  if (!s) {
    std::fprintf(stderr, "matrix_bench: %s\n", s.first_error()->message.c_str());
    std::abort();
  }
  return std::move(*s);
}

void set_counters(benchmark::State& state, std::uint64_t legs) {
  state.counters["legs"] = static_cast<double>(legs);
  state.counters["time_per_leg"] =
      benchmark::Counter(static_cast<double>(legs), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

void bm_stream(benchmark::State& state, shape s, int rules) {
  const pm::space sp = compile_or_die(matrix_value(s, rules));
  for (auto _ : state) {
    std::uint64_t acc = 0;
    sp.for_each([&acc](const pm::leg_view& leg) noexcept {
      acc += leg.combination() + (leg.extended_by(0) ? 1u : 0u);
    });
    benchmark::DoNotOptimize(acc);
  }
  set_counters(state, sp.count());
}

void bm_materialise(benchmark::State& state, shape s, int rules) {
  const pm::space sp = compile_or_die(matrix_value(s, rules));
  for (auto _ : state) {
    pm::legs all = sp.materialise();
    benchmark::DoNotOptimize(all.size());
  }
  set_counters(state, sp.count());
}

void bm_count(benchmark::State& state, shape s, int rules) {
  const value m = matrix_value(s, rules);
  std::uint64_t legs = 0;
  for (auto _ : state) {
    const pm::space sp = compile_or_die(m);
    legs = sp.count();
    benchmark::DoNotOptimize(legs);
  }
  state.counters["legs"] = static_cast<double>(legs);
}

void bm_baseline(benchmark::State& state, shape s, int rules) {
  std::size_t legs = 0;
  for (auto _ : state) {
    std::vector<combo> all = baseline_expand(s, rules);
    legs = all.size();
    benchmark::DoNotOptimize(all.data());
  }
  set_counters(state, legs);
}

void check_agreement() {
  for (shape s : shapes) {
    for (int r = 0; r < 3; ++r) {
      const pm::space sp = compile_or_die(matrix_value(s, r));
      const std::size_t base = baseline_expand(s, r).size();
      if (sp.count() != base || sp.count_streaming() != base || sp.materialise().size() != base) {
        std::fprintf(stderr, "matrix_bench: %dx%d %s: pipewright %llu legs, baseline %zu\n", s.axes,
                     s.values, rule_names[r], static_cast<unsigned long long>(sp.count()), base);
        std::abort();
      }
    }
  }
}

[[maybe_unused]] const int registered = [] {
  // PIPEWRIGHT_BENCH_NO_CHECK=1 skips the start-up check (for peak-memory runs of one row).
  if (std::getenv("PIPEWRIGHT_BENCH_NO_CHECK") == nullptr) check_agreement();
  for (shape s : shapes) {
    for (int r = 0; r < 3; ++r) {
      const std::string tag =
          std::to_string(s.axes) + "x" + std::to_string(s.values) + "/" + rule_names[r];
      benchmark::RegisterBenchmark(("matrix/stream/" + tag).c_str(), bm_stream, s, r)
          ->Unit(benchmark::kMicrosecond);
      benchmark::RegisterBenchmark(("matrix/materialise/" + tag).c_str(), bm_materialise, s, r)
          ->Unit(benchmark::kMicrosecond);
      benchmark::RegisterBenchmark(("matrix/count/" + tag).c_str(), bm_count, s, r)
          ->Unit(benchmark::kMicrosecond);
      benchmark::RegisterBenchmark(("baseline/vector_map/" + tag).c_str(), bm_baseline, s, r)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  return 0;
}();

}  // namespace
