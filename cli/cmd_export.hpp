// `pipewright export`: a workflow's plan for an event as a manifest of another engine
// (Argo Workflows).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "cmd_plan.hpp"
#include "pipewright/export/argo.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/yaml_text.hpp"

namespace pipewright::cli {

inline constexpr std::string_view export_help_usage =
    R"(usage: pipewright export WORKFLOW.yml --to argo [event options]
                         [--format yaml|json] [--runner-map FILE] [--image IMAGE]

Plans a workflow for an event (as 'pipewright plan' does) and prints it as an Argo
Workflows Workflow (argoproj.io/v1alpha1) to submit with 'argo submit' or 'kubectl create
-f': one DAG task per job, GitHub's status rules as 'depends' expressions, if: conditions
known at export evaluated (a false one becomes when: "false"), matrix jobs as a steps
wrapper over their legs (parallelism from max-parallel, failFast from fail-fast),
timeout-minutes as activeDeadlineSeconds, outputs as output parameters, concurrency as
mutexes, services as sidecars, and an exit handler that fails the run when a job failed.
Each leg's pod runs 'pipewright run /pw/workflow.yml --leg NAME' with the event options
(and the repository, as --repo, when it is known).

  --to ENGINE        argo (the only engine so far)
  --format F         yaml (default) or json
  --runner-map FILE  JSON: {"LABEL": {"image": "...", "nodeSelector": {"k": "v"},
                     "pool": "KEY"}}: where the legs of each runs-on label run; "pool"
                     takes a semaphore of ConfigMap pipewright-runners (a runner pool).
                     Unmapped Linux and Windows labels get kubernetes.io/os
  --image IMAGE      the leg pods' image (default pipewright:latest); it must hold
                     pipewright and sh

)";
inline constexpr std::string_view export_help_rest = R"(
Every feature Argo cannot express is a warning on standard error (PW11xx,
docs/errors.md).

Exit status: 0 exported (with or without warnings), 1 the workflow or event is invalid,
does not run for the event or cannot be exported, 2 usage error.
)";
inline constexpr std::string_view export_help =
    joined<export_help_usage, event_options_help, export_help_rest>::value;

#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML

namespace export_cli {

/// Reads a runner map (see export_help); diagnostics on failure.
inline result<std::vector<export_::argo_runner>> read_runner_map(const std::string& file,
                                                                 const streams& io) {
  auto text = read_input(file, io.in);
  if (!text) return result<std::vector<export_::argo_runner>>::failure(text.diagnostics());
  auto parsed = json::parse(*text);
  if (!parsed) return result<std::vector<export_::argo_runner>>::failure(parsed.diagnostics());
  auto bad = [&file](std::string what) {
    return result<std::vector<export_::argo_runner>>::failure(
        {make_error(codes::argo_not_exportable, "runner map '" + file + "': " + what)});
  };
  if (!parsed->is_object()) return bad("expected an object of runs-on labels");
  std::vector<export_::argo_runner> out;
  for (const auto& [label, entry] : parsed->as_object()) {
    if (!entry.is_object()) return bad("'" + label + "' is not an object");
    export_::argo_runner r;
    r.label = label;
    if (entry["image"].is_string()) r.image = std::string(entry["image"].as_string());
    if (entry["pool"].is_string()) r.pool = std::string(entry["pool"].as_string());
    const value& ns = entry["nodeSelector"];
    if (ns.is_object()) {
      for (const auto& [k, v] : ns.as_object()) {
        if (!v.is_string()) return bad("'" + label + "': nodeSelector values are strings");
        r.node_selector.emplace_back(k, std::string(v.as_string()));
      }
    } else if (!ns.is_null()) {
      return bad("'" + label + "': nodeSelector is an object");
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace export_cli

inline int run_export(arguments& args, const streams& io) {
  bool missing = false;
  const auto to = args.option("--to", missing);
  const auto format = args.option("--format", missing);
  const auto runner_map = args.option("--runner-map", missing);
  const auto image = args.option("--image", missing);
  if (missing) return usage_error(io, "export", "an option is missing its value");
  if (!to) return usage_error(io, "export", "--to is required (argo)");
  if (*to != "argo") return usage_error(io, "export", "unknown engine '" + *to + "' (argo)");
  if (format && *format != "yaml" && *format != "json") {
    return usage_error(io, "export", "--format must be yaml or json");
  }
  if (image && image->empty()) return usage_error(io, "export", "--image must not be empty");
  plan_cli::common c;
  if (const int rc = plan_cli::read_common("export", args, io, c); rc >= 0) return rc;
  if (!c.options.outcomes.empty()) {
    return usage_error(io, "export", "--outcome is for plan and simulate, not export");
  }
  if (const int rc = plan_cli::load("export", args, io, c); rc >= 0) return rc;
  export_::argo_options options;
  if (image) options.image = *image;
  if (runner_map) {
    auto m = export_cli::read_runner_map(*runner_map, io);
    if (!m) {
      report(io, m.diagnostics(), "", *runner_map);
      return exit_findings;
    }
    options.runners = std::move(*m);
  }
  options.workflow_text = c.text;
  if (c.events.payload) {
    auto text = read_input(*c.events.payload, io.in);
    if (!text) {
      report(io, text.diagnostics(), "", *c.events.payload);
      return exit_findings;
    }
    options.payload_text = std::move(*text);
  }
  // The leg pods plan the same event, in the same repository (they have no git work tree).
  options.runner_arguments = c.events.arguments(c.options.repository);
  auto p = schedule::make_plan(c.workflow, c.options);
  if (!p) {
    report(io, p.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  auto w = export_::argo(c.workflow, *p, options);
  if (!w) {
    report(io, w.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  report(io, w->diagnostics, c.text, c.shown);
  std::string out;
  if (format && *format == "json") {
    json::write(out, w->manifest);
    out += '\n';
  } else {
    yaml_text::write(out, w->manifest);
  }
  io.write(out);
  return exit_ok;
}

#else

inline int run_export(arguments&, const streams& io) {
  io.error(
      "pipewright export: this pipewright was built without YAML support (libyaml, "
      "pkg-config yaml-0.1), which reading workflow files needs\n");
  return exit_findings;
}

#endif

}  // namespace pipewright::cli
