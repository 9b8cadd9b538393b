/// @file settings.hpp
/// A repository's lint configuration (`.github/pipewright.yaml`, docs/lint.md): per-code
/// levels, files to skip, the repository's own runner labels, its known `vars` and `secrets`.
///
/// ```yaml
/// rules:            # a level per code: error, warning, note or off
///   PW0906: off
///   PW0904: note
/// ignore:           # files to skip, GitHub filter globs relative to the repository root
///   - .github/workflows/generated-*.yml
/// runner-labels:    # self-hosted or larger runners' labels, besides GitHub's own
///   - gpu
/// vars: [DEPLOY_ENV]       # with it, vars.OTHER is PW0909 (check/names.hpp)
/// secrets: [NPM_TOKEN]     # likewise secrets.OTHER
/// ```
///
/// The reader takes any loaded document (the YAML adapter's, or JSON's) and reports every
/// problem as PW0005 with the key's path and span.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/check/findings.hpp"
#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/trigger/glob.hpp"
#include "pipewright/value/document.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

/// What a configuration file says; see the file comment. Empty settings change nothing.
struct settings {
  std::vector<code_level> levels{};                   ///< `rules:`
  std::vector<trigger::pattern> ignore{};             ///< `ignore:`
  std::vector<std::string> runner_labels{};           ///< `runner-labels:`
  std::optional<std::vector<std::string>> vars{};     ///< `vars:` (absent: any name)
  std::optional<std::vector<std::string>> secrets{};  ///< `secrets:` (absent: any name)

  /// Whether `relative_path` (from the repository root, `/`-separated) matches `ignore:`.
  [[nodiscard]] bool ignores(std::string_view relative_path) const {
    while (relative_path.substr(0, 2) == "./") relative_path.remove_prefix(2);
    return std::any_of(ignore.begin(), ignore.end(), [relative_path](const trigger::pattern& p) {
      return p.matches(relative_path);
    });
  }
};

/// A level word as read: `valid` when it is `error`, `warning`, `note` or `off`; `level` is
/// the severity, or empty for `off`.
struct level_word {
  bool valid = false;
  std::optional<severity> level{};
};

/// Parses a level word (`error`, `warning`, `note`, `off`; any case).
PIPEWRIGHT_DECL level_word parse_level(std::string_view word);

/// Reads settings from a loaded configuration document; PW0005 for every problem.
PIPEWRIGHT_DECL result<settings> read_settings(const document& doc);

}  // namespace lint
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/settings_impl.hpp"
#endif
