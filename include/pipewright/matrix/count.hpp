/// @file count.hpp
/// The matrix counting kernel, `constexpr`: the runtime matrix stage (matrix.hpp) and
/// compile-time pipelines (static_) build the same masks and count legs with the same code.
///
/// A matrix is seen as axes of value counts and, per axis value, one bit per exclude and
/// include rule: set when the value does not violate the rule. Equality (GitHub's loose
/// `==`) is the caller's business: it runs once per rule and value, while building masks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace matrix {

/// GitHub's limit on the number of jobs one matrix may produce.
inline constexpr std::uint64_t github_max_legs = 256;
/// GitHub computes the cross-product size in a checked 32-bit integer: larger products fail.
inline constexpr std::uint64_t github_max_product = 2147483647;

/// What the counting kernel knows of a matrix: value counts and per-value rule masks.
struct count_data {
  std::vector<std::uint64_t> len;     ///< per axis: its number of values
  std::vector<std::uint64_t> stride;  ///< per axis: product of the lengths after it
  std::vector<std::size_t> offset;    ///< per axis: its first value's row in the masks
  std::uint64_t product = 0;          ///< the cross product (0 without axes)
  std::size_t exclude_count = 0;
  std::size_t include_count = 0;
  std::size_t words = 1;                ///< 64-bit words per mask
  std::vector<std::uint64_t> emask;     ///< per axis value: exclude rules it does not violate
  std::vector<std::uint64_t> imask;     ///< per axis value: include rules it does not violate
  std::vector<std::uint64_t> done;      ///< per axis: rules with no constrained axis after it
  std::vector<std::uint64_t> all_excl;  ///< every exclude rule
  std::vector<std::uint64_t> all_incl;  ///< every include rule

  /// The number of axes.
  [[nodiscard]] constexpr std::size_t axis_count() const noexcept { return len.size(); }
};

/// Sets the axes of `d` from their value counts: lengths, strides, offsets and the product.
/// Returns false when the product overflows 64 bits (then `product` is not set).
constexpr bool set_axes(count_data& d, const std::vector<std::uint64_t>& lengths) {
  const std::size_t n = lengths.size();
  d.len = lengths;
  d.stride.assign(n, 1);
  d.offset.assign(n, 0);
  std::uint64_t product = n == 0 ? 0 : 1;
  bool overflow = false;
  std::size_t rows = 0;
  for (std::size_t a = 0; a < n; ++a) {
    d.offset[a] = rows;
    rows += static_cast<std::size_t>(lengths[a]);
    if (lengths[a] != 0 && product > std::numeric_limits<std::uint64_t>::max() / lengths[a]) {
      overflow = true;
    } else {
      product *= lengths[a];
    }
  }
  for (std::size_t a = n; a-- > 1;) d.stride[a - 1] = d.stride[a] * d.len[a];
  if (!overflow) d.product = product;
  return !overflow;
}

