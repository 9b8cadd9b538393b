/// @file workflow.hpp
/// GitHub's checks of a workflow that need more than the model stage: the `on:` block
/// (cron syntax, filter conflicts, and the trigger stage's trigger::parse_on), matrices
/// (`exclude` keys; a matrix without `${{ }}` goes through matrix::compile: no vector, empty
/// include or exclude entries, more legs than GitHub runs), and the `needs` graph
/// (graph::resolve: unknown jobs, cycles, no start job).
///
/// check::read_workflow is the reader with these checks, in the order GitHub's parser
/// reports them (model::read_hooks); check::workflow runs them on a workflow already read or
/// built in C++. Diagnostics: PW0408, PW0409, PW05xx (trigger), PW06xx (matrices),
/// PW07xx (needs); docs/errors.md.
#pragma once

#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace check {

/// True when `cron` is a valid five-field schedule as GitHub accepts it (SEMANTICS §6.7).
PIPEWRIGHT_DECL bool valid_cron(std::string_view cron) noexcept;

/// GitHub's checks of `on:` (node `n`): cron syntax (PW0408), `x` with `x-ignore` (PW0409),
/// then the trigger stage's (detail::triggers). Appends to `out`; nothing for a non-mapping.
PIPEWRIGHT_DECL void on(const value& on, const source_map& map, source_map::node_id n,
                        std::vector<diagnostic>& out);

/// GitHub's rule for a literal matrix: every key of an `exclude` entry names a vector
/// (case-insensitive); `include` entries may add keys.
PIPEWRIGHT_DECL void exclude_keys(const object& m, const source_map& map, source_map::node_id mn,
                                  std::vector<diagnostic>& out);

/// GitHub's rules for a literal matrix (node `mn`) that holds no `${{ }}`: matrix::compile,
/// the matrix stage's own validation and leg count, with GitHub's limits and equality. So
/// `lint` reports what `plan` would: no vector (PW0604), an empty include or exclude entry
/// (PW0606, PW0608), more legs than GitHub runs (PW0610, 256) or a cross product past its
/// 32-bit count (PW0611). GitHub checks a matrix with expressions when it runs the job, so
/// such a matrix is left to the planner. A problem already reported at the same place (the
/// schema's type errors, the reader's empty vectors) is not reported twice; PW0609 is
/// exclude_keys'.
PIPEWRIGHT_DECL void static_matrix(const object& m, const source_map& map, source_map::node_id mn,
                                   std::vector<diagnostic>& out);

/// The `needs` graph of `w`'s jobs (graph::resolve): no start job, duplicate ids, unknown
/// jobs, cycles (PW07xx), located at the `needs` entries. Appends to `out`.
PIPEWRIGHT_DECL void needs(const model::workflow& w, std::vector<diagnostic>& out);

/// GitHub's checks as model::read_hooks, for model::read_workflow.
class reader_hooks final : public model::read_hooks {
 public:
  void on(const value& v, const source_map& map, source_map::node_id n,
          std::vector<diagnostic>& out) const override {
    check::on(v, map, n, out);
  }
  void matrix(const object& m, const source_map& map, source_map::node_id n,
              std::vector<diagnostic>& out) const override {
    exclude_keys(m, map, n, out);
    static_matrix(m, map, n, out);
  }
  void jobs(const model::workflow& w, std::vector<diagnostic>& out) const override {
    needs(w, out);
  }
};

/// Reads `root` into a workflow with every diagnostic: model::read_workflow with GitHub's
/// cross-stage checks, each reported where GitHub's parser reports it. This is what
/// yaml::load_workflow, the engine and static_ call. `options.hooks` is replaced.
PIPEWRIGHT_DECL model::read_report read_workflow(const value& root, const source_map& map,
                                                 std::string_view source = {},
                                                 model::read_options options = {});

/// check::read_workflow as a result: the workflow (with any warnings), or every diagnostic.
PIPEWRIGHT_DECL result<model::workflow> read(const value& root, const source_map& map = {},
                                             std::string_view source = {},
                                             const model::read_options& options = {});

/// The cross-stage checks of a workflow already read (without hooks) or built in C++: `on:`,
/// then each job's literal matrix (exclude_keys, static_matrix), then `needs`. `map` gives the
/// spans of a read workflow.
PIPEWRIGHT_DECL std::vector<diagnostic> workflow(const model::workflow& w,
                                                 const source_map& map = {});

/// What model::workflow_builder::check() runs: invalid job ids, a missing `runs-on`, then
/// the `needs` graph.
struct builder_check {
  [[nodiscard]] PIPEWRIGHT_DECL result<model::workflow> operator()(model::workflow w) const;
};

}  // namespace check
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/check/workflow_impl.hpp"
#endif
