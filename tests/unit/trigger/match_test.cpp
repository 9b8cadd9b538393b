// Matching events against `on:`: GitHub's combination rules one by one (SEMANTICS.md §6).
#include "pipewright/trigger/match.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipewright/value/json.hpp"
#include "trigger_support.hpp"

namespace trigger = pipewright::trigger;
namespace codes = pipewright::codes;
using pipewright::value;
using pipewright::test::obj;
using pipewright::test::on_ok;

namespace {

trigger::decision run(std::string_view workflow, const trigger::event& e) {
  return trigger::match(on_ok(workflow), e);
}

bool runs(std::string_view workflow, const trigger::event& e) {
  return run(workflow, e).runs;
}

}  // namespace

TEST(TriggerMatch, TheExampleReasons) {
  const auto d =
      run("on:\n  push:\n    branches: [main]\n", trigger::push_event("refs/tags/v1.2.0"));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.summary(),
            "push to refs/tags/v1.2.0: no tag filter, branch filter present → not run");
  const auto p = run("on:\n  push:\n    paths-ignore: ['docs/**']\n",
                     trigger::push_event("main", {"docs/a.md", "docs/b.md", "docs/c/d.md"}));
  EXPECT_FALSE(p.runs);
  EXPECT_EQ(
      p.summary(),
      "push to refs/heads/main: no branch or tag filter; paths-ignore ('docs/**') matched all "
      "3 changed files ('docs/a.md', 'docs/b.md', 'docs/c/d.md') → not run");
}

TEST(TriggerMatch, EventNotInOn) {
  const auto d = run("on: [push, pull_request]\n", trigger::simple_event("release", "published"));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons[0], "'release' is not in on: (push, pull_request)");
  EXPECT_FALSE(run("on: push\n", trigger::simple_event("nonsense")).runs);
}

TEST(TriggerMatchRule2, NoRefFilterRunsForBranchesAndTags) {
  EXPECT_TRUE(runs("on: push\n", trigger::push_event("main")));
  EXPECT_TRUE(runs("on: push\n", trigger::push_event("refs/tags/v1")));
}

TEST(TriggerMatchRule2, BranchOnlyFiltersSkipTagPushes) {
  const char* wf = "on:\n  push:\n    branches: ['**']\n";
  EXPECT_TRUE(runs(wf, trigger::push_event("main")));
  EXPECT_FALSE(runs(wf, trigger::push_event("refs/tags/v1")));
  EXPECT_FALSE(
      runs("on:\n  push:\n    branches-ignore: [dev]\n", trigger::push_event("refs/tags/v1")));
}

TEST(TriggerMatchRule2, TagOnlyFiltersSkipBranchPushes) {
  const char* wf = "on:\n  push:\n    tags: ['v*']\n";
  EXPECT_TRUE(runs(wf, trigger::push_event("refs/tags/v1.0.0")));
  EXPECT_FALSE(runs(wf, trigger::push_event("refs/tags/release-1")));
  const auto d = run(wf, trigger::push_event("main"));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons.back(), "no branch filter, tag filter present");
  EXPECT_FALSE(runs("on:\n  push:\n    tags-ignore: [v1]\n", trigger::push_event("main")));
  EXPECT_TRUE(runs("on:\n  push:\n    tags-ignore: [v1]\n", trigger::push_event("refs/tags/v2")));
}

TEST(TriggerMatchRule2, BothFiltersEachJudgeTheirOwnRefs) {
  const char* wf = "on:\n  push:\n    branches: [main]\n    tags: ['v*.*.*']\n";
  EXPECT_TRUE(runs(wf, trigger::push_event("main")));
  EXPECT_FALSE(runs(wf, trigger::push_event("develop")));
  EXPECT_TRUE(runs(wf, trigger::push_event("refs/tags/v1.0.0")));
  EXPECT_FALSE(runs(wf, trigger::push_event("refs/tags/v1.0")));
}

