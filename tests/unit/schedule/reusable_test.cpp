// Reusable workflows in plans and simulations: a job that calls a workflow of this repository
// is planned with the called workflow's jobs (inputs, secrets, outputs mapped, nested calls to
// GitHub's depth limit), named as GitHub names their check runs and billed as they run.
// Expectations derived by hand from the workflow texts below and GitHub's rules (SEMANTICS
// §6.6; docs reusing-workflow-configurations.md).
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/render.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

namespace codes = pipewright::codes;
using pipewright::schedule::status;
using call_files = std::map<std::string, std::string>;

// build.yml calls test.yml (two levels below the caller).
const call_files reusable_files = {
    {"./.github/workflows/build.yml", R"(on:
  workflow_call:
    inputs:
      os: {type: string, required: true}
      flag: {type: boolean, default: false}
      level: {type: number, default: 2}
    secrets:
      token: {required: true}
    outputs:
      artifact:
        value: ${{ jobs.compile.outputs.name }}
jobs:
  compile:
    runs-on: ${{ inputs.os == 'windows' && 'windows-latest' || 'ubuntu-latest' }}
    outputs:
      name: ${{ steps.c.outputs.name }}
    steps: [{id: c, run: make}]
  test:
    needs: compile
    uses: ./.github/workflows/test.yml
    with:
      level: ${{ inputs.level }}
  gated:
    if: inputs.flag
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  level-two:
    if: inputs.level == 2
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)"},
    {"./.github/workflows/test.yml", R"(on:
  workflow_call:
    inputs:
      level: {type: number, required: true}
jobs:
  unit:
    strategy:
      matrix:
        python: ['3.11', '3.12']
    runs-on: ubuntu-latest
    steps: [{run: pytest}]
)"},
    {"./.github/workflows/out.yml", R"(on:
  workflow_call:
    outputs:
      artifact:
        value: ${{ jobs.pack.outputs.name }}
jobs:
  pack:
    runs-on: ubuntu-latest
    outputs:
      name: ${{ steps.p.outputs.name }}
    steps: [{id: p, run: echo}]
)"},
    {"./.github/workflows/not-callable.yml", R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)"},
};

pipewright::schedule::plan_options reusable_options(const call_files& files) {
  pipewright::schedule::plan_options o;
  o.resolve_workflow = [files](std::string_view uses) -> std::optional<std::string> {
    auto it = files.find(std::string(uses));
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
  o.load_workflow = [](std::string_view text) {
    return pipewright::yaml::load_workflow_report(text);
  };
  return o;
}

pipewright::schedule::plan reusable_plan(const std::string& text,
                                         const pipewright::schedule::plan_options& o) {
  auto wf = pipewright::yaml::load_workflow(text);
  EXPECT_TRUE(wf.ok()) << (wf ? "" : wf.diagnostics().front().message);
  if (!wf) return {};
  auto p = pipewright::schedule::make_plan(*wf, o);
  EXPECT_TRUE(p.ok());
  return p ? std::move(*p) : pipewright::schedule::plan{};
}

std::size_t reusable_index(const pipewright::schedule::plan& p, std::string_view id) {
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    if (p.jobs[j].id == id) return j;
  }
  ADD_FAILURE() << "no job " << id;
  return 0;
}

std::vector<std::string> leg_names(const pipewright::schedule::plan& p, std::string_view id) {
  std::vector<std::string> out;
  for (const auto& l : p.jobs[reusable_index(p, id)].legs) out.push_back(l.name);
  return out;
}

const pipewright::diagnostic* find_code(const pipewright::schedule::plan& p,
                                        std::string_view code) {
  for (const auto& d : p.diagnostics) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

/// GitHub fails the run at start when the workflow with the workflows it calls is not valid:
/// no job runs, nothing bills, and the reason says why.
void expect_startup_failure(const pipewright::schedule::plan& p, std::string_view why) {
  EXPECT_FALSE(p.runs);
  EXPECT_NE(p.startup_failure.find(why), std::string::npos) << p.startup_failure;
  ASSERT_FALSE(p.reasons.empty());
  EXPECT_EQ(p.reasons.back().rfind("the workflow is not valid: ", 0), 0U) << p.reasons.back();
  EXPECT_NE(p.summary.find("startup failure, no job runs"), std::string::npos) << p.summary;
  const auto r = pipewright::schedule::run_plan(p);
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    EXPECT_EQ(r.job_results[j], status::skipped) << p.jobs[j].id;
    EXPECT_NE(r.job_reasons[j].find("startup failure"), std::string::npos) << r.job_reasons[j];
  }
  EXPECT_DOUBLE_EQ(r.billed_minutes, 0.0);
  const auto json = pipewright::export_::plan_json(p);
  EXPECT_EQ(json["startup_failure"].as_string(), p.startup_failure);
}

