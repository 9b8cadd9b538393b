// Three-valued planning: a job whose `if:` (or matrix) reads a value known only at run time
// is undetermined in a plan and a simulation, and an undetermined-condition policy decides it
// when asked. Expectations derived by hand from the workflow text and GitHub's rules
// (SEMANTICS: job status functions, needs, skipped jobs).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/callback.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

using pipewright::schedule::status;

// `changes` sets docs-only at run time; `test` is gated on it, and the others depend on
// `test` in GitHub's usual ways.
const char* const undetermined_gated_text = R"(on: [push, pull_request]
jobs:
  changes:
    runs-on: ubuntu-latest
    outputs:
      docs-only: ${{ steps.filter.outputs.docs }}
      mode: fast
    steps: [{id: filter, run: echo}]
  test:
    needs: changes
    if: needs.changes.outputs.docs-only == 'false'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  report:
    needs: test
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  notify:
    needs: test
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  on-failure:
    needs: test
    if: failure()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  pr-only:
    needs: changes
    if: github.event_name == 'pull_request' && needs.changes.outputs.docs-only == 'false'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  literal:
    needs: changes
    if: needs.changes.outputs.mode == 'fast'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  last:
    needs: report
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  release-only:
    needs: test
    if: github.ref == 'refs/heads/release'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";

pipewright::schedule::plan undetermined_plan(const char* text,
                                             pipewright::schedule::plan_options o = {}) {
  auto wf = pipewright::yaml::load_workflow(text);
  EXPECT_TRUE(wf.ok());
  if (!wf) return {};
  auto p = pipewright::schedule::make_plan(*wf, o);
  EXPECT_TRUE(p.ok());
  return p ? std::move(*p) : pipewright::schedule::plan{};
}

std::size_t undetermined_index(const pipewright::schedule::plan& p, std::string_view id) {
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    if (p.jobs[j].id == id) return j;
  }
  ADD_FAILURE() << "no job " << id;
  return 0;
}

struct undetermined_job {
  status result;
  std::vector<std::string> waits;
  std::string reason;
};

undetermined_job undetermined_at(const pipewright::schedule::plan& p,
                                 const pipewright::schedule::run_result& r, std::string_view id) {
  const std::size_t j = undetermined_index(p, id);
  return {r.job_results[j], r.job_waits[j], r.job_reasons[j]};
}

using strings = std::vector<std::string>;

}  // namespace

TEST(Undetermined, AnOutputsGatedJobWaitsForTheOutputAsWritten) {
  const auto p = undetermined_plan(undetermined_gated_text);
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(undetermined_at(p, r, "changes").result, status::success);
  const undetermined_job test = undetermined_at(p, r, "test");
  EXPECT_EQ(test.result, status::undetermined);
  EXPECT_EQ(test.waits, strings{"needs.changes.outputs.docs-only"});
  EXPECT_NE(test.reason.find("waits for needs.changes.outputs.docs-only"), std::string::npos)
      << test.reason;
  // Its legs neither run nor bill.
  for (const auto& l : r.legs) {
    if (l.job == undetermined_index(p, "test")) {
      EXPECT_EQ(l.result, status::undetermined);
      EXPECT_FALSE(l.ran());
    }
  }
  // A literal output is known before the run: decided.
  EXPECT_EQ(undetermined_at(p, r, "literal").result, status::success);
  EXPECT_TRUE(undetermined_at(p, r, "literal").waits.empty());
  // changes, literal, notify ran: 3 one-minute legs; the rest is not known.
  EXPECT_DOUBLE_EQ(r.billed_minutes, 3.0);
  EXPECT_EQ(r.conclusion, status::undetermined);
}

