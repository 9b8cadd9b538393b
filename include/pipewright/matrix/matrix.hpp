/// @file matrix.hpp
/// GitHub-exact matrix expansion (SEMANTICS.md §4, C# `MatrixBuilder`), built for scale.
///
/// `compile()` validates a `strategy.matrix` value and turns it into a `space`: a mixed-radix
/// index space over the per-axis value arrays. Exclude rules and the axis part of include
/// rules are precompiled once into per-axis bit masks (GitHub's loose `==` is evaluated once
/// per rule and axis value, never per leg), so a leg is an index, not a map:
///
/// ```cpp
/// auto s = pipewright::matrix::compile(m);        // result<space>; 256 legs by default
/// s->count();                                      // legs, computed without enumerating
/// s->for_each([](const pipewright::matrix::leg_view& leg) {
///   use(leg.name(), leg.matrix(), leg.strategy());  // values are built only when asked for
/// });
/// auto all = s->materialise();                     // compact: 16 bytes per leg
/// ```
///
/// `expand()` is the simple form: a vector of legs with matrix, name, id and strategy.
/// Diagnostics: PW0601–PW0611 (docs/errors.md); messages follow GitHub's.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/matrix/count.hpp"
#include "pipewright/matrix/names.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace matrix {

// ---------------------------------------------------------------------------------------------
// Policies

/// A limit policy: the largest number of legs, and the largest cross product, accepted.
template <class L>
concept limit_policy = requires(const L& l) {
  { l.max_legs() }
  noexcept->std::convertible_to<std::uint64_t>;
  { l.max_product() }
  noexcept->std::convertible_to<std::uint64_t>;
};

/// GitHub's limits: 256 legs, a cross product that fits a 32-bit signed integer.
struct github_limit {
  [[nodiscard]] constexpr std::uint64_t max_legs() const noexcept { return github_max_legs; }
  [[nodiscard]] constexpr std::uint64_t max_product() const noexcept { return github_max_product; }
};

/// A caller-chosen leg limit (for tools that run larger matrices than GitHub allows); the
/// cross product may be anything that fits 64 bits.
struct leg_limit {
  std::uint64_t legs = github_max_legs;
  [[nodiscard]] constexpr std::uint64_t max_legs() const noexcept { return legs; }
  [[nodiscard]] constexpr std::uint64_t max_product() const noexcept {
    return std::numeric_limits<std::uint64_t>::max();
  }
};

/// No limit but 64-bit arithmetic (products that overflow are still an error).
struct unlimited {
  [[nodiscard]] constexpr std::uint64_t max_legs() const noexcept {
    return std::numeric_limits<std::uint64_t>::max();
  }
  [[nodiscard]] constexpr std::uint64_t max_product() const noexcept {
    return std::numeric_limits<std::uint64_t>::max();
  }
};

/// An equality policy: how filter leaves compare with matrix values (GitHub's loose `==`).
template <class E>
concept equality_policy = requires(const E& e, const value& a, const value& b) {
  { e(a, b) } -> std::convertible_to<bool>;
};

/// What expansion needs besides the matrix itself.
struct options {
  /// The base of display names: the job's `name:`, else its id. A name holding `${{ }}` is
  /// evaluated per leg with the `matrix` and `strategy` contexts (plus `contexts`) and gets
  /// no automatic suffix, as on GitHub.
  std::string job_name = "job";
  /// Extra contexts for a name template (`github`, `needs`, `vars`, `inputs`), as an object.
  value contexts{};
  /// `strategy.fail-fast` (GitHub's default: true).
  bool fail_fast = true;
  /// `strategy.max-parallel`; 0 or less means unset (then it reports job-total).
  std::int64_t max_parallel = 0;
  /// Longest leg id: 100, or 25 (short_id_length) with GitHub's ShortMatrixIds.
  std::size_t id_length = max_id_length;
  /// JSON pointer of the matrix in its document, prefixed to diagnostic paths.
  std::string path{};
};