/// Builds the rule masks of `d` (after set_axes()). `constrains(exclude, rule, axis)` says
/// whether a rule names the axis; `matches(exclude, rule, axis, value)` whether the axis's
/// value satisfies it (called only for constrained axes).
template <class Constrains, class Matches>
constexpr void build_masks(count_data& d, std::size_t excludes, std::size_t includes,
                           Constrains&& constrains, Matches&& matches) {
  const std::size_t n = d.axis_count();
  std::size_t rows = 0;
  for (std::size_t a = 0; a < n; ++a) rows += static_cast<std::size_t>(d.len[a]);
  d.exclude_count = excludes;
  d.include_count = includes;
  const std::size_t rule_max = std::max(excludes, includes);
  const std::size_t words = rule_max <= 64 ? 1 : (rule_max + 63) / 64;
  d.words = words;
  auto full = [words](std::size_t count) {
    std::vector<std::uint64_t> m(words, 0);
    for (std::size_t r = 0; r < count; ++r) m[r / 64] |= std::uint64_t{1} << (r % 64);
    return m;
  };
  d.all_excl = full(excludes);
  d.all_incl = full(includes);
  d.emask.assign(rows * words, 0);
  d.imask.assign(rows * words, 0);
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t w = 0; w < words; ++w) {
      d.emask[row * words + w] = d.all_excl[w];
      d.imask[row * words + w] = d.all_incl[w];
    }
  }
  auto apply = [&](bool exclude, std::size_t count, std::vector<std::uint64_t>& masks) {
    for (std::size_t r = 0; r < count; ++r) {
      for (std::size_t a = 0; a < n; ++a) {
        if (!constrains(exclude, r, a)) continue;
        for (std::size_t i = 0; i < static_cast<std::size_t>(d.len[a]); ++i) {
          if (matches(exclude, r, a, i)) continue;
          masks[(d.offset[a] + i) * words + r / 64] &= ~(std::uint64_t{1} << (r % 64));
        }
      }
    }
  };
  apply(true, excludes, d.emask);
  apply(false, includes, d.imask);
  d.done.assign(n * words, 0);
  for (std::size_t r = 0; r < excludes; ++r) {
    std::size_t last = 0;
    for (std::size_t a = 0; a < n; ++a) {
      if (constrains(true, r, a)) last = a;
    }
    for (std::size_t a = last; a < n; ++a)
      d.done[a * words + r / 64] |= std::uint64_t{1} << (r % 64);
  }
}

