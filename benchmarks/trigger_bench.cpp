// Trigger path filters on a monorepo push: 10,000 changed paths against 50 patterns.
//
// The paths are generated deterministically (xorshift64) in the shape of a monorepo:
// services/<svc>/{src,test,docs}/..., libs/<lib>/..., docs/..., tools/..., top-level files,
// with depths 1-7 and extensions .go .py .ts .tsx .md .yml .json .cc .h. The 50 patterns are
// the kind workflows use: per-service prefixes (`services/billing/**`), extension globs
// (`**.md`, `*.json`), `**/` infixes (`**/test_*.py`), classes and `+` (`libs/v[0-9]+/**`),
// and `!` exclusions.
//
// Rows:
// - Pipewright_AllPairs: every pattern against every path (500,000 pattern::matches calls);
//   the counter `per_pair` is the time per path·pattern.
// - Pipewright_ListEvaluate: pattern_list::evaluate (last match wins) for every path.
// - Pipewright_MatchPush: trigger::match of a push whose `paths` filter holds the 50
//   patterns; GitHub's rules look at the first 300 changed files only.
// - StdRegex_AllPairs: a peer, the same patterns translated to std::regex (ECMAScript) the
//   way nektos/act translates them (SEMANTICS.md §6.3), every pattern against every path.
//
// At start-up, outside timing, both matchers must agree on all 500,000 pairs.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/trigger/trigger.hpp"

namespace {

namespace tr = pipewright::trigger;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "trigger_bench: %s\n", what.c_str());
  std::abort();
}