using names = std::vector<std::string>;

const char* const nested_caller = R"(on: push
jobs:
  build:
    uses: ./.github/workflows/build.yml
    with:
      os: linux
    secrets: inherit
  after:
    needs: build
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";

}  // namespace

TEST(Reusable, NestedCallsArePlannedWithTheCalledJobsUnderGitHubsCheckRunNames) {
  const auto p = reusable_plan(nested_caller, reusable_options(reusable_files));
  ASSERT_EQ(p.jobs.size(), 7U);
  const auto& build = p.jobs[reusable_index(p, "build")];
  ASSERT_TRUE(build.call.has_value());
  EXPECT_TRUE(build.call->expanded);
  EXPECT_TRUE(build.legs.empty());  // its legs are its called jobs'
  EXPECT_EQ(p.jobs[reusable_index(p, "build/compile")].name, "build / compile");
  EXPECT_EQ(p.jobs[reusable_index(p, "build/compile")].called_by, reusable_index(p, "build"));
  EXPECT_EQ(leg_names(p, "build/compile"), names{"build / compile"});
  // Two levels down: the nested caller's name joins the chain.
  EXPECT_EQ(leg_names(p, "build/test/unit"),
            (names{"build / test / unit (3.11)", "build / test / unit (3.12)"}));
  EXPECT_EQ(p.jobs[reusable_index(p, "build/test/unit")].level, 3U);
  // The called workflow's own needs: test after compile; `after` after all of build's jobs.
  const auto& test = p.jobs[reusable_index(p, "build/test")];
  EXPECT_EQ(test.needs, std::vector<std::uint32_t>{
                            static_cast<std::uint32_t>(reusable_index(p, "build/compile"))});
  EXPECT_GT(p.jobs[reusable_index(p, "after")].wave,
            p.jobs[reusable_index(p, "build/test/unit")].wave);
  EXPECT_TRUE(p.diagnostics.empty()) << p.diagnostics.front().message;
}

TEST(Reusable, CalledJobsRunAndBillAsTheCallingJobsLegs) {
  const auto p = reusable_plan(nested_caller, reusable_options(reusable_files));
  const auto r = pipewright::schedule::run_plan(p);
  // compile 0-60; unit (2 legs) 60-120 with gated skipped (flag false) and level-two 0-60;
  // after 120-180 once every called job has ended.
  EXPECT_EQ(r.job_results[reusable_index(p, "build/gated")], status::skipped);
  EXPECT_EQ(r.job_results[reusable_index(p, "build/level-two")], status::success);
  EXPECT_EQ(r.job_results[reusable_index(p, "build")], status::success);
  EXPECT_EQ(r.job_results[reusable_index(p, "after")], status::success);
  EXPECT_DOUBLE_EQ(r.makespan, 180.0);
  EXPECT_DOUBLE_EQ(r.billed_minutes, 5.0);  // compile, 2 × unit, level-two, after
  for (const auto& l : r.legs) {
    if (l.job == reusable_index(p, "after")) {
      EXPECT_DOUBLE_EQ(l.ready, 120.0);
    }
  }
  // The critical path goes through the called jobs.
  ASSERT_EQ(r.critical_path.size(), 3U);
  EXPECT_EQ(r.spec(p.specs, r.legs[r.critical_path[0]]).name, "build / compile");
  EXPECT_EQ(r.spec(p.specs, r.legs[r.critical_path[2]]).name, "after");
}

TEST(Reusable, AFailedCalledJobFailsTheCallingJobAndSkipsItsDependants) {
  auto o = reusable_options(reusable_files);
  o.outcomes.emplace_back("build / compile", status::failure);
  const auto p = reusable_plan(nested_caller, o);
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(r.job_results[reusable_index(p, "build/compile")], status::failure);
  EXPECT_EQ(r.job_results[reusable_index(p, "build/test")], status::skipped);
  EXPECT_EQ(r.job_results[reusable_index(p, "build/test/unit")], status::skipped);
  EXPECT_EQ(r.job_results[reusable_index(p, "build")], status::failure);
  EXPECT_EQ(r.job_reasons[reusable_index(p, "build")], "called job 'build/compile' failed");
  EXPECT_EQ(r.job_results[reusable_index(p, "after")], status::skipped);
  EXPECT_EQ(r.conclusion, status::failure);
}

