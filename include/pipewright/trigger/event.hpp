/// @file event.hpp
/// Events that start workflows, and the `github` context each one produces.
///
/// An `event` holds what trigger matching needs (name, activity type, ref, base branch,
/// changed files, commit messages, inputs, the triggering workflow run, the cron that fired)
/// and the webhook payload that becomes `github.event`. Build one in C++:
///
/// ```cpp
/// using namespace pipewright::trigger;
/// event e = push_event("refs/heads/main", {"src/app.py"});
/// event pr = pull_request_event("opened", "main", "feature/x");
/// value github = github_context(e);       // github.ref, github.ref_name, github.sha, ...
/// ```
///
/// or read a GitHub webhook payload with `event_from_payload("push", payload)`. Without a
/// payload, `github_context()` synthesises one with the fields GitHub's payload has for that
/// event. Diagnostics: PW0517.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/semantics/events.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

/// The repository an event happens in.
struct repository_info {
  std::string full_name = "octo-org/octo-repo";  ///< `owner/name`
  std::string default_branch = "main";
  std::string id = "1";  ///< `github.repository_id` (a string, as GitHub gives it)
  [[nodiscard]] std::string owner() const {
    const std::size_t slash = full_name.find('/');
    return slash == std::string::npos ? full_name : full_name.substr(0, slash);
  }
};

/// One event; see the file comment. Fields that do not apply to an event stay empty.
struct event {
  std::string name;      ///< `github.event_name`: push, pull_request, workflow_dispatch, …
  std::string action;    ///< the activity type (`opened`, `completed`, a dispatch event_type)
  std::string ref;       ///< `github.ref`; empty means the default branch
  std::string sha;       ///< `github.sha`; for push, `after` when empty
  std::string before;    ///< push: the commit before the push
  std::string after;     ///< push: the commit after the push
  std::string base_ref;  ///< pull_request*, merge_group: the base branch name (no refs/heads/)
  std::string head_ref;  ///< pull_request*: the head branch name
  /// Files the push or pull request changes, relative to the repository root.
  std::vector<std::string> changed_files;
  /// The diff could not be computed (more than 1,000 commits, or it timed out): path
  /// filters then always pass, as on GitHub.
  bool diff_unavailable = false;
  /// push: the pushed commits' messages, oldest first (the last one is the head commit);
  /// pull_request: the head commit's message.
  std::vector<std::string> commit_messages;
  std::string title;                ///< pull_request: the title
  double number = 0;                ///< pull_request: the number
  bool draft = false;               ///< pull_request: a draft
  std::vector<std::string> labels;  ///< pull_request: label names
  value inputs;                     ///< workflow_dispatch / workflow_call: the inputs given
  /// workflow_call: the names of the secrets the caller passes; not known when
  /// `secrets_given` is false (required secrets are then not checked).
  std::vector<std::string> secrets;
  bool secrets_given = false;
  std::string workflow_name;        ///< workflow_run: the triggering workflow's `name`
  std::string workflow_branch;      ///< workflow_run: the branch the triggering run ran on
  std::string workflow_conclusion;  ///< workflow_run: success, failure, …
  std::string schedule;             ///< schedule: the cron expression that fired
  std::string actor = "octocat";    ///< `github.actor`
  std::string triggering_actor;     ///< `github.triggering_actor`; actor when empty
  /// The event was caused by a workflow's GITHUB_TOKEN (which starts no new runs, except
  /// workflow_dispatch and repository_dispatch).
  bool by_github_token = false;
  repository_info repository;
  value payload;  ///< the webhook payload (`github.event`); synthesised when null
};

/// Events a workflow can name in `on:`, in GitHub's schema order (the workflow schema's
/// list: one list for the reader and the trigger stage).
using semantics::event_names;

/// True for a name in event_names (case-sensitive, as GitHub).
inline bool is_event_name(std::string_view name) noexcept {
  for (const std::string_view n : event_names) {
    if (n == name) return true;
  }
  return false;
}

/// True for refs/heads/… and refs/tags/… refs respectively.
inline bool is_branch_ref(std::string_view ref) noexcept {
  return ref.substr(0, 11) == "refs/heads/";
}
inline bool is_tag_ref(std::string_view ref) noexcept {
  return ref.substr(0, 10) == "refs/tags/";
}

