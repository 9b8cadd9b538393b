// The engine's function set beyond the plan: a static definition using a host function plans
// as the same workflow loaded at run time; a step `if:` evaluated by step_runtime calls the
// engine's functions; functions() that differ from the signatures are reported (PW0221).
#include <gtest/gtest.h>

#include <array>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/engine/engine.hpp"
#include "pipewright/schedule/step_runtime.hpp"
#include "pipewright/static_/static.hpp"

namespace {

namespace ps = pipewright::static_;

// newer('2', '10') compares two whole numbers; the set lists it for static_ too.
struct numeric_functions {
  static constexpr std::array<pipewright::expr::function_signature, 1> signatures{
      {{"newer", 2, 2}}};
  [[nodiscard]] std::vector<pipewright::expr::user_function> functions() const {
    return pipewright::expr::make_functions(signatures, [](std::span<const pipewright::value> a) {
      return pipewright::result<pipewright::value>::success(
          pipewright::value(pipewright::expr::to_number(a[0]) > pipewright::expr::to_number(a[1])),
          {});
    });
  }
};

struct numeric_policies : pipewright::engine::github_policies {
  using functions = numeric_functions;
};

constexpr auto numeric_def =
    ps::workflow{"numeric",
                 ps::host_functions{numeric_functions::signatures},
                 ps::on::push{},
                 ps::job{"a", ps::runs_on{"x"}, ps::step{ps::run{"echo"}}},
                 ps::job{"go", ps::needs{"a"}, ps::if_{"newer('10', '9')"}, ps::runs_on{"x"},
                         ps::step{ps::run{"echo"}}},
                 ps::job{"stay", ps::needs{"a"}, ps::if_{"NEWER('9', '10')"}, ps::runs_on{"x"},
                         ps::step{ps::run{"echo"}}}};

const char* const numeric_json = R"j({
  "on": "push",
  "jobs": {
    "a": {"runs-on": "x", "steps": [{"run": "echo"}]},
    "go": {"needs": "a", "if": "newer('10', '9')", "runs-on": "x", "steps": [{"run": "echo"}]},
    "stay": {"needs": "a", "if": "NEWER('9', '10')", "runs-on": "x", "steps": [{"run": "echo"}]}
  }
})j";

// Runs each leg's steps with step_runtime, recording the ids of the steps that ran.
struct step_recorder {
  std::vector<std::string>* ran = nullptr;
  void start(pipewright::schedule::leg_call call, std::stop_token /*stop*/,
             pipewright::schedule::leg_done done) {
    pipewright::schedule::step_runtime rt(call);
    while (auto cmd = rt.next()) {
      ran->push_back(cmd->id);
      rt.record(pipewright::schedule::step_result{});
    }
    done(rt.outcome(1));
  }
};

struct recording_policies : numeric_policies {
  using executor = step_recorder;
};

const char* const step_if_json = R"j({
  "on": "push",
  "jobs": {
    "a": {"runs-on": "x", "steps": [
      {"id": "yes", "if": "newer('3', '2')", "run": "echo"},
      {"id": "no", "if": "newer('2', '3')", "run": "echo"},
      {"id": "last", "run": "echo"}
    ]}
  }
})j";

// signatures and functions() that disagree: the engine says so.
struct drifting_functions {
  static constexpr std::array<pipewright::expr::function_signature, 1> signatures{
      {{"newer", 2, 2}}};
  [[nodiscard]] std::vector<pipewright::expr::user_function> functions() const {
    return {pipewright::expr::user_function{"newer", 1, 2, {}}};
  }
};
struct drifting_policies : pipewright::engine::github_policies {
  using functions = drifting_functions;
};

}  // namespace

