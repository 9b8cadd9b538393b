/// @file csr.hpp
/// The job graph's storage: a directed graph over integer ids in compressed sparse row form,
/// and the small graph concept every algorithm in graph/ accepts.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace graph {

/// A vertex id: a dense index from 0 to vertex_count() - 1.
using vertex = std::uint32_t;
/// An edge from `first` to `second` (for jobs: `second` needs `first`).
using edge = std::pair<vertex, vertex>;

/// What the algorithms need of a graph: a vertex count and the successors of a vertex as a
/// range of vertex ids. pipewright's `csr_graph` models it; so can a user's own type.
/// (Stated with `<iterator>`'s concepts rather than `<ranges>`', which would cost every
/// translation unit that includes the library 0.3 G instructions of g++: docs/performance.md.)
template <class G>
concept small_graph = requires(const G& g, vertex v) {
  { g.vertex_count() } -> std::convertible_to<std::size_t>;
  g.successors(v);
}
&&requires(decltype(std::declval<const G&>().successors(vertex{}))& range) {
  requires std::input_iterator<decltype(std::begin(range))>;
  requires std::sentinel_for<decltype(std::end(range)), decltype(std::begin(range))>;
  requires std::convertible_to<std::iter_value_t<decltype(std::begin(range))>, vertex>;
};

/// A directed graph in compressed sparse row form: one offsets array (`uint32_t`, V + 1) and
/// one targets array (E). Successors of a vertex keep the order their edges were given in.
class csr_graph {
 public:
  csr_graph() = default;

  /// Builds a graph of `n` vertices from `edges` (any order; duplicates are kept).
  /// Precondition: every endpoint is below `n`. O(V + E), two passes over the edges.
  static csr_graph from_edges(std::size_t n, std::span<const edge> edges) {
    csr_graph g;
    g.offsets_.assign(n + 1, 0);
    for (const edge& e : edges) ++g.offsets_[e.first + 1];
    for (std::size_t v = 0; v < n; ++v) g.offsets_[v + 1] += g.offsets_[v];
    g.targets_.resize(edges.size());
    std::vector<std::uint32_t> fill(g.offsets_.begin(), g.offsets_.end() - 1);
    for (const edge& e : edges) g.targets_[fill[e.first]++] = e.second;
    return g;
  }

  /// Builds from ready CSR arrays. Precondition: `offsets` has V + 1 non-decreasing entries
  /// starting at 0 and ending at targets.size(); every target is below V.
  static csr_graph from_csr(std::vector<std::uint32_t> offsets, std::vector<vertex> targets) {
    csr_graph g;
    g.offsets_ = std::move(offsets);
    g.targets_ = std::move(targets);
    if (g.offsets_.empty()) g.offsets_.push_back(0);
    return g;
  }

  [[nodiscard]] std::size_t vertex_count() const noexcept {
    return offsets_.empty() ? 0 : offsets_.size() - 1;
  }
  [[nodiscard]] std::size_t edge_count() const noexcept { return targets_.size(); }
  /// The vertices `v` has edges to, in the order given.
  [[nodiscard]] std::span<const vertex> successors(vertex v) const noexcept {
    return {targets_.data() + offsets_[v], targets_.data() + offsets_[v + 1]};
  }
  [[nodiscard]] std::size_t out_degree(vertex v) const noexcept {
    return offsets_[v + 1] - offsets_[v];
  }

  /// The same graph with every edge turned around (successors become predecessors).
  [[nodiscard]] csr_graph reversed() const {
    const std::size_t n = vertex_count();
    csr_graph r;
    r.offsets_.assign(n + 1, 0);
    for (const vertex t : targets_) ++r.offsets_[t + 1];
    for (std::size_t v = 0; v < n; ++v) r.offsets_[v + 1] += r.offsets_[v];
    r.targets_.resize(targets_.size());
    std::vector<std::uint32_t> fill(r.offsets_.begin(), r.offsets_.end() - 1);
    for (vertex v = 0; v < n; ++v) {
      for (const vertex t : successors(v)) r.targets_[fill[t]++] = v;
    }
    return r;
  }

  [[nodiscard]] std::span<const std::uint32_t> offsets() const noexcept { return offsets_; }
  [[nodiscard]] std::span<const vertex> targets() const noexcept { return targets_; }

 private:
  std::vector<std::uint32_t> offsets_{0};
  std::vector<vertex> targets_;
};

static_assert(small_graph<csr_graph>);

}  // namespace graph
}  // namespace v0
}  // namespace pipewright
