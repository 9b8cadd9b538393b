// export_::write_plan_json() against json::write(plan_json()): the streamed text and the
// value describe one schema, so each plan's two forms must be the same bytes.
#include "pipewright/export/plan.hpp"

#include <gtest/gtest.h>

#include <string>

#include "pipewright/schedule/plan.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"

namespace {

namespace pw = pipewright;

/// The workflow's plan and run written both ways; fails the test when it does not plan.
void expect_same_json(const std::string& text, bool with_run) {
  auto wf = pw::yaml::load_workflow(text);
  ASSERT_TRUE(wf) << text;
  auto p = pw::schedule::make_plan(*wf);
  ASSERT_TRUE(p);
  // Each form this test is meant to cover is there: a pending and an invalid matrix.
  bool pending = false;
  bool invalid = false;
  for (const pw::schedule::plan_job& j : p->jobs) {
    pending = pending || j.matrix_pending;
    invalid = invalid || !j.matrix_error.empty();
  }
  if (text.find("fromJSON") != std::string::npos) {
    EXPECT_TRUE(pending);
    EXPECT_TRUE(invalid);
  }
  const pw::schedule::run_result r = pw::schedule::run_plan(*p);
  const pw::schedule::run_result* run = with_run ? &r : nullptr;
  std::string via_value = "prefix ";
  pw::json::write(via_value, pw::export_::plan_json(*p, run), pw::json::compact_style);
  std::string streamed = "prefix ";
  pw::export_::write_plan_json(streamed, *p, run);
  EXPECT_EQ(streamed, via_value);
}

const char* const matrix_with_steps = R"(on: push
env:
  LEVEL: ${{ github.ref_name }}
jobs:
  build:
    name: build ${{ matrix.os }} "quoted"
    runs-on: ${{ matrix.os }}
    env:
      TARGET: ${{ matrix.arch }}-x
    concurrency: group-${{ matrix.os }}
    continue-on-error: ${{ matrix.arch == 'arm' }}
    strategy:
      matrix:
        os: [ubuntu-latest, windows-latest]
        arch: [x64, arm]
        include:
          - os: ubuntu-latest
            extra: 1.5
    steps:
      - uses: actions/checkout@v4
      - run: make
        if: env.TARGET != 'arm-x'
        env:
          OWN: ${{ matrix.os }}
  test:
    needs: build
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo "tab	and ünïcode"
)";

const char* const pending_and_invalid = R"(on: push
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      list: ${{ steps.x.outputs.list }}
    steps:
      - id: x
        run: echo
  fan:
    needs: setup
    runs-on: ubuntu-latest
    strategy:
      matrix: ${{ fromJSON(needs.setup.outputs.list) }}
    steps:
      - run: echo ${{ matrix.x }}
  broken:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        os: ${{ fromJSON('[]') }}
    steps:
      - run: echo
)";

}  // namespace

TEST(PlanJson, StreamedTextIsTheValuesCompactText) {
  expect_same_json(matrix_with_steps, true);
  expect_same_json(matrix_with_steps, false);
}

TEST(PlanJson, StreamedTextMatchesForPendingAndInvalidMatrices) {
  expect_same_json(pending_and_invalid, true);
  expect_same_json(pending_and_invalid, false);
}

TEST(PlanJson, ExtraMembersFollowThePlansAtTheTopLevel) {
  auto wf = pw::yaml::load_workflow(matrix_with_steps);
  ASSERT_TRUE(wf);
  auto p = pw::schedule::make_plan(*wf);
  ASSERT_TRUE(p);
  pw::object extra;
  extra.insert("contexts", pw::value::make_object({{"github", p->github}}));
  std::string streamed;
  pw::export_::write_plan_json(streamed, *p, nullptr, &extra);
  pw::value v = pw::export_::plan_json(*p);
  v.as_object().insert_or_assign("contexts", pw::value::make_object({{"github", p->github}}));
  EXPECT_EQ(streamed, pw::json::dump(v, pw::json::compact_style));
}
