// Tests of include/pipewright/model/action.hpp (read through yaml/action.hpp) and
// include/pipewright/check/actions.hpp: action metadata read with the runner's schema and
// rules, steps that use a local action checked against it, and the outputs of such steps
// closed in the semantic checks (check/contexts.hpp). Data: actionlint's local-action
// projects in tests/data/corpus (tests/data/corpus/README.md gives their provenance).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/actions.hpp"
#include "pipewright/check/contexts.hpp"
#include "pipewright/host/workspace.hpp"
#include "pipewright/render.hpp"
#include "pipewright/yaml/action.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

namespace {

namespace pw = pipewright;

/// "line:column code" per diagnostic of `text`.
std::vector<std::string> action_placed(const std::vector<pw::diagnostic>& diags,
                                       std::string_view text) {
  std::vector<std::string> out;
  for (const auto& d : diags) {
    const auto lc = d.span.known() ? pw::locate(text, d.span.begin) : pw::line_col{};
    out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + d.code);
  }
  return out;
}

/// Local actions from texts by `uses` (`./a` → its action.yml text).
class fake_actions {
 public:
  using texts_by_uses = std::map<std::string, std::string>;
  explicit fake_actions(texts_by_uses texts)
      : actions_(std::make_shared<pw::yaml::local_actions>(
            [t = std::move(texts)](std::string_view uses) -> std::optional<std::string> {
              auto it = t.find(std::string(uses));
              if (it == t.end()) return std::nullopt;
              return it->second;
            })) {}
  [[nodiscard]] pw::model::action_lookup lookup() const { return actions_->lookup(); }

 private:
  std::shared_ptr<pw::yaml::local_actions> actions_;
};

/// The local-action checks and the semantic checks of workflow `text`.
std::vector<pw::diagnostic> step_findings(std::string_view text, const fake_actions& actions) {
  auto report = pw::yaml::load_workflow_report(text);
  std::vector<pw::diagnostic> out = pw::check::action_steps(report.workflow, actions.lookup());
  if (auto doc = pw::yaml::load(text, pw::yaml::workflow_load_options())) {
    for (auto& d : pw::lint::check_contexts(*doc, text, report.workflow, actions.lookup())) {
      out.push_back(std::move(d));
    }
  }
  return out;
}

/// A workflow's start up to job a's steps (5 lines).
const char* const job_a =
    "on: push\n"
    "jobs:\n"
    "  a:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n";

const char* const composite_action =
    "name: Greet\n"
    "inputs:\n"
    "  who:\n"
    "    required: true\n"
    "  Greeting:\n"
    "    default: Hello\n"
    "  old-style:\n"
    "    deprecationMessage: use greeting\n"
    "  token:\n"
    "    required: true\n"
    "    default: ${{ github.token }}\n"
    "outputs:\n"
    "  said:\n"
    "    value: ${{ steps.say.outputs.text }}\n"
    "runs:\n"
    "  using: composite\n"
    "  steps:\n"
    "    - id: say\n"
    "      if: ${{ always() && inputs.who != '' }}\n"
    "      shell: bash\n"
    "      run: echo \"text=${{ inputs.greeting }} ${{ inputs.who }}\" >> $GITHUB_OUTPUT\n"
    "      env:\n"
    "        KEY: ${{ hashFiles('x') }}-${{ runner.os }}-${{ job.status }}\n"
    "    - uses: actions/checkout@v4\n"
    "      with:\n"
    "        ref: ${{ steps.say.outputs.text }}\n";

}  // namespace

TEST(ActionMetadata, ReadsACompositeActionWithItsInputsOutputsAndSteps) {
  const auto r = pw::yaml::load_action_report(composite_action);
  EXPECT_TRUE(r.diagnostics.empty()) << action_placed(r.diagnostics, composite_action).front();
  const pw::model::action& a = r.action;
  ASSERT_EQ(a.inputs.size(), 4u);
  EXPECT_TRUE(a.inputs[0].required);
  EXPECT_FALSE(a.inputs[0].default_value.has_value());
  EXPECT_EQ(a.inputs[1].name.text, "Greeting");  // as written
  ASSERT_TRUE(a.inputs[1].default_value.has_value());
  EXPECT_EQ(a.inputs[1].default_value->text(), "Hello");
  EXPECT_EQ(a.inputs[2].deprecation_message.value_or(""), "use greeting");
  EXPECT_TRUE(a.inputs[3].default_value && a.inputs[3].default_value->is_expression());
  EXPECT_EQ(a.find_input("GREETING"), &a.inputs[1]);  // names compare ignoring case
  EXPECT_EQ(a.find_input("greetings"), nullptr);
  ASSERT_EQ(a.outputs.size(), 1u);
  EXPECT_TRUE(a.outputs[0].value && a.outputs[0].value->is_expression());
  ASSERT_TRUE(a.runs.has_value());
  EXPECT_EQ(a.runs->runtime, pw::model::action_runtime::composite);
  ASSERT_EQ(a.runs->steps.size(), 2u);
  EXPECT_EQ(a.runs->steps[0].id, "say");
  EXPECT_TRUE(a.runs->steps[1].generated_id);
  EXPECT_EQ(a.runs->steps[1].id, "__actions_checkout");
}