TEST(Undetermined, KnownPartsDecideAsGitHubsOperatorsDo) {
  // push: `github.event_name == 'pull_request' && …` is false whatever the output is.
  const auto p = undetermined_plan(undetermined_gated_text);
  const auto r = pipewright::schedule::run_plan(p);
  const undetermined_job pr_only = undetermined_at(p, r, "pr-only");
  EXPECT_EQ(pr_only.result, status::skipped);
  EXPECT_TRUE(pr_only.waits.empty());
  // pull_request: the output decides, so it is undetermined.
  pipewright::schedule::plan_options o;
  o.event = pipewright::trigger::pull_request_event("opened", "main");
  const auto pr = undetermined_plan(undetermined_gated_text, o);
  const auto rr = pipewright::schedule::run_plan(pr);
  EXPECT_EQ(undetermined_at(pr, rr, "pr-only").result, status::undetermined);
  EXPECT_EQ(undetermined_at(pr, rr, "pr-only").waits, strings{"needs.changes.outputs.docs-only"});
}

TEST(Undetermined, DependantsOfAnUndeterminedJobUnlessTheirConditionDecides) {
  const auto p = undetermined_plan(undetermined_gated_text);
  const auto r = pipewright::schedule::run_plan(p);
  // The default success() waits for the undetermined need, and so does the chain after it.
  const undetermined_job report = undetermined_at(p, r, "report");
  EXPECT_EQ(report.result, status::undetermined);
  EXPECT_EQ(report.waits, strings{"success()"});
  EXPECT_EQ(undetermined_at(p, r, "last").result, status::undetermined);
  // always() runs whatever the need does.
  EXPECT_EQ(undetermined_at(p, r, "notify").result, status::success);
  EXPECT_TRUE(undetermined_at(p, r, "notify").waits.empty());
  // The ref decides whatever `test` does; the reason blames no need.
  const undetermined_job release_only = undetermined_at(p, r, "release-only");
  EXPECT_EQ(release_only.result, status::skipped);
  EXPECT_TRUE(release_only.waits.empty());
  EXPECT_EQ(release_only.reason.find("needed job"), std::string::npos) << release_only.reason;
  // failure(): the need might run and fail, or be skipped.
  const undetermined_job on_failure = undetermined_at(p, r, "on-failure");
  EXPECT_EQ(on_failure.result, status::undetermined);
  EXPECT_EQ(on_failure.waits, strings{"failure()"});
}

TEST(Undetermined, AFailedNeedDecidesFailureAndSuccessDespiteAnUndeterminedOne) {
  const char* text = R"(on: push
jobs:
  changes:
    runs-on: ubuntu-latest
    outputs: {go: '${{ steps.s.outputs.go }}'}
    steps: [{id: s, run: echo}]
  gated:
    needs: changes
    if: needs.changes.outputs.go == 'yes'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  broken:
    runs-on: ubuntu-latest
    steps: [{run: exit 1}]
  after:
    needs: [gated, broken]
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  cleanup:
    needs: [gated, broken]
    if: failure()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  pipewright::schedule::plan_options o;
  o.outcomes = {{"broken", status::failure}};
  const auto p = undetermined_plan(text, o);
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(undetermined_at(p, r, "gated").result, status::undetermined);
  // `broken` failed: success() is false and failure() true, whatever `gated` does.
  EXPECT_EQ(undetermined_at(p, r, "after").result, status::skipped);
  EXPECT_NE(undetermined_at(p, r, "after").reason.find("'broken' failed"), std::string::npos)
      << undetermined_at(p, r, "after").reason;
  EXPECT_EQ(undetermined_at(p, r, "cleanup").result, status::success);
  EXPECT_EQ(r.conclusion, status::failure);
}

