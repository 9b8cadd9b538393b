/// @file contexts.hpp
/// Which contexts and special functions each workflow key allows (SEMANTICS.md §3.2,
/// GitHub's "Context availability" table), as data for the model stage.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/expr/expression.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// The standard context names.
inline constexpr std::array<std::string_view, 12> standard_contexts{
    "github", "env",     "vars",     "job",    "jobs",  "steps",
    "runner", "secrets", "strategy", "matrix", "needs", "inputs"};

/// One row of the availability table.
struct key_availability {
  std::string_view key;  ///< e.g. `jobs.<id>.if`
  std::span<const std::string_view> contexts;
  bool status_functions = false;  ///< always, cancelled, success, failure
  bool hash_files = false;
};

namespace detail {
using sv = std::string_view;
inline constexpr sv ctx_gi_v[] = {"github", "inputs", "vars"};
inline constexpr sv ctx_gsiv[] = {"github", "secrets", "inputs", "vars"};
inline constexpr sv ctx_gjvi[] = {"github", "jobs", "vars", "inputs"};
inline constexpr sv ctx_gnvi[] = {"github", "needs", "vars", "inputs"};
inline constexpr sv ctx_job_plain[] = {"github", "needs", "strategy", "matrix", "vars", "inputs"};
inline constexpr sv ctx_job_env[] = {"github", "needs",   "strategy", "matrix",
                                     "vars",   "secrets", "inputs"};
inline constexpr sv ctx_defaults_run[] = {"github", "needs", "strategy", "matrix",
                                          "env",    "vars",  "inputs"};
inline constexpr sv ctx_env_url[] = {"github", "needs", "strategy", "matrix", "job",
                                     "runner", "env",   "vars",     "steps",  "inputs"};
inline constexpr sv ctx_outputs[] = {"github", "needs", "strategy", "matrix", "job",   "runner",
                                     "env",    "vars",  "secrets",  "steps",  "inputs"};
inline constexpr sv ctx_credentials[] = {"github", "needs", "strategy", "matrix",
                                         "env",    "vars",  "secrets",  "inputs"};
inline constexpr sv ctx_container_env[] = {"github", "needs", "strategy", "matrix",  "job",
                                           "runner", "env",   "vars",     "secrets", "inputs"};
inline constexpr sv ctx_with[] = {"github", "needs", "strategy", "matrix", "inputs", "vars"};
inline constexpr sv ctx_secrets[] = {"github",  "needs",  "strategy", "matrix",
                                     "secrets", "inputs", "vars"};
inline constexpr sv ctx_step_if[] = {"github", "needs", "strategy", "matrix", "job",
                                     "runner", "env",   "vars",     "steps",  "inputs"};
}  // namespace detail

/// The table, in the order of GitHub's documentation.
inline constexpr key_availability availability_table[] = {
    {"run-name", detail::ctx_gi_v},
    {"concurrency", detail::ctx_gi_v},
    {"env", detail::ctx_gsiv},
    {"on.workflow_call.inputs.<id>.default", detail::ctx_gi_v},
    {"on.workflow_call.outputs.<id>.value", detail::ctx_gjvi},
    {"jobs.<id>.if", detail::ctx_gnvi, true},
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

/// Compile options for `key`: its contexts and functions; an unknown key allows nothing.
inline compile_options options_for_key(std::string_view key) {
  compile_options o;
  o.status_functions = false;
  o.hash_files = false;
  if (const key_availability* k = allowed_contexts(key)) {
    for (std::string_view c : k->contexts) o.contexts.emplace_back(c);
    o.status_functions = k->status_functions;
    // Only a job-level `if:` passes job names to success() and failure().
    o.status_function_args = key == "jobs.<id>.if";
    o.hash_files = k->hash_files;
  }
  return o;
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