TEST(ActionMetadata, ReadsDockerAndNodeActions) {
  const std::string docker =
      "name: d\n"
      "inputs: {who: {default: world}}\n"
      "runs:\n"
      "  using: Docker\n"  // the runner compares ignoring case
      "  image: Dockerfile\n"
      "  entrypoint: /entry.sh\n"
      "  args: ['${{ inputs.who }}', plain]\n"
      "  env: {WHO: '${{ inputs.who }}'}\n"
      "  post-entrypoint: /post.sh\n";
  auto r = pw::yaml::load_action_report(docker);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_TRUE(r.action.runs);
  EXPECT_EQ(r.action.runs->runtime, pw::model::action_runtime::docker);
  EXPECT_EQ(r.action.runs->args.size(), 2u);
  EXPECT_EQ(r.action.runs->env.size(), 1u);
  for (const char* node : {"node12", "node16", "node20", "node24"}) {
    const std::string text = std::string("runs: {using: ") + node +
                             ", main: dist/index.js, post: dist/post.js, post-if: success()}\n"
                             "inputs: {flag: {default: false, required: false}}\n"
                             "outputs: {id: {description: the id}}\n";
    r = pw::yaml::load_action_report(text);
    EXPECT_TRUE(r.diagnostics.empty()) << node;
    ASSERT_TRUE(r.action.runs) << node;
    EXPECT_EQ(r.action.runs->runtime, pw::model::action_runtime::node) << node;
    EXPECT_EQ(r.action.outputs.size(), 1u);
  }
}

TEST(ActionMetadata, ReportsWhatTheRunnerRejectsAtItsPlace) {
  const std::string text =
      "inputs:\n"
      "  a:\n"
      "    default: ${{ inputs.b }}\n"  // inputs are not available to defaults
      "outputs:\n"
      "  o:\n"
      "    value: ${{ secrets.TOKEN }}\n"  // nor secrets to outputs
      "runs:\n"
      "  using: composite\n"
      "  steps:\n"
      "    - run: make\n"  // no shell
      "    - uses: ./x\n"
      "      with: {v: '${{ vars.V }}'}\n"
      "    - shell: bash\n"
      "      run: echo\n"
      "      timeout-minutes: 3\n";
  const auto r = pw::yaml::load_action_report(text);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(action_placed(r.diagnostics, text),
            (std::vector<std::string>{"3:18 PW0203", "6:16 PW0203", "10:7 PW0403", "12:22 PW0203",
                                      "15:7 PW0401"}));
}

TEST(ActionMetadata, ReportsAMissingOrUnknownRuntimeAndAMissingEntryPoint) {
  struct row {
    const char* text;
    std::vector<std::string> expected;
  };
  const row rows[] = {
      {"name: x\n", {"1:1 PW0430"}},
      {"runs:\n  main: x.js\n", {"2:3 PW0429"}},
      {"runs:\n  using: node14\n  main: x.js\n", {"2:10 PW0429"}},
      {"runs:\n  using: docker\n  entrypoint: x\n", {"2:3 PW0430"}},
      {"runs:\n  using: node20\n  pre: x.js\n", {"2:3 PW0430"}},
      {"runs:\n  using: composite\n  steps: []\n", {}},
      {"- not a mapping\n", {"1:1 PW0430"}},
      {"inputs:\n  foo: {}\n  FOO: {}\nruns: {using: node20, main: a.js}\n", {"3:3 PW0302"}},
  };
  for (const row& r : rows) {
    const auto report = pw::yaml::load_action_report(r.text);
    EXPECT_EQ(action_placed(report.diagnostics, r.text), r.expected) << r.text;
    EXPECT_FALSE(r.expected.empty() && !report.ok()) << r.text;
  }
}

