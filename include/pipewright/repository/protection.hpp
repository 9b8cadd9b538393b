/// @file protection.hpp
/// The rules that make status checks required for merging into a branch, read from the
/// shapes GitHub's REST API gives them, in JSON or YAML (docs/repository.md):
///
/// - a *branch protection* (`GET /repos/{owner}/{repo}/branches/{branch}/protection`, or the
///   body of its `PUT`): `required_status_checks: {strict, contexts: [...], checks: [{context,
///   app_id}]}`; the branch is the one its `url` names, when it has one;
/// - a *repository ruleset* (`GET /repos/{owner}/{repo}/rulesets/{id}`): `rules[]` with `type:
///   required_status_checks` and `parameters.required_status_checks[].context`,
///   `conditions.ref_name.include/exclude` (`~DEFAULT_BRANCH`, `~ALL`, fnmatch patterns of
///   full ref names), `target` and `enforcement`;
/// - a list of either.
///
/// applies() says whether a rule governs pull requests into a base branch, with the reason;
/// unknown stays unknown (a ruleset that names `~DEFAULT_BRANCH` when the default branch is
/// not given). Diagnostics: PW1201 (the shape is wrong), PW1202 (a ref pattern), PW1203 (a
/// file that requires no status check).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/value/document.hpp"

namespace pipewright {
inline namespace v0 {
namespace repository {

/// One required status check: the check-run or commit-status name, and the app that must
/// report it (`app_id`, a ruleset's `integration_id`; empty: any source).
struct required_check {
  std::string context;
  std::optional<std::int64_t> app_id;
};

/// Where a rule comes from.
enum class rule_kind { branch_protection, ruleset };

/// One branch protection or ruleset: the checks it requires and what it targets.
struct protection_rule {
  rule_kind kind = rule_kind::branch_protection;
  std::string name;  ///< the ruleset's `name`, or `branch protection`
  std::string path;  ///< JSON pointer of the rule in its file ("" for the whole file)
  /// Branch protection: the branch its `url` names (empty: the file does not say).
  std::string branch;
  /// Ruleset: `target` (branch when absent) and `enforcement` (active when absent).
  std::string target = "branch";
  std::string enforcement = "active";
  /// Ruleset: whether it has `conditions.ref_name`, and its patterns.
  bool has_ref_condition = false;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  bool strict = false;  ///< the branch must be up to date with its base before merging
  std::vector<required_check> checks;
};

/// Whether a rule governs a base branch: yes, no or unknown, and why.
struct applicability {
  enum class answer { yes, no, unknown };
  answer decision = answer::unknown;
  std::string reason;
  [[nodiscard]] bool applies() const noexcept { return decision == answer::yes; }
};

[[nodiscard]] inline std::string_view answer_name(applicability::answer a) noexcept {
  switch (a) {
    case applicability::answer::yes: return "yes";
    case applicability::answer::no: return "no";
    case applicability::answer::unknown: return "unknown";
  }
  return "unknown";
}

/// Reads the rules of one loaded file (JSON or YAML): a branch protection, a ruleset, or a
/// list of them. Errors (PW1201, PW1202) fail it; warnings come with the rules.
PIPEWRIGHT_DECL result<std::vector<protection_rule>> read_protection(const document& doc);

/// Whether a ref pattern of a ruleset (`refs/heads/release/*`) matches a full ref name.
[[nodiscard]] PIPEWRIGHT_DECL bool ref_pattern_matches(std::string_view pattern,
                                                       std::string_view ref);

/// Whether `rule` governs pull requests into `base` (a branch name). `default_branch` is the
/// repository's default branch, empty when not known.
PIPEWRIGHT_DECL applicability applies(const protection_rule& rule, std::string_view base,
                                      std::string_view default_branch = {});

}  // namespace repository
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/repository/protection_impl.hpp"
#endif
