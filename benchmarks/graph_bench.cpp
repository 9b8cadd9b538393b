// Dependency resolution: pipewright's graph/ beside Boost.Graph and a straightforward
// unordered_map<string, vector<string>> Kahn, in one process, on the same graphs.
//
// Graphs (deterministic): layered DAGs of 10^4, 10^5 and 10^6 jobs with 4 needs per job
// (each job needs 4 jobs of the previous layer, layers of 1,000), a 10^6 chain, a 10^5
// fan-in (one job needs all others), a 10^6-job ring for cycle detection with its path, and
// the 10^6 layered DAG declared in random order with every `needs` entry its own string
// (shape 4: no job order to exploit, no string shared between an id and a need).
//
// Rows:
//   Pipewright_NamesToWaves  job names + needs names -> interned ids, CSR, waves (resolve())
//   Pipewright_IdsToWaves    pre-interned edges -> CSR -> waves
//   Pipewright_Waves         prebuilt CSR -> waves
//   Pipewright_FindCycle     strongly connected components + one cycle path each
//   Boost_AdjList_Build / Boost_AdjList_Sort     adjacency_list<vecS, vecS, directedS> +
//                                                 topological_sort, timed separately
//   Boost_CSR_BuildSortLevels  compressed_sparse_row_graph + topological_sort + levels
//   Baseline_MapKahn          unordered_map<string, vector<string>> Kahn by levels
// Counter peak_extra_MiB: the most heap the measured call held at once (operator new is
// counted in this binary).
//
// Warm heap: at start-up the benchmark asks glibc to keep freed memory (mallopt), so that
// repeated iterations measure the algorithms, not the kernel zeroing fresh pages (on this
// machine a page fault costs about 7 µs: a one-shot 10^6-job resolution spends ~100 ms in
// them). Every row gets the same treatment. PIPEWRIGHT_BENCH_COLD=1 turns it off.

#include <benchmark/benchmark.h>

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#define PIPEWRIGHT_BENCH_HAS_MALLOPT 1
#endif

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#ifndef PIPEWRIGHT_BENCH_HAS_BOOST_GRAPH
#define PIPEWRIGHT_BENCH_HAS_BOOST_GRAPH 0
#endif
#if PIPEWRIGHT_BENCH_HAS_BOOST_GRAPH
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/topological_sort.hpp>
#endif

#include "pipewright/graph/algorithms.hpp"
#include "pipewright/graph/resolve.hpp"

// --- heap accounting ------------------------------------------------------------------------

namespace {
std::atomic<std::size_t> g_live{0};
std::atomic<std::size_t> g_peak{0};
struct header {
  std::size_t size;
  std::size_t pad;
};
}  // namespace

