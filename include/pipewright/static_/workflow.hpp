/// @file workflow.hpp
/// Compile-time pipelines: `workflow` (checked when it is constructed) and `basic_workflow`
/// (checked only by validate()), with their graph and matrix figures as constants.
///
/// ```cpp
/// constexpr auto ci = workflow{"CI", on::push{"main"}, job{...}, job{...}};
/// static_assert(ci.waves().size() == 2);
/// static_assert(ci.total_legs() == 3);
/// static_assert(validate(basic_workflow{"bad", job{"a",
/// needs{"b"}}}).has(problem_kind::unknown_needs));
/// ```
///
/// A `workflow` whose definition has a problem does not compile: its `consteval` constructor
/// calls a function of `static_::error` named after the problem (the compiler prints that
/// name), through a `report_…` function whose arguments (job ids, the column of an
/// expression error) clang prints in its "in call to" note.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/graph/algorithms.hpp"
#include "pipewright/static_/analysis.hpp"
#include "pipewright/static_/definition.hpp"

namespace pipewright {
inline namespace v0 {
namespace static_ {

/// Up to N job indices.
template <std::size_t N>
struct index_list {
  std::array<std::uint32_t, N> items{};
  std::size_t count = 0;

  [[nodiscard]] constexpr std::size_t size() const noexcept { return count; }
  [[nodiscard]] constexpr bool empty() const noexcept { return count == 0; }
  [[nodiscard]] constexpr std::uint32_t operator[](std::size_t i) const noexcept {
    return items[i];
  }
  [[nodiscard]] constexpr const std::uint32_t* begin() const noexcept { return items.data(); }
  [[nodiscard]] constexpr const std::uint32_t* end() const noexcept { return items.data() + count; }
};

/// Jobs grouped into waves (Kahn levels); `size()` is the number of waves.
template <std::size_t N>
struct wave_list {
  std::array<std::uint32_t, N> order{};
  std::array<std::uint32_t, N + 1> starts{};
  std::size_t count = 0;

  [[nodiscard]] constexpr std::size_t size() const noexcept { return count; }
  /// The job indices of wave `k`, in declaration order.
  [[nodiscard]] constexpr std::span<const std::uint32_t> operator[](std::size_t k) const noexcept {
    return {order.data() + starts[k], order.data() + starts[k + 1]};
  }
};

/// The critical path: its length and its jobs.
template <std::size_t N>
struct path_result {
  double length = 0;
  index_list<N> jobs{};
};

namespace error {
// Called (never at run time) when a `workflow` does not check out; the compiler's message
// names the function, so each name states the problem.
inline void needs_names_an_unknown_job() {}
inline void needs_form_a_cycle() {}
inline void duplicate_job_id() {}
inline void invalid_job_id() {}
inline void job_has_neither_steps_nor_uses() {}
inline void job_has_no_runs_on() {}
inline void expression_syntax_error() {}
inline void expression_context_not_allowed_here() {}
inline void expression_too_large() {}
inline void expression_calls_an_unknown_function() {}
inline void expression_calls_a_function_with_a_wrong_number_of_arguments() {}
inline void matrix_has_too_many_legs() {}
inline void matrix_axis_is_empty() {}
inline void matrix_too_large_to_count() {}
inline void matrix_exclude_names_an_unknown_axis() {}
inline void workflow_has_no_jobs() {}
inline void event_has_a_filter_and_its_ignore_twin() {}
// g++ does not print the arguments of the calls above, but it prints an out-of-bounds index
// and the array's name: these arrays carry the column of an expression error and a
// matrix's leg count into g++'s message.
inline constexpr char expression_syntax_error_at_column[1] = {};
inline constexpr char expression_context_not_allowed_at_column[1] = {};
inline constexpr char expression_calls_an_unknown_function_at_column[1] = {};
inline constexpr char expression_calls_a_function_with_a_wrong_number_of_arguments_at_column[1] =
    {};
inline constexpr char matrix_legs_over_the_limit[1] = {};
// g++ does not print string arguments either, but it prints both operands of a pointer
// subtraction that is not a constant expression: subtracting the ids of two jobs of a cycle
// names them in g++'s error, under a note naming this function.
inline constexpr char the_job_itself[] = "(itself)";
constexpr std::ptrdiff_t needs_form_a_cycle_through(const char* first_job,
                                                    const char* second_job) noexcept {
  return first_job - second_job;  // not a constant expression: two different strings
}
}  // namespace error

namespace detail {

// Each report_ function is constexpr and takes the details as arguments so that clang's
// "in call to" note shows them; `failed` is always true when called.
constexpr void report_unknown_needs(bool failed, [[maybe_unused]] std::string_view job,
                                    [[maybe_unused]] std::string_view need) {
  if (failed) error::needs_names_an_unknown_job();
}
constexpr void report_cycle(bool failed, [[maybe_unused]] std::string_view first_job,
                            [[maybe_unused]] std::string_view second_job,
                            [[maybe_unused]] std::string_view third_job,
                            [[maybe_unused]] std::uint32_t cycle_length) {
  if (!failed) return;
#if !defined(__clang__)
  [[maybe_unused]] const std::ptrdiff_t names = error::needs_form_a_cycle_through(
      first_job.data(), cycle_length > 1 ? second_job.data() : error::the_job_itself);
#endif
  error::needs_form_a_cycle();
}
constexpr void report_job(bool failed, problem_kind kind, [[maybe_unused]] std::string_view job) {
  if (!failed) return;
  switch (kind) {
    case problem_kind::duplicate_job: error::duplicate_job_id(); break;
    case problem_kind::invalid_job_id: error::invalid_job_id(); break;
    case problem_kind::no_steps: error::job_has_neither_steps_nor_uses(); break;
    default: error::job_has_no_runs_on(); break;
  }
}
constexpr void report_expression(bool failed, problem_kind kind,
                                 [[maybe_unused]] std::string_view job,
                                 [[maybe_unused]] std::string_view field,
                                 [[maybe_unused]] std::string_view text,
                                 [[maybe_unused]] std::uint32_t column) {
  if (!failed) return;
#if !defined(__clang__)
  if (kind == problem_kind::context_not_allowed) {
    [[maybe_unused]] const char read = error::expression_context_not_allowed_at_column[column];
  } else if (kind == problem_kind::expression_syntax) {
    [[maybe_unused]] const char read = error::expression_syntax_error_at_column[column];
  }
#endif
  switch (kind) {
    case problem_kind::context_not_allowed: error::expression_context_not_allowed_here(); break;
    case problem_kind::expression_too_large: error::expression_too_large(); break;
    default: error::expression_syntax_error(); break;
  }
}
/// True for the parse errors of a function call: an unknown name or a wrong argument count.
constexpr bool is_call_error(pipewright::expr::parse_error_kind e) noexcept {
  using pipewright::expr::parse_error_kind;
  return e == parse_error_kind::unrecognized_function ||
         e == parse_error_kind::too_few_parameters || e == parse_error_kind::too_many_parameters ||
         e == parse_error_kind::even_parameters;
}
constexpr void report_function_call(bool failed, pipewright::expr::parse_error_kind error,
                                    [[maybe_unused]] std::string_view job,
                                    [[maybe_unused]] std::string_view field,
                                    [[maybe_unused]] std::string_view text,
                                    [[maybe_unused]] std::uint32_t column) {
  if (!failed) return;
  if (error == pipewright::expr::parse_error_kind::unrecognized_function) {
#if !defined(__clang__)
    [[maybe_unused]] const char read =
        error::expression_calls_an_unknown_function_at_column[column];
#endif
    error::expression_calls_an_unknown_function();
  } else {
#if !defined(__clang__)
    [[maybe_unused]] const char read =
        error::expression_calls_a_function_with_a_wrong_number_of_arguments_at_column[column];
#endif
    error::expression_calls_a_function_with_a_wrong_number_of_arguments();
  }
}
constexpr void report_matrix(bool failed, problem_kind kind, [[maybe_unused]] std::string_view job,
                             [[maybe_unused]] std::string_view axis,
                             [[maybe_unused]] std::uint64_t legs) {
  if (!failed) return;
#if !defined(__clang__)
  if (kind == problem_kind::matrix_too_many_legs) {
    [[maybe_unused]] const char read = error::matrix_legs_over_the_limit[legs];
  }
#endif
  switch (kind) {
    case problem_kind::matrix_too_many_legs: error::matrix_has_too_many_legs(); break;
    case problem_kind::matrix_empty_axis: error::matrix_axis_is_empty(); break;
    case problem_kind::matrix_too_large: error::matrix_too_large_to_count(); break;
    default: error::matrix_exclude_names_an_unknown_axis(); break;
  }
}
constexpr void report_no_jobs(bool failed) {
  if (failed) error::workflow_has_no_jobs();
}
constexpr void report_filter_conflict(bool failed, [[maybe_unused]] std::string_view event,
                                      [[maybe_unused]] std::string_view filter) {
  if (failed) error::event_has_a_filter_and_its_ignore_twin();
}

/// Fails constant evaluation on the first problem `a` found.
constexpr void enforce(const analysis& a) {
  const report& r = a.problems;
  if (r.ok()) return;
  const std::vector<job_view>& jobs = a.jobs;
  const problem& p = r[0];
  auto job_id = [&jobs](std::uint32_t j) {
    return j < jobs.size() ? jobs[j].id : std::string_view{};
  };
  switch (p.kind) {
    case problem_kind::no_jobs: report_no_jobs(true); break;
    case problem_kind::filter_conflict: report_filter_conflict(true, p.text, p.entry); break;
    case problem_kind::unknown_needs: report_unknown_needs(true, job_id(p.job), p.text); break;
    case problem_kind::cycle:
      report_cycle(true, job_id(p.cycle[0]), p.cycle_length > 1 ? job_id(p.cycle[1]) : "",
                   p.cycle_length > 2 ? job_id(p.cycle[2]) : "", p.cycle_length);
      break;
    case problem_kind::duplicate_job:
    case problem_kind::invalid_job_id:
    case problem_kind::no_steps:
    case problem_kind::no_runs_on: report_job(true, p.kind, job_id(p.job)); break;
    case problem_kind::expression_syntax:
    case problem_kind::context_not_allowed:
    case problem_kind::expression_too_large:
      if (p.kind == problem_kind::expression_syntax && is_call_error(p.parse_error)) {
        report_function_call(true, p.parse_error, job_id(p.job), p.field, p.text, p.column);
      } else {
        report_expression(true, p.kind, job_id(p.job), p.field, p.text, p.column);
      }
      break;
    default: report_matrix(true, p.kind, job_id(p.job), p.entry, p.count); break;
  }
}

constexpr std::uint32_t job_count(std::span<const item> items) noexcept {
  std::uint32_t n = 0;
  for (const item& i : items) n += i.kind == item_kind::job ? 1u : 0u;
  return n;
}

/// Legs of job `j` (1 without a matrix); 0 for an invalid index.
constexpr std::uint64_t legs_of(std::span<const item> items, std::uint32_t j) {
  const std::vector<job_view> jobs = jobs_of(items);
  if (j >= jobs.size()) return 0;
  return count_legs(matrix_of(items, jobs[j])).legs;
}

/// Legs that may run for `event`: jobs whose `if:` folds to false are skipped, and so are
/// jobs needing a skipped job unless their condition calls a status function.
constexpr std::uint64_t running_legs(std::span<const item> items, const event_info& event) {
  const std::vector<job_view> jobs = jobs_of(items);
  const static_graph g = graph_of(items, jobs);
  const graph::waves w = graph::topological_waves(g);
  std::vector<char> runs(jobs.size(), 0);
  std::vector<char> needs_ok(jobs.size(), 1);
  const std::vector<pipewright::expr::function_signature> hosts = host_signatures(items);
  std::uint64_t total = 0;
  for (const graph::vertex v : w.order) {
    std::string_view condition;
    for (std::uint32_t i = jobs[v].begin; i < jobs[v].end; ++i) {
      if (items[i].kind == item_kind::if_ && items[i].level == item_level::job) {
        condition = items[i].a;
      }
    }
    runs[v] = may_run(condition, event, needs_ok[v] != 0, hosts) ? 1 : 0;
    if (runs[v] != 0) total += count_legs(matrix_of(items, jobs[v])).legs;
    for (const graph::vertex t : g.successors(v)) {
      if (runs[v] == 0) needs_ok[t] = 0;
    }
  }
  return total;
}

}  // namespace detail

/// A workflow definition checked only by validate(); has the same queries as `workflow`.
/// N is the number of items, J the number of jobs (both deduced).
template <std::size_t N, std::size_t J>
struct basic_workflow : fragment<N> {
  template <class... P>
  constexpr explicit basic_workflow(std::string_view workflow_name, const P&... parts) noexcept {
    item marker = detail::make_item(item_kind::name, workflow_name);
    marker.level = item_level::workflow;
    this->put(marker);
    (this->put(parts, item_level::workflow), ...);
  }

  /// The items, in declaration order.
  [[nodiscard]] constexpr std::span<const item> definition() const noexcept { return this->items; }
  /// The workflow's `name:`.
  [[nodiscard]] constexpr std::string_view name() const noexcept { return this->items[0].a; }
  /// Number of jobs.
  [[nodiscard]] constexpr std::size_t job_count() const noexcept {
    return detail::job_count(definition());
  }
  /// The id of job `j` (declaration order).
  [[nodiscard]] constexpr std::string_view job_id(std::size_t j) const {
    const auto jobs = detail::jobs_of(definition());
    return j < jobs.size() ? jobs[j].id : std::string_view{};
  }
  /// The index of the job called `id` (ignoring case), or problem::none.
  [[nodiscard]] constexpr std::uint32_t job_index(std::string_view id) const {
    return detail::find_job(detail::jobs_of(definition()), id);
  }
  /// Jobs in a topological order (wave by wave); empty when the needs have a cycle.
  [[nodiscard]] constexpr index_list<J> topological_order() const {
    index_list<J> out;
    const auto jobs = detail::jobs_of(definition());
    for (const graph::vertex v : graph::topological_order(detail::graph_of(definition(), jobs))) {
      out.items[out.count++] = v;
    }
    return out;
  }
  /// The waves; only jobs not on or behind a cycle are placed.
  [[nodiscard]] constexpr wave_list<J> waves() const {
    wave_list<J> out;
    const auto jobs = detail::jobs_of(definition());
    const graph::waves w = graph::topological_waves(detail::graph_of(definition(), jobs));
    for (std::size_t i = 0; i < w.order.size(); ++i) out.order[i] = w.order[i];
    for (std::size_t k = 0; k < w.starts.size(); ++k) out.starts[k] = w.starts[k];
    out.count = w.wave_count();
    return out;
  }
  /// The longest path when job `j` takes `minutes[j]`. Precondition: one weight per job.
  [[nodiscard]] constexpr path_result<J> critical_path(std::span<const double> minutes) const {
    path_result<J> out;
    const auto jobs = detail::jobs_of(definition());
    const graph::critical_path_result r =
        graph::critical_path(detail::graph_of(definition(), jobs), minutes);
    out.length = r.length;
    for (const graph::vertex v : r.path) out.jobs.items[out.jobs.count++] = v;
    return out;
  }
  /// The longest path with weights given by job id; other jobs take `default_minutes`.
  template <std::size_t K>
  [[nodiscard]] constexpr path_result<J> critical_path(const weight (&by_id)[K],
                                                       double default_minutes = 1) const {
    const auto jobs = detail::jobs_of(definition());
    std::vector<double> minutes(jobs.size(), default_minutes);
    for (const weight& w : by_id) {
      const std::uint32_t j = detail::find_job(jobs, w.job);
      if (j != detail::npos) minutes[j] = w.minutes;
    }
    return critical_path(std::span<const double>(minutes));
  }
  /// The legs of the job called `id` (1 without a matrix, 0 for no such job).
  [[nodiscard]] constexpr std::uint64_t legs(std::string_view id) const {
    return detail::legs_of(definition(), job_index(id));
  }
  /// The legs of every job, without evaluating conditions.
  [[nodiscard]] constexpr std::uint64_t total_legs() const {
    std::uint64_t n = 0;
    for (const detail::job_view& j : detail::jobs_of(definition())) {
      n += detail::count_legs(detail::matrix_of(definition(), j)).legs;
    }
    return n;
  }
  /// The legs that may run for `event` (conditions folded where they only read
  /// `github.event_name`, `github.ref` and the like; unknown conditions count as running).
  [[nodiscard]] constexpr std::uint64_t total_legs(const event_info& event) const {
    return detail::running_legs(definition(), event);
  }
};
template <class... P>
basic_workflow(std::string_view, const P&...)
    -> basic_workflow<(std::size_t{1} + ... + detail::size_of<P>),
                      (std::size_t{0} + ... + detail::job_count_of<P>)>;

/// A workflow definition that is checked when it is constructed: a problem is a compile
/// error naming it (see the file comment). The checks compute the job graph, the waves and
/// the legs once; the queries read them back instead of analysing the definition again.
template <std::size_t N, std::size_t J>
struct workflow : basic_workflow<N, J> {
  template <class... P>
  consteval explicit workflow(std::string_view workflow_name, const P&... parts)
      : basic_workflow<N, J>(workflow_name, parts...) {
    const detail::analysis a = detail::analyse(this->definition());
    detail::enforce(a);
    const graph::waves w = graph::topological_waves(a.graph);
    for (std::size_t j = 0; j < a.jobs.size(); ++j) {
      job_items_[j] = a.jobs[j].begin;
      legs_[j] = a.legs[j];
      total_legs_ += a.legs[j];
      offsets_[j + 1] = a.graph.offsets[j + 1];
      waves_.order[j] = w.order[j];
    }
    for (std::size_t k = 0; k < w.starts.size(); ++k) waves_.starts[k] = w.starts[k];
    waves_.count = w.wave_count();
    for (std::size_t e = 0; e < a.graph.targets.size(); ++e) targets_[e] = a.graph.targets[e];
  }

  /// Number of jobs.
  [[nodiscard]] constexpr std::size_t job_count() const noexcept { return J; }
  /// The id of job `j` (declaration order).
  [[nodiscard]] constexpr std::string_view job_id(std::size_t j) const noexcept {
    return j < J ? this->items[job_items_[j]].a : std::string_view{};
  }
  /// The index of the job called `id` (ignoring case), or problem::none.
  [[nodiscard]] constexpr std::uint32_t job_index(std::string_view id) const noexcept {
    for (std::uint32_t j = 0; j < J; ++j) {
      if (detail::iequals(job_id(j), id)) return j;
    }
    return detail::npos;
  }
  /// Jobs in a topological order (wave by wave).
  [[nodiscard]] constexpr index_list<J> topological_order() const noexcept {
    index_list<J> out;
    out.items = waves_.order;
    out.count = J;
    return out;
  }
  /// The waves.
  [[nodiscard]] constexpr const wave_list<J>& waves() const noexcept { return waves_; }
  /// The longest path when job `j` takes `minutes[j]`. Precondition: one weight per job.
  [[nodiscard]] constexpr path_result<J> critical_path(std::span<const double> minutes) const {
    path_result<J> out;
    const graph::critical_path_result r = graph::critical_path(stored_graph{this}, minutes);
    out.length = r.length;
    for (const graph::vertex v : r.path) out.jobs.items[out.jobs.count++] = v;
    return out;
  }
  /// The longest path with weights given by job id; other jobs take `default_minutes`.
  template <std::size_t K>
  [[nodiscard]] constexpr path_result<J> critical_path(const weight (&by_id)[K],
                                                       double default_minutes = 1) const {
    std::array<double, J> minutes{};
    minutes.fill(default_minutes);
    for (const weight& w : by_id) {
      const std::uint32_t j = job_index(w.job);
      if (j != detail::npos) minutes[j] = w.minutes;
    }
    return critical_path(std::span<const double>(minutes));
  }
  /// The legs of the job called `id` (1 without a matrix, 0 for no such job).
  [[nodiscard]] constexpr std::uint64_t legs(std::string_view id) const noexcept {
    const std::uint32_t j = job_index(id);
    return j == detail::npos ? 0 : legs_[j];
  }
  /// The legs of every job, without evaluating conditions.
  [[nodiscard]] constexpr std::uint64_t total_legs() const noexcept { return total_legs_; }
  /// The legs that may run for `event` (see basic_workflow::total_legs(event)).
  [[nodiscard]] constexpr std::uint64_t total_legs(const event_info& event) const {
    return basic_workflow<N, J>::total_legs(event);
  }

 private:
  /// The stored job graph, as graph/ expects it.
  struct stored_graph {
    const workflow* w;
    [[nodiscard]] constexpr std::size_t vertex_count() const noexcept { return J; }
    [[nodiscard]] constexpr std::span<const std::uint32_t> successors(graph::vertex v) const {
      return {w->targets_.data() + w->offsets_[v], w->targets_.data() + w->offsets_[v + 1]};
    }
  };

  std::array<std::uint32_t, J> job_items_{};  ///< index of each job's item
  std::array<std::uint64_t, J> legs_{};
  std::uint64_t total_legs_ = 0;
  wave_list<J> waves_{};
  std::array<std::uint32_t, J + 1> offsets_{};  ///< the needs graph in CSR form
  std::array<std::uint32_t, N> targets_{};      ///< (fewer edges than items)
};
template <class... P>
workflow(std::string_view, const P&...)
    -> workflow<(std::size_t{1} + ... + detail::size_of<P>),
                (std::size_t{0} + ... + detail::job_count_of<P>)>;

/// Every problem of `def`, as a value (usable in `static_assert`).
template <std::size_t N, std::size_t J>
constexpr report validate(const basic_workflow<N, J>& def) {
  return detail::validate_items(def.definition());
}

}  // namespace static_
}  // namespace v0
}  // namespace pipewright
