/// @file workflow.hpp
/// YAML text to a model::workflow in one call: the YAML adapter (yaml.hpp) and the
/// workflow reader (model/read.hpp). Needs libyaml: use through target `pipewright::yaml`.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"

namespace pipewright {
inline namespace v0 {
namespace yaml {

/// Options of load_workflow().
struct workflow_options {
  yaml::load_options load{};
  model::read_options read{};
};

/// Loads and reads a workflow, collecting every diagnostic (YAML errors stop before the
/// reader runs). Spans are byte offsets into `text`.
inline model::read_report load_workflow_report(std::string_view text,
                                               const workflow_options& options = {}) {
  auto doc = load(text, options.load);
  if (!doc) {
    model::read_report report;
    report.diagnostics = std::move(doc.diagnostics());
    return report;
  }
  model::read_report report = model::read_workflow(doc->root, doc->map, text, options.read);
  std::vector<diagnostic> all = std::move(doc.diagnostics());
  for (diagnostic& d : report.diagnostics) all.push_back(std::move(d));
  report.diagnostics = std::move(all);
  return report;
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