namespace detail {

constexpr bool bit(const std::uint64_t* words, std::size_t i) noexcept {
  return ((words[i / 64] >> (i % 64)) & 1u) != 0;
}

// The streaming kernel over the cross product. `emit(combination, include_mask)` returns
// false to stop. Work per kept leg is O(words) amortised; blocks that an exclude rule
// removes entirely are skipped without visiting their legs. Returns false when stopped.
template <std::size_t FixedWords, class Emit>
constexpr bool run_product(const count_data& d, std::uint64_t* matched, Emit&& emit) {
  const std::size_t n = d.axis_count();
  if (n == 0 || d.product == 0) return true;
  const std::size_t w_count = FixedWords != 0 ? FixedWords : d.words;
  std::vector<std::uint64_t> idx_buf(n, 0);
  std::vector<std::uint64_t> pe_buf(n * w_count);
  std::vector<std::uint64_t> pi_buf((n + 1) * w_count);
  std::uint64_t* idx = idx_buf.data();
  std::uint64_t* pe = pe_buf.data();
  std::uint64_t* pi = pi_buf.data();
  std::uint64_t* leaf = pi + n * w_count;  // include mask of the current leg
  const std::uint64_t* em = d.emask.data();
  const std::uint64_t* im = d.imask.data();
  const std::uint64_t* done = d.done.data();
  const std::uint64_t* len = d.len.data();
  const std::uint64_t* stride = d.stride.data();
  const std::size_t* offset = d.offset.data();
  // Computes the prefix masks at level j; true when an exclude rule is complete there.
  auto level = [&](std::size_t j) noexcept {
    const std::size_t row = (offset[j] + static_cast<std::size_t>(idx[j])) * w_count;
    std::uint64_t* pej = pe + j * w_count;
    std::uint64_t* pij = pi + j * w_count;
    const std::uint64_t* pep = j != 0 ? pej - w_count : d.all_excl.data();
    const std::uint64_t* pip = j != 0 ? pij - w_count : d.all_incl.data();
    std::uint64_t hit = 0;
    for (std::size_t w = 0; w < w_count; ++w) {
      pej[w] = pep[w] & em[row + w];
      pij[w] = pip[w] & im[row + w];
      hit |= pej[w] & done[j * w_count + w];
    }
    return hit != 0;
  };
  const std::size_t last = n - 1;
  const std::uint64_t last_len = len[last];
  const std::uint64_t* last_em = em + offset[last] * w_count;
  const std::uint64_t* last_im = im + offset[last] * w_count;
  const std::uint64_t* pep_last = last != 0 ? pe + (last - 1) * w_count : d.all_excl.data();
  const std::uint64_t* pip_last = last != 0 ? pi + (last - 1) * w_count : d.all_incl.data();
  std::uint64_t combination = 0;
  std::size_t k = 0;
  for (;;) {
    // Prefix levels k..n-2, skipping blocks that an exclude rule removes whole.
    std::size_t j = k;
    bool hit = false;
    while (j < last) {
      hit = level(j);
      if (hit) break;
      ++j;
    }
    if (hit) {
      combination += stride[j];
    } else {
      // The last axis: a tight loop over its values.
      for (std::uint64_t i = 0; i < last_len; ++i) {
        const std::size_t row = static_cast<std::size_t>(i) * w_count;
        std::uint64_t excluded = 0;
        for (std::size_t w = 0; w < w_count; ++w) excluded |= pep_last[w] & last_em[row + w];
        if (excluded != 0) continue;
        for (std::size_t w = 0; w < w_count; ++w) {
          leaf[w] = pip_last[w] & last_im[row + w];
          matched[w] |= leaf[w];
        }
        if (!emit(combination + i, static_cast<const std::uint64_t*>(leaf))) return false;
      }
      combination += last_len;
      if (last == 0) return true;
      j = last - 1;
    }
    for (;;) {
      if (++idx[j] < len[j]) break;
      idx[j] = 0;
      if (j == 0) return true;
      --j;
    }
    k = j;
  }
}

template <class Emit>
constexpr bool run_product_any(const count_data& d, std::uint64_t* matched, Emit&& emit) {
  if (d.words == 1) return run_product<1>(d, matched, emit);
  return run_product<0>(d, matched, emit);
}

// Kept combinations counted by dynamic programming over the axes: the state after a prefix
// of axes is the set of exclude rules still alive (`words` 64-bit words per state).
// `allowed` (per axis value, may be null) restricts the values considered. Returns nullopt
// when the number of states grows past `max_states` (the caller then streams). With
// `any_only`, returns a non-zero count as soon as one kept combination is known.
constexpr std::optional<std::uint64_t> count_kept(const count_data& d,
                                                  const std::vector<char>* allowed,
                                                  std::size_t max_states = std::size_t{1} << 16,
                                                  bool any_only = false) {
  const std::size_t n = d.axis_count();
  if (n == 0 || d.product == 0) return std::uint64_t{0};
  const std::size_t w = d.words;
  // Completions below each level, restricted.
  std::vector<std::uint64_t> below(n, 1);
  std::vector<std::uint64_t> allowed_count(n, 0);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::uint64_t i = 0; i < d.len[a]; ++i) {
      if (allowed == nullptr || (*allowed)[d.offset[a] + static_cast<std::size_t>(i)] != 0) {
        ++allowed_count[a];
      }
    }
    if (allowed_count[a] == 0) return std::uint64_t{0};
  }
  for (std::size_t a = n - 1; a > 0; --a) below[a - 1] = below[a] * allowed_count[a];
  // States: masks (w words each, flat) and their multiplicities.
  std::vector<std::uint64_t> cur(d.all_excl.begin(), d.all_excl.end());
  std::vector<std::uint64_t> cur_mult{1};
  std::vector<std::uint64_t> next;
  std::vector<std::uint64_t> next_mult;
  std::vector<std::size_t> order;
  std::uint64_t kept = 0;
  for (std::size_t a = 0; a < n && !cur_mult.empty(); ++a) {
    next.clear();
    next_mult.clear();
    for (std::size_t st = 0; st < cur_mult.size(); ++st) {
      const std::uint64_t* mask = cur.data() + st * w;
      for (std::uint64_t i = 0; i < d.len[a]; ++i) {
        const std::size_t row = d.offset[a] + static_cast<std::size_t>(i);
        if (allowed != nullptr && (*allowed)[row] == 0) continue;
        bool alive = false;
        bool complete = false;
        for (std::size_t k = 0; k < w; ++k) {
          const std::uint64_t m = mask[k] & d.emask[row * w + k];
          alive = alive || m != 0;
          complete = complete || (m & d.done[a * w + k]) != 0;
        }
        if (!alive) {
          kept += cur_mult[st] * below[a];
          if (any_only) return kept;
        } else if (!complete) {
          for (std::size_t k = 0; k < w; ++k) next.push_back(mask[k] & d.emask[row * w + k]);
          next_mult.push_back(cur_mult[st]);
        }
      }
    }
    // Merge equal states (sorted by mask, so the result does not depend on visit order).
    order.resize(next_mult.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return std::lexicographical_compare(next.begin() + static_cast<std::ptrdiff_t>(x * w),
                                          next.begin() + static_cast<std::ptrdiff_t>(x * w + w),
                                          next.begin() + static_cast<std::ptrdiff_t>(y * w),
                                          next.begin() + static_cast<std::ptrdiff_t>(y * w + w));
    });
    cur.clear();
    cur_mult.clear();
    for (const std::size_t i : order) {
      const auto first = next.begin() + static_cast<std::ptrdiff_t>(i * w);
      if (!cur_mult.empty() && std::equal(first, first + static_cast<std::ptrdiff_t>(w),
                                          cur.end() - static_cast<std::ptrdiff_t>(w))) {
        cur_mult.back() += next_mult[i];
      } else {
        cur.insert(cur.end(), first, first + static_cast<std::ptrdiff_t>(w));
        cur_mult.push_back(next_mult[i]);
      }
    }
    if (cur_mult.size() > max_states) return std::nullopt;
  }
  return kept;
}

}  // namespace detail