/// Where a leg comes from.
enum class leg_source : std::uint8_t {
  product,     ///< a combination of the cross product (possibly extended by includes)
  include,     ///< an include entry that matched no combination, appended as a new leg
  default_leg  ///< every combination was excluded: GitHub runs one job with matrix null
};

class space;
class legs;

namespace detail {
struct access;

// One step of a filter leaf's path below the axis: an object key or an array index.
struct path_step {
  bool is_index = false;
  std::string key;
  std::size_t index = 0;
};

struct include_rule {
  value matrix;      // filter pairs then extras: the leg added when nothing matched
  value extra;       // the non-axis pairs, merged into matched combinations
  std::string name;  // display name of the added leg
  std::vector<std::string> segments;
};

struct axis {
  std::string name;
  array values;
  std::vector<std::vector<std::string>> segments;  // per value
  std::vector<std::string> segment_text;           // per value, joined with ", "
};

inline constexpr std::size_t no_member = static_cast<std::size_t>(-1);

struct data : count_data {
  options opts;
  std::vector<axis> axes;
  std::vector<include_rule> includes;
  std::vector<std::uint64_t> matched;  // includes matched by some kept combination
  std::uint64_t kept = 0;              // kept combinations of the product
  std::uint64_t total = 0;             // legs
  bool counted_directly = false;
  bool name_is_template = false;
  expr::compiled_template name_template;
  // What every leg's `matrix` and `strategy` copy (leg_view::matrix(), strategy()): the axes'
  // names with null values (a later duplicate, ignoring case, left out: axis_member npos),
  // and the strategy with job-index 0.
  object matrix_members;
  std::vector<std::size_t> axis_member;
  object strategy_members;
};

PIPEWRIGHT_DECL const char* token_name(kind k) noexcept;

PIPEWRIGHT_DECL std::string type_message(const value& v, std::string_view what,
                                         std::string_view want);

PIPEWRIGHT_DECL void escape_pointer(std::string& out, std::string_view key);

// C# Index with an IndexHelper: objects take the key as a string (numbers in G15), arrays
// take it as a number floored into [0, 2^31-1].
PIPEWRIGHT_DECL const value& step(const value& v, const path_step& s) noexcept;

struct leaf {
  std::vector<path_step> path;
  value literal;
};

PIPEWRIGHT_DECL void flatten(const value& v, std::vector<path_step>& path, std::vector<leaf>& out);

PIPEWRIGHT_DECL std::size_t find_axis(const std::vector<axis>& axes,
                                      std::string_view name) noexcept;

}  // namespace detail

/// The `strategy` context of the leg at `index` (its position in GitHub's order) of `total`
/// legs: fail-fast, job-index, job-total, and max-parallel (`max_parallel`; `total` when 0).
PIPEWRIGHT_DECL value strategy_context(bool fail_fast, std::uint64_t index, std::uint64_t total,
                                       std::uint64_t max_parallel);