TEST(TriggerMatchRule3, BranchAndPathFiltersMustBothPass) {
  const char* wf = "on:\n  push:\n    branches: [main]\n    paths: ['src/**']\n";
  EXPECT_TRUE(runs(wf, trigger::push_event("main", {"src/a.c"})));
  EXPECT_FALSE(runs(wf, trigger::push_event("main", {"docs/a.md"})));
  EXPECT_FALSE(runs(wf, trigger::push_event("dev", {"src/a.c"})));
}

TEST(TriggerMatchRule4, PathFiltersAreNotEvaluatedForTags) {
  const auto d = run("on:\n  push:\n    paths: ['src/**']\n", trigger::push_event("refs/tags/v1"));
  EXPECT_TRUE(d.runs);
  EXPECT_EQ(d.reasons.back(), "path filters are not evaluated for tag pushes");
  EXPECT_TRUE(runs("on:\n  push:\n    tags: [v1]\n    paths: ['src/**']\n",
                   trigger::push_event("refs/tags/v1", {"docs/x"})));
}

TEST(TriggerMatchRule5, LastMatchingPatternDecides) {
  const char* wf = "on:\n  push:\n    branches: ['releases/**', '!releases/**-alpha']\n";
  EXPECT_TRUE(runs(wf, trigger::push_event("releases/10")));
  const auto d = run(wf, trigger::push_event("releases/10-alpha"));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons.back(),
            "branch 'releases/10-alpha' is excluded by branches pattern "
            "'!releases/**-alpha'");
}

TEST(TriggerMatchRule6, PathsNeedsOneIncludedFile) {
  const char* wf = "on:\n  push:\n    paths: ['**.js', '!vendor/**']\n";
  EXPECT_TRUE(runs(wf, trigger::push_event("main", {"vendor/a.js", "src/b.js"})));
  const auto d = run(wf, trigger::push_event("main", {"vendor/a.js", "README.md"}));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons.back(),
            "paths ('**.js', '!vendor/**') matched none of the 2 changed files ('vendor/a.js', "
            "'README.md')");
}

TEST(TriggerMatchRule6, APathReasonNamesAtMostFivePatternsAndFiles) {
  const char* wf = "on:\n  push:\n    paths: [a, b, c, d, e, f, g]\n";
  const auto d = run(wf, trigger::push_event("main", {"1", "2", "3", "4", "5", "6"}));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons.back(),
            "paths ('a', 'b', 'c', 'd', 'e' and 2 more) matched none of the 6 changed files ('1', "
            "'2', '3', '4', '5' and 1 more)");
  const auto none = run(wf, trigger::push_event("main"));
  EXPECT_EQ(none.reasons.back(),
            "no changed files, and paths ('a', 'b', 'c', 'd', 'e' and 2 more) is set");
}

TEST(TriggerMatch, AWorkflowRunWithoutATriggeringNameSaysSo) {
  const char* wf = "on:\n  workflow_run:\n    workflows: [CI]\n";
  const auto d = run(wf, trigger::workflow_run_event("", "main"));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons.back(),
            "the triggering workflow's name is not given, so it is not in workflows (CI)");
  EXPECT_TRUE(runs(wf, trigger::workflow_run_event("CI", "main")));
}

TEST(TriggerMatchRule6, PathsIgnoreSkipsOnlyWhenEveryFileIsIgnored) {
  const char* wf = "on:\n  push:\n    paths-ignore: ['docs/**', '*.md']\n";
  EXPECT_FALSE(runs(wf, trigger::push_event("main", {"docs/x.txt", "README.md"})));
  const auto d = run(wf, trigger::push_event("main", {"docs/x.txt", "src/main.c"}));
  EXPECT_TRUE(d.runs);
  EXPECT_EQ(d.reasons.back(), "'src/main.c' matches no paths-ignore pattern");
}

TEST(TriggerMatchRule7, NoChangedFilesMeansNoRunWithPathFilters) {
  EXPECT_FALSE(runs("on:\n  push:\n    paths: ['**']\n", trigger::push_event("main")));
  EXPECT_FALSE(runs("on:\n  push:\n    paths-ignore: [docs]\n", trigger::push_event("main")));
  EXPECT_TRUE(runs("on:\n  push:\n    branches: [main]\n", trigger::push_event("main")));
}

