/// @file argo.hpp
/// Exports a plan as an Argo Workflows `Workflow` (argoproj.io/v1alpha1): one DAG task per
/// job, GitHub's status rules as `depends` expressions, matrix jobs as a steps wrapper over
/// their legs, each leg a pod that runs `pipewright run --leg`. Every feature Argo cannot
/// express is a diagnostic (PW11xx, docs/errors.md); the mapping is in docs/export.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

/// Where the legs of one `runs-on` label run.
struct argo_runner {
  std::string label;  ///< the `runs-on` label (compared ignoring case)
  std::string image;  ///< the leg pod's image; empty: argo_options::image
  std::vector<std::pair<std::string, std::string>> node_selector;  ///< the pod's nodeSelector
  /// A key of argo_options::pool_config_map: the legs take that semaphore (a runner pool).
  std::string pool;
};

/// What argo() needs besides the plan.
struct argo_options {
  /// The leg pods' image: it must hold `pipewright` (the leg runner) and `sh`.
  std::string image = "pipewright:latest";
  /// The user's runner map; a label it does not name falls back to the defaults (Linux and
  /// Windows labels to `kubernetes.io/os`) when `default_runners`, else PW1111.
  std::vector<argo_runner> runners{};
  bool default_runners = true;
  /// The ConfigMap whose keys are the runner pools' sizes (argo_runner::pool).
  std::string pool_config_map = "pipewright-runners";
  /// The workflow's text: when set, it is the workflow parameter `pw-workflow` (base64) and
  /// every leg pod decodes it to `/pw/workflow.yml` (with `sh` and `base64`); else the image
  /// must hold that file.
  std::string workflow_text{};
  /// Arguments that give `pipewright run` the plan's event (`--event push --ref …`).
  std::vector<std::string> runner_arguments{};
  /// The event's webhook payload (JSON text), when the plan was made from one: parameter
  /// `pw-payload` (base64), decoded to `/pw/payload.json` for `--payload /pw/payload.json`.
  std::string payload_text{};
  /// Adds `onExit`: a pod that fails the run when a task failed, so that the run's phase is
  /// GitHub's conclusion (Argo decides it from the leaf tasks only).
  bool exit_handler = true;
  /// metadata.generateName without the trailing `-`; empty: from the workflow's name.
  std::string name{};
};

/// An exported workflow.
struct argo_workflow {
  value manifest;                       ///< the `Workflow` resource
  std::vector<std::string> task_names;  ///< per job (plan order): its DAG task's name
  std::vector<std::string> depends;     ///< per job: its task's `depends` ("" for none)
  std::vector<bool> when_false;         ///< per job: whether its task has `when: "false"`
  std::vector<diagnostic> diagnostics;  ///< the lossy mappings (PW11xx warnings)
};

/// The exit handler's script: `{{workflow.failures}}` is a JSON list of the failed nodes,
/// `null` when none failed (the controller may also quote it); any failed node fails the run.
inline constexpr std::string_view argo_exit_script =
    "f=$(printf '%s' \"$PW_FAILURES\" | tr -d '\"[:space:]'); "
    "case \"$f\" in ''|null|'[]') exit 0 ;; esac; "
    "echo \"failed: $PW_FAILURES\"; exit 1";

/// Argo's limit on DAG tasks and templates in its full CRDs (PW1115 beyond it).
inline constexpr std::size_t argo_max_items = 200;
/// Longest task name Argo accepts; names are cut to leave room for template prefixes.
inline constexpr std::size_t argo_max_task_name = 120;
/// `activeDeadlineSeconds` of a gate pod (it only evaluates an `if:`).
inline constexpr long long argo_gate_deadline = 600;
namespace detail {

/// `data` in base64 (RFC 4648, with padding).
PIPEWRIGHT_DECL std::string argo_base64(std::string_view data);

}  // namespace detail

/// The plan of `wf` for one event (make_plan()'s result) as an Argo `Workflow`. Fails with
/// PW1100 when the workflow does not run for the event, its needs graph is invalid or the
/// plan has the jobs of called workflows;
/// otherwise succeeds, with a PW11xx warning for every feature the export does not keep.
PIPEWRIGHT_DECL result<argo_workflow> argo(const model::workflow& wf, const schedule::plan& p,
                                           const argo_options& options = {});

}  // namespace export_
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/export/argo_impl.hpp"
#endif
