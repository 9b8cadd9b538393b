/// @file resolve.hpp
/// From job ids and their `needs` (names) to the integer graph, its waves and GitHub's
/// diagnostics: unknown jobs, cycles (each with its path), no job without dependencies.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
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

namespace detail {

/// A hash of a job name that agrees with detail::iequals. ASCII names (the usual case) go
/// word by word with SWAR upper-casing, the last partial word as one overlapping load;
/// others through detail::ihash. Sound because an ASCII name never equals a non-ASCII one
/// ignoring case (see detail::ihash).
inline std::uint64_t name_hash(std::string_view s) noexcept {
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  constexpr std::uint64_t mul = 0x9FB21C651E98DF25ull;
  const std::size_t n = s.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  std::uint64_t seen = 0;
  auto add = [&](std::uint64_t w) {
    seen |= w;
    h = (h ^ pipewright::detail::ascii_upper8(w)) * mul;
    h ^= h >> 29;
  };
  if (n >= 8) {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&w, s.data() + i, 8);
      add(w);
    }
    std::memcpy(&w, s.data() + n - 8, 8);
    add(w);
  } else {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i) {
      w |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
    }
    add(w);
  }
  if ((seen & highs) != 0) return pipewright::detail::ihash(s);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

/// Job names to the job that first spelled them (ignoring case), for resolve(). An open
/// addressing table of 64-bit slots (high 32 bits of the hash as a tag, job index + 1),
/// filled and probed one cache-sized region at a time: names are hashed in one sequential
/// pass, bucketed by region with a counting sort, then each region's inserts or probes run
/// while its part of the table is in cache. A table probe compares no strings: it yields the
/// job whose tag matches, verified later by is() in declaration order, where names declared
/// close together are also close in memory; only a failed check probes again with string
/// compares (exact()). Names are not copied. Precondition: fewer than 2^32 - 1 jobs.
class name_table {
 public:
  static constexpr std::uint32_t none = 0xFFFFFFFFu;
  /// log2 of the slots in one region: 2^14 slots of 8 bytes, 128 KiB, fit a core's L2.
  static constexpr int region_bits = 14;

