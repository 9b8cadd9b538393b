/// @file matrix_impl.hpp
/// The definitions behind matrix/matrix.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <unordered_map>

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

#if !PIPEWRIGHT_HEADER_ONLY
template result<space> compile(const value&, const options&, const github_limit&,
                               const expr::github_equality&);
template result<space> compile(const value&, const options&, const leg_limit&,
                               const expr::github_equality&);
template result<space> compile(const value&, const options&, const unlimited&,
                               const expr::github_equality&);
#endif

}  // namespace matrix
}  // namespace v0
}  // namespace pipewright