/// One leg seen while streaming or from a materialised list: indices, built into values
/// only when asked. Valid while the space (or legs) it came from lives and, when streaming,
/// only during the visitor call.
class leg_view {
 public:
  /// The leg's position in GitHub's order (its `strategy.job-index`).
  [[nodiscard]] std::uint64_t position() const noexcept { return position_; }
  [[nodiscard]] leg_source source() const noexcept { return source_; }
  /// The cross-product index (first axis slowest); meaningful for product legs.
  [[nodiscard]] std::uint64_t combination() const noexcept { return combination_; }
  /// The index in the include list of the entry that added this leg (include legs).
  [[nodiscard]] std::size_t include_index() const noexcept { return include_; }
  /// The index of axis `a`'s value in this combination (product legs).
  [[nodiscard]] std::size_t axis_index(std::size_t a) const noexcept {
    return static_cast<std::size_t>((combination_ / d_->stride[a]) % d_->len[a]);
  }
  /// The value of axis `a` in this combination (product legs).
  [[nodiscard]] const value& axis_value(std::size_t a) const noexcept {
    return d_->axes[a].values[axis_index(a)];
  }
  /// True when include entry `i` matched this combination and merged its extra values.
  [[nodiscard]] bool extended_by(std::size_t i) const noexcept {
    return source_ == leg_source::product && mask_ != nullptr && i < d_->includes.size() &&
           detail::bit(mask_, i);
  }
  /// The `matrix` context of the leg (null for the default leg). Allocates.
  [[nodiscard]] value matrix() const;
  /// The `strategy` context: fail-fast, job-index, job-total, max-parallel.
  [[nodiscard]] value strategy() const;
  /// GitHub's display name. Allocates.
  [[nodiscard]] std::string name() const { return name_with(nullptr, nullptr); }
  /// name(), given this leg's matrix() and strategy() when already built (null: built here).
  [[nodiscard]] std::string name_with(const value* built_matrix, const value* built_strategy) const;
  /// The compiled `name:` template name_in() evaluates; null when the name is not a template.
  [[nodiscard]] const expr::compiled_template* name_template() const noexcept {
    return d_->name_is_template ? &d_->name_template : nullptr;
  }
  /// name(), a template evaluated over `contexts`: the options' contexts with this leg's
  /// `matrix` and `strategy` (a caller that builds that object anyway saves a copy here).
  /// Not a template: `contexts` is not read.
  [[nodiscard]] std::string name_in(const value& contexts) const {
    if (d_->name_is_template) return template_name(d_->name_template.evaluate(contexts));
    return plain_name();
  }
  /// name_in(), the template's contexts supplied by `lookup(slot, name)`
  /// (expression::evaluate_with()): nothing is copied into an object of contexts.
  template <class Lookup>
  [[nodiscard]] std::string name_with_lookup(Lookup&& lookup) const {
    if (d_->name_is_template) return template_name(d_->name_template.evaluate_with(lookup));
    return plain_name();
  }
  /// Appends the leg's id segments to `ids` (used by legs::ids()).
  void append_id_segments(id_builder& ids) const;

 private:
  std::string template_name(const result<value>& r) const {
    if (!r) return d_->opts.job_name;
    std::string out = expr::to_string(*r);
    truncate_display_name(out);
    return out;
  }
  std::string plain_name() const;

  friend class space;
  friend class legs;
  const detail::data* d_ = nullptr;
  std::uint64_t position_ = 0;
  std::uint64_t combination_ = 0;
  const std::uint64_t* mask_ = nullptr;
  std::size_t include_ = 0;
  leg_source source_ = leg_source::product;
};

/// Why a leg exists: see space::explain().
struct leg_explanation {
  std::uint64_t position = 0;
  leg_source source = leg_source::product;
  std::uint64_t combination = 0;  ///< product legs: the cross-product index
  std::size_t include_index = 0;  ///< include legs: the include entry that added it
  /// Product legs: the include entries (indices in the include list, in order) whose extra
  /// values were merged into it; later ones overwrite earlier ones.
  std::vector<std::size_t> extended_by{};
};

/// What happened to one combination of the cross product: see space::explain_combination().
struct combination_explanation {
  std::uint64_t combination = 0;
  std::vector<std::size_t> axis_indices{};
  /// Every exclude entry (index in the exclude list) that matches it; empty when it is kept.
  std::vector<std::size_t> excluded_by{};
  /// The include entries that extend it (when kept).
  std::vector<std::size_t> extended_by{};
  /// Its leg position, when kept.
  std::optional<std::uint64_t> position{};
};