TEST(ActionMetadata, ReadsEveryValidActionOfTheCorpusWithoutErrors) {
  const std::filesystem::path root =
      std::filesystem::path(PIPEWRIGHT_TEST_DATA_DIR) / "corpus/actionlint/testdata";
  // actionlint's projects whose action GitHub's runner loads (the others are broken on
  // purpose: missing runs, main or image, unknown runtimes, keys of another runtime).
  const char* const valid[] = {
      "projects/deprecated_inputs/action/action.yaml",
      "projects/local_javascript_action/ok/action.yaml",
      "projects/local_javascript_action/ok_all_optional/action.yaml",
      "projects/issue550_args_input/action/action.yaml",
      "projects/local_action_case_insensitive/action/action.yaml",
      "projects/local_action_branding/action/action.yaml",
      "projects/docker_specific_inputs/action_all/action.yaml",
      "projects/yaml_anchor_in_action/action/action.yaml",
      "projects/local_docker_action/ok_all_keys/action.yaml",
      "projects/local_docker_action/ok_dockerfile/action.yaml",
      "action_metadata/action-yml/action.yml",
      "action_metadata/deprecated/action.yml",
      "action_metadata/docker/action.yaml",
      "action_metadata/node24/action.yaml",
      "examples/.github/actions/my-action/action.yaml",
  };
  for (const char* file : valid) {
    const std::string text = pw::test::read_data((root / file).string());
    ASSERT_FALSE(text.empty()) << file;
    const auto r = pw::yaml::load_action_report(text);
    EXPECT_TRUE(r.diagnostics.empty()) << file << ": " << r.diagnostics.front().message;
  }
}

TEST(LocalActionSteps, ChecksWithAgainstTheDeclaredInputsIgnoringCase) {
  const fake_actions actions(fake_actions::texts_by_uses{{"./greet", composite_action}});
  const std::string w = std::string(job_a) +
                        "      - uses: ./greet\n"  // who is required without default
                        "        with:\n"
                        "          greting: hi\n"     // a typo of Greeting
                        "          old-style: yes\n"  // deprecated
                        "      - uses: ./greet/\n"
                        "        with: {WHO: me, GREETING: hi, Token: t}\n"  // case does not matter
                        "      - uses: ./greet\n"
                        "        with: ${{ fromJSON(vars.ARGS) }}\n"  // computed: nothing known
                        "      - uses: ./${{ vars.DIR }}\n"           // an expression: not resolved
                        "        with: {anything: 1}\n"
                        "      - uses: ./missing\n"  // not found: not checked
                        "        with: {anything: 1}\n"
                        "      - uses: owner/repo@v1\n"
                        "        with: {anything: 1}\n";
  const auto found = step_findings(w, actions);
  EXPECT_EQ(action_placed(found, w),
            (std::vector<std::string>{"8:11 PW0431", "9:11 PW0434", "6:15 PW0432"}));
  ASSERT_EQ(found.size(), 3u);
  EXPECT_NE(found[0].message.find("did you mean 'Greeting'?"), std::string::npos)
      << found[0].message;
  EXPECT_EQ(found[0].notes, (std::vector<std::string>{"inputs: who, Greeting, old-style, token"}));
  EXPECT_EQ(found[0].path, "/jobs/a/steps/0/with/greting");
  EXPECT_NE(found[1].message.find(": use greeting"), std::string::npos);
  EXPECT_NE(found[2].message.find("'who'"), std::string::npos);
  for (const auto& d : found) EXPECT_EQ(d.level, pw::severity::warning);
}

TEST(LocalActionSteps, ADockerActionAlsoTakesEntryPointAndArgs) {
  const fake_actions actions(
      fake_actions::texts_by_uses{{"./docker", "runs: {using: docker, image: Dockerfile}\n"},
                                  {"./node", "runs: {using: node20, main: a.js}\n"}});
  const std::string w = std::string(job_a) +
                        "      - uses: ./docker\n"
                        "        with: {entrypoint: /x, args: y}\n"
                        "      - uses: ./node\n"
                        "        with: {entrypoint: /x, args: y}\n";
  EXPECT_EQ(action_placed(step_findings(w, actions), w),
            (std::vector<std::string>{"9:16 PW0431", "9:32 PW0431"}));
}

TEST(LocalActionSteps, InvalidMetadataIsOneWarningAtTheStep) {
  const fake_actions actions(
      fake_actions::texts_by_uses{{"./broken", "runs: {using: node14, main: a.js}\n"}});
  const std::string w = std::string(job_a) +
                        "      - id: b\n"
                        "        uses: ./broken\n"
                        "        with: {anything: 1}\n"
                        "      - run: echo ${{ steps.b.outputs.anything }}\n";
  const auto found = step_findings(w, actions);
  EXPECT_EQ(action_placed(found, w), (std::vector<std::string>{"7:15 PW0433"}));
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(found[0].notes.size(), 1u);
  EXPECT_NE(found[0].notes[0].find("node14"), std::string::npos);
}

