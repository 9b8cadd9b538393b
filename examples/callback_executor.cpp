// Drives a workflow through the callback executor, as a host tool would: each leg arrives
// with its env, step scripts and `with:` inputs interpolated for that leg (expressions the
// plan cannot know, like secrets, are left as written and marked), and the outputs the
// tool reports reach the dependents' `if:` and inputs.
#include <cstdio>
#include <string>

#include "pipewright/model/builder.hpp"
#include "pipewright/schedule/callback.hpp"
#include "pipewright/schedule/plan.hpp"

namespace pm = pipewright::model;
namespace ps = pipewright::schedule;

namespace {

void print_text(const char* label, const ps::interpolated& t) {
  std::printf("    %s: %s%s\n", label, t.text.c_str(), t.complete() ? "" : "   [unresolved]");
}

}  // namespace

int main() {
  const pm::workflow wf =
      pm::workflow_builder("release")
          .on("push")
          .job(
              pm::job_builder("build")
                  .runs_on("ubuntu-latest")
                  .matrix(pipewright::value::make_object(
                      {{"python", pipewright::value::make_array(
                                      {pipewright::value("3.11"), pipewright::value("3.12")})}}))
                  .env("PYTHON", "${{ matrix.python }}")
                  .output("version", "${{ steps.v.outputs.version }}")
                  .step(pm::run_step("make wheel PY=${{ matrix.python }} TOKEN=${{ secrets.PYPI }}")
                            .id("v")))
          .job(pm::job_builder("publish")
                   .runs_on("ubuntu-latest")
                   .needs({"build"})
                   .if_("needs.build.outputs.version != ''")
                   .step(pm::uses_step("pypa/gh-action-pypi-publish@v1")
                             .with("tag", "v${{ needs.build.outputs.version }}")))
          .job(pm::job_builder("announce")
                   .runs_on("ubuntu-latest")
                   .needs({"publish"})
                   .if_("github.ref == 'refs/heads/release'")
                   .step(pm::run_step("echo released")))
          .build();

  auto plan = ps::make_plan(wf);
  if (!plan) return 1;
  const ps::run_result run = ps::execute(wf, *plan, [](const ps::leg_call& leg) {
    std::printf("leg %s\n", leg.name.c_str());
    for (const auto& [key, text] : leg.env) print_text(("env " + key).c_str(), text);
    for (const ps::step_call& step : leg.steps) {
      if (!step.uses.empty()) std::printf("    uses: %s\n", step.uses.c_str());
      if (!step.run.text.empty()) print_text("run", step.run);
      for (const auto& [key, text] : step.with) print_text(("with " + key).c_str(), text);
    }
    ps::leg_outcome out;
    out.duration = leg.job == "build" ? 240 : 30;
    if (leg.job == "build") out.outputs = {{"version", "1.4.0"}};
    return out;
  });
  std::printf("\n");
  for (std::size_t j = 0; j < plan->jobs.size(); ++j) {
    const std::string status(ps::status_name(run.job_results[j]));
    const std::string& reason = run.job_reasons[j];
    std::printf("%s: %s%s%s\n", plan->jobs[j].id.c_str(), status.c_str(),
                reason.empty() ? "" : ", ", reason.c_str());
  }
  std::printf("makespan %.0f s, billed %.0f min\n", run.makespan, run.billed_minutes);
  return 0;
}
