/// @file actions.hpp
/// Steps that use a local action (`uses: ./path`) checked against the action's metadata
/// (model/action.hpp), found through a caller-supplied model::action_lookup, as the runner
/// treats them (actions/runner ActionRunner): a `with:` key the action does not declare
/// (PW0431; the runner warns "Unexpected input(s)" and ignores it), an input marked
/// `required` without a `default` that the step does not give (PW0432; the runner does not
/// enforce `required`: the input is empty), metadata with errors (PW0433; the step fails
/// when it runs), an input with a `deprecationMessage` (PW0434; the runner warns). All are
/// warnings. Input names compare ignoring case, as the runner's. A `uses` with an
/// expression, a remote action, a `docker://` image, or a local action the lookup does not
/// know is not checked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/action.hpp"

namespace pipewright {
inline namespace v0 {
namespace check {

/// True when `uses` names a local action (`./path`) without an expression.
PIPEWRIGHT_DECL bool is_local_action(std::string_view uses) noexcept;

/// The metadata of the local action step `s` uses, when `lookup` knows it; nullptr otherwise.
inline const model::action_report* local_action_of(const model::step& s,
                                                   const model::action_lookup& lookup) {
  if (!lookup || !s.uses || !is_local_action(s.uses->text)) return nullptr;
  return lookup(s.uses->text);
}

/// Checks the steps of `steps` (at document path `path`, e.g. `/jobs/build/steps` or
/// `/runs/steps`) that use a local action `lookup` knows (PW0431–PW0434, warnings).
PIPEWRIGHT_DECL std::vector<diagnostic> action_steps(const std::vector<model::step>& steps,
                                                     const std::string& path,
                                                     const model::action_lookup& lookup);

/// Checks every step of `w` that uses a local action `lookup` knows (action_steps()).
PIPEWRIGHT_DECL std::vector<diagnostic> action_steps(const model::workflow& w,
                                                     const model::action_lookup& lookup);

}  // namespace check
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/actions_impl.hpp"
#endif
