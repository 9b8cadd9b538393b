// `pipewright lint`: load workflow files and report every diagnostic.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "pipewright/lint/security.hpp"
#include "pipewright/render.hpp"
#if defined(PIPEWRIGHT_HAS_YAML)
#include "pipewright/yaml/workflow.hpp"
#endif

namespace pipewright::cli {

inline constexpr std::string_view lint_help =
    R"(usage: pipewright lint [--format text|json] [--no-security] [--ignore PW09xx[,PW09xx]]
                       [--workflows DIR] WORKFLOW.yml...

Loads each workflow file and checks it the way GitHub does: YAML, the workflow syntax
(unknown keys, wrong types, missing keys), ${{ }} expressions and the contexts each key
allows, job and step ids, needs (unknown jobs, cycles), runs-on, step and reusable-workflow
uses, matrix exclude keys, the triggers (filter globs, conflicting filters, input
declarations, schedules), and warns about env names and shells that cannot work.

Then the security checks (warnings and notes, PW09xx; see docs/security.md): untrusted
event data expanded into scripts, pull request code run by pull_request_target or
workflow_run with secrets, missing or write-all permissions, actions not pinned to a
commit SHA, secrets: inherit into another repository's workflow. --no-security skips them;
--ignore PW09xx (repeatable, or comma-separated) drops security findings with those codes,
and a comment "# pipewright: ignore[PW09xx]" on the reported line or the line above
silences one finding.

--workflows DIR checks each reusable-workflow call of the form ./PATH (for example
uses: ./.github/workflows/build.yml) against DIR/PATH, DIR being the repository root:
inputs and secrets against on.workflow_call, nesting depth, requested permissions, the job
limit across files (PW0416-PW0425, docs/model.md). Other calls are not checked.

Every problem is printed as

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
  const bool security = !args.flag("--no-security");
  lint::security_options security_options;
  for (const std::string& list : args.options("--ignore", missing)) {
    std::string_view rest(list);
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view code = rest.substr(0, comma);
      const bool digits = code.size() == 6 && std::all_of(code.begin() + 2, code.end(), [](char c) {
                            return c >= '0' && c <= '9';
                          });
      if (!digits || code.substr(0, 2) != "PW") {
        return usage_error(io, "lint",
                           "--ignore expects codes like PW0901, not '" + std::string(code) + "'");
      }
      security_options.ignore.emplace_back(code);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (missing) return usage_error(io, "lint", "--ignore needs a code (for example PW0906)");
  const std::optional<std::string> workflows_dir = args.option("--workflows", missing);
  if (missing) return usage_error(io, "lint", "--workflows needs a directory");
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "lint", "unknown option '" + std::string(*bad) + "'");
  }
  const auto& files = args.positional();
  if (files.empty()) return usage_error(io, "lint", "expected at least one WORKFLOW file");
#if !defined(PIPEWRIGHT_HAS_YAML)
  (void)security;
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
      yaml::workflow_options options;
      if (workflows_dir) {
        // Local calls only: "./PATH" is DIR/PATH; paths with ".." are not followed.
        options.resolver = [&workflows_dir](std::string_view uses) -> std::optional<std::string> {
          if (uses.substr(0, 2) != "./" || uses.find("..") != std::string_view::npos) return {};
          auto data = read_input(*workflows_dir + "/" + std::string(uses.substr(2)));
          if (!data) return std::nullopt;
          return std::move(*data);
        };
      }
      model::read_report report = yaml::load_workflow_report(text, options);
      diags = std::move(report.diagnostics);
      // The reader builds what it can even when it reports errors; check that too.
      if (security) {
        for (diagnostic& d : lint::check_security(report.workflow, text, security_options)) {
          diags.push_back(std::move(d));
        }
      }
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
