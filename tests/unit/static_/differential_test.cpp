// Randomised differential test: static_'s leg count (the constexpr function validate() and
// legs() use, called at run time) against the runtime matrix stage, matrix::compile(), on
// generated matrices whose values exercise GitHub's ToNumber and loose ==.
#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/static_/analysis.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace {

namespace st = pipewright::static_;
using pipewright::value;

// String values: numbers in every syntax .NET reads, padding, case, and non-numbers.
constexpr std::string_view strings[] = {"0x10",
                                        "0o17",
                                        "0X10",
                                        "1e3",
                                        "1E3",
                                        " 1 ",
                                        "\t2",
                                        "NaN",
                                        "nan",
                                        "Infinity",
                                        "-Infinity",
                                        "infinity",
                                        "1e400",
                                        "-1e400",
                                        "",
                                        "Linux",
                                        "linux",
                                        "LINUX",
                                        "x",
                                        "16",
                                        "15",
                                        "0",
                                        "-0",
                                        "1",
                                        "2",
                                        "true",
                                        "false",
                                        "\xC2\xA0"
                                        "3",
                                        "3",
                                        "1.0",
                                        ".5",
                                        "5.",
                                        "1e308",
                                        "1000",
                                        "0x3E8"};

// Rule keys: the axes (any case) and keys that name no axis.
constexpr std::string_view axis_names[] = {"a", "b", "c"};
constexpr std::string_view rule_keys[] = {"a", "b", "c", "A", "B", "x", "y"};

class generator {
 public:
  explicit generator(std::uint32_t seed) : rng_(seed) {}

  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

  st::scalar scalar() {
    switch (below(10)) {
      case 0:
      case 1:
      case 2:
      case 3: return st::scalar(strings[below(std::size(strings))]);
      case 4: {
        constexpr long long ints[] = {16, 0, 1, 2, 3, 15, -1, 1000};
        return st::scalar(ints[below(std::size(ints))]);
      }
      case 5: {
        constexpr double reals[] = {16.0, 0.0,    -0.0, 1e308,
                                    0.5,  1000.0, 3.0,  std::numeric_limits<double>::infinity()};
        return st::scalar(reals[below(std::size(reals))]);
      }
      case 6: return st::scalar(below(2) == 0);
      case 7: return st::scalar(nullptr);
      default: return st::scalar(strings[below(12)]);  // the numeric-looking ones, more often
    }
  }

  st::detail::matrix_data matrix() {
    st::detail::matrix_data m;
    m.present = true;
    const std::size_t axes = below(4);  // 0 to 3; none means include-only
    for (std::size_t a = 0; a < axes; ++a) {
      st::detail::matrix_axis ax;
      ax.name = axis_names[a];
      const std::size_t values = 1 + below(5);
      for (std::size_t v = 0; v < values; ++v) ax.values.push_back(scalar());
      m.axes.push_back(std::move(ax));
    }
    if (axes == 0) {
      m.includes.push_back(rule(false, axes));  // a matrix needs a vector or an include
    }
    for (std::size_t i = below(4); i > 0; --i) m.includes.push_back(rule(false, axes));
    for (std::size_t i = below(4); i > 0; --i) m.excludes.push_back(rule(true, axes));
    return m;
  }

 private:
  st::detail::matrix_rule rule(bool exclude, std::size_t axes) {
    st::detail::matrix_rule r;
    const std::size_t n = 1 + below(3);
    std::vector<std::string_view> used;
    for (std::size_t k = 0; k < n; ++k) {
      // Excludes name existing axes (any case) nearly always: an unknown key is an error.
      // Includes name axes or add new keys.
      std::string_view key = rule_keys[below(std::size(rule_keys))];
      if (exclude && axes > 0 && below(12) != 0) {
        const std::size_t a = below(axes);
        key = a < 2 && below(3) == 0 ? rule_keys[3 + a] : axis_names[a];  // "A", "B"
      }
      bool dup = false;
      for (std::string_view u : used) dup = dup || u == key;
      if (dup) continue;  // a JSON object has each key once
      used.push_back(key);
      r.entries.push_back({key, scalar()});
    }
    return r;
  }

