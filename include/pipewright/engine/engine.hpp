/// @file engine.hpp
/// The engine a build tool embeds: `basic_engine<Policies>` strings the stages together —
/// load, read, check reusable calls, plan, simulate, run — with every stage's policy chosen
/// by one bundle. `github_policies` is what GitHub does; a host derives from it and replaces
/// what it brings (its own loader, functions, workspace, scheduling order, billing,
/// observer, executor). Each policy is checked where the bundle is named, with a message in
/// plain English (docs/engine.md).
///
/// A thin template over the stages' non-template entry points: the engine erases its
/// policies into the options those take (`plan_options::compile_matrix`, `functions`,
/// `hash_files`; `simulate_options::before`, `minute_multiplier`, `observer`), so only the
/// matrix equality and limit are instantiated per bundle.
#pragma once

#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pipewright/check/calls.hpp"
#include "pipewright/check/workflow.hpp"
#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/reusable.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/callback.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/policies.hpp"
#include "pipewright/schedule/simulate.hpp"
#include "pipewright/value/document.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace engine {

// ---------------------------------------------------------------------------------------------
// The concepts, one per policy

/// A document loader: text to a value tree with its source map.
template <class L>
concept document_loader = std::default_initializable<L> &&
    requires(const L& l, std::string_view text) {
  { l.load(text) } -> std::same_as<result<document>>;
};

/// A function set: functions added to GitHub's built-ins in every expression.
template <class F>
concept function_set = std::default_initializable<F> && requires(const F& f) {
  { f.functions() } -> std::convertible_to<std::vector<expr::user_function>>;
};

/// A function set that also lists its functions at compile time (`static_` checks
/// expressions calling them): `static constexpr std::array<expr::function_signature, N>
/// signatures`, whose names are identifiers, not a built-in's, unique (ignoring case), with
/// min_args <= max_args. Its functions() should be `expr::make_functions(signatures, ...)`;
/// the engine reports any difference (PW0221).
template <class F>
concept listed_function_set = function_set<F> && expr::listed_function_set<F>;

/// A workspace: hashFiles() over the host's files, and the text of the workflows that
/// `uses: ./.github/workflows/…` names.
template <class W>
concept workspace = requires(const W& w, std::span<const std::string> patterns, bool follow,
                             std::string_view uses) {
  { w.hash_files(patterns, follow) } -> std::same_as<result<std::string>>;
  { w.workflow_text(uses) } -> std::same_as<std::optional<std::string>>;
};

// ---------------------------------------------------------------------------------------------
// GitHub's policies

/// Loads JSON (a YAML subset) with the library's strict reader, keeping where each value
/// is: diagnostics carry line and column as with YAML. `yaml::document_loader` (the YAML
/// adapter) reads YAML.
struct json_loader {
  [[nodiscard]] result<document> load(std::string_view text) const { return json::load(text); }
};

/// GitHub's built-in functions only.
struct github_functions {
  [[nodiscard]] std::vector<expr::user_function> functions() const { return {}; }
};

/// No files: hashFiles() matches nothing (''), and no called workflow can be read, so
/// reusable calls are not checked across files.
struct no_workspace {
  [[nodiscard]] result<std::string> hash_files(std::span<const std::string> /*patterns*/,
                                               bool /*follow*/) const {
    return result<std::string>::success(std::string(), {});
  }
  [[nodiscard]] std::optional<std::string> workflow_text(std::string_view /*uses*/) const {
    return std::nullopt;
  }
};

/// The simulated executor: each leg takes its planned duration and ends with its planned
/// outcome (plan_options::durations and outcomes), reported at once.
struct simulated_executor {
  void start(schedule::leg_call call, std::stop_token /*stop*/, schedule::leg_done done) const {
    schedule::leg_outcome o;
    if (call.planned != nullptr) {
      o.duration = call.planned->duration;
      o.result = call.planned->outcome;
    }
    done(std::move(o));
  }
};

/// What GitHub does, stage by stage. Derive from it and replace what your tool brings.
struct github_policies {
  using loader = json_loader;                       ///< yaml::document_loader with libyaml
  using functions = github_functions;               ///< the built-ins, nothing added
  using limit = matrix::github_limit;               ///< 256 legs, a 32-bit product
  using equality = expr::github_equality;           ///< loose == in matrix filters
  using workspace = no_workspace;                   ///< no files
  using scheduler = schedule::critical_path_first;  ///< longest remaining path first
  using billing = schedule::github_billing;         ///< Linux 1, Windows 2, macOS 10
  using observer = schedule::null_observer;         ///< sees nothing
  using executor = simulated_executor;              ///< planned durations and outcomes
};