TEST(TriggerMatchRule7, OnlyTheFirst300FilesCount) {
  std::vector<std::string> files(300, "docs/x.md");
  files.push_back("src/late.c");
  const auto d = run("on:\n  push:\n    paths: ['src/**']\n", trigger::push_event("main", files));
  EXPECT_FALSE(d.runs);
  EXPECT_NE(d.reasons.back().find("only the first 300 of 301 changed files count"),
            std::string::npos);
  files[299] = "src/in-time.c";
  EXPECT_TRUE(runs("on:\n  push:\n    paths: ['src/**']\n", trigger::push_event("main", files)));
}

TEST(TriggerMatchRule7, AnUnavailableDiffAlwaysRuns) {
  auto e = trigger::push_event("main");
  e.diff_unavailable = true;
  EXPECT_TRUE(runs("on:\n  push:\n    paths: ['src/**']\n", e));
}

TEST(TriggerMatchIgnoreLists, BranchesIgnore) {
  const char* wf = "on:\n  push:\n    branches-ignore: ['dependabot/**', '!dependabot/keep']\n";
  EXPECT_TRUE(runs(wf, trigger::push_event("main")));
  EXPECT_FALSE(runs(wf, trigger::push_event("dependabot/npm/x")));
  EXPECT_TRUE(runs(wf, trigger::push_event("dependabot/keep")));
}

TEST(TriggerMatchPullRequest, DefaultActivityTypes) {
  const char* wf = "on: pull_request\n";
  for (const char* t : {"opened", "synchronize", "reopened"}) {
    EXPECT_TRUE(runs(wf, trigger::pull_request_event(t, "main"))) << t;
  }
  for (const char* t : {"closed", "labeled", "edited", "ready_for_review"}) {
    const auto d = run(wf, trigger::pull_request_event(t, "main"));
    EXPECT_FALSE(d.runs) << t;
    EXPECT_NE(d.reasons[0].find("the default types of pull_request"), std::string::npos);
  }
  EXPECT_FALSE(runs("on: pull_request_target\n", trigger::pull_request_event("closed", "main")));
  EXPECT_TRUE(runs("on:\n  pull_request:\n    types: [closed]\n",
                   trigger::pull_request_event("closed", "main")));
  EXPECT_FALSE(runs("on:\n  pull_request:\n    types: closed\n",
                    trigger::pull_request_event("opened", "main")));
}

TEST(TriggerMatchPullRequest, OtherEventsTakeEveryTypeByDefault) {
  EXPECT_TRUE(runs("on: issues\n", trigger::simple_event("issues", "closed")));
  EXPECT_TRUE(runs("on: release\n", trigger::simple_event("release", "deleted")));
  EXPECT_FALSE(runs("on:\n  release:\n    types: [published]\n",
                    trigger::simple_event("release", "created")));
  EXPECT_TRUE(runs("on:\n  issue_comment:\n    types: [created]\n",
                   trigger::simple_event("issue_comment", "created")));
  EXPECT_TRUE(runs("on:\n  repository_dispatch:\n    types: [deploy]\n",
                   trigger::simple_event("repository_dispatch", "deploy")));
  EXPECT_FALSE(runs("on:\n  repository_dispatch:\n    types: [deploy]\n",
                    trigger::simple_event("repository_dispatch", "other")));
}

TEST(TriggerMatchPullRequest, BranchFiltersUseTheBaseBranch) {
  const char* wf = "on:\n  pull_request:\n    branches: [main]\n";
  EXPECT_TRUE(runs(wf, trigger::pull_request_event("opened", "main", "feature/main-fix")));
  const auto d = run(wf, trigger::pull_request_event("opened", "develop", "main"));
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons.back(), "base branch 'develop' matches no branches pattern");
}

TEST(TriggerMatchPullRequest, PathFilters) {
  const char* wf = "on:\n  pull_request:\n    paths: ['api/**']\n";
  EXPECT_TRUE(runs(wf, trigger::pull_request_event("opened", "main", "f", {"api/x.go"})));
  EXPECT_FALSE(runs(wf, trigger::pull_request_event("opened", "main", "f", {"web/x.ts"})));
  EXPECT_FALSE(runs(wf, trigger::pull_request_event("opened", "main", "f", {})));
}

