/// @file jsonl.hpp
/// The JSON Lines contracts of `pipewright eval --jsonl` and `pipewright matrix --jsonl`
/// (DESIGN.md): one input object in, one response object out. In the library so that a
/// host, a conformance harness or a test can answer the same contract without the tool.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/semantics/template_scan.hpp"
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

/// Compiles and evaluates `text`, an expression; the contract's response object without
/// "id". Text that is not an expression but holds `${{` (which no expression holds outside
/// a string) is a template, evaluated as GitHub evaluates a workflow value: a lone `${{ }}`
/// keeps its result's type, text around it makes a string.
inline value eval_response(std::string_view text, const value& contexts,
                           const expr::compile_options& options,
                           const expr::evaluation_options& eval_options) {
  auto error = [](const diagnostic& d) {
    return value::make_object({{"ok", false}, {"error", d.code + ": " + d.message}});
  };
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return error(make_error(codes::expr_template_empty, "An expression was expected"));
  }
  auto compiled = expr::compile(text, options);
  if (!compiled) {
    if (!semantics::contains_expression(text)) return error(*compiled.first_error());
    auto t = expr::compile_template(text, options);
    if (!t) return error(*t.first_error());
    auto r = t->evaluate(contexts, eval_options);
    if (!r) return error(*r.first_error());
    return value::make_object({{"ok", true},
                               {"kind", kind_name(r->type())},
                               {"value", *r},
                               {"str", expr::to_string(*r)}});
  }
  auto r = compiled->evaluate(contexts, eval_options);
  if (!r) return error(*r.first_error());
  return value::make_object(
      {{"ok", true}, {"kind", kind_name(r->type())}, {"value", *r}, {"str", expr::to_string(*r)}});
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
  value response = eval_response(text.as_string(), contexts, options, eval_options);
  object out;
  out.insert("id", id);
  for (const auto& m : response.as_object()) out.insert(m.first, m.second);
  return value(std::move(out));
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