/// A compiled matrix: axes, precompiled rules, and the leg count. Cheap to copy (shared,
/// immutable). Made by compile().
class space {
 public:
  [[nodiscard]] std::size_t axis_count() const noexcept { return d_->axes.size(); }
  [[nodiscard]] std::string_view axis_name(std::size_t a) const noexcept {
    return d_->axes[a].name;
  }
  [[nodiscard]] const array& axis_values(std::size_t a) const noexcept {
    return d_->axes[a].values;
  }
  [[nodiscard]] std::size_t include_count() const noexcept { return d_->includes.size(); }
  [[nodiscard]] std::size_t exclude_count() const noexcept { return d_->exclude_count; }
  /// True when exclude entry `r` matches at least one combination of the cross product
  /// (whether or not an earlier entry removed it already): each axis it names has a value it
  /// accepts. O(axis values).
  [[nodiscard]] bool exclude_matches_any(std::size_t r) const noexcept;
  /// The size of the cross product (0 without axes).
  [[nodiscard]] std::uint64_t product() const noexcept { return d_->product; }
  /// The number of legs (at least 1). Computed once by compile(); see docs/matrix.md for
  /// how (dynamic programming over the axes, no enumeration, while a level has at most
  /// 65,536 states, with any number of exclude and include entries; a streaming count
  /// otherwise).
  [[nodiscard]] std::uint64_t count() const noexcept { return d_->total; }
  /// True when count() was computed without enumerating legs.
  [[nodiscard]] bool counted_without_enumerating() const noexcept { return d_->counted_directly; }
  /// Counts the legs by streaming them (for checking count(); O(product) time).
  [[nodiscard]] std::uint64_t count_streaming() const {
    std::uint64_t n = 0;
    for_each([&n](const leg_view&) noexcept { ++n; });
    return n;
  }
  [[nodiscard]] const options& settings() const noexcept { return d_->opts; }

  /// Calls `visit(const leg_view&)` for every leg in GitHub's order. `visit` may return
  /// bool: false stops. No allocation per leg; memory O(axes + rules). Returns false when
  /// stopped early.
  template <class Visitor>
  bool for_each(Visitor&& visit) const {
    const detail::data& d = *d_;
    std::vector<std::uint64_t> matched(d.words, 0);
    leg_view v;
    v.d_ = &d;
    auto call = [&visit](const leg_view& leg) {
      if constexpr (std::is_same_v<decltype(visit(leg)), bool>) {
        return static_cast<bool>(visit(leg));
      } else {
        visit(leg);
        return true;
      }
    };
    std::uint64_t position = 0;
    v.source_ = leg_source::product;
    const bool go_on = detail::run_product_any(
        d, matched.data(), [&](std::uint64_t combination, const std::uint64_t* mask) {
          v.position_ = position++;
          v.combination_ = combination;
          v.mask_ = mask;
          return call(v);
        });
    if (!go_on) return false;
    v.mask_ = nullptr;
    v.combination_ = 0;
    v.source_ = leg_source::include;
    for (std::size_t i = 0; i < d.includes.size(); ++i) {
      if (detail::bit(matched.data(), i)) continue;
      v.position_ = position++;
      v.include_ = i;
      if (!call(v)) return false;
    }
    if (position == 0) {
      v.source_ = leg_source::default_leg;
      v.position_ = 0;
      return call(v);
    }
    return true;
  }

  /// Every leg, in a compact form (see legs).
  [[nodiscard]] legs materialise() const;

  /// Why the leg at `position` exists; nullopt when out of range. O(position) time.
  [[nodiscard]] std::optional<leg_explanation> explain(std::uint64_t position) const;

  /// What happened to combination `c` of the cross product: which exclude entries remove it
  /// (GitHub drops it at the first), or which includes extend it and where it lands.
  /// nullopt when `c` is not below product(). O(axes + rules), plus O(c) for the position.
  [[nodiscard]] std::optional<combination_explanation> explain_combination(std::uint64_t c) const;

  /// The combination index of the given per-axis value indices; nullopt if out of range.
  [[nodiscard]] std::optional<std::uint64_t> combination_of(
      const std::vector<std::size_t>& indices) const noexcept;

 private:
  friend struct detail::access;
  friend class legs;
  std::shared_ptr<const detail::data> d_;
};

namespace detail {
struct access {
  static space make(std::shared_ptr<const data> d) {
    space s;
    s.d_ = std::move(d);
    return s;
  }
};
}  // namespace detail

