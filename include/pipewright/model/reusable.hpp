/// @file reusable.hpp
/// The vocabulary of reusable-workflow calls (`jobs.<id>.uses`): the resolver that finds a
/// called workflow's text, the loader that reads it, the options and limits of the
/// cross-file check. The check itself, check::calls, is in check/calls.hpp (it needs the
/// trigger stage for `on.workflow_call`); `yaml::check_calls()` (yaml/workflow.hpp) runs it
/// with the YAML loader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/workflow.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

/// GitHub.com's nesting limit of reusable workflows: 10 levels of workflows, the top caller
/// included (github/docs reusing-workflow-configurations.md, "Nesting reusable workflows";
/// GitHub Enterprise Server allows 4). schedule::make_plan expands calls to this depth
/// (PW0421 beyond it).
inline constexpr std::size_t github_max_call_levels = 10;
/// The same limit counted as check::calls() counts it, in nested calls below the caller (9
/// on GitHub.com; set call_options::max_depth to 3 for GHES's 4 levels); PW0421 beyond it.
inline constexpr std::size_t default_max_call_depth = github_max_call_levels - 1;
/// Most distinct called workflows one check loads (GitHub: 50 unique reusable workflows per
/// run); PW0425 beyond it.
inline constexpr std::size_t max_called_workflows = 50;
/// Most calls followed in one check, counting each call of a workflow again (bounds the
/// work of wide trees of calls); PW0425 beyond it.
inline constexpr std::size_t max_call_expansions = 10'000;

/// The default permissions of `GITHUB_TOKEN` when no `permissions` is written.
enum class permissions_policy : std::uint8_t {
  write,         ///< the permissive default: every scope write
  limited_read,  ///< the restricted default: contents and packages read, the rest none
};

/// Returns the YAML text of the workflow a `uses` names (`owner/repo/path@ref` or
/// `./.github/workflows/x.yml`), or nullopt when it cannot be found.
using workflow_resolver = std::function<std::optional<std::string>(std::string_view uses)>;
/// Reads YAML text into a workflow (yaml::load_workflow_report with the caller's options).
using workflow_loader = std::function<read_report(std::string_view text)>;

/// Options of check::calls() (check/calls.hpp).
struct call_options {
  /// Most levels of nested calls (the caller's calls are level 1); PW0421 beyond it.
  std::size_t max_depth = default_max_call_depth;
  /// The token's default permissions, used when neither a calling job nor any workflow on
  /// the way down writes `permissions`.
  permissions_policy default_permissions = permissions_policy::write;
  /// Whether called workflows are in the caller's trust boundary (same organisation or
  /// enterprise): only then does the write policy include `id-token: write`.
  bool trusted = true;
  /// Most jobs across the caller and every called workflow (each call counted), as
  /// read_options::max_jobs; 0 for no limit. PW0413 beyond it.
  std::size_t max_jobs = default_max_jobs;
  /// Report calls the resolver cannot find as notes (PW0424); otherwise skip them silently.
  bool note_unresolved = false;
};

}  // namespace model
}  // namespace v0
}  // namespace pipewright
