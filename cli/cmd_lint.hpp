// `pipewright lint`: load workflow files and report every diagnostic, for a person at a
// terminal (text, colour, a summary), for CI (GitHub annotations, exit status by --fail-on)
// and for code scanning (SARIF 2.1.0).
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "app.hpp"
#include "code_docs.hpp"
#include "pipewright/check/actions.hpp"
#include "pipewright/check/contexts.hpp"
#include "pipewright/check/findings.hpp"
#include "pipewright/check/names.hpp"
#include "pipewright/check/runners.hpp"
#include "pipewright/check/security.hpp"
#include "pipewright/check/settings.hpp"
#include "pipewright/export/findings.hpp"
#include "pipewright/render.hpp"
#include "repo.hpp"
#if defined(PIPEWRIGHT_HAS_YAML)
#include "pipewright/yaml/action.hpp"
#include "pipewright/yaml/workflow.hpp"
#endif

#if !defined(PIPEWRIGHT_HOMEPAGE_URL)
#define PIPEWRIGHT_HOMEPAGE_URL "https://example.invalid/pipewright"
#endif

namespace pipewright::cli {

inline constexpr std::string_view lint_help =
    R"(usage: pipewright lint [--format text|json|github|sarif] [--fail-on error|warning|note]
                       [--color auto|always|never] [--config FILE] [--repo OWNER/NAME]
                       [--ignore PWxxxx[,PWxxxx]] [--no-security] [--workflows DIR]
                       [WORKFLOW.yml | DIR]...

Loads each workflow file and checks it the way GitHub does: YAML, the workflow syntax
(unknown keys, wrong types, missing keys), ${{ }} expressions and the contexts each key
allows, job and step ids, needs (unknown jobs, cycles), runs-on, step and reusable-workflow
uses, matrices (exclude keys, no vector, empty entries, more than 256 legs), the triggers
(filter globs, conflicting filters, input declarations, schedules), and warns about env
names and shells that cannot work.

Then the semantic checks (warnings, PW0910-PW0917; see docs/lint.md): properties that
cannot exist (a step, need, matrix key, input or github/runner/job/strategy property the
workflow does not define; the nearest name is suggested), needs.<id> of a job that is not
a direct need, steps.<id> read before the step runs, an if: with text outside its ${{ }}
(always true), a matrix exclude entry that matches nothing, and the deprecated
::set-output, ::save-state, ::set-env and ::add-path commands in run: scripts, and
== / != comparisons whose result is fixed by type (a number input against 'abc', a result
against 'succeeded', a matrix key against a value it does not have), and fromJSON() /
format() calls that fail by their literal text alone.

A file named action.yml or action.yaml without on: and jobs: is an action's metadata: it is
checked the way GitHub's runner loads it (its keys per runtime, runs.using, the contexts of
its expressions, shell on composite run steps). Steps that use a local action (uses: ./PATH)
are checked against PATH/action.yml from the repository root (warnings, PW0431-PW0434; see
docs/lint.md "Local actions"): with: inputs it does not declare, required inputs without a
default not given, invalid metadata, deprecated inputs, steps.<id>.outputs it does not
declare; and the semantic checks above with the action's own inputs and steps.

Then the security checks (warnings and notes, PW0901-PW0907; see docs/security.md):
untrusted event data expanded into scripts, pull request code run by pull_request_target
or workflow_run with secrets, missing or write-all permissions, actions not pinned to a
commit SHA, secrets: inherit into another repository's workflow. --no-security skips them.

Output (--format):
  text     file:line:col: severity[PWxxxx]: message, the source line and a caret, sorted
           by file, line and column, then a summary line (the default)
  json     one JSON object per finding and line: {"file", "line", "column", "end_line",
           "end_column", "code", "severity", "message", "path", "notes"}
  github   one GitHub workflow command per finding (::error file=...,line=...::message):
           annotations on the run and the pull request
  sarif    one SARIF 2.1.0 log for code scanning (github/codeql-action/upload-sarif)
--color auto|always|never colours text output (auto: when standard output is a terminal
and NO_COLOR is not set).

Configuration: .github/pipewright.yaml (or .yml) at the root of the git repository the
first file is in, or --config FILE:
  rules:          a level per code: error, warning, note or off (PW0906: off)
  ignore:         files to skip, globs relative to the repository root
  runner-labels:  your runners' labels; with it, unknown runs-on labels are PW0908
  vars, secrets:  the names the repository defines; with them, vars.NAME and
                  secrets.NAME of other names are PW0909
