// The Melk AI seed workflows reproduce their documented trigger table.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipewright/trigger/trigger.hpp"
#include "pipewright/yaml/yaml.hpp"
#include "test_support.hpp"

namespace trigger = pipewright::trigger;

namespace {

struct seed {
  std::string name;
  trigger::triggers on;
};

seed load(const char* file) {
  const std::string text = pipewright::test::read_data(std::string("trigger/") + file);
  EXPECT_FALSE(text.empty()) << file;
  auto doc = pipewright::yaml::load(text);
  EXPECT_TRUE(doc.ok()) << file;
  if (!doc) return {};
  auto t = trigger::parse_on(doc->root["on"], &doc->map, doc->map.find(doc->root, "/on"));
  EXPECT_TRUE(t.ok()) << file << ": " << (t.ok() ? "" : t.first_error()->message);
  EXPECT_TRUE(t.diagnostics().empty()) << file;
  return {std::string(doc->root["name"].as_string()), t.ok() ? std::move(*t) : trigger::triggers{}};
}

std::vector<std::string> started_by(const std::vector<seed>& seeds, const trigger::event& e) {
  std::vector<std::string> out;
  for (const seed& s : seeds) {
    if (trigger::match(s.on, e).runs) out.push_back(s.name);
  }
  return out;
}

}  // namespace

TEST(TriggerSeeds, MelkTriggerTable) {
  const std::vector<seed> seeds{load("melk-ci.yml"), load("melk-cd.yml"),
                                load("melk-docker-publish.yml")};
  ASSERT_EQ(seeds[0].name, "CI");
  ASSERT_EQ(seeds[1].name, "CD");
  ASSERT_EQ(seeds[2].name, "Docker Publish");
  using names = std::vector<std::string>;
  const auto events = trigger::standard_events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].label, "push to main");
  EXPECT_EQ(started_by(seeds, events[0].event), (names{"CI", "CD", "Docker Publish"}));
  EXPECT_EQ(events[1].label, "push to develop");
  EXPECT_EQ(started_by(seeds, events[1].event), (names{"CI"}));
  EXPECT_EQ(events[2].label, "pull request to main");
  EXPECT_EQ(started_by(seeds, events[2].event), (names{"CI"}));
  EXPECT_EQ(events[3].label, "tag v1.0.0");
  EXPECT_EQ(started_by(seeds, events[3].event), (names{"CI", "CD", "Docker Publish"}));
  EXPECT_EQ(events[4].label, "workflow_dispatch");
  EXPECT_EQ(started_by(seeds, events[4].event), (names{"CI", "CD", "Docker Publish"}));
}

TEST(TriggerSeeds, ReasonsForTheSeedTable) {
  const seed cd = load("melk-cd.yml");
  const auto d = trigger::match(cd.on, trigger::push_event("develop"));
  EXPECT_EQ(d.summary(),
            "push to refs/heads/develop: branch 'develop' matches no branches pattern → not run");
  const auto pr = trigger::match(cd.on, trigger::pull_request_event("opened", "main"));
  EXPECT_EQ(pr.summary(),
            "pull_request opened into main from feature: 'pull_request' is not in on: (push, "
            "workflow_dispatch) → not run");
  const auto tag = trigger::match(cd.on, trigger::push_event("refs/tags/v1.0.0"));
  EXPECT_EQ(tag.summary(),
            "push to refs/tags/v1.0.0: tag 'v1.0.0' matches tags pattern "
            "'v*.*.*' → runs");
}
