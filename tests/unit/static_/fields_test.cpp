// Tests of the keys added to include/pipewright/static_/definition.hpp for issue 8 item 3:
// event filters and activity types, workflow_dispatch inputs, run-name, concurrency,
// defaults.run and container, through to_model, to_yaml and the YAML loader.
#include <gtest/gtest.h>

#include <string>

#include "../../static/fields_definition.hpp"
#include "pipewright/static_/convert.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

namespace model = pipewright::model;
using pipewright::value;
using pipewright_test::fields_workflow;

TEST(StaticFields, ConvertToTheModelTheReaderMakes) {
  auto m = pipewright::static_::to_model(fields_workflow);
  ASSERT_TRUE(m) << m.diagnostics().front().message;
  EXPECT_TRUE(m.diagnostics().empty());
  ASSERT_TRUE(m->run_name.has_value());
  EXPECT_EQ(m->run_name->raw.as_string(), "Release ${{ inputs.level }} by @${{ github.actor }}");
  EXPECT_TRUE(m->run_name->is_expression());
  ASSERT_TRUE(m->concurrency.has_value());
  EXPECT_EQ(m->concurrency->group.raw.as_string(), "release-${{ github.ref }}");
  ASSERT_TRUE(m->concurrency->cancel_in_progress.has_value());
  EXPECT_EQ(m->concurrency->cancel_in_progress->raw, value(true));
  ASSERT_TRUE(m->defaults.has_value());
  EXPECT_EQ(m->defaults->shell->raw.as_string(), "bash");
  EXPECT_EQ(m->defaults->working_directory->raw.as_string(), "scripts");

  const value& on = m->on;
  const value* push = on.as_object().find("push");
  ASSERT_NE(push, nullptr);
  EXPECT_EQ(push->as_object().find("tags")->as_array().size(), 1u);
  EXPECT_EQ(push->as_object().find("paths-ignore")->as_array()[0].as_string(), "docs/**");
  EXPECT_EQ(push->as_object().find("branches")->as_array()[1].as_string(), "release/**");
  const value* pr = on.as_object().find("pull_request");
  ASSERT_NE(pr, nullptr);
  EXPECT_EQ(pr->as_object().find("types")->as_array().size(), 3u);
  EXPECT_EQ(pr->as_object().find("branches-ignore")->as_array()[0].as_string(), "wip/**");
  EXPECT_EQ(pr->as_object().find("paths")->as_array()[0].as_string(), "src/**");
  const value* target = on.as_object().find("pull_request_target");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(target->as_object().find("branches")->as_array()[0].as_string(), "main");
  EXPECT_EQ(target->as_object().find("types")->as_array()[0].as_string(), "labeled");
  const value* inputs = on.as_object().find("workflow_dispatch")->as_object().find("inputs");
  ASSERT_NE(inputs, nullptr);
  const value* level = inputs->as_object().find("level");
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->as_object().find("type")->as_string(), "choice");
  EXPECT_EQ(*level->as_object().find("required"), value(true));
  EXPECT_EQ(level->as_object().find("options")->as_array().size(), 3u);
  EXPECT_EQ(*inputs->as_object().find("dry-run")->as_object().find("default"), value(false));
  EXPECT_EQ(*inputs->as_object().find("retries")->as_object().find("default"), value(3.0));
  EXPECT_NE(on.as_object().find("release"), nullptr);

  ASSERT_EQ(m->jobs.size(), 2u);
  const model::job& build = m->jobs[0];
  ASSERT_TRUE(build.container.has_value());
  EXPECT_EQ(build.container->image->raw.as_string(), "node:20");
  EXPECT_EQ(build.container->raw.as_object().find("options")->as_string(), "--cpus 1");
  EXPECT_EQ(build.container->raw.as_object().find("env")->as_object().size(), 2u);
  ASSERT_TRUE(build.concurrency.has_value());
  EXPECT_EQ(build.concurrency->cancel_in_progress->raw.as_string(),
            "${{ github.ref != 'refs/heads/main' }}");
  ASSERT_TRUE(build.defaults.has_value());
  EXPECT_FALSE(build.defaults->shell.has_value());
  EXPECT_EQ(build.defaults->working_directory->raw.as_string(), "web");
  const model::job& publish = m->jobs[1];
  ASSERT_TRUE(publish.concurrency.has_value());
  EXPECT_EQ(publish.concurrency->group.raw.as_string(), "publish");
  EXPECT_FALSE(publish.concurrency->cancel_in_progress.has_value());
  EXPECT_EQ(publish.defaults->shell->raw.as_string(), "pwsh");
}

TEST(StaticFields, YamlLoadsBackToAnEqualModel) {
  auto direct = pipewright::static_::to_model(fields_workflow);
  ASSERT_TRUE(direct);
  const std::string yaml = pipewright::static_::to_yaml(fields_workflow);
  auto loaded = pipewright::yaml::load_workflow(yaml);
  ASSERT_TRUE(loaded) << yaml << "\n" << loaded.diagnostics().front().message;
  EXPECT_TRUE(loaded.diagnostics().empty()) << yaml;
  EXPECT_EQ(direct->on, loaded->on) << yaml;
  EXPECT_EQ(direct->run_name->raw, loaded->run_name->raw);
  EXPECT_EQ(direct->concurrency->group.raw, loaded->concurrency->group.raw);
  EXPECT_EQ(direct->concurrency->cancel_in_progress->raw,
            loaded->concurrency->cancel_in_progress->raw);
  EXPECT_EQ(direct->defaults->shell->raw, loaded->defaults->shell->raw);
  EXPECT_EQ(direct->defaults->working_directory->raw, loaded->defaults->working_directory->raw);
  ASSERT_EQ(direct->jobs.size(), loaded->jobs.size());
  for (std::size_t j = 0; j < direct->jobs.size(); ++j) {
    const model::job& x = direct->jobs[j];
    const model::job& y = loaded->jobs[j];
    ASSERT_EQ(x.container.has_value(), y.container.has_value()) << x.id;
    if (x.container) {
      EXPECT_EQ(x.container->raw, y.container->raw) << x.id;
    }
    ASSERT_EQ(x.concurrency.has_value(), y.concurrency.has_value()) << x.id;
    EXPECT_EQ(x.concurrency->group.raw, y.concurrency->group.raw) << x.id;
    ASSERT_EQ(x.concurrency->cancel_in_progress.has_value(),
              y.concurrency->cancel_in_progress.has_value());
    ASSERT_EQ(x.defaults.has_value(), y.defaults.has_value()) << x.id;
    EXPECT_EQ(x.defaults->shell.has_value(), y.defaults->shell.has_value()) << x.id;
    EXPECT_EQ(x.condition.text, y.condition.text) << x.id;
  }
  // The exact text of the new keys.
  EXPECT_NE(yaml.find("run-name: Release ${{ inputs.level }} by @${{ github.actor }}\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("    tags:\n      - v*\n    paths-ignore:\n      - docs/**\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("  pull_request_target:\n    branches:\n      - main\n    types:\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("concurrency:\n  group: release-${{ github.ref }}\n"
                      "  cancel-in-progress: true\n"),
            std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("    concurrency: publish\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("    container:\n      image: node:20\n"), std::string::npos) << yaml;
}

}  // namespace
