// `pipewright plan`: trigger check, matrix expansion, job graph, waves, statuses with
// reasons. Also the shared pieces of `simulate` and `graph` (loading, the event).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "event_options.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/repository/cascade.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/json.hpp"
#include "repo.hpp"
#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML
#include "pipewright/yaml/workflow.hpp"
#endif

namespace pipewright::cli {

inline constexpr std::string_view plan_help_usage =
    R"(usage: pipewright plan WORKFLOW.yml [event options] [--outcome JOB=RESULT]...
                       [--format text|json] [--workflows DIR] [--show-contexts]
       pipewright plan --cascade [WORKFLOW.yml | DIR]... [event options]
                       [--outcome JOB=RESULT]... [--workflows DIR] [--default-branch B]
                       [--format text|json]

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

--cascade plans a repository's workflows together (with no file, the .github/workflows of
the git repository around the current directory; a directory means its workflows): every
workflow the event starts, then, as each run completes with its planned conclusion, the
workflows its completion starts through workflow_run (workflows: names, types, branches
against the triggering run's head branch: the event's, then --default-branch, default main),
up to GitHub's three levels of chaining; calls are read as above, each workflow's from its
repository (or --workflows DIR). Text: one plan per run, with what started it; JSON:
{"schema": "pipewright.cascade/1.1", "event", "runs": [{"workflow", "name", "triggered_by":
null | {"run", "workflow", "type", "conclusion"}, "depth", "start", "end", "conclusion",
...the plan...}], "notes"}.

Output: the waves, one line per job (legs, runs-on, status, reason) and the legs of matrix
jobs; --show-contexts adds the github context. --format json prints the plan in schema
pipewright.plan/1.4 (docs/export.md).

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

