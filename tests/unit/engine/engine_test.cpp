// basic_engine<Policies>: every policy of the bundle is reachable from a plan or a run, and
// GitHub's bundle gives what the free functions give. Workflows are JSON (a YAML subset) so
// that this stage needs no YAML adapter.
#include "pipewright/engine/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

using namespace pipewright;
using namespace pipewright::engine;

namespace {

// A host function: shout('go') == 'GO!'.
struct shouting_functions {
  [[nodiscard]] std::vector<expr::user_function> functions() const {
    expr::user_function f;
    f.name = "shout";
    f.min_args = 1;
    f.max_args = 1;
    f.call = [](std::span<const value> args) {
      std::string s = expr::to_string(args[0]);
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return result<value>::success(value(s + "!"), {});
    };
    return {f};
  }
};

struct shouting_policies : github_policies {
  using functions = shouting_functions;
};

const char* const shouting_workflow = R"j({
  "on": "push",
  "jobs": {
    "a": {"runs-on": "x", "steps": [{"run": "echo"}]},
    "loud": {"needs": "a", "if": "shout(github.ref_name) == 'MAIN!'", "runs-on": "x",
             "steps": [{"run": "echo"}]},
    "quiet": {"needs": "a", "if": "shout('x') == 'x'", "runs-on": "x",
              "steps": [{"run": "echo"}]}
  }
})j";

}  // namespace

TEST(Engine, GitHubPoliciesPlanSimulateAndRunAgree) {
  github_engine e;
  const loaded_workflow w = e.load(R"j({
    "on": "push",
    "jobs": {
      "build": {"runs-on": "ubuntu-latest", "strategy": {"matrix": {"n": [1, 2, 3]}},
                "steps": [{"run": "make"}]},
      "test": {"needs": "build", "runs-on": "ubuntu-latest", "steps": [{"run": "make test"}]},
      "notify": {"needs": "test", "if": "failure()", "runs-on": "ubuntu-latest",
                 "steps": [{"run": "echo"}]}
    }
  })j");
  ASSERT_TRUE(w.ok());
  schedule::plan_options o;
  o.outcomes = {{"build (2)", schedule::status::failure}};
  auto p = e.plan(w.workflow, o);
  ASSERT_TRUE(p.ok());
  const schedule::run_result sim = e.simulate(*p);
  const schedule::run_result run = e.run(w.workflow, *p);
  const schedule::run_result plain = schedule::run_plan(*p);
  EXPECT_EQ(sim.job_results, plain.job_results);
  EXPECT_EQ(run.job_results, plain.job_results);
  EXPECT_EQ(run.conclusion, schedule::status::failure);
  EXPECT_EQ(run.job_results[2], schedule::status::success);  // notify: failure()
}

TEST(Engine, HostFunctionsWorkInConditions) {
  basic_engine<shouting_policies> e;
  const loaded_workflow w = e.load(shouting_workflow);
  ASSERT_TRUE(w.ok()) << (w.diagnostics.empty() ? "" : w.diagnostics.front().message);
  auto p = e.plan(w.workflow);
  ASSERT_TRUE(p.ok());
  const schedule::run_result r = e.simulate(*p);
  EXPECT_EQ(r.job_results[1], schedule::status::success);  // loud
  EXPECT_EQ(r.job_results[2], schedule::status::skipped);  // quiet
  // Without the function set, the same workflow names an unknown function.
  github_engine plain;
  const loaded_workflow bad = plain.load(shouting_workflow);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.diagnostics.front().message.find("shout"), std::string::npos);
}

TEST(Engine, MatrixLimitAndEqualityComeFromTheBundle) {
  const char* text = R"j({"on": "push", "jobs": {"m": {"runs-on": "x",
    "strategy": {"matrix": {"a": ["0x10", "x"], "b": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,
      17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,
      46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,
      75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,
      103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,
      125,126,127,128,129,130], "exclude": [{"a": 16}]}},
    "steps": [{"run": "echo"}]}}})j";
  // GitHub: '0x10' == 16, so the exclude removes 130 legs: 130 remain (under 256).
  github_engine g;
  const loaded_workflow w = g.load(text);
  ASSERT_TRUE(w.ok());
  auto p = g.plan(w.workflow);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->jobs[0].legs.size(), 130U);
  // A strict equality keeps all 260, which GitHub's limit refuses...
  struct strict_equality {
    bool operator()(const value& a, const value& b) const {
      return a.is_number() && b.is_number()   ? a.as_number() == b.as_number()
             : a.is_string() && b.is_string() ? a.as_string() == b.as_string()
                                              : false;
    }
  };
  struct strict : github_policies {
    using equality = strict_equality;
  };
  basic_engine<strict> s;
  auto ps = s.plan(w.workflow);
  ASSERT_TRUE(ps.ok());
  EXPECT_FALSE(ps->jobs[0].matrix_error.empty());  // the job fails when it starts
  bool too_many = false;
  for (const diagnostic& d : ps->diagnostics) too_many = too_many || d.code == "PW0610";
  EXPECT_TRUE(too_many);
  // ...and a bundle with a larger limit accepts.
  struct strict_unlimited : strict {
    using limit = matrix::unlimited;
  };
  basic_engine<strict_unlimited> u;
  auto pu = u.plan(w.workflow);
  ASSERT_TRUE(pu.ok());
  EXPECT_EQ(pu->jobs[0].legs.size(), 260U);
}

