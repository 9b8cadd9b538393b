/// @file jsonl_impl.hpp
/// The definitions behind export/jsonl.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/export/jsonl.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/reads.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

PIPEWRIGHT_DECL bool parse_status(std::string_view s, expr::job_status& out) {
  if (s == "success") {
    out = expr::job_status::success;
  } else if (s == "failure") {
    out = expr::job_status::failure;
  } else if (s == "cancelled") {
    out = expr::job_status::cancelled;
  } else {
    return false;
  }
  return true;
}

namespace detail {

inline compiled_text compile_text(std::string_view text, const expr::compile_options& options) {
  compiled_text c;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    c.error = make_error(codes::expr_template_empty, "An expression was expected");
    return c;
  }
  auto compiled = expr::compile(text, options);
  if (compiled) {
    c.expression = std::move(*compiled);
    return c;
  }
  if (!semantics::contains_expression(text)) {
    c.error = *compiled.first_error();
    return c;
  }
  auto t = expr::compile_template(text, options);
  if (!t) {
    c.error = *t.first_error();
    return c;
  }
  c.templ = std::move(*t);
  return c;
}

/// `c` evaluated on `contexts` (its compile error, when it has one).
inline result<value> evaluate(const compiled_text& c, const value& contexts,
                              const expr::evaluation_options& eval_options) {
  if (c.error) return *c.error;
  return c.expression ? c.expression->evaluate(contexts, eval_options)
                      : c.templ->evaluate(contexts, eval_options);
}

/// The contract's response to an evaluation; with `id`, it starts with `"id": *id` (the
/// answer to one line).
inline value response(result<value> r, const value* id = nullptr) {
  value answer = value::make_object();
  object& o = answer.as_object();
  if (!r) {
    o.reserve(3);
    if (id != nullptr) o.insert("id", *id);
    o.insert("ok", false);
    const diagnostic& d = *r.first_error();
    o.insert("error", d.code + ": " + d.message);
    return answer;
  }
  std::string str = expr::to_string(*r);
  o.reserve(5);
  if (id != nullptr) o.insert("id", *id);
  o.insert("ok", true);
  o.insert("kind", kind_name(r->type()));
  o.insert("value", std::move(*r));
  o.insert("str", std::move(str));
  return answer;
}

/// The first member of the object of index entry `parent` (member_span::top: the line's)
/// whose key equals `name` ignoring case (the one parse() keeps), or nullptr.
inline const json::member_span* find_member(std::span<const json::member_span> index,
                                            std::size_t parent, std::string_view name) {
  const std::size_t from = parent == json::member_span::top ? 0 : parent + 1;
  // An ASCII name equals (ignoring case) only a key of its length, as written when the key
  // has no escape.
  const bool ascii = pipewright::detail::is_ascii(name);
  for (std::size_t i = from; i < index.size(); ++i) {
    const json::member_span& m = index[i];
    if (m.parent != parent) continue;
    if (m.escaped) {
      if (pipewright::detail::iequals(json::member_key(m), name)) return &m;
    } else if ((!ascii || m.key.size() == name.size()) &&
               pipewright::detail::iequals(m.key, name)) {
      return &m;
    }
  }
  return nullptr;
}

/// json::parse(text)'s value; unset when it fails.
inline std::optional<value> checked_parse(std::string_view text) {
  auto v = json::parse(text);
  if (!v) return std::nullopt;
  return std::move(*v);
}

/// The value of `text`, a JSON value that json::index_members() has checked, as json::parse()
/// gives it: a string without escapes, an integer of up to 15 digits and a literal are read
/// here (the usual leaves of a line), anything else by json::parse(). Unset if that fails.
inline std::optional<value> checked_value(std::string_view text) {
  const char first = text.front();
  if (first == '"' && text.find('\\') == std::string_view::npos) {
    return value(text.substr(1, text.size() - 2));  // checked: the characters as they are
  }
  if (first >= '0' && first <= '9' && text.size() <= 15) {
    double n = 0;
    for (const char c : text) {
      if (c < '0' || c > '9') return checked_parse(text);  // a fraction or an exponent
      n = n * 10 + (c - '0');                              // exact: below 10^15
    }
    return value(n);
  }
  if (text == "true") return value(true);
  if (text == "false") return value(false);
  if (text == "null") return value();
  return checked_parse(text);
}

/// The value of index entry `at` as far as `t` reads it: an object holding only the members
/// read, or the whole value. Unset when its text does not parse.
inline std::optional<value> read_value(std::span<const json::member_span> index, std::size_t at,
                                       const expr::read_tree& t) {
  const std::string_view text = index[at].text;
  if (t.whole || text.front() != '{') return checked_value(text);
  object o;
  o.reserve(t.members.size());
  for (const expr::read_tree& sub : t.members) {
    const json::member_span* m = find_member(index, at, sub.key);
    if (m == nullptr) continue;
    auto v = read_value(index, static_cast<std::size_t>(m - index.data()), sub);
    if (!v) return std::nullopt;
    o.insert(json::member_key(*m), std::move(*v));
  }
  return value(std::move(o));
}

}  // namespace detail

