#include "pipewright/graph/algorithms.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <list>
#include <string>
#include <utility>
#include <vector>

using namespace pipewright::graph;

namespace {
csr_graph make(std::size_t n, std::vector<edge> edges) {
  return csr_graph::from_edges(n, edges);
}
std::vector<vertex> wave_of(const waves& w, std::size_t k) {
  auto s = w.wave(k);
  return {s.begin(), s.end()};
}
}  // namespace

TEST(CsrGraph, KeepsSuccessorsInGivenOrder) {
  const csr_graph g = make(4, {{0, 2}, {0, 1}, {2, 3}, {1, 3}});
  EXPECT_EQ(g.vertex_count(), 4u);
  EXPECT_EQ(g.edge_count(), 4u);
  ASSERT_EQ(g.successors(0).size(), 2u);
  EXPECT_EQ(g.successors(0)[0], 2u);
  EXPECT_EQ(g.successors(0)[1], 1u);
  EXPECT_TRUE(g.successors(3).empty());
  const csr_graph r = g.reversed();
  ASSERT_EQ(r.successors(3).size(), 2u);
  EXPECT_EQ(r.successors(3)[0], 1u);  // predecessors in id order
  EXPECT_EQ(r.successors(3)[1], 2u);
}

TEST(Waves, AreKahnLevelsWithTiesByDeclarationOrder) {
  // 0 -> 2 -> 4, 1 -> 3 -> 4, 3 -> 5; 6 stands alone.
  const csr_graph g = make(7, {{3, 5}, {0, 2}, {2, 4}, {1, 3}, {3, 4}});
  const waves w = topological_waves(g);
  ASSERT_TRUE(w.complete());
  ASSERT_EQ(w.wave_count(), 3u);
  EXPECT_EQ(wave_of(w, 0), (std::vector<vertex>{0, 1, 6}));
  EXPECT_EQ(wave_of(w, 1), (std::vector<vertex>{2, 3}));
  EXPECT_EQ(wave_of(w, 2), (std::vector<vertex>{4, 5}));
  EXPECT_EQ(w.level[4], 2u);
}

TEST(Waves, AVertexGoesInTheWaveAfterItsDeepestPredecessor) {
  const csr_graph g = make(4, {{0, 1}, {1, 2}, {0, 3}, {2, 3}});
  const waves w = topological_waves(g);
  EXPECT_EQ(w.level[3], 3u);
  EXPECT_EQ(topological_order(g), (std::vector<vertex>{0, 1, 2, 3}));
}

TEST(Waves, CyclesLeaveVerticesUnplaced) {
  const csr_graph g = make(4, {{0, 1}, {1, 2}, {2, 1}, {2, 3}});
  const waves w = topological_waves(g);
  EXPECT_FALSE(w.complete());
  EXPECT_EQ(w.level[0], 0u);
  EXPECT_EQ(w.level[1], waves::unplaced);
  EXPECT_EQ(w.level[3], waves::unplaced);
  EXPECT_TRUE(topological_order(g).empty());
}

TEST(Waves, EmptyGraph) {
  const waves w = topological_waves(csr_graph{});
  EXPECT_TRUE(w.complete());
  EXPECT_EQ(w.wave_count(), 0u);
}

// Waves by definition: a vertex's level is the longest path to it. Relaxing every edge
// with levels capped at n converges to it; vertices on or behind a cycle grow to the cap.
waves reference_waves(std::size_t n, const std::vector<edge>& edges) {
  const auto cap = static_cast<std::uint32_t>(n);
  std::vector<std::uint32_t> level(n, 0);
  for (std::size_t round = 0; round < 3 * n + 3; ++round) {
    for (const auto& [a, b] : edges) level[b] = std::min(cap, std::max(level[b], level[a] + 1));
  }
  waves w;
  std::uint32_t max_level = 0;
  for (std::size_t v = 0; v < n; ++v) {
    w.level.push_back(level[v] == cap ? waves::unplaced : level[v]);
    if (level[v] != cap) max_level = std::max(max_level, level[v]);
  }
  for (std::uint32_t k = 0; k <= max_level; ++k) {
    for (vertex v = 0; v < n; ++v) {
      if (w.level[v] == k) w.order.push_back(v);
    }
    if (!w.order.empty()) w.starts.push_back(static_cast<std::uint32_t>(w.order.size()));
  }
  return w;
}

TEST(Waves, MatchTheDefinitionOnRandomGraphsForwardBackwardAndCyclic) {
  std::uint64_t state = 12345;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 300; ++round) {
    const auto n = static_cast<vertex>(1 + next() % 40);
    const int kind = round % 3;  // 0: every edge forward, 1: relabelled DAG, 2: anything
    std::vector<vertex> label(n);
    for (vertex v = 0; v < n; ++v) label[v] = v;
    if (kind == 1) {
      for (vertex v = n; v > 1; --v) std::swap(label[v - 1], label[next() % v]);
    }
    std::vector<edge> edges;
    const std::size_t e = next() % (3 * std::size_t{n} + 1);
    for (std::size_t i = 0; i < e; ++i) {
      auto a = static_cast<vertex>(next() % n);
      auto b = static_cast<vertex>(next() % n);
      if (kind != 2) {
        if (a == b) continue;
        if (a > b) std::swap(a, b);
      }
      edges.emplace_back(label[a], label[b]);
    }
    const waves got = topological_waves(make(n, edges));
    const waves want = reference_waves(n, edges);
    ASSERT_EQ(got.level, want.level) << "round " << round;
    ASSERT_EQ(got.order, want.order) << "round " << round;
    ASSERT_EQ(got.starts, want.starts) << "round " << round;
    if (kind != 2) {
      ASSERT_TRUE(got.complete());
    }
  }
}

