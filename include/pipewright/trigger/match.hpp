/// @file match.hpp
/// Does a workflow run for an event, and why (SEMANTICS.md §6).
///
/// `match()` applies GitHub's rules in GitHub's order: the event must be in `on:`; activity
/// types (pull_request and pull_request_target default to opened, synchronize, reopened);
/// branch or tag filters (a push with only branch filters skips tags and the reverse; pull
/// requests and merge groups filter the base branch; workflow_run the triggering run's
/// branch); path filters (not for tags; both filters must pass; `paths` needs one included
/// file, `paths-ignore` skips only when every file is ignored; the first 300 files; no files
/// means no run; an unavailable diff always runs); `[skip ci]` and its variants in the head
/// commit message for push and pull_request; workflow_dispatch/workflow_call inputs.
///
/// ```cpp
/// auto t = pipewright::trigger::parse_on(on_value);
/// auto d = pipewright::trigger::match(*t, pipewright::trigger::push_event("refs/tags/v1.2.0"));
/// d.runs;       // false
/// d.summary();  // "push to refs/tags/v1.2.0: no tag filter, branch filter present → not run"
/// ```
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/trigger/event.hpp"
#include "pipewright/trigger/on.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

/// The commit-message markers that skip push and pull_request runs.
inline constexpr std::string_view skip_markers[] = {"[skip ci]", "[ci skip]", "[no ci]",
                                                    "[skip actions]", "[actions skip]"};

/// The answer of match(): runs or not, with the reasons in plain words.
struct decision {
  bool runs = false;
  std::string event;                    ///< the event in words: "push to refs/heads/main"
  std::vector<std::string> reasons;     ///< each rule applied, in order
  value inputs;                         ///< the `inputs` context (workflow_dispatch/_call), or null
  std::vector<diagnostic> diagnostics;  ///< input errors that stopped a dispatch or call
  bool approval_required = false;       ///< a pull request from GITHUB_TOKEN: runs after approval

  /// "push to refs/heads/main: branch 'main' matches branches pattern 'main' → runs".
  [[nodiscard]] std::string summary() const {
    std::string s = event;
    s += ": ";
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      if (i != 0) s += "; ";
      s += reasons[i];
    }
    s += runs ? " \xE2\x86\x92 runs" : " \xE2\x86\x92 not run";
    return s;
  }
};

/// The event in words, as decisions print it.
PIPEWRIGHT_DECL std::string describe(const event& e);

/// Decides whether a workflow with triggers `t` runs for `e`; see the file comment.
PIPEWRIGHT_DECL decision match(const triggers& t, const event& e);

/// One row of the standard event set of `pipewright triggers --matrix`.
struct labelled_event {
  std::string label;
  trigger::event event;
};

/// The standard event set: push to main, push to develop, a pull request (opened, from
/// `feature`) into main, a push of tag v1.0.0, and a workflow_dispatch on main without
/// inputs. Pushes and the pull request carry `changed_files`.
PIPEWRIGHT_DECL std::vector<labelled_event> standard_events(
    const std::vector<std::string>& changed_files = {});

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/trigger/match_impl.hpp"
#endif
