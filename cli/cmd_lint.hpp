// `pipewright lint`: load workflow files and report every diagnostic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "pipewright/render.hpp"
#if defined(PIPEWRIGHT_HAS_YAML)
#include "pipewright/yaml/workflow.hpp"
#endif

namespace pipewright::cli {

inline constexpr std::string_view lint_help =
    R"(usage: pipewright lint [--format text|json] WORKFLOW.yml...

Loads each workflow file and checks it the way GitHub does: YAML, the workflow syntax
(unknown keys, wrong types, missing keys), ${{ }} expressions and the contexts each key
allows, job and step ids, needs (unknown jobs, cycles), runs-on, uses, schedules. Every
problem is printed as

  file:line:col: severity[PWxxxx]: message

with the source line and a caret. With --format json, each diagnostic is one JSON object
per line: {"file", "line", "column", "code", "severity", "message", "path"}.

Exit status: 0 no errors (warnings allowed), 1 errors found or a file unreadable, 2 usage
error.
)";

inline int run_lint(arguments& args, const streams& io) {
  bool missing = false;
  const std::string format = args.option("--format", missing).value_or("text");
  if (missing) return usage_error(io, "lint", "--format needs a value (text or json)");
  if (format != "text" && format != "json") {
    return usage_error(io, "lint", "unknown format '" + format + "' (text or json)");
  }
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "lint", "unknown option '" + std::string(*bad) + "'");
  }
  const auto& files = args.positional();
  if (files.empty()) return usage_error(io, "lint", "expected at least one WORKFLOW file");
#if !defined(PIPEWRIGHT_HAS_YAML)
  io.error("pipewright lint: this build has no YAML support (libyaml was not found)\n");
  return exit_findings;
#else
  int status = exit_ok;
  for (std::string_view file : files) {
    const std::string path(file);
    const std::string name = path == "-" ? std::string("<stdin>") : path;
    std::vector<diagnostic> diags;
    std::string text;
    if (auto read = read_input(path, io.in)) {
      text = std::move(*read);
      diags = yaml::load_workflow_report(text).diagnostics;
    } else {
      diags = read.diagnostics();
    }
    if (has_errors(diags)) status = exit_findings;
    if (format == "json") {
      for (const diagnostic& d : diags) {
        const line_col lc = d.span.known() ? locate(text, d.span.begin) : line_col{};
        write_line(io, value::make_object({{"file", name},
                                           {"line", lc.line},
                                           {"column", lc.column},
                                           {"code", d.code},
                                           {"severity", severity_name(d.level)},
                                           {"message", d.message},
                                           {"path", d.path}}));
      }
    } else {
      io.write(render_all(diags, text, name));
    }
  }
  return status;
#endif
}

}  // namespace pipewright::cli
