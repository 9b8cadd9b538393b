/// @file events.hpp
/// The events a workflow can name in `on:`, in the order of GitHub's workflow schema; shared
/// by the workflow reader and the trigger stage.
#pragma once

#include <string_view>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

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

}  // namespace model
}  // namespace v0
}  // namespace pipewright
