/// @file workflow.hpp
/// YAML text to a model::workflow in one call: the YAML adapter (yaml.hpp), the workflow
/// reader (model/read.hpp) and GitHub's checks (check/workflow.hpp, check/calls.hpp). Needs
/// libyaml: use through target `pipewright::yaml`.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/check/calls.hpp"
#include "pipewright/check/workflow.hpp"
#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/reusable.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/value/document.hpp"
#include "pipewright/yaml/yaml.hpp"

namespace pipewright {
inline namespace v0 {
namespace yaml {

/// GitHub's limit on a workflow file: 500 KB (512,000 bytes); larger files are PW0309.
inline constexpr std::size_t github_max_workflow_bytes = 512'000;

/// The YAML options of a workflow: the default limits, with github_max_workflow_bytes.
inline load_options workflow_load_options() noexcept {
  load_options o;
  o.limits.max_bytes = github_max_workflow_bytes;
  return o;
}

/// The engine's loader policy for YAML (`engine::document_loader`): a workflow file's limits
/// (workflow_load_options()), spans kept, so an engine's diagnostics have lines and columns.
/// `struct my_policies : engine::github_policies { using loader = yaml::document_loader; };`
struct document_loader {
  [[nodiscard]] result<document> load(std::string_view text) const {
    return yaml::load(text, workflow_load_options());
  }
};

/// Options of load_workflow().
struct workflow_options {
  /// YAML limits; the text may be at most github_max_workflow_bytes by default.
  yaml::load_options load = workflow_load_options();
  model::read_options read{};
  /// When set, reusable-workflow calls are checked against the workflows it returns
  /// (check/calls.hpp; only when the workflow itself has no error). The job limit
  /// across files is `read.max_jobs`.
  model::workflow_resolver resolver{};
  model::call_options calls{};
};

/// Loads and reads a workflow, collecting every diagnostic (YAML errors stop before the
/// reader runs). Spans are byte offsets into `text`.
inline model::read_report load_workflow_report(std::string_view text,
                                               const workflow_options& options = {});

/// load_workflow_report() that also hands back the loaded document in `loaded` (empty when
/// the YAML does not load), for the checks that read the document itself
/// (lint::check_contexts) without loading the text a second time.
inline model::read_report load_workflow_report(std::string_view text,
                                               const workflow_options& options,
                                               std::optional<document>& loaded) {
  loaded.reset();
  auto doc = load(text, options.load);
  if (!doc) {
    model::read_report report;
    report.diagnostics = std::move(doc.diagnostics());
    return report;
  }
  loaded.emplace(std::move(*doc));
  model::read_report report = check::read_workflow(loaded->root, loaded->map, text, options.read);
  std::vector<diagnostic> all = std::move(doc.diagnostics());
  for (diagnostic& d : report.diagnostics) all.push_back(std::move(d));
  report.diagnostics = std::move(all);
  if (options.resolver && report.ok()) {
    workflow_options nested = options;
    nested.resolver = nullptr;
    model::call_options calls = options.calls;
    calls.max_jobs = options.read.max_jobs;
    const model::workflow_loader loader = [&nested](std::string_view t) {
      return load_workflow_report(t, nested);
    };
    for (diagnostic& d : check::calls(report.workflow, text, options.resolver, loader, calls))
      report.diagnostics.push_back(std::move(d));
  }
  return report;
}

inline model::read_report load_workflow_report(std::string_view text,
                                               const workflow_options& options) {
  std::optional<document> loaded;
  return load_workflow_report(text, options, loaded);
}

/// Checks the reusable-workflow calls of `w` (read from `text`) against the workflows
/// `resolver` returns, each read with `options` (check::calls; PW0416–PW0425).
inline std::vector<diagnostic> check_calls(const model::workflow& w, std::string_view text,
                                           const model::workflow_resolver& resolver,
                                           const workflow_options& options = {}) {
  workflow_options nested = options;
  nested.resolver = nullptr;
  const model::workflow_loader loader = [&nested](std::string_view t) {
    return load_workflow_report(t, nested);
  };
  return check::calls(w, text, resolver, loader, options.calls);
}

/// Loads and reads a workflow: the workflow (with any warnings), or every diagnostic.
inline result<model::workflow> load_workflow(std::string_view text,
                                             const workflow_options& options = {}) {
  model::read_report report = load_workflow_report(text, options);
  if (!report.ok()) return result<model::workflow>::failure(std::move(report.diagnostics));
  return result<model::workflow>::success(std::move(report.workflow),
                                          std::move(report.diagnostics));
}

}  // namespace yaml
}  // namespace v0
}  // namespace pipewright