TEST(Reusable, ASkippedCallingJobSkipsEveryCalledJob) {
  const auto p = reusable_plan(R"(on: push
jobs:
  build:
    if: github.event_name == 'pull_request'
    uses: ./.github/workflows/build.yml
    with: {os: linux}
)",
                               reusable_options(reusable_files));
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(r.job_results[reusable_index(p, "build")], status::skipped);
  EXPECT_EQ(r.job_results[reusable_index(p, "build/test/unit")], status::skipped);
  EXPECT_EQ(r.job_reasons[reusable_index(p, "build/compile")],
            "the calling job 'build' was skipped");
  EXPECT_DOUBLE_EQ(r.billed_minutes, 0.0);
}

TEST(Reusable, AMatrixCallerCallsOncePerLegWithItsInputs) {
  const auto p = reusable_plan(R"(on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      deploy: ${{ steps.s.outputs.deploy }}
    steps: [{id: s, run: echo}]
  build:
    needs: setup
    strategy:
      matrix:
        os: [linux, windows]
    uses: ./.github/workflows/build.yml
    with:
      os: ${{ matrix.os }}
      flag: ${{ needs.setup.outputs.deploy }}
    secrets:
      token: ${{ secrets.TOKEN }}
)",
                               reusable_options(reusable_files));
  const auto& build = p.jobs[reusable_index(p, "build")];
  ASSERT_TRUE(build.call && build.call->expanded);
  EXPECT_EQ(build.call->instances, (names{"build (linux)", "build (windows)"}));
  // os from the leg, level from its default (a number), flag known only at run time.
  ASSERT_EQ(build.call->inputs.size(), 2U);
  EXPECT_EQ(build.call->inputs[1]["os"].as_string(), "windows");
  EXPECT_TRUE(build.call->inputs[1]["level"].is_number());
  EXPECT_DOUBLE_EQ(build.call->inputs[1]["level"].as_number(), 2.0);
  EXPECT_TRUE(build.call->inputs[1]["flag"].is_null());
  EXPECT_EQ(build.call->unknown_inputs[1], names{"flag"});
  EXPECT_EQ(build.call->secrets, names{"token"});
  EXPECT_FALSE(build.call->secrets_inherit);
  EXPECT_EQ(leg_names(p, "build[1]/compile"), names{"build (windows) / compile"});
  EXPECT_EQ(p.jobs[reusable_index(p, "build[1]/compile")].runs_on, "windows-latest");
  EXPECT_EQ(p.jobs[reusable_index(p, "build[0]/compile")].runs_on, "ubuntu-latest");
  EXPECT_EQ(leg_names(p, "build[0]/test/unit"),
            (names{"build (linux) / test / unit (3.11)", "build (linux) / test / unit (3.12)"}));

  const auto r = pipewright::schedule::run_plan(p);
  // `if: inputs.flag` waits for the input, which waits for setup's output.
  const std::size_t gated = reusable_index(p, "build[0]/gated");
  EXPECT_EQ(r.job_results[gated], status::undetermined);
  EXPECT_EQ(r.job_waits[gated], names{"inputs.flag"});
  EXPECT_EQ(r.job_results[reusable_index(p, "build[1]/level-two")], status::success);
  // The call's conclusion is not known while one of its jobs is undetermined.
  EXPECT_EQ(r.job_results[reusable_index(p, "build")], status::undetermined);
  // setup, then per leg compile, 2 × unit and level-two (gated is not known): 1 + 4 + 4,
  // and the windows compile bills twice (Windows' multiplier).
  EXPECT_DOUBLE_EQ(r.billed_minutes, 10.0);
}

TEST(Reusable, TheCalledWorkflowsOutputsAreKnownOnlyAtRunTime) {
  const auto p = reusable_plan(R"(on: push
jobs:
  build:
    uses: ./.github/workflows/out.yml
  deploy:
    needs: build
    if: needs.build.outputs.artifact != ''
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)",
                               reusable_options(reusable_files));
  EXPECT_EQ(p.jobs[reusable_index(p, "build")].call->outputs, names{"artifact"});
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(r.job_results[reusable_index(p, "build")], status::success);
  const std::size_t deploy = reusable_index(p, "deploy");
  EXPECT_EQ(r.job_results[deploy], status::undetermined);
  EXPECT_EQ(r.job_waits[deploy], names{"needs.build.outputs.artifact"});
}

