/// @file jsonl.hpp
/// The JSON Lines contracts of `pipewright eval --jsonl` and `pipewright matrix --jsonl`
/// (DESIGN.md): one input object in, one response object out. In the library so that a
/// host, a conformance harness or a test can answer the same contract without the tool.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

/// `success`, `failure` or `cancelled` as a job status; false for anything else.
inline bool parse_status(std::string_view s, expr::job_status& out) {
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

/// eval_response() with the contexts from `contexts_for(expressions, in_template)`, given the
/// compiled expressions that will be evaluated (a `std::span<const expr::expression>`, and
/// whether they are a template's, whose spans are in the template): a caller can build only
/// the contexts they read. Its result must outlive the evaluation.
/// With `id`, the response starts with `"id": *id` (the contract's answer to one line).
template <class ContextsFor>
value eval_response_with(std::string_view text, ContextsFor&& contexts_for,
                         const expr::compile_options& options,
                         const expr::evaluation_options& eval_options, const value* id = nullptr) {
  auto error = [id](const diagnostic& d) {
    value e = value::make_object();
    object& o = e.as_object();
    o.reserve(3);
    if (id != nullptr) o.insert("id", *id);
    o.insert("ok", false);
    o.insert("error", d.code + ": " + d.message);
    return e;
  };
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return error(make_error(codes::expr_template_empty, "An expression was expected"));
  }
  auto ok = [id](const value& r) {
    value answer = value::make_object();
    object& o = answer.as_object();
    o.reserve(5);
    if (id != nullptr) o.insert("id", *id);
    o.insert("ok", true);
    o.insert("kind", kind_name(r.type()));
    o.insert("value", r);
    o.insert("str", expr::to_string(r));
    return answer;
  };
  auto compiled = expr::compile(text, options);
  if (!compiled) {
    if (!semantics::contains_expression(text)) return error(*compiled.first_error());
    auto t = expr::compile_template(text, options);
    if (!t) return error(*t.first_error());
    auto r = t->evaluate(contexts_for(std::span<const expr::expression>(t->expressions()), true),
                         eval_options);
    if (!r) return error(*r.first_error());
    return ok(*r);
  }
  auto r = compiled->evaluate(contexts_for(std::span<const expr::expression>(&*compiled, 1), false),
                              eval_options);
  if (!r) return error(*r.first_error());
  return ok(*r);
}

/// What expressions read of one context: all of it (`whole`), or only the members that
/// chains of `.name` reach (`github.event.ref` reads github's `event`'s `ref`).
struct read_tree {
  std::string_view key;  ///< the member's name (in a parent's `members`)
  bool whole = false;
  std::vector<read_tree> members;

  read_tree& member(std::string_view name) {
    for (read_tree& m : members) {
      if (pipewright::detail::iequals(m.key, name)) return m;
    }
    members.push_back(read_tree{name, false, {}});
    return members.back();
  }
};

/// Adds to `trees` (one per context slot) what `e` reads; names view `e`'s text.
inline void add_reads(const expr::expression& e, std::vector<read_tree>& trees) {
  const std::span<const expr::node> nodes = e.nodes();
  const std::string_view text = e.text();
  // up[x]: the `.name` index node whose base x is (-1: x is used some other way).
  std::vector<std::int32_t> up(nodes.size(), -1);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const expr::node& n = nodes[i];
    if (n.kind != expr::node_kind::index || n.a < 0 || n.b < 0) continue;
    const expr::node& key = nodes[static_cast<std::size_t>(n.b)];
    // A bare property name: its token is the key, as written.
    if (key.kind == expr::node_kind::string_literal && key.flag && key.end <= text.size()) {
      up[static_cast<std::size_t>(n.a)] = static_cast<std::int32_t>(i);
    }
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].kind != expr::node_kind::context || nodes[i].ref >= trees.size()) continue;
    read_tree* t = &trees[nodes[i].ref];
    std::size_t x = i;
    while (!t->whole && up[x] >= 0) {
      x = static_cast<std::size_t>(up[x]);
      const expr::node& key = nodes[static_cast<std::size_t>(nodes[x].b)];
      t = &t->member(text.substr(key.begin, key.end - key.begin));
    }
    t->whole = true;
    t->members.clear();
  }
}

/// The first member of the object of index entry `parent` (member_span::top: the line's)
/// whose key equals `name` ignoring case (the one parse() keeps), or nullptr.
inline const json::member_span* find_member(std::span<const json::member_span> index,
                                            std::size_t parent, std::string_view name) {
  const std::size_t from = parent == json::member_span::top ? 0 : parent + 1;
  for (std::size_t i = from; i < index.size(); ++i) {
    const json::member_span& m = index[i];
    if (m.parent != parent) continue;
    if (m.escaped ? pipewright::detail::iequals(json::member_key(m), name)
                  : pipewright::detail::iequals(m.key, name)) {
      return &m;
    }
  }
  return nullptr;
}

/// The value of index entry `at` as far as `t` reads it: an object holding only the members
/// read, or the whole value. Unset when its text does not parse.
inline std::optional<value> read_value(std::span<const json::member_span> index, std::size_t at,
                                       const read_tree& t) {
  const std::string_view text = index[at].text;
  if (t.whole || text.front() != '{') {
    auto v = json::parse(text);
    if (!v) return std::nullopt;
    return std::move(*v);
  }
  object o;
  for (const read_tree& sub : t.members) {
    const json::member_span* m = find_member(index, at, sub.key);
    if (m == nullptr) continue;
    auto v = read_value(index, static_cast<std::size_t>(m - index.data()), sub);
    if (!v) return std::nullopt;
    o.insert(json::member_key(*m), std::move(*v));
  }
  return value(std::move(o));
}

}  // namespace detail

