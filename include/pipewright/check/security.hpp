/// @file security.hpp
/// Security checks over a loaded workflow (docs/security.md): untrusted event data expanded
/// into scripts (PW0901), pull requests' code run by privileged triggers (PW0902) with
/// secrets (PW0903), token permissions (PW0904, PW0905), actions not pinned to a commit
/// (PW0906) and `secrets: inherit` into another repository's workflow (PW0907).
///
/// ```cpp
/// auto report = pipewright::yaml::load_workflow_report(text);
/// auto findings = pipewright::lint::check_security(report.workflow, text);
/// ```
///
/// Findings are warnings, except PW0906 (a note). Every finding can be silenced with a
/// `# pipewright: ignore[PW09xx]` comment on its line or the line above, or by code through
/// `security_options::ignore`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/model/workflow.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

/// Options of check_security().
struct security_options {
  /// Codes never reported (`PW0906`, ...).
  std::vector<std::string> ignore{};
  /// Whether `# pipewright: ignore[...]` comments in the source silence findings (off when
  /// the caller applies them to every code with lint::finish()).
  bool comment_suppressions = true;
  /// This repository, `owner/name` (empty: unknown). A reusable workflow called as
  /// `owner/name/.github/workflows/x.yml@ref` with this owner/name is this repository's own,
  /// and `secrets: inherit` into it is not reported (PW0907).
  std::string repository{};
};

namespace detail {

using pipewright::detail::iequals;

/// The text of a string-literal node (bare `.name` or quoted `'name'`).
PIPEWRIGHT_DECL std::string literal_text(const expr::expression& e, const expr::node& n);

inline const expr::node& at(const expr::expression& e, std::int32_t i) noexcept {
  return e.nodes()[static_cast<std::size_t>(i)];
}

/// The last node of every maximal access chain of an expression (`a.b.c`, not `a.b`).
PIPEWRIGHT_DECL std::vector<std::int32_t> chain_ends(const expr::expression& e);

/// The JSON-pointer form of a key (`~` and `/` escaped).
PIPEWRIGHT_DECL std::string pointer_key(std::string_view key);

}  // namespace detail

/// Runs every security check on `wf`. `source` is the text `wf` was read from (spans are
/// offsets into it); without it findings sit at the scalar and comments cannot silence them.
/// Findings come sorted by position; none is an error.
PIPEWRIGHT_DECL std::vector<diagnostic> check_security(const model::workflow& wf,
                                                       std::string_view source = {},
                                                       const security_options& options = {});

}  // namespace lint
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/security_impl.hpp"
#endif
