/// @file contexts.hpp
/// The contexts an expression reads, typed from the workflow itself, and the defects GitHub
/// accepts but runs into (warnings, docs/lint.md "Semantic checks"):
///
/// - PW0910: a property that cannot exist: `steps.<id>` (ids of the job's steps that ran
///   before), `needs.<id>` (the job's direct needs), `.outputs.<name>` of a need (its
///   declared outputs), `matrix.<key>` (the axes and include keys of a matrix written
///   without `${{ }}`), `inputs.<name>` (declared `workflow_dispatch` / `workflow_call`
///   inputs), `jobs.<id>` in `on.workflow_call.outputs`, and the documented properties of
///   `github`, `runner`, `job` and `strategy` (semantics/contexts.hpp). Open, never
///   reported: `env`, `vars`, `secrets` (PW0909 checks the last two against a list),
///   `github.event`, the outputs of steps (but those of a step that uses a local action
///   whose metadata the caller's model::action_lookup knows: its declared outputs), a
///   matrix built by an expression, anything read with a computed key or `.*`.
/// - PW0911: `needs.<id>` of a job of the workflow that is not in this job's `needs:`.
/// - PW0912: `steps.<id>` of a step of the same job that has not run yet.
/// - PW0913: an `if:` with text outside its `${{ }}`: GitHub makes it a format() string,
///   which is always true.
/// - PW0914: a matrix `exclude` entry that matches no combination.
/// - PW0915: the `::set-output`, `::save-state`, `::set-env` or `::add-path` workflow
///   commands in a `run:` script.
/// - PW0916: an `==` that is always false (`!=` always true): one side can only take values
///   the workflow decides (a literal; a `number`, `boolean` or `choice` input; a result or
///   `job.status`; `runner.os`, `runner.arch`; `github.event_name` of a workflow that cannot
///   be called; a static matrix key; a Boolean function or comparison), and by
///   expr::loose_equals none of them equals any value of the other side.
/// - PW0917: a call that fails whenever it runs, decided by its literal text alone:
///   `fromJSON('...')` of a literal that is not JSON, `format('...', ...)` whose literal
///   format string is invalid or names more arguments than it is given (its arguments only
///   literals or property reads, which cannot fail). The evaluator itself decides.
///
/// The check reads the loaded document (every string, as check/names.hpp does) for the
/// expressions and their places, and the model read from it for steps, needs and matrices.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/graph/resolve.hpp"
#include "pipewright/model/action.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/value/document.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

namespace detail {

/// The tokens of a JSON pointer, unescaped, into `out` (its strings reused: called for every
/// string of a document, it allocates only while the tokens grow).
PIPEWRIGHT_DECL void pointer_tokens(std::string_view pointer, std::vector<std::string>& out);

/// The jobs of a workflow by id, ignoring case: the answers of model::workflow::find_job
/// (the first job spelled so wins) without its scan of every job, for the checks that look a
/// job up for each string or expression. The workflow must outlive it and not change.
class job_finder {
 public:
  explicit job_finder(const model::workflow& wf) : jobs_(wf.jobs) {
    ids_.reserve(jobs_.size());
    first_.reserve(jobs_.size());
    for (std::size_t k = 0; k < jobs_.size(); ++k) {
      bool added = false;
      ids_.intern(jobs_[k].id, added);
      if (added) first_.push_back(k);
    }
  }

  /// The first job whose id equals `id` ignoring case, or nullptr.
  [[nodiscard]] const model::job* find(std::string_view id) const noexcept {
    const graph::vertex v = ids_.find(id);
    return v == graph::name_interner::npos ? nullptr : &jobs_[first_[v]];
  }

 private:
  const std::vector<model::job>& jobs_;
  graph::name_interner ids_;
  std::vector<std::size_t> first_;  ///< by interned id: the index of its first job
};

}  // namespace detail

/// The semantic checks (PW0910-PW0917, warnings) of the workflow `wf` read from the loaded
/// document `doc` of text `source`. docs/lint.md says what each one knows. With `actions`,
/// the outputs of a step that uses a local action it knows are that action's declared ones.
PIPEWRIGHT_DECL std::vector<diagnostic> check_contexts(const document& doc, std::string_view source,
                                                       const model::workflow& wf,
                                                       const model::action_lookup& actions = {});

/// The semantic checks (PW0910, PW0912, PW0913, PW0915) of an action's metadata `a`, read
/// from `doc` of text `source`, with the action's own contexts: `inputs` its inputs, `steps`
/// its composite steps (the outputs' `value` after them all), `github`, `runner`, `job` and
/// `strategy` their documented properties; `matrix` and `env` are open (the caller's job
/// decides them). With `actions`, the outputs of a step that uses a local action it knows
/// are that action's declared ones.
PIPEWRIGHT_DECL std::vector<diagnostic> check_action_contexts(
    const document& doc, std::string_view source, const model::action& a,
    const model::action_lookup& actions = {});

}  // namespace lint
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/contexts_impl.hpp"
#endif
