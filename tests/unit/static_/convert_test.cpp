// Tests of include/pipewright/static_/convert.hpp (and the runtime side of workflow.hpp):
// static definitions against the runtime model, matrix, plan and YAML loader.
#include "pipewright/static_/convert.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/static_/expression.hpp"
#include "pipewright/static_/static.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

namespace st = pipewright::static_;
namespace model = pipewright::model;
using pipewright::value;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_same(const std::optional<model::template_value>& a,
                 const std::optional<model::template_value>& b, const std::string& what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (a) {
    EXPECT_EQ(a->raw, b->raw) << what;
    EXPECT_EQ(a->is_expression(), b->is_expression()) << what;
  }
}

void expect_same(const model::template_map& a, const model::template_map& b,
                 const std::string& what) {
  ASSERT_EQ(a.entries.size(), b.entries.size()) << what;
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    EXPECT_EQ(a.entries[i].name.text, b.entries[i].name.text) << what;
    EXPECT_EQ(a.entries[i].value.raw, b.entries[i].value.raw)
        << what << " " << a.entries[i].name.text;
    EXPECT_EQ(a.entries[i].value.is_expression(), b.entries[i].value.is_expression()) << what;
  }
}

void expect_same(const model::step& a, const model::step& b, const std::string& what) {
  EXPECT_EQ(a.id, b.id) << what;
  EXPECT_EQ(a.generated_id, b.generated_id) << what;
  expect_same(a.name, b.name, what + " name");
  ASSERT_EQ(a.uses.has_value(), b.uses.has_value()) << what;
  if (a.uses) {
    EXPECT_EQ(a.uses->text, b.uses->text) << what;
  }
  expect_same(a.run, b.run, what + " run");
  expect_same(a.shell, b.shell, what + " shell");
  expect_same(a.working_directory, b.working_directory, what + " working-directory");
  expect_same(a.env, b.env, what + " env");
  expect_same(a.with, b.with, what + " with");
  EXPECT_EQ(a.condition.text, b.condition.text) << what;
  EXPECT_EQ(a.condition.written, b.condition.written) << what;
  expect_same(a.continue_on_error, b.continue_on_error, what + " continue-on-error");
  expect_same(a.timeout_minutes, b.timeout_minutes, what + " timeout-minutes");
}

/// Field-by-field equality of two workflows, spans aside.
void expect_same(const model::workflow& a, const model::workflow& b) {
  expect_same(a.name, b.name, "name");
  EXPECT_EQ(a.on, b.on);
  expect_same(a.env, b.env, "env");
  ASSERT_EQ(a.jobs.size(), b.jobs.size());
  for (std::size_t j = 0; j < a.jobs.size(); ++j) {
    const model::job& x = a.jobs[j];
    const model::job& y = b.jobs[j];
    const std::string what = "job " + x.id;
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.kind, y.kind) << what;
    expect_same(x.name, y.name, what + " name");
    EXPECT_EQ(x.needs, y.needs) << what;
    EXPECT_EQ(x.condition.text, y.condition.text) << what;
    ASSERT_EQ(x.runs_on.has_value(), y.runs_on.has_value()) << what;
    if (x.runs_on) {
      ASSERT_EQ(x.runs_on->labels.size(), y.runs_on->labels.size()) << what;
      for (std::size_t k = 0; k < x.runs_on->labels.size(); ++k) {
        EXPECT_EQ(x.runs_on->labels[k].raw, y.runs_on->labels[k].raw) << what;
      }
      expect_same(x.runs_on->expression, y.runs_on->expression, what + " runs-on");
    }
    ASSERT_EQ(x.strategy.has_value(), y.strategy.has_value()) << what;
    if (x.strategy) {
      EXPECT_EQ(x.strategy->matrix, y.strategy->matrix) << what;
      expect_same(x.strategy->fail_fast, y.strategy->fail_fast, what + " fail-fast");
      expect_same(x.strategy->max_parallel, y.strategy->max_parallel, what + " max-parallel");
    }
    ASSERT_EQ(x.environment.has_value(), y.environment.has_value()) << what;
    if (x.environment) {
      EXPECT_EQ(x.environment->name.raw, y.environment->name.raw) << what;
      expect_same(x.environment->url, y.environment->url, what + " url");
    }
    ASSERT_EQ(x.permissions.has_value(), y.permissions.has_value()) << what;
    if (x.permissions) {
      EXPECT_EQ(x.permissions->scopes, y.permissions->scopes) << what;
    }
    ASSERT_EQ(x.services.size(), y.services.size()) << what;
    for (std::size_t k = 0; k < x.services.size(); ++k) {
      EXPECT_EQ(x.services[k].id, y.services[k].id) << what;
      EXPECT_EQ(x.services[k].raw, y.services[k].raw) << what;
    }
    expect_same(x.env, y.env, what + " env");
    expect_same(x.outputs, y.outputs, what + " outputs");
    expect_same(x.with, y.with, what + " with");
    ASSERT_EQ(x.uses.has_value(), y.uses.has_value()) << what;
    if (x.uses) {
      EXPECT_EQ(x.uses->text, y.uses->text) << what;
    }
    expect_same(x.timeout_minutes, y.timeout_minutes, what + " timeout-minutes");
    expect_same(x.continue_on_error, y.continue_on_error, what + " continue-on-error");
    ASSERT_EQ(x.steps.size(), y.steps.size()) << what;
    for (std::size_t k = 0; k < x.steps.size(); ++k) {
      expect_same(x.steps[k], y.steps[k], what + " step " + std::to_string(k));
    }
  }
}

