// `pipewright eval`: evaluate GitHub Actions expressions.
#pragma once

#include <string>
#include <string_view>

#include "app.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/hash_files.hpp"

namespace pipewright::cli {

inline constexpr std::string_view eval_help =
    R"(usage: pipewright eval [--contexts FILE] [--status success|failure|cancelled]
                       [--format text|json] EXPR
       pipewright eval --jsonl < LINES

Evaluates one expression (the text inside ${{ }}) with GitHub's semantics. FILE is a JSON
object of contexts ({"github": {...}, "env": {...}}); the standard context names are always
allowed (missing ones are null). --status sets what success()/failure()/cancelled() see.
hashFiles() hashes files under the current directory. Prints the result as text (strings
raw, arrays and objects as toJSON), or with --format json one line:
  {"ok": true, "kind": "string", "value": ..., "str": ...}

With --jsonl, reads one case per line and writes one line per input line:
  in:  {"id", "expr", "contexts": {name: value}, "status"?: "success|failure|cancelled"}
  out: {"id", "ok": true, "kind", "value", "str"} or {"id", "ok": false, "error"}
The names an expression may use are exactly the keys of "contexts".

Exit status: 0 ok, 1 the expression failed, 2 usage error.
)";

namespace detail {

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

/// Compiles and evaluates `text`; the contract's response object without "id".
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
  if (!compiled) return error(*compiled.first_error());
  auto r = compiled->evaluate(contexts, eval_options);
  if (!r) return error(*r.first_error());
  return value::make_object(
      {{"ok", true}, {"kind", kind_name(r->type())}, {"value", *r}, {"str", expr::to_string(*r)}});
}

}  // namespace detail

/// Handles one `eval --jsonl` input object (the contract in DESIGN.md).
inline value eval_jsonl_case(const value& input) {
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
    if (!detail::parse_status(status.as_string(), eval_options.status)) {
      return fail(std::string(codes::jsonl_bad_line) + ": unknown status");
    }
  }
  eval_options.hash_files = expr::default_hash_files(".");
  value response = detail::eval_response(text.as_string(), contexts, options, eval_options);
  object out;
  out.insert("id", id);
  for (const auto& m : response.as_object()) out.insert(m.first, m.second);
  return value(std::move(out));
}

inline int run_eval(arguments& args, const streams& io) {
  bool missing = false;
  const bool jsonl = args.flag("--jsonl");
  const auto contexts_file = args.option("--contexts", missing);
  const auto status = args.option("--status", missing);
  const auto format = args.option("--format", missing);
  if (missing) return usage_error(io, "eval", "an option is missing its value");
  if (jsonl) {
    if (contexts_file || status || format || !args.positional().empty()) {
      return usage_error(io, "eval", "--jsonl takes no other options or arguments");
    }
    return run_jsonl(io, eval_jsonl_case);
  }
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "eval", "unknown option '" + std::string(*bad) + "'");
  }
  if (args.positional().size() != 1) return usage_error(io, "eval", "expected one EXPR");
  const bool as_json = format && *format == "json";
  if (format && !as_json && *format != "text") {
    return usage_error(io, "eval", "--format must be text or json");
  }
  expr::evaluation_options eval_options;
  if (status && !detail::parse_status(*status, eval_options.status)) {
    return usage_error(io, "eval", "--status must be success, failure or cancelled");
  }
  eval_options.hash_files = expr::default_hash_files(".");
  value contexts = value::make_object();
  if (contexts_file) {
    auto text = read_input(*contexts_file, io.in);
    if (!text) {
      report(io, text.diagnostics(), "", *contexts_file);
      return exit_findings;
    }
    auto parsed = json::parse(*text);
    if (!parsed) {
      report(io, parsed.diagnostics(), *text, *contexts_file);
      return exit_findings;
    }
    if (!parsed->is_object()) {
      return usage_error(io, "eval", "the --contexts file must hold a JSON object");
    }
    contexts = *parsed;
  }
  expr::compile_options options;
  for (std::string_view name : {"github", "env", "vars", "job", "jobs", "steps", "runner",
                                "secrets", "strategy", "matrix", "needs", "inputs"}) {
    options.contexts.emplace_back(name);
  }
  for (const auto& m : contexts.as_object()) {
    bool known = false;
    for (const auto& n : options.contexts) known = known || pipewright::detail::iequals(n, m.first);
    if (!known) options.contexts.push_back(m.first);
  }
  const std::string text(args.positional()[0]);
  const value response = detail::eval_response(text, contexts, options, eval_options);
  const bool ok = response["ok"].as_bool();
  if (as_json) {
    write_line(io, response);
    return ok ? exit_ok : exit_findings;
  }
  if (!ok) {
    io.error("pipewright eval: ");
    io.error(response["error"].as_string());
    io.error("\n");
    return exit_findings;
  }
  const value& v = response["value"];
  std::string out = v.is_array() || v.is_object() ? json::dump(v) : expr::to_string(v);
  out += '\n';
  io.write(out);
  return exit_ok;
}

}  // namespace pipewright::cli
