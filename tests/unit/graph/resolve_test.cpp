#include "pipewright/graph/resolve.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
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

// resolve() against a definition written the slow way: ids matched by pairwise iequals,
// waves by relaxing edges, GitHub's per-entry problems; on random workflows with duplicate
// ids in other cases, unknown and non-ASCII names, needs in both directions and cycles.
TEST(Resolve, MatchesAPairwiseDefinitionOnRandomWorkflows) {
  using pipewright::detail::iequals;
  std::uint64_t state = 777;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::vector<std::string> stems = {"a",
                                          "build",
                                          "Test",
                                          "deploy-1",
                                          "release-notes",
                                          "x-very-long-job-name-07",
                                          "\xc3\xa9t\xc3\xa9",
                                          "\xc3\x89T\xc3\x89",
                                          "unknown"};
  for (int round = 0; round < 400; ++round) {
    const std::size_t n = 1 + next() % 12;
    std::vector<std::string> storage;
    storage.reserve(n * 6);
    auto name = [&] {
      std::string s = stems[next() % stems.size()] + std::to_string(next() % 4);
      for (char& c : s) {
        if (next() % 3 == 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      }
      storage.push_back(std::move(s));
      return std::string_view(storage.back());
    };
    jobs j;
    std::vector<std::string_view> all_ids;
    for (std::size_t i = 0; i < n; ++i) all_ids.push_back(name());
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::string_view> needs;
      const std::size_t count = next() % 4;
      for (std::size_t k = 0; k < count; ++k) {
        // Mostly an existing id (any case), sometimes a random name.
        if (next() % 5 == 0) {
          needs.push_back(name());
        } else {
          std::string s(all_ids[next() % n]);
          for (char& c : s) {
            if (c >= 'A' && c <= 'Z' && next() % 2 == 0) c = static_cast<char>(c + 32);
          }
          storage.push_back(std::move(s));
          needs.emplace_back(storage.back());
        }
      }
      j.job(all_ids[i], needs);
    }
    const needs_list in = j.list();
    const resolution r = resolve(in);

    // Ids: the first job spelled the same way, ignoring case.
    std::vector<std::uint32_t> first(n);
    std::vector<vertex> job_vertex(n);
    std::vector<std::uint32_t> vertex_job;
    std::vector<vertex> duplicates;
    for (std::size_t a = 0; a < n; ++a) {
      first[a] = static_cast<std::uint32_t>(a);
      for (std::size_t b = 0; b < a; ++b) {
        if (iequals(in.ids[a], in.ids[b])) {
          first[a] = static_cast<std::uint32_t>(b);
          break;
        }
      }
      if (first[a] == a) {
        job_vertex[a] = static_cast<vertex>(vertex_job.size());
        vertex_job.push_back(static_cast<std::uint32_t>(a));
      } else {
        job_vertex[a] = job_vertex[first[a]];
        duplicates.push_back(static_cast<vertex>(a));
      }
    }
    ASSERT_EQ(r.job_vertex, job_vertex) << "round " << round;
    ASSERT_EQ(r.vertex_job, vertex_job);
    ASSERT_EQ(r.duplicate_ids, duplicates);
    // Needs: edges in job order, unknown entries.
    std::vector<std::vector<vertex>> succ(vertex_job.size());
    std::vector<edge> edges;
    std::vector<vertex> from(in.needs.size(), name_interner::npos);
    std::vector<need_problem> problems;
    bool any_free = false;
    for (std::size_t a = 0; a < n; ++a) {
      if (in.need_offsets[a] == in.need_offsets[a + 1]) any_free = true;
      for (std::uint32_t k = in.need_offsets[a]; k < in.need_offsets[a + 1]; ++k) {
        for (std::size_t b = 0; b < n && from[k] == name_interner::npos; ++b) {
          if (iequals(in.ids[b], in.needs[k])) from[k] = job_vertex[b];
        }
        if (from[k] == name_interner::npos) {
          problems.push_back({static_cast<vertex>(a), k - in.need_offsets[a], true});
        } else {
          succ[from[k]].push_back(job_vertex[a]);
          edges.emplace_back(from[k], job_vertex[a]);
        }
      }
    }
    EXPECT_EQ(r.no_start_job, !any_free);
    for (vertex v = 0; v < succ.size(); ++v) {
      const auto s = r.graph.successors(v);
      ASSERT_EQ(std::vector<vertex>(s.begin(), s.end()), succ[v]) << "round " << round;
    }
    // Waves: longest path to each vertex; on or behind a cycle: unplaced.
    const std::size_t v_count = vertex_job.size();
    const auto cap = static_cast<std::uint32_t>(v_count);
    std::vector<std::uint32_t> level(v_count, 0);
    for (std::size_t pass = 0; pass < 3 * v_count + 3; ++pass) {
      for (const auto& [a, b] : edges) level[b] = std::min(cap, std::max(level[b], level[a] + 1));
    }
    for (vertex v = 0; v < v_count; ++v) {
      ASSERT_EQ(r.waves.level[v], level[v] == cap ? waves::unplaced : level[v])
          << "round " << round << " vertex " << v;
    }
    for (std::size_t k = 0; k < r.waves.wave_count(); ++k) {
      const auto w = r.waves.wave(k);
      ASSERT_FALSE(w.empty());
      ASSERT_TRUE(std::is_sorted(w.begin(), w.end()));
      for (const vertex v : w) ASSERT_EQ(r.waves.level[v], k);
    }
    // Problems: unknown entries, then, with a cycle, every entry between unplaced jobs.
    if (!r.waves.complete()) {
      EXPECT_FALSE(r.cycles.empty());
      for (std::size_t a = 0; a < n; ++a) {
        if (level[job_vertex[a]] != cap) continue;
        for (std::uint32_t k = in.need_offsets[a]; k < in.need_offsets[a + 1]; ++k) {
          if (from[k] != name_interner::npos && level[from[k]] == cap) {
            problems.push_back({static_cast<vertex>(a), k - in.need_offsets[a], false});
          }
        }
      }
      std::stable_sort(problems.begin(), problems.end(), [](const auto& x, const auto& y) {
        return x.job != y.job ? x.job < y.job : x.entry < y.entry;
      });
    } else {
      EXPECT_TRUE(r.cycles.empty());
    }
    ASSERT_EQ(r.problems.size(), problems.size()) << "round " << round;
    for (std::size_t i = 0; i < problems.size(); ++i) {
      EXPECT_EQ(r.problems[i].job, problems[i].job);
      EXPECT_EQ(r.problems[i].entry, problems[i].entry);
      EXPECT_EQ(r.problems[i].unknown, problems[i].unknown);
    }
  }
}

