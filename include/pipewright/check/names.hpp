/// @file names.hpp
/// PW0909: `vars.NAME` or `secrets.NAME` read in an expression although the repository does
/// not define NAME. Runs only for the lists the repository gives (`vars:`, `secrets:` in
/// `.github/pipewright.yaml`, lint::settings): GitHub evaluates an undefined variable or
/// secret to an empty string without an error, so a typo silently runs with ''. Names compare
/// ignoring case, as GitHub's contexts do; `secrets.GITHUB_TOKEN` always exists.
///
/// The check reads the loaded document (every `${{ }}` of every string, and the `if:` of jobs
/// and steps, which are expressions without `${{ }}`), so it sees every place an expression
/// can be written.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/settings.hpp"
#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

/// Checks every `vars.NAME` and `secrets.NAME` of the loaded workflow `doc` (read from
/// `source`) against `config.vars` and `config.secrets`; nothing for a list not given.
PIPEWRIGHT_DECL std::vector<diagnostic> check_context_names(const document& doc,
                                                            std::string_view source,
                                                            const settings& config);

}  // namespace lint
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/names_impl.hpp"
#endif
