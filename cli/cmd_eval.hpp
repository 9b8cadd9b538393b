// `pipewright eval`: evaluate GitHub Actions expressions.
#pragma once

#include <string>
#include <string_view>

#include "app.hpp"
#include "pipewright/export/jsonl.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/host/hash_files.hpp"
#include "pipewright/semantics/ids.hpp"

namespace pipewright::cli {

inline constexpr std::string_view eval_help =
    R"(usage: pipewright eval [--contexts FILE] [--status success|failure|cancelled]
                       [--format text|json] EXPR
       pipewright eval --jsonl < LINES

Evaluates one expression (the text inside ${{ }}) with GitHub's semantics. EXPR may also
be a template, a value as a workflow writes it, evaluated as GitHub evaluates one: a lone
'${{ 1 == 1 }}' keeps the result's type (true); text around ${{ }} makes a string
('build-${{ 2 }}-${{ true }}' gives build-2-true). FILE is a JSON object of contexts
({"github": {...}, "env": {...}}); the standard context names are always allowed (missing
ones are null). --status sets what success()/failure()/cancelled() see.
hashFiles() hashes files under the current directory. Prints the result as text (strings
raw, arrays and objects as toJSON), or with --format json one line:
  {"ok": true, "kind": "string", "value": ..., "str": ...}

With --jsonl, reads one case per line and writes one line per input line:
  in:  {"id", "expr", "contexts": {name: value}, "status"?: "success|failure|cancelled"}
       ("expr" an expression or a template, as EXPR)
  out: {"id", "ok": true, "kind", "value", "str"} or {"id", "ok": false, "error"}
The names an expression may use are exactly the keys of "contexts".

Exit status: 0 ok, 1 the expression failed, 2 usage error.
)";

inline int run_eval(arguments& args, const streams& io) {
  bool missing = false;
  const bool jsonl = args.flag("--jsonl");
  const auto contexts_file = args.option("--contexts", missing);
  const auto status = args.option("--status", missing);
  const auto format = args.option("--format", missing);
  if (format && *format == "json") io.json_diagnostics = true;  // problems as JSON lines too
  if (missing) return usage_error(io, "eval", "an option is missing its value");
  if (jsonl) {
    if (contexts_file || status || format || !args.positional().empty()) {
      return usage_error(io, "eval", "--jsonl takes no other options or arguments");
    }
    export_::jsonl_evaluator evaluator(host::default_hash_files("."));
    return run_jsonl_written(io, [&evaluator](std::string& out, std::string_view line) {
      return evaluator.write_answer(out, line);
    });
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
  if (status && !export_::parse_status(*status, eval_options.status)) {
    return usage_error(io, "eval", "--status must be success, failure or cancelled");
  }
  eval_options.hash_files = host::default_hash_files(".");
  value contexts = value::make_object();
  if (contexts_file) {
    auto parsed = read_json_document(io, *contexts_file);
    if (!parsed) return exit_findings;
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
    for (const auto& n : options.contexts) known = known || semantics::same_name(n, m.first);
    if (!known) options.contexts.push_back(m.first);
  }
  const std::string text(args.positional()[0]);
  const value response = export_::eval_response(text, contexts, options, eval_options);
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