TEST(Undetermined, ThePolicyAssumesTheConditionTrueOrFalse) {
  const auto p = undetermined_plan(undetermined_gated_text);
  pipewright::schedule::simulate_options yes;
  yes.undetermined = pipewright::schedule::undetermined_policy::assume_true;
  const auto t = pipewright::schedule::run_plan(p, yes);
  EXPECT_EQ(undetermined_at(p, t, "test").result, status::success);
  EXPECT_EQ(undetermined_at(p, t, "test").waits, strings{"needs.changes.outputs.docs-only"});
  EXPECT_EQ(undetermined_at(p, t, "test").reason.rfind("assumed true: ", 0), 0U);
  EXPECT_EQ(undetermined_at(p, t, "report").result, status::success);
  EXPECT_EQ(undetermined_at(p, t, "last").result, status::success);
  EXPECT_EQ(undetermined_at(p, t, "on-failure").result, status::skipped);
  EXPECT_EQ(t.conclusion, status::success);

  pipewright::schedule::simulate_options no;
  no.undetermined = pipewright::schedule::undetermined_policy::assume_false;
  const auto f = pipewright::schedule::run_plan(p, no);
  EXPECT_EQ(undetermined_at(p, f, "test").result, status::skipped);
  EXPECT_EQ(undetermined_at(p, f, "test").reason.rfind("assumed false: ", 0), 0U);
  EXPECT_EQ(undetermined_at(p, f, "report").result, status::skipped);
  EXPECT_EQ(undetermined_at(p, f, "last").result, status::skipped);
  EXPECT_EQ(undetermined_at(p, f, "notify").result, status::success);
  EXPECT_EQ(undetermined_at(p, f, "on-failure").result, status::skipped);
  EXPECT_EQ(f.conclusion, status::success);
}

TEST(Undetermined, AForkGuardWaitsForTheRepositoryUntilOneIsGiven) {
  const char* text = R"(on: push
jobs:
  publish:
    if: github.repository == 'owner/repo'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  owner-guard:
    if: github.repository_owner == 'owner' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  tag-only:
    if: startsWith(github.ref, 'refs/tags/') && github.repository == 'owner/repo'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto p = undetermined_plan(text);
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(undetermined_at(p, r, "publish").result, status::undetermined);
  EXPECT_EQ(undetermined_at(p, r, "publish").waits, strings{"github.repository"});
  EXPECT_EQ(undetermined_at(p, r, "owner-guard").waits, strings{"github.repository_owner"});
  EXPECT_EQ(undetermined_at(p, r, "tag-only").result, status::skipped);  // not a tag: decided

  pipewright::schedule::plan_options o;
  o.repository = "owner/repo";
  const auto given = undetermined_plan(text, o);
  const auto rg = pipewright::schedule::run_plan(given);
  EXPECT_EQ(given.github["repository"].as_string(), "owner/repo");
  EXPECT_EQ(undetermined_at(given, rg, "publish").result, status::success);
  EXPECT_EQ(undetermined_at(given, rg, "owner-guard").result, status::success);
  o.repository = "someone/fork";
  const auto fork = undetermined_plan(text, o);
  const auto rf = pipewright::schedule::run_plan(fork);
  EXPECT_EQ(undetermined_at(fork, rf, "publish").result, status::skipped);
  EXPECT_EQ(undetermined_at(fork, rf, "owner-guard").result, status::skipped);
  // An event that names its repository (a payload's) decides too.
  pipewright::schedule::plan_options e;
  e.event.repository.full_name = "owner/repo";
  const auto named = undetermined_plan(text, e);
  EXPECT_EQ(undetermined_at(named, pipewright::schedule::run_plan(named), "publish").result,
            status::success);
}

TEST(Undetermined, VarsNotGivenAreUnknownGivenVarsDecide) {
  const char* text = R"(on: push
jobs:
  deploy:
    if: vars.DEPLOY == 'true'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto p = undetermined_plan(text);
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(undetermined_at(p, r, "deploy").result, status::undetermined);
  EXPECT_EQ(undetermined_at(p, r, "deploy").waits, strings{"vars.DEPLOY"});
  pipewright::schedule::plan_options o;
  o.vars = pipewright::value::make_object({{"DEPLOY", pipewright::value("true")}});
  const auto given = undetermined_plan(text, o);
  EXPECT_EQ(undetermined_at(given, pipewright::schedule::run_plan(given), "deploy").result,
            status::success);
}

