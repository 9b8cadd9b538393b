// Reading `on:`: the three forms, events, activity types, filters, inputs and schedules.
#include "pipewright/trigger/on.hpp"

#include <gtest/gtest.h>

#include <string>

#include "pipewright/value/json.hpp"
#include "trigger_support.hpp"

namespace trigger = pipewright::trigger;
namespace codes = pipewright::codes;
using pipewright::value;
using pipewright::test::on_error;
using pipewright::test::on_ok;
using pipewright::test::parse_workflow_on;

TEST(TriggerOn, TheStringForm) {
  const auto t = on_ok("on: push\n");
  ASSERT_EQ(t.events.size(), 1u);
  EXPECT_EQ(t.events[0].name, "push");
  EXPECT_FALSE(t.events[0].branches.present);
}

TEST(TriggerOn, TheSequenceForm) {
  const auto t = on_ok("on: [push, pull_request]\n");
  ASSERT_EQ(t.events.size(), 2u);
  EXPECT_EQ(t.names(), "push, pull_request");
  EXPECT_EQ(t.events[1].effective_types(),
            (std::vector<std::string>{"opened", "synchronize", "reopened"}));
}

TEST(TriggerOn, TheMappingFormWithNullEvents) {
  const auto t = on_ok(
      "on:\n  push:\n    branches: [main]\n  page_build:\n  schedule:\n    - cron: '30 5 * * "
      "1-5'\n");
  ASSERT_EQ(t.events.size(), 3u);
  EXPECT_TRUE(t.find("push")->branches.present);
  EXPECT_EQ(t.find("push")->branches.texts, (std::vector<std::string>{"main"}));
  EXPECT_TRUE(t.find("page_build")->config.is_null());
  ASSERT_EQ(t.find("schedule")->crons.size(), 1u);
  EXPECT_EQ(t.find("schedule")->crons[0].expr.text(), "30 5 * * 1-5");
}

TEST(TriggerOn, SpansComeFromTheSourceMap) {
  const std::string text = "on:\n  push:\n    branches: [main, '+bad']\n";
  auto r = parse_workflow_on(text);
  ASSERT_FALSE(r.ok());
  const auto& d = *r.first_error();
  EXPECT_EQ(d.code, codes::trigger_invalid_pattern);
  EXPECT_EQ(d.path, "/on/push/branches/1");
  ASSERT_TRUE(d.span.known());
  EXPECT_EQ(text.substr(d.span.begin, d.span.end - d.span.begin), "'+bad'");
}

TEST(TriggerOn, WorksWithoutASourceMap) {
  auto v = pipewright::json::parse(R"({"push": {"branches": "main"}, "workflow_dispatch": null})");
  ASSERT_TRUE(v.ok());
  auto t = trigger::parse_on(*v);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->names(), "push, workflow_dispatch");
  auto bad = trigger::parse_on(pipewright::json::parse(R"({"push": {"branches": 3}})").value());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.first_error()->path, "/on/push/branches");
  EXPECT_FALSE(bad.first_error()->span.known());
}

TEST(TriggerOn, FilterValuesAreAStringOrAList) {
  const auto t =
      on_ok("on:\n  pull_request:\n    branches: main\n    paths: ['src/**', '!src/gen/**']\n");
  EXPECT_EQ(t.find("pull_request")->branches.texts, (std::vector<std::string>{"main"}));
  EXPECT_EQ(t.find("pull_request")->paths.patterns.size(), 2u);
  EXPECT_EQ(on_error("on:\n  push:\n    branches: {a: 1}\n").code, codes::trigger_invalid_value);
  EXPECT_EQ(on_error("on:\n  push:\n    paths: [[a]]\n").code, codes::trigger_invalid_value);
}

TEST(TriggerOnErrors, InvalidForms) {
  EXPECT_EQ(on_error("on: 3\n").code, codes::trigger_on_invalid);
  EXPECT_EQ(on_error("on: []\n").code, codes::trigger_on_invalid);
  EXPECT_EQ(on_error("on: {}\n").code, codes::trigger_on_invalid);
  EXPECT_EQ(on_error("on:\n").code, codes::trigger_on_invalid);
  EXPECT_EQ(on_error("on: [push, {a: b}]\n").code, codes::trigger_on_invalid);
}

TEST(TriggerOnErrors, UnknownEvents) {
  const auto d = on_error("on: pushh\n");
  EXPECT_EQ(d.code, codes::trigger_unknown_event);
  EXPECT_EQ(d.message, "Unexpected value 'pushh'");
  EXPECT_EQ(on_error("on: [push, Push]\n").code, codes::trigger_unknown_event);
  EXPECT_EQ(on_error("on:\n  foo:\n").code, codes::trigger_unknown_event);
}

