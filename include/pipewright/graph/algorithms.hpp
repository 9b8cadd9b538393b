/// @file algorithms.hpp
/// Topological order, waves (Kahn levels), every cycle with its path, and the critical
/// path, on any graph that models `small_graph`. Ties always break by vertex id, which for
/// jobs is declaration order, so results are deterministic. Every function is `constexpr`
/// (transient allocation only), so static_ runs the same code during compilation.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/graph/csr.hpp"

namespace pipewright {
inline namespace v0 {
namespace graph {

/// The vertices grouped into waves: wave 0 has no predecessors, wave k+1 only predecessors
/// in waves 0..k, each vertex in the earliest wave it can run in. Inside a wave, vertices are
/// in id order.
struct waves {
  /// Every ordered vertex, wave by wave.
  std::vector<vertex> order;
  /// `order[starts[k] .. starts[k+1])` is wave k; size wave_count() + 1.
  std::vector<std::uint32_t> starts{0};
  /// The wave of each vertex; `unplaced` for vertices on or behind a cycle.
  std::vector<std::uint32_t> level;

  static constexpr std::uint32_t unplaced = std::numeric_limits<std::uint32_t>::max();

  [[nodiscard]] constexpr std::size_t wave_count() const noexcept { return starts.size() - 1; }
  [[nodiscard]] constexpr std::span<const vertex> wave(std::size_t k) const noexcept {
    return {order.data() + starts[k], order.data() + starts[k + 1]};
  }
  /// True when every vertex was placed (the graph has no cycle).
  [[nodiscard]] constexpr bool complete() const noexcept { return order.size() == level.size(); }
};

namespace detail {

/// The waves from each vertex's level (`waves::unplaced` for none), `placed` of them placed,
/// the deepest at `max_level`: a counting sort that scans ids in order, so each wave comes
/// out in declaration order.
constexpr waves waves_from_levels(std::vector<std::uint32_t> level, std::size_t placed,
                                  std::uint32_t max_level) {
  waves w;
  w.level = std::move(level);
  const std::size_t wave_count = placed == 0 ? 0 : std::size_t{max_level} + 1;
  w.starts.assign(wave_count + 1, 0);
  for (const std::uint32_t l : w.level) {
    if (l != waves::unplaced) ++w.starts[l + 1];
  }
  for (std::size_t k = 0; k < wave_count; ++k) w.starts[k + 1] += w.starts[k];
  // assign, not resize: clang 14 cannot constant-evaluate libstdc++'s resize() of a trivial type.
  w.order.assign(placed, vertex{0});
  std::vector<std::uint32_t> fill(w.starts.begin(), w.starts.end() - 1);
  const std::size_t n = w.level.size();
  for (vertex v = 0; v < n; ++v) {
    if (w.level[v] != waves::unplaced) w.order[fill[w.level[v]]++] = v;
  }
  return w;
}

}  // namespace detail

/// Kahn's algorithm by levels. O(V + E) time, three V-sized arrays; no comparisons sort.
/// Vertices on a cycle, or downstream of one, are left out (`complete()` is false).
/// When every edge goes to a higher id (jobs that only need jobs declared before them), id
/// order is already a topological order and one pass in it gives every level, with no
/// in-degrees or queue; otherwise the first backward edge sends it to Kahn's algorithm.
template <small_graph G>
constexpr waves topological_waves(const G& g) {
  const std::size_t n = g.vertex_count();
  std::vector<std::uint32_t> level(n, 0);
  std::uint32_t max_level = 0;
  bool forward = true;
  for (vertex v = 0; v < n && forward; ++v) {
    const std::uint32_t next = level[v] + 1;
    max_level = std::max(max_level, level[v]);
    for (const auto t_ : g.successors(v)) {
      const auto t = static_cast<vertex>(t_);
      if (t <= v) {
        forward = false;
        break;
      }
      level[t] = std::max(level[t], next);
    }
  }
  if (forward) return detail::waves_from_levels(std::move(level), n, max_level);

  std::vector<std::uint32_t> indegree(n, 0);
  for (vertex v = 0; v < n; ++v) {
    for (const auto t : g.successors(v)) ++indegree[static_cast<vertex>(t)];
  }
  // Level by level: a vertex joins the next wave when the last of its predecessors, which
  // is in the deepest predecessor wave, is taken from the current one.
  level.assign(n, waves::unplaced);
  std::vector<vertex> queue;
  queue.reserve(n);
  for (vertex v = 0; v < n; ++v) {
    if (indegree[v] == 0) {
      queue.push_back(v);
      level[v] = 0;
    }
  }
  std::uint32_t wave = 0;
  for (std::size_t head = 0; head < queue.size(); ++wave) {
    const std::size_t end = queue.size();
    for (; head < end; ++head) {
      for (const auto t_ : g.successors(queue[head])) {
        const auto t = static_cast<vertex>(t_);
        if (--indegree[t] == 0) {
          level[t] = wave + 1;
          queue.push_back(t);
        }
      }
    }
  }
  max_level = queue.empty() ? 0 : level[queue.back()];
  return detail::waves_from_levels(std::move(level), queue.size(), max_level);
}

/// A topological order (wave by wave, ids in order inside a wave); empty when the graph has
/// a cycle.
template <small_graph G>
constexpr std::vector<vertex> topological_order(const G& g) {
  waves w = topological_waves(g);
  if (!w.complete()) return {};
  return std::move(w.order);
}

/// One cycle: its vertices in order, each with an edge to the next and the last to the first.
using cycle = std::vector<vertex>;

/// One cycle per strongly connected component that has one (a component of two or more
/// vertices, or a vertex with an edge to itself), each the shortest cycle through the
/// component's lowest vertex. Components come in order of their lowest vertex.
/// O(V + E) for the components (Tarjan's algorithm, iterative) plus a breadth-first search
/// inside each cyclic component.
template <small_graph G>
constexpr std::vector<cycle> find_cycles(const G& g) {
  const std::size_t n = g.vertex_count();
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> index(n, none);
  std::vector<std::uint32_t> low(n, 0);
  std::vector<std::uint32_t> component(n, none);
  std::vector<char> on_stack(n, 0);
  std::vector<vertex> stack;
  struct frame {
    vertex v;
    std::uint32_t next;  // how many successors were visited
  };
  std::vector<frame> call;
  std::uint32_t counter = 0;
  std::uint32_t components = 0;
  // The k-th successor of v: indexed for random-access ranges, walked otherwise.
  auto next_successor = [&g](vertex v, std::uint32_t k, vertex& out) {
    const auto range = g.successors(v);
    using iterator = decltype(std::begin(range));
    if constexpr (std::random_access_iterator<iterator> &&
                  std::sized_sentinel_for<decltype(std::end(range)), iterator>) {
      const auto first = std::begin(range);
      if (k >= static_cast<std::uint32_t>(std::end(range) - first)) return false;
      out = static_cast<vertex>(first[k]);
      return true;
    } else {
      std::uint32_t i = 0;
      for (const auto t : range) {
        if (i++ == k) {
          out = static_cast<vertex>(t);
          return true;
        }
      }
      return false;
    }
  };

  for (vertex root = 0; root < n; ++root) {
    if (index[root] != none) continue;
    call.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call.empty()) {
      frame& f = call.back();
      vertex t = 0;
      if (next_successor(f.v, f.next, t)) {
        ++f.next;
        if (index[t] == none) {
          index[t] = low[t] = counter++;
          stack.push_back(t);
          on_stack[t] = 1;
          call.push_back({t, 0});
        } else if (on_stack[t] != 0) {
          low[f.v] = std::min(low[f.v], index[t]);
        }
        continue;
      }
      const vertex v = f.v;
      call.pop_back();
      if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
      if (low[v] == index[v]) {
        vertex w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          component[w] = components;
        } while (w != v);
        ++components;
      }
    }
  }

  // Size of each component and whether it has a self-loop.
  std::vector<std::uint32_t> size(components, 0);
  std::vector<vertex> lowest(components, none);
  std::vector<char> self_loop(components, 0);
  for (vertex v = 0; v < n; ++v) {
    const std::uint32_t c = component[v];
    ++size[c];
    if (lowest[c] == none) lowest[c] = v;
    for (const auto t : g.successors(v)) {
      if (static_cast<vertex>(t) == v) self_loop[c] = 1;
    }
  }
  std::vector<cycle> out;
  std::vector<vertex> parent(n, none);
  std::vector<vertex> frontier;
  for (vertex start = 0; start < n; ++start) {
    const std::uint32_t c = component[start];
    if (lowest[c] != start || (size[c] < 2 && self_loop[c] == 0)) continue;
    if (self_loop[c] != 0 && size[c] == 1) {
      out.push_back({start});
      continue;
    }
    // Breadth-first search from `start` inside its component, back to `start`.
    frontier.assign(1, start);
    std::vector<vertex> touched{start};
    parent[start] = start;
    vertex closing = none;
    for (std::size_t head = 0; head < frontier.size() && closing == none; ++head) {
      const vertex v = frontier[head];
      for (const auto t_ : g.successors(v)) {
        const auto t = static_cast<vertex>(t_);
        if (component[t] != c) continue;
        if (t == start) {
          closing = v;
          break;
        }
        if (parent[t] == none) {
          parent[t] = v;
          touched.push_back(t);
          frontier.push_back(t);
        }
      }
    }
    cycle path;
    for (vertex v = closing; v != start; v = parent[v]) path.push_back(v);
    path.push_back(start);
    std::reverse(path.begin(), path.end());
    out.push_back(std::move(path));
    for (const vertex v : touched) parent[v] = none;
  }
  return out;
}

/// The longest path through the graph when each vertex takes `weight[v]`.
struct critical_path_result {
  double length = 0;           ///< total weight of the path
  std::vector<vertex> path;    ///< its vertices, first to last
  std::vector<double> finish;  ///< earliest finish of each vertex (start 0, no limits)
};

/// The critical path (longest weighted path) of an acyclic graph; ties go to the lowest id.
/// On a graph with a cycle, only the vertices that could be ordered count.
/// Precondition: weight.size() == vertex_count(). O(V + E).
template <small_graph G>
constexpr critical_path_result critical_path(const G& g, std::span<const double> weight) {
  const std::size_t n = g.vertex_count();
  critical_path_result r;
  r.finish.assign(n, 0);
  std::vector<double> start(n, 0);
  std::vector<vertex> best_pred(n, std::numeric_limits<vertex>::max());
  const waves w = topological_waves(g);
  // Wave order is a topological order.
  for (const vertex v : w.order) {
    r.finish[v] = start[v] + weight[v];
    for (const auto t_ : g.successors(v)) {
      const auto t = static_cast<vertex>(t_);
      // Vertices come in increasing id order inside a wave, so on a tie the first (lowest)
      // predecessor stays.
      if (best_pred[t] == std::numeric_limits<vertex>::max() || r.finish[v] > start[t]) {
        start[t] = r.finish[v];
        best_pred[t] = v;
      }
    }
  }
  vertex end = std::numeric_limits<vertex>::max();
  for (const vertex v : w.order) {
    if (end == std::numeric_limits<vertex>::max() || r.finish[v] > r.finish[end] ||
        (r.finish[v] == r.finish[end] && v < end)) {
      end = v;
    }
  }
  if (end == std::numeric_limits<vertex>::max()) return r;
  r.length = r.finish[end];
  for (vertex v = end; v != std::numeric_limits<vertex>::max(); v = best_pred[v]) {
    r.path.push_back(v);
  }
  std::reverse(r.path.begin(), r.path.end());
  return r;
}

}  // namespace graph
}  // namespace v0
}  // namespace pipewright