/// A ref as a command line gives it: `refs/…` stays, anything else is a branch name.
inline std::string normalize_ref(std::string_view ref) {
  if (ref.substr(0, 5) == "refs/") return std::string(ref);
  return "refs/heads/" + std::string(ref);
}

/// The short name of a ref: `refs/heads/main` → `main`, `refs/tags/v1` → `v1`,
/// `refs/pull/7/merge` → `7/merge`.
inline std::string short_ref_name(std::string_view ref) {
  if (is_branch_ref(ref)) return std::string(ref.substr(11));
  if (is_tag_ref(ref)) return std::string(ref.substr(10));
  if (ref.substr(0, 10) == "refs/pull/") return std::string(ref.substr(10));
  return std::string(ref);
}

/// `github.ref` of an event: its ref, or the default branch when it has none.
inline std::string effective_ref(const event& e) {
  if (!e.ref.empty()) return e.ref;
  if (e.name == "pull_request" && e.number > 0) {
    return "refs/pull/" + std::to_string(static_cast<long long>(e.number)) + "/merge";
  }
  if (e.name == "pull_request_target" && !e.base_ref.empty()) return "refs/heads/" + e.base_ref;
  return "refs/heads/" + e.repository.default_branch;
}

/// A push of `ref` (`refs/heads/…` or `refs/tags/…`; a bare name is a branch).
PIPEWRIGHT_DECL event push_event(std::string_view ref, std::vector<std::string> changed_files = {},
                                 std::vector<std::string> commit_messages = {});

/// A `pull_request` (or, with `name`, `pull_request_target`) activity from `head` into
/// `base` (branch names).
PIPEWRIGHT_DECL event pull_request_event(std::string_view action, std::string_view base,
                                         std::string_view head = "feature",
                                         std::vector<std::string> changed_files = {},
                                         std::string_view name = "pull_request");

/// A manual `workflow_dispatch` on `ref` with `inputs` (an object; values as the API takes
/// them: strings, Booleans or numbers).
PIPEWRIGHT_DECL event workflow_dispatch_event(std::string_view ref = "", value inputs = value());

/// A reusable-workflow call with `inputs` (an object of typed values).
PIPEWRIGHT_DECL event workflow_call_event(value inputs = value());

/// A `workflow_run` event: the workflow named `workflow_name` ran on `branch`.
PIPEWRIGHT_DECL event workflow_run_event(std::string_view workflow_name, std::string_view branch,
                                         std::string_view action = "completed",
                                         std::string_view conclusion = "success");

/// A `schedule` event for the cron expression `cron` (empty: any of the workflow's).
PIPEWRIGHT_DECL event schedule_event(std::string_view cron = "");

/// Any other event, with its activity type (`issues` `opened`, `release` `published`, …).
PIPEWRIGHT_DECL event simple_event(std::string_view name, std::string_view action = "");

/// The webhook payload of `e` (`github.event`): `e.payload` when set, else one synthesised
/// with the fields GitHub sends for that event.
PIPEWRIGHT_DECL value event_payload(const event& e);

/// Options of github_context().
struct context_options {
  std::string workflow;  ///< `github.workflow`: the workflow's name (or its file path)
  std::string workflow_path = ".github/workflows/workflow.yml";
  std::string run_id = "1";
  std::string run_number = "1";
  std::string run_attempt = "1";
  std::string server_url = "https://github.com";
};

/// The `github` context the event produces (SEMANTICS.md §3.1), outside of any job:
/// `github.job` and `github.token` are null.
PIPEWRIGHT_DECL value github_context(const event& e, const context_options& o = {});

/// Reads a GitHub webhook payload of event `name` (`--payload` of the CLI). Unknown fields
/// are kept in `github.event`; the fields trigger matching needs are checked (PW0517).
/// pull_request payloads do not list changed files: set `changed_files` afterwards.
PIPEWRIGHT_DECL result<event> event_from_payload(std::string_view name, const value& payload);

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/trigger/event_impl.hpp"
#endif
