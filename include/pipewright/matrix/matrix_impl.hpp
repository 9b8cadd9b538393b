/// @file matrix_impl.hpp
/// The definitions behind matrix/matrix.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_map>
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/number_format.hpp"
#include "pipewright/value/path.hpp"

#include "pipewright/matrix/matrix.hpp"

namespace pipewright {
inline namespace v0 {
namespace matrix {

PIPEWRIGHT_DECL value leg_view::matrix() const {
  switch (source_) {
    case leg_source::default_leg: return value();
    case leg_source::include: return d_->includes[include_].matrix.clone();
    case leg_source::product: break;
  }
  object o = d_->matrix_members;  // the keys in place: no look-up per key
  for (std::size_t a = 0; a < d_->axes.size(); ++a) {
    const std::size_t at = d_->axis_member[a];
    if (at != detail::no_member)
      (o.begin() + static_cast<std::ptrdiff_t>(at))->second = axis_value(a);
  }
  for (std::size_t i = 0; i < d_->includes.size(); ++i) {
    if (!extended_by(i)) continue;
    for (const auto& m : d_->includes[i].extra.as_object()) o.insert_or_assign(m.first, m.second);
  }
  return value(std::move(o));
}

PIPEWRIGHT_DECL value leg_view::strategy() const {
  if (source_ != leg_source::default_leg) {
    object o = d_->strategy_members;  // job-index is its second member
    (o.begin() + 1)->second = value(static_cast<double>(position_));
    return value(std::move(o));
  }
  return strategy_context(d_->opts.fail_fast, position_, d_->total, 1);
}

PIPEWRIGHT_DECL std::string leg_view::name_with(const value* built_matrix,
                                                const value* built_strategy) const {
  if (d_->name_is_template) {
    object ctx;
    if (const object* extra = d_->opts.contexts.if_object()) {
      ctx.reserve(extra->size() + 2);
      for (const auto& m : *extra) ctx.insert(m.first, m.second);
    }
    ctx.insert_or_assign("matrix", built_matrix != nullptr ? *built_matrix : matrix());
    ctx.insert_or_assign("strategy", built_strategy != nullptr ? *built_strategy : strategy());
    return name_in(value(std::move(ctx)));
  }
  return name_in(value());
}

PIPEWRIGHT_DECL void leg_view::append_id_segments(id_builder& ids) const {
  switch (source_) {
    case leg_source::default_leg: return;
    case leg_source::include:
      for (const std::string& s : d_->includes[include_].segments) ids.append(s);
      return;
    case leg_source::product: break;
  }
  for (std::size_t a = 0; a < d_->axes.size(); ++a) {
    for (const std::string& s : d_->axes[a].segments[axis_index(a)]) ids.append(s);
  }
}

PIPEWRIGHT_DECL std::string leg_view::plain_name() const {
  switch (source_) {
    case leg_source::default_leg: return std::move(name_builder(d_->opts.job_name)).build();
    case leg_source::include: return d_->includes[include_].name;
    case leg_source::product: break;
  }
  name_builder b(d_->opts.job_name);
  for (std::size_t a = 0; a < d_->axes.size(); ++a) {
    b.append(d_->axes[a].segment_text[axis_index(a)]);
  }
  return std::move(b).build();
}

PIPEWRIGHT_DECL bool space::exclude_matches_any(std::size_t r) const noexcept {
  const detail::data& d = *d_;
  if (r >= d.exclude_count) return false;
  for (std::size_t a = 0; a < d.axes.size(); ++a) {
    bool some = false;
    for (std::size_t i = 0; i < static_cast<std::size_t>(d.len[a]) && !some; ++i) {
      some = detail::bit(d.emask.data() + (d.offset[a] + i) * d.words, r);
    }
    if (!some) return false;
  }
  return true;
}

PIPEWRIGHT_DECL std::optional<leg_explanation> space::explain(std::uint64_t position) const {
  std::optional<leg_explanation> out;
  for_each([&](const leg_view& leg) {
    if (leg.position() != position) return true;
    leg_explanation e;
    e.position = position;
    e.source = leg.source();
    e.combination = leg.combination();
    e.include_index = leg.include_index();
    for (std::size_t i = 0; i < include_count(); ++i) {
      if (leg.extended_by(i)) e.extended_by.push_back(i);
    }
    out = std::move(e);
    return false;
  });
  return out;
}

PIPEWRIGHT_DECL std::optional<combination_explanation> space::explain_combination(
    std::uint64_t c) const {
  const detail::data& d = *d_;
  if (c >= d.product) return std::nullopt;
  combination_explanation e;
  e.combination = c;
  std::vector<std::uint64_t> ex = d.all_excl;
  std::vector<std::uint64_t> in = d.all_incl;
  for (std::size_t a = 0; a < d.axes.size(); ++a) {
    const auto i = static_cast<std::size_t>((c / d.stride[a]) % d.len[a]);
    e.axis_indices.push_back(i);
    for (std::size_t w = 0; w < d.words; ++w) {
      ex[w] &= d.emask[(d.offset[a] + i) * d.words + w];
      in[w] &= d.imask[(d.offset[a] + i) * d.words + w];
    }
  }
  for (std::size_t r = 0; r < d.exclude_count; ++r) {
    if (detail::bit(ex.data(), r)) e.excluded_by.push_back(r);
  }
  if (!e.excluded_by.empty()) return e;
  for (std::size_t r = 0; r < d.includes.size(); ++r) {
    if (detail::bit(in.data(), r)) e.extended_by.push_back(r);
  }
  for_each([&](const leg_view& leg) {
    if (leg.source() != leg_source::product || leg.combination() > c) return false;
    if (leg.combination() == c) {
      e.position = leg.position();
      return false;
    }
    return true;
  });
  return e;
}

PIPEWRIGHT_DECL std::optional<std::uint64_t> space::combination_of(
    const std::vector<std::size_t>& indices) const noexcept {
  if (indices.size() != d_->axes.size()) return std::nullopt;
  std::uint64_t c = 0;
  for (std::size_t a = 0; a < indices.size(); ++a) {
    if (indices[a] >= d_->len[a]) return std::nullopt;
    c += indices[a] * d_->stride[a];
  }
  return c;
}

PIPEWRIGHT_DECL std::vector<std::string> legs::ids() const {
  std::vector<std::string> out;
  out.reserve(size());
  id_builder b;
  for (std::size_t i = 0; i < size(); ++i) {
    const leg_view v = (*this)[i];
    if (v.source() == leg_source::default_leg) {
      out.emplace_back();
      continue;
    }
    v.append_id_segments(b);
    out.push_back(b.build(d_->opts.id_length));
  }
  return out;
}

namespace detail {

PIPEWRIGHT_DECL const char* token_name(kind k) noexcept {
  switch (k) {
    case kind::null: return "NullToken";
    case kind::boolean: return "BooleanToken";
    case kind::number: return "NumberToken";
    case kind::string: return "StringToken";
    case kind::array: return "SequenceToken";
    case kind::object: return "MappingToken";
  }
  return "NullToken";
}

PIPEWRIGHT_DECL std::string type_message(const value& v, std::string_view what,
                                         std::string_view want) {
  std::string m = "Unexpected type '";
  m += token_name(v.type());
  m += "' encountered while reading '";
  m += what;
  m += "'. The type '";
  m += want;
  m += "' was expected.";
  return m;
}

PIPEWRIGHT_DECL void escape_pointer(std::string& out, std::string_view key) {
  append_pointer_token(out, key);
}

PIPEWRIGHT_DECL const value& step(const value& v, const path_step& s) noexcept {
  if (v.is_object()) {
    if (!s.is_index) {
      const value* found = v.as_object().find(s.key);
      return found != nullptr ? *found : value::null_ref();
    }
    char buf[number_buffer_size];
    const std::size_t n = format_number(static_cast<double>(s.index), buf, number_style::g15);
    const value* found = v.as_object().find(std::string_view(buf, n));
    return found != nullptr ? *found : value::null_ref();
  }
  if (v.is_array()) {
    if (s.is_index) return v.element(s.index);
    const double d = expr::parse_number(s.key);
    if (!(d >= 0.0 && d <= 2147483647.0)) return value::null_ref();
    return v.element(static_cast<std::size_t>(d));
  }
  return value::null_ref();
}

PIPEWRIGHT_DECL void flatten(const value& v, std::vector<path_step>& path, std::vector<leaf>& out) {
  if (v.is_object()) {
    for (const auto& m : v.as_object()) {
      path.push_back(path_step{false, m.first, 0});
      flatten(m.second, path, out);
      path.pop_back();
    }
  } else if (v.is_array()) {
    const array& a = v.as_array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      path.push_back(path_step{true, std::string(), i});
      flatten(a[i], path, out);
      path.pop_back();
    }
  } else {
    out.push_back(leaf{path, v});
  }
}

PIPEWRIGHT_DECL std::size_t find_axis(const std::vector<axis>& axes,
                                      std::string_view name) noexcept {
  for (std::size_t a = 0; a < axes.size(); ++a) {
    if (pipewright::detail::iequals(axes[a].name, name)) return a;
  }
  return axes.size();
}

}  // namespace detail

PIPEWRIGHT_DECL value strategy_context(bool fail_fast, std::uint64_t index, std::uint64_t total,
                                       std::uint64_t max_parallel) {
  const std::uint64_t parallel = max_parallel > 0 ? max_parallel : total;
  return value::make_object({{"fail-fast", fail_fast},
                             {"job-index", static_cast<double>(index)},
                             {"job-total", static_cast<double>(total)},
                             {"max-parallel", static_cast<double>(parallel)}});
}

PIPEWRIGHT_DECL legs space::materialise() const {
  legs out;
  out.d_ = d_;
  const detail::data& d = *d_;
  out.entries_.reserve(static_cast<std::size_t>(d.total));
  const std::size_t w_count = d.words;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> interned;
  std::uint32_t last = 0;
  bool have_last = false;
  auto intern = [&](const std::uint64_t* mask) -> std::uint32_t {
    if (have_last &&
        std::equal(mask, mask + w_count, out.masks_.data() + std::size_t{last} * w_count)) {
      return last;
    }
    std::uint64_t h = 1469598103934665603ull;
    for (std::size_t w = 0; w < w_count; ++w) h = (h ^ mask[w]) * 1099511628211ull;
    auto& bucket = interned[h];
    for (std::uint32_t id : bucket) {
      if (std::equal(mask, mask + w_count, out.masks_.data() + std::size_t{id} * w_count)) {
        last = id;
        have_last = true;
        return id;
      }
    }
    const auto id = static_cast<std::uint32_t>(out.masks_.size() / w_count);
    out.masks_.insert(out.masks_.end(), mask, mask + w_count);
    bucket.push_back(id);
    last = id;
    have_last = true;
    return id;
  };
  std::vector<std::uint64_t> matched(w_count, 0);
  detail::run_product_any(
      d, matched.data(), [&](std::uint64_t combination, const std::uint64_t* mask) {
        out.entries_.push_back(legs::entry{combination, intern(mask), leg_source::product});
        return true;
      });
  for (std::size_t i = 0; i < d.includes.size(); ++i) {
    if (detail::bit(matched.data(), i)) continue;
    out.entries_.push_back(legs::entry{0, static_cast<std::uint32_t>(i), leg_source::include});
  }
  if (out.entries_.empty()) out.entries_.push_back(legs::entry{0, 0, leg_source::default_leg});
  return out;
}

namespace detail {

inline bool leaves_match(const value& axis_value, const std::vector<leaf>& leaves,
                         const erased_equality& eq) {
  for (const leaf& l : leaves) {
    const value* at = &axis_value;
    for (const path_step& s : l.path) at = &step(*at, s);
    if (!eq.equal(eq.policy, *at, l.literal)) return false;
  }
  return true;
}

PIPEWRIGHT_DECL result<space> compile_erased(const value& matrix, const options& opts,
                                             std::uint64_t max_legs, std::uint64_t max_product,
                                             erased_equality eq) {
  std::vector<diagnostic> errors;
  auto fail = [&](std::string_view code, std::string message, std::string_view sub) {
    errors.push_back(make_error(code, std::move(message), {}, opts.path + std::string(sub)));
  };
  auto pointer = [](std::string_view key) {
    std::string p = "/";
    detail::escape_pointer(p, key);
    return p;
  };
  if (!matrix.is_object()) {
    fail(codes::matrix_not_mapping, detail::type_message(matrix, "matrix", "MappingToken"), "");
    return result<space>::failure(std::move(errors));
  }
  auto d = std::make_shared<detail::data>();
  d->opts = opts;
  const value* include_seq = nullptr;
  const value* exclude_seq = nullptr;
  bool has_vector = false;
  bool has_include = false;
  for (const auto& [key, v] : matrix.as_object()) {
    if (key == "include") {
      if (!v.is_array()) {
        fail(codes::matrix_include_invalid,
             detail::type_message(v, "matrix includes", "SequenceToken"), "/include");
        continue;
      }
      include_seq = &v;
      has_include = !v.as_array().empty();
    } else if (key == "exclude") {
      if (!v.is_array()) {
        fail(codes::matrix_exclude_invalid,
             detail::type_message(v, "matrix excludes", "SequenceToken"), "/exclude");
        continue;
      }
      exclude_seq = &v;
    } else {
      has_vector = true;
      if (!v.is_array()) {
        fail(codes::matrix_vector_not_sequence,
             detail::type_message(v, "matrix vector value", "SequenceToken"), pointer(key));
      } else if (v.as_array().empty()) {
        fail(codes::matrix_empty_vector, "Matrix vector '" + key + "' does not contain any values",
             pointer(key));
      } else {
        detail::axis ax;
        ax.name = key;
        ax.values = v.as_array();
        d->axes.push_back(std::move(ax));
      }
    }
  }
  if (!has_vector && !has_include) {
    fail(codes::matrix_no_vector, "Matrix must define at least one vector", "");
  }

  // Rules: per rule, per axis, the leaves below the axis value.
  struct rule {
    std::vector<std::vector<detail::leaf>> per_axis;
    std::vector<char> constrains;
  };
  const std::size_t n = d->axes.size();
  std::vector<rule> includes;
  std::vector<rule> excludes;
  auto make_rule = [&](const object& filter) {
    rule r;
    r.per_axis.resize(n);
    r.constrains.assign(n, 0);
    for (const auto& [key, v] : filter) {
      const std::size_t a = detail::find_axis(d->axes, key);
      if (a == n) continue;
      std::vector<detail::path_step> path;
      detail::flatten(v, path, r.per_axis[a]);
      if (!r.per_axis[a].empty()) r.constrains[a] = 1;
    }
    return r;
  };
  // Names of vectors, including empty ones (they are still matrix keys for validation).
  auto is_vector_key = [&](std::string_view key) {
    if (detail::find_axis(d->axes, key) != n) return true;
    for (const auto& m : matrix.as_object()) {
      if (m.first != "include" && m.first != "exclude" && pipewright::detail::iequals(m.first, key))
        return true;
    }
    return false;
  };
  if (include_seq != nullptr) {
    const array& items = include_seq->as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string at = "/include/" + std::to_string(i);
      if (!items[i].is_object()) {
        fail(codes::matrix_include_invalid,
             detail::type_message(items[i], "matrix includes item", "MappingToken"), at);
        continue;
      }
      const object& item = items[i].as_object();
      if (item.empty()) {
        fail(codes::matrix_include_empty, "Matrix include mapping does not contain any values", at);
        continue;
      }
      object filter;
      object extra;
      for (const auto& [key, v] : item) {
        if (is_vector_key(key)) {
          filter.insert(key, v);
        } else {
          extra.insert(key, v);
        }
      }
      detail::include_rule ir;
      object whole;
      for (const auto& m : filter) whole.insert(m.first, m.second);
      for (const auto& m : extra) whole.insert(m.first, m.second);
      ir.matrix = value(std::move(whole));
      ir.name = display_name(opts.job_name, ir.matrix);
      ir.segments = segments_of(ir.matrix);
      includes.push_back(make_rule(filter));
      ir.extra = value(std::move(extra));
      d->includes.push_back(std::move(ir));
    }
  }
  if (exclude_seq != nullptr) {
    const array& items = exclude_seq->as_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string at = "/exclude/" + std::to_string(i);
      if (!items[i].is_object()) {
        fail(codes::matrix_exclude_invalid,
             detail::type_message(items[i], "matrix excludes item", "MappingToken"), at);
        continue;
      }
      const object& item = items[i].as_object();
      if (item.empty()) {
        fail(codes::matrix_exclude_empty, "Matrix exclude filter must not be empty", at);
        continue;
      }
      for (const auto& m : item) {
        if (!is_vector_key(m.first)) {
          fail(codes::matrix_exclude_unknown_key,
               "Matrix exclude key '" + m.first + "' does not match any key within the matrix",
               at + pointer(m.first));
        }
      }
      excludes.push_back(make_rule(item));
    }
  }

  // The cross product, in checked arithmetic.
  std::vector<std::uint64_t> lengths(n);
  for (std::size_t a = 0; a < n; ++a) lengths[a] = d->axes[a].values.size();
  const bool fits = set_axes(*d, lengths);
  if (errors.empty() && (!fits || d->product > max_product)) {
    std::string m = "The matrix's cross product is larger than ";
    m += std::to_string(max_product);
    m += " combinations";
    fail(codes::matrix_too_large, std::move(m), "");
  }
  if (!errors.empty()) return result<space>::failure(std::move(errors));

  // Per-axis value masks.
  build_masks(
      *d, excludes.size(), includes.size(),
      [&](bool exclude, std::size_t r, std::size_t a) {
        return (exclude ? excludes : includes)[r].constrains[a] != 0;
      },
      [&](bool exclude, std::size_t r, std::size_t a, std::size_t i) {
        return detail::leaves_match(d->axes[a].values[i],
                                    (exclude ? excludes : includes)[r].per_axis[a], eq);
      });

  // Display-name and id segments per axis value.
  for (detail::axis& ax : d->axes) {
    ax.segments.reserve(ax.values.size());
    ax.segment_text.reserve(ax.values.size());
    for (const value& v : ax.values) {
      ax.segments.push_back(segments_of(v));
      std::string text;
      for (const std::string& s : ax.segments.back()) {
        if (!text.empty()) text += ", ";
        text += s;
      }
      ax.segment_text.push_back(std::move(text));
    }
  }

  // Name template.
  if (semantics::contains_expression(opts.job_name)) {
    expr::compile_options co;
    co.contexts = {"matrix", "strategy", "github", "needs", "vars", "inputs"};
    co.status_functions = false;
    co.hash_files = false;
    auto t = expr::compile_template(opts.job_name, co);
    if (!t) return result<space>::failure(std::move(t.diagnostics()));
    if (t->is_literal()) {
      auto folded = t->evaluate(value());
      if (folded) d->opts.job_name = expr::to_string(*folded);
    } else {
      d->name_is_template = true;
      d->name_template = std::move(*t);
    }
  }

  // Count: kept combinations and which includes match a kept combination.
  leg_total counted = count_legs(*d, max_legs);
  d->matched = std::move(counted.matched);
  d->kept = counted.kept;
  d->total = counted.total;
  d->counted_directly = counted.direct;
  const bool direct = counted.direct;
  if (d->total > max_legs) {
    std::string m = "The matrix expands to ";
    m += d->kept > max_legs && !direct ? "more than " + std::to_string(max_legs)
                                       : std::to_string(d->total);
    m += " jobs; the limit is ";
    m += std::to_string(max_legs);
    fail(codes::matrix_too_many_legs, std::move(m), "");
    return result<space>::failure(std::move(errors));
  }
  d->matrix_members.reserve(d->axes.size());
  for (const detail::axis& ax : d->axes) {
    d->axis_member.push_back(d->matrix_members.insert(ax.name, value())
                                 ? d->matrix_members.size() - 1
                                 : detail::no_member);
  }
  d->strategy_members =
      strategy_context(
          d->opts.fail_fast, 0, d->total,
          d->opts.max_parallel > 0 ? static_cast<std::uint64_t>(d->opts.max_parallel) : 0)
          .as_object();
  return detail::access::make(std::move(d));
}

PIPEWRIGHT_DECL result<std::vector<leg>> expand_space(result<space> s) {
  if (!s) return result<std::vector<leg>>::failure(std::move(s.diagnostics()));
  const legs all = s->materialise();
  std::vector<std::string> ids = all.ids();
  std::vector<leg> out;
  out.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const leg_view v = all[i];
    value m = v.matrix();
    value st = v.strategy();
    std::string name = v.name_with(&m, &st);
    out.push_back(leg{std::move(m), std::move(name), std::move(ids[i]), std::move(st)});
  }
  return out;
}

}  // namespace detail

}  // namespace matrix
}  // namespace v0
}  // namespace pipewright
