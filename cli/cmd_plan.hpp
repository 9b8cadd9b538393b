// `pipewright plan`: trigger check, matrix expansion, job graph, waves, statuses with
// reasons. Also the shared pieces of `simulate` and `graph` (loading, the event).
#pragma once

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "event_options.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/host/workspace.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/json.hpp"
#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML
#include "pipewright/yaml/workflow.hpp"
#endif

namespace pipewright::cli {

inline constexpr std::string_view plan_help_usage =
    R"(usage: pipewright plan WORKFLOW.yml [event options] [--outcome JOB=RESULT]...
                       [--format text|json] [--workflows DIR] [--show-contexts]

Plans a workflow for an event the way GitHub would run it: whether the event starts it
(and why), each job's matrix legs with GitHub's display names, the needs graph in waves,
and for every job whether it runs or is skipped, with the reason (its if: evaluated with
the event's github context, the needed jobs' results and the status functions; the reason
shows the values it used). Every leg is assumed to succeed unless --outcome says otherwise.
A job whose if: reads a value known only at run time (a needed job's outputs,
github.repository when no repository is known, vars without --var), or that waits on such
a job's result, is undetermined: the plan says what it waits for. A matrix given as an
expression that reads needs outputs is shown as pending, with its expression and its leg
count when that is known (an include-only list). A matrix that is invalid for the event
fails its job, as GitHub does when the job would start: its dependants are skipped.

A job that calls a reusable workflow of this repository (uses: ./.github/workflows/x.yml)
is planned with the called workflow's jobs, once per leg of its matrix, named as GitHub
names their check runs (build (linux) / test (3.11)), with the caller's with: as their
inputs; nested calls too, to GitHub's 10 levels. The called files are read from DIR/PATH
with --workflows DIR (DIR the repository root; a copy of another repository's workflow
owner/repo/PATH@ref is read from DIR/owner/repo/PATH), else, for a workflow file in a
.github/workflows directory, from the repository around it. A call that cannot be read is
one undetermined job (a note, PW0708); a missing file of this repository is an error
(PW0707).
)";
inline constexpr std::string_view plan_help_rest = R"(
  --outcome J=R  make job (or leg display name) J end with R: success, failure, cancelled;
                 a J that names no job or leg is a warning (PW0612)

Output: the waves, one line per job (legs, runs-on, status, reason) and the legs of matrix
jobs; --show-contexts adds the github context. --format json prints the plan in schema
pipewright.plan/1.3 (docs/export.md).

Exit status: 0 ok (whether or not the workflow runs), 1 the workflow, payload or event is
invalid, or the plan reports an error (an invalid matrix, a missing required input), 2
usage error.
)";
inline constexpr std::string_view plan_help =
    joined<plan_help_usage, event_options_help, plan_help_rest>::value;

#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML

