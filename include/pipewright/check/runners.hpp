/// @file runners.hpp
/// PW0908: a `runs-on` label that no runner of the repository has. Runs only when the
/// repository lists its own runners' labels (`runner-labels:` in `.github/pipewright.yaml`,
/// lint::settings): without that list a self-hosted or larger runner's label cannot be told
/// from a typo, and the check would guess. Labels are compared ignoring case, as GitHub
/// compares them; labels computed by `${{ }}` and runner groups are not checked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/settings.hpp"
#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/workflow.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

/// Checks every job's static `runs-on` labels against GitHub's hosted labels, the
/// self-hosted defaults and `config.runner_labels`; nothing when that list is empty.
PIPEWRIGHT_DECL std::vector<diagnostic> check_runner_labels(const model::workflow& wf,
                                                            const settings& config);

}  // namespace lint
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/runners_impl.hpp"
#endif
