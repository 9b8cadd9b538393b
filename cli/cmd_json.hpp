// `pipewright json`: check JSON documents and print them in GitHub's toJSON layout.
#pragma once

#include "app.hpp"

namespace pipewright::cli {

inline constexpr std::string_view json_help =
    R"(usage: pipewright json [--compact] [--format text|json] [FILE|-]
       pipewright json --jsonl < LINES

Reads a JSON document (a file, or standard input for '-' or no argument), checks it with
pipewright's strict reader and prints it in GitHub's toJSON layout (two-space indentation),
or on one line with --compact. Problems are reported as file:line:col with a caret line, or
with --format json as one JSON object per problem and line on standard error (the shape of
every command's --format json: file, line, column, end_line, end_column, code, severity,
message, path, notes).

With --jsonl, reads one JSON value per line and writes one line per input line:
  {"line": N, "ok": true, "kind": "object", "value": ...}
  {"line": N, "ok": false, "error": "PW0101: ..."}

Exit status: 0 valid, 1 invalid input, 2 usage error.
)";

inline int run_json(arguments& args, const streams& io) {
  const bool compact = args.flag("--compact");
  const bool jsonl = args.flag("--jsonl");
  bool missing = false;
  const auto format = args.option("--format", missing);
  if (missing || (format && *format != "text" && *format != "json")) {
    return usage_error(io, "json", "--format must be text or json");
  }
  if (format && *format == "json") io.json_diagnostics = true;
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "json", "unknown option '" + std::string(*bad) + "'");
  }
  const auto& pos = args.positional();
  if (jsonl) {
    if (!pos.empty()) return usage_error(io, "json", "--jsonl reads standard input only");
    int status = exit_ok;
    for_each_line(io.in, [&](std::string_view line, std::size_t number) {
      auto parsed = json::parse(line);
      if (parsed) {
        write_line(io, value::make_object({{"line", number},
                                           {"ok", true},
                                           {"kind", kind_name(parsed->type())},
                                           {"value", *parsed}}));
        return;
      }
      status = exit_findings;
      const diagnostic& d = *parsed.first_error();
      write_line(io, value::make_object(
                         {{"line", number}, {"ok", false}, {"error", d.code + ": " + d.message}}));
    });
    return status;
  }
  if (pos.size() > 1) return usage_error(io, "json", "expected at most one FILE");
  const std::string path = pos.empty() ? std::string("-") : std::string(pos[0]);
  auto text = read_input(path, io.in);
  if (!text) {
    report(io, text.diagnostics(), "", path == "-" ? "<stdin>" : path);
    return exit_findings;
  }
  auto parsed = json::parse(*text);
  if (!parsed) {
    report(io, parsed.diagnostics(), *text, path == "-" ? "<stdin>" : path);
    return exit_findings;
  }
  std::string out = json::dump(*parsed, compact ? json::compact_style : json::github_style);
  out += '\n';
  io.write(out);
  return exit_ok;
}

}  // namespace pipewright::cli
