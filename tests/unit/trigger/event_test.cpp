// Events: built in C++ or read from webhook payloads, and the github context they produce.
#include "pipewright/trigger/event.hpp"

#include <gtest/gtest.h>

#include <string>

#include "pipewright/trigger/match.hpp"
#include "pipewright/value/json.hpp"
#include "trigger_support.hpp"

namespace trigger = pipewright::trigger;
namespace codes = pipewright::codes;
using pipewright::value;

using pipewright::test::obj;

TEST(TriggerEvent, PushToABranch) {
  auto e = trigger::push_event("main", {"a.txt"});
  e.after = "abc123";
  const value g = trigger::github_context(e);
  EXPECT_EQ(g["event_name"], value("push"));
  EXPECT_EQ(g["ref"], value("refs/heads/main"));
  EXPECT_EQ(g["ref_name"], value("main"));
  EXPECT_EQ(g["ref_type"], value("branch"));
  EXPECT_EQ(g["sha"], value("abc123"));
  EXPECT_EQ(g["base_ref"], value(""));
  EXPECT_EQ(g["head_ref"], value(""));
  EXPECT_EQ(g["repository"], value("octo-org/octo-repo"));
  EXPECT_EQ(g["repository_owner"], value("octo-org"));
  EXPECT_EQ(g["event"]["ref"], value("refs/heads/main"));
  EXPECT_TRUE(g["job"].is_null());
  EXPECT_TRUE(g["token"].is_null());
  EXPECT_EQ(g["run_attempt"], value("1"));
}

TEST(TriggerEvent, PushOfATag) {
  const value g = trigger::github_context(trigger::push_event("refs/tags/v1.0.0"));
  EXPECT_EQ(g["ref_name"], value("v1.0.0"));
  EXPECT_EQ(g["ref_type"], value("tag"));
}

TEST(TriggerEvent, PullRequestRefs) {
  auto e = trigger::pull_request_event("opened", "main", "feature/x");
  e.number = 42;
  const value g = trigger::github_context(e);
  EXPECT_EQ(g["ref"], value("refs/pull/42/merge"));
  EXPECT_EQ(g["ref_name"], value("42/merge"));
  EXPECT_EQ(g["ref_type"], value("branch"));
  EXPECT_EQ(g["base_ref"], value("main"));
  EXPECT_EQ(g["head_ref"], value("feature/x"));
  EXPECT_EQ(g["event"]["action"], value("opened"));
  EXPECT_EQ(g["event"]["pull_request"]["base"]["ref"], value("main"));
  e.name = "pull_request_target";
  const value t = trigger::github_context(e);
  EXPECT_EQ(t["ref"], value("refs/heads/main"));
  EXPECT_EQ(t["event_name"], value("pull_request_target"));
}

TEST(TriggerEvent, EventsWithoutARefUseTheDefaultBranch) {
  auto e = trigger::schedule_event("0 0 * * *");
  e.repository.default_branch = "trunk";
  const value g = trigger::github_context(e);
  EXPECT_EQ(g["ref"], value("refs/heads/trunk"));
  EXPECT_EQ(g["event"]["schedule"], value("0 0 * * *"));
  EXPECT_EQ(trigger::github_context(trigger::workflow_dispatch_event("refs/tags/v2"))["ref_type"],
            value("tag"));
}

TEST(TriggerEventPayload, Push) {
  auto e = trigger::event_from_payload("push", obj(R"({
    "ref": "refs/heads/main", "before": "111", "after": "222",
    "repository": {"full_name": "melk/ai", "default_branch": "main", "id": 99},
    "sender": {"login": "mona"},
    "commits": [
      {"message": "one", "added": ["a.py"], "modified": ["b.py"], "removed": []},
      {"message": "two [skip ci]", "added": [], "modified": ["a.py", "c.py"], "removed": ["d.py"]}
    ],
    "head_commit": {"id": "222", "message": "two [skip ci]"}
  })"));
  ASSERT_TRUE(e.ok()) << e.first_error()->message;
  EXPECT_EQ(e->changed_files, (std::vector<std::string>{"a.py", "b.py", "d.py", "c.py"}));
  EXPECT_EQ(e->commit_messages, (std::vector<std::string>{"one", "two [skip ci]"}));
  const value g = trigger::github_context(*e);
  EXPECT_EQ(g["sha"], value("222"));
  EXPECT_EQ(g["actor"], value("mona"));
  EXPECT_EQ(g["repository"], value("melk/ai"));
  EXPECT_EQ(g["repository_owner"], value("melk"));
  EXPECT_EQ(g["repository_id"], value("99"));
  EXPECT_EQ(g["event"]["head_commit"]["id"], value("222"));  // the payload as given
}

