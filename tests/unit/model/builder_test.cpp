// Tests of include/pipewright/model/builder.hpp.
#include "pipewright/model/builder.hpp"

#include <gtest/gtest.h>

#include "pipewright/yaml/workflow.hpp"

namespace model = pipewright::model;

TEST(ModelBuilder, BuildsAThreeJobPipelineLikeTheYamlReader) {
  using namespace pipewright::model;
  const workflow w =
      workflow_builder("CI")
          .on("push")
          .job(job_builder("build")
                   .runs_on("ubuntu-latest")
                   .step(uses_step("actions/checkout@v4"))
                   .step(run_step("make")))
          .job(job_builder("test")
                   .needs({"build"})
                   .runs_on("ubuntu-latest")
                   .step(run_step("make test").continue_on_error()))
          .job(job_builder("deploy")
                   .needs({"test"})
                   .if_("github.ref == 'refs/heads/main'")
                   .runs_on("ubuntu-latest")
                   .environment("production")
                   .step(run_step("make deploy").env("TOKEN", "${{ secrets.TOKEN }}")))
          .build();
  auto yaml = pipewright::yaml::load_workflow(
      "name: CI\non: push\njobs:\n"
      "  build:\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - uses: actions/checkout@v4\n      - run: make\n"
      "  test:\n    needs: build\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - run: make test\n        continue-on-error: true\n"
      "  deploy:\n    needs: test\n    if: github.ref == 'refs/heads/main'\n"
      "    runs-on: ubuntu-latest\n    environment: production\n    steps:\n"
      "      - run: make deploy\n        env:\n          TOKEN: ${{ secrets.TOKEN }}\n");
  ASSERT_TRUE(yaml);
  ASSERT_EQ(w.jobs.size(), yaml->jobs.size());
  for (std::size_t i = 0; i < w.jobs.size(); ++i) {
    const job& a = w.jobs[i];
    const job& b = yaml->jobs[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.needs, b.needs);
    EXPECT_EQ(a.condition.text, b.condition.text);
    ASSERT_EQ(a.steps.size(), b.steps.size());
    for (std::size_t k = 0; k < a.steps.size(); ++k) EXPECT_EQ(a.steps[k].id, b.steps[k].id);
  }
  EXPECT_EQ(w.jobs[2].condition.text, "success() && (github.ref == 'refs/heads/main')");
  EXPECT_TRUE(w.jobs[2].steps[0].env.find("token")->is_expression());
}

TEST(ModelBuilder, CheckReportsNeedsProblems) {
  using namespace pipewright::model;
  auto r = workflow_builder()
               .on("push")
               .job(job_builder("a").needs({"b"}).runs_on("x"))
               .job(job_builder("b").needs({"a"}).runs_on("x"))
               .check();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.diagnostics().front().message,
            "The workflow must contain at least one job with no dependencies.");
}
