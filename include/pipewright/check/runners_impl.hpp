/// @file runners_impl.hpp
/// The definitions behind pipewright/check/runners.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include "pipewright/check/runners.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/semantics/runners.hpp"
#include "pipewright/value/path.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

PIPEWRIGHT_DECL std::vector<diagnostic> check_runner_labels(const model::workflow& wf,
                                                            const settings& config) {
  std::vector<diagnostic> out;
  if (config.runner_labels.empty()) return out;
  const auto configured = [&config](std::string_view label) {
    return std::any_of(
        config.runner_labels.begin(), config.runner_labels.end(),
        [label](const std::string& l) { return pipewright::detail::iequals(l, label); });
  };
  for (const model::job& j : wf.jobs) {
    if (!j.runs_on || j.runs_on->expression || j.runs_on->group) continue;
    std::string job_path = "/jobs/";
    append_pointer_token(job_path, j.id);
    std::size_t k = 0;
    for (const model::template_value& label : j.runs_on->labels) {
      const std::size_t index = k++;
      if (label.is_expression() || !label.raw.is_string()) continue;
      const std::string_view text = label.raw.as_string();
      if (semantics::has_label(semantics::github_hosted_labels, text) ||
          semantics::has_label(semantics::self_hosted_labels, text) || configured(text)) {
        continue;
      }
      const bool retired = semantics::has_label(semantics::retired_github_labels, text);
      std::string path = job_path + "/runs-on";
      if (j.runs_on->labels.size() > 1) path += "/" + std::to_string(index);
      diagnostic d = make_warning(
          codes::lint_unknown_runner_label,
          retired ? "Job '" + j.id + "' asks for '" + std::string(text) +
                        "', a GitHub-hosted image GitHub has retired: no runner will pick the "
                        "job up and it waits until it is cancelled"
                  : "Job '" + j.id + "' asks for the runner label '" + std::string(text) +
                        "', which no GitHub-hosted runner and no runner listed in the "
                        "configuration has: the job would wait for a runner that never comes",
          label.span, std::move(path));
      d.notes.emplace_back(retired ? "fix: move to a current image (for example ubuntu-latest)"
                                   : "fix: correct the label, or add it to runner-labels: in "
                                     ".github/pipewright.yaml if a self-hosted runner has it");
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace lint
}  // namespace v0
}  // namespace pipewright