TEST(LocalActionSteps, ClosesTheOutputsOfAStepWhoseActionIsKnown) {
  const fake_actions actions(
      fake_actions::texts_by_uses{{"./greet", composite_action},
                                  {"./js",
                                   "runs: {using: node20, main: a.js}\n"
                                   "outputs: {User_Id: {description: id}}\n"}});
  const std::string w =
      "on: push\n"
      "jobs:\n"
      "  a:\n"
      "    runs-on: ubuntu-latest\n"
      "    outputs:\n"
      "      said: ${{ steps.g.outputs.sayd }}\n"
      "    steps:\n"
      "      - id: g\n"
      "        uses: ./greet\n"
      "        with: {who: me}\n"
      "      - id: j\n"
      "        uses: ./js\n"
      "      - id: r\n"
      "        run: echo\n"
      "      - id: o\n"
      "        uses: ./elsewhere\n"
      "      - run: >-\n"
      "          echo ${{ steps.g.outputs.said }} ${{ steps.j.outputs.user_id }}\n"
      "          ${{ steps.r.outputs.any }} ${{ steps.o.outputs.any }}\n"
      "          ${{ steps.j.outputs.missing }} ${{ steps.j.outputs[vars.X] }}\n";
  const auto found = step_findings(w, actions);
  EXPECT_EQ(action_placed(found, w), (std::vector<std::string>{"6:33 PW0910", "20:31 PW0910"}));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_NE(found[0].message.find("did you mean 'said'?"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[1].notes, (std::vector<std::string>{"known: User_Id"}));
}

TEST(LocalActionSteps, ChecksActionlintsLocalActionProjects) {
  // Each project: a workflow using ./<dir> actions beside it, with actionlint's expectations
  // where the runner agrees (docker_specific_inputs: its actions are Node.js ones, so
  // entrypoint and args are unknown inputs there).
  const std::filesystem::path projects =
      std::filesystem::path(PIPEWRIGHT_TEST_DATA_DIR) / "corpus/actionlint/testdata/projects";
  struct row {
    const char* project;
    std::vector<std::string> expected;
  };
  const row rows[] = {
      {"docker_specific_inputs",
       {"15:11 PW0431", "21:11 PW0431", "25:11 PW0431", "26:11 PW0431", "28:15 PW0432",
        "28:15 PW0432", "30:15 PW0432", "32:15 PW0432"}},
      {"local_action_case_insensitive", {}},
      {"deprecated_inputs",
       {"9:11 PW0434", "10:11 PW0434", "11:11 PW0434", "12:11 PW0434", "13:11 PW0434",
        "15:11 PW0434", "16:11 PW0434"}},
      {"broken_local_action", {}},
  };
  for (const row& r : rows) {
    const std::filesystem::path dir = projects / r.project;
    auto ws = std::make_shared<const pw::host::directory_workspace>(dir);
    pw::yaml::local_actions actions([ws](std::string_view uses) { return ws->action_text(uses); });
    std::vector<std::string> got;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "workflows")) {
      const std::string text = pw::test::read_data(entry.path().string());
      auto report = pw::yaml::load_workflow_report(text);
      auto diags = pw::check::action_steps(report.workflow, actions.lookup());
      for (const std::string& p : action_placed(diags, text)) got.push_back(p);
    }
    if (std::string_view(r.project) == "broken_local_action") {
      EXPECT_FALSE(got.empty());
      for (const std::string& p : got) EXPECT_NE(p.find("PW0433"), std::string::npos) << p;
    } else {
      EXPECT_EQ(got, r.expected) << r.project;
    }
  }
}

TEST(LocalActionSteps, ChecksACompositeActionWithItsOwnInputsAndSteps) {
  const std::string text =
      "inputs:\n"
      "  who: {required: true}\n"
      "outputs:\n"
      "  said: {value: '${{ steps.say.outputs.text }}${{ steps.sai.outputs.x }}'}\n"
      "runs:\n"
      "  using: composite\n"
      "  steps:\n"
      "    - id: say\n"
      "      shell: bash\n"
      "      run: echo ${{ inputs.whom }} ${{ steps.later.outcome }} ${{ matrix.any }}\n"
      "    - id: later\n"
      "      if: ${{ inputs.who }} != ''\n"
      "      shell: bash\n"
      "      run: echo ${{ env.ANY }} ${{ github.reff }} ${{ steps.say.outputs.any }}\n";
  const auto report = pw::yaml::load_action_report(text);
  ASSERT_TRUE(report.diagnostics.empty());
  auto doc = pw::yaml::load(text, pw::yaml::workflow_load_options());
  ASSERT_TRUE(doc);
  const auto found = pw::lint::check_action_contexts(*doc, text, report.action);
  EXPECT_EQ(action_placed(found, text),
            (std::vector<std::string>{"4:57 PW0910", "10:28 PW0910", "10:46 PW0912", "12:11 PW0913",
                                      "14:43 PW0910"}));
  ASSERT_EQ(found.size(), 5u);
  EXPECT_NE(found[1].message.find("the action declares no such input"), std::string::npos);
  EXPECT_NE(found[1].message.find("did you mean 'who'?"), std::string::npos);
  EXPECT_NE(found[2].message.find("it is step 2 of the action"), std::string::npos)
      << found[2].message;
}
