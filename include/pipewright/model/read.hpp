/// @file read.hpp
/// Reading a value tree (with its source_map) into a model::workflow, with the reader's
/// diagnostics: the schema's structural errors (schema.hpp), `${{ }}` errors located in the
/// file, and the rules of one node that are not schema-shaped (job and step ids, `uses`
/// syntax, runs-on groups, empty matrix vectors, env names, shells, limits).
///
/// The checks that need a stage above model (`on:` through the trigger stage, the `needs`
/// graph, matrix exclude keys) live in check/workflow.hpp. The reader calls them through
/// read_hooks, at the place GitHub's parser reports them; check::read_workflow supplies them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/model/schema.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {

/// pipewright's default limit on jobs per workflow (GitHub's limit is not public).
inline constexpr std::size_t default_max_jobs = 1000;
/// pipewright's default limit on the entries of one job's `needs` (GitHub has none public).
inline constexpr std::size_t default_max_needs = 256;

/// Where the reader hands over to the checks of the stages above it (check/workflow.hpp),
/// each at the moment GitHub's parser makes it, so diagnostics keep GitHub's order. Every
/// hook appends to `out`, the diagnostics so far. The defaults do nothing: the reader
/// alone makes no cross-stage check.
class read_hooks {
 public:
  read_hooks() = default;
  read_hooks(const read_hooks&) = default;
  read_hooks& operator=(const read_hooks&) = default;
  virtual ~read_hooks() = default;
  /// After `on:` (node `n`) is read.
  virtual void on(const value& /*on*/, const source_map& /*map*/, source_map::node_id /*n*/,
                  std::vector<diagnostic>& /*out*/) const {}
  /// After a literal `strategy.matrix` mapping (node `n`) is read.
  virtual void matrix(const object& /*matrix*/, const source_map& /*map*/,
                      source_map::node_id /*n*/, std::vector<diagnostic>& /*out*/) const {}
  /// After every job of a `jobs:` mapping is read into `w`.
  virtual void jobs(const workflow& /*w*/, std::vector<diagnostic>& /*out*/) const {}
};

/// Options of read().
struct read_options {
  /// Most jobs a workflow may have (PW0413); 0 for no limit.
  std::size_t max_jobs = default_max_jobs;
  /// Most entries in one job's `needs` (PW0705); 0 for no limit.
  std::size_t max_needs = default_max_needs;
  schema::validate_options validate{};
  /// The cross-stage checks to run while reading (check::read_workflow sets GitHub's);
  /// none when null. Not owned.
  const read_hooks* hooks = nullptr;
};

/// A workflow and every diagnostic found while reading it. The workflow holds whatever
/// could be read even when there are errors.
struct read_report {
  model::workflow workflow;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

namespace detail {

/// The message for an invalid id, or empty when `id` is valid (semantics::check_id).
PIPEWRIGHT_DECL std::string id_problem(std::string_view id);

/// Builds GitHub's generated step ids (defined in model/read_impl.hpp).
class id_builder;

/// The base of a generated step id for `uses` (GitHub's createActionStepId).
PIPEWRIGHT_DECL std::string action_step_id(std::string_view uses);

/// Converts a validated value tree into the model; adds the non-schema diagnostics.
class converter {
 public:
  /// `cache`: templates the schema validator compiled, reused instead of compiling again.
  converter(const source_map& map, std::string_view source, std::vector<diagnostic>& out,
            schema::template_cache* cache = nullptr,
            const std::vector<expr::user_function>* functions = nullptr)
      : map_(map), source_(source), out_(out), cache_(cache), functions_(functions) {}

  workflow convert(const value& root, source_map::node_id rn, const read_options& options);

  /// A scalar (node `n`) as a template_value whose `${{ }}` may use `c`.
  template_value scalar(const value& v, source_map::node_id n, schema::context_set c) {
    return tv(v, n, c);
  }
  /// A mapping of scalars (node `n`: `env`, `with`) whose `${{ }}` may use `c`.
  template_map mapping(const value& v, source_map::node_id n, schema::context_set c) {
    return tmap(v, n, c);
  }
  /// A sequence of steps (node `n`: a job's `steps`, a composite action's `runs.steps`), with
  /// their ids checked and generated as GitHub does.
  std::vector<step> steps(const value& x, source_map::node_id n);

 private:
  void error(std::string_view code, std::string message, source_span span) {
    out_.push_back(make_error(code, std::move(message), span));
  }

  template_value tv(const value& v, source_map::node_id n, schema::context_set c);

  located_string ls(const value& v, source_map::node_id n) {
    return located_string{schema::literal_text(v), map_.span(n)};
  }

  template_map tmap(const value& v, source_map::node_id n, schema::context_set c);

  /// Environment variable names with `=` or whitespace (PW0427, a warning: GitHub accepts
  /// the file, but no process can be given such a variable).
  void check_env_names(const template_map& env);

  /// A `shell` the runner does not know (PW0428, a warning: GitHub accepts the file; the step
  /// fails when it runs).
  void check_shell(const template_value& shell);

  condition read_if(const value& v, source_map::node_id n, schema::context_set c);

  std::optional<defaults> read_defaults(const value& v, source_map::node_id n,
                                        schema::context_set c);

  std::optional<permissions> read_permissions(const value& v, source_map::node_id n);

  std::optional<concurrency> read_concurrency(const value& v, source_map::node_id n,
                                              schema::context_set c);

  source_map::node_id child_of(const value& obj, source_map::node_id n, std::string_view key);

  void read_jobs(workflow& w, const value& v, source_map::node_id n, const read_options& options);

  job read_job(const std::string& id, const value& v, source_map::node_id n);

  runs_on read_runs_on(const value& x, source_map::node_id c);

  void check_group(std::string_view group, source_span span);

  strategy read_strategy(const value& x, source_map::node_id c);

  container read_container(std::string name, const value& x, source_map::node_id c);

  static void generate_id(step& s, id_builder& ids);

  step read_step(const value& x, source_map::node_id n, id_builder& ids);

  const source_map& map_;
  std::string_view source_;
  std::vector<diagnostic>& out_;
  schema::template_cache* cache_ = nullptr;
  const std::vector<expr::user_function>* functions_ = nullptr;
  const read_hooks* hooks_ = nullptr;
};

}  // namespace detail

/// Reads `root` (a value tree; `map` gives its spans in `source`, both may be empty) into a
/// workflow, collecting the reader's diagnostics and those of `options.hooks`. Never throws
/// on bad input. check::read_workflow (check/workflow.hpp) adds GitHub's cross-stage checks.
PIPEWRIGHT_DECL read_report read_workflow(const value& root, const source_map& map,
                                          std::string_view source = {},
                                          const read_options& options = {});

/// Reads `root` into a workflow: the workflow (with any warnings), or every diagnostic.
PIPEWRIGHT_DECL result<workflow> read(const value& root, const source_map& map = {},
                                      std::string_view source = {},
                                      const read_options& options = {});

}  // namespace model
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/model/read_impl.hpp"
#endif
