// `pipewright checks`: the status checks a branch protection or ruleset requires, against the
// check runs the repository's workflows report for an event.
#pragma once

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "cmd_plan.hpp"
#include "event_options.hpp"
#include "pipewright/repository/checks.hpp"
#include "pipewright/repository/protection.hpp"
#include "pipewright/value/json.hpp"
#include "repo.hpp"
#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML
#include "pipewright/yaml/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"
#endif

namespace pipewright::cli {

inline constexpr std::string_view checks_help_usage =
    R"(usage: pipewright checks [WORKFLOW.yml | DIR]... --protection FILE
                         [--default-branch B] [event options] [--outcome JOB=RESULT]...
                         [--workflows DIR] [--format text|json]

Says, for each status check a branch protection or ruleset requires, which workflow, job and
leg reports it for the event, under the names GitHub gives check runs: the job's name: per
leg, matrix legs as 'job (a, b)', a reusable workflow's jobs as '<caller> / <callee job>'
(the called workflows read as 'pipewright plan' reads them: from the repository around the
workflow, or --workflows DIR; a call that cannot be read has unknown names).

With no file, the .github/workflows/*.yml and *.yaml of the git repository around the
current directory; a directory means its .github/workflows (or its own YAML files).

--protection FILE  a branch protection (the REST API's JSON, or the same in YAML:
                   required_status_checks: {strict, contexts, checks: [{context, app_id}]}),
                   a repository ruleset (rules[] with type required_status_checks,
                   conditions.ref_name include/exclude, enforcement), or a list of them
--default-branch B the repository's default branch, for a ruleset's ~DEFAULT_BRANCH
                   (without it, such a ruleset's applicability is unknown)

The event options are plan's, but --event defaults to pull_request here (from --head into
--base); with path filters and no --changed file, a workflow does not run, as on GitHub.
)";
inline constexpr std::string_view checks_help_rest = R"(
Verdicts:
  reported         a workflow the event starts reports it
  never-reported   no job of any workflow the event starts has that name (with the nearest
                   names: for a matrix job, its legs)
  may-not-report   the workflow that would report it does not run for these changes (path or
                   branch filters, [skip ci]), or the job is undetermined, or a called
                   workflow is unknown: GitHub waits for the check
  skipped-passes   the job is skipped by its if:, which GitHub counts as passing (the check
                   protects nothing)
  ambiguous        several jobs report the same name

Output: each rule with whether it applies to the base branch and why, then a table of the
required checks. --format json prints one object in schema pipewright.checks/1
(docs/repository.md).

Exit status: 0 every required check of the applicable rules is reported (or skipped-passes,
or ambiguous), 1 a check is never-reported or may-not-report, a workflow is invalid or its
plan reports an error, 2 usage error or an invalid protection file.
)";
inline constexpr std::string_view checks_help =
    joined<checks_help_usage, event_options_help, checks_help_rest>::value;

#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML

namespace checks_cli {

/// One workflow as `checks` plans it.
struct planned {
  std::string file;
  std::string name;
  bool runs = false;
  std::string summary;
};

inline value run_json(const repository::check_run& c) {
  return value::make_object({{"workflow", value(c.workflow)},
                             {"workflow_name", value(c.workflow_name)},
                             {"job", value(c.job)},
                             {"name", value(c.name)},
                             {"state", value(std::string(repository::run_state_name(c.state)))}});
}

}  // namespace checks_cli

inline int run_checks(arguments& args, const streams& io) {
  bool missing = false;
  const auto format = args.option("--format", missing);
  if (format && *format == "json") io.json_diagnostics = true;
  const auto protection_file = args.option("--protection", missing);
  const auto default_branch = args.option("--default-branch", missing);
  const auto workflows_dir = args.option("--workflows", missing);
  if (missing) return usage_error(io, "checks", "an option is missing its value");
  if (format && *format != "text" && *format != "json") {
    return usage_error(io, "checks", "--format must be text or json");
  }
  if (!protection_file) return usage_error(io, "checks", "expected --protection FILE");
  const bool as_json = format && *format == "json";

  // The event: plan's options, with pull_request as the default event.
  const auto& rest = args.positional();
  const bool has_event = std::any_of(rest.begin(), rest.end(), [](std::string_view a) {
    return a == "--event" || a.rfind("--event=", 0) == 0;
  });
  std::vector<std::string_view> with_event;
  if (!has_event) with_event = {"--event", "pull_request"};
  with_event.insert(with_event.end(), rest.begin(), rest.end());
  arguments event_args(with_event);
  plan_cli::common c;
  if (const int rc = plan_cli::read_common("checks", event_args, io, c); rc >= 0) return rc;
  if (auto bad = event_args.unknown_option()) {
    return usage_error(io, "checks", "unknown option '" + std::string(*bad) + "'");
  }
  const trigger::event& e = c.options.event;
  const std::string base = !e.base_ref.empty() ? e.base_ref : trigger::short_ref_name(e.ref);

  const discovered_workflows located = discover_workflows(event_args.positional());
  if (!located.error.empty()) return usage_error(io, "checks", located.error);

  // The protection file (YAML reads JSON too).
  auto ptext = read_input(*protection_file, io.in);
  if (!ptext) {
    report(io, ptext.diagnostics(), "", *protection_file);
    return exit_usage;
  }
  auto pdoc = yaml::load(*ptext);
  if (!pdoc) {
    report(io, pdoc.diagnostics(), *ptext, *protection_file);
    return exit_usage;
  }
  auto rules = repository::read_protection(*pdoc);
  if (!rules.diagnostics().empty()) report(io, rules.diagnostics(), *ptext, *protection_file);
  if (!rules) return exit_usage;

  // Every workflow planned for the event, and its check runs.
  int status = exit_ok;
  std::vector<checks_cli::planned> workflows;
  std::vector<repository::check_run> runs;
  for (const std::string& file : located.files) {
    const std::string shown = file == "-" ? "<stdin>" : file;
    auto text = read_input(file, io.in);
    if (!text) {
      report(io, text.diagnostics(), "", shown);
      status = exit_findings;
      continue;
    }
    auto wf = yaml::load_workflow(*text);
    if (!wf) {
      report(io, wf.diagnostics(), *text, shown);
      status = exit_findings;
      continue;
    }
    schedule::plan_options options = c.options;
    options.context.workflow_path =
        ".github/workflows/" + std::filesystem::path(file).filename().string();
    plan_cli::resolve_calls(options, file, workflows_dir);
    options.repository = repository_of(c.events, e, file);
    auto p = schedule::make_plan(*wf, options);
    if (!p) {
      report(io, p.diagnostics(), *text, shown);
      status = exit_findings;
      continue;
    }
    // Problems the plan finds go to standard error; an error fails the command, as in plan.
    report(io, p->diagnostics, *text, shown);
    if (has_errors(p->diagnostics)) status = exit_findings;
    const schedule::run_result r = schedule::run_plan(*p);
    std::vector<repository::check_run> mine = repository::check_runs(*wf, shown, *p, r, options);
    checks_cli::planned w;
    w.file = shown;
    w.name = wf->name && !wf->name->is_expression() && wf->name->raw.is_string()
                 ? std::string(wf->name->text())
                 : shown;
    w.runs = p->runs;
    w.summary = p->summary;
    workflows.push_back(std::move(w));
    runs.insert(runs.end(), std::make_move_iterator(mine.begin()),
                std::make_move_iterator(mine.end()));
  }

  // Each rule: whether it applies, and its verdicts.
  const std::string default_name = default_branch ? *default_branch : std::string();
  array rules_json;
  array required_json;
  std::string table;
  std::vector<std::vector<std::string>> rows;
  std::size_t counts[5] = {0, 0, 0, 0, 0};
  std::string rules_text;
  for (const repository::protection_rule& rule : *rules) {
    const repository::applicability a = repository::applies(rule, base, default_name);
    rules_text += rule.name + (rule.strict ? " (strict)" : "") + ": applies to " + base + ": " +
                  std::string(repository::answer_name(a.decision)) + " (" + a.reason + ")\n";
    rules_json.push_back(value::make_object(
        {{"name", value(rule.name)},
         {"kind",
          value(rule.kind == repository::rule_kind::ruleset ? "ruleset" : "branch_protection")},
         {"applies", value(std::string(repository::answer_name(a.decision)))},
         {"reason", value(a.reason)},
         {"strict", value(rule.strict)}}));
    if (a.decision == repository::applicability::answer::no) continue;
    for (const repository::context_verdict& v : repository::verdicts(rule, runs)) {
      ++counts[static_cast<int>(v.result)];
      if (a.applies() && repository::blocks(v.result)) status = exit_findings;
      array by;
      std::string by_text;
      for (const repository::check_run& r : v.reported_by) {
        by.push_back(checks_cli::run_json(r));
        if (!by_text.empty()) by_text += "; ";
        by_text += r.workflow_name + " / " + r.job;
        if (r.state != repository::run_state::reported) {
          by_text += " (" + std::string(repository::run_state_name(r.state)) + ")";
        }
      }
      array sugg;
      for (const std::string& s : v.suggestions) sugg.emplace_back(s);
      object o;
      o.insert("context", v.check.context);
      o.insert("app_id", v.check.app_id ? value(static_cast<double>(*v.check.app_id)) : value());
      o.insert("rule", v.rule);
      o.insert("applies", std::string(repository::answer_name(a.decision)));
      o.insert("verdict", std::string(repository::verdict_name(v.result)));
      o.insert("reason", v.reason);
      o.insert("reported_by", value(std::move(by)));
      o.insert("suggestions", value(std::move(sugg)));
      required_json.push_back(value(std::move(o)));
      std::string detail = v.result == repository::verdict::reported ? std::string() : v.reason;
      if (!v.suggestions.empty()) {
        detail += "; did you mean ";
        for (std::size_t k = 0; k < v.suggestions.size(); ++k) {
          detail += (k == 0 ? "'" : ", '") + v.suggestions[k] + "'";
        }
        detail += "?";
      }
      rows.push_back({v.check.context, std::string(repository::verdict_name(v.result)),
                      by_text.empty() ? std::string("-") : by_text, detail});
    }
  }

  std::string out;
  if (as_json) {
    array wj;
    for (const checks_cli::planned& w : workflows) {
      wj.push_back(value::make_object({{"file", value(w.file)},
                                       {"name", value(w.name)},
                                       {"runs", value(w.runs)},
                                       {"summary", value(w.summary)}}));
    }
    object root;
    root.insert("schema", "pipewright.checks/1");
    root.insert("ok", status == exit_ok);
    root.insert("event", trigger::describe(e));
    root.insert("base", base);
    root.insert("workflows", value(std::move(wj)));
    root.insert("rules", value(std::move(rules_json)));
    root.insert("required", value(std::move(required_json)));
    json::write(out, value(std::move(root)), json::compact_style);
    out += '\n';
  } else {
    out += "event: " + trigger::describe(e) + "\n";
    for (const checks_cli::planned& w : workflows) {
      out += "workflow: " + w.file + " (" + w.name + "): " + (w.runs ? "runs" : "not run") + "\n";
    }
    out += rules_text + "\n";
    std::size_t w0 = 7;
    std::size_t w1 = 7;
    std::size_t w2 = 11;
    for (const auto& row : rows) {
      w0 = std::max(w0, row[0].size());
      w1 = std::max(w1, row[1].size());
      w2 = std::max(w2, row[2].size());
    }
    std::string line;
    plan_cli::pad(line, "context", w0);
    plan_cli::pad(line, "verdict", w1);
    plan_cli::pad(line, "reported by", w2);
    line += "why";
    out += line + "\n";
    for (const auto& row : rows) {
      line.clear();
      plan_cli::pad(line, row[0], w0);
      plan_cli::pad(line, row[1], w1);
      plan_cli::pad(line, row[2], w2);
      line += row[3];
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    out += "\n" + std::to_string(rows.size()) + " required checks: " + std::to_string(counts[0]) +
           " reported, " + std::to_string(counts[1]) + " never reported, " +
           std::to_string(counts[2]) + " may not report, " + std::to_string(counts[3]) +
           " skipped (pass), " + std::to_string(counts[4]) + " ambiguous\n";
  }
  io.write(out);
  return status;
}

#else

inline int run_checks(arguments&, const streams& io) {
  io.error(
      "pipewright checks: this pipewright was built without YAML support (libyaml, "
      "pkg-config yaml-0.1), which reading workflow files needs\n");
  return exit_findings;
}

#endif

}  // namespace pipewright::cli
