/// @file events.hpp
/// The events a workflow can name in `on:`, in the order of GitHub's workflow schema, and
/// the activity types of each; shared by the workflow reader and the trigger stage.
/// Constexpr, with no dependency on value/.
#pragma once

#include <span>
#include <string_view>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace semantics {

/// Every event name `on:` accepts (case-sensitive, as GitHub).
inline constexpr std::string_view event_names[] = {"branch_protection_rule",
                                                   "check_run",
                                                   "check_suite",
                                                   "create",
                                                   "delete",
                                                   "deployment",
                                                   "deployment_status",
                                                   "discussion",
                                                   "discussion_comment",
                                                   "fork",
                                                   "gollum",
                                                   "image_version",
                                                   "issue_comment",
                                                   "issues",
                                                   "label",
                                                   "merge_group",
                                                   "milestone",
                                                   "page_build",
                                                   "project",
                                                   "project_card",
                                                   "project_column",
                                                   "public",
                                                   "pull_request",
                                                   "pull_request_comment",
                                                   "pull_request_review",
                                                   "pull_request_review_comment",
                                                   "pull_request_target",
                                                   "push",
                                                   "registry_package",
                                                   "release",
                                                   "repository_dispatch",
                                                   "schedule",
                                                   "status",
                                                   "watch",
                                                   "workflow_call",
                                                   "workflow_dispatch",
                                                   "workflow_run"};

/// The activity types each event accepts in `types:` (GitHub's workflow schema; `issues`
/// also has `typed` and `untyped`, which GitHub added later).
namespace activity {
inline constexpr std::string_view created_edited_deleted[] = {"created", "edited", "deleted"};
inline constexpr std::string_view check_run[] = {"completed", "created", "rerequested",
                                                 "requested_action"};
inline constexpr std::string_view check_suite[] = {"completed"};
inline constexpr std::string_view discussion[] = {
    "created",   "edited", "deleted",  "transferred",      "pinned",   "unpinned",  "labeled",
    "unlabeled", "locked", "unlocked", "category_changed", "answered", "unanswered"};
inline constexpr std::string_view image_version[] = {"created", "ready", "deleted"};
inline constexpr std::string_view issues[] = {
    "opened",       "edited",    "deleted",  "transferred", "pinned",
    "unpinned",     "closed",    "reopened", "assigned",    "unassigned",
    "labeled",      "unlabeled", "locked",   "unlocked",    "milestoned",
    "demilestoned", "typed",     "untyped",  "field_added", "field_removed"};
inline constexpr std::string_view merge_group[] = {"checks_requested"};
inline constexpr std::string_view milestone[] = {"created", "closed", "opened", "edited",
                                                 "deleted"};
inline constexpr std::string_view project[] = {"created", "closed", "reopened", "edited",
                                               "deleted"};
inline constexpr std::string_view project_card[] = {"created", "moved", "converted", "edited",
                                                    "deleted"};
inline constexpr std::string_view project_column[] = {"created", "updated", "moved", "deleted"};
inline constexpr std::string_view pull_request[] = {"assigned",
                                                    "unassigned",
                                                    "labeled",
                                                    "unlabeled",
                                                    "opened",
                                                    "edited",
                                                    "closed",
                                                    "reopened",
                                                    "synchronize",
                                                    "converted_to_draft",
                                                    "locked",
                                                    "unlocked",
                                                    "enqueued",
                                                    "dequeued",
                                                    "milestoned",
                                                    "demilestoned",
                                                    "ready_for_review",
                                                    "review_requested",
                                                    "review_request_removed",
                                                    "auto_merge_enabled",
                                                    "auto_merge_disabled",
                                                    "stacked"};
inline constexpr std::string_view pull_request_review[] = {"submitted", "edited", "dismissed"};
inline constexpr std::string_view registry_package[] = {"published", "updated"};
inline constexpr std::string_view release[] = {"published", "unpublished", "created", "edited",
                                               "deleted",   "prereleased", "released"};
inline constexpr std::string_view watch[] = {"started"};
inline constexpr std::string_view workflow_run[] = {"requested", "completed", "in_progress"};
}  // namespace activity

/// The activity types `event` accepts in `types`; empty for an event without types.
/// `repository_dispatch` accepts any type (`any_type` is set).
constexpr std::span<const std::string_view> activity_types(std::string_view event,
                                                           bool& any_type) noexcept {
  any_type = event == "repository_dispatch";
  if (event == "branch_protection_rule" || event == "discussion_comment" ||
      event == "issue_comment" || event == "pull_request_comment" || event == "label" ||
      event == "pull_request_review_comment") {
    return activity::created_edited_deleted;
  }
  if (event == "check_run") return activity::check_run;
  if (event == "check_suite") return activity::check_suite;
  if (event == "discussion") return activity::discussion;
  if (event == "image_version") return activity::image_version;
  if (event == "issues") return activity::issues;
  if (event == "merge_group") return activity::merge_group;
  if (event == "milestone") return activity::milestone;
  if (event == "project") return activity::project;
  if (event == "project_card") return activity::project_card;
  if (event == "project_column") return activity::project_column;
  if (event == "pull_request" || event == "pull_request_target") return activity::pull_request;
  if (event == "pull_request_review") return activity::pull_request_review;
  if (event == "registry_package") return activity::registry_package;
  if (event == "release") return activity::release;
  if (event == "watch") return activity::watch;
  if (event == "workflow_run") return activity::workflow_run;
  return {};
}

}  // namespace semantics
}  // namespace v0
}  // namespace pipewright
