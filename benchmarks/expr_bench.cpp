// pipewright's expression engine (expr/expression.hpp) on representative workflow expressions.
//
// The cases are benchmarks/data/expr_cases.json ([{"name", "expr"}]) evaluated against
// benchmarks/data/expr_contexts.json with benchmarks/data/push_event.json (5 KB) added as
// github.event. The Node peer (benchmarks/peers/expressions/bench.mjs) reads the same files
// and runs them through GitHub's TypeScript evaluator; benchmarks/peers/expressions/compare.py
// prints both side by side. Three families, named <mode>/<case>:
//
//   compile_evaluate  expr::compile() then evaluate(contexts object), every iteration
//   evaluate          compiled once; evaluate(contexts object) (names looked up each time)
//   evaluate_slots    compiled once; evaluate(slots) with the contexts resolved once by the
//                     caller, in context_names() order
//
// The allowed context names are the keys of the contexts object (as `pipewright eval --jsonl`
// does); the status policy is the default (job status success). At start-up, outside timing,
// every case must compile and evaluate without error, and the object and slot forms must give
// equal results; otherwise the program aborts with a message.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pipewright/expr/expression.hpp"
#include "pipewright/value/json.hpp"

namespace {

namespace expr = pipewright::expr;
namespace pj = pipewright::json;
using pipewright::value;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "expr_bench: %s\n", what.c_str());
  std::abort();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string first_error(const pipewright::diagnostic* d) {
  return d == nullptr ? std::string("unknown error") : d->code + " " + d->message;
}

value parse_file(const std::string& name) {
  const std::string path = std::string(PIPEWRIGHT_BENCH_DATA_DIR "/") + name;
  auto r = pj::parse(read_file(path));
  if (!r) die("cannot parse " + path + ": " + first_error(r.first_error()));
  return std::move(r).value();
}

struct bench_case {
  std::string name;
  std::string text;
  expr::expression compiled;
};

/// Everything the benchmarks share, loaded and checked once.
struct fixture {
  value contexts;
  std::vector<value> slots;
  expr::compile_options compile_options;
  expr::evaluation_options evaluation_options;
  std::vector<bench_case> cases;
};

fixture& shared() {
  static fixture f;
  return f;
}

void load(fixture& f) {
  f.contexts = parse_file("expr_contexts.json");
  if (!f.contexts.is_object()) die("expr_contexts.json must hold a JSON object");
  value* github = f.contexts.as_object().find("github");
  if (github == nullptr || !github->is_object()) die("expr_contexts.json has no github object");
  github->as_object().insert_or_assign("event", parse_file("push_event.json"));

  for (const auto& member : f.contexts.as_object()) {
    f.compile_options.contexts.push_back(member.first);
  }

  const value list = parse_file("expr_cases.json");
  if (!list.is_array() || list.as_array().empty()) {
    die("expr_cases.json must hold a non-empty array");
  }
  for (const value& item : list.as_array()) {
    const value& name = item["name"];
    const value& text = item["expr"];
    if (!name.is_string() || !text.is_string()) {
      die("every case in expr_cases.json needs a string \"name\" and \"expr\"");
    }
    for (const bench_case& earlier : f.cases) {
      if (earlier.name == name.as_string()) die("two cases are named " + earlier.name);
    }
    bench_case c{std::string(name.as_string()), std::string(text.as_string()), {}};
    auto compiled = expr::compile(c.text, f.compile_options);
    if (!compiled) {
      die("case " + c.name + ": cannot compile '" + c.text +
          "': " + first_error(compiled.first_error()));
    }
    c.compiled = std::move(compiled).value();
    f.cases.push_back(std::move(c));
  }

  // Every compiled expression has the same context_names() (the compile options' list).
  for (const std::string& n : f.compile_options.contexts) f.slots.push_back(f.contexts[n]);

  for (const bench_case& c : f.cases) {
    auto by_object = c.compiled.evaluate(f.contexts, f.evaluation_options);
    if (!by_object) {
      die("case " + c.name + ": cannot evaluate '" + c.text +
          "': " + first_error(by_object.first_error()));
    }
    auto by_slots = c.compiled.evaluate(std::span<const value>(f.slots), f.evaluation_options);
    if (!by_slots || !(*by_slots == *by_object)) {
      die("case " + c.name + ": evaluating with slots differs from evaluating with the object");
    }
  }
}

// --- the benchmarks -------------------------------------------------------------------------

void compile_evaluate(benchmark::State& state, const bench_case& c) {
  const fixture& f = shared();
  for (auto _ : state) {
    auto e = expr::compile(c.text, f.compile_options);
    if (!e) {
      state.SkipWithError("compile failed");
      break;
    }
    auto r = e->evaluate(f.contexts, f.evaluation_options);
    benchmark::DoNotOptimize(r);
  }
}

void evaluate(benchmark::State& state, const bench_case& c) {
  const fixture& f = shared();
  for (auto _ : state) {
    auto r = c.compiled.evaluate(f.contexts, f.evaluation_options);
    benchmark::DoNotOptimize(r);
  }
}

void evaluate_slots(benchmark::State& state, const bench_case& c) {
  const fixture& f = shared();
  const std::span<const value> slots(f.slots);
  for (auto _ : state) {
    auto r = c.compiled.evaluate(slots, f.evaluation_options);
    benchmark::DoNotOptimize(r);
  }
}

using bench_fn = void (*)(benchmark::State&, const bench_case&);

/// Loads and checks the cases, then registers every benchmark (before main runs).
int register_all() {
  fixture& f = shared();
  load(f);
  const std::pair<const char*, bench_fn> modes[] = {
      {"compile_evaluate", compile_evaluate},
      {"evaluate", evaluate},
      {"evaluate_slots", evaluate_slots},
  };
  for (const auto& [mode, fn] : modes) {
    for (const bench_case& c : f.cases) {
      const std::string name = std::string(mode) + "/" + c.name;
      benchmark::RegisterBenchmark(name.c_str(), [fn = fn, &c](benchmark::State& state) {
        fn(state, c);
      })->Unit(benchmark::kNanosecond);
    }
  }
  return 0;
}

[[maybe_unused]] const int registered = register_all();

}  // namespace