TEST(Reusable, SecretsInheritIsRecordedOnTheCall) {
  const auto p = reusable_plan(nested_caller, reusable_options(reusable_files));
  const auto& call = *p.jobs[reusable_index(p, "build")].call;
  EXPECT_TRUE(call.secrets_inherit);
  EXPECT_TRUE(call.secrets.empty());
  const auto json = pipewright::export_::plan_json(p);
  const auto& job = json["jobs"].as_array()[reusable_index(p, "build")];
  EXPECT_TRUE(job["call"]["secrets_inherit"].as_bool());
}

TEST(Reusable, AMissingLocalWorkflowIsAnErrorAtItsUsesAndTheRunFailsAtStart) {
  const std::string text = R"(on: push
jobs:
  build:
    uses: ./.github/workflows/missing.yml
  after:
    needs: build
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto p = reusable_plan(text, reusable_options(reusable_files));
  ASSERT_EQ(p.jobs.size(), 2U);  // nothing made up
  const pipewright::diagnostic* d = find_code(p, codes::schedule_call_not_found);
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->is_error());
  EXPECT_EQ(d->path, "/jobs/build/uses");
  const auto lc = pipewright::locate(text, d->span.begin);
  EXPECT_EQ(lc.line, 4U);
  EXPECT_EQ(lc.column, 11U);
  expect_startup_failure(p, "does not exist");
}

TEST(Reusable, InputsGitHubChecksAtLoadFailTheRunAtStart) {
  // build.yml requires `os` (a string) and takes `level` as a number.
  for (const std::string with : {"", "    with: {os: linux, level: not-a-number}\n"}) {
    const std::string text =
        "on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n"
        "    secrets: inherit\n" +
        with + "  other:\n    runs-on: ubuntu-latest\n    steps: [{run: echo}]\n";
    const auto p = reusable_plan(text, reusable_options(reusable_files));
    ASSERT_EQ(p.jobs.size(), 2U) << with;  // no called job is made up for an invalid call
    std::size_t errors = 0;
    for (const pipewright::diagnostic& d : p.diagnostics) {
      if (!d.is_error()) continue;
      ++errors;
      EXPECT_EQ(d.path, "/jobs/call/uses");
    }
    EXPECT_EQ(errors, 1U) << with;
    expect_startup_failure(p, with.empty() ? "'os'" : "'level'");
  }
}

TEST(Reusable, AnInputAnExpressionGivesTheWrongTypeFailsTheCallingJobOnly) {
  const std::string text = R"(on: push
jobs:
  call:
    uses: ./.github/workflows/build.yml
    with: {os: linux, level: "${{ github.ref_name }}"}
    secrets: inherit
  after:
    needs: call
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  other:
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto p = reusable_plan(text, reusable_options(reusable_files));
  ASSERT_EQ(p.jobs.size(), 3U);
  EXPECT_TRUE(p.runs);
  EXPECT_TRUE(p.startup_failure.empty()) << p.startup_failure;
  const pipewright::diagnostic* d = find_code(p, codes::trigger_input_invalid_value);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->path, "/jobs/call/uses");
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(r.job_results[0], status::failure);
  EXPECT_NE(r.job_reasons[0].find("level"), std::string::npos) << r.job_reasons[0];
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.job_results[2], status::success);
}

TEST(Reusable, ARemoteCallIsOneUndeterminedJobUnlessACopyIsGiven) {
  const std::string text = R"(on: push
jobs:
  lint:
    uses: octo-org/shared/.github/workflows/lint.yml@v1
  after:
    needs: lint
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto p = reusable_plan(text, reusable_options(reusable_files));
  ASSERT_EQ(p.jobs.size(), 2U);
  const pipewright::diagnostic* d = find_code(p, codes::schedule_call_not_expanded);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->level, pipewright::severity::note);
  EXPECT_EQ(d->path, "/jobs/lint/uses");
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(r.job_results[0], status::undetermined);
  EXPECT_EQ(r.job_waits[0], names{"octo-org/shared/.github/workflows/lint.yml@v1"});
  EXPECT_EQ(r.job_results[1], status::undetermined);
  EXPECT_DOUBLE_EQ(r.billed_minutes, 0.0);  // no leg made up

  // A local copy of the remote workflow is planned like a local one.
  call_files with_copy = reusable_files;
  with_copy["octo-org/shared/.github/workflows/lint.yml@v1"] =
      reusable_files.at("./.github/workflows/out.yml");
  const auto q = reusable_plan(text, reusable_options(with_copy));
  EXPECT_EQ(leg_names(q, "lint/pack"), names{"lint / pack"});
  EXPECT_EQ(pipewright::schedule::run_plan(q).job_results[1], status::success);
}

