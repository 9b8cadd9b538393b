// Fuzz target: `plan` end to end, as `pipewright plan` drives it (cli/cmd_plan.hpp): YAML
// text to a workflow, make_plan() for an event (push, pull_request or workflow_dispatch,
// chosen by the input's length), run_plan(), and the pipewright.plan/1.4 JSON export.
// Invariants: a plan has one entry per job; the run has one result per job.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pw = pipewright;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto wf = pw::yaml::load_workflow(text);
  if (!wf) return 0;
  pw::schedule::plan_options o;
  switch (size % 3) {
    case 0: o.event = pw::trigger::push_event("refs/heads/main"); break;
    case 1:
      o.event = pw::trigger::pull_request_event("opened", "main", "feature", {}, "pull_request");
      break;
    default:
      o.event = pw::trigger::workflow_dispatch_event(
          "refs/heads/main", pw::json::parse_or_throw(R"({"debug": "true", "level": "3"})"));
      break;
  }
  o.context.workflow_path = ".github/workflows/fuzz.yml";
  o.outcomes.emplace_back("build", pw::schedule::status::failure);
  auto p = pw::schedule::make_plan(*wf, o);
  if (!p) {
    PIPEWRIGHT_FUZZ_CHECK(!p.diagnostics().empty());
    return 0;
  }
  PIPEWRIGHT_FUZZ_CHECK(p->jobs.size() == wf->jobs.size());
  const pw::schedule::run_result r = pw::schedule::run_plan(*p);
  PIPEWRIGHT_FUZZ_CHECK(r.job_results.size() == p->jobs.size());
  const pw::value out = pw::export_::plan_json(*p, &r);
  (void)pw::json::dump(out);
  return 0;
}