  std::mt19937 rng_;
};

value to_value(const st::scalar& s) {
  switch (s.kind) {
    case st::scalar_kind::integer: return value(static_cast<double>(s.number));
    case st::scalar_kind::boolean: return value(s.number != 0);
    case st::scalar_kind::null: return value();
    case st::scalar_kind::real: return value(std::bit_cast<double>(s.number));
    case st::scalar_kind::string: break;
  }
  return value(std::string(s.text));
}

value rules_value(const std::vector<st::detail::matrix_rule>& rules) {
  value out = value::make_array();
  for (const st::detail::matrix_rule& r : rules) {
    value o = value::make_object();
    for (const st::kv& e : r.entries) o.as_object().insert(std::string(e.key), to_value(e.value));
    out.as_array().push_back(std::move(o));
  }
  return out;
}

value to_value(const st::detail::matrix_data& m) {
  value out = value::make_object();
  for (const st::detail::matrix_axis& a : m.axes) {
    value values = value::make_array();
    for (const st::scalar& s : a.values) values.as_array().push_back(to_value(s));
    out.as_object().insert(std::string(a.name), std::move(values));
  }
  if (!m.includes.empty()) out.as_object().insert("include", rules_value(m.includes));
  if (!m.excludes.empty()) out.as_object().insert("exclude", rules_value(m.excludes));
  return out;
}

bool names_unknown_axis(const st::detail::matrix_data& m) {
  for (const st::detail::matrix_rule& r : m.excludes) {
    for (const st::kv& e : r.entries) {
      if (st::detail::find_axis(m, e.key) == static_cast<std::size_t>(-1)) return true;
    }
  }
  return false;
}

std::string describe(const st::detail::matrix_data& m) {
  std::string out;
  for (const auto& a : m.axes) {
    out += std::string(a.name) + ":";
    for (const auto& s : a.values)
      out += " " + std::to_string(static_cast<int>(s.kind)) + "/" + std::string(s.text) + "/" +
             std::to_string(s.number);
    out += "\n";
  }
  for (const auto* rules : {&m.includes, &m.excludes}) {
    for (const auto& r : *rules) {
      out += rules == &m.includes ? "inc" : "exc";
      for (const auto& e : r.entries)
        out += " " + std::string(e.key) + "=" + std::to_string(static_cast<int>(e.value.kind)) +
               "/" + std::string(e.value.text) + "/" + std::to_string(e.value.number);
      out += "\n";
    }
  }
  return out;
}

TEST(StaticDifferential, LegCountsAgreeWithTheRuntimeMatrixStage) {
  generator gen(20261205);
  constexpr int rounds = 20000;
  int compared = 0;
  int rejected = 0;
  for (int round = 0; round < rounds; ++round) {
    const st::detail::matrix_data m = gen.matrix();
    const value v = to_value(m);
    const auto space = pipewright::matrix::compile(v);
    const st::detail::leg_count c = st::detail::count_legs(m);
    if (!space) {
      ++rejected;
      // The only error these matrices can have: an exclude key that names no axis, which
      // static_ reports too (and then counts as if the entry excluded nothing).
      ASSERT_FALSE(space.diagnostics().empty());
      EXPECT_EQ(space.diagnostics().front().code, pipewright::codes::matrix_exclude_unknown_key)
          << pipewright::json::dump(v);
      EXPECT_TRUE(names_unknown_axis(m)) << pipewright::json::dump(v);
      continue;
    }
    EXPECT_FALSE(names_unknown_axis(m)) << pipewright::json::dump(v);
    EXPECT_TRUE(c.countable);
    EXPECT_EQ(c.legs, space->count()) << pipewright::json::dump(v) << describe(m);
    EXPECT_EQ(space->count(), space->count_streaming()) << pipewright::json::dump(v);
    ++compared;
  }
  RecordProperty("compared", compared);
  RecordProperty("rejected", rejected);
  EXPECT_GE(compared, 14000);
  EXPECT_GT(rejected, 0);
}

}  // namespace