TEST(Engine, SchedulerBillingAndObserverComeFromTheBundle) {
  const char* text = R"j({"on": "push", "jobs": {
    "short": {"runs-on": "solo", "steps": [{"run": "echo"}]},
    "long": {"runs-on": "solo", "steps": [{"run": "echo"}]},
    "after": {"needs": "long", "runs-on": "solo", "steps": [{"run": "echo"}]},
    "never": {"needs": "short", "if": "false", "runs-on": "solo", "steps": [{"run": "echo"}]}}})j";
  schedule::plan_options o;
  o.durations = {{"short", 60}, {"long", 600}, {"after", 60}};
  schedule::simulate_options so;
  so.pools = {{"solo", 1}};

  struct counting : schedule::observer {
    int ready = 0, started = 0, finished = 0, skipped = 0, cancelled = 0;
    void on_ready(const schedule::leg_run&) override { ++ready; }
    void on_start(const schedule::leg_run&) override { ++started; }
    void on_finish(const schedule::leg_run&) override { ++finished; }
    void on_skip(const schedule::leg_run&) override { ++skipped; }
    void on_cancel(const schedule::leg_run&) override { ++cancelled; }
  };
  struct triple {
    double multiplier(std::string_view) const { return 3; }
  };
  struct fifo_policies : github_policies {
    using scheduler = schedule::fifo;
    using billing = triple;
    using observer = counting;
  };
  github_engine cp;
  basic_engine<fifo_policies> ff;
  const loaded_workflow w = cp.load(text);
  ASSERT_TRUE(w.ok());
  auto p = cp.plan(w.workflow, o);
  ASSERT_TRUE(p.ok());
  const schedule::run_result a = cp.simulate(*p, so);
  const schedule::run_result b = ff.simulate(*p, so);
  // Critical path first runs `long` first (it has `after` behind it); FIFO runs `short`.
  EXPECT_EQ(a.legs[1].start, 0);
  EXPECT_EQ(b.legs[0].start, 0);
  EXPECT_EQ(b.legs[1].start, 60);
  EXPECT_EQ(a.billed_minutes, 12);
  EXPECT_EQ(b.billed_minutes, 36);
  EXPECT_EQ(ff.observer().ready, 3);
  EXPECT_EQ(ff.observer().started, 3);
  EXPECT_EQ(ff.observer().finished, 3);
  EXPECT_EQ(ff.observer().skipped, 1);
  EXPECT_EQ(ff.observer().cancelled, 0);
}

TEST(Engine, TheWorkspaceAnswersHashFilesAndReusableCalls) {
  struct files {
    [[nodiscard]] result<std::string> hash_files(std::span<const std::string> patterns,
                                                 bool) const {
      return result<std::string>::success(patterns.empty() ? "" : "abc123", {});
    }
    [[nodiscard]] std::optional<std::string> workflow_text(std::string_view uses) const {
      if (uses != "./.github/workflows/called.yml") return std::nullopt;
      return std::string(R"j({"on": {"workflow_call": {"inputs": {"version":
        {"type": "string", "required": true}}}}, "jobs": {"c": {"runs-on": "x",
        "steps": [{"run": "echo"}]}}})j");
    }
  };
  struct with_files : github_policies {
    using workspace = files;
  };
  basic_engine<with_files> e;
  // The call misses the required input: the workspace lets the engine read the callee.
  const loaded_workflow w = e.load(R"j({"on": "push", "jobs": {
    "call": {"uses": "./.github/workflows/called.yml"},
    "s": {"runs-on": "x", "steps": [
      {"if": "hashFiles('**/lock') == 'abc123'", "run": "echo hashed"},
      {"if": "hashFiles('**/lock') == ''", "run": "echo empty"}]}}})j");
  bool missing_input = false;
  for (const diagnostic& d : w.diagnostics) {
    missing_input = missing_input || d.message.find("version") != std::string::npos;
  }
  EXPECT_TRUE(missing_input);
  github_engine plain;
  const loaded_workflow unchecked = plain.load(R"j({"on": "push", "jobs": {
    "call": {"uses": "./.github/workflows/called.yml"}}})j");
  EXPECT_TRUE(unchecked.ok());  // no workspace: the call cannot be read, so not checked
  // GitHub rejects that workflow when it loads it: the run fails at start, no job runs.
  auto rejected = e.plan(w.workflow);
  ASSERT_TRUE(rejected.ok());
  EXPECT_FALSE(rejected->runs);
  EXPECT_NE(rejected->startup_failure.find("version"), std::string::npos)
      << rejected->startup_failure;
  // Given the input, it runs. hashFiles() in a step's if: is the workspace's.
  const loaded_workflow given = e.load(R"j({"on": "push", "jobs": {
    "call": {"uses": "./.github/workflows/called.yml", "with": {"version": "1"}},
    "s": {"runs-on": "x", "steps": [
      {"if": "hashFiles('**/lock') == 'abc123'", "run": "echo hashed"},
      {"if": "hashFiles('**/lock') == ''", "run": "echo empty"}]}}})j");
  EXPECT_TRUE(given.ok());
  auto p = e.plan(given.workflow);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->runs);
  const schedule::run_result r = e.simulate(*p);
  const schedule::leg_run* s = nullptr;
  for (const schedule::leg_run& l : r.legs) s = l.job == 1 ? &l : s;
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->steps.size(), 2U);
  EXPECT_EQ(s->steps[0].outcome, schedule::status::success);
  EXPECT_EQ(s->steps[1].outcome, schedule::status::skipped);
  // The plan reads the called workflow too: its job is the calling job's leg.
  ASSERT_EQ(p->jobs.size(), 3U);
  EXPECT_EQ(p->jobs[2].id, "call/c");
  EXPECT_EQ(p->jobs[2].called_by, 0U);
  EXPECT_TRUE(p->jobs[0].call && p->jobs[0].call->expanded);
  // Without a workspace the call is one undetermined job (PW0708).
  auto q = plain.plan(unchecked.workflow);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->jobs.size(), 1U);
  EXPECT_EQ(plain.simulate(*q).job_results[0], schedule::status::undetermined);
}