// The name table's string checks: long names, names that differ only in the tail word,
// ids in mixed case, and more jobs than one cache region.
TEST(Resolve, ResolvesManyLongNamesAcrossRegions) {
  const std::size_t n = 70000;
  std::vector<std::string> names;
  names.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    names.push_back("Pipeline-Stage-Number-" + std::to_string(i) + "-of-the-big-workflow");
  }
  std::vector<std::string> lower;
  for (std::size_t i = 0; i < n; ++i) {
    std::string s = names[i];
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    lower.push_back(std::move(s));
  }
  jobs j;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 0) {
      j.job(names[i]);
    } else {
      j.job(names[i], {lower[i - 1], lower[i / 2]});  // needs spelled in lower case
    }
  }
  const std::string missing = "pipeline-stage-number-70000-of-the-big-workflow";
  j.job("extra", {missing});
  const auto in = j.list();
  const resolution r = resolve(in);
  EXPECT_TRUE(r.duplicate_ids.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].job, n);
  EXPECT_TRUE(r.problems[0].unknown);
  EXPECT_EQ(r.waves.wave_count(), n);  // a chain through i - 1
  EXPECT_EQ(r.graph.edge_count(), 2 * (n - 1));
  EXPECT_EQ(r.waves.level[n - 1], n - 1);
}
