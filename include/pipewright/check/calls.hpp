/// @file calls.hpp
/// Cross-file checks of reusable-workflow calls (`jobs.<id>.uses`): the called workflows are
/// fetched through a caller-supplied resolver and checked the way GitHub's parser does
/// (actions/runner WorkflowParser, ReusableWorkflowsLoader): inputs and secrets against
/// `on.workflow_call` (trigger::parse_on), the nesting depth, the permissions each called
/// workflow and job requests against what its caller allows, and the job limit counted
/// across files. The resolver, loader and options are model's (model/reusable.hpp).
///
/// The core takes a `loader` that turns YAML text into a read_report, so this header needs
/// no YAML library; `yaml::check_calls()` (yaml/workflow.hpp) supplies the YAML one.
///
/// Diagnostics: PW0413 (job limit across files), PW0416–PW0425 (docs/errors.md). An error
/// about a call in a called file is anchored at the root job that leads to it, with a note
/// naming the called file, line and column.
#pragma once

#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/reusable.hpp"
#include "pipewright/model/workflow.hpp"

namespace pipewright {
inline namespace v0 {
namespace check {

/// Checks the reusable-workflow calls of `root` (read from `root_text`) against the called
/// workflows: `resolve` finds each one's YAML text, `load` reads it. Calls whose `uses` is
/// an expression, or that `resolve` cannot find, are skipped (PW0424 notes with
/// `note_unresolved`). Each distinct `uses` is resolved and read once; calls nest to
/// `max_depth` levels, so cycles of calls end with PW0421.
///
/// Diagnostics: PW0413, PW0416–PW0425. Spans are offsets into `root_text`.
PIPEWRIGHT_DECL std::vector<diagnostic> calls(const model::workflow& root,
                                              std::string_view root_text,
                                              const model::workflow_resolver& resolve,
                                              const model::workflow_loader& load,
                                              const model::call_options& options = {});

}  // namespace check
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/calls_impl.hpp"
#endif