TEST(Undetermined, ASkippedNeedsOutputsAreKnownToBeEmpty) {
  const char* text = R"(on: push
jobs:
  changes:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    outputs: {docs: '${{ steps.s.outputs.docs }}'}
    steps: [{id: s, run: echo}]
  build:
    needs: changes
    if: always() && needs.changes.outputs.docs != 'true'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto p = undetermined_plan(text);
  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(undetermined_at(p, r, "changes").result, status::skipped);
  EXPECT_EQ(undetermined_at(p, r, "build").result, status::success);
}

TEST(Undetermined, AnExecutedRunSeesTheRealOutputs) {
  auto wf = pipewright::yaml::load_workflow(undetermined_gated_text);
  ASSERT_TRUE(wf.ok());
  auto p = pipewright::schedule::make_plan(*wf);
  ASSERT_TRUE(p.ok());
  for (const char* docs_only : {"false", "true"}) {
    std::vector<std::string> ran;
    auto runner = [&](const pipewright::schedule::leg_call& c) {
      ran.push_back(c.job);
      pipewright::schedule::leg_outcome o;
      if (c.job == "changes") o.outputs = {{"docs-only", docs_only}};
      return o;
    };
    const auto r = pipewright::schedule::execute(*wf, *p, runner);
    const bool gated = std::string(docs_only) == "false";
    EXPECT_EQ(undetermined_at(*p, r, "test").result, gated ? status::success : status::skipped);
    EXPECT_EQ(undetermined_at(*p, r, "report").result, gated ? status::success : status::skipped);
    EXPECT_EQ(undetermined_at(*p, r, "on-failure").result, status::skipped);
    for (const status s : r.job_results) EXPECT_NE(s, status::undetermined);
    for (const auto& w : r.job_waits) EXPECT_TRUE(w.empty());
    EXPECT_EQ(r.conclusion, status::success);
  }
}

TEST(Undetermined, APendingMatrixIsNeverAFakeLegAndItsCountIsKnownWhenIncludeOnly) {
  const char* text = R"(on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs: {os: '${{ steps.s.outputs.os }}', m: '${{ steps.s.outputs.m }}'}
    steps: [{id: s, run: echo}]
  listed:
    needs: setup
    name: Test ${{ matrix.os }}
    strategy:
      matrix:
        include:
          - os: ${{ needs.setup.outputs.os }}
          - os: windows-latest
          - os: macos-latest
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  dynamic:
    needs: setup
    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.m) }}
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto p = undetermined_plan(text);
  const std::size_t listed = undetermined_index(p, "listed");
  const std::size_t dynamic = undetermined_index(p, "dynamic");
  ASSERT_TRUE(p.jobs[listed].matrix_pending);
  ASSERT_TRUE(p.jobs[listed].pending_legs.has_value());
  EXPECT_EQ(*p.jobs[listed].pending_legs, 3U);
  EXPECT_EQ(p.jobs[listed].matrix_waits, strings{"needs.setup.outputs.os"});
  ASSERT_TRUE(p.jobs[dynamic].matrix_pending);
  EXPECT_FALSE(p.jobs[dynamic].pending_legs.has_value());
  EXPECT_EQ(p.jobs[dynamic].matrix_waits, strings{"needs.setup.outputs.m"});

  const auto r = pipewright::schedule::run_plan(p);
  EXPECT_EQ(r.job_results[listed], status::undetermined);
  EXPECT_EQ(r.job_waits[listed], strings{"needs.setup.outputs.os"});
  EXPECT_EQ(r.job_results[dynamic], status::undetermined);
  // Only setup ran and billed.
  EXPECT_DOUBLE_EQ(r.billed_minutes, 1.0);
  // A condition and a matrix that both wait: both are listed.
  const char* both_text = R"(on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs: {go: '${{ steps.s.outputs.go }}', m: '${{ steps.s.outputs.m }}'}
    steps: [{id: s, run: echo}]
  gated:
    needs: setup
    if: needs.setup.outputs.go == 'yes'
    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.m) }}
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";
  const auto pb = undetermined_plan(both_text);
  const auto rb = pipewright::schedule::run_plan(pb);
  EXPECT_EQ(undetermined_at(pb, rb, "gated").waits,
            (strings{"needs.setup.outputs.go", "needs.setup.outputs.m"}));
  // Even when undetermined conditions are assumed true, the legs stay unknown.
  pipewright::schedule::simulate_options yes;
  yes.undetermined = pipewright::schedule::undetermined_policy::assume_true;
  EXPECT_EQ(pipewright::schedule::run_plan(p, yes).job_results[listed], status::undetermined);

  const pipewright::value j = pipewright::export_::plan_json(p, &r);
  EXPECT_EQ(j["schema"].as_string(), "pipewright.plan/1.4");
  const pipewright::value& jl = j["jobs"][listed];
  EXPECT_EQ(jl["status"].as_string(), "undetermined");
  EXPECT_EQ(jl["matrix"]["legs"].as_number(), 3.0);
  EXPECT_TRUE(jl["legs"].as_array().empty());  // no placeholder named "Test "
  EXPECT_EQ(jl["waits_for"][0].as_string(), "needs.setup.outputs.os");
  EXPECT_TRUE(j["jobs"][dynamic]["matrix"]["legs"].is_null());
  EXPECT_TRUE(j["jobs"][undetermined_index(p, "setup")]["waits_for"].as_array().empty());
}