PIPEWRIGHT_DECL value eval_response(std::string_view text, const value& contexts,
                                    const expr::compile_options& options,
                                    const expr::evaluation_options& eval_options) {
  return detail::response(
      detail::evaluate(detail::compile_text(text, options), contexts, eval_options));
}

PIPEWRIGHT_DECL value eval_jsonl_case(const value& input,
                                      const expr::hash_files_policy& hash_files) {
  value id = input["id"];
  auto fail = [&id](std::string message) {
    return value::make_object({{"id", id}, {"ok", false}, {"error", std::move(message)}});
  };
  if (!input.is_object()) return fail(std::string(codes::jsonl_bad_line) + ": not a JSON object");
  const value& text = input["expr"];
  if (!text.is_string())
    return fail(std::string(codes::jsonl_bad_line) + ": \"expr\" must be a string");
  const value& contexts = input["contexts"];
  if (!contexts.is_null() && !contexts.is_object()) {
    return fail(std::string(codes::jsonl_bad_line) + ": \"contexts\" must be an object");
  }
  expr::compile_options options;
  options.hash_files = true;
  if (contexts.is_object()) {
    for (const auto& m : contexts.as_object()) options.contexts.push_back(m.first);
  }
  expr::evaluation_options eval_options;
  const value& status = input["status"];
  if (status.is_string()) {
    if (!parse_status(status.as_string(), eval_options.status)) {
      return fail(std::string(codes::jsonl_bad_line) + ": unknown status");
    }
  }
  eval_options.hash_files = hash_files;
  return detail::response(
      detail::evaluate(detail::compile_text(text.as_string(), options), contexts, eval_options),
      &id);
}

PIPEWRIGHT_DECL value jsonl_parse_error(const diagnostic& d) {
  return value::make_object({{"id", value()}, {"ok", false}, {"error", d.code + ": " + d.message}});
}

PIPEWRIGHT_DECL value jsonl_evaluator::answer(std::string_view line) {
  value id;
  std::optional<result<value>> r = evaluate_line(line, id);
  if (!r) return whole(line);
  return detail::response(std::move(*r), &id);
}

PIPEWRIGHT_DECL bool jsonl_evaluator::write_answer(std::string& out, std::string_view line) {
  value id;
  std::optional<result<value>> r = evaluate_line(line, id);
  if (!r || !*r) {
    const value a = r ? detail::response(std::move(*r), &id) : whole(line);
    json::write(out, a, json::compact_style);
    const value& ok = a["ok"];
    return ok.is_bool() && ok.as_bool();
  }
  // detail::response()'s members, in its order.
  const value& v = **r;
  str_.clear();
  expr::append_string(str_, v);
  json::detail::sink k(out);
  k.put("{\"id\":");
  json::detail::write_value(k, id, json::compact_style, 0);
  k.put(",\"ok\":true,\"kind\":");
  json::detail::write_string(k, kind_name(v.type()));
  k.put(",\"value\":");
  json::detail::write_value(k, v, json::compact_style, 0);
  k.put(",\"str\":");
  json::detail::write_string(k, str_);
  k.put('}');
  k.finish();
  return true;
}

PIPEWRIGHT_DECL value jsonl_evaluator::whole(std::string_view line) const {
  auto parsed = json::parse(line);
  return parsed ? eval_jsonl_case(*parsed, eval_options_.hash_files)
                : jsonl_parse_error(*parsed.first_error());
}