using namespace pipewright::static_;

constexpr auto ci = workflow{
    "CI: build & test",
    on::push{"main", "release/**"},
    on::pull_request{},
    on::workflow_dispatch{},
    on::schedule{"0 3 * * 1"},
    env({{"PYTHON_VERSION", "3.11"}, {"RETRIES", 3}, {"VERBOSE", true}, {"yes", "no"}}),
    job{"build", name{"Build (${{ matrix.os }})"}, runs_on{"${{ matrix.os }}"},
        matrix{axis{"os", {"ubuntu-latest", "windows-latest"}}, axis{"debug", {true, false}},
               include({{"os", "ubuntu-latest"}, {"coverage", true}}),
               exclude({{"os", "windows-latest"}, {"debug", true}})},
        fail_fast{false}, max_parallel{2}, timeout_minutes{30},
        outputs({{"version", "${{ steps.v.outputs.version }}"}}), step{uses{"actions/checkout@v4"}},
        step{id{"v"}, name{"Version: read it"}, shell{"bash"}, working_directory{"./src"},
             run{"echo \"version=1.0\" >> \"$GITHUB_OUTPUT\"\n# a comment: not YAML\n"}},
        step{uses{"actions/setup-python@v5"}, with({{"python-version", "${{ env.PYTHON_VERSION }}"},
                                                    {"cache", "pip"},
                                                    {"retries", 2}})},
        step{if_{"${{ failure() }}"}, run{"  indented first line\nsecond\n\n"}, continue_on_error{},
             timeout_minutes{5}, env({{"MESSAGE", "it's: \"quoted\" # not a comment"}})}},
    job{"test", needs{"build"}, runs_on{"ubuntu-latest", "self-hosted"},
        if_{"github.event_name != 'schedule'"}, continue_on_error{false},
        permissions({{"contents", "read"}, {"checks", "write"}}),
        service{"redis", "redis:7", ports{"6379:6379"}, env({{"REDIS_ARGS", "--save ''"}})},
        env({{"TOKEN", "${{ secrets.TOKEN }}"}}), step{run{"make test"}}},
    job{"deploy", needs{"test"}, if_{"github.ref == 'refs/heads/main'"}, runs_on{"ubuntu-latest"},
        environment{"production", "https://example.org/${{ github.sha }}"},
        step{run{"make deploy"}}},
    job{"notify", needs{"deploy"}, uses{"octo/workflows/.github/workflows/notify.yml@v2"},
        with({{"channel", "#ci"}, {"count", 1}})}};

TEST(StaticConvert, ToModelReadsWithoutDiagnostics) {
  auto m = st::to_model(ci);
  ASSERT_TRUE(m) << (m.diagnostics().empty() ? "" : m.diagnostics().front().message);
  EXPECT_TRUE(m.diagnostics().empty());
  ASSERT_EQ(m->jobs.size(), 4u);
  EXPECT_EQ(m->jobs[0].steps[1].id, "v");
  EXPECT_EQ(m->jobs[0].steps[0].id, "__actions_checkout");
  EXPECT_EQ(m->jobs[2].condition.text, "success() && (github.ref == 'refs/heads/main')");
  EXPECT_EQ(m->jobs[3].kind, model::job_kind::reusable_call);
  EXPECT_TRUE(m->jobs[1].env.find("TOKEN")->is_expression());
}

TEST(StaticConvert, YamlLoadsBackToAnEqualModel) {
  auto direct = st::to_model(ci);
  ASSERT_TRUE(direct);
  const std::string yaml = st::to_yaml(ci);
  auto loaded = pipewright::yaml::load_workflow(yaml);
  ASSERT_TRUE(loaded) << yaml << "\n" << loaded.diagnostics().front().message;
  expect_same(*direct, *loaded);
}