  /// Builds the table from `ids`; `first[j]` is the index of the first job spelled like job
  /// j (j itself when new). Precondition: first.size() == ids.size().
  name_table(std::span<const std::string_view> ids, std::span<std::uint32_t> first) : ids_(ids) {
    const std::size_t n = ids.size();
    bits_ = 4;
    while ((std::size_t{1} << bits_) < 2 * n) ++bits_;
    region_shift_ = bits_ > region_bits ? 32 - (bits_ - region_bits) : 32;
    slots_.assign(std::size_t{1} << bits_, 0);
    // `first` holds each id's tag until its turn comes.
    const auto order = bucket(ids, first);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t e = order[i];
      const auto tag = static_cast<std::uint32_t>(e >> 32);
      const auto j = static_cast<std::uint32_t>(e);
      for (std::size_t s = slot_of(tag);; s = (s + 1) & mask) {
        const std::uint64_t slot = slots_[s];
        if (slot == 0) {
          slots_[s] = (std::uint64_t{tag} << 32) | (std::uint64_t{j} + 1);
          first[j] = j;
          break;
        }
        const auto other = static_cast<std::uint32_t>(slot) - 1;
        if (static_cast<std::uint32_t>(slot >> 32) == tag &&
            pipewright::detail::iequals(ids[other], ids[j])) {
          first[j] = other;  // regions keep ids in order: `other` came first
          break;
        }
      }
    }
  }

  /// For every name, a candidate job: `out[k]` is `none` when no job can be called
  /// `names[k]`, else a job whose tag matches, to check with is().
  void candidates(std::span<const std::string_view> names, std::span<std::uint32_t> out) const {
    const auto order = bucket(names, out);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::uint64_t e = order[i];
      const auto tag = static_cast<std::uint32_t>(e >> 32);
      std::uint32_t found = none;
      for (std::size_t s = slot_of(tag);; s = (s + 1) & mask) {
        const std::uint64_t slot = slots_[s];
        if (slot == 0) break;
        if (static_cast<std::uint32_t>(slot >> 32) == tag) {
          found = static_cast<std::uint32_t>(slot) - 1;
          break;
        }
      }
      out[static_cast<std::uint32_t>(e)] = found;
    }
  }

  /// True when job `j` is called `name` (ignoring case).
  [[nodiscard]] bool is(std::uint32_t j, std::string_view name) const noexcept {
    const std::string_view id = ids_[j];
    if (id.size() != name.size()) return false;
    // Short names byte-equal in one or two (overlapping) loads: no call for the usual hit.
    const std::size_t n = id.size();
    if (n >= 8 && n <= 16) {
      std::uint64_t a[2] = {};
      std::uint64_t b[2] = {};
      std::memcpy(&a[0], id.data(), 8);
      std::memcpy(&a[1], id.data() + n - 8, 8);
      std::memcpy(&b[0], name.data(), 8);
      std::memcpy(&b[1], name.data() + n - 8, 8);
      if (a[0] == b[0] && a[1] == b[1]) return true;
    }
    return pipewright::detail::iequals(id, name);
  }

  /// The first job called `name`, or `none`, comparing strings on every tag match.
  [[nodiscard]] std::uint32_t exact(std::string_view name) const noexcept {
    const auto tag = static_cast<std::uint32_t>(name_hash(name) >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = slot_of(tag);; s = (s + 1) & mask) {
      const std::uint64_t slot = slots_[s];
      if (slot == 0) return none;
      const auto j = static_cast<std::uint32_t>(slot) - 1;
      if (static_cast<std::uint32_t>(slot >> 32) == tag && is(j, name)) return j;
    }
  }

 private:
  /// The home slot of a tag: its top bits, so the top bits of the tag pick the region.
  [[nodiscard]] std::size_t slot_of(std::uint32_t tag) const noexcept {
    return bits_ <= 32 ? std::size_t{tag} >> (32 - bits_) : std::size_t{tag} << (bits_ - 32);
  }
  [[nodiscard]] std::size_t region_of(std::uint32_t tag) const noexcept {
    return region_shift_ >= 32 ? 0 : std::size_t{tag} >> region_shift_;
  }
  /// Every name as (tag << 32 | index), grouped by region, in index order inside a region.
  /// `scratch` (one entry per name) holds the tags in between.
  [[nodiscard]] std::unique_ptr<std::uint64_t[]> bucket(std::span<const std::string_view> names,
                                                        std::span<std::uint32_t> scratch) const {
    const std::size_t regions = region_shift_ >= 32 ? 1 : std::size_t{1} << (32 - region_shift_);
    std::vector<std::uint32_t> start(regions + 1, 0);
    for (std::size_t k = 0; k < names.size(); ++k) {
      scratch[k] = static_cast<std::uint32_t>(name_hash(names[k]) >> 32);
      ++start[region_of(scratch[k]) + 1];
    }
    for (std::size_t r = 0; r < regions; ++r) start[r + 1] += start[r];
    auto order = std::make_unique_for_overwrite<std::uint64_t[]>(names.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
      order[start[region_of(scratch[k])]++] = (std::uint64_t{scratch[k]} << 32) | k;
    }
    return order;
  }

  std::span<const std::string_view> ids_;
  std::vector<std::uint64_t> slots_;
  int bits_ = 4;
  int region_shift_ = 32;
};

}  // namespace detail

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
inline resolution resolve(const needs_list& in) {
  constexpr std::uint32_t none = detail::name_table::none;
  resolution r;
  const std::size_t n = in.ids.size();
  // Names to job indices: `first` for the ids, `from` for the needs (candidates until
  // checked below).
  const std::size_t m = in.needs.size();
  const auto from = std::make_unique_for_overwrite<std::uint32_t[]>(m);
  r.job_vertex.resize(n);
  const detail::name_table table(in.ids, r.job_vertex);
  table.candidates(in.needs, {from.get(), m});
  // Vertices in order of first occurrence; with no duplicate id, vertex j is job j.
  r.vertex_job.reserve(n);
  for (std::size_t j = 0; j < n; ++j) {
    if (r.job_vertex[j] == j) {
      r.job_vertex[j] = static_cast<vertex>(r.vertex_job.size());
      r.vertex_job.push_back(static_cast<std::uint32_t>(j));
    } else {
      r.job_vertex[j] = r.job_vertex[r.job_vertex[j]];
      r.duplicate_ids.push_back(static_cast<vertex>(j));
    }
  }
  const bool duplicates = !r.duplicate_ids.empty();
  const std::size_t v_count = r.vertex_job.size();
  // One pass in declaration order: check each candidate, turn it into a vertex, count the
  // edges out of each needed job, and, while every job only needs jobs declared before it,
  // take each job's wave as one more than its deepest need's (then declaration order is a
  // topological order and no Kahn pass is needed).
  std::vector<std::uint32_t> offsets(v_count + 1, 0);
  bool forward = !duplicates;
  std::vector<std::uint32_t> level;
  if (forward) level.assign(v_count, 0);
  std::uint32_t max_level = 0;
  bool any_free = n == 0;
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint32_t first = in.need_offsets[j];
    const std::uint32_t last = in.need_offsets[j + 1];
    if (first == last) any_free = true;
    const vertex v = r.job_vertex[j];
    std::uint32_t lv = 0;
    for (std::uint32_t k = first; k < last; ++k) {
      std::uint32_t f = from[k];
      if (f != none && !table.is(f, in.needs[k])) f = table.exact(in.needs[k]);
      if (f == none) {
        from[k] = none;
        r.problems.push_back({static_cast<vertex>(j), k - first, true});
        continue;
      }
      const vertex fv = duplicates ? r.job_vertex[f] : f;
      from[k] = fv;
      ++offsets[fv + 1];
      if (forward) {
        if (fv < v) {
          lv = std::max(lv, level[fv] + 1);
        } else {
          forward = false;
        }
      }
    }
    if (forward) {
      level[v] = lv;
      max_level = std::max(max_level, lv);
    }
  }
  r.no_start_job = !any_free;
  // The CSR arrays, filled in job order so a job's dependents come in declaration order.
  for (std::size_t v = 0; v < v_count; ++v) offsets[v + 1] += offsets[v];
  std::vector<vertex> targets(offsets[v_count]);
  {
    std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (std::size_t j = 0; j < n; ++j) {
      const vertex v = r.job_vertex[j];
      for (std::uint32_t k = in.need_offsets[j]; k < in.need_offsets[j + 1]; ++k) {
        if (from[k] != none) targets[fill[from[k]]++] = v;
      }
    }
  }
  r.graph = csr_graph::from_csr(std::move(offsets), std::move(targets));
  r.waves = forward ? graph::detail::waves_from_levels(std::move(level), v_count, max_level)
                    : topological_waves(r.graph);
  if (!r.waves.complete()) {
    r.cycles = find_cycles(r.graph);
    // As GitHub: every entry of an unresolved job that names an unresolved job.
    for (std::size_t j = 0; j < n; ++j) {
      if (r.waves.level[r.job_vertex[j]] != waves::unplaced) continue;
      for (std::uint32_t k = in.need_offsets[j]; k < in.need_offsets[j + 1]; ++k) {
        if (from[k] != none && r.waves.level[from[k]] == waves::unplaced) {
          r.problems.push_back({static_cast<vertex>(j), k - in.need_offsets[j], false});
        }
      }
    }
    std::stable_sort(r.problems.begin(), r.problems.end(),
                     [](const need_problem& a, const need_problem& b) {
                       return a.job != b.job ? a.job < b.job : a.entry < b.entry;
                     });
  }
  return r;
}

