/// @file contexts.hpp
/// Which contexts and special functions each workflow key allows (SEMANTICS.md §3.2,
/// GitHub's "Context availability" table): the one table, as constexpr data. The expression
/// stage turns a row into compile options (expr/contexts.hpp); the workflow schema takes its
/// context bits from it (model/workflow_schema.hpp); static_ resolves names with it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace semantics {

/// The standard context names.
inline constexpr std::array<std::string_view, 12> standard_contexts{
    "github", "env",     "vars",     "job",    "jobs",  "steps",
    "runner", "secrets", "strategy", "matrix", "needs", "inputs"};

/// The documented properties of the `github` context (D-CTX, "github context"; SEMANTICS.md
/// §3.1). `artifacts` and `artifacts_list` are documented for some GitHub versions,
/// `job_workflow_sha` by earlier revisions of the page; names compare ignoring case.
inline constexpr std::array<std::string_view, 42> github_properties{"action",
                                                                    "action_path",
                                                                    "action_ref",
                                                                    "action_repository",
                                                                    "action_status",
                                                                    "actor",
                                                                    "actor_id",
                                                                    "api_url",
                                                                    "artifacts",
                                                                    "artifacts_list",
                                                                    "base_ref",
                                                                    "env",
                                                                    "event",
                                                                    "event_name",
                                                                    "event_path",
                                                                    "graphql_url",
                                                                    "head_ref",
                                                                    "job",
                                                                    "job_workflow_sha",
                                                                    "path",
                                                                    "ref",
                                                                    "ref_name",
                                                                    "ref_protected",
                                                                    "ref_type",
                                                                    "repository",
                                                                    "repository_id",
                                                                    "repository_owner",
                                                                    "repository_owner_id",
                                                                    "repositoryUrl",
                                                                    "retention_days",
                                                                    "run_attempt",
                                                                    "run_id",
                                                                    "run_number",
                                                                    "secret_source",
                                                                    "server_url",
                                                                    "sha",
                                                                    "token",
                                                                    "triggering_actor",
                                                                    "workflow",
                                                                    "workflow_ref",
                                                                    "workflow_sha",
                                                                    "workspace"};
/// The properties of the `runner` context (D-CTX, SEMANTICS.md §3.1), and `workspace`, which
/// the runner sets without the docs listing it (actions/runner, JobExtension.cs:
/// `SetRunnerContext("workspace", ...)`).
inline constexpr std::array<std::string_view, 8> runner_properties{
    "name", "os", "arch", "temp", "tool_cache", "debug", "environment", "workspace"};
/// The properties of the `job` context (D-CTX, SEMANTICS.md §3.1).
inline constexpr std::array<std::string_view, 8> job_properties{
    "status",       "container",           "services",          "check_run_id", "workflow_ref",
    "workflow_sha", "workflow_repository", "workflow_file_path"};
/// The properties of the `strategy` context (D-CTX, SEMANTICS.md §3.1).
inline constexpr std::array<std::string_view, 4> strategy_properties{"fail-fast", "job-index",
                                                                     "job-total", "max-parallel"};
/// The properties of one step in the `steps` context.
inline constexpr std::array<std::string_view, 3> step_properties{"outputs", "outcome",
                                                                 "conclusion"};
/// The properties of one job in the `needs` context, and in the `jobs` context of
/// `on.workflow_call.outputs`.
inline constexpr std::array<std::string_view, 2> job_result_properties{"outputs", "result"};
/// The values of `steps.<id>.outcome` / `.conclusion`, `needs.<id>.result`, `jobs.<id>.result`
/// and `job.status` (SEMANTICS.md §3.1, §5: a job's or step's result; `job.status` documents
/// the first three).
inline constexpr std::array<std::string_view, 4> result_values{"success", "failure", "cancelled",
                                                               "skipped"};
/// The values of `runner.os` (D-CTX: GitHub's contexts page).
inline constexpr std::array<std::string_view, 3> runner_os_values{"Linux", "Windows", "macOS"};
/// The values of `runner.arch` (D-CTX).
inline constexpr std::array<std::string_view, 4> runner_arch_values{"X86", "X64", "ARM", "ARM64"};

/// One row of the availability table.
struct key_availability {
  std::string_view key;  ///< e.g. `jobs.<id>.if`
  std::span<const std::string_view> contexts;
  bool status_functions = false;  ///< always, cancelled, success, failure
  bool hash_files = false;
  bool status_function_args = false;  ///< success() and failure() take job names
};

