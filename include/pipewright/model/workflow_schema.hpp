/// @file workflow_schema.hpp
/// The workflow syntax as schema definitions (see schema.hpp): every key, its type, the
/// values it allows and the contexts its expressions may use (from semantics/contexts.hpp). Written
/// from the facts of GitHub's workflow syntax documentation and its published workflow schema
/// (`actions/languageservices`, `workflow-parser/src/workflow-v1.0.json`).
#pragma once

#include <span>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/model/schema.hpp"
#include "pipewright/semantics/contexts.hpp"
#include "pipewright/semantics/events.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {
namespace schema {
namespace workflow_defs {

using sv = std::string_view;

/// The contexts of `key`'s row in GitHub's availability table (semantics/contexts.hpp): the
/// schema takes its context bits from that one table.
consteval context_set row(sv key) {
  return semantics::context_bits::of_key(key);
}

// Context sets used by several keys.
inline constexpr context_set giv = row("run-name");
inline constexpr context_set needs_ctx = row("jobs.<id>.strategy");
inline constexpr context_set strategy_ctx = row("jobs.<id>.name");
inline constexpr context_set runner_no_secrets = row("jobs.<id>.environment.url");
inline constexpr context_set runner_ctx = row("jobs.<id>.outputs.<id>");
inline constexpr context_set steps_ctx = row("jobs.<id>.steps.run");
inline constexpr context_set step_if_ctx = row("jobs.<id>.steps.if");
static_assert(needs_ctx == (giv | ctx::needs) &&
                  strategy_ctx == (needs_ctx | ctx::strategy | ctx::matrix) &&
                  runner_no_secrets ==
                      (strategy_ctx | ctx::steps | ctx::job | ctx::runner | ctx::env) &&
                  runner_ctx == (runner_no_secrets | ctx::secrets) &&
                  steps_ctx == (runner_ctx | ctx::hash_files) &&
                  step_if_ctx == (runner_no_secrets | ctx::status_functions | ctx::hash_files),
              "each context set widens the one before (the schema's inheritance relies on it)");

// Event names (for `on: push` and `on: [push, pull_request]`): semantics/events.hpp.
using semantics::event_names;

// Activity types per event: semantics/events.hpp.
namespace activity = semantics::activity;

// Event mappings.
inline constexpr property p_types_only_branch_protection[] = {
    {"types", "types:created-edited-deleted"}};
inline constexpr property p_check_run[] = {{"types", "types:check_run"}};
inline constexpr property p_check_suite[] = {{"types", "types:check_suite"}};
inline constexpr property p_discussion[] = {{"types", "types:discussion"}};
inline constexpr property p_image_version[] = {
    {"types", "types:image_version"}, {"names", "filter"}, {"versions", "filter"}};
inline constexpr property p_issues[] = {{"types", "types:issues"}};
inline constexpr property p_merge_group[] = {
    {"types", "types:merge_group"}, {"branches", "filter"}, {"branches-ignore", "filter"}};
inline constexpr property p_milestone[] = {{"types", "types:milestone"}};
inline constexpr property p_project[] = {{"types", "types:project"}};
inline constexpr property p_project_card[] = {{"types", "types:project_card"}};
inline constexpr property p_project_column[] = {{"types", "types:project_column"}};
inline constexpr property p_pull_request[] = {{"types", "types:pull_request"},
                                              {"branches", "filter"},
                                              {"branches-ignore", "filter"},
                                              {"paths", "filter"},
                                              {"paths-ignore", "filter"}};
inline constexpr property p_pull_request_review[] = {{"types", "types:pull_request_review"}};
inline constexpr property p_push[] = {{"branches", "filter"}, {"branches-ignore", "filter"},
                                      {"tags", "filter"},     {"tags-ignore", "filter"},
                                      {"paths", "filter"},    {"paths-ignore", "filter"}};
inline constexpr property p_registry_package[] = {{"types", "types:registry_package"}};
inline constexpr property p_release[] = {{"types", "types:release"}};
inline constexpr property p_repository_dispatch[] = {{"types", "filter"}};
inline constexpr property p_watch[] = {{"types", "types:watch"}};
inline constexpr property p_workflow_run[] = {{"types", "types:workflow_run"},
                                              {"workflows", "filter"},
                                              {"branches", "filter"},
                                              {"branches-ignore", "filter"}};
inline constexpr property p_cron[] = {{"cron", "non-empty-string", true},
                                      {"timezone", "non-empty-string"}};
inline constexpr property p_workflow_call[] = {{"inputs", "workflow-call-inputs"},
                                               {"secrets", "workflow-call-secrets"},
                                               {"outputs", "workflow-call-outputs"}};
inline constexpr property p_workflow_call_input[] = {{"description", "string"},
                                                     {"type", "workflow-call-input-type", true},
                                                     {"required", "boolean"},
                                                     {"default", "workflow-call-input-default"}};
inline constexpr sv call_input_types[] = {"string", "boolean", "number"};
inline constexpr sv scalar_types[] = {"string", "boolean", "number"};
inline constexpr property p_workflow_call_secret[] = {{"description", "string"},
                                                      {"required", "boolean"}};
inline constexpr property p_workflow_call_output[] = {{"description", "string"},
                                                      {"value", "workflow-output-context", true}};
inline constexpr property p_workflow_dispatch[] = {{"inputs", "workflow-dispatch-inputs"}};
inline constexpr property p_workflow_dispatch_input[] = {
    {"description", "string"},
    {"type", "workflow-dispatch-input-type"},
    {"required", "boolean"},
    {"default", "workflow-dispatch-input-default"},
    {"options", "sequence-of-string"}};
inline constexpr sv dispatch_input_types[] = {"string", "boolean", "number", "environment",
                                              "choice"};

inline constexpr property p_on[] = {{"branch_protection_rule", "ev:branch_protection_rule"},
                                    {"check_run", "ev:check_run"},
                                    {"check_suite", "ev:check_suite"},
                                    {"create", "null"},
                                    {"delete", "null"},
                                    {"deployment", "null"},
                                    {"deployment_status", "null"},
                                    {"discussion", "ev:discussion"},
                                    {"discussion_comment", "ev:created-edited-deleted"},
                                    {"fork", "null"},
                                    {"gollum", "null"},
                                    {"image_version", "ev:image_version"},
                                    {"issue_comment", "ev:created-edited-deleted"},
                                    {"issues", "ev:issues"},
                                    {"label", "ev:created-edited-deleted"},
                                    {"merge_group", "ev:merge_group"},
                                    {"milestone", "ev:milestone"},
                                    {"page_build", "null"},
                                    {"project", "ev:project"},
                                    {"project_card", "ev:project_card"},
                                    {"project_column", "ev:project_column"},
                                    {"public", "null"},
                                    {"pull_request", "ev:pull_request"},
                                    {"pull_request_comment", "ev:created-edited-deleted"},
                                    {"pull_request_review", "ev:pull_request_review"},
                                    {"pull_request_review_comment", "ev:created-edited-deleted"},
                                    {"pull_request_target", "ev:pull_request"},
                                    {"push", "ev:push"},
                                    {"registry_package", "ev:registry_package"},
                                    {"release", "ev:release"},
                                    {"repository_dispatch", "ev:repository_dispatch"},
                                    {"schedule", "schedule"},
                                    {"status", "null"},
                                    {"watch", "ev:watch"},
                                    {"workflow_call", "ev:workflow_call"},
                                    {"workflow_dispatch", "ev:workflow_dispatch"},
                                    {"workflow_run", "ev:workflow_run"}};

// Root, jobs, steps.
inline constexpr property p_root[] = {{"on", "on", true},
                                      {"name", "string"},
                                      {"description", "string"},
                                      {"run-name", "run-name"},
                                      {"defaults", "workflow-defaults"},
                                      {"env", "workflow-env"},
                                      {"permissions", "permissions"},
                                      {"concurrency", "workflow-concurrency"},
                                      {"jobs", "jobs", true}};
inline constexpr sv on_alternatives[] = {"on-event-name", "on-mapping"};
inline constexpr property p_permissions[] = {
    {"actions", "permission-level-any"},
    {"artifact-metadata", "permission-level-any"},
    {"attestations", "permission-level-any"},
    {"checks", "permission-level-any"},
    {"contents", "permission-level-any"},
    {"copilot-requests", "permission-level-write-or-none"},
    {"deployments", "permission-level-any"},
    {"discussions", "permission-level-any"},
    {"id-token", "permission-level-write-or-none"},
    {"issues", "permission-level-any"},
    {"models", "permission-level-read-or-none"},
    {"packages", "permission-level-any"},
    {"pages", "permission-level-any"},
    {"pull-requests", "permission-level-any"},
    {"repository-projects", "permission-level-any"},
    {"security-events", "permission-level-any"},
    {"statuses", "permission-level-any"},
    {"vulnerability-alerts", "permission-level-read-or-none"}};
inline constexpr sv permissions_alternatives[] = {"permissions-mapping", "permissions-shorthand"};
inline constexpr sv shorthand_levels[] = {"read-all", "write-all"};
inline constexpr sv levels_any[] = {"read", "write", "none"};
inline constexpr sv levels_read[] = {"read", "none"};
inline constexpr sv levels_write[] = {"write", "none"};
inline constexpr property p_defaults[] = {{"run", "defaults-run"}};
inline constexpr property p_job_defaults[] = {{"run", "job-defaults-run"}};
inline constexpr property p_defaults_run[] = {{"shell", "non-empty-string"},
                                              {"working-directory", "non-empty-string"}};
inline constexpr sv job_alternatives[] = {"job-factory", "workflow-job"};
inline constexpr property p_job_factory[] = {{"needs", "needs"},
                                             {"if", "job-if"},
                                             {"strategy", "strategy"},
                                             {"name", "string-strategy-context"},
                                             {"runs-on", "runs-on", true},
                                             {"timeout-minutes", "number-strategy-context"},
                                             {"cancel-timeout-minutes", "number-strategy-context"},
                                             {"continue-on-error", "boolean-strategy-context"},
                                             {"container", "container"},
                                             {"services", "services"},
                                             {"env", "job-env"},
                                             {"environment", "job-environment"},
                                             {"permissions", "permissions"},
                                             {"concurrency", "job-concurrency"},
                                             {"outputs", "job-outputs"},
                                             {"defaults", "job-defaults"},
                                             {"steps", "steps"},
                                             {"snapshot", "snapshot"}};
inline constexpr property p_workflow_job[] = {{"name", "string-strategy-context"},
                                              {"uses", "non-empty-string", true},
                                              {"with", "workflow-job-with"},
                                              {"secrets", "workflow-job-secrets"},
                                              {"needs", "needs"},
                                              {"if", "job-if"},
                                              {"permissions", "permissions"},
                                              {"concurrency", "job-concurrency"},
                                              {"strategy", "strategy"}};
inline constexpr sv secrets_alternatives[] = {"workflow-job-secrets-mapping", "inherit"};
inline constexpr sv scalar_alternatives[] = {"string", "boolean", "number"};
inline constexpr property p_strategy[] = {
    {"fail-fast", "boolean"}, {"max-parallel", "number"}, {"matrix", "matrix"}};
inline constexpr property p_matrix[] = {{"include", "matrix-filter"}, {"exclude", "matrix-filter"}};
inline constexpr sv snapshot_alternatives[] = {"non-empty-string", "snapshot-mapping"};
inline constexpr property p_snapshot[] = {{"image-name", "non-empty-string", true},
                                          {"if", "snapshot-if"},
                                          {"version", "non-empty-string"}};
inline constexpr sv runs_on_alternatives[] = {"filter", "runs-on-mapping"};
inline constexpr property p_runs_on[] = {{"group", "non-empty-string"}, {"labels", "filter"}};
inline constexpr sv workflow_concurrency_alternatives[] = {"string", "concurrency-mapping"};
inline constexpr sv job_concurrency_alternatives[] = {"non-empty-string", "concurrency-mapping"};
inline constexpr property p_concurrency[] = {{"group", "non-empty-string", true},
                                             {"cancel-in-progress", "boolean"},
                                             {"queue", "concurrency-queue"}};
inline constexpr sv queue_values[] = {"single", "max"};
inline constexpr sv environment_alternatives[] = {"string", "job-environment-mapping"};
inline constexpr property p_environment[] = {{"name", "string", true},
                                             {"url", "string-runner-context-no-secrets"},
                                             {"deployment", "boolean"}};
inline constexpr sv step_alternatives[] = {"run-step", "regular-step", "parallel-step"};
inline constexpr property p_parallel_step[] = {{"name", "step-name"},
                                               {"id", "non-empty-string"},
                                               {"if", "step-if"},
                                               {"parallel", "steps", true}};
inline constexpr property p_run_step[] = {{"name", "step-name"},
                                          {"id", "non-empty-string"},
                                          {"if", "step-if"},
                                          {"timeout-minutes", "step-timeout-minutes"},
                                          {"run", "string-steps-context", true},
                                          {"continue-on-error", "step-continue-on-error"},
                                          {"env", "step-env"},
                                          {"working-directory", "string-steps-context"},
                                          {"shell", "non-empty-string"}};
inline constexpr property p_regular_step[] = {{"name", "step-name"},
                                              {"id", "non-empty-string"},
                                              {"if", "step-if"},
                                              {"continue-on-error", "step-continue-on-error"},
                                              {"timeout-minutes", "step-timeout-minutes"},
                                              {"uses", "non-empty-string", true},
                                              {"with", "step-with"},
                                              {"env", "step-env"}};
inline constexpr sv container_alternatives[] = {"string", "container-mapping"};
inline constexpr property p_container[] = {{"image", "non-empty-string"},
                                           {"options", "string"},
                                           {"env", "container-env"},
                                           {"ports", "sequence-of-non-empty-string"},
                                           {"volumes", "sequence-of-non-empty-string"},
                                           {"credentials", "container-credentials"}};
inline constexpr sv service_alternatives[] = {"non-empty-string", "service-mapping"};
inline constexpr property p_service[] = {{"image", "non-empty-string"},
                                         {"options", "string"},
                                         {"env", "container-env"},
                                         {"ports", "sequence-of-non-empty-string"},
                                         {"volumes", "sequence-of-non-empty-string"},
                                         {"credentials", "container-credentials"},
                                         {"entrypoint", "string"},
                                         {"command", "string"}};
inline constexpr property p_credentials[] = {{"username", "non-empty-string"},
                                             {"password", "non-empty-string"}};

/// A filter: a non-empty string or a sequence of them.
constexpr definition filter_def(sv name, context_set c = 0) {
  definition d = string_def(name, c, true);
  d.or_sequence = true;
  return d;
}

/// `d`, also accepting null.
constexpr definition nullable(definition d) {
  d.nullable = true;
  return d;
}

/// The workflow schema.
inline constexpr definition table[] = {
    // Basic types.
    null_def("null"),
    boolean_def("boolean"),
    number_def("number"),
    string_def("string"),
    string_def("non-empty-string", 0, true),
    any_def("any"),
    sequence_def("sequence", "any"),
    sequence_def("sequence-of-string", "string"),
    sequence_def("sequence-of-non-empty-string", "non-empty-string"),
    filter_def("filter"),
    // Root.
    mapping_def("workflow-root", p_root),
    string_def("run-name", row("run-name")),
    mapping_def("workflow-defaults", p_defaults),
    mapping_def("defaults-run", p_defaults_run),
    loose_mapping_def("workflow-env", "non-empty-string", "string", row("env")),
    one_of_def("workflow-concurrency", workflow_concurrency_alternatives, row("concurrency")),
    mapping_def("concurrency-mapping", p_concurrency),
    allowed_def("concurrency-queue", queue_values),
    one_of_def("permissions", permissions_alternatives),
    mapping_def("permissions-mapping", p_permissions),
    allowed_def("permissions-shorthand", shorthand_levels),
    allowed_def("permission-level-any", levels_any),
    allowed_def("permission-level-read-or-none", levels_read),
    allowed_def("permission-level-write-or-none", levels_write),
    // on.
    one_of_def("on", on_alternatives),
    allowed_def("on-event-name", event_names, true),
    mapping_def("on-mapping", p_on),
    mapping_def("ev:branch_protection_rule", p_types_only_branch_protection, 0, true),
    allowed_def("types:created-edited-deleted", activity::created_edited_deleted, true),
    mapping_def("ev:created-edited-deleted", p_types_only_branch_protection, 0, true),
    mapping_def("ev:check_run", p_check_run, 0, true),
    allowed_def("types:check_run", activity::check_run, true),
    mapping_def("ev:check_suite", p_check_suite, 0, true),
    allowed_def("types:check_suite", activity::check_suite, true),
    mapping_def("ev:discussion", p_discussion, 0, true),
    allowed_def("types:discussion", activity::discussion, true),
    mapping_def("ev:image_version", p_image_version, 0, true),
    allowed_def("types:image_version", activity::image_version, true),
    mapping_def("ev:issues", p_issues, 0, true),
    allowed_def("types:issues", activity::issues, true),
    mapping_def("ev:merge_group", p_merge_group, 0, true),
    allowed_def("types:merge_group", activity::merge_group, true),
    mapping_def("ev:milestone", p_milestone, 0, true),
    allowed_def("types:milestone", activity::milestone, true),
    mapping_def("ev:project", p_project, 0, true),
    allowed_def("types:project", activity::project, true),
    mapping_def("ev:project_card", p_project_card, 0, true),
    allowed_def("types:project_card", activity::project_card, true),
    mapping_def("ev:project_column", p_project_column, 0, true),
    allowed_def("types:project_column", activity::project_column, true),
    mapping_def("ev:pull_request", p_pull_request, 0, true),
    allowed_def("types:pull_request", activity::pull_request, true),
    mapping_def("ev:pull_request_review", p_pull_request_review, 0, true),
    allowed_def("types:pull_request_review", activity::pull_request_review, true),
    mapping_def("ev:push", p_push, 0, true),
    mapping_def("ev:registry_package", p_registry_package, 0, true),
    allowed_def("types:registry_package", activity::registry_package, true),
    mapping_def("ev:release", p_release, 0, true),
    allowed_def("types:release", activity::release, true),
    mapping_def("ev:repository_dispatch", p_repository_dispatch, 0, true),
    mapping_def("ev:watch", p_watch, 0, true),
    allowed_def("types:watch", activity::watch, true),
    mapping_def("ev:workflow_run", p_workflow_run, 0, true),
    allowed_def("types:workflow_run", activity::workflow_run, true),
    sequence_def("schedule", "cron-mapping"),
    mapping_def("cron-mapping", p_cron),
    mapping_def("ev:workflow_call", p_workflow_call, 0, true),
    loose_mapping_def("workflow-call-inputs", "non-empty-string", "workflow-call-input"),
    mapping_def("workflow-call-input", p_workflow_call_input),
    allowed_def("workflow-call-input-type", call_input_types),
    one_of_def("workflow-call-input-default", scalar_alternatives,
               row("on.workflow_call.inputs.<id>.default")),
    loose_mapping_def("workflow-call-secrets", "non-empty-string", "workflow-call-secret"),
    mapping_def("workflow-call-secret", p_workflow_call_secret, 0, true),
    loose_mapping_def("workflow-call-outputs", "non-empty-string", "workflow-call-output"),
    mapping_def("workflow-call-output", p_workflow_call_output),
    string_def("workflow-output-context", row("on.workflow_call.outputs.<id>.value")),
    nullable(loose_mapping_def("ev:workflow_dispatch", "non-empty-string", "any", 0,
                               p_workflow_dispatch)),
    nullable(loose_mapping_def("workflow-dispatch-inputs", "non-empty-string",
                               "workflow-dispatch-input")),
    nullable(loose_mapping_def("workflow-dispatch-input", "non-empty-string", "any", 0,
                               p_workflow_dispatch_input)),
    allowed_def("workflow-dispatch-input-type", dispatch_input_types),
    one_of_def("workflow-dispatch-input-default", scalar_alternatives),
    // Jobs.
    loose_mapping_def("jobs", "non-empty-string", "job"),
    one_of_def("job", job_alternatives),
    mapping_def("job-factory", p_job_factory),
    mapping_def("workflow-job", p_workflow_job),
    filter_def("needs"),
    string_def("job-if", row("jobs.<id>.if")),
    mapping_def("strategy", p_strategy, row("jobs.<id>.strategy")),
    loose_mapping_def("matrix", "non-empty-string", "sequence", 0, p_matrix),
    sequence_def("matrix-filter", "matrix-filter-item"),
    loose_mapping_def("matrix-filter-item", "non-empty-string", "any"),
    one_of_def("snapshot", snapshot_alternatives),
    mapping_def("snapshot-mapping", p_snapshot),
    string_def("snapshot-if", strategy_ctx),
    one_of_def("runs-on", runs_on_alternatives, row("jobs.<id>.runs-on")),
    mapping_def("runs-on-mapping", p_runs_on),
    loose_mapping_def("job-env", "non-empty-string", "string", row("jobs.<id>.env")),
    one_of_def("job-concurrency", job_concurrency_alternatives, row("jobs.<id>.concurrency")),
    one_of_def("job-environment", environment_alternatives, row("jobs.<id>.environment")),
    mapping_def("job-environment-mapping", p_environment),
    mapping_def("job-defaults", p_job_defaults),
    mapping_def("job-defaults-run", p_defaults_run, row("jobs.<id>.defaults.run")),
    loose_mapping_def("job-outputs", "non-empty-string", "string-runner-context"),
    loose_mapping_def("workflow-job-with", "non-empty-string", "scalar-needs-context"),
    one_of_def("scalar-needs-context", scalar_alternatives, row("jobs.<id>.with.<k>")),
    one_of_def("workflow-job-secrets", secrets_alternatives),
    loose_mapping_def("workflow-job-secrets-mapping", "non-empty-string",
                      "scalar-needs-context-with-secrets"),
    one_of_def("scalar-needs-context-with-secrets", scalar_alternatives,
               row("jobs.<id>.secrets.<k>")),
    constant_def("inherit", "inherit"),
    one_of_def("container", container_alternatives, row("jobs.<id>.container")),
    mapping_def("container-mapping", p_container),
    loose_mapping_def("services", "non-empty-string", "services-container",
                      row("jobs.<id>.services")),
    one_of_def("services-container", service_alternatives, strategy_ctx),
    mapping_def("service-mapping", p_service),
    mapping_def("container-credentials", p_credentials, row("jobs.<id>.container.credentials")),
    loose_mapping_def("container-env", "non-empty-string", "string-container-env"),
    // Steps.
    sequence_def("steps", "steps-item"),
    one_of_def("steps-item", step_alternatives),
    mapping_def("run-step", p_run_step),
    mapping_def("regular-step", p_regular_step),
    mapping_def("parallel-step", p_parallel_step),
    boolean_def("step-continue-on-error", row("jobs.<id>.steps.continue-on-error")),
    string_def("step-if", step_if_ctx),
    loose_mapping_def("step-env", "non-empty-string", "string", row("jobs.<id>.steps.env")),
    string_def("step-name", row("jobs.<id>.steps.name")),
    number_def("step-timeout-minutes", row("jobs.<id>.steps.timeout-minutes")),
    loose_mapping_def("step-with", "non-empty-string", "string", row("jobs.<id>.steps.with")),
    // Scalars with contexts.
    boolean_def("boolean-strategy-context", row("jobs.<id>.continue-on-error")),
    number_def("number-strategy-context", row("jobs.<id>.timeout-minutes")),
    string_def("string-strategy-context", strategy_ctx),
    string_def("string-runner-context", runner_ctx),
    string_def("string-runner-context-no-secrets", runner_no_secrets),
    string_def("string-container-env", row("jobs.<id>.container.env.<k>")),
    string_def("string-steps-context", steps_ctx),
};

}  // namespace workflow_defs

/// The workflow schema, resolved once (thread-safe).
inline const compiled_schema& workflow_schema() {
  static const compiled_schema s(workflow_defs::table);
  return s;
}

}  // namespace schema
}  // namespace model
}  // namespace v0
}  // namespace pipewright