TEST(Reusable, WithoutCalledWorkflowsACallIsUndeterminedWithANote) {
  const auto p = reusable_plan(nested_caller, {});
  ASSERT_EQ(p.jobs.size(), 2U);
  ASSERT_NE(find_code(p, codes::schedule_call_not_expanded), nullptr);
  EXPECT_FALSE(p.jobs[0].call->expanded);
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(r.job_results[0], status::undetermined);
}

TEST(Reusable, AWorkflowWithoutWorkflowCallCannotBeCalled) {
  const auto p = reusable_plan(R"(on: push
jobs:
  a:
    uses: ./.github/workflows/not-callable.yml
)",
                               reusable_options(reusable_files));
  const pipewright::diagnostic* d = find_code(p, codes::model_called_workflow_invalid);
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d->message.find("no workflow_call trigger"), std::string::npos) << d->message;
  expect_startup_failure(p, "no workflow_call trigger");
}

TEST(Reusable, CallsNestAtMostTenLevelsOfWorkflows) {
  // The top workflow calls l1, l1 calls l2, … l10: l10 would be the 11th level.
  call_files chain;
  for (int i = 1; i <= 10; ++i) {
    std::string text =
        "on: workflow_call\njobs:\n  work:\n    runs-on: ubuntu-latest\n"
        "    steps: [{run: echo}]\n";
    if (i < 10) {
      text += "  next:\n    uses: ./.github/workflows/l" + std::to_string(i + 1) + ".yml\n";
    }
    chain["./.github/workflows/l" + std::to_string(i) + ".yml"] = text;
  }
  const auto p = reusable_plan(R"(on: push
jobs:
  top:
    uses: ./.github/workflows/l1.yml
)",
                               reusable_options(chain));
  std::uint32_t deepest = 0;
  for (const auto& j : p.jobs) deepest = std::max(deepest, j.level);
  EXPECT_EQ(deepest, 10U);
  std::size_t depth_errors = 0;
  for (const auto& d : p.diagnostics) {
    if (d.code != codes::model_call_depth_limit) continue;
    ++depth_errors;
    EXPECT_TRUE(d.is_error());
    EXPECT_EQ(d.path, "/jobs/top");  // anchored at the top job that leads to it
    ASSERT_FALSE(d.notes.empty());
    EXPECT_NE(d.notes.front().find("l9.yml"), std::string::npos) << d.notes.front();
  }
  EXPECT_EQ(depth_errors, 1U);
  expect_startup_failure(p, "deeper than 10 levels");

  // With GHES's limit of 4 levels, l4 is already too deep.
  auto o = reusable_options(chain);
  o.max_call_levels = 4;
  const auto q =
      reusable_plan("on: push\njobs:\n  top:\n    uses: ./.github/workflows/l1.yml\n", o);
  deepest = 0;
  for (const auto& j : q.jobs) deepest = std::max(deepest, j.level);
  EXPECT_EQ(deepest, 4U);
}

TEST(Reusable, ThePlanJsonShowsTheCallAndItsJobs) {
  const auto p = reusable_plan(nested_caller, reusable_options(reusable_files));
  const auto r = pipewright::schedule::run_plan(p);
  const auto json = pipewright::export_::plan_json(p, &r);
  EXPECT_EQ(json["schema"].as_string(), "pipewright.plan/1.4");
  const auto& jobs = json["jobs"].as_array();
  const auto& build = jobs[reusable_index(p, "build")];
  EXPECT_EQ(build["call"]["uses"].as_string(), "./.github/workflows/build.yml");
  EXPECT_TRUE(build["call"]["expanded"].as_bool());
  EXPECT_EQ(build["call"]["jobs"].as_array().size(), 4U);
  EXPECT_TRUE(build["called_by"].is_null());
  const auto& unit = jobs[reusable_index(p, "build/test/unit")];
  EXPECT_EQ(unit["called_by"].as_string(), "build/test");
  EXPECT_EQ(unit["legs"].as_array().size(), 2U);
  EXPECT_EQ(unit["legs"].as_array()[0]["status"].as_string(), "success");
}