/// Compiles and evaluates `text`, an expression; the contract's response object without
/// "id". Text that is not an expression but holds `${{` (which no expression holds outside
/// a string) is a template, evaluated as GitHub evaluates a workflow value: a lone `${{ }}`
/// keeps its result's type, text around it makes a string.
inline value eval_response(std::string_view text, const value& contexts,
                           const expr::compile_options& options,
                           const expr::evaluation_options& eval_options) {
  return detail::eval_response_with(
      text,
      [&contexts](std::span<const expr::expression>, bool) -> const value& { return contexts; },
      options, eval_options);
}

/// Handles one `eval --jsonl` input object (the contract in DESIGN.md); hashFiles() uses
/// `hash_files` (empty: it fails with PW0215; host::default_hash_files reads a directory).
inline value eval_jsonl_case(const value& input, const expr::hash_files_policy& hash_files = {}) {
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
  return detail::eval_response_with(
      text.as_string(),
      [&contexts](std::span<const expr::expression>, bool) -> const value& { return contexts; },
      options, eval_options, &id);
}

/// The answer to an `eval --jsonl` line that is not JSON: `{"id": null, "ok": false, "error"}`
/// with the reader's first diagnostic.
inline value jsonl_parse_error(const diagnostic& d) {
  return value::make_object({{"id", value()}, {"ok", false}, {"error", d.code + ": " + d.message}});
}

/// Handles one `eval --jsonl` input line, a JSON text: the answer of
/// `eval_jsonl_case(json::parse(line))` (jsonl_parse_error() for a line that is not JSON),
/// but the line is checked without being built, and only the contexts that the expression
/// reads are parsed into values.
inline value eval_jsonl_line(std::string_view line,
                             const expr::hash_files_policy& hash_files = {}) {
  auto whole = [&]() {
    auto parsed = json::parse(line);
    return parsed ? eval_jsonl_case(*parsed, hash_files) : jsonl_parse_error(*parsed.first_error());
  };
  auto index = json::index_members(line);
  if (!index) return whole();  // the same diagnostics
  const std::span<const json::member_span> members(*index);
  auto member = [&members](std::string_view name) {
    return detail::find_member(members, json::member_span::top, name);
  };
  const json::member_span* expr_text = member("expr");
  const json::member_span* contexts_text = member("contexts");
  if (expr_text == nullptr || expr_text->text.front() != '"' || member("status") != nullptr ||
      contexts_text == nullptr || contexts_text->text.front() != '{') {
    return whole();  // the unusual lines (and a line that is not an object): the general path
  }
  auto text = json::parse(expr_text->text);
  if (!text) return whole();
  value id;
  if (const json::member_span* id_text = member("id")) {
    auto v = json::parse(id_text->text);
    if (!v) return whole();
    id = std::move(*v);
  }
  // The contexts: their names (of names equal ignoring case, the first) and index entries.
  expr::compile_options options;
  options.hash_files = true;
  std::vector<std::size_t> slots;  // the index entry of each name
  const auto contexts_at = static_cast<std::size_t>(contexts_text - members.data());
  for (std::size_t i = contexts_at + 1; i < members.size(); ++i) {
    if (members[i].parent != contexts_at) continue;
    std::string name = json::member_key(members[i]);
    bool seen = false;
    for (const std::string& n : options.contexts) {
      seen = seen || pipewright::detail::iequals(n, name);
    }
    if (seen) continue;
    options.contexts.push_back(std::move(name));
    slots.push_back(i);
  }
  expr::evaluation_options eval_options;
  eval_options.hash_files = hash_files;
  value used = value::make_object();
  bool broken = false;
  auto contexts_for = [&](std::span<const expr::expression> expressions,
                          bool in_template) -> const value& {
    std::vector<detail::read_tree> reads(slots.size());
    for (const expr::expression& e : expressions) detail::add_reads(e, reads);
    object& o = used.as_object();
    for (std::size_t s = 0; s < reads.size(); ++s) {
      if (!reads[s].whole && reads[s].members.empty()) continue;  // not read
      // A template's expressions have their spans in the template: whole contexts.
      if (in_template) reads[s].whole = true;
      auto v = detail::read_value(members, slots[s], reads[s]);
      if (!v) {
        broken = true;
        continue;
      }
      o.insert(options.contexts[s], std::move(*v));
    }
    return used;
  };
  value response =
      detail::eval_response_with(text->as_string(), contexts_for, options, eval_options, &id);
  if (broken) return whole();
  return response;
}

/// Compiles `m` with GitHub's limit, or with `limit` legs when `has_limit` (0: no limit).
inline result<matrix::space> compile_matrix(const value& m, const matrix::options& o,
                                            std::uint64_t limit, bool has_limit) {
  if (!has_limit) return matrix::compile(m, o);
  if (limit == 0) return matrix::compile(m, o, matrix::unlimited{});
  return matrix::compile(m, o, matrix::leg_limit{limit});
}

/// Handles one `matrix --jsonl` input object (the contract in DESIGN.md).
inline value matrix_jsonl_case(const value& input) {
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