TEST(Cycles, OnePerComponentWithItsPath) {
  // Component {1,2,3}: 1 -> 2 -> 3 -> 1 and a chord 2 -> 1. Component {4}: self-loop.
  // Component {5,6}. Vertex 0 and 7 are acyclic.
  const csr_graph g =
      make(8, {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {2, 1}, {4, 4}, {5, 6}, {6, 5}, {6, 7}});
  const auto cycles = find_cycles(g);
  ASSERT_EQ(cycles.size(), 3u);
  EXPECT_EQ(cycles[0], (cycle{1, 2}));  // the shortest cycle through the lowest vertex
  EXPECT_EQ(cycles[1], (cycle{4}));
  EXPECT_EQ(cycles[2], (cycle{5, 6}));
}

TEST(Cycles, EveryReportedCycleIsARealCycle) {
  // A larger graph: a ring of 50 plus chords and an acyclic tail.
  std::vector<edge> edges;
  for (vertex v = 0; v < 50; ++v) edges.emplace_back(v, (v + 1) % 50);
  for (vertex v = 0; v < 50; v += 7) edges.emplace_back(v, (v + 13) % 50);
  for (vertex v = 50; v < 99; ++v) edges.emplace_back(v, v + 1);
  const csr_graph g = make(100, edges);
  const auto cycles = find_cycles(g);
  ASSERT_EQ(cycles.size(), 1u);
  const cycle& c = cycles[0];
  for (std::size_t i = 0; i < c.size(); ++i) {
    const vertex from = c[i];
    const vertex to = c[(i + 1) % c.size()];
    bool found = false;
    for (const vertex t : g.successors(from)) found = found || t == to;
    EXPECT_TRUE(found) << from << " -> " << to;
  }
  EXPECT_LT(c.size(), 50u);  // a chord makes it shorter than the ring
}

TEST(Cycles, NoneInADag) {
  EXPECT_TRUE(find_cycles(make(3, {{0, 1}, {1, 2}, {0, 2}})).empty());
}

TEST(Cycles, DeepChainsDoNotOverflowTheStack) {
  std::vector<edge> edges;
  const vertex n = 200000;
  for (vertex v = 0; v + 1 < n; ++v) edges.emplace_back(v, v + 1);
  edges.emplace_back(n - 1, 0);
  const auto cycles = find_cycles(make(n, edges));
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].size(), n);
}

TEST(CriticalPath, FollowsTheHeaviestChain) {
  // 0(1) -> 1(5) -> 3(1); 0 -> 2(2) -> 3
  const csr_graph g = make(4, {{0, 1}, {0, 2}, {1, 3}, {2, 3}});
  const std::vector<double> weight{1, 5, 2, 1};
  const auto r = critical_path(g, weight);
  EXPECT_EQ(r.length, 7.0);
  EXPECT_EQ(r.path, (std::vector<vertex>{0, 1, 3}));
  EXPECT_EQ(r.finish[2], 3.0);
}

TEST(CriticalPath, TiesGoToTheLowestId) {
  const csr_graph g = make(3, {{0, 2}, {1, 2}});
  const std::vector<double> weight{2, 2, 1};
  EXPECT_EQ(critical_path(g, weight).path, (std::vector<vertex>{0, 2}));
}

// A user's own graph type works with every algorithm.
struct adjacency_lists {
  std::vector<std::vector<int>> succ;
  std::size_t vertex_count() const { return succ.size(); }
  const std::vector<int>& successors(vertex v) const { return succ[v]; }
};
static_assert(small_graph<adjacency_lists>);

// Successors in a list (walked, not indexed) work too; a type whose successors are not a range
// of vertex ids is not a graph.
struct linked_successors {
  std::vector<std::list<vertex>> succ;
  std::size_t vertex_count() const { return succ.size(); }
  std::list<vertex> successors(vertex v) const { return succ[v]; }
};
struct scalar_successors {
  std::size_t vertex_count() const { return 1; }
  vertex successors(vertex) const { return 0; }
};
struct named_successors {
  std::size_t vertex_count() const { return 1; }
  std::vector<std::string> successors(vertex) const { return {}; }
};
static_assert(small_graph<linked_successors>);
static_assert(!small_graph<scalar_successors>);
static_assert(!small_graph<named_successors>);
static_assert(!small_graph<int>);

TEST(SmallGraphConcept, ListSuccessorsAreWalked) {
  linked_successors g{{{2, 1}, {2}, {}}};
  EXPECT_EQ(topological_order(g), (std::vector<vertex>{0, 1, 2}));
  linked_successors c{{{1}, {2}, {0}}};
  EXPECT_EQ(find_cycles(c).size(), 1u);
}

TEST(SmallGraphConcept, AlgorithmsAcceptOtherModels) {
  adjacency_lists g{{{1}, {2}, {}}};
  EXPECT_EQ(topological_order(g), (std::vector<vertex>{0, 1, 2}));
  adjacency_lists c{{{1}, {0}}};
  EXPECT_EQ(find_cycles(c).size(), 1u);
}