TEST(TriggerEventPayload, PullRequest) {
  auto e = trigger::event_from_payload("pull_request", obj(R"({
    "action": "synchronize", "number": 7,
    "pull_request": {"number": 7, "draft": true, "title": "Add x",
      "merge_commit_sha": "m1", "labels": [{"name": "bug"}],
      "base": {"ref": "main", "sha": "b1"}, "head": {"ref": "feat", "sha": "h1"}}
  })"));
  ASSERT_TRUE(e.ok()) << e.first_error()->message;
  EXPECT_EQ(e->action, "synchronize");
  EXPECT_EQ(e->base_ref, "main");
  EXPECT_EQ(e->head_ref, "feat");
  EXPECT_TRUE(e->draft);
  EXPECT_EQ(e->labels, (std::vector<std::string>{"bug"}));
  const value g = trigger::github_context(*e);
  EXPECT_EQ(g["ref"], value("refs/pull/7/merge"));
  EXPECT_EQ(g["sha"], value("m1"));
  auto t = trigger::event_from_payload("pull_request_target", e->payload);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(trigger::github_context(*t)["sha"], value("b1"));
  EXPECT_EQ(trigger::github_context(*t)["ref"], value("refs/heads/main"));
}

TEST(TriggerEventPayload, OtherEvents) {
  auto run = trigger::event_from_payload(
      "workflow_run",
      obj(R"({"action": "completed", "workflow_run": {"name": "CI", "head_branch": "main", "conclusion": "failure"}})"));
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->workflow_name, "CI");
  EXPECT_EQ(run->workflow_conclusion, "failure");
  auto rel = trigger::event_from_payload(
      "release", obj(R"({"action": "published", "release": {"tag_name": "v3"}})"));
  ASSERT_TRUE(rel.ok());
  EXPECT_EQ(trigger::github_context(*rel)["ref"], value("refs/tags/v3"));
  auto mg = trigger::event_from_payload(
      "merge_group",
      obj(R"({"action": "checks_requested", "merge_group": {"base_ref": "refs/heads/main",
        "head_ref": "refs/heads/gh-readonly-queue/main/pr-1-abc", "head_sha": "s"}})"));
  ASSERT_TRUE(mg.ok());
  EXPECT_EQ(mg->base_ref, "main");
  auto rd = trigger::event_from_payload("repository_dispatch", obj(R"({"action": "deploy"})"));
  ASSERT_TRUE(rd.ok());
  EXPECT_EQ(rd->action, "deploy");
  auto wd = trigger::event_from_payload("workflow_dispatch",
                                        obj(R"({"ref": "refs/heads/dev", "inputs": {"a": "1"}})"));
  ASSERT_TRUE(wd.ok());
  EXPECT_EQ(trigger::github_context(*wd)["ref_name"], value("dev"));
  EXPECT_EQ(wd->inputs["a"], value("1"));
}

TEST(TriggerEventPayload, Errors) {
  EXPECT_EQ(trigger::event_from_payload("push", value(3)).first_error()->code,
            codes::trigger_invalid_event);
  EXPECT_EQ(trigger::event_from_payload("pushy", value::make_object()).first_error()->code,
            codes::trigger_invalid_event);
  EXPECT_FALSE(trigger::event_from_payload("push", obj(R"({"ref": 3})")).ok());
  EXPECT_FALSE(trigger::event_from_payload("push", obj(R"({"ref": "refs/pull/1/head"})")).ok());
  EXPECT_FALSE(trigger::event_from_payload("push", obj(R"({})")).ok());
  EXPECT_FALSE(trigger::event_from_payload("pull_request", obj(R"({"action": "opened"})")).ok());
  EXPECT_FALSE(trigger::event_from_payload("workflow_dispatch", obj(R"({"inputs": [1]})")).ok());
  // Odd shapes elsewhere never crash.
  EXPECT_TRUE(trigger::event_from_payload(
                  "push", obj(R"({"ref": "refs/heads/x", "commits": 3, "head_commit": [],
                                  "repository": "r", "sender": 1})"))
                  .ok());
}