// ---------------------------------------------------------------------------------------------
// The engine

/// A workflow loaded by an engine: the workflow and every diagnostic of loading, reading
/// and checking its reusable calls.
struct loaded_workflow {
  model::workflow workflow;
  std::vector<diagnostic> diagnostics;
  [[nodiscard]] bool ok() const noexcept { return !has_errors(diagnostics); }
};

template <class Policies = github_policies>
class basic_engine {
  using P = Policies;
  // Whether the function set's signatures (none: no problem) have problem `e`.
  static constexpr bool signatures_are(expr::signature_error e) noexcept {
    return expr::check_signatures(expr::signatures_of<typename P::functions>()) == e;
  }
  static_assert(document_loader<typename P::loader>,
                "Policies::loader must be default-constructible and have "
                "`result<pipewright::document> load(std::string_view) const` (docs/engine.md)");
  static_assert(function_set<typename P::functions>,
                "Policies::functions must be default-constructible and have "
                "`std::vector<expr::user_function> functions() const` (docs/engine.md)");
  static_assert(
      !requires { P::functions::signatures; } || expr::listed_function_set<typename P::functions>,
      "Policies::functions::signatures must be a `static constexpr "
      "std::array<expr::function_signature, N>` (docs/engine.md)");
  static_assert(!signatures_are(expr::signature_error::not_an_identifier),
                "Policies::functions::signatures: each name must be an identifier "
                "([A-Za-z_][A-Za-z0-9_-]*) to be callable (docs/engine.md)");
  static_assert(!signatures_are(expr::signature_error::builtin_name),
                "Policies::functions::signatures: a name is a built-in function's (ignoring "
                "case); calls would reach the built-in (docs/engine.md)");
  static_assert(!signatures_are(expr::signature_error::duplicate_name),
                "Policies::functions::signatures: two functions have the same name (ignoring "
                "case) (docs/engine.md)");
  static_assert(!signatures_are(expr::signature_error::min_above_max),
                "Policies::functions::signatures: a function has min_args > max_args "
                "(docs/engine.md)");
  static_assert(matrix::limit_policy<typename P::limit>,
                "Policies::limit must have `max_legs()` and `max_product()`, both const "
                "noexcept and returning std::uint64_t (docs/matrix.md)");
  static_assert(matrix::equality_policy<typename P::equality>,
                "Policies::equality must be callable as `bool(const value&, const value&)` "
                "(docs/matrix.md)");
  static_assert(workspace<typename P::workspace>,
                "Policies::workspace must have `result<std::string> hash_files(std::span<const "
                "std::string>, bool) const` and `std::optional<std::string> "
                "workflow_text(std::string_view) const` (docs/engine.md)");
  static_assert(schedule::scheduling_policy<typename P::scheduler>,
                "Policies::scheduler must have `bool before(const schedule::ready_leg&, const "
                "schedule::ready_leg&) const` (docs/engine.md)");
  static_assert(schedule::billing_policy<typename P::billing>,
                "Policies::billing must have `double multiplier(std::string_view runner) const` "
                "(docs/engine.md)");
  static_assert(schedule::run_observer<typename P::observer>,
                "Policies::observer must derive from schedule::observer and be "
                "default-constructible (docs/engine.md)");
  static_assert(schedule::executor<typename P::executor>,
                "Policies::executor must have `void start(schedule::leg_call, std::stop_token, "
                "schedule::leg_done)` and call the leg_done once per leg (docs/engine.md)");

 public:
  using policies = Policies;

  basic_engine() { check_functions(); }
  /// Stateful policies (a file system root, a thread pool) are given here.
  explicit basic_engine(typename P::executor executor, typename P::workspace ws = {})
      : executor_(std::move(executor)), workspace_(std::move(ws)) {
    check_functions();
  }

  /// The function set's functions() against its `signatures` (PW0221), when it lists
  /// them; load() and plan() fail with it. Empty when they agree.
  [[nodiscard]] const std::vector<diagnostic>& function_problems() const noexcept {
    return function_problems_;
  }

