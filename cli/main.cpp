// The pipewright command-line tool: subcommand dispatch, --help and --version.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "cmd_checks.hpp"
#include "cmd_eval.hpp"
#include "cmd_export.hpp"
#include "cmd_graph.hpp"
#include "cmd_json.hpp"
#include "cmd_lint.hpp"
#include "cmd_matrix.hpp"
#include "cmd_plan.hpp"
#include "cmd_run.hpp"
#include "cmd_simulate.hpp"
#include "cmd_triggers.hpp"
#include "memory.hpp"
#include "pipewright/version.hpp"

namespace pipewright::cli {
namespace {

// Every subcommand; keep in alphabetical order.
constexpr std::array commands{
    command{"checks", "say which workflow reports each required status check, or that none does",
            checks_help, run_checks},
    command{"eval", "evaluate GitHub Actions expressions", eval_help, run_eval},
    command{"export", "export a workflow's plan to another engine (Argo Workflows)", export_help,
            run_export},
    command{"graph", "draw a workflow's job graph (Mermaid or DOT)", graph_help, run_graph},
    command{"json", "check JSON documents and print them in GitHub's toJSON layout", json_help,
            run_json},
    command{"lint", "check workflow files the way GitHub does", lint_help, run_lint},
    command{"matrix", "expand GitHub Actions build matrices", matrix_help, run_matrix},
    command{"plan", "plan a workflow for an event: jobs, legs, waves, skips and why", plan_help,
            run_plan},
    command{"run", "run a workflow's run: steps on this machine, legs in parallel", run_help,
            run_run},
    command{"simulate", "run a workflow in simulated time: timeline, critical path, cost",
            simulate_help, run_simulate},
    command{"triggers", "say which workflows an event starts, and why", triggers_help,
            run_triggers},
};

void print_help(const streams& io) {
  std::string text =
      "usage: pipewright <command> [options] [arguments]\n"
      "       pipewright --help | --version\n\n"
      "pipewright models GitHub Actions pipelines: expressions, matrices, the needs graph.\n\n"
      "commands:\n";
  for (const command& c : commands) {
    text += "  ";
    text += c.name;
    text.append(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ');
    text += c.summary;
    text += '\n';
  }
  text +=
      "\n'pipewright <command> --help' describes a command.\n"
      "Exit status: 0 ok, 1 findings or failure, 2 usage error.\n";
  io.write(text);
}

int dispatch(std::span<const std::string_view> argv, const streams& io) {
  if (argv.empty()) {
    print_help(io);
    return exit_usage;
  }
  const std::string_view first = argv[0];
  if (first == "--help" || first == "-h" || first == "help") {
    print_help(io);
    return exit_ok;
  }
  if (first == "--version" || first == "-V") {
    io.write("pipewright ");
    io.write(version.text);
    io.write("\n");
    return exit_ok;
  }
  for (const command& c : commands) {
    if (c.name != first) continue;
    arguments args(argv.subspan(1));
    if (args.flag("--help") || args.flag("-h")) {
      io.write(c.help);
      return exit_ok;
    }
    return c.run(args, io);
  }
  return usage_error(io, "", "unknown command '" + std::string(first) + "'");
}

}  // namespace
}  // namespace pipewright::cli

int main(int argc, char** argv) {
  pipewright::cli::prefer_huge_pages();
  std::vector<std::string_view> args;
  args.reserve(static_cast<std::size_t>(argc > 0 ? argc - 1 : 0));
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  const pipewright::cli::streams io;
  return pipewright::cli::dispatch(args, io);
}