class rng {
 public:
  std::uint64_t next() noexcept {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

constexpr std::string_view services[] = {"billing", "auth",   "search", "checkout", "catalog",
                                         "gateway", "notify", "ledger", "reports",  "media"};
constexpr std::string_view libs[] = {"core", "net", "v1", "v2", "v12", "ui-kit", "proto"};
constexpr std::string_view dirs[] = {"src", "test", "docs",     "internal", "cmd",
                                     "pkg", "api",  "handlers", "models",   "util"};
constexpr std::string_view exts[] = {".go",  ".py",   ".ts", ".tsx", ".md",
                                     ".yml", ".json", ".cc", ".h"};
constexpr std::string_view stems[] = {"main",    "server",      "client",   "test_api",
                                      "README",  "index",       "config",   "schema",
                                      "handler", "test_models", "CHANGELOG"};

std::vector<std::string> make_paths(std::size_t n) {
  rng r;
  std::vector<std::string> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::string p;
    switch (r.below(6)) {
      case 0:
      case 1:
      case 2: p = "services/" + std::string(services[r.below(std::size(services))]) + "/"; break;
      case 3: p = "libs/" + std::string(libs[r.below(std::size(libs))]) + "/"; break;
      case 4: p = r.below(2) == 0 ? "docs/" : "tools/"; break;
      default: break;
    }
    const std::uint64_t depth = r.below(5);
    for (std::uint64_t d = 0; d < depth; ++d)
      p += std::string(dirs[r.below(std::size(dirs))]) + "/";
    p += stems[r.below(std::size(stems))];
    p += exts[r.below(std::size(exts))];
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::string> make_patterns() {
  std::vector<std::string> p;
  for (const std::string_view s : services) {
    p.push_back("services/" + std::string(s) + "/**");
    p.push_back("services/" + std::string(s) + "/src/**.go");
  }
  for (const std::string_view l : libs) p.push_back("libs/" + std::string(l) + "/**");
  const char* more[] = {"**.md",
                        "*.json",
                        "**/test_*.py",
                        "docs/**",
                        "tools/*",
                        "libs/v[0-9]+/**",
                        "**/README.md",
                        "**.ts?",
                        "**.tsx",
                        "!**/CHANGELOG.md",
                        "services/*/api/**",
                        "**/internal/**",
                        "!services/media/**",
                        "**.ya?ml",
                        "libs/*/src/**.cc",
                        "!docs/internal/**",
                        "services/**/handlers/*.go",
                        "*.md",
                        "libs/ui-kit/**.tsx",
                        "!tools/**",
                        "**/cmd/main.go",
                        "services/[a-m]*/test/**",
                        "**/util/*.h"};
  for (const char* m : more) p.emplace_back(m);
  if (p.size() != 50) die("expected 50 patterns, have " + std::to_string(p.size()));
  return p;
}

/// nektos/act's translation (SEMANTICS.md §6.3), to ECMAScript syntax.
std::string to_regex(std::string_view pat) {
  if (!pat.empty() && pat[0] == '!') pat.remove_prefix(1);
  std::string re = "^";
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const char c = pat[i];
    if (c == '*') {
      if (i + 1 < pat.size() && pat[i + 1] == '*') {
        if (i + 2 < pat.size() && pat[i + 2] == '/') {
          re += "(.+/)?";
          i += 2;
        } else {
          re += ".*";
          ++i;
        }
      } else {
        re += "[^/]*";
      }
    } else if (c == '?' || c == '+') {
      re += c;
    } else if (c == '[') {
      const std::size_t close = pat.find(']', i);
      re += std::string(pat.substr(i, close - i + 1));
      i = close;
    } else if (c == '\\' && i + 1 < pat.size()) {
      re += '\\';
      re += pat[++i];
    } else if (std::string_view(".^$|(){}").find(c) != std::string_view::npos) {
      re += '\\';
      re += c;
    } else {
      re += c;
    }
  }
  return re + "$";
}

struct fixture {
  std::vector<std::string> paths = make_paths(10'000);
  std::vector<std::string> texts = make_patterns();
  std::vector<tr::pattern> compiled;
  tr::pattern_list list;
  std::vector<std::regex> regexes;

  fixture() {
    for (const std::string& t : texts) {
      auto p = tr::pattern::compile(t);
      if (!p) die("pattern " + t + ": " + p.first_error()->message);
      compiled.push_back(std::move(*p));
      regexes.emplace_back(to_regex(t), std::regex::ECMAScript | std::regex::optimize);
    }
    auto l = tr::pattern_list::compile(texts);
    if (!l) die("pattern list: " + l.first_error()->message);
    list = std::move(*l);
    std::size_t hits = 0;
    for (const std::string& path : paths) {
      for (std::size_t k = 0; k < compiled.size(); ++k) {
        const bool a = compiled[k].matches(path);
        const bool b = std::regex_match(path, regexes[k]);
        if (a != b) die("disagreement: pattern '" + texts[k] + "' on '" + path + "'");
        hits += a ? 1u : 0u;
      }
    }
    if (hits == 0) die("no pattern matched any path");
  }
};

const fixture& data() {
  static const fixture f;
  return f;
}

void set_pairs(benchmark::State& state) {
  const double pairs = static_cast<double>(data().paths.size() * data().texts.size());
  state.counters["per_pair"] = benchmark::Counter(
      pairs, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void Pipewright_AllPairs(benchmark::State& state) {
  const fixture& f = data();
  for (auto _ : state) {
    std::size_t hits = 0;
    for (const std::string& path : f.paths) {
      for (const tr::pattern& p : f.compiled) hits += p.matches(path) ? 1u : 0u;
    }
    benchmark::DoNotOptimize(hits);
  }
  set_pairs(state);
}

void Pipewright_ListEvaluate(benchmark::State& state) {
  const fixture& f = data();
  for (auto _ : state) {
    std::size_t included = 0;
    for (const std::string& path : f.paths) included += f.list.evaluate(path).included ? 1u : 0u;
    benchmark::DoNotOptimize(included);
  }
  state.counters["per_path"] = benchmark::Counter(
      static_cast<double>(f.paths.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void Pipewright_MatchPush(benchmark::State& state) {
  const fixture& f = data();
  tr::triggers t;
  tr::event_config push;
  push.name = "push";
  push.paths.present = true;
  // Only the exclusions and a few narrow patterns: the walk goes deep into the file list.
  std::vector<std::string> narrow{"services/media/cmd/main.go", "!tools/**"};
  auto l = tr::pattern_list::compile(narrow);
  if (!l) die("narrow list");
  push.paths.patterns = std::move(*l);
  t.events.push_back(std::move(push));
  const tr::event e = tr::push_event("refs/heads/main", f.paths);
  for (auto _ : state) {
    const tr::decision d = tr::match(t, e);
    benchmark::DoNotOptimize(d.runs);
  }
}

void StdRegex_AllPairs(benchmark::State& state) {
  const fixture& f = data();
  for (auto _ : state) {
    std::size_t hits = 0;
    for (const std::string& path : f.paths) {
      for (const std::regex& re : f.regexes) hits += std::regex_match(path, re) ? 1u : 0u;
    }
    benchmark::DoNotOptimize(hits);
  }
  set_pairs(state);
}

}  // namespace

BENCHMARK(Pipewright_AllPairs)->Unit(benchmark::kMillisecond);
BENCHMARK(Pipewright_ListEvaluate)->Unit(benchmark::kMillisecond);
BENCHMARK(Pipewright_MatchPush)->Unit(benchmark::kMicrosecond);
BENCHMARK(StdRegex_AllPairs)->Unit(benchmark::kMillisecond);