/// Expands the calls of workflow `file` in plans made with `o`: the called workflows are read
/// by call_resolver() (the workspace policy under workflows_root(): `dir`, else the
/// repository around the file) and loaded as the file was; without a root they stay calls.
inline void resolve_calls(schedule::plan_options& o, const std::string& file,
                          const std::optional<std::string>& dir) {
  o.resolve_workflow = call_resolver(file, dir);
  o.load_workflow = {};
  if (o.resolve_workflow) {
    o.load_workflow = [](std::string_view t) { return yaml::load_workflow_report(t); };
  }
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
  resolve_calls(c.options, c.file, workflows);
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

/// The plan's diagnostics as text lines.
inline std::string diagnostic_lines(const schedule::plan& p) {
  std::string out;
  for (const diagnostic& d : p.diagnostics) {
    out += std::string(severity_name(d.level)) + "[" + d.code + "]: " + d.message + "\n";
  }
  return out;
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
  return out + diagnostic_lines(p);
}

/// A repository's workflows planned as a cascade (`plan --cascade`, `graph --cascade`).
struct cascade_input {
  common shared;
  std::vector<common> loaded;
  std::vector<repository::named_workflow> named;  ///< points into `loaded`: do not move
  repository::cascade_options cascade;            ///< set before load_cascade (simulate's options)
  repository::cascade_result result;
  int status = exit_ok;  ///< exit_findings when a workflow could not be read
};

/// Reads the event options and the workflows, and plans the cascade; returns an exit status,
/// or -1 to go on.
inline int load_cascade(std::string_view command, arguments& args, const streams& io,
                        const std::optional<std::string>& default_branch, cascade_input& in) {
  if (const int rc = read_common(command, args, io, in.shared); rc >= 0) return rc;
  bool missing = false;
  const std::optional<std::string> workflows = args.option("--workflows", missing);
  if (missing) return usage_error(io, command, "--workflows needs a directory");
  if (auto bad = args.unknown_option()) {
    return usage_error(io, command, "unknown option '" + std::string(*bad) + "'");
  }
  const discovered_workflows located = discover_workflows(args.positional());
  if (!located.error.empty()) return usage_error(io, command, located.error);
  in.loaded.reserve(located.files.size());
  for (const std::string& file : located.files) {
    common c;
    c.file = file;
    c.shown = file == "-" ? "<stdin>" : file;
    auto text = read_input(file, io.in);
    if (!text) {
      report(io, text.diagnostics(), "", c.shown);
      in.status = exit_findings;
      continue;
    }
    c.text = std::move(*text);
    auto wf = yaml::load_workflow(c.text);
    if (!wf) {
      report(io, wf.diagnostics(), c.text, c.shown);
      in.status = exit_findings;
      continue;
    }
    c.workflow = std::move(*wf);
    resolve_calls(c.options, c.file, workflows);
    in.loaded.push_back(std::move(c));
  }
  for (const common& c : in.loaded) {
    in.named.push_back({c.shown, &c.workflow, c.options.resolve_workflow});
  }
  // The repository: --repo, the payload's, else the first file's origin remote (as triggers).
  if (!in.loaded.empty()) {
    in.shared.options.repository =
        repository_of(in.shared.events, in.shared.options.event, in.loaded.front().file);
  }
  // Each workflow's calls are read from its own repository (named_workflow::resolve_workflow).
  in.shared.options.load_workflow = [](std::string_view t) {
    return yaml::load_workflow_report(t);
  };
  if (default_branch) in.cascade.default_branch = *default_branch;
  in.result = repository::cascade(in.named, in.shared.options, in.cascade);
  // A plan that reports an error fails the command, as `plan` does.
  for (const repository::cascade_run& r : in.result.runs) {
    if (has_errors(r.plan.diagnostics)) in.status = exit_findings;
  }
  return -1;
}

/// The cascade as JSON (pipewright.cascade/1.1): per run what started it, when it started
/// and ended, its conclusion, and its plan with the simulated run.
inline std::string cascade_json(const cascade_input& in) {
  const std::vector<repository::named_workflow>& named = in.named;
  const repository::cascade_result& cr = in.result;
  array runs;
  for (const repository::cascade_run& r : cr.runs) {
    object o;
    o.insert("workflow", named[r.workflow].file);
    o.insert("name", repository::workflow_display_name(named[r.workflow]));
    if (r.triggered_by) {
      const repository::cascade_run& t = cr.runs[*r.triggered_by];
      o.insert("triggered_by",
               value::make_object(
                   {{"run", value(static_cast<double>(*r.triggered_by))},
                    {"workflow", value(repository::workflow_display_name(named[t.workflow]))},
                    {"type", value(r.trigger_type)},
                    {"conclusion",
                     r.trigger_conclusion.empty() ? value() : value(r.trigger_conclusion)}}));
    } else {
      o.insert("triggered_by", value());
    }
    o.insert("depth", static_cast<double>(r.depth));
    o.insert("start", r.start);
    o.insert("end", r.end);
    o.insert("conclusion", schedule::status_name(r.result.conclusion));
    const value p = export_::plan_json(r.plan, &r.result);
    for (const auto& [k, v] : p.as_object()) {
      if (k != "schema") o.insert_or_assign(k, v);
    }
    runs.push_back(value(std::move(o)));
  }
  array notes;
  for (const std::string& n : cr.notes) notes.emplace_back(n);
  object root;
  root.insert("schema", "pipewright.cascade/1.1");
  root.insert("event", trigger::describe(in.shared.options.event));
  root.insert("runs", value(std::move(runs)));
  root.insert("notes", value(std::move(notes)));
  std::string out;
  json::write(out, value(std::move(root)), json::compact_style);
  out += '\n';
  return out;
}

/// The cascade as text: the event, then per run a header saying what started it, followed
/// by `body(k)` (the plan, or the simulated timeline), then the notes.
template <class Body>
std::string cascade_text(const cascade_input& in, Body body) {
  const std::vector<repository::named_workflow>& named = in.named;
  const repository::cascade_result& cr = in.result;
  std::string out = "event: " + trigger::describe(in.shared.options.event) + "\n";
  out += std::to_string(cr.runs.size()) + " workflow runs\n";
  for (std::size_t k = 0; k < cr.runs.size(); ++k) {
    const repository::cascade_run& r = cr.runs[k];
    out += "\nrun " + std::to_string(k + 1) + ": " + named[r.workflow].file + " (" +
           repository::workflow_display_name(named[r.workflow]) + ")";
    if (r.triggered_by) {
      const repository::cascade_run& t = cr.runs[*r.triggered_by];
      out += ", started by workflow_run when run " + std::to_string(*r.triggered_by + 1) + " (" +
             repository::workflow_display_name(named[t.workflow]) + ") " +
             (r.trigger_type == "completed" ? "completed: " + r.trigger_conclusion
                                            : std::string("was requested"));
    } else {
      out += ", started by the event";
    }
    out += "\n";
    out += body(k);
  }
  for (const std::string& n : cr.notes) out += "note: " + n + "\n";
  return out;
}

/// `plan --cascade`: every workflow of the repository, chained through workflow_run.
inline int run_cascade(arguments& args, const streams& io, bool as_json,
                       const std::optional<std::string>& default_branch) {
  cascade_input in;
  if (const int rc = load_cascade("plan", args, io, default_branch, in); rc >= 0) return rc;
  if (as_json) {
    io.write(cascade_json(in));
  } else {
    io.write(cascade_text(in, [&in](std::size_t k) {
      const repository::cascade_run& r = in.result.runs[k];
      return plan_text(in.loaded[r.workflow], r.plan, r.result);
    }));
  }
  return in.status;
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
  const bool cascade = args.flag("--cascade");
  const auto default_branch = args.option("--default-branch", missing);
  if (missing) return usage_error(io, "plan", "an option is missing its value");
  if (cascade) {
    return plan_cli::run_cascade(args, io, format && *format == "json", default_branch);
  }
  if (default_branch) return usage_error(io, "plan", "--default-branch goes with --cascade");
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
    object extra;
    if (show_contexts) {
      extra.insert("contexts", value::make_object({{"github", p->github}, {"inputs", p->inputs}}));
    }
    export_::write_plan_json(out, *p, &r, &extra);
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