void* operator new(std::size_t n) {
  void* p = std::malloc(n + sizeof(header));
  if (p == nullptr) throw std::bad_alloc();
  static_cast<header*>(p)->size = n;
  const std::size_t live = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  std::size_t peak = g_peak.load(std::memory_order_relaxed);
  while (live > peak && !g_peak.compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
  return static_cast<header*>(p) + 1;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  header* h = static_cast<header*>(p) - 1;
  g_live.fetch_sub(h->size, std::memory_order_relaxed);
  std::free(h);
}
void operator delete(void* p, std::size_t) noexcept {
  operator delete(p);
}

namespace {

namespace pg = pipewright::graph;

const bool warm_heap = [] {
#ifdef PIPEWRIGHT_BENCH_HAS_MALLOPT
  const char* cold = std::getenv("PIPEWRIGHT_BENCH_COLD");
  if (cold == nullptr || std::string_view(cold) != "1") {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    return true;
  }
#endif
  return false;
}();

/// Runs `fn` once outside timing and returns the peak extra heap it used, in MiB.
template <class Fn>
double peak_extra_mib(Fn&& fn) {
  const std::size_t base = g_live.load();
  g_peak.store(base);
  fn();
  return static_cast<double>(g_peak.load() - base) / (1024.0 * 1024.0);
}

class rng {
 public:
  std::uint64_t next() noexcept {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

/// A graph as names (for the name-based rows) and as ids (for the id-based rows).
struct workload {
  std::vector<std::string> names;
  std::vector<std::string_view> ids;
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::string_view> needs;
  std::vector<pg::edge> edges;         // need -> job
  std::vector<std::string> need_text;  // the needs' own strings (shuffled shape only)

  void add_job(std::string name) { names.push_back(std::move(name)); }
  void finish_job() { offsets.push_back(static_cast<std::uint32_t>(needs.size())); }
  void need(std::uint32_t job, std::uint32_t from) {
    needs.emplace_back(names[from]);
    edges.emplace_back(from, job);
  }
  [[nodiscard]] pg::needs_list list() const { return {ids, offsets, needs}; }
};

enum class shape { layered, chain, fan_in, ring, shuffled };

/// The layered DAG with its jobs declared in random order (so about half the needs name a
/// job declared later) and every `needs` entry its own string, as a parsed workflow has it.
workload make_shuffled(std::uint32_t n) {
  workload w;
  rng r;
  std::vector<std::uint32_t> logical(n);  // declaration position -> layered job number
  for (std::uint32_t i = 0; i < n; ++i) logical[i] = i;
  for (std::uint32_t i = n; i > 1; --i) std::swap(logical[i - 1], logical[r.next() % i]);
  std::vector<std::uint32_t> position(n);
  for (std::uint32_t p = 0; p < n; ++p) position[logical[p]] = p;
  w.names.reserve(n);
  for (std::uint32_t p = 0; p < n; ++p) w.add_job("job-" + std::to_string(logical[p]));
  w.ids.assign(w.names.begin(), w.names.end());
  constexpr std::uint32_t layer = 1000;
  w.need_text.reserve(std::size_t{n} * 4);
  for (std::uint32_t p = 0; p < n; ++p) {
    const std::uint32_t j = logical[p];
    if (j >= layer) {
      const std::uint32_t prev = (j / layer - 1) * layer;
      for (int k = 0; k < 4; ++k) {
        const std::uint32_t from = prev + static_cast<std::uint32_t>(r.next() % layer);
        w.need_text.push_back("job-" + std::to_string(from));
        w.needs.emplace_back(w.need_text.back());
        w.edges.emplace_back(position[from], p);
      }
    }
    w.finish_job();
  }
  return w;
}

workload make(shape s, std::uint32_t n) {
  if (s == shape::shuffled) return make_shuffled(n);
  workload w;
  w.names.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) w.add_job("job-" + std::to_string(i));
  w.ids.assign(w.names.begin(), w.names.end());
  rng r;
  constexpr std::uint32_t layer = 1000;
  for (std::uint32_t j = 0; j < n; ++j) {
    switch (s) {
      case shape::layered:
        if (j >= layer) {
          const std::uint32_t prev = (j / layer - 1) * layer;
          for (int k = 0; k < 4; ++k) {
            w.need(j, prev + static_cast<std::uint32_t>(r.next() % layer));
          }
        }
        break;
      case shape::chain:
        if (j > 0) w.need(j, j - 1);
        break;
      case shape::fan_in:
        if (j == n - 1) {
          for (std::uint32_t k = 0; k + 1 < n; ++k) w.need(j, k);
        }
        break;
      case shape::ring: w.need(j, j == 0 ? n - 1 : j - 1); break;
      case shape::shuffled: break;
    }
    w.finish_job();
  }
  return w;
}

const workload& cached(shape s, std::uint32_t n) {
  static std::deque<std::pair<std::pair<shape, std::uint32_t>, workload>> cache;
  for (const auto& [key, w] : cache) {
    if (key.first == s && key.second == n) return w;
  }
  cache.emplace_back(std::make_pair(s, n), make(s, n));
  return cache.back().second;
}

shape shape_of(const benchmark::State& state) {
  return static_cast<shape>(state.range(0));
}
std::uint32_t size_of(const benchmark::State& state) {
  return static_cast<std::uint32_t>(state.range(1));
}

void report(benchmark::State& state, const workload& w, double mib) {
  state.counters["peak_extra_MiB"] = mib;
  state.counters["warm_heap"] = warm_heap ? 1 : 0;
  state.counters["edges"] = static_cast<double>(w.edges.size());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.names.size()));
}

void Pipewright_NamesToWaves(benchmark::State& state) {
  const workload& w = cached(shape_of(state), size_of(state));
  const pg::needs_list in = w.list();
  for (auto _ : state) {
    pg::resolution r = pg::resolve(in);
    benchmark::DoNotOptimize(r.waves.order.data());
  }
  const double mib = peak_extra_mib([&] {
    pg::resolution r = pg::resolve(in);
    if (!r.ok()) std::abort();
  });
  report(state, w, mib);
}

void Pipewright_IdsToWaves(benchmark::State& state) {
  const workload& w = cached(shape_of(state), size_of(state));
  for (auto _ : state) {
    const pg::csr_graph g = pg::csr_graph::from_edges(w.names.size(), w.edges);
    pg::waves waves = pg::topological_waves(g);
    benchmark::DoNotOptimize(waves.order.data());
  }
  const double mib = peak_extra_mib([&] {
    const pg::csr_graph g = pg::csr_graph::from_edges(w.names.size(), w.edges);
    if (!pg::topological_waves(g).complete()) std::abort();
  });
  report(state, w, mib);
}

void Pipewright_Waves(benchmark::State& state) {
  const workload& w = cached(shape_of(state), size_of(state));
  const pg::csr_graph g = pg::csr_graph::from_edges(w.names.size(), w.edges);
  for (auto _ : state) {
    pg::waves waves = pg::topological_waves(g);
    benchmark::DoNotOptimize(waves.order.data());
  }
  report(state, w, peak_extra_mib([&] { (void)pg::topological_waves(g); }));
}

void Pipewright_FindCycle(benchmark::State& state) {
  const workload& w = cached(shape::ring, size_of(state));
  const pg::csr_graph g = pg::csr_graph::from_edges(w.names.size(), w.edges);
  for (auto _ : state) {
    auto cycles = pg::find_cycles(g);
    if (cycles.size() != 1 || cycles[0].size() != w.names.size()) std::abort();
    benchmark::DoNotOptimize(cycles.data());
  }
  report(state, w, peak_extra_mib([&] { (void)pg::find_cycles(g); }));
}

void Baseline_MapKahn(benchmark::State& state) {
  const workload& w = cached(shape_of(state), size_of(state));
  // What most tools write: a map from each job to the jobs it needs, then Kahn by levels.
  std::unordered_map<std::string, std::vector<std::string>> needs_of;
  for (std::size_t j = 0; j < w.names.size(); ++j) {
    auto& list = needs_of[w.names[j]];
    for (std::uint32_t k = w.offsets[j]; k < w.offsets[j + 1]; ++k) {
      list.emplace_back(w.needs[k]);
    }
  }
  auto run = [&] {
    std::unordered_map<std::string, std::size_t> remaining;
    std::unordered_map<std::string, std::vector<std::string>> dependents;
    for (const auto& [job, needs] : needs_of) {
      remaining[job] = needs.size();
      for (const auto& n : needs) dependents[n].push_back(job);
    }
    std::vector<std::vector<std::string>> waves;
    std::vector<std::string> current;
    for (const auto& [job, count] : remaining) {
      if (count == 0) current.push_back(job);
    }
    while (!current.empty()) {
      std::vector<std::string> next;
      for (const auto& job : current) {
        for (const auto& d : dependents[job]) {
          if (--remaining[d] == 0) next.push_back(d);
        }
      }
      waves.push_back(std::move(current));
      current = std::move(next);
    }
    return waves.size();
  };
  for (auto _ : state) benchmark::DoNotOptimize(run());
  report(state, w, peak_extra_mib([&] { (void)run(); }));
}

#if PIPEWRIGHT_BENCH_HAS_BOOST_GRAPH
using adj_list = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

void Boost_AdjList_Build(benchmark::State& state) {
  const workload& w = cached(shape_of(state), size_of(state));
  for (auto _ : state) {
    adj_list g(w.names.size());
    for (const auto& e : w.edges) boost::add_edge(e.first, e.second, g);
    benchmark::DoNotOptimize(&g);
  }
  report(state, w, peak_extra_mib([&] {
           adj_list g(w.names.size());
           for (const auto& e : w.edges) boost::add_edge(e.first, e.second, g);
         }));
}

void Boost_AdjList_Sort(benchmark::State& state) {
  const workload& w = cached(shape_of(state), size_of(state));
  adj_list g(w.names.size());
  for (const auto& e : w.edges) boost::add_edge(e.first, e.second, g);
  std::vector<std::size_t> order;
  order.reserve(w.names.size());
  for (auto _ : state) {
    order.clear();
    boost::topological_sort(g, std::back_inserter(order));
    benchmark::DoNotOptimize(order.data());
  }
  report(state, w, peak_extra_mib([&] {
           std::vector<std::size_t> o;
           boost::topological_sort(g, std::back_inserter(o));
         }));
}

void Boost_CSR_BuildSortLevels(benchmark::State& state) {
  const workload& w = cached(shape_of(state), size_of(state));
  using csr = boost::compressed_sparse_row_graph<boost::directedS>;
  auto run = [&] {
    csr g(boost::edges_are_unsorted_multi_pass, w.edges.begin(), w.edges.end(), w.names.size());
    std::vector<std::size_t> order;
    order.reserve(w.names.size());
    boost::topological_sort(g, std::back_inserter(order));
    // topological_sort yields reverse topological order; levels from sources forward.
    std::vector<std::uint32_t> level(w.names.size(), 0);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      for (auto e : boost::make_iterator_range(boost::out_edges(*it, g))) {
        const auto t = boost::target(e, g);
        if (level[t] < level[*it] + 1) level[t] = level[*it] + 1;
      }
    }
    return level.size();
  };
  for (auto _ : state) benchmark::DoNotOptimize(run());
  report(state, w, peak_extra_mib([&] { (void)run(); }));
}
#endif