/// Every leg of a matrix, 16 bytes each (a combination index, an interned include mask
/// or the include entry), with values built on demand.
class legs {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  /// The leg at position `i` (precondition: i < size()).
  [[nodiscard]] leg_view operator[](std::size_t i) const noexcept {
    const entry& e = entries_[i];
    leg_view v;
    v.d_ = d_.get();
    v.position_ = i;
    v.source_ = e.source;
    v.combination_ = e.combination;
    if (e.source == leg_source::product) {
      v.mask_ = masks_.data() + static_cast<std::size_t>(e.ref) * d_->words;
    } else {
      v.include_ = e.ref;
    }
    return v;
  }
  /// GitHub's internal ids of every leg, in order (unique ignoring case). The default leg
  /// (matrix null) has no id of its own: it is the job's id, returned as "".
  [[nodiscard]] std::vector<std::string> ids() const;
  /// Bytes held by this list (entries and interned masks).
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return entries_.capacity() * sizeof(entry) + masks_.capacity() * sizeof(std::uint64_t);
  }

 private:
  friend class space;
  struct entry {
    std::uint64_t combination;
    std::uint32_t ref;  // product: interned mask; include: the include entry
    leg_source source;
  };
  std::shared_ptr<const detail::data> d_;
  std::vector<entry> entries_;
  std::vector<std::uint64_t> masks_;
};

/// Validates `matrix` (the value of `strategy.matrix`) and compiles it into a space.
///
/// Errors (all collected, in GitHub's order): PW0601 not a mapping, PW0602 a vector that is
/// not a sequence, PW0603 an empty vector, PW0604 no vector, PW0605/PW0606 a bad or empty
/// include entry, PW0607/PW0608/PW0609 a bad, empty or unknown-key exclude entry, PW0610
/// more legs than the limit policy allows (checked before anything is enumerated), PW0611
/// a cross product larger than the policy allows. A name template's errors are PW02xx.
/// Complexity: O(values × rule leaves) to compile; the count is described on space::count().
namespace detail {
/// An equality policy with its type erased: `equal(policy, a, b)`.
struct erased_equality {
  const void* policy;
  bool (*equal)(const void* policy, const value& a, const value& b);
};
/// compile() with the limit policy's two bounds and the equality policy erased: one
/// definition for every pair of policies, compiled once.
PIPEWRIGHT_DECL result<space> compile_erased(const value& matrix, const options& opts,
                                             std::uint64_t max_legs, std::uint64_t max_product,
                                             erased_equality eq);
}  // namespace detail

template <limit_policy Limit = github_limit, equality_policy Equality = expr::github_equality>
result<space> compile(const value& matrix, const options& opts = {}, const Limit& limit = {},
                      const Equality& eq = {}) {
  const detail::erased_equality erased{
      &eq, [](const void* policy, const value& a, const value& b) {
        return static_cast<bool>((*static_cast<const Equality*>(policy))(a, b));
      }};
  return detail::compile_erased(matrix, opts, static_cast<std::uint64_t>(limit.max_legs()),
                                static_cast<std::uint64_t>(limit.max_product()), erased);
}

/// One fully built leg (see expand()).
struct leg {
  value matrix;      ///< the `matrix` context; null for the default leg
  std::string name;  ///< GitHub's display name
  std::string id;    ///< GitHub's internal id ("" for the default leg: the job's own id)
  value strategy;    ///< the `strategy` context
};

namespace detail {
/// The legs of a compiled space (or its diagnostics): expand()'s body.
PIPEWRIGHT_DECL result<std::vector<leg>> expand_space(result<space> s);
}  // namespace detail

/// Expands `matrix` into its legs, in GitHub's order: the simple, allocating form of
/// compile() + materialise(). Same diagnostics as compile().
template <limit_policy Limit = github_limit, equality_policy Equality = expr::github_equality>
result<std::vector<leg>> expand(const value& matrix, const options& opts = {},
                                const Limit& limit = {}, const Equality& eq = {}) {
  return detail::expand_space(compile(matrix, opts, limit, eq));
}

/// expand(), throwing pipewright::error on bad input.
template <limit_policy Limit = github_limit, equality_policy Equality = expr::github_equality>
std::vector<leg> expand_or_throw(const value& matrix, const options& opts = {},
                                 const Limit& limit = {}, const Equality& eq = {}) {
  return expand(matrix, opts, limit, eq).value_or_throw();
}

}  // namespace matrix
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/matrix/matrix_impl.hpp"
#endif