TEST(TriggerMatchSkipCi, CommitMessageMarkers) {
  for (const char* m : {"[skip ci]", "[ci skip]", "[no ci]", "[skip actions]", "[actions skip]"}) {
    auto e = trigger::push_event("main", {}, {"first", std::string("fix typo ") + m});
    const auto d = run("on: push\n", e);
    EXPECT_FALSE(d.runs) << m;
    EXPECT_EQ(d.reasons.back(), std::string("the head commit message contains '") + m + "'");
  }
  // Only the head commit counts.
  EXPECT_TRUE(runs("on: push\n", trigger::push_event("main", {}, {"[skip ci] old", "new"})));
  auto pr = trigger::pull_request_event("synchronize", "main");
  pr.commit_messages = {"wip [skip ci]"};
  EXPECT_FALSE(runs("on: pull_request\n", pr));
  pr.name = "pull_request_target";
  EXPECT_TRUE(runs("on: pull_request_target\n", pr));
}

TEST(TriggerMatchGithubToken, EventsFromGithubTokenStartNoRuns) {
  auto e = trigger::push_event("main");
  e.by_github_token = true;
  EXPECT_FALSE(runs("on: push\n", e));
  auto d = trigger::workflow_dispatch_event();
  d.by_github_token = true;
  EXPECT_TRUE(runs("on: workflow_dispatch\n", d));
  auto pr = trigger::pull_request_event("opened", "main");
  pr.by_github_token = true;
  const auto dec = run("on: pull_request\n", pr);
  EXPECT_TRUE(dec.runs);
  EXPECT_TRUE(dec.approval_required);
}

TEST(TriggerMatchWorkflowRun, NameTypeAndBranch) {
  const char* wf =
      "on:\n  workflow_run:\n    workflows: [CI, Build]\n    types: [completed]\n"
      "    branches: [main]\n";
  EXPECT_TRUE(runs(wf, trigger::workflow_run_event("CI", "main")));
  EXPECT_FALSE(runs(wf, trigger::workflow_run_event("Lint", "main")));
  EXPECT_FALSE(runs(wf, trigger::workflow_run_event("CI", "dev")));
  EXPECT_FALSE(runs(wf, trigger::workflow_run_event("CI", "main", "requested")));
  EXPECT_TRUE(runs("on:\n  workflow_run:\n    workflows: CI\n",
                   trigger::workflow_run_event("CI", "x", "requested")));
}

TEST(TriggerMatchMergeGroup, BaseBranchFilter) {
  auto e = trigger::simple_event("merge_group", "checks_requested");
  e.base_ref = "main";
  EXPECT_TRUE(runs("on:\n  merge_group:\n    branches: [main]\n", e));
  e.base_ref = "dev";
  EXPECT_FALSE(runs("on:\n  merge_group:\n    branches: [main]\n", e));
}

TEST(TriggerMatchSchedule, TheCronThatFired) {
  const char* wf = "on:\n  schedule:\n    - cron: '0 0 * * *'\n    - cron: '30 5 * * 1-5'\n";
  EXPECT_TRUE(runs(wf, trigger::schedule_event("30 5 * * 1-5")));
  EXPECT_TRUE(runs(wf, trigger::schedule_event()));
  EXPECT_FALSE(runs(wf, trigger::schedule_event("0 1 * * *")));
}

TEST(TriggerMatchInputs, DispatchInputsContext) {
  const char* wf =
      "on:\n  workflow_dispatch:\n    inputs:\n"
      "      env:\n        type: choice\n        options: [dev, prod]\n        default: dev\n"
      "      dry:\n        type: boolean\n        default: true\n"
      "      count:\n        type: number\n"
      "      note:\n        type: string\n";
  auto d =
      run(wf, trigger::workflow_dispatch_event("main", obj(R"({"dry": "false", "count": "3"})")));
  ASSERT_TRUE(d.runs) << d.summary();
  EXPECT_EQ(pipewright::json::dump(d.inputs, pipewright::json::compact_style),
            R"({"env":"dev","dry":false,"count":3,"note":""})");
  // github.event.inputs holds strings.
  const value g =
      trigger::github_context(trigger::workflow_dispatch_event("main", obj(R"({"dry": true})")));
  EXPECT_EQ(g["event"]["inputs"]["dry"], value("true"));
}

