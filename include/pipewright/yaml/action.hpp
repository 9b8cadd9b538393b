/// @file action.hpp
/// YAML text to an action's metadata (model/action.hpp) in one call, and the local actions
/// of a repository read once each for the checks of steps that use them
/// (check/actions.hpp). Needs libyaml: use through target `pipewright::yaml`.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/check/actions.hpp"
#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/action.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"

namespace pipewright {
inline namespace v0 {
namespace yaml {

/// Loads and reads an action's metadata, collecting every diagnostic (YAML errors stop
/// before the reader runs). The limits are a workflow file's (workflow_load_options()).
inline model::action_report load_action_report(
    std::string_view text, const load_options& options = workflow_load_options()) {
  auto doc = load(text, options);
  if (!doc) {
    model::action_report report;
    report.diagnostics = std::move(doc.diagnostics());
    return report;
  }
  model::action_report report = model::read_action(doc->root, doc->map, text);
  std::vector<diagnostic> all = std::move(doc.diagnostics());
  for (diagnostic& d : report.diagnostics) all.push_back(std::move(d));
  report.diagnostics = std::move(all);
  return report;
}

/// The local actions a resolver finds, each read once (load_action_report()); lookup()
/// is the model::action_lookup for check::action_steps() and the lint checks.
class local_actions {
 public:
  explicit local_actions(model::action_resolver resolver) : resolver_(std::move(resolver)) {}

  /// The metadata of the local action `uses` names, or nullptr when the resolver finds none.
  [[nodiscard]] const model::action_report* find(std::string_view uses) {
    if (!resolver_ || !check::is_local_action(uses)) return nullptr;
    std::string key(uses);
    while (key.size() > 2 && key.back() == '/') key.pop_back();
    auto it = loaded_.find(key);
    if (it == loaded_.end()) {
      std::unique_ptr<model::action_report> report;
      if (auto text = resolver_(key)) {
        report = std::make_unique<model::action_report>(load_action_report(*text));
      }
      it = loaded_.emplace(std::move(key), std::move(report)).first;
    }
    return it->second.get();
  }

  /// find() as a model::action_lookup (this object must outlive it).
  [[nodiscard]] model::action_lookup lookup() {
    return [this](std::string_view uses) { return find(uses); };
  }

 private:
  model::action_resolver resolver_;
  std::map<std::string, std::unique_ptr<model::action_report>, std::less<>> loaded_;
};

}  // namespace yaml
}  // namespace v0
}  // namespace pipewright