namespace detail {
using ctx_name = std::string_view;
inline constexpr ctx_name ctx_gi_v[] = {"github", "inputs", "vars"};
inline constexpr ctx_name ctx_gsiv[] = {"github", "secrets", "inputs", "vars"};
inline constexpr ctx_name ctx_gjvi[] = {"github", "jobs", "vars", "inputs"};
inline constexpr ctx_name ctx_gnvi[] = {"github", "needs", "vars", "inputs"};
inline constexpr ctx_name ctx_job_plain[] = {"github", "needs", "strategy",
                                             "matrix", "vars",  "inputs"};
inline constexpr ctx_name ctx_job_env[] = {"github", "needs",   "strategy", "matrix",
                                           "vars",   "secrets", "inputs"};
inline constexpr ctx_name ctx_defaults_run[] = {"github", "needs", "strategy", "matrix",
                                                "env",    "vars",  "inputs"};
inline constexpr ctx_name ctx_env_url[] = {"github", "needs", "strategy", "matrix", "job",
                                           "runner", "env",   "vars",     "steps",  "inputs"};
inline constexpr ctx_name ctx_outputs[] = {"github",  "needs",  "strategy", "matrix",
                                           "job",     "runner", "env",      "vars",
                                           "secrets", "steps",  "inputs"};
inline constexpr ctx_name ctx_credentials[] = {"github", "needs", "strategy", "matrix",
                                               "env",    "vars",  "secrets",  "inputs"};
inline constexpr ctx_name ctx_container_env[] = {
    "github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "inputs"};
inline constexpr ctx_name ctx_with[] = {"github", "needs", "strategy", "matrix", "inputs", "vars"};
inline constexpr ctx_name ctx_secrets[] = {"github",  "needs",  "strategy", "matrix",
                                           "secrets", "inputs", "vars"};
inline constexpr ctx_name ctx_step_if[] = {"github", "needs", "strategy", "matrix", "job",
                                           "runner", "env",   "vars",     "steps",  "inputs"};
}  // namespace detail

/// The table, in the order of GitHub's documentation.
inline constexpr key_availability availability_table[] = {
    {"run-name", detail::ctx_gi_v},
    {"concurrency", detail::ctx_gi_v},
    {"env", detail::ctx_gsiv},
    {"on.workflow_call.inputs.<id>.default", detail::ctx_gi_v},
    {"on.workflow_call.outputs.<id>.value", detail::ctx_gjvi},
    // Only a job-level `if:` passes job names to success() and failure().
    {"jobs.<id>.if", detail::ctx_gnvi, true, false, true},
    {"jobs.<id>.strategy", detail::ctx_gnvi},
    {"jobs.<id>.name", detail::ctx_job_plain},
    {"jobs.<id>.runs-on", detail::ctx_job_plain},
    {"jobs.<id>.timeout-minutes", detail::ctx_job_plain},
    {"jobs.<id>.continue-on-error", detail::ctx_job_plain},
    {"jobs.<id>.environment", detail::ctx_job_plain},
    {"jobs.<id>.concurrency", detail::ctx_job_plain},
    {"jobs.<id>.container", detail::ctx_job_plain},
    {"jobs.<id>.services", detail::ctx_job_plain},
    {"jobs.<id>.env", detail::ctx_job_env},
    {"jobs.<id>.defaults.run", detail::ctx_defaults_run},
    {"jobs.<id>.environment.url", detail::ctx_env_url},
    {"jobs.<id>.outputs.<id>", detail::ctx_outputs},
    {"jobs.<id>.container.credentials", detail::ctx_credentials},
    {"jobs.<id>.services.<id>.credentials", detail::ctx_credentials},
    {"jobs.<id>.container.env.<k>", detail::ctx_container_env},
    {"jobs.<id>.services.<id>.env.<k>", detail::ctx_container_env},
    {"jobs.<id>.with.<k>", detail::ctx_with},
    {"jobs.<id>.secrets.<k>", detail::ctx_secrets},
    {"jobs.<id>.steps.if", detail::ctx_step_if, true, true},
    {"jobs.<id>.steps.run", detail::ctx_outputs, false, true},
    {"jobs.<id>.steps.env", detail::ctx_outputs, false, true},
    {"jobs.<id>.steps.with", detail::ctx_outputs, false, true},
    {"jobs.<id>.steps.name", detail::ctx_outputs, false, true},
    {"jobs.<id>.steps.working-directory", detail::ctx_outputs, false, true},
    {"jobs.<id>.steps.timeout-minutes", detail::ctx_outputs, false, true},
    {"jobs.<id>.steps.continue-on-error", detail::ctx_outputs, false, true},
};

/// The row for `key` (exact spelling as in the table), or nullptr.
constexpr const key_availability* allowed_contexts(std::string_view key) noexcept {
  for (const key_availability& k : availability_table) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

/// A row as a bit set: bit `i` for `standard_contexts[i]`, then the special functions.
namespace context_bits {
/// The bit of the standard context `name`, or 0 for another name.
constexpr std::uint32_t of(std::string_view name) noexcept {
  for (std::size_t i = 0; i < standard_contexts.size(); ++i) {
    if (standard_contexts[i] == name) return std::uint32_t{1} << i;
  }
  return 0;
}
/// success(), failure(), cancelled(), always().
inline constexpr std::uint32_t status_functions = std::uint32_t{1} << 12;
/// hashFiles().
inline constexpr std::uint32_t hash_files = std::uint32_t{1} << 13;
/// success() and failure() take job names (`success('build')`): a job-level `if:`.
inline constexpr std::uint32_t status_function_args = std::uint32_t{1} << 14;

/// The bits of row `k`.
constexpr std::uint32_t of(const key_availability& k) noexcept {
  std::uint32_t bits = 0;
  for (std::string_view c : k.contexts) bits |= of(c);
  if (k.status_functions) bits |= status_functions;
  if (k.hash_files) bits |= hash_files;
  if (k.status_function_args) bits |= status_function_args;
  return bits;
}

/// The bits of the row for `key`; a key missing from the table does not compile.
consteval std::uint32_t of_key(std::string_view key) {
  const key_availability* k = allowed_contexts(key);
  if (k == nullptr) throw "pipewright: the key is not in semantics::availability_table";
  return of(*k);
}
}  // namespace context_bits

}  // namespace semantics
}  // namespace v0
}  // namespace pipewright