namespace plan_cli {

/// The options `plan`, `simulate` and `graph` share.
struct common {
  std::string file;
  std::string shown;
  std::string text;
  model::workflow workflow;
  event_options events;  ///< as given; the event they describe is options.event
  schedule::plan_options options;
};

inline std::optional<schedule::status> parse_status(std::string_view s) {
  if (s == "success") return schedule::status::success;
  if (s == "failure") return schedule::status::failure;
  if (s == "cancelled") return schedule::status::cancelled;
  return std::nullopt;
}

/// Reads the event options and --outcome; returns an exit status, or -1 to go on.
inline int read_common(std::string_view command, arguments& args, const streams& io, common& c) {
  if (const int rc = read_event_options(command, args, io, c.events); rc >= 0) return rc;
  bool missing = false;
  const std::vector<std::string> outcomes = args.options("--outcome", missing);
  if (missing) return usage_error(io, command, "an option is missing its value");
  std::string k;
  std::string v;
  for (const std::string& kv : outcomes) {
    const auto s = split_kv(kv, k, v) ? parse_status(v) : std::nullopt;
    if (!s) {
      return usage_error(io, command,
                         "--outcome takes JOB=success|failure|cancelled, got '" + kv + "'");
    }
    c.options.outcomes.emplace_back(k, *s);
  }
  // Without --var the repository's variables are not known (vars.X in an if: undetermined).
  if (!c.events.vars.empty()) c.options.vars = key_values(c.events.vars);
  return make_event(c.events, io, c.options.event);
}

/// Where the local calls of workflow `file` are read from: `dir` when given (--workflows),
/// else the repository the file is in when it is in one's `.github/workflows`; nullopt
/// otherwise (a file elsewhere cannot say where `./.github/workflows` is).
inline std::optional<std::filesystem::path> workflows_root(const std::string& file,
                                                           const std::optional<std::string>& dir) {
  if (dir) return std::filesystem::path(*dir);
  if (file == "-") return std::nullopt;
  const std::filesystem::path parent = std::filesystem::path(file).parent_path();
  if (parent.filename() == "workflows" && parent.parent_path().filename() == ".github") {
    const std::filesystem::path root = parent.parent_path().parent_path();
    return root.empty() ? std::filesystem::path(".") : root;
  }
  return std::nullopt;
}

/// Loads the one workflow file left in `args`; returns an exit status, or -1 to go on.
inline int load(std::string_view command, arguments& args, const streams& io, common& c) {
  bool missing = false;
  const std::optional<std::string> workflows = args.option("--workflows", missing);
  if (missing) return usage_error(io, command, "--workflows needs a directory");
  if (auto bad = args.unknown_option()) {
    return usage_error(io, command, "unknown option '" + std::string(*bad) + "'");
  }
  if (args.positional().size() != 1) {
    return usage_error(io, command, "expected one workflow file");
  }
  c.file = std::string(args.positional().front());
  c.shown = c.file == "-" ? "<stdin>" : c.file;
  auto text = read_input(c.file, io.in);
  if (!text) {
    report(io, text.diagnostics(), "", c.shown);
    return exit_findings;
  }
  c.text = std::move(*text);
  auto wf = yaml::load_workflow(c.text);
  if (!wf) {
    report(io, wf.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  c.workflow = std::move(*wf);
  if (auto root = workflows_root(c.file, workflows)) {
    // The workspace policy reads called workflows (host::directory_workspace).
    auto ws = std::make_shared<const host::directory_workspace>(*root);
    c.options.resolve_workflow = [ws](std::string_view uses) { return ws->workflow_text(uses); };
    c.options.load_workflow = [](std::string_view t) { return yaml::load_workflow_report(t); };
  }
  c.options.repository = repository_of(c.events, c.options.event, c.file);
  const std::string_view slash = c.file;
  const std::size_t at = slash.find_last_of('/');
  c.options.context.workflow_path =
      ".github/workflows/" +
      std::string(at == std::string_view::npos ? slash : slash.substr(at + 1));
  return -1;
}

inline void pad(std::string& out, std::string_view cell, std::size_t width) {
  out += cell;
  out.append(width > cell.size() ? width - cell.size() + 2 : 2, ' ');
}

inline std::string workflow_title(const common& c) {
  if (c.workflow.name && !c.workflow.name->is_expression() && c.workflow.name->raw.is_string()) {
    return std::string(c.workflow.name->text()) + " (" + c.shown + ")";
  }
  return c.shown;
}

/// The plan as text: the trigger decision, then wave by wave one line per job.
inline std::string plan_text(const common& c, const schedule::plan& p,
                             const schedule::run_result& r) {
  std::string out = "workflow: " + workflow_title(c) + "\n";
  out += "event: " + p.summary + "\n";
  std::size_t legs = 0;
  std::size_t ran = 0;
  bool unknown_legs = false;
  // An invalid matrix's job has no legs: its one placeholder stands for the job's failure. A
  // pending matrix's placeholder stands for legs not known yet (counted when the count is).
  // A call's legs are its called jobs'; one not expanded has a placeholder, legs unknown.
  const auto unread_call = [](const schedule::plan_job& j) { return j.call && !j.call->expanded; };
  for (const schedule::plan_job& j : p.jobs) {
    if (unread_call(j)) {
      unknown_legs = true;
    } else if (j.matrix_pending) {
      legs += j.pending_legs ? *j.pending_legs : 0;
      unknown_legs = unknown_legs || !j.pending_legs;
    } else {
      legs += j.matrix_error.empty() ? j.legs.size() : 0;
    }
  }
  for (const schedule::leg_run& l : r.legs) {
    const bool placeholder =
        l.job < p.jobs.size() && (!p.jobs[l.job].matrix_error.empty() ||
                                  p.jobs[l.job].matrix_pending || unread_call(p.jobs[l.job]));
    ran += l.result != schedule::status::skipped && l.result != schedule::status::undetermined &&
                   !placeholder
               ? 1
               : 0;
  }
  std::size_t undetermined = 0;
  for (const schedule::status s : r.job_results) {
    undetermined += s == schedule::status::undetermined ? 1 : 0;
  }
  out += std::to_string(p.jobs.size()) + " jobs" +
         (undetermined > 0 ? " (" + std::to_string(undetermined) + " undetermined)" : "") + ", " +
         std::to_string(legs) + (unknown_legs ? "+?" : "") + " legs (" + std::to_string(ran) +
         " run), " + std::to_string(p.waves.size()) + " waves\n";
  std::size_t w_job = 3;
  std::size_t w_runs = 7;
  for (const schedule::plan_job& j : p.jobs) {
    w_job = std::max(w_job, j.id.size());
    w_runs = std::max(w_runs, j.runs_on.size());
  }
  std::string line;
  out += "\n";
  line = "wave  ";
  pad(line, "job", w_job);
  pad(line, "legs", 4);
  pad(line, "runs-on", w_runs);
  const std::size_t w_status = undetermined > 0 ? 12 : 9;
  pad(line, "status", w_status);
  line += "reason";
  out += line + "\n";
  std::size_t first_leg = 0;
  std::vector<std::size_t> leg_start(p.jobs.size(), 0);
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    leg_start[j] = first_leg;
    first_leg += p.jobs[j].legs.size();
  }
  for (std::size_t k = 0; k < p.waves.size(); ++k) {
    for (const std::uint32_t j : p.waves[k]) {
      if (j >= p.jobs.size()) continue;
      const schedule::plan_job& pj = p.jobs[j];
      line.clear();
      pad(line, std::to_string(k), 4);
      pad(line, pj.id, w_job);
      pad(line,
          pj.call && pj.call->expanded                    ? "-"
          : unread_call(pj)                               ? "?"
          : pj.matrix_pending && pj.pending_legs          ? std::to_string(*pj.pending_legs)
          : pj.matrix_pending || !pj.matrix_error.empty() ? "?"
                                                          : std::to_string(pj.legs.size()),
          4);
      pad(line, pj.runs_on.empty() ? "-" : pj.runs_on, w_runs);
      const std::string_view st =
          j < r.job_results.size() ? schedule::status_name(r.job_results[j]) : "-";
      const std::string reason = j < r.job_reasons.size() ? r.job_reasons[j] : std::string();
      if (reason.empty()) {
        line += st;
      } else {
        pad(line, st, w_status);
        line += reason;
      }
      out += line + "\n";
      if (pj.call) {
        out += "        calls " + pj.call->uses;
        if (pj.call->expanded) {
          out += ": " + std::to_string(pj.call->jobs.size()) +
                 (pj.call->jobs.size() == 1 ? " job" : " jobs");
          if (pj.call->instances.size() > 1) {
            out += " in " + std::to_string(pj.call->instances.size()) + " calls, one per leg";
          }
          out += "\n";
        } else {
          out += " (" + pj.call->note + ")\n";
        }
      }
      if (pj.call && pj.call->expanded) {
        // The matrix legs are the calls' names: their called jobs carry them.
      } else if (pj.matrix_pending) {
        out += "        matrix pending: " + pj.matrix_expression + "\n";
        if (!pj.matrix_reason.empty()) out += "          (" + pj.matrix_reason + ")\n";
        out += "          legs: " +
               (pj.pending_legs ? std::to_string(*pj.pending_legs) : std::string("unknown")) + "\n";
      } else if (!pj.matrix_error.empty()) {
        // Reported only when the job would start (make_plan).
        if (p.runs) out += "        invalid matrix: " + pj.matrix_error + "\n";
      } else if (pj.has_matrix) {
        for (std::size_t l = 0; l < pj.legs.size(); ++l) {
          out += "        - " + pj.legs[l].name;
          const std::size_t at = leg_start[j] + l;
          if (at < r.legs.size() && r.legs[at].result != r.job_results[j]) {
            out += "  (" + std::string(schedule::status_name(r.legs[at].result)) + ")";
          }
          out += "\n";
        }
      }
    }
  }
  // Jobs outside every wave (a cycle).
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    bool placed = false;
    for (const auto& w : p.waves) placed = placed || std::find(w.begin(), w.end(), j) != w.end();
    if (placed) continue;
    line = "-     ";
    pad(line, p.jobs[j].id, w_job);
    pad(line, std::to_string(p.jobs[j].legs.size()), 4);
    pad(line, p.jobs[j].runs_on.empty() ? "-" : p.jobs[j].runs_on, w_runs);
    pad(line, j < r.job_results.size() ? schedule::status_name(r.job_results[j]) : "-", w_status);
    line += j < r.job_reasons.size() ? r.job_reasons[j] : std::string();
    out += line + "\n";
  }
  for (const diagnostic& d : p.diagnostics) {
    out += std::string(severity_name(d.level)) + "[" + d.code + "]: " + d.message + "\n";
  }
  return out;
}

}  // namespace plan_cli

