// `pipewright simulate`: runs a planned workflow in simulated time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "cmd_plan.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/export/trace.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/semantics/ids.hpp"
#include "pipewright/value/json.hpp"

namespace pipewright::cli {

inline constexpr std::string_view simulate_help_usage =
    R"(usage: pipewright simulate WORKFLOW.yml [event options] [--outcome JOB=RESULT]...
                           [--durations F.json] [--default-duration S] [--runners LABEL=N]...
                           [--policy fifo|critical-path] [--runs N [--seed S]
                           [--failure-rate [JOB=]P]...] [--repeat N [--interval S]]
                           [--steps] [--undetermined report|true|false|both]
                           [--format text|json|gantt|trace]
       pipewright simulate --cascade [WORKFLOW.yml | DIR]... [event options]
                           [--outcome JOB=RESULT]... [--durations F.json]
                           [--default-duration S] [--runners LABEL=N]... [--policy P]
                           [--steps] [--undetermined report|true|false]
                           [--workflows DIR] [--default-branch B] [--format text|json]

Plans the workflow for the event (as 'pipewright plan' does) and runs it in simulated time
with GitHub's rules: needs, if: and status functions, fail-fast, continue-on-error,
max-parallel, concurrency groups, runner pools.

--cascade simulates a repository's workflows together, chained through workflow_run as
'pipewright plan --cascade' chains them: each run that workflow_run starts starts when the
run that triggers it ends in the simulation (a requested trigger: when it starts), and
sees the conclusion the simulation gave it, so a simulated failure starts the completed
chains with conclusion failure. One clock: every time is seconds from the event. Each run
has the --runners pools to itself; --durations names jobs of any run, --outcome the jobs
of the runs the event starts. Text: per run what started it, when it starts and ends, and
its timeline; then when the last run ends and the billed minutes of all. JSON: the schema
of 'plan --cascade' (pipewright.cascade/1.1).

)";
inline constexpr std::string_view simulate_help_rest = R"(
  --outcome J=R        job (or leg display name) J ends with R: success, failure, cancelled;
                       J.STEP=R for one step (STEP: its id or display name); a name
                       that matches no job, leg or step is a warning (PW0612)
  --durations F        a JSON object of seconds per job id, leg display name, or
                       "JOB.STEP"; a leg's other steps share its remaining time (names
                       that match nothing: PW0612, as for --outcome)
  --default-duration S seconds of every other leg (default 60), shared by its steps
  --runners LABEL=N    N runners for runs-on label LABEL (repeat); other labels unlimited
  --policy P           which ready leg gets a runner first: critical-path (default) or fifo
  --runs N             N Monte-Carlo runs instead of one: p50/p95 makespan, mean billed
                       minutes, failure rate and each job's failure and skip rates (and
                       undetermined rate, when a job is undetermined)
  --seed S             the random seed of --runs (default 1)
  --failure-rate [J=]P each leg of job J (or of every job) fails with probability P
  --repeat N           N runs of the same event, one every --interval S seconds
                       (default 0), on one clock: the workflow's concurrency group
                       queues or cancels them; prints one line per run
  --steps              text: list each leg's steps (start, end, outcome, conclusion)
  --undetermined U     a job whose if: reads a value known only at run time (a needed
                       job's outputs, github.repository, vars not given) or waits on an
                       undetermined need: report (default: it is undetermined and does
                       not run), true (assume the condition holds), false (assume it
                       does not), or both (text: the run under each assumption, one
                       after the other). A matrix read from outputs stays undetermined.
  --workflows DIR      where called workflows are read from (see 'pipewright plan
                       --help'): their jobs run as the calling job's legs
  --format F           text (default), json (schema pipewright.plan/1.4 with a "run"),
                       gantt (a Mermaid gantt chart of the timeline), or trace (Chrome
                       trace / Perfetto JSON: one event per leg, pid = runner pool,
                       tid = runner slot)

Output: the timeline (start, end, result, leg, reason), skipped jobs with the reason, the
conclusion, the makespan, the critical path and the billed minutes (each leg rounded up to
a minute, times the runner's multiplier: Linux 1, Windows 2, macOS 10).

Exit status: 0 ok (whatever the simulated conclusion), 1 bad workflow, payload, event or
durations file, or the plan reports an error (an invalid matrix, a missing required
input), 2 usage error.
)";
inline constexpr std::string_view simulate_help =
    joined<simulate_help_usage, event_options_help, simulate_help_rest>::value;

#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML

namespace plan_cli {

inline bool parse_number(std::string_view s, double& out) {
  auto v = json::parse(s);
  if (!v || !v->is_number() || !(v->as_number() >= 0)) return false;
  out = v->as_number();
  return true;
}

inline std::string fixed(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// `v` in whole seconds, right-aligned in `width` columns.
inline std::string right_aligned(double v, std::size_t width) {
  std::string out = fixed(v);
  out.insert(0, out.size() < width ? width - out.size() : 0, ' ');
  return out;
}

/// Leg `l` of run `r` of plan `p`: its display name (a matrix built from needs' outputs
/// during the run has the run's legs).
inline std::string leg_name(const schedule::plan& p, const schedule::run_result& r,
                            const schedule::leg_run& l) {
  if (l.job < p.specs.size()) return r.spec(p.specs, l).name;
  return "?";
}

/// The most runs --repeat takes.
inline constexpr std::size_t max_repeat = 10000;

/// One indented line per step of a leg that ran with steps (`--steps`).
inline std::string step_lines(const schedule::plan& p, const schedule::run_result& r,
                              const schedule::leg_run& l) {
  std::string out;
  if (l.job >= p.specs.size()) return out;
  const std::vector<schedule::step_spec>& specs = r.spec(p.specs, l).steps;
  for (std::size_t k = 0; k < l.steps.size() && k < specs.size(); ++k) {
    const schedule::step_run& s = l.steps[k];
    std::string line = right_aligned(s.start, 8) + right_aligned(s.end, 8) + "    ";
    std::string result(schedule::status_name(s.outcome));
    if (s.conclusion != s.outcome) result += "/" + std::string(schedule::status_name(s.conclusion));
    pad(line, result, 17);
    line += specs[k].name;
    if (!s.reason.empty()) line += "  (" + s.reason + ")";
    out += line + "\n";
  }
  return out;
}

/// `--repeat N --interval S`: N runs of the plan arriving every S seconds, through
/// schedule::simulate_runs (workflow-level concurrency, shared runner pools and job groups).
inline std::string repeated_runs(const common& c, const schedule::plan& p,
                                 const schedule::simulate_options& so, std::size_t repeat,
                                 double interval, bool json_format) {
  std::vector<schedule::workflow_run> runs;
  if (p.runs) {
    for (std::size_t i = 0; i < repeat; ++i) {
      runs.push_back(schedule::as_workflow_run(p, interval * static_cast<double>(i)));
    }
  }
  const std::vector<schedule::run_result> results = schedule::simulate_runs(runs, so);
  struct row {
    double arrival = 0;
    double start = 0;
    double end = 0;
    bool ran = false;
    std::string reason;
  };
  std::vector<row> rows(results.size());
  double first = 0;
  double last = 0;
  double billed = 0;
  bool any = false;
  for (std::size_t i = 0; i < results.size(); ++i) {
    row& w = rows[i];
    w.arrival = runs[i].arrival;
    for (const schedule::leg_run& l : results[i].legs) {
      if (l.ran()) {
        w.start = w.ran ? std::min(w.start, l.start) : l.start;
        w.end = w.ran ? std::max(w.end, l.end) : l.end;
        w.ran = true;
      }
      if (w.reason.empty() && l.result == schedule::status::cancelled) w.reason = l.reason;
    }
    if (w.ran) {
      first = any ? std::min(first, w.start) : w.start;
      last = any ? std::max(last, w.end) : w.end;
      any = true;
    }
    billed += results[i].billed_minutes;
  }
  std::string out;
  if (json_format) {
    object o;
    o.insert("schema", value("pipewright.runs/1"));
    o.insert("event", value(p.event));
    o.insert("runs", value(p.runs));
    o.insert("concurrency_group", value(p.concurrency_group));
    o.insert("cancel_in_progress", value(p.cancel_in_progress));
    o.insert("interval", value(interval));
    array list;
    for (std::size_t i = 0; i < results.size(); ++i) {
      object r;
      r.insert("arrival", value(rows[i].arrival));
      r.insert("start", rows[i].ran ? value(rows[i].start) : value());
      r.insert("end", rows[i].ran ? value(rows[i].end) : value());
      r.insert("conclusion", value(schedule::status_name(results[i].conclusion)));
      r.insert("reason", value(rows[i].reason));
      r.insert("billed_minutes", value(results[i].billed_minutes));
      list.push_back(value(std::move(r)));
    }
    o.insert("workflow_runs", value(std::move(list)));
    o.insert("makespan", value(any ? last - first : 0.0));
    o.insert("billed_minutes", value(billed));
    json::write(out, value(std::move(o)), json::compact_style);
    out += '\n';
    return out;
  }
  out += "workflow: " + workflow_title(c) + "\n";
  out += "event: " + p.summary + "\n";
  if (!p.runs) return out;
  out += std::to_string(repeat) + " runs, one every " + fixed(interval) + " s; concurrency: " +
         (p.concurrency_group.empty() ? std::string("none")
                                      : "'" + p.concurrency_group + "'" +
                                            (p.cancel_in_progress ? ", cancel-in-progress" : "")) +
         "\n\nrun  arrival   start     end  conclusion\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::string line = std::to_string(i + 1);
    line.insert(0, line.size() < 3 ? 3 - line.size() : 0, ' ');
    const double times[3] = {rows[i].arrival, rows[i].start, rows[i].end};
    for (std::size_t t = 0; t < 3; ++t) {
      std::string f = t == 0 || rows[i].ran ? fixed(times[t]) : std::string("-");
      f.insert(0, f.size() < 8 ? 8 - f.size() : 0, ' ');
      line += f;
    }
    line += "  " + std::string(schedule::status_name(results[i].conclusion));
    if (!rows[i].reason.empty()) line += "  (" + rows[i].reason + ")";
    out += line + "\n";
  }
  out += "\nmakespan: " + fixed(any ? last - first : 0.0) + " s (first start to last end)\n";
  out += "billed minutes: " + fixed(billed) + "\n";
  return out;
}

/// Reads --default-duration and the --durations file into `o`; returns an exit status, or
/// -1 to go on.
inline int read_durations(const streams& io, const std::optional<std::string>& file,
                          const std::optional<std::string>& default_duration,
                          schedule::plan_options& o) {
  if (default_duration && !parse_number(*default_duration, o.default_duration)) {
    return usage_error(io, "simulate", "--default-duration takes seconds");
  }
  if (!file) return -1;
  auto parsed = read_json_document(io, *file);
  if (!parsed) return exit_findings;
  if (!parsed->is_object()) {
    io.error("pipewright simulate: " + *file +
             ": expected a JSON object of seconds per job or leg\n");
    return exit_findings;
  }
  for (const auto& entry : parsed->as_object()) {
    if (!entry.second.is_number() || !(entry.second.as_number() >= 0)) {
      io.error("pipewright simulate: " + *file + ": '" + entry.first +
               "' must be a number of seconds\n");
      return exit_findings;
    }
    o.durations.emplace_back(entry.first, entry.second.as_number());
  }
  return -1;
}

/// One run as text: the timeline, skipped and undetermined jobs, conclusion, billing.
inline std::string run_text(const schedule::plan& p, const schedule::run_result& r,
                            bool show_steps) {
  std::string t = "\n start     end  result     leg\n";
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < r.legs.size(); ++i) {
    if (r.legs[i].result != schedule::status::skipped &&
        r.legs[i].result != schedule::status::undetermined) {
      order.push_back(i);
    }
  }
  std::stable_sort(order.begin(), order.end(), [&r](std::size_t a, std::size_t b) {
    return r.legs[a].start < r.legs[b].start;
  });
  for (const std::size_t i : order) {
    const schedule::leg_run& l = r.legs[i];
    std::string line = right_aligned(l.start, 6) + right_aligned(l.end, 8) + "  ";
    pad(line, schedule::status_name(l.result), 9);
    line += leg_name(p, r, l);
    if (!l.reason.empty()) line += "  (" + l.reason + ")";
    t += line + "\n";
    if (show_steps) t += step_lines(p, r, l);
  }
  for (const schedule::status which : {schedule::status::skipped, schedule::status::undetermined}) {
    bool header = false;
    for (std::size_t j = 0; j < p.jobs.size() && j < r.job_results.size(); ++j) {
      if (r.job_results[j] != which) continue;
      if (!header) t += "\n" + std::string(schedule::status_name(which)) + ":\n";
      header = true;
      t += "  " + p.jobs[j].id + ": " + r.job_reasons[j] + "\n";
    }
  }
  t += "\nconclusion: " + std::string(schedule::status_name(r.conclusion)) + "\n";
  t += "makespan: " + fixed(r.makespan) + " s\n";
  t += "critical path:";
  bool first = true;
  for (const std::uint32_t l : r.critical_path) {
    if (l >= r.legs.size()) continue;
    t += first ? " " : " -> ";
    first = false;
    t += leg_name(p, r, r.legs[l]);
  }
  t += "\nbilled minutes: " + fixed(r.billed_minutes) + "\n";
  for (const auto& [label, use] : r.utilization) {
    t += "runner pool " + label + ": " + fixed(use * 100, 1) + "% busy\n";
  }
  return t;
}

/// `simulate --cascade`: the repository's workflows chained through workflow_run, each run
/// simulated with `so` from the moment its trigger fires, on one clock.
inline int simulate_cascade(arguments& args, const streams& io, bool as_json, bool show_steps,
                            const std::optional<std::string>& default_branch,
                            const schedule::simulate_options& so, cascade_input& in) {
  in.cascade.simulate = so;
  if (const int rc = load_cascade("simulate", args, io, default_branch, in); rc >= 0) return rc;
  if (as_json) {
    io.write(cascade_json(in));
    return in.status;
  }
  double last = 0;
  double billed = 0;
  for (const repository::cascade_run& r : in.result.runs) {
    last = std::max(last, r.end);
    billed += r.result.billed_minutes;
  }
  std::string out = cascade_text(in, [&](std::size_t k) {
    const repository::cascade_run& r = in.result.runs[k];
    std::string t = "starts at " + fixed(r.start) + " s, ends at " + fixed(r.end) + " s\n";
    t += "workflow: " + workflow_title(in.loaded[r.workflow]) + "\n";
    t += "event: " + r.plan.summary + "\n";
    if (r.plan.runs) t += run_text(r.plan, r.result, show_steps);
    return t + diagnostic_lines(r.plan);
  });
  if (!in.result.runs.empty()) {
    out += "\n" + std::to_string(in.result.runs.size()) + " workflow runs; the last ends at " +
           fixed(last) + " s; billed minutes: " + fixed(billed) + "\n";
  }
  io.write(out);
  return in.status;
}

}  // namespace plan_cli

inline int run_simulate(arguments& args, const streams& io) {
  bool missing = false;
  const auto format = args.option("--format", missing);
  if (format && *format == "json") io.json_diagnostics = true;  // problems as JSON lines too
  const auto durations_file = args.option("--durations", missing);
  const auto default_duration = args.option("--default-duration", missing);
  const auto policy = args.option("--policy", missing);
  const auto runs_text = args.option("--runs", missing);
  const auto seed_text = args.option("--seed", missing);
  const std::vector<std::string> runners = args.options("--runners", missing);
  const std::vector<std::string> rates = args.options("--failure-rate", missing);
  const auto repeat_text = args.option("--repeat", missing);
  const auto interval_text = args.option("--interval", missing);
  const bool show_steps = args.flag("--steps");
  const auto undetermined = args.option("--undetermined", missing);
  const bool cascade = args.flag("--cascade");
  const auto default_branch = args.option("--default-branch", missing);
  if (missing) return usage_error(io, "simulate", "an option is missing its value");
  if (default_branch && !cascade) {
    return usage_error(io, "simulate", "--default-branch goes with --cascade");
  }
  if (format && *format != "text" && *format != "json" && *format != "gantt" &&
      *format != "trace") {
    return usage_error(io, "simulate", "--format must be text, json, gantt or trace");
  }
  schedule::simulate_options so;
  bool both = false;
  if (undetermined) {
    if (*undetermined == "true") {
      so.undetermined = schedule::undetermined_policy::assume_true;
    } else if (*undetermined == "false") {
      so.undetermined = schedule::undetermined_policy::assume_false;
    } else if (*undetermined == "both") {
      both = true;
    } else if (*undetermined != "report") {
      return usage_error(io, "simulate", "--undetermined must be report, true, false or both");
    }
  }
  if (both && ((format && *format != "text") || runs_text || repeat_text)) {
    return usage_error(io, "simulate",
                       "--undetermined both prints text, for one run (not --runs or --repeat)");
  }
  if (policy) {
    if (*policy == "fifo") {
      so.order = schedule::order_policy::declaration;
    } else if (*policy != "critical-path") {
      return usage_error(io, "simulate", "--policy must be fifo or critical-path");
    }
  }
  std::string k;
  std::string v;
  for (const std::string& kv : runners) {
    double n = 0;
    if (!split_kv(kv, k, v) || !plan_cli::parse_number(v, n) || n < 1 || n > 1e6 ||
        n != static_cast<double>(static_cast<std::uint32_t>(n))) {
      return usage_error(io, "simulate", "--runners takes LABEL=N (N >= 1), got '" + kv + "'");
    }
    so.pools.push_back({k, static_cast<std::uint32_t>(n)});
  }
  std::size_t runs = 0;
  std::uint64_t seed = 1;
  if (runs_text) {
    double n = 0;
    if (!plan_cli::parse_number(*runs_text, n) || n < 1 || n > 1e6 ||
        n != static_cast<double>(static_cast<std::size_t>(n))) {
      return usage_error(io, "simulate", "--runs takes a count from 1 to 1000000");
    }
    runs = static_cast<std::size_t>(n);
  }
  if (seed_text) {
    double n = 0;
    if (!plan_cli::parse_number(*seed_text, n) || n > 9e15 ||
        n != static_cast<double>(static_cast<std::uint64_t>(n))) {
      return usage_error(io, "simulate", "--seed takes a whole number");
    }
    seed = static_cast<std::uint64_t>(n);
  }
  if ((seed_text || !rates.empty()) && runs == 0) {
    return usage_error(io, "simulate", "--seed and --failure-rate go with --runs");
  }
  std::size_t repeat = 0;
  double interval = 0;
  if (repeat_text) {
    double n = 0;
    if (!plan_cli::parse_number(*repeat_text, n) || n < 1 ||
        n > static_cast<double>(plan_cli::max_repeat) ||
        n != static_cast<double>(static_cast<std::size_t>(n))) {
      return usage_error(
          io, "simulate",
          "--repeat takes a count from 1 to " + std::to_string(plan_cli::max_repeat));
    }
    repeat = static_cast<std::size_t>(n);
  }
  if (interval_text && (!plan_cli::parse_number(*interval_text, interval) || interval > 1e9)) {
    return usage_error(io, "simulate", "--interval takes seconds");
  }
  if (interval_text && repeat == 0)
    return usage_error(io, "simulate", "--interval goes with --repeat");
  if (repeat > 0 && runs > 0)
    return usage_error(io, "simulate", "--repeat and --runs exclude each other");
  if (repeat > 0 && format && *format != "text" && *format != "json") {
    return usage_error(io, "simulate", "--repeat prints text or json");
  }
  if (cascade &&
      (both || runs > 0 || repeat > 0 || (format && *format != "text" && *format != "json"))) {
    return usage_error(io, "simulate",
                       "--cascade prints text or json, for one run of each workflow (not "
                       "--runs, --repeat or --undetermined both)");
  }
  if (cascade) {
    plan_cli::cascade_input in;
    if (const int rc =
            plan_cli::read_durations(io, durations_file, default_duration, in.shared.options);
        rc >= 0) {
      return rc;
    }
    return plan_cli::simulate_cascade(args, io, format && *format == "json", show_steps,
                                      default_branch, so, in);
  }
  plan_cli::common c;
  if (const int rc = plan_cli::read_durations(io, durations_file, default_duration, c.options);
      rc >= 0) {
    return rc;
  }
  if (const int rc = plan_cli::read_common("simulate", args, io, c); rc >= 0) return rc;
  if (const int rc = plan_cli::load("simulate", args, io, c); rc >= 0) return rc;
  auto p = schedule::make_plan(c.workflow, c.options);
  if (!p) {
    report(io, p.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  // An error the plan reports (an invalid matrix, a missing required input) fails the
  // command. One run as text or as a JSON plan lists the problems; the other outputs leave
  // them to standard error.
  const int status = has_errors(p->diagnostics) ? exit_findings : exit_ok;
  const bool lists_problems =
      (!format || *format == "text" || *format == "json") && runs == 0 && repeat == 0;
  if (!lists_problems) report(io, p->diagnostics, c.text, c.shown);

  std::string out;
  if (runs > 0) {
    std::vector<double> probability(p->jobs.size(), 0.0);
    for (const std::string& r : rates) {
      double x = 0;
      const bool named = split_kv(r, k, v);
      if (!plan_cli::parse_number(named ? v : r, x) || x > 1) {
        return usage_error(io, "simulate",
                           "--failure-rate takes [JOB=]P with P from 0 to 1, got '" + r + "'");
      }
      bool found = !named;
      for (std::size_t j = 0; j < p->jobs.size(); ++j) {
        if (!named || semantics::same_name(p->jobs[j].id, k)) {
          probability[j] = x;
          found = true;
        }
      }
      if (!found) return usage_error(io, "simulate", "--failure-rate: no job '" + k + "'");
    }
    const schedule::monte_carlo_result m =
        p->runs ? schedule::monte_carlo(p->specs, probability, runs, seed, so)
                : schedule::monte_carlo_result{};
    if (format && *format == "json") {
      object o;
      o.insert("schema", value("pipewright.montecarlo/1.1"));
      o.insert("event", value(p->event));
      o.insert("runs", value(p->runs));
      o.insert("simulations", value(static_cast<double>(m.runs)));
      o.insert("makespan_p50", value(m.makespan_p50));
      o.insert("makespan_p95", value(m.makespan_p95));
      o.insert("billed_minutes_mean", value(m.billed_minutes_mean));
      o.insert("failure_rate", value(m.failure_rate));
      array jobs;
      for (std::size_t j = 0; j < p->jobs.size() && j < m.job_failure_rate.size(); ++j) {
        jobs.push_back(
            value::make_object({{"id", value(p->jobs[j].id)},
                                {"failure_rate", value(m.job_failure_rate[j])},
                                {"skip_rate", value(m.job_skip_rate[j])},
                                {"undetermined_rate", value(m.job_undetermined_rate[j])}}));
      }
      o.insert("jobs", value(std::move(jobs)));
      json::write(out, value(std::move(o)), json::compact_style);
      out += '\n';
    } else {
      out += "workflow: " + plan_cli::workflow_title(c) + "\n";
      out += "event: " + p->summary + "\n";
      if (p->runs) {
        out += std::to_string(m.runs) + " runs, seed " + std::to_string(seed) + "\n";
        out += "makespan: p50 " + plan_cli::fixed(m.makespan_p50) + " s, p95 " +
               plan_cli::fixed(m.makespan_p95) + " s\n";
        out += "billed minutes: mean " + plan_cli::fixed(m.billed_minutes_mean, 1) + "\n";
        out += "failure rate: " + plan_cli::fixed(m.failure_rate * 100, 1) + "%\n";
        bool some_undetermined = false;
        for (const double u : m.job_undetermined_rate)
          some_undetermined = some_undetermined || u > 0;
        out += some_undetermined ? "\njob  failed  skipped  undetermined\n"
                                 : "\njob  failed  skipped\n";
        for (std::size_t j = 0; j < p->jobs.size() && j < m.job_failure_rate.size(); ++j) {
          out += p->jobs[j].id + "  " + plan_cli::fixed(m.job_failure_rate[j] * 100, 1) + "%  " +
                 plan_cli::fixed(m.job_skip_rate[j] * 100, 1) + "%";
          if (some_undetermined)
            out += "  " + plan_cli::fixed(m.job_undetermined_rate[j] * 100, 1) + "%";
          out += "\n";
        }
      }
    }
    io.write(out);
    return status;
  }

  if (repeat > 0) {
    io.write(plan_cli::repeated_runs(c, *p, so, repeat, interval, format && *format == "json"));
    return status;
  }

  const schedule::run_result r = schedule::run_plan(*p, so);
  bool any_waits = false;
  for (const std::vector<std::string>& w : r.job_waits) any_waits = any_waits || !w.empty();
  if (both && any_waits && p->runs) {
    out += "workflow: " + plan_cli::workflow_title(c) + "\n";
    out += "event: " + p->summary + "\n";
    for (const bool assume : {true, false}) {
      so.undetermined = assume ? schedule::undetermined_policy::assume_true
                               : schedule::undetermined_policy::assume_false;
      out += std::string("\n== undetermined conditions assumed ") + (assume ? "true" : "false") +
             " ==\n";
      out += plan_cli::run_text(*p, schedule::run_plan(*p, so), show_steps);
    }
    out += plan_cli::diagnostic_lines(*p);
    io.write(out);
    return status;
  }
  if (format && *format == "json") {
    export_::write_plan_json(out, *p, &r);
    out += '\n';
  } else if (format && *format == "gantt") {
    out = export_::run_gantt(*p, r);
  } else if (format && *format == "trace") {
    out = export_::to_chrome_trace(*p, r);
  } else {
    out += "workflow: " + plan_cli::workflow_title(c) + "\n";
    out += "event: " + p->summary + "\n";
    if (p->runs) out += plan_cli::run_text(*p, r, show_steps);
    out += plan_cli::diagnostic_lines(*p);
  }
  io.write(out);
  return status;
}

#else

inline int run_simulate(arguments&, const streams& io) {
  io.error(
      "pipewright simulate: this pipewright was built without YAML support (libyaml, "
      "pkg-config yaml-0.1), which reading workflow files needs\n");
  return exit_findings;
}

#endif

}  // namespace pipewright::cli