PIPEWRIGHT_DECL std::optional<result<value>> jsonl_evaluator::evaluate_line(std::string_view line,
                                                                            value& id) {
  if (json::index_members(line, index_)) return std::nullopt;  // the reader's diagnostic
  const std::span<const json::member_span> members(index_);
  auto member = [&members](std::string_view name) {
    return detail::find_member(members, json::member_span::top, name);
  };
  const json::member_span* expr_text = member("expr");
  const json::member_span* contexts_text = member("contexts");
  if (expr_text == nullptr || expr_text->text.front() != '"' || member("status") != nullptr ||
      contexts_text == nullptr || contexts_text->text.front() != '{') {
    return std::nullopt;
  }
  // The text: with no escape, what is between its quotes (checked), without a copy.
  std::string_view text = expr_text->text.substr(1, expr_text->text.size() - 2);
  std::optional<value> decoded;
  if (text.find('\\') != std::string_view::npos) {
    decoded = detail::checked_parse(expr_text->text);
    if (!decoded) return std::nullopt;
    text = decoded->as_string();
  }
  if (const json::member_span* id_text = member("id")) {
    auto v = detail::checked_value(id_text->text);
    if (!v) return std::nullopt;
    id = std::move(*v);
  }
  // The contexts: their names (of names equal ignoring case, the first) and index entries.
  names_.clear();
  slots_.clear();
  const auto contexts_at = static_cast<std::size_t>(contexts_text - members.data());
  for (std::size_t i = contexts_at + 1; i < members.size(); ++i) {
    if (members[i].parent != contexts_at) continue;
    std::string name = json::member_key(members[i]);
    const bool ascii = pipewright::detail::is_ascii(name);  // then equal only at its length
    bool seen = false;
    for (const std::string& n : names_) {
      seen = seen || ((!ascii || n.size() == name.size()) && pipewright::detail::iequals(n, name));
    }
    if (seen) continue;
    names_.push_back(std::move(name));
    slots_.push_back(i);
  }
  const entry& e = compiled(text);
  value used = value::make_object();
  if (!e.compiled.error) {
    object& o = used.as_object();
    o.reserve(e.reads.size());
    for (std::size_t s = 0; s < e.reads.size(); ++s) {
      if (!e.reads[s].whole && e.reads[s].members.empty()) continue;  // not read
      auto v = detail::read_value(members, slots_[s], e.reads[s]);
      if (!v) return std::nullopt;
      o.insert(names_[s], std::move(*v));
    }
  }
  return detail::evaluate(e.compiled, used, eval_options_);
}

PIPEWRIGHT_DECL const jsonl_evaluator::entry& jsonl_evaluator::compiled(std::string_view text) {
  key_.assign(text);
  for (const std::string& n : names_) {
    key_ += '\0';
    key_ += n;
  }
  if (auto it = cache_.find(key_); it != cache_.end()) return it->second;
  if (cache_.size() >= max_cached || cached_bytes_ + key_.size() > max_cached_bytes) {
    cache_.clear();
    cached_bytes_ = 0;
  }
  expr::compile_options options;
  options.hash_files = true;
  options.contexts = names_;
  entry e{detail::compile_text(text, options), {}};
  e.reads.resize(names_.size());
  for (const expr::expression& x : e.compiled.expressions()) expr::add_reads(x, e.reads);
  if (e.compiled.templ) {
    // A template's expressions have their spans in the template: whole contexts.
    for (expr::read_tree& t : e.reads) {
      if (!t.members.empty()) t.whole = true;
    }
  }
  cached_bytes_ += key_.size();
  return cache_.emplace(key_, std::move(e)).first->second;
}

PIPEWRIGHT_DECL value eval_jsonl_line(std::string_view line,
                                      const expr::hash_files_policy& hash_files) {
  return jsonl_evaluator(hash_files).answer(line);
}

PIPEWRIGHT_DECL result<matrix::space> compile_matrix(const value& m, const matrix::options& o,
                                                     std::uint64_t limit, bool has_limit) {
  if (!has_limit) return matrix::compile(m, o);
  if (limit == 0) return matrix::compile(m, o, matrix::unlimited{});
  return matrix::compile(m, o, matrix::leg_limit{limit});
}

PIPEWRIGHT_DECL value matrix_jsonl_case(const value& input) {
  value id = input["id"];
  auto fail = [&id](std::string message) {
    return value::make_object({{"id", id}, {"ok", false}, {"error", std::move(message)}});
  };
  if (!input.is_object()) return fail(std::string(codes::jsonl_bad_line) + ": not a JSON object");
  matrix::options o;
  const value& job_name = input["job_name"];
  if (job_name.is_string()) {
    o.job_name = std::string(job_name.as_string());
  } else if (!job_name.is_null()) {
    return fail(std::string(codes::jsonl_bad_line) + ": \"job_name\" must be a string");
  }
  const value& limit = input["limit"];
  std::uint64_t max_legs = 0;
  if (!limit.is_null()) {
    const double l = limit.as_number();
    if (!limit.is_number() || !(l >= 0 && l <= 9007199254740992.0) ||
        l != static_cast<double>(static_cast<std::uint64_t>(l))) {
      return fail(std::string(codes::jsonl_bad_line) +
                  ": \"limit\" must be a non-negative integer");
    }
    max_legs = static_cast<std::uint64_t>(l);
  }
  auto s = compile_matrix(input["matrix"], o, max_legs, !limit.is_null());
  if (!s) {
    const diagnostic& d = *s.first_error();
    return fail(d.code + ": " + d.message);
  }
  array combinations;
  combinations.reserve(static_cast<std::size_t>(s->count()));
  s->for_each([&combinations](const matrix::leg_view& leg) {
    combinations.push_back(value::make_object({{"matrix", leg.matrix()}, {"name", leg.name()}}));
  });
  return value::make_object(
      {{"id", id}, {"ok", true}, {"combinations", value(std::move(combinations))}});
}

}  // namespace export_
}  // namespace v0
}  // namespace pipewright
