// Whether each seed workflow runs for the four events of its documentation: a push to main,
// a push to develop, a pull request to main and a v1.0.0 tag. The table is derived by hand
// from each file's `on:`; `plan` (make_plan) and `triggers` (trigger::match) must both agree
// with it.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "pipewright/schedule/plan.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "test_support.hpp"

using namespace pipewright;

namespace {

struct row {
  const char* file;
  std::array<bool, 4> runs;  // push main, push develop, pull request to main, tag v1.0.0
};

// ai-etl-ci / raglite-ci: push [main, develop] + pull_request [main]; a branch-only push
//   filter does not run for tags.
// ai-etl-deploy: workflow_run only.
// engagement-deploy-main: push [main]. engagement-pr-validation: pull_request [main].
// melk-ci: push [main, develop] + tags v*.*.*, pull_request [main, develop].
// melk-cd / melk-docker-publish: push [main] + tags v*.*.*.
constexpr row table[] = {
    {"ai-etl-ci.yml", {true, true, true, false}},
    {"ai-etl-deploy.yml", {false, false, false, false}},
    {"engagement-deploy-main.yml", {true, false, false, false}},
    {"engagement-pr-validation.yml", {false, false, true, false}},
    {"melk-cd.yml", {true, false, false, true}},
    {"melk-ci.yml", {true, true, true, true}},
    {"melk-docker-publish.yml", {true, false, false, true}},
    {"raglite-ci.yml", {true, true, true, false}},
};

std::array<trigger::event, 4> events() {
  return {trigger::push_event("refs/heads/main"), trigger::push_event("refs/heads/develop"),
          trigger::pull_request_event("opened", "main"), trigger::push_event("refs/tags/v1.0.0")};
}

}  // namespace

TEST(SeedTriggers, PlanAndTriggersAgreeWithTheHandDerivedTable) {
  for (const row& r : table) {
    const std::string text = test::read_data(std::string("schedule/seeds/") + r.file);
    ASSERT_FALSE(text.empty()) << r.file;
    auto wf = yaml::load_workflow(text);
    ASSERT_TRUE(wf.ok()) << r.file;
    auto on = trigger::parse_on(wf->on);
    ASSERT_TRUE(on.ok()) << r.file;
    const auto evs = events();
    for (std::size_t k = 0; k < evs.size(); ++k) {
      const trigger::decision d = trigger::match(*on, evs[k]);
      EXPECT_EQ(d.runs, r.runs[k]) << r.file << " / " << d.event;
      schedule::plan_options o;
      o.event = evs[k];
      auto p = schedule::make_plan(*wf, o);
      ASSERT_TRUE(p.ok()) << r.file;
      EXPECT_EQ(p->runs, r.runs[k]) << r.file << " / " << p->summary;
      EXPECT_FALSE(p->summary.empty());
    }
  }
}
