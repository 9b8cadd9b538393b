/// @file resolve.hpp
/// From job ids and their `needs` (names) to the integer graph, its waves and GitHub's
/// diagnostics: unknown jobs, cycles (each with its path), no job without dependencies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/graph/algorithms.hpp"
#include "pipewright/graph/csr.hpp"

namespace pipewright {
inline namespace v0 {
namespace graph {

/// Maps names to dense ids, ignoring case as GitHub does for job ids; the first spelling
/// wins. Open addressing over 64-bit slots (32-bit hash tag + id), so a probe rarely touches
/// a name that does not match; names are not copied, so the strings must outlive the
/// interner.
class name_interner {
 public:
  static constexpr vertex npos = static_cast<vertex>(-1);

  /// Room for `n` names without rehashing.
  void reserve(std::size_t n) {
    names_.reserve(n);
    if (n * 2 > slots_.size()) rehash(n * 2);
  }

  /// The id of `name`, adding it when new; `added` tells which.
  vertex intern(std::string_view name, bool& added) {
    if ((names_.size() + 1) * 2 > slots_.size()) {
      rehash(slots_.empty() ? 16 : slots_.size() * 2);
    }
    const std::uint64_t h = pipewright::detail::ihash(name);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = static_cast<std::size_t>(h) & mask;; s = (s + 1) & mask) {
      const std::uint64_t slot = slots_[s];
      if (slot == 0) {
        const auto id = static_cast<vertex>(names_.size());
        names_.push_back(name);
        slots_[s] = make_slot(h, id);
        added = true;
        return id;
      }
      if (matches(slot, h, name)) {
        added = false;
        return id_of(slot);
      }
    }
  }

  /// The id of `name`, or npos.
  [[nodiscard]] vertex find(std::string_view name) const noexcept {
    return slots_.empty() ? npos : probe(name, pipewright::detail::ihash(name));
  }

  /// Looks up every key at once (`out[k]` = find(keys[k])). The same answers as find(), but
  /// software-pipelined: for a key `ahead` places down the list the hash is computed and its
  /// table slot prefetched; two thirds of the way the slot is read and the candidate name
  /// prefetched; one third of the way that name's characters are prefetched. Cache misses on
  /// large tables then overlap instead of adding up.
  void find_many(std::span<const std::string_view> keys, std::span<vertex> out) const noexcept {
    if (slots_.empty()) {
      for (vertex& o : out) o = npos;
      return;
    }
    pipeline(keys, [&](std::size_t k, std::uint64_t h) { out[k] = probe(keys[k], h); });
  }

  /// Interns every key in order (`out[k]` = intern(keys[k])), pipelined like find_many().
  /// `added[k]` tells whether key k was new. Precondition: reserve(size() + keys.size()).
  void intern_many(std::span<const std::string_view> keys, std::span<vertex> out,
                   std::vector<bool>& added) {
    added.assign(keys.size(), false);
    if ((names_.size() + keys.size()) * 2 > slots_.size()) reserve(names_.size() + keys.size());
    pipeline(keys, [&](std::size_t k, std::uint64_t h) {
      const std::size_t mask = slots_.size() - 1;
      for (std::size_t s = static_cast<std::size_t>(h) & mask;; s = (s + 1) & mask) {
        const std::uint64_t slot = slots_[s];
        if (slot == 0) {
          out[k] = static_cast<vertex>(names_.size());
          names_.push_back(keys[k]);
          slots_[s] = make_slot(h, out[k]);
          added[k] = true;
          return;
        }
        if (matches(slot, h, keys[k])) {
          out[k] = id_of(slot);
          return;
        }
      }
    });
  }

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] std::string_view name(vertex id) const noexcept { return names_[id]; }

 private:
  static std::uint64_t make_slot(std::uint64_t h, vertex id) noexcept {
    return (h & 0xFFFFFFFF00000000ull) | (std::uint64_t{id} + 1);
  }
  static vertex id_of(std::uint64_t slot) noexcept {
    return static_cast<vertex>((slot & 0xFFFFFFFFu) - 1);
  }
  [[nodiscard]] bool matches(std::uint64_t slot, std::uint64_t h,
                             std::string_view name) const noexcept {
    return (slot >> 32) == (h >> 32) && pipewright::detail::iequals(names_[id_of(slot)], name);
  }
  [[nodiscard]] vertex probe(std::string_view name, std::uint64_t h) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = static_cast<std::size_t>(h) & mask;; s = (s + 1) & mask) {
      const std::uint64_t slot = slots_[s];
      if (slot == 0) return npos;
      if (matches(slot, h, name)) return id_of(slot);
    }
  }
  /// Calls `step(k, hash of keys[k])` for every k in order, prefetching ahead (see
  /// find_many()). The prefetches are hints: `step` sees the table as it is at its turn.
  template <class Step>
  void pipeline(std::span<const std::string_view> keys, Step&& step) const {
    constexpr std::size_t ahead = 24;
    const std::size_t n = keys.size();
    const std::size_t mask = slots_.size() - 1;
    std::uint64_t ring[ahead] = {};
    auto slot_of = [&](std::size_t k) -> std::uint64_t {
      return slots_[static_cast<std::size_t>(ring[k % ahead]) & mask];
    };
    for (std::size_t k = 0; k < n && k < ahead; ++k) {
      ring[k] = pipewright::detail::ihash(keys[k]);
      prefetch(&slots_[static_cast<std::size_t>(ring[k]) & mask]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint64_t h = ring[k % ahead];
      if (k + ahead * 2 / 3 < n) {
        const std::uint64_t slot = slot_of(k + ahead * 2 / 3);
        if (slot != 0 && id_of(slot) < names_.size()) prefetch(&names_[id_of(slot)]);
      }
      if (k + ahead / 3 < n) {
        const std::uint64_t slot = slot_of(k + ahead / 3);
        if (slot != 0 && id_of(slot) < names_.size()) prefetch(names_[id_of(slot)].data());
      }
      step(k, h);
      if (k + ahead < n) {
        const std::uint64_t next = pipewright::detail::ihash(keys[k + ahead]);
        ring[k % ahead] = next;
        prefetch(&slots_[static_cast<std::size_t>(next) & mask]);
      }
    }
  }
  static void prefetch(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
  }
  void rehash(std::size_t want) {
    std::size_t cap = 16;
    while (cap < want) cap *= 2;
    slots_.assign(cap, 0);
    const std::size_t mask = cap - 1;
    for (vertex id = 0; id < names_.size(); ++id) {
      const std::uint64_t h = pipewright::detail::ihash(names_[id]);
      std::size_t s = static_cast<std::size_t>(h) & mask;
      while (slots_[s] != 0) s = (s + 1) & mask;
      slots_[s] = make_slot(h, id);
    }
  }

  std::vector<std::string_view> names_;
  std::vector<std::uint64_t> slots_;
};