TEST(TriggerOnErrors, UnknownActivityTypes) {
  const auto d = on_error("on:\n  pull_request:\n    types: [opened, open]\n");
  EXPECT_EQ(d.code, codes::trigger_unknown_activity_type);
  EXPECT_NE(d.message.find("Unexpected value 'open'"), std::string::npos);
  EXPECT_EQ(d.path, "/on/pull_request/types/1");
  EXPECT_EQ(on_error("on:\n  workflow_run:\n    workflows: [CI]\n    types: done\n").code,
            codes::trigger_unknown_activity_type);
  // repository_dispatch takes any type.
  EXPECT_EQ(on_ok("on:\n  repository_dispatch:\n    types: [deploy-now]\n")
                .find("repository_dispatch")
                ->types,
            (std::vector<std::string>{"deploy-now"}));
}

TEST(TriggerOnErrors, KeysAnEventDoesNotAccept) {
  EXPECT_EQ(on_error("on:\n  push:\n    types: [opened]\n").code, codes::trigger_unexpected_key);
  EXPECT_EQ(on_error("on:\n  pull_request:\n    tags: [v1]\n").code, codes::trigger_unexpected_key);
  EXPECT_EQ(on_error("on:\n  workflow_run:\n    workflows: [CI]\n    paths: [a]\n").code,
            codes::trigger_unexpected_key);
  EXPECT_EQ(on_error("on:\n  issues:\n    branches: [main]\n").code, codes::trigger_unexpected_key);
  EXPECT_EQ(on_error("on:\n  push: main\n").code, codes::trigger_invalid_value);
}

TEST(TriggerOnErrors, AFilterAndItsIgnoreFormConflict) {
  for (const char* base : {"branches", "tags", "paths"}) {
    const std::string text =
        std::string("on:\n  push:\n    ") + base + ": [a]\n    " + base + "-ignore: [b]\n";
    const auto d = on_error(text);
    EXPECT_EQ(d.code, codes::trigger_conflicting_filters) << base;
    EXPECT_EQ(d.path, std::string("/on/push/") + base + "-ignore");
  }
}