/// A matrix's leg count (see count_legs()).
struct leg_total {
  std::uint64_t kept = 0;   ///< kept combinations of the cross product
  std::uint64_t total = 0;  ///< legs: kept combinations, unmatched includes, or 1
  bool direct = false;      ///< counted without enumerating
  /// Include rules (bits) that some kept combination matched; valid when the count was not
  /// stopped at the limit.
  std::vector<std::uint64_t> matched;
};

/// Counts the legs of `d`: kept combinations plus include entries that matched none of them,
/// and one (the default leg) when that is zero. Dynamic programming over the axes while a
/// level has at most 65,536 states; otherwise a streaming count that stops once `max_legs`
/// is passed (`total` is then only known to exceed it).
constexpr leg_total count_legs(const count_data& d, std::uint64_t max_legs) {
  leg_total t;
  t.matched.assign(d.words, 0);
  std::size_t rows = 0;
  for (std::size_t a = 0; a < d.axis_count(); ++a) rows += static_cast<std::size_t>(d.len[a]);
  const std::optional<std::uint64_t> kept = detail::count_kept(d, nullptr);
  if (kept) {
    t.direct = true;
    t.kept = *kept;
    std::vector<char> allowed(rows, 0);
    for (std::size_t r = 0; r < d.include_count && t.direct; ++r) {
      for (std::size_t row = 0; row < rows; ++row) {
        allowed[row] = detail::bit(&d.imask[row * d.words], r) ? 1 : 0;
      }
      const std::optional<std::uint64_t> hits =
          *kept == 0 ? std::optional<std::uint64_t>(0)
                     : detail::count_kept(d, &allowed, std::size_t{1} << 16, true);
      if (!hits) {
        t.direct = false;
      } else if (*hits != 0) {
        t.matched[r / 64] |= std::uint64_t{1} << (r % 64);
      }
    }
  }
  if (!t.direct) {
    // Streaming count; stops once the limit is passed (the error does not need the rest).
    for (std::uint64_t& w : t.matched) w = 0;
    std::uint64_t streamed = 0;
    detail::run_product_any(d, t.matched.data(), [&](std::uint64_t, const std::uint64_t*) {
      return ++streamed <= max_legs;
    });
    t.kept = streamed;
  }
  std::uint64_t unmatched = 0;
  for (std::size_t r = 0; r < d.include_count; ++r) {
    if (!detail::bit(t.matched.data(), r)) ++unmatched;
  }
  t.total = t.kept + unmatched;  // kept <= product - includes fit: no overflow below 2^64
  if (t.total < t.kept) t.total = std::numeric_limits<std::uint64_t>::max();
  if (t.total == 0) t.total = 1;
  return t;
}

}  // namespace matrix
}  // namespace v0
}  // namespace pipewright