void layered_sizes(benchmark::internal::Benchmark* b) {
  for (const int n : {10'000, 100'000, 1'000'000}) b->Args({static_cast<int>(shape::layered), n});
  b->Args({static_cast<int>(shape::chain), 1'000'000});
  b->Args({static_cast<int>(shape::fan_in), 100'000});
  b->Args({static_cast<int>(shape::shuffled), 1'000'000});
  b->ArgNames({"shape", "jobs"});
  b->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(Pipewright_NamesToWaves)->Apply(layered_sizes);
BENCHMARK(Pipewright_IdsToWaves)->Apply(layered_sizes);
BENCHMARK(Pipewright_Waves)->Apply(layered_sizes);
BENCHMARK(Pipewright_FindCycle)
    ->Args({0, 1'000'000})
    ->ArgNames({"shape", "jobs"})
    ->Unit(benchmark::kMillisecond);
#if PIPEWRIGHT_BENCH_HAS_BOOST_GRAPH
BENCHMARK(Boost_AdjList_Build)->Apply(layered_sizes);
BENCHMARK(Boost_AdjList_Sort)->Apply(layered_sizes);
BENCHMARK(Boost_CSR_BuildSortLevels)->Apply(layered_sizes);
#endif
BENCHMARK(Baseline_MapKahn)
    ->Args({static_cast<int>(shape::layered), 10'000})
    ->Args({static_cast<int>(shape::layered), 100'000})
    ->Args({static_cast<int>(shape::layered), 1'000'000})
    ->ArgNames({"shape", "jobs"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
