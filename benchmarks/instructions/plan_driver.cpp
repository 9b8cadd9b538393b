// The plan's cost in instructions, which do not depend on the machine's load: loads
// benchmarks/plan_bench.cpp's workflow of 200 jobs x 256 legs, then REPS times either plans
// it (`build`), runs the plan (`run`, run_plan of one plan REPS times) or writes the plan's
// JSON with its run: streamed (`json`, write_plan_json, what the CLI does) or through a value
// (`json-value`, plan_json + json::write).
// measure.sh compiles it against an include directory and counts with cachegrind.
// usage: plan_driver REPS build|run|json|json-value
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../plan_inputs.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace pw = pipewright;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: plan_driver REPS build|run|json|json-value\n");
    return 2;
  }
  const int reps = std::atoi(argv[1]);
  const std::string_view mode = argv[2];
  auto wf = pw::yaml::load_workflow(plan_inputs::workflow(200));
  if (!wf) return 1;
  std::size_t total = 0;
  if (mode == "build") {
    for (int i = 0; i < reps; ++i) {
      auto p = pw::schedule::make_plan(*wf);
      if (p) total += p->jobs.size();
    }
  } else if (mode == "run") {
    auto p = pw::schedule::make_plan(*wf);
    if (!p) return 1;
    for (int i = 0; i < reps; ++i) total += pw::schedule::run_plan(*p).legs.size();
  } else {
    auto p = pw::schedule::make_plan(*wf);
    if (!p) return 1;
    const pw::schedule::run_result r = pw::schedule::run_plan(*p);
    for (int i = 0; i < reps; ++i) {
      std::string out;
#if defined(PLAN_DRIVER_VALUE_ONLY)
      pw::json::write(out, pw::export_::plan_json(*p, &r), pw::json::compact_style);
#else
      if (mode == "json") {
        pw::export_::write_plan_json(out, *p, &r);
      } else {
        pw::json::write(out, pw::export_::plan_json(*p, &r), pw::json::compact_style);
      }
#endif
      total += out.size();
    }
  }
  std::printf("%zu\n", total);
}
