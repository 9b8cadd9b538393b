// Plan benchmark: `pipewright plan` at scale, in memory, on a generated workflow of 200 jobs
// each with a 4 x 4 x 4 x 4 matrix (51,200 legs), needs between them, an `if:`, an `env:`
// and a step `if:` that read expressions. Rows: make_plan() alone, run_plan() of the plan,
// and the plan's JSON with its run (`pipewright plan --format json`), written straight to
// text (write_plan_json) or through a value (plan_json + json::write); bytes per second is
// the JSON's size over the time to write it.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>

#if defined(PIPEWRIGHT_HAS_YAML)

#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "plan_inputs.hpp"

namespace {

namespace pw = pipewright;

pw::model::workflow loaded(int jobs) {
  auto w = pw::yaml::load_workflow(plan_inputs::workflow(jobs));
  return w ? std::move(*w) : pw::model::workflow{};
}

void plan_build(benchmark::State& state) {
  const pw::model::workflow wf = loaded(static_cast<int>(state.range(0)));
  std::size_t legs = 0;
  for (auto _ : state) {
    auto p = pw::schedule::make_plan(wf);
    if (!p) {
      state.SkipWithError("the workflow did not plan");
      return;
    }
    legs = 0;
    for (const auto& j : p->jobs) legs += j.legs.size();
    benchmark::DoNotOptimize(p->jobs.data());
  }
  state.counters["legs"] = static_cast<double>(legs);
}

void plan_run(benchmark::State& state) {
  const pw::model::workflow wf = loaded(static_cast<int>(state.range(0)));
  auto p = pw::schedule::make_plan(wf);
  if (!p) {
    state.SkipWithError("the workflow did not plan");
    return;
  }
  for (auto _ : state) {
    const pw::schedule::run_result r = pw::schedule::run_plan(*p);
    benchmark::DoNotOptimize(r.legs.data());
  }
}

/// The plan's JSON with its run, written straight to text (`text`, as the CLI writes it) or
/// built as a value first and then written (`value`).
void plan_json(benchmark::State& state, bool via_value) {
  const pw::model::workflow wf = loaded(static_cast<int>(state.range(0)));
  auto p = pw::schedule::make_plan(wf);
  if (!p) {
    state.SkipWithError("the workflow did not plan");
    return;
  }
  const pw::schedule::run_result r = pw::schedule::run_plan(*p);
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string out;
    if (via_value) {
      pw::json::write(out, pw::export_::plan_json(*p, &r), pw::json::compact_style);
    } else {
#if !defined(PLAN_BENCH_VALUE_ONLY)  // defined to measure a tree without write_plan_json
      pw::export_::write_plan_json(out, *p, &r);
#endif
    }
    bytes = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["output_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
}

}  // namespace

BENCHMARK(plan_build)->Name("plan/build")->Arg(20)->Arg(200)->Unit(benchmark::kMillisecond);
BENCHMARK(plan_run)->Name("plan/run")->Arg(20)->Arg(200)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(plan_json, text, false)->Arg(20)->Arg(200)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(plan_json, value, true)->Arg(20)->Arg(200)->Unit(benchmark::kMillisecond);

#else

void plan_unavailable(benchmark::State& state) {
  for (auto _ : state) {
  }
  state.SkipWithError("built without the YAML adapter");
}
BENCHMARK(plan_unavailable)->Name("plan/unavailable");

#endif
