#include "pipewright/graph/resolve.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace pipewright::graph;

namespace {

// Builds a needs_list from a readable description.
struct jobs {
  std::vector<std::string_view> ids;
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::string_view> needs;
  jobs& job(std::string_view id, std::vector<std::string_view> n = {}) {
    ids.push_back(id);
    needs.insert(needs.end(), n.begin(), n.end());
    offsets.push_back(static_cast<std::uint32_t>(needs.size()));
    return *this;
  }
  needs_list list() const { return {ids, offsets, needs}; }
};

std::vector<std::string> messages(const resolution& r, const needs_list& in) {
  std::vector<std::string> out;
  for (const auto& d : describe(r, in)) out.push_back(d.code + " " + d.message);
  return out;
}

}  // namespace

TEST(NameInterner, IgnoresCaseAndKeepsTheFirstSpelling) {
  name_interner names;
  bool added = false;
  EXPECT_EQ(names.intern("Build", added), 0u);
  EXPECT_TRUE(added);
  EXPECT_EQ(names.intern("BUILD", added), 0u);
  EXPECT_FALSE(added);
  EXPECT_EQ(names.intern("test", added), 1u);
  EXPECT_EQ(names.find("build"), 0u);
  EXPECT_EQ(names.find("deploy"), name_interner::npos);
  EXPECT_EQ(names.name(0), "Build");
  for (int i = 0; i < 10000; ++i) {
    static std::vector<std::string> keep(10000);
    keep[static_cast<std::size_t>(i)] = "job-" + std::to_string(i);
    names.intern(keep[static_cast<std::size_t>(i)], added);
  }
  EXPECT_EQ(names.find("JOB-9999"), 10001u);
}

TEST(Resolve, ProducesWavesForAValidWorkflow) {
  jobs j;
  j.job("lint")
      .job("build", {"lint"})
      .job("test", {"BUILD"})
      .job("docs")
      .job("deploy", {"test", "docs"});
  const auto in = j.list();
  const resolution r = resolve(in);
  EXPECT_TRUE(r.ok());
  ASSERT_EQ(r.waves.wave_count(), 4u);
  EXPECT_EQ(r.waves.wave(0).size(), 2u);  // lint, docs
  EXPECT_EQ(r.waves.level[r.job_vertex[4]], 3u);
  EXPECT_TRUE(describe(r, in).empty());
}

// GitHub's parser suite: errors-job-needs-unknown-job.yml
TEST(Resolve, ReportsEveryUnknownNeedAsGithubDoes) {
  jobs j;
  j.job("one", {"two"}).job("three", {"four", "five"}).job("six");
  const auto in = j.list();
  const resolution r = resolve(in);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(messages(r, in),
            (std::vector<std::string>{"PW0701 Job 'one' depends on unknown job 'two'.",
                                      "PW0701 Job 'three' depends on unknown job 'four'.",
                                      "PW0701 Job 'three' depends on unknown job 'five'."}));
  ASSERT_EQ(r.problems.size(), 3u);
  EXPECT_EQ(r.problems[2].entry, 1u);
}

// GitHub's parser suite: errors-job-needs-cycle.yml
TEST(Resolve, ReportsCyclesPerEntryWithThePath) {
  jobs j;
  j.job("one").job("two", {"one", "three"}).job("three", {"two"});
  const auto in = j.list();
  const resolution r = resolve(in);
  EXPECT_EQ(messages(r, in),
            (std::vector<std::string>{
                "PW0702 Job 'two' depends on job 'three' which creates a cycle in the dependency "
                "graph.",
                "PW0702 Job 'three' depends on job 'two' which creates a cycle in the dependency "
                "graph."}));
  const auto d = describe(r, in);
  ASSERT_EQ(d[0].notes.size(), 1u);
  EXPECT_EQ(d[0].notes[0], "cycle: two -> three -> two");
  ASSERT_EQ(r.cycles.size(), 1u);
}

// GitHub's parser suite: errors-job-needs-no-start-node.yml
TEST(Resolve, NeedsAJobWithoutDependencies) {
  jobs j;
  j.job("one", {"two"}).job("two", {"one"});
  const auto in = j.list();
  const resolution r = resolve(in);
  EXPECT_TRUE(r.no_start_job);
  const auto m = messages(r, in);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0], "PW0703 The workflow must contain at least one job with no dependencies.");
}

TEST(Resolve, JobsDownstreamOfACycleAreUnresolvedButNotCyclic) {
  jobs j;
  j.job("a").job("b", {"a", "c"}).job("c", {"b"}).job("d", {"c"});
  const auto in = j.list();
  const resolution r = resolve(in);
  ASSERT_EQ(r.cycles.size(), 1u);
  const auto d = describe(r, in);
  ASSERT_EQ(d.size(), 3u);          // b->c, c->b, d->c, as GitHub lists every unresolved entry
  EXPECT_TRUE(d[2].notes.empty());  // d is not on the cycle
}

TEST(Resolve, DuplicateIdsIgnoringCaseAreReported) {
  jobs j;
  j.job("build").job("Build");
  const auto in = j.list();
  const resolution r = resolve(in);
  EXPECT_EQ(r.duplicate_ids, (std::vector<vertex>{1}));
  EXPECT_EQ(r.job_vertex[1], 0u);
  EXPECT_FALSE(r.ok());
}