/// Jobs and their needs as flat arrays: job `j` is `ids[j]`, and needs
/// `needs[need_offsets[j] .. need_offsets[j+1])`. Precondition: need_offsets.size() ==
/// ids.size() + 1, non-decreasing, ending at needs.size().
struct needs_list {
  std::span<const std::string_view> ids;
  std::span<const std::uint32_t> need_offsets;
  std::span<const std::string_view> needs;
};

/// One `needs:` entry GitHub reports: it names no job, or it closes a cycle.
struct need_problem {
  vertex job = 0;           ///< the job whose `needs` holds the entry
  std::uint32_t entry = 0;  ///< the entry's index in that job's `needs`
  bool unknown = false;     ///< true: no such job; false: it is part of or behind a cycle
};

/// The resolved dependency graph.
struct resolution {
  /// Edges from each needed job to the job that needs it (unknown needs left out).
  csr_graph graph;
  /// The waves; `complete()` is false when there is a cycle.
  graph::waves waves;
  /// One cycle per strongly connected component that has one.
  std::vector<cycle> cycles;
  /// GitHub's per-entry errors: unknown jobs, and entries left unresolved by a cycle.
  std::vector<need_problem> problems;
  /// Jobs whose id repeats an earlier one (ignoring case); they map to the earlier id.
  std::vector<vertex> duplicate_ids;
  /// True when every job has needs (GitHub: "must contain at least one job with no
  /// dependencies").
  bool no_start_job = false;
  /// The id of each job in `ids` order (duplicates map to the first).
  std::vector<vertex> job_vertex;
  /// The job (index in `ids`) each vertex stands for: its first occurrence.
  std::vector<std::uint32_t> vertex_job;

  [[nodiscard]] bool ok() const noexcept {
    return problems.empty() && cycles.empty() && !no_start_job && duplicate_ids.empty();
  }
};

/// Resolves names to the graph, its waves, cycles and problems. O(V + E) expected time;
/// extra memory at most: the name table (16 bytes per job), 12 bytes per `needs` entry while
/// names are matched, then the CSR arrays and the waves. Precondition: fewer than 2^32 - 1
/// jobs and `needs` entries.
PIPEWRIGHT_DECL resolution resolve(const needs_list& in);

/// GitHub's diagnostics for a resolution, in job order, without source spans (the workflow
/// reader adds them): PW0701 unknown job, PW0702 cycle (with the cycle's path as a note),
/// PW0703 no job without dependencies, PW0704 duplicate job id.
PIPEWRIGHT_DECL std::vector<diagnostic> describe(const resolution& r, const needs_list& in);

}  // namespace graph
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/graph/resolve_impl.hpp"
#endif
