// Simulates a small pipeline: a build, a three-leg test matrix where one leg fails, and a
// deploy that needs the tests. Prints the timeline, the statuses with their reasons, the
// critical path and the billed minutes.
#include <cstdio>
#include <string>
#include <vector>

#include "pipewright/schedule/simulate.hpp"

namespace ps = pipewright::schedule;

int main() {
  std::vector<ps::job_spec> jobs(4);
  jobs[0].id = "build";
  jobs[0].legs = {{"build", "ubuntu-latest", 120}};
  jobs[1].id = "test";
  jobs[1].needs = {0};
  jobs[1].legs = {{"test (ubuntu-latest)", "ubuntu-latest", 300},
                  {"test (windows-latest)", "windows-latest", 200, ps::status::failure},
                  {"test (macos-latest)", "macos-latest", 400}};
  jobs[2].id = "deploy";
  jobs[2].needs = {1};
  jobs[2].legs = {{"deploy", "ubuntu-latest", 60}};
  jobs[3].id = "report";
  jobs[3].needs = {1};
  jobs[3].condition = [](const ps::condition_view&) { return true; };
  jobs[3].condition_text = "always()";
  jobs[3].legs = {{"report", "ubuntu-latest", 10}};

  const ps::run_result run = ps::simulate(jobs);
  for (const ps::leg_run& leg : run.legs) {
    const ps::leg_spec& spec = jobs[leg.job].legs[leg.leg];
    std::printf("%-22s %-9s %5.0f-%5.0f s  %s\n", spec.name.c_str(),
                std::string(ps::status_name(leg.result)).c_str(), leg.start, leg.end,
                leg.reason.c_str());
  }
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    std::printf("job %-7s %-9s %s\n", jobs[j].id.c_str(),
                std::string(ps::status_name(run.job_results[j])).c_str(),
                run.job_reasons[j].c_str());
  }
  std::printf("conclusion: %s, makespan %.0f s, billed %.0f min\ncritical path:",
              std::string(ps::status_name(run.conclusion)).c_str(), run.makespan,
              run.billed_minutes);
  for (const std::uint32_t l : run.critical_path) {
    std::printf(" %s", jobs[run.legs[l].job].legs[run.legs[l].leg].name.c_str());
  }
  std::printf("\n");
}
