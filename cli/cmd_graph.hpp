// `pipewright graph`: the job graph as Graphviz DOT or a Mermaid flowchart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "cmd_plan.hpp"
#include "pipewright/export/cascade.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/plan.hpp"

namespace pipewright::cli {

inline constexpr std::string_view graph_help_usage =
    R"(usage: pipewright graph WORKFLOW.yml [--format mermaid|dot|json] [event options]
                        [--outcome JOB=RESULT]...
       pipewright graph --cascade [WORKFLOW.yml | DIR]... [--format mermaid|dot]
                        [event options] [--outcome JOB=RESULT]... [--workflows DIR]
                        [--default-branch B]

Prints the workflow's job graph: jobs as nodes (a matrix job with its legs), an edge from
each needed job, waves as ranks (DOT) or subgraphs (Mermaid). Jobs that the event skips
are drawn dashed; jobs the plan cannot decide before the run (undetermined: their if:
reads a needed job's outputs, github.repository or vars not known) dotted, or in Mermaid's
class undetermined. --outcome is plan's (see 'pipewright plan --help').

  --format F   mermaid (default: a flowchart), dot (Graphviz) or json: {"schema":
               "pipewright.graph/1.2", "nodes": [{"id", "wave", "legs", "matrix_pending",
               "skipped", "undetermined"}], "edges": [{"from", "to"}], "waves": [[ids]]}
               ("legs" null when unknown); with json,
               problems are JSON objects on standard error, as in every command
  --workflows DIR  where called workflows are read from (see 'pipewright plan --help'):
               a calling job has a dashed edge ("calls": true in json) to the first
               jobs of the workflow it calls

--cascade draws the runs 'pipewright plan --cascade' plans (every workflow the event starts,
then those workflow_run starts, see 'pipewright plan --help'): a subgraph per run with its
job graph, an edge per trigger labelled with its type and the triggering run's conclusion.
)";
inline constexpr std::string_view graph_help_rest = R"(
Problems the plan finds (an invalid matrix, a missing required input) go to standard error.

Exit status: 0 ok, 1 the workflow or event is invalid or the plan reports an error, 2 usage
error.
)";
inline constexpr std::string_view graph_help =
    joined<graph_help_usage, event_options_help, graph_help_rest>::value;

#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML

inline int run_graph(arguments& args, const streams& io) {
  bool missing = false;
  const auto format = args.option("--format", missing);
  if (missing) return usage_error(io, "graph", "an option is missing its value");
  if (format && *format != "dot" && *format != "mermaid" && *format != "json") {
    return usage_error(io, "graph", "--format must be dot, mermaid or json");
  }
  if (format && *format == "json") io.json_diagnostics = true;  // problems as JSON lines too
  const bool cascade = args.flag("--cascade");
  const auto default_branch = args.option("--default-branch", missing);
  if (missing) return usage_error(io, "graph", "an option is missing its value");
  if (cascade) {
    if (format && *format == "json") {
      return usage_error(io, "graph",
                         "--cascade draws mermaid or dot ('plan --cascade --format json' "
                         "gives the runs as JSON)");
    }
    plan_cli::cascade_input in;
    if (const int rc = plan_cli::load_cascade("graph", args, io, default_branch, in); rc >= 0) {
      return rc;
    }
    std::vector<std::string> titles;
    for (const repository::cascade_run& r : in.result.runs) {
      const plan_cli::common& c = in.loaded[r.workflow];
      report(io, r.plan.diagnostics, c.text, c.shown);
      titles.push_back(repository::workflow_display_name(in.named[r.workflow]) + " (" +
                       in.named[r.workflow].file + ")");
    }
    io.write(format && *format == "dot" ? export_::cascade_dot(in.result, titles)
                                        : export_::cascade_mermaid(in.result, titles));
    return in.status;
  }
  if (default_branch) return usage_error(io, "graph", "--default-branch goes with --cascade");
  plan_cli::common c;
  if (const int rc = plan_cli::read_common("graph", args, io, c); rc >= 0) return rc;
  if (const int rc = plan_cli::load("graph", args, io, c); rc >= 0) return rc;
  auto p = schedule::make_plan(c.workflow, c.options);
  if (!p) {
    report(io, p.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  const schedule::run_result r = schedule::run_plan(*p);
  report(io, p->diagnostics, c.text, c.shown);
  if (format && *format == "json") {
    write_line(io, export_::plan_graph_json(*p, &r));
  } else {
    io.write(format && *format == "dot" ? export_::plan_dot(*p, &r)
                                        : export_::plan_mermaid(*p, &r));
  }
  return has_errors(p->diagnostics) ? exit_findings : exit_ok;
}

#else

inline int run_graph(arguments&, const streams& io) {
  io.error(
      "pipewright graph: this pipewright was built without YAML support (libyaml, "
      "pkg-config yaml-0.1), which reading workflow files needs\n");
  return exit_findings;
}

#endif

}  // namespace pipewright::cli
