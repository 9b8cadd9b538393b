// Every matrix of the real-world corpus (tests/data/model/corpus/real: workflows GitHub
// accepts) expands without error through make_plan(); matrices that wait for needs
// outputs are reported as pending. Prints the totals.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/schedule/plan.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

using namespace pipewright;

namespace {

// The events a workflow lists under `on:` (string, sequence or mapping), in order.
std::vector<std::string> events_of(const value& on) {
  std::vector<std::string> out;
  if (on.is_string()) out.emplace_back(on.as_string());
  if (on.is_array()) {
    for (const value& e : on.as_array()) {
      if (e.is_string()) out.emplace_back(e.as_string());
    }
  }
  if (on.is_object()) {
    for (const auto& e : on.as_object()) out.push_back(e.first);
  }
  return out;
}

// An event that starts the workflow: push or pull_request when listed (GitHub's most common
// runs), else the first event listed.
trigger::event event_for(const model::workflow& wf) {
  const std::vector<std::string> names = events_of(wf.on);
  for (const std::string& n : names) {
    if (n == "push") return trigger::push_event("refs/heads/main");
  }
  for (const std::string& n : names) {
    if (n == "pull_request") return trigger::pull_request_event("opened", "main", "feature");
  }
  if (names.empty()) return trigger::push_event("refs/heads/main");
  const std::string& n = names.front();
  if (n == "workflow_call") return trigger::workflow_call_event();
  if (n == "workflow_dispatch") return trigger::workflow_dispatch_event("refs/heads/main");
  if (n == "schedule") return trigger::schedule_event();
  if (n == "pull_request_target") {
    return trigger::pull_request_event("opened", "main", "feature", {}, n);
  }
  return trigger::simple_event(n);
}

}  // namespace

TEST(MatrixCorpus, EveryRealMatrixExpandsOrIsPending) {
  const std::string tsv = test::read_data("model/corpus/GITHUB_PARSER.tsv");
  ASSERT_FALSE(tsv.empty());
  int files = 0;
  int matrix_jobs = 0;
  int pending = 0;
  int not_started = 0;
  std::size_t legs = 0;
  std::size_t pos = 0;
  while (pos < tsv.size()) {
    std::size_t end = tsv.find('\n', pos);
    if (end == std::string::npos) end = tsv.size();
    const std::string_view line(tsv.data() + pos, end - pos);
    pos = end + 1;
    if (line.substr(0, 5) != "real/") continue;
    const std::size_t tab = line.find('\t');
    const std::string path(line.substr(0, tab));
    if (line.substr(tab + 1, 2) != "ok") continue;  // GitHub rejects the file
    ++files;
    const std::string text = test::read_data("model/corpus/" + path);
    auto wf = yaml::load_workflow(text);
    ASSERT_TRUE(wf.ok()) << path;
    // Plan each workflow for an event that starts it (GitHub expands matrices per run).
    schedule::plan_options o;
    o.event = event_for(*wf);
    auto p = schedule::make_plan(*wf, o);
    ASSERT_TRUE(p.ok()) << path;
    if (!p->runs) ++not_started;
    for (const diagnostic& d : p->diagnostics) {
      const bool matrix_problem = d.path.find("/strategy/matrix") != std::string::npos;
      EXPECT_FALSE(matrix_problem)
          << path << ": " << d.code << " " << d.message << " at " << d.path;
    }
    for (const schedule::plan_job& j : p->jobs) {
      if (!j.has_matrix) continue;
      ++matrix_jobs;
      if (j.matrix_pending) {
        ++pending;
        EXPECT_FALSE(j.matrix_reason.empty())
            << path << ": job " << j.id << " pending without saying what it waits for";
      } else {
        legs += j.legs.size();
        EXPECT_GE(j.legs.size(), 1U) << path << ": " << j.id;
      }
    }
  }
  EXPECT_GT(files, 300);
  std::printf(
      "matrix corpus: %d workflows (%d not started by the chosen event), %d matrix jobs, %zu "
      "legs, %d pending\n",
      files, not_started, matrix_jobs, legs, pending);
}