TEST(Undetermined, GraphsMarkUndeterminedJobs) {
  const auto p = undetermined_plan(undetermined_gated_text);
  const auto r = pipewright::schedule::run_plan(p);
  const std::string dot = pipewright::export_::plan_dot(p, &r);
  const std::string test_node = "j" + std::to_string(undetermined_index(p, "test"));
  EXPECT_NE(
      dot.find(test_node + " [label=\"test\", style=\"rounded,dotted\", xlabel=\"undetermined\"]"),
      std::string::npos)
      << dot;
  const std::string mermaid = pipewright::export_::plan_mermaid(p, &r);
  EXPECT_NE(mermaid.find("class " + test_node + ","), std::string::npos) << mermaid;
  EXPECT_NE(mermaid.find(" undetermined\n"), std::string::npos) << mermaid;
  const pipewright::value graph = pipewright::export_::plan_graph_json(p, &r);
  const pipewright::value& node = graph["nodes"][undetermined_index(p, "test")];
  EXPECT_TRUE(node["undetermined"].as_bool());
  EXPECT_FALSE(node["skipped"].as_bool());
  EXPECT_FALSE(graph["nodes"][undetermined_index(p, "notify")]["undetermined"].as_bool());
}

TEST(Undetermined, MonteCarloCountsUndeterminedJobsApart) {
  const auto p = undetermined_plan(undetermined_gated_text);
  // `changes` always fails: everything after it is decided (skipped), except always().
  std::vector<double> failing(p.jobs.size(), 0.0);
  const auto m0 = pipewright::schedule::monte_carlo(p.specs, failing, 4, 1);
  const std::size_t test = undetermined_index(p, "test");
  EXPECT_DOUBLE_EQ(m0.job_undetermined_rate[test], 1.0);
  EXPECT_DOUBLE_EQ(m0.job_skip_rate[test], 0.0);
  EXPECT_DOUBLE_EQ(m0.job_failure_rate[test], 0.0);
  failing[undetermined_index(p, "changes")] = 1.0;
  const auto m1 = pipewright::schedule::monte_carlo(p.specs, failing, 4, 1);
  EXPECT_DOUBLE_EQ(m1.job_undetermined_rate[test], 0.0);
  EXPECT_DOUBLE_EQ(m1.job_skip_rate[test], 1.0);
  EXPECT_DOUBLE_EQ(m1.job_undetermined_rate[undetermined_index(p, "notify")], 0.0);
}