TEST(TriggerMatchInputs, DispatchInputErrors) {
  const char* wf =
      "on:\n  workflow_dispatch:\n    inputs:\n"
      "      env:\n        type: choice\n        options: [dev, prod]\n"
      "      dry:\n        type: boolean\n"
      "      count:\n        type: number\n"
      "      who:\n        required: true\n";
  auto d = run(wf, trigger::workflow_dispatch_event(
                       "main", obj(R"({"env": "qa", "dry": "maybe", "count": "x", "extra": 1})")));
  EXPECT_FALSE(d.runs);
  std::vector<std::string> got;
  for (const auto& diag : d.diagnostics) got.push_back(diag.code);
  EXPECT_EQ(got, (std::vector<std::string>{
                     std::string(codes::trigger_input_unexpected),
                     std::string(codes::trigger_input_invalid_value),
                     std::string(codes::trigger_input_invalid_value),
                     std::string(codes::trigger_input_invalid_value),
                     std::string(codes::trigger_input_required),
                 }));
  EXPECT_NE(d.diagnostics[1].message.find("not in the list of allowed values (dev, prod)"),
            std::string::npos);
  EXPECT_EQ(d.diagnostics[4].message, "Required input 'who' not provided");
}

TEST(TriggerMatchInputs, DispatchPayloadLimit) {
  auto e = trigger::workflow_dispatch_event(
      "main", value::make_object({{"big", value(std::string(70000, 'x'))}}));
  const auto d = run("on:\n  workflow_dispatch:\n    inputs:\n      big:\n", e);
  EXPECT_FALSE(d.runs);
  ASSERT_FALSE(d.diagnostics.empty());
  EXPECT_EQ(d.diagnostics[0].code, codes::trigger_input_too_large);
}

TEST(TriggerMatchInputs, WorkflowCallDefaults) {
  const char* wf =
      "on:\n  workflow_call:\n    inputs:\n"
      "      b:\n        type: boolean\n      n:\n        type: number\n"
      "      s:\n        type: string\n      d:\n        type: string\n        default: hi\n"
      "      r:\n        type: number\n        required: true\n";
  auto d = run(wf, trigger::workflow_call_event(obj(R"({"r": 2})")));
  ASSERT_TRUE(d.runs) << d.summary();
  EXPECT_EQ(pipewright::json::dump(d.inputs, pipewright::json::compact_style),
            R"({"b":false,"n":0,"s":"","d":"hi","r":2})");
  auto bad = run(wf, trigger::workflow_call_event(obj(R"({"nope": 1})")));
  EXPECT_FALSE(bad.runs);
  EXPECT_EQ(bad.diagnostics[0].message,
            "Invalid input, nope is not defined in the referenced workflow");
  EXPECT_EQ(bad.diagnostics[1].code, codes::trigger_input_required);
}

TEST(TriggerMatch, ACallWithoutARequiredSecretIsAnErrorWhenTheSecretsAreKnown) {
  const char* wf =
      "on:\n  workflow_call:\n    secrets:\n      npm-token:\n        required: true\n"
      "      optional-one:\n        required: false\n";
  // The caller's secrets not given: not checked.
  EXPECT_TRUE(runs(wf, trigger::workflow_call_event()));
  trigger::event e = trigger::workflow_call_event();
  e.secrets_given = true;
  e.secrets = {"OPTIONAL-ONE"};
  const auto d = run(wf, e);
  EXPECT_FALSE(d.runs);
  EXPECT_EQ(d.reasons.back(), "the required secret 'npm-token' is not passed");
  ASSERT_EQ(d.diagnostics.size(), 1U);
  EXPECT_EQ(d.diagnostics[0].code, codes::model_call_secret_required);
  EXPECT_EQ(d.diagnostics[0].message,
            "Secret npm-token is required, but not provided while calling.");
  e.secrets = {"NPM-TOKEN"};  // names compare ignoring case
  EXPECT_TRUE(runs(wf, e));
}