--ignore PWxxxx (repeatable, or comma-separated) turns codes off. A comment
"# pipewright: ignore[PWxxxx]" on the reported line or the line above silences one
finding of any code; a comment that silences nothing is reported (PW0004, a note).

--repo OWNER/NAME names this repository (default: the origin remote on GitHub of the git
repository the first file is in): calls to its own workflows by full name are not
"another repository" (PW0907).

With no file, lint checks the .github/workflows/*.yml and *.yaml of the git repository
around the current directory and the action.yml and action.yaml files under its
.github/actions; a directory argument means its .github/workflows and .github/actions (or,
when it has no .github/workflows, its own YAML files and its .github/actions). A repository
with actions and no workflow is linted for its actions.

--workflows DIR checks each reusable-workflow call of the form ./PATH (for example
uses: ./.github/workflows/build.yml) against DIR/PATH, DIR being the repository root:
inputs and secrets against on.workflow_call, nesting depth, requested permissions, the job
limit across files (PW0416-PW0425, docs/model.md). A call of another repository's workflow
(owner/repo/PATH@ref) is checked against a copy at DIR/owner/repo/PATH when there is one;
other calls are not checked. Without --workflows, DIR is the repository around each file
that is in a .github/workflows directory (as every file found in a repository is).

Exit status: 0 nothing at or above --fail-on (default error: warnings and notes allowed),
1 findings at or above it or a file unreadable, 2 usage error or a bad configuration file.
)";

namespace lint_cli {

/// Parses `--ignore` lists: codes like PW0906, comma-separated.
inline std::optional<std::string> parse_codes(std::string_view list,
                                              std::vector<std::string>& out) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view code = list.substr(0, comma);
    while (!code.empty() && code.front() == ' ') code.remove_prefix(1);
    while (!code.empty() && code.back() == ' ') code.remove_suffix(1);
    const bool digits = code.size() == 6 && std::all_of(code.begin() + 2, code.end(), [](char c) {
                          return c >= '0' && c <= '9';
                        });
    if (!digits || code.substr(0, 2) != "PW") {
      return "--ignore expects codes like PW0906, not '" + std::string(code) + "'";
    }
    out.emplace_back(code);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

/// Whether text output gets colours: --color, then NO_COLOR, TERM=dumb and a terminal.
inline bool use_color(std::string_view mode, std::FILE* out) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return ::isatty(::fileno(out)) != 0;
}

/// "3 errors, 2 warnings and 1 note in 4 files" (or "no problems in 4 files").
inline std::string summary(std::size_t errors, std::size_t warnings, std::size_t notes,
                           std::size_t files) {
  auto count = [](std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
  };
  std::vector<std::string> parts;
  if (errors > 0) parts.push_back(count(errors, "error"));
  if (warnings > 0) parts.push_back(count(warnings, "warning"));
  if (notes > 0) parts.push_back(count(notes, "note"));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  if (out.empty()) out = "no problems";
  return out + " in " + count(files, "file") + "\n";
}

/// True when `path` is an action's metadata, not a workflow: named action.yml or
/// action.yaml, with neither a top-level `on:` nor `jobs:` (a workflow that happens to
/// have that name keeps being linted as a workflow).
inline bool is_action_metadata(const std::string& path, const std::string& text) {
  const std::string name = std::filesystem::path(path).filename().string();
  if (name != "action.yml" && name != "action.yaml") return false;
#if defined(PIPEWRIGHT_HAS_YAML)
  auto doc = yaml::load(text);
  if (!doc || !doc->root.is_object()) return true;
  const object& top = doc->root.as_object();
  return top.find("on") == nullptr && top.find("jobs") == nullptr;
#else
  (void)text;
  return true;
#endif
}

/// One linted file: its name as shown, its text and its findings.
struct linted {
  std::string name;
  std::string text;
  std::vector<diagnostic> diagnostics;
};

}  // namespace lint_cli

inline int run_lint(arguments& args, const streams& io) {
  using namespace lint_cli;
  bool missing = false;
  const std::string format = args.option("--format", missing).value_or("text");
  if (missing) return usage_error(io, "lint", "--format needs a value (text, json, github, sarif)");
  if (format != "text" && format != "json" && format != "github" && format != "sarif") {
    return usage_error(io, "lint", "unknown format '" + format + "' (text, json, github or sarif)");
  }
  if (format == "json") io.json_diagnostics = true;  // a bad configuration file, too
  const std::string fail_on = args.option("--fail-on", missing).value_or("error");
  if (missing) return usage_error(io, "lint", "--fail-on needs a value (error, warning, note)");
  const auto fail_level = lint::parse_level(fail_on);
  if (!fail_level.valid || !fail_level.level) {
    return usage_error(io, "lint",
                       "--fail-on expects error, warning or note, not '" + fail_on + "'");
  }
  const std::string color = args.option("--color", missing).value_or("auto");
  if (missing || (color != "auto" && color != "always" && color != "never")) {
    return usage_error(io, "lint", "--color expects auto, always or never");
  }
  const bool security = !args.flag("--no-security");
  std::vector<std::string> ignored;
  for (const std::string& list : args.options("--ignore", missing)) {
    if (auto bad = parse_codes(list, ignored)) return usage_error(io, "lint", *bad);
  }
  if (missing) return usage_error(io, "lint", "--ignore needs a code (for example PW0906)");
  const std::optional<std::string> workflows_dir = args.option("--workflows", missing);
  if (missing) return usage_error(io, "lint", "--workflows needs a directory");
  const std::optional<std::string> config_file = args.option("--config", missing);
  if (missing) return usage_error(io, "lint", "--config needs a file");
  std::optional<std::string> repo = args.option("--repo", missing);
  if (missing) return usage_error(io, "lint", "--repo needs OWNER/NAME");
  if (repo && (repo->find('/') == std::string::npos || repo->front() == '/' ||
               repo->back() == '/' || repo->find('/') != repo->rfind('/'))) {
    return usage_error(io, "lint", "--repo expects OWNER/NAME, not '" + *repo + "'");
  }
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "lint", "unknown option '" + std::string(*bad) + "'");
  }
  discovered_workflows located = discover_workflows(args.positional());
  if (!located.error.empty() && !located.actions_only) {
    return usage_error(io, "lint", located.error);
  }
  std::vector<std::string> files = std::move(located.files);
#if !defined(PIPEWRIGHT_HAS_YAML)
  (void)security;
  (void)fail_level;
  io.error("pipewright lint: this build has no YAML support (libyaml was not found)\n");
  return exit_findings;
#else
  // The repository: its root (configuration, ignore globs) and its name.
  // (Discovery found a workflow or, in a repository without one, an action's metadata.)
  const std::string& first = files.empty() ? located.actions.front() : files.front();
  const std::filesystem::path first_dir =
      first == "-" ? std::filesystem::path(".") : std::filesystem::path(first).parent_path();
  const std::optional<std::filesystem::path> root =
      repository_root(first_dir.empty() ? std::filesystem::path(".") : first_dir);
  if (!repo && root) {
    std::string origin = origin_repository(*root);
    if (!origin.empty()) repo = std::move(origin);
  }

  lint::settings config;
  std::optional<std::string> config_path = config_file;
  if (!config_path && root) {
    if (auto found = find_config(*root)) config_path = found->string();
  }
  if (config_path) {
    auto text = read_input(*config_path);
    if (!text) {
      report(io, text.diagnostics(), "", *config_path);
      return exit_usage;
    }
    auto doc = yaml::load(*text);
    if (!doc) {
      report(io, doc.diagnostics(), *text, *config_path);
      return exit_usage;
    }
    auto read = lint::read_settings(*doc);
    if (!read) {
      report(io, read.diagnostics(), *text, *config_path);
      return exit_usage;
    }
    config = std::move(*read);
  }

  lint::finish_options finish;
  finish.levels = config.levels;
  for (const std::string& code : ignored) finish.levels.push_back(lint::code_level{code, {}});
  if (!security) finish.not_checked.emplace_back("PW090");
  lint::security_options security_options;
  security_options.comment_suppressions = false;  // lint::finish applies them to every code
  if (repo) security_options.repository = *repo;

  // Every check of one workflow's text.
  const auto lint_workflow = [&](const std::string& path, const std::string& text) {
    yaml::workflow_options options;
    // "./PATH" is DIR/PATH, a copy of "owner/repo/PATH@ref" DIR/owner/repo/PATH (the
    // workspace policy's rule, as plan and simulate read them).
    options.resolver = call_resolver(path, workflows_dir);
    std::optional<document> doc;  // the loaded text, for the checks that read it
    model::read_report report = yaml::load_workflow_report(text, options, doc);
    std::vector<diagnostic> diags = std::move(report.diagnostics);
    // Steps that use a local action: against its metadata, read from the repository root.
    yaml::local_actions actions(action_resolver(path, workflows_dir));
    for (diagnostic& d : check::action_steps(report.workflow, actions.lookup())) {
      diags.push_back(std::move(d));
    }
    // The reader builds what it can even when it reports errors; check that too.
    if (security) {
      for (diagnostic& d : lint::check_security(report.workflow, text, security_options)) {
        diags.push_back(std::move(d));
      }
    }
    for (diagnostic& d : lint::check_runner_labels(report.workflow, config)) {
      diags.push_back(std::move(d));
    }
    // The expression checks read the document itself (every string).
    if (doc) {
      for (diagnostic& d : lint::check_contexts(*doc, text, report.workflow, actions.lookup())) {
        diags.push_back(std::move(d));
      }
      if (config.vars || config.secrets) {
        for (diagnostic& d : lint::check_context_names(*doc, text, config)) {
          diags.push_back(std::move(d));
        }
      }
    }
    return diags;
  };

  // An action's metadata: its schema, the steps of a composite action that use a local
  // action, the semantic checks with the action's own contexts (the security checks read
  // workflows only).
  const auto lint_action = [&](const std::string& path, const std::string& text) {
    model::action_report report = yaml::load_action_report(text);
    std::vector<diagnostic> diags = std::move(report.diagnostics);
    yaml::local_actions actions(action_resolver(path, workflows_dir));
    if (report.action.runs) {
      for (diagnostic& d :
           check::action_steps(report.action.runs->steps, "/runs/steps", actions.lookup())) {
        diags.push_back(std::move(d));
      }
    }
    if (auto doc = yaml::load(text, yaml::workflow_load_options())) {
      for (diagnostic& d :
           lint::check_action_contexts(*doc, text, report.action, actions.lookup())) {
        diags.push_back(std::move(d));
      }
    }
    return diags;
  };

  for (std::string& action_file : located.actions) files.push_back(std::move(action_file));
  std::sort(files.begin(), files.end());
  std::vector<linted> results;
  for (const std::string& path : files) {
    if (path != "-" && root && !config.ignore.empty() && config.ignores(relative_to(*root, path))) {
      continue;
    }
    linted file;
    file.name = path == "-" ? std::string("<stdin>") : path;
    std::vector<diagnostic> diags;
    if (auto read = read_input(path, io.in)) {
      file.text = std::move(*read);
      if (is_action_metadata(path, file.text)) {
        diags = lint_action(path, file.text);
      } else {
        diags = lint_workflow(path, file.text);
      }
    } else {
      diags = read.diagnostics();
    }
    file.diagnostics = lint::finish(std::move(diags), line_index(file.text), finish);
    results.push_back(std::move(file));
  }

  int status = exit_ok;
  std::size_t counts[3] = {0, 0, 0};
  for (const linted& f : results) {
    for (const diagnostic& d : f.diagnostics) {
      ++counts[static_cast<int>(d.level)];
      if (static_cast<int>(d.level) <= static_cast<int>(*fail_level.level) ||
          d.code == codes::io_read_failed || d.code == codes::io_input_too_large) {
        status = exit_findings;
      }
    }
  }

  if (format == "sarif") {
    std::vector<export_::sarif_file> sarif;
    for (const linted& f : results) {
      std::string uri = root && f.name != "<stdin>" ? relative_to(*root, f.name) : f.name;
      sarif.push_back(export_::sarif_file{std::move(uri), f.text, f.diagnostics});
    }
    export_::sarif_options options;
    options.information_uri = PIPEWRIGHT_HOMEPAGE_URL;
    options.describe = &describe_code;
    std::string out;
    json::write(out, export_::sarif_log(sarif, options), json::github_style);
    out += '\n';
    io.write(out);
    return status;
  }
  const render_options style{true, true, format == "text" && use_color(color, io.out)};
  for (const linted& f : results) {
    const line_index lines(f.text);
    std::string out;
    for (const diagnostic& d : f.diagnostics) {
      if (format == "json") {
        json::write(out, export_::diagnostic_json(d, f.name, lines), json::compact_style);
        out += '\n';
      } else if (format == "github") {
        out += export_::github_annotation(d, f.name, lines);
      } else {
        out += render(d, lines, f.name, style);
      }
    }
    io.write(out);
  }
  if (format == "text") io.write(summary(counts[0], counts[1], counts[2], results.size()));
  return status;
#endif
}

}  // namespace pipewright::cli