inline int run_plan(arguments& args, const streams& io) {
  bool missing = false;
  const bool show_contexts = args.flag("--show-contexts");
  const auto format = args.option("--format", missing);
  if (format && *format == "json") io.json_diagnostics = true;  // problems as JSON lines too
  if (missing) return usage_error(io, "plan", "an option is missing its value");
  if (format && *format != "text" && *format != "json") {
    return usage_error(io, "plan", "--format must be text or json");
  }
  plan_cli::common c;
  if (const int rc = plan_cli::read_common("plan", args, io, c); rc >= 0) return rc;
  if (const int rc = plan_cli::load("plan", args, io, c); rc >= 0) return rc;
  auto p = schedule::make_plan(c.workflow, c.options);
  if (!p) {
    report(io, p.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  const schedule::run_result r = schedule::run_plan(*p);
  std::string out;
  if (format && *format == "json") {
    value v = export_::plan_json(*p, &r);
    if (show_contexts) {
      v.as_object().insert_or_assign(
          "contexts", value::make_object({{"github", p->github}, {"inputs", p->inputs}}));
    }
    json::write(out, v, json::compact_style);
    out += '\n';
  } else {
    out = plan_cli::plan_text(c, *p, r);
    if (show_contexts) {
      out += "\ngithub context:\n";
      json::write(out, p->github);
      out += '\n';
    }
  }
  io.write(out);
  return has_errors(p->diagnostics) ? exit_findings : exit_ok;
}

#else

inline int run_plan(arguments&, const streams& io) {
  io.error(
      "pipewright plan: this pipewright was built without YAML support (libyaml, "
      "pkg-config yaml-0.1), which reading workflow files needs\n");
  return exit_findings;
}

#endif

}  // namespace pipewright::cli