/// GitHub's diagnostics for a resolution, in job order, without source spans (the workflow
/// reader adds them): PW0701 unknown job, PW0702 cycle (with the cycle's path as a note),
/// PW0703 no job without dependencies, PW0704 duplicate job id.
inline std::vector<diagnostic> describe(const resolution& r, const needs_list& in) {
  std::vector<diagnostic> out;
  if (r.no_start_job) {
    out.push_back(make_error(codes::graph_no_start_job,
                             "The workflow must contain at least one job with no dependencies."));
  }
  for (const vertex j : r.duplicate_ids) {
    out.push_back(make_error(codes::graph_duplicate_job,
                             "The job id '" + std::string(in.ids[j]) +
                                 "' is already used by another job (ids ignore case)"));
  }
  for (const need_problem& p : r.problems) {
    const std::string job(in.ids[p.job]);
    const std::string need(in.needs[in.need_offsets[p.job] + p.entry]);
    if (p.unknown) {
      out.push_back(make_error(codes::graph_unknown_job,
                               "Job '" + job + "' depends on unknown job '" + need + "'."));
      continue;
    }
    diagnostic d = make_error(codes::graph_cycle, "Job '" + job + "' depends on job '" + need +
                                                      "' which creates a cycle in the "
                                                      "dependency graph.");
    // Name the cycle this job sits on (or is downstream of).
    for (const cycle& c : r.cycles) {
      bool on = false;
      for (const vertex v : c) on = on || v == r.job_vertex[p.job];
      if (!on) continue;
      std::string path;
      for (const vertex v : c) {
        path += in.ids[r.vertex_job[v]];
        path += " -> ";
      }
      path += in.ids[r.vertex_job[c.front()]];
      d.notes.push_back("cycle: " + path);
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace graph
}  // namespace v0
}  // namespace pipewright