TEST(EngineFunctions, AStaticDefinitionPlansAsTheWorkflowLoadedAtRunTime) {
  pipewright::engine::basic_engine<numeric_policies> e;
  auto from_static = ps::to_model(numeric_def, numeric_functions{}.functions());
  ASSERT_TRUE(from_static.ok()) << from_static.diagnostics().front().message;
  const pipewright::engine::loaded_workflow loaded = e.load(numeric_json);
  ASSERT_TRUE(loaded.ok()) << loaded.diagnostics.front().message;
  auto p1 = e.plan(*from_static);
  auto p2 = e.plan(loaded.workflow);
  ASSERT_TRUE(p1.ok());
  ASSERT_TRUE(p2.ok());
  const pipewright::schedule::run_result r1 = e.simulate(*p1);
  const pipewright::schedule::run_result r2 = e.simulate(*p2);
  ASSERT_EQ(r1.job_results.size(), 3U);
  EXPECT_EQ(r1.job_results[1], pipewright::schedule::status::success);  // go
  EXPECT_EQ(r1.job_results[2], pipewright::schedule::status::skipped);  // stay
  EXPECT_EQ(r1.job_results, r2.job_results);
  // The definition's declared functions (no callables) validate the same model.
  EXPECT_TRUE(ps::to_model(numeric_def).ok());
}

TEST(EngineFunctions, StepConditionsCallTheEnginesFunctions) {
  std::vector<std::string> ran;
  pipewright::engine::basic_engine<recording_policies> e(step_recorder{&ran});
  const pipewright::engine::loaded_workflow w = e.load(step_if_json);
  ASSERT_TRUE(w.ok()) << w.diagnostics.front().message;
  auto p = e.plan(w.workflow);
  ASSERT_TRUE(p.ok());
  const pipewright::schedule::run_result r = e.run(w.workflow, *p);
  EXPECT_EQ(r.job_results[0], pipewright::schedule::status::success);
  EXPECT_EQ(ran, (std::vector<std::string>{"yes", "last"}));
}

TEST(EngineFunctions, StepRuntimeOptionsGiveFunctionsToAPlanWithout) {
  // A plan made without the function set (pipewright run's way): its legs know no
  // functions, so the host passes them to the step runtime.
  pipewright::engine::basic_engine<numeric_policies> e;
  const pipewright::engine::loaded_workflow w = e.load(step_if_json);
  ASSERT_TRUE(w.ok());
  pipewright::schedule::plan_options po;
  po.functions = numeric_functions{}.functions();
  auto p = pipewright::schedule::make_plan(w.workflow, po);
  ASSERT_TRUE(p.ok());
  std::vector<std::string> with_plan;
  std::vector<std::string> with_options;
  std::vector<std::string> with_none;
  auto leg = [&](const pipewright::schedule::leg_call& call) {
    pipewright::schedule::step_runtime planned(call);
    while (auto c = planned.next()) {
      with_plan.push_back(c->id);
      planned.record({});
    }
    pipewright::schedule::leg_call bare = call;
    bare.functions = {};
    pipewright::schedule::step_runtime given(bare, {numeric_functions{}.functions()});
    while (auto c = given.next()) {
      with_options.push_back(c->id);
      given.record({});
    }
    pipewright::schedule::step_runtime none(bare);
    while (auto c = none.next()) {
      with_none.push_back(c->id);
      none.record({});
    }
    return pipewright::schedule::leg_outcome{};
  };
  (void)pipewright::schedule::execute(w.workflow, *p, leg);
  EXPECT_EQ(with_plan, (std::vector<std::string>{"yes", "last"}));
  EXPECT_EQ(with_options, with_plan);
  // Without functions, `newer(...)` cannot be compiled: those steps fail, and `last`
  // (success()) is skipped.
  EXPECT_TRUE(with_none.empty());
}

TEST(EngineFunctions, FunctionsThatDifferFromTheSignaturesAreReported) {
  pipewright::engine::basic_engine<drifting_policies> e;
  ASSERT_EQ(e.function_problems().size(), 1U);
  EXPECT_EQ(e.function_problems()[0].code, pipewright::codes::expr_function_set_mismatch);
  EXPECT_EQ(e.function_problems()[0].message,
            "Policies::functions: signatures[0] is newer(2..2 arguments) but functions()[0] is "
            "newer(1..2 arguments)");
  const pipewright::engine::loaded_workflow w = e.load(numeric_json);
  EXPECT_FALSE(w.ok());
  EXPECT_FALSE(e.plan(pipewright::model::workflow{}).ok());
  EXPECT_TRUE(pipewright::engine::basic_engine<numeric_policies>{}.function_problems().empty());
}