TEST(StaticConvert, YamlQuotesWhatWouldChangeMeaning) {
  const std::string yaml = st::to_yaml(ci);
  EXPECT_NE(yaml.find("name: \"CI: build & test\"\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("PYTHON_VERSION: \"3.11\"\n"), std::string::npos);  // not the number 3.11
  EXPECT_NE(yaml.find("\"yes\": \"no\"\n"), std::string::npos);           // not Booleans
  EXPECT_NE(yaml.find("RETRIES: 3\n"), std::string::npos);
  EXPECT_NE(yaml.find("    - \"6379:6379\"\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("\non:\n  push:\n    branches:\n      - main\n"), std::string::npos);
  EXPECT_NE(yaml.find("  pull_request:\n  workflow_dispatch:\n"), std::string::npos);
  // A multi-line script is a literal block; one with a leading space is quoted.
  EXPECT_NE(yaml.find("run: |\n          echo \"version=1.0\""), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("run: \"  indented first line\\nsecond\\n\\n\""), std::string::npos);
}

TEST(StaticConvert, YamlIsDeterministic) {
  EXPECT_EQ(st::to_yaml(ci), st::to_yaml(ci));
}

TEST(StaticConvert, ToValueMatchesTheYamlValueTree) {
  const value v = st::to_value(ci);
  EXPECT_EQ(v.as_object().size(), 4u);  // name, on, env, jobs
  const value* jobs = v.as_object().find("jobs");
  ASSERT_NE(jobs, nullptr);
  EXPECT_EQ(jobs->as_object().size(), 4u);
}

TEST(StaticConvert, MatrixLegsAgreeWithTheRuntimeMatrixStage) {
  constexpr auto m = basic_workflow{
      "m",
      job{"a", runs_on{"x"},
          matrix{axis{"os", {"ubuntu", "windows", "macos"}}, axis{"v", {1, 2, 3}},
                 exclude({{"os", "windows"}}), exclude({{"os", "macos"}, {"v", "2"}}),
                 include({{"os", "ubuntu"}, {"extra", true}}), include({{"os", "bsd"}}),
                 include({{"v", 3}, {"os", "MACOS"}})},
          step{run{"a"}}},
      job{"b", runs_on{"x"}, matrix{include({{"k", 1}}), include({{"k", 2}}), include({{"k", 3}})},
          step{run{"b"}}},
      job{"c", runs_on{"x"}, matrix{axis{"b", {true, false}}, exclude({{"b", 1}})}, step{run{"c"}}},
      job{"d", runs_on{"x"},
          matrix{axis{"n", {1, 2, 3, 4, 5, 6, 7, 8}}, axis{"m", {"1", "2", "3"}},
                 exclude({{"n", "3"}}), exclude({{"m", 2}, {"n", 8}}),
                 include({{"m", "2"}, {"x", 1}}), include({{"n", 9}, {"m", 9}})},
          step{run{"d"}}}};
  auto model = st::to_model(m);
  ASSERT_TRUE(model);
  for (std::size_t j = 0; j < model->jobs.size(); ++j) {
    const model::job& job = model->jobs[j];
    auto space = pipewright::matrix::compile(job.strategy->matrix);
    ASSERT_TRUE(space) << job.id;
    EXPECT_EQ(m.legs(job.id), space->count()) << job.id;
  }
  EXPECT_EQ(st::max_matrix_legs, pipewright::matrix::github_max_legs);
}

TEST(StaticConvert, WavesAndLegsAgreeWithThePlan) {
  auto m = st::to_model(ci);
  ASSERT_TRUE(m);
  pipewright::schedule::plan_options options;
  auto p = pipewright::schedule::make_plan(*m, options);
  ASSERT_TRUE(p);
  constexpr auto w = ci.waves();
  ASSERT_EQ(p->waves.size(), w.size());
  for (std::size_t k = 0; k < w.size(); ++k) {
    ASSERT_EQ(p->waves[k].size(), w[k].size());
    for (std::size_t i = 0; i < w[k].size(); ++i) EXPECT_EQ(p->waves[k][i], w[k][i]);
  }
  for (std::size_t j = 0; j < p->jobs.size(); ++j) {
    EXPECT_EQ(p->jobs[j].legs.size(), ci.legs(p->jobs[j].id)) << p->jobs[j].id;
  }
}

TEST(StaticValidate, DiagnosticsCarryCodePathMessageAndColumn) {
  constexpr auto bad =
      basic_workflow{"bad", on::push{}, job{"a", needs{"b"}, runs_on{"x"}, step{run{"x"}}},
                     job{"b", needs{"a"}, runs_on{"x"}, step{if_{"github.ref =="}, run{"x"}}},
                     job{"c", needs{"zzz"}, runs_on{"x"}, matrix{axis{"os"}}, step{run{"x"}}}};
  constexpr st::report r = st::validate(bad);
  const auto diags = st::to_diagnostics(bad, r);
  ASSERT_EQ(diags.size(), 4u);
  EXPECT_EQ(diags[0].code, "PW0701");
  EXPECT_EQ(diags[0].path, "/jobs/c/needs");
  EXPECT_EQ(diags[0].message, "Job 'c' depends on unknown job 'zzz'");
  EXPECT_EQ(diags[1].code, "PW0702");
  EXPECT_EQ(diags[1].message, "The needs of these jobs form a cycle: a -> b -> a");
  EXPECT_EQ(diags[2].code, "PW0202");
  EXPECT_EQ(diags[2].path, "/jobs/b/steps/0/if");
  EXPECT_EQ(diags[2].message, "An expression does not parse, at column 12: github.ref ==");
  EXPECT_EQ(diags[2].span.begin, 11u);
  EXPECT_EQ(diags[3].code, "PW0603");
  EXPECT_EQ(diags[3].path, "/jobs/c/strategy/matrix/os");
}

TEST(StaticValidate, JobIdsFollowTheModelReader) {
  constexpr std::string_view ids[] = {"build", "_x", "a-b_c9", "9a",  "-a",
                                      "a.b",   "",   "__x",    "a b", "Über"};
  for (std::string_view id : ids) {
    EXPECT_EQ(pipewright::semantics::valid_id(id), model::detail::id_problem(id).empty()) << id;
  }
  const std::string long_id(100, 'a');
  EXPECT_EQ(pipewright::semantics::valid_id(long_id), model::detail::id_problem(long_id).empty());
  EXPECT_EQ(pipewright::semantics::valid_id(long_id.substr(1)),
            model::detail::id_problem(long_id.substr(1)).empty());
}

TEST(StaticValidate, EveryCodeIsRegistered) {
  for (int k = 0; k <= static_cast<int>(st::problem_kind::too_many_problems); ++k) {
    const std::string_view code = st::code_of(static_cast<st::problem_kind>(k));
    bool found = false;
    for (const auto& c : pipewright::codes::all) found = found || c.code == code;
    EXPECT_TRUE(found) << code;
  }
}

TEST(StaticExpr, ConvertsToARuntimeExpressionThatEvaluates) {
  pipewright::expr::expression e = st::expr<"github.ref == 'refs/heads/main'">;
  auto github = value::make_object({{"ref", value("refs/heads/main")}});
  auto r = e.evaluate(value::make_object({{"github", github}}));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, value(true));
  auto keyed = st::expr<"matrix.os", "jobs.<id>.runs-on">.compile();
  ASSERT_TRUE(keyed);
  auto os = keyed->evaluate(
      value::make_object({{"matrix", value::make_object({{"os", value("ubuntu")}})}}));
  ASSERT_TRUE(os);
  EXPECT_EQ(*os, value("ubuntu"));
}

TEST(StaticExample, RagliteYamlLoadsToTheSeedWorkflow) {
  // The example's output (checked against the program by example.static_pipeline) read
  // back, against the seed workflow it was written from.
  const std::string emitted =
      read_file(std::string(PIPEWRIGHT_SOURCE_DIR) + "/examples/static_pipeline.expected");
  const std::string seed =
      read_file(std::string(PIPEWRIGHT_TEST_DATA_DIR) + "/static_/raglite-ci.yml");
  ASSERT_FALSE(emitted.empty());
  ASSERT_FALSE(seed.empty());
  auto a = pipewright::yaml::load_workflow(emitted);
  auto b = pipewright::yaml::load_workflow(seed);
  ASSERT_TRUE(a) << a.diagnostics().front().message;
  ASSERT_TRUE(b);
  expect_same(*a, *b);
  // 16 legs run on a push to main: every job but llm-cost-tracking (pull requests only).
  auto p = pipewright::schedule::make_plan(*a);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->waves.size(), 6u);
  const auto run = pipewright::schedule::simulate(p->specs);
  std::size_t ran = 0;
  for (const auto& leg : run.legs) ran += leg.result != pipewright::schedule::status::skipped;
  EXPECT_EQ(ran, 16u);
}

}  // namespace
