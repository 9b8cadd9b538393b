/// @file resolve_impl.hpp
/// The definitions behind graph/resolve.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
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

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/graph/resolve.hpp"

namespace pipewright {
inline namespace v0 {
namespace graph {

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

PIPEWRIGHT_DECL resolution resolve(const needs_list& in) {
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

PIPEWRIGHT_DECL std::vector<diagnostic> describe(const resolution& r, const needs_list& in) {
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