TEST(TriggerOnErrors, NegationOnlyListsAreAWarningAndNeverMatch) {
  auto r = pipewright::test::parse_workflow_on(
      "on:\n  push:\n    branches: ['**']\n    tags: ['!**']\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 1U);
  EXPECT_EQ(r.diagnostics()[0].code, codes::trigger_negation_only);
  EXPECT_EQ(r.diagnostics()[0].path, "/on/push/tags");
  EXPECT_TRUE(trigger::match(*r, trigger::push_event("main")).runs);
  EXPECT_FALSE(trigger::match(*r, trigger::push_event("refs/tags/v1")).runs);
}

TEST(TriggerOnErrors, EveryErrorIsCollected) {
  auto r = parse_workflow_on(
      "on:\n  pushh:\n  pull_request:\n    types: [nope]\n  push:\n    branches: ['+x']\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics().size(), 3u);
}

TEST(TriggerOnErrors, WorkflowRunNeedsWorkflows) {
  EXPECT_EQ(on_error("on:\n  workflow_run:\n    types: [completed]\n").code,
            codes::trigger_invalid_value);
  EXPECT_EQ(on_error("on: workflow_run\n").code, codes::trigger_invalid_value);
}

TEST(TriggerOnSchedule, EntriesAndErrors) {
  const auto t = on_ok(
      "on:\n  schedule:\n    - cron: '0 0 * * *'\n    - cron: '*/30 9-17 * * MON-FRI'\n"
      "      timezone: Europe/Paris\n");
  ASSERT_EQ(t.find("schedule")->crons.size(), 2u);
  EXPECT_EQ(t.find("schedule")->crons[1].timezone, "Europe/Paris");
  const auto d = on_error("on:\n  schedule:\n    - cron: '0 0 * *'\n");
  EXPECT_EQ(d.code, codes::trigger_invalid_cron);
  EXPECT_EQ(d.path, "/on/schedule/0/cron");
  EXPECT_EQ(on_error("on:\n  schedule:\n    cron: '0 0 * * *'\n").code,
            codes::trigger_invalid_value);
  EXPECT_EQ(on_error("on: schedule\n").code, codes::trigger_invalid_value);
  EXPECT_EQ(on_error("on:\n  schedule:\n    - cron: '0 0 * * *'\n      tz: UTC\n").code,
            codes::trigger_unexpected_key);
}

TEST(TriggerOnSchedule, TooFrequentIsAWarning) {
  auto r = parse_workflow_on("on:\n  schedule:\n    - cron: '* * * * *'\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.diagnostics().size(), 1u);
  EXPECT_EQ(r.diagnostics()[0].code, codes::trigger_schedule_too_frequent);
  EXPECT_FALSE(r.diagnostics()[0].is_error());
}

TEST(TriggerOnInputs, DispatchInputDeclarations) {
  const auto t = on_ok(
      "on:\n  workflow_dispatch:\n    inputs:\n"
      "      env:\n        type: choice\n        options: [dev, prod]\n        default: dev\n"
      "      dry:\n        type: boolean\n        default: true\n"
      "      count:\n        type: number\n        required: true\n"
      "      note:\n        description: free text\n");
  const auto* ev = t.find("workflow_dispatch");
  ASSERT_EQ(ev->inputs.size(), 4u);
  EXPECT_EQ(ev->inputs[0].type, trigger::input_type::choice);
  EXPECT_EQ(ev->inputs[0].options, (std::vector<std::string>{"dev", "prod"}));
  EXPECT_EQ(ev->inputs[1].type, trigger::input_type::boolean);
  EXPECT_TRUE(ev->inputs[2].required);
  EXPECT_EQ(ev->inputs[3].type, trigger::input_type::string);
}

TEST(TriggerOnInputs, DeclarationErrors) {
  const auto choice =
      on_error("on:\n  workflow_dispatch:\n    inputs:\n      e:\n        type: choice\n");
  EXPECT_EQ(choice.code, codes::trigger_invalid_input_definition);
  EXPECT_NE(choice.message.find("Missing 'options' for choice input"), std::string::npos);
  EXPECT_EQ(on_error("on:\n  workflow_dispatch:\n    inputs:\n      e:\n        type: text\n").code,
            codes::trigger_invalid_input_definition);
  // An unknown key in an input is a wrong declaration (GitHub's parser: "Unexpected value").
  EXPECT_EQ(on_error("on:\n  workflow_dispatch:\n    inputs:\n      e:\n        typo: 1\n").code,
            codes::trigger_invalid_input_definition);
  EXPECT_EQ(
      on_error("on:\n  workflow_dispatch:\n    inputs:\n      e:\n        default: [1]\n").code,
      codes::trigger_invalid_input_definition);
  EXPECT_EQ(
      on_error("on:\n  workflow_dispatch:\n    inputs:\n      e:\n        required: yes\n").code,
      codes::trigger_invalid_input_definition);
  const auto call =
      on_error("on:\n  workflow_call:\n    inputs:\n      e:\n        required: true\n");
  EXPECT_NE(call.message.find("Required property is missing: type"), std::string::npos);
  EXPECT_EQ(on_error("on:\n  workflow_call:\n    inputs:\n      e:\n        type: choice\n").code,
            codes::trigger_invalid_input_definition);
  EXPECT_EQ(on_error("on:\n  workflow_call:\n    inputs:\n      e:\n        type: number\n"
                     "        default: abc\n")
                .code,
            codes::trigger_invalid_input_definition);
}

TEST(TriggerOnInputs, AtMost25DispatchInputs) {
  std::string text = "on:\n  workflow_dispatch:\n    inputs:\n";
  for (int i = 0; i < 26; ++i) text += "      i" + std::to_string(i) + ":\n";
  EXPECT_EQ(on_error(text).code, codes::trigger_too_many_inputs);
  std::string ok = "on:\n  workflow_dispatch:\n    inputs:\n";
  for (int i = 0; i < 25; ++i) ok += "      i" + std::to_string(i) + ":\n";
  EXPECT_EQ(on_ok(ok).find("workflow_dispatch")->inputs.size(), 25u);
}

TEST(TriggerOnInputs, WorkflowCallSecrets) {
  const auto t = on_ok(
      "on:\n  workflow_call:\n    inputs:\n      v:\n        type: string\n"
      "    secrets:\n      token:\n        required: true\n      other:\n");
  EXPECT_EQ(t.find("workflow_call")->secrets, (std::vector<std::string>{"token", "other"}));
  EXPECT_EQ(t.find("workflow_call")->required_secrets, (std::vector<std::string>{"token"}));
}

TEST(TriggerOnRobustness, OddValuesNeverCrash) {
  for (const char* text :
       {"on: {push: {branches: []}}\n", "on: {push: {branches: [null]}}\n",
        "on: {workflow_dispatch: {inputs: 3}}\n", "on: {workflow_dispatch: {inputs: {a: 3}}}\n",
        "on: {schedule: [3]}\n", "on: {schedule: [{cron: 3}]}\n", "on: [[push]]\n",
        "on: {pull_request: {types: {a: b}}}\n", "on: {workflow_call: {secrets: 3}}\n",
        "on: {workflow_run: {workflows: 3}}\n"}) {
    (void)parse_workflow_on(text);
  }
  auto t = on_ok("on: {push: {branches: []}}\n");
  EXPECT_TRUE(t.find("push")->branches.present);
}