  /// Loads and reads a workflow with the loader and the function set, then checks its
  /// reusable calls against the workspace's workflows.
  [[nodiscard]] loaded_workflow load(std::string_view text) const {
    if (!function_problems_.empty()) return loaded_workflow{{}, function_problems_};
    loaded_workflow out = read(text);
    if (out.ok()) {
      const model::workflow_resolver resolve = [this](std::string_view uses) {
        return workspace_.workflow_text(uses);
      };
      const model::workflow_loader nested = [this](std::string_view t) {
        loaded_workflow w = read(t);
        return model::read_report{std::move(w.workflow), std::move(w.diagnostics)};
      };
      for (diagnostic& d : check::calls(out.workflow, text, resolve, nested, {})) {
        out.diagnostics.push_back(std::move(d));
      }
    }
    return out;
  }

  /// Plans `wf` for `options.event` with the bundle's matrix limit and equality, function
  /// set and workspace (hashFiles(), and the called workflows a job's `uses:` names: their
  /// jobs are planned as the calling job's, docs/schedule.md "Reusable workflows").
  [[nodiscard]] result<schedule::plan> plan(const model::workflow& wf,
                                            schedule::plan_options options = {}) const {
    if (!function_problems_.empty()) {
      return result<schedule::plan>::failure(std::vector<diagnostic>(function_problems_));
    }
    options.expand_matrix = {};
    options.compile_matrix = [](const value& m, const matrix::options& mo) {
      return matrix::compile(m, mo, typename P::limit{}, typename P::equality{});
    };
    options.functions = functions_.functions();
    options.hash_files = [this](std::span<const std::string> patterns, bool follow) {
      return workspace_.hash_files(patterns, follow);
    };
    if constexpr (!std::is_same_v<typename P::workspace, no_workspace>) {
      // No files, no called workflow to read: each call stays one undetermined job.
      options.resolve_workflow = [this](std::string_view uses) {
        return workspace_.workflow_text(uses);
      };
      options.load_workflow = [this](std::string_view t) {
        loaded_workflow w = read(t);
        return model::read_report{std::move(w.workflow), std::move(w.diagnostics)};
      };
    }
    return schedule::make_plan(wf, options);
  }

  /// Runs `p` in simulated time with the bundle's scheduler, billing and observer.
  [[nodiscard]] schedule::run_result simulate(const schedule::plan& p,
                                              schedule::simulate_options options = {}) {
    apply(options);
    return schedule::run_plan(p, options);
  }

  /// Runs `p` of `wf` through the bundle's executor (asynchronously: legs run while the
  /// engine keeps scheduling), with its scheduler, billing and observer.
  schedule::run_result run(const model::workflow& wf, const schedule::plan& p,
                           schedule::simulate_options options = {}) {
    apply(options);
    return schedule::execute_async(wf, p, executor_, options);
  }

  [[nodiscard]] typename P::observer& observer() noexcept { return observer_; }
  [[nodiscard]] typename P::executor& executor() noexcept { return executor_; }
  [[nodiscard]] const typename P::workspace& workspace() const noexcept { return workspace_; }

 private:
  void check_functions() {
    if constexpr (expr::listed_function_set<typename P::functions>) {
      const std::vector<expr::user_function> fs = functions_.functions();
      std::string m = expr::functions_mismatch(expr::signatures_of<typename P::functions>(), fs);
      if (!m.empty()) {
        function_problems_.push_back(
            make_error(codes::expr_function_set_mismatch, "Policies::functions: " + m));
      }
    }
  }

  [[nodiscard]] loaded_workflow read(std::string_view text) const {
    loaded_workflow out;
    auto doc = loader_.load(text);
    if (!doc) {
      out.diagnostics = std::move(doc.diagnostics());
      return out;
    }
    model::read_options ro;
    ro.validate.functions = functions_.functions();
    model::read_report r = check::read_workflow(doc->root, doc->map, text, ro);
    out.workflow = std::move(r.workflow);
    out.diagnostics = std::move(doc.diagnostics());
    for (diagnostic& d : r.diagnostics) out.diagnostics.push_back(std::move(d));
    return out;
  }

  void apply(schedule::simulate_options& options) {
    options.before = [s = scheduler_](const schedule::ready_leg& a, const schedule::ready_leg& b) {
      return static_cast<bool>(s.before(a, b));
    };
    options.minute_multiplier = [b = billing_](std::string_view runner) {
      return static_cast<double>(b.multiplier(runner));
    };
    options.observer = &observer_;
  }

  typename P::loader loader_{};
  typename P::functions functions_{};
  typename P::scheduler scheduler_{};
  typename P::billing billing_{};
  typename P::observer observer_{};
  typename P::executor executor_{};
  typename P::workspace workspace_{};
  std::vector<diagnostic> function_problems_;
};

/// The engine with GitHub's policies.
using github_engine = basic_engine<>;

}  // namespace engine
}  // namespace v0
}  // namespace pipewright
