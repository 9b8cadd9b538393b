/// @file schema_impl.hpp
/// The definitions behind model/schema.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/schema.hpp"
#include "pipewright/value/number_format.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {
namespace schema {

PIPEWRIGHT_DECL compiled_schema::compiled_schema(std::span<const definition> defs) : defs_(defs) {
  std::unordered_map<std::string_view, index> by_name;
  by_name.reserve(defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) {
    by_name.emplace(defs[i].name, static_cast<index>(i));
  }
  auto find = [&](std::string_view n) -> index {
    if (n.empty()) return none;
    const auto it = by_name.find(n);
    return it == by_name.end() ? none : it->second;
  };
  nodes_.resize(defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) {
    node& n = nodes_[i];
    n.item = find(defs[i].item_type);
    n.loose_key = find(defs[i].loose_key);
    n.loose_value = find(defs[i].loose_value);
    for (const property& p : defs[i].properties) n.property_types.push_back(find(p.type));
    for (std::string_view alt : defs[i].one_of) n.alternatives.push_back(find(alt));
  }
  // Flatten one-of chains into leaves (with a guard against cycles).
  for (std::size_t i = 0; i < defs.size(); ++i) {
    std::vector<index> stack{static_cast<index>(i)};
    std::vector<bool> seen(defs.size(), false);
    while (!stack.empty()) {
      const index at = stack.back();
      stack.pop_back();
      if (at == none) {
        nodes_[i].has_any = true;
        continue;
      }
      if (seen[at]) continue;
      seen[at] = true;
      if (defs[at].kind == kind::one_of) {
        nodes_[i].leaf_contexts |= defs[at].contexts;
        for (auto it = nodes_[at].alternatives.rbegin(); it != nodes_[at].alternatives.rend();
             ++it) {
          stack.push_back(*it);
        }
      } else {
        if (defs[at].kind == kind::any) nodes_[i].has_any = true;
        nodes_[i].leaves.push_back(at);
        if (at != i) nodes_[i].leaf_contexts |= defs[at].contexts;
      }
    }
  }
}

PIPEWRIGHT_DECL expr::compile_options compile_options_for(context_set contexts) {
  expr::compile_options o;
  for (std::size_t i = 0; i < std::size(ctx::names); ++i) {
    if ((contexts & (1u << i)) != 0) o.contexts.emplace_back(ctx::names[i]);
  }
  o.status_functions = (contexts & ctx::status_functions) != 0;
  o.hash_files = (contexts & ctx::hash_files) != 0;
  o.status_function_args = (contexts & ctx::status_function_args) != 0;
  return o;
}

PIPEWRIGHT_DECL std::string literal_text(const value& v) {
  switch (v.type()) {
    case pipewright::kind::null: return {};
    case pipewright::kind::boolean: return v.as_bool() ? "true" : "false";
    case pipewright::kind::number: return format_number(v.as_number(), number_style::g15);
    case pipewright::kind::string: return std::string(v.as_string());
    default: return {};
  }
}

PIPEWRIGHT_DECL std::size_t verbatim_offset(std::string_view source, source_span span,
                                            std::string_view text) noexcept {
  if (!span.known() || span.begin > source.size()) return source_span::npos;
  if (source.substr(span.begin, text.size()) == text) return span.begin;
  if (span.begin + 1 <= source.size() &&
      (source[span.begin] == '"' || source[span.begin] == '\'') &&
      source.substr(span.begin + 1, text.size()) == text) {
    return span.begin + 1;
  }
  return source_span::npos;
}

PIPEWRIGHT_DECL result<expr::compiled_template> compile_scalar(
    std::string_view text, context_set contexts, std::string_view source, source_span span,
    const std::string& path, const std::vector<expr::user_function>* functions) {
  if (text.size() > max_template_length) {
    return make_error(codes::expr_max_length,
                      "Exceeded max expression length " + std::to_string(max_template_length), span,
                      path);
  }
  expr::compile_options o = compile_options_for(contexts);
  if (functions != nullptr) o.functions = *functions;
  const std::size_t at = verbatim_offset(source, span, text);
  o.span_offset = at == source_span::npos ? 0 : at;
  auto r = expr::compile_template(text, o);
  if (!r) {
    for (diagnostic& d : r.diagnostics()) {
      if (at == source_span::npos || !d.span.known()) d.span = span;
      if (d.path.empty()) d.path = path;
    }
  }
  return r;
}

PIPEWRIGHT_DECL template_cache::pointer template_cache::find(source_map::node_id n,
                                                             context_set contexts) {
  if (n == source_map::none || entries_.empty()) return nullptr;
  if (!sorted_) {
    std::sort(entries_.begin(), entries_.end(), [](const entry& a, const entry& b) {
      return a.node != b.node ? a.node < b.node : a.contexts < b.contexts;
    });
    sorted_ = true;
  }
  auto it = std::lower_bound(entries_.begin(), entries_.end(), n,
                             [](const entry& e, source_map::node_id id) { return e.node < id; });
  for (; it != entries_.end() && it->node == n; ++it) {
    if (it->contexts == contexts) return it->t;
  }
  return nullptr;
}

PIPEWRIGHT_DECL void validator::read(const value& v, source_map::node_id n, index def,
                                     context_set inherited, std::size_t depth) {
  const context_set contexts = contexts_of(def, inherited);
  if (depth > options_.max_depth) {
    error(codes::model_depth_limit, "Maximum object depth exceeded", span_of(n));
    return;
  }
  const bool any = def == compiled_schema::none || s_.links(def).has_any;
  switch (v.type()) {
    case pipewright::kind::array: {
      index item = compiled_schema::none;
      bool found = any;
      if (!any) {
        for (index leaf : s_.links(def).leaves) {
          if (s_[leaf].kind == kind::sequence) {
            item = s_.links(leaf).item;
            found = true;
            break;
          }
          if (s_[leaf].kind == kind::string && s_[leaf].or_sequence) {
            item = leaf;
            found = true;
            break;
          }
        }
      }
      if (!found) {
        error(codes::model_unexpected_type, "A sequence was not expected", span_of(n));
        return;
      }
      const array& a = v.as_array();
      const std::size_t len = path_.size();
      for (std::size_t i = 0; i < a.size(); ++i) {
        path_ += '/';
        path_ += std::to_string(i);
        read(a[i], map_.child(n, i), item, contexts, depth + 1);
        path_.resize(len);
      }
      return;
    }
    case pipewright::kind::object:
      read_mapping(v.as_object(), n, def, contexts, depth, any);
      return;
    default: read_scalar(v, n, def, contexts, any); return;
  }
}

PIPEWRIGHT_DECL bool validator::literal_matches(const value& v, index def) const {
  if (def == compiled_schema::none || s_.links(def).has_any) return true;
  for (index leaf : s_.links(def).leaves) {
    if (matches(v, leaf)) return true;
  }
  if (!v.is_string()) {
    const value text(literal_text(v));
    for (index leaf : s_.links(def).leaves) {
      if (matches(text, leaf)) return true;
    }
  }
  return false;
}

PIPEWRIGHT_DECL bool validator::matches(const value& v, index leaf) const {
  const definition& d = s_[leaf];
  if (d.nullable && v.is_null()) return true;
  switch (d.kind) {
    case kind::null: return v.is_null();
    case kind::boolean: return v.is_bool();
    case kind::number: return v.is_number();
    case kind::string: {
      if (!v.is_string()) return false;
      const std::string_view s = v.as_string();
      if (!d.constant.empty()) return s == d.constant;
      if (d.non_empty && s.empty()) return false;
      if (!d.allowed_values.empty()) {
        return std::find(d.allowed_values.begin(), d.allowed_values.end(), s) !=
               d.allowed_values.end();
      }
      return true;
    }
    case kind::any: return true;
    default: return false;
  }
}

PIPEWRIGHT_DECL void validator::read_scalar(const value& v, source_map::node_id n, index def,
                                            context_set contexts, bool any) {
  if (v.is_string() && semantics::contains_expression(v.as_string())) {
    auto t =
        compile_scalar(v.as_string(), contexts, source_, span_of(n), path_, &options_.functions);
    if (!t) {
      for (diagnostic& d : t.diagnostics()) out_.push_back(std::move(d));
      return;
    }
    const bool literal = t->is_literal();
    if (!literal && contexts == 0) {
      error(codes::model_expression_not_allowed,
            "A template expression is not allowed in this context", span_of(n));
    }
    if (literal) {
      // Folded string literals: validate the resulting text.
      auto folded = t->evaluate(value());
      if (folded && !any && !literal_matches(*folded, def)) {
        error(codes::model_unexpected_value, "Unexpected value '" + literal_text(*folded) + "'",
              span_of(n));
      }
    }
    if (cache_ != nullptr) {
      cache_->put(n, contexts, std::make_shared<const expr::compiled_template>(std::move(*t)));
    }
    return;
  }
  if (any) return;
  if (!literal_matches(v, def)) {
    error(codes::model_unexpected_value, "Unexpected value '" + literal_text(v) + "'", span_of(n));
  }
}

PIPEWRIGHT_DECL void validator::read_mapping(const object& o, source_map::node_id n, index def,
                                             context_set contexts, std::size_t depth, bool any) {
  std::vector<index> candidates;
  if (!any) {
    for (index leaf : s_.links(def).leaves) {
      if (s_[leaf].kind == kind::mapping) candidates.push_back(leaf);
    }
    if (candidates.empty()) {
      error(codes::model_unexpected_type, "A mapping was not expected", span_of(n));
      return;
    }
  }
  const std::size_t len = path_.size();
  bool expression_key = false;
  for (const auto [key, item, child] : map_.members(o, n)) {
    const source_span key_span = map_.key_span(child);
    path_ += '/';
    append_pointer_key(key);
    std::string folded_key;
    std::string_view effective = key;
    if (is_insert_directive(key) && contexts != 0) {
      // `${{ insert }}`: the value's mapping is merged here when evaluated.
      read(item, child, compiled_schema::none, contexts, depth + 1);
      path_.resize(len);
      expression_key = true;
      continue;
    }
    if (semantics::contains_expression(key)) {
      auto t = compile_scalar(key, contexts, source_, key_span, path_, &options_.functions);
      if (!t) {
        for (diagnostic& d : t.diagnostics()) out_.push_back(std::move(d));
        path_.resize(len);
        continue;
      }
      if (!t->is_literal()) {
        expression_key = true;
        if (contexts == 0) {
          error(codes::model_expression_not_allowed,
                "A template expression is not allowed in this context", key_span);
        } else {
          read(item, child, compiled_schema::none, contexts, depth + 1);
        }
        path_.resize(len);
        continue;
      }
      auto f = t->evaluate(value());
      if (f) folded_key = std::string(f->as_string());
      effective = folded_key;
    }
    if (any) {
      read(item, child, compiled_schema::none, contexts, depth + 1);
      path_.resize(len);
      continue;
    }
    // A well-known property narrows the candidates to the definitions that have it.
    index property_type = compiled_schema::none;
    bool known = false;
    for (index c : candidates) {
      const auto& props = s_[c].properties;
      for (std::size_t p = 0; p < props.size(); ++p) {
        if (props[p].name == effective) {
          property_type = s_.links(c).property_types[p];
          known = true;
          break;
        }
      }
      if (known) break;
    }
    if (known) {
      std::erase_if(candidates, [&](index c) {
        for (const property& p : s_[c].properties) {
          if (p.name == effective) return false;
        }
        return true;
      });
      read(item, child, property_type, contexts, depth + 1);
      path_.resize(len);
      continue;
    }
    const index first = candidates.front();
    if (!s_[first].loose_key.empty() || !s_[first].loose_value.empty()) {
      const index key_def = s_.links(first).loose_key;
      if (key_def != compiled_schema::none && !literal_matches(value(effective), key_def)) {
        error(codes::model_unexpected_value, "Unexpected value '" + std::string(effective) + "'",
              key_span);
      }
      read(item, child, s_.links(first).loose_value, contexts, depth + 1);
      path_.resize(len);
      continue;
    }
    error(codes::model_unexpected_value, "Unexpected value '" + std::string(effective) + "'",
          key_span);
    path_.resize(len);
  }
  if (any) return;
  if (candidates.size() > 1) {
    std::vector<std::string_view> unique;
    std::vector<std::string_view> all;
    for (index c : candidates) {
      for (const property& p : s_[c].properties) all.push_back(p.name);
    }
    for (std::string_view name : all) {
      if (std::count(all.begin(), all.end(), name) == 1) unique.push_back(name);
    }
    std::sort(unique.begin(), unique.end());
    std::string list;
    for (std::string_view u : unique) {
      if (!list.empty()) list += ", ";
      list += u;
    }
    error(
        codes::model_ambiguous_mapping,
        "There's not enough info to determine what you meant. Add one of these properties: " + list,
        span_of(n));
  } else if (!expression_key) {
    for (const property& p : s_[candidates.front()].properties) {
      if (!p.required) continue;
      bool present = false;
      for (const auto& entry : o) {
        if (pipewright::detail::iequals(entry.first, p.name)) present = true;
      }
      if (!present) {
        error(codes::model_required_property,
              "Required property is missing: " + std::string(p.name), span_of(n));
      }
    }
  }
}

}  // namespace schema
}  // namespace model
}  // namespace v0
}  // namespace pipewright
