/// @file plan_impl.hpp
/// The definitions behind schedule/plan.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include "pipewright/schedule/plan.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

namespace detail {

inline bool plan_iequals(std::string_view a, std::string_view b) noexcept {
  return pipewright::detail::iequals(a, b);
}

/// Index of a job by id (ignoring case), or npos.
inline std::size_t find_job_index(const std::vector<plan_job>& jobs, std::string_view id) {
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (plan_iequals(jobs[i].id, id)) return i;
  }
  return static_cast<std::size_t>(-1);
}

/// Evaluates an optional templated value over `contexts`: an object of contexts, or a
/// lookup (a leg_scope, read in place); nullopt when absent or when evaluation fails.
template <class Contexts>
std::optional<value> eval_optional(const std::optional<model::template_value>& t,
                                   const Contexts& contexts) {
  if (!t) return std::nullopt;
  result<value> r = [&] {
    if constexpr (std::is_same_v<Contexts, value>) {
      return t->evaluate(contexts);
    } else {
      return t->evaluate_with(contexts);
    }
  }();
  if (!r) return std::nullopt;
  return std::move(*r);
}

/// The first label of a `runs-on` value (a string, or the first string of an array).
inline std::string first_label(const value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_array() && !v.as_array().empty()) return first_label(v.as_array().front());
  if (v.is_object()) {
    const value& labels = v["labels"];
    if (!labels.is_null()) return first_label(labels);
    const value& group = v["group"];
    if (group.is_string()) return std::string(group.as_string());
  }
  return std::string();
}

/// The `runs-on` value runs_on_label() reads: the one expression, else the first label,
/// else the group; null without `runs-on`.
inline const model::template_value* runs_on_source(const model::job& j) {
  if (!j.runs_on) return nullptr;
  const model::runs_on& r = *j.runs_on;
  if (r.expression) return &*r.expression;
  if (!r.labels.empty()) return &r.labels.front();
  if (r.group) return &*r.group;
  return nullptr;
}

/// The contexts in which a job's legs differ (the rest are the job's).
inline constexpr std::string_view leg_varying_contexts[] = {"matrix", "strategy"};

/// Shares a template's string result among a job's legs that read the same matrix values
/// (expr::shared_results); shares nothing for a literal (null) template.
inline expr::shared_results<std::string> shared_per_leg(const expr::compiled_template* t) {
  if (t == nullptr) return {};
  return expr::shared_results<std::string>(t->expressions(), leg_varying_contexts);
}

/// What a job's condition closes over.
struct condition_state {
  std::shared_ptr<const expr::expression> expression;  ///< null: the default success()
  value base;                                          ///< github, vars, inputs
  std::vector<std::string> job_ids;                    ///< every job's id, by index
  std::vector<value> outputs;                          ///< per job: outputs known before the run
  expr::hash_files_policy hash_files;                  ///< the workspace's; empty: none
  /// Per job: the outputs known only at run time (expressions), by name; `*` for all (a
  /// reusable workflow's outputs).
  std::vector<std::vector<std::string>> run_time_outputs;
  bool repository_unknown = false;  ///< `github.repository` (and owner, id) not given
  bool vars_unknown = false;        ///< `vars` not given
  /// `github.event.workflow_run.conclusion` not known: a workflow_run event whose triggering
  /// run's conclusion is `undetermined` (a chain after an undetermined run).
  bool workflow_run_conclusion_unknown = false;
  /// Inputs known only at run time (a called workflow's, from its caller's needs' outputs).
  std::vector<std::string> unknown_inputs;
};

/// GitHub's job-level status functions when needed jobs may be undetermined: unknown where an
/// undetermined job could change the answer.
inline expr::truth job_status_truth(const condition_view& view, const condition_state& state,
                                    expr::builtin which, std::span<const value> args) {
  if (which == expr::builtin::always) return expr::truth::yes;
  if (which == expr::builtin::cancelled)
    return view.cancelled() ? expr::truth::yes : expr::truth::no;
  bool bad = view.cancelled() && which == expr::builtin::success;  // success() is then false
  bool failed = false;
  bool unknown = false;
  auto see = [&](status s) {
    failed = failed || s == status::failure;
    bad = bad || (s != status::success && s != status::undetermined);
    unknown = unknown || s == status::undetermined;
  };
  if (args.empty()) {
    view.for_each_ancestor([&](std::uint32_t a) { see(view.result(a)); });
  } else {
    for (const value& a : args) {
      const std::string name = expr::to_string(a);
      bool found = false;
      for (std::size_t j = 0; j < state.job_ids.size(); ++j) {
        if (!plan_iequals(state.job_ids[j], name)) continue;
        found = true;
        see(view.result(static_cast<std::uint32_t>(j)));
      }
      bad = bad || !found;
    }
  }
  if (which == expr::builtin::success) {
    return bad ? expr::truth::no : unknown ? expr::truth::unknown : expr::truth::yes;
  }
  return failed ? expr::truth::yes : unknown ? expr::truth::unknown : expr::truth::no;
}

/// GitHub's job-level status functions over a condition_view; `args` name jobs
/// (success('a', 'b'): all succeeded; failure('a'): any failed). An executor's run has no
/// undetermined job, so every answer is known.
inline bool job_status_function(const condition_view& view, const condition_state& state,
                                expr::builtin which, std::span<const value> args) {
  return job_status_truth(view, state, which, args) == expr::truth::yes;
}

/// The `needs` context a job (or its steps) sees: direct needs' results and outputs.
inline value needs_context(const condition_view& view, const condition_state& state) {
  object needs;
  for (const std::uint32_t n : view.needs()) {
    if (n >= state.job_ids.size()) continue;
    const value* produced = view.run_outputs(n);
    value outputs = produced != nullptr        ? *produced
                    : n < state.outputs.size() ? state.outputs[n]
                                               : value::make_object();
    needs.insert_or_assign(state.job_ids[n],
                           value::make_object({{"result", value(status_name(view.result(n)))},
                                               {"outputs", std::move(outputs)}}));
  }
  return value(std::move(needs));
}

}  // namespace detail

PIPEWRIGHT_DECL bool unknown_before_run(std::span<const std::string> path, bool repository_unknown,
                                        bool vars_unknown) {
  if (path.empty()) return false;
  auto is = [&path](std::size_t i, std::string_view name) {
    return path.size() > i && (path[i] == "*" || detail::plan_iequals(path[i], name));
  };
  if (detail::plan_iequals(path[0], "vars")) return vars_unknown;
  if (!detail::plan_iequals(path[0], "github")) return false;
  if (!repository_unknown || path.size() < 2) return repository_unknown;
  for (const std::string_view k :
       {"repository", "repository_owner", "repository_id", "repositoryUrl", "event"}) {
    if (is(1, k) && (k != "event" || path.size() < 3 || is(2, "repository"))) return true;
  }
  return false;
}

namespace detail {

/// Whether context path `path` reads a value the plan does not know whatever the needs: the
/// repository or `vars` when not given (unknown_before_run()), an input known only at run
/// time (a reusable workflow's input that reads its caller's needs), a triggering run's
/// conclusion that is undetermined (workflow_run_conclusion_unknown).
inline bool unknown_context(std::span<const std::string> path, const condition_state& state) {
  if (path.empty()) return false;
  auto is = [&path](std::size_t i, std::string_view name) {
    return path.size() > i && (path[i] == "*" || plan_iequals(path[i], name));
  };
  if (state.workflow_run_conclusion_unknown && plan_iequals(path[0], "github") && is(1, "event") &&
      (path.size() < 3 || (is(2, "workflow_run") && (path.size() < 4 || is(3, "conclusion"))))) {
    return true;
  }
  if (plan_iequals(path[0], "inputs")) {
    for (const std::string& i : state.unknown_inputs) {
      if (path.size() < 2 || path[1] == "*" || plan_iequals(path[1], i)) return true;
    }
    return false;
  }
  return unknown_before_run(path, state.repository_unknown, state.vars_unknown);
}

/// Whether `path` (from a context name) reads a value a simulation cannot know: a needed
/// job's run-time outputs (unless it was skipped: then they are empty), an undetermined need's
/// result, the repository or vars when not given (unknown_before_run()).
inline bool unknown_in_simulation(std::span<const std::string> path, const condition_view& view,
                                  const condition_state& state) {
  if (path.empty()) return false;
  auto is = [&path](std::size_t i, std::string_view name) {
    return path.size() > i && (path[i] == "*" || plan_iequals(path[i], name));
  };
  if (!plan_iequals(path[0], "needs")) return unknown_context(path, state);
  for (const std::uint32_t n : view.needs()) {
    if (n >= state.job_ids.size() || (path.size() > 1 && !is(1, state.job_ids[n]))) continue;
    const status s = view.result(n);
    if (s == status::undetermined) return true;  // its result, and whether it ran, not known
    if (path.size() > 2 && !is(2, "outputs")) continue;
    if (s == status::skipped || view.run_outputs(n) != nullptr) continue;
    if (n >= state.run_time_outputs.size()) continue;
    for (const std::string& o : state.run_time_outputs[n]) {
      if (path.size() < 4 || o == "*" || is(3, o)) return true;
    }
  }
  return false;
}

inline bool evaluate_condition(const condition_view& view, const condition_state& state) {
  if (!state.expression) return view.success();
  if (view.simulated()) {
    // Three-valued: what is known only at run time stays unknown.
    value contexts = state.base.shallow_clone(1);
    contexts.as_object().insert_or_assign("needs", needs_context(view, state));
    expr::partial_options po;
    po.unknown = [&view, &state](std::span<const std::string> path) {
      return unknown_in_simulation(path, view, state);
    };
    po.status = [&view, &state](expr::builtin which, std::span<const value> args) {
      return job_status_truth(view, state, which, args);
    };
    auto r = expr::evaluate_partial(*state.expression, contexts, po);
    if (!r) {
      view.report_error(r.diagnostics().empty() ? std::string("evaluation failed")
                                                : r.diagnostics().front().message);
      return false;
    }
    if (r->truthy == expr::truth::unknown) view.report_undetermined(std::move(r->waits_for));
    return r->truthy == expr::truth::yes;
  }
  value contexts = state.base.shallow_clone(1);
  contexts.as_object().insert_or_assign("needs", needs_context(view, state));
  expr::evaluation_options eo;
  eo.status_function = [&view, &state](expr::builtin which, std::span<const value> args) {
    return job_status_function(view, state, which, args);
  };
  auto r = state.expression->evaluate(contexts, eo);
  if (!r) {
    // GitHub reports the error and fails the job.
    view.report_error(r.diagnostics().empty() ? std::string("evaluation failed")
                                              : r.diagnostics().front().message);
    return false;
  }
  return expr::truthy(*r);
}

/// Contexts an interpolation may evaluate; any other makes the expression unknown.
inline const std::vector<std::string>& callback_contexts() {
  static const std::vector<std::string> names{"github", "inputs",   "vars",
                                              "matrix", "strategy", "needs"};
  return names;
}

/// A text with `${{ }}` expressions compiled once, to be interpolated for many legs.
class interpolation {
 public:
  explicit interpolation(std::string_view text) {
    auto segments = expr::split_template(text);
    if (!segments) {
      whole_ = std::string(text);
      return;
    }
    for (expr::template_segment& seg : *segments) {
      part pt;
      pt.expression = seg.is_expression;
      if (seg.is_expression) {
        expr::compile_options co;
        co.contexts = callback_contexts();
        co.status_functions = false;
        co.hash_files = false;
        if (auto e = expr::compile(seg.text, co)) {
          pt.compiled = std::make_shared<const expr::expression>(std::move(*e));
        }
      }
      pt.text = std::move(seg.text);
      parts_.push_back(std::move(pt));
    }
  }

  /// The text with what `contexts` gives; see interpolate_text().
  [[nodiscard]] interpolated evaluate(const value& contexts) const {
    interpolated out;
    if (whole_) {
      out.text = *whole_;
      out.unresolved.push_back(*whole_);
      return out;
    }
    for (const part& pt : parts_) {
      if (!pt.expression) {
        out.text += pt.text;
        continue;
      }
      if (pt.compiled) {
        if (auto v = pt.compiled->evaluate(contexts)) {
          out.text += expr::to_string(*v);
          continue;
        }
      }
      out.text += "${{ " + pt.text + " }}";
      out.unresolved.push_back(pt.text);
    }
    return out;
  }

 private:
  struct part {
    bool expression = false;
    std::string text;                                    ///< literal text, or the expression's body
    std::shared_ptr<const expr::expression> compiled{};  ///< null: did not compile
  };
  std::vector<part> parts_;
  std::optional<std::string> whole_;  ///< set when the text is not a valid template
};

PIPEWRIGHT_DECL interpolated interpolate_text(std::string_view text, const value& contexts) {
  return interpolation(text).evaluate(contexts);
}

/// The contexts a step's `if:` may read, by slot: plan_steps() compiles with them and
/// evaluate_step_condition() reads each by its slot (step_slot).
inline const std::vector<std::string>& step_condition_contexts() {
  static const std::vector<std::string> names{"github", "needs",  "strategy", "matrix", "steps",
                                              "job",    "runner", "env",      "vars",   "inputs"};
  return names;
}
enum class step_slot : std::size_t { github, needs, strategy, matrix, steps, job, runner, env };

/// The options of a step's `if:`, by job status (success, failure, cancelled), built once per
/// job: hashFiles() is the workspace's when given; the simulator has no workspace, so it
/// otherwise matches nothing and returns ''.
using step_condition_options = std::array<expr::evaluation_options, 3>;

inline step_condition_options make_step_condition_options(const condition_state& state) {
  step_condition_options out;
  out[0].status = expr::job_status::success;
  out[1].status = expr::job_status::failure;
  out[2].status = expr::job_status::cancelled;
  for (expr::evaluation_options& eo : out) {
    if (state.hash_files) {
      eo.hash_files = state.hash_files;
    } else {
      eo.hash_files = [](std::span<const std::string>, bool) {
        return result<std::string>::success(std::string(), {});
      };
    }
  }
  return out;
}

/// The `steps` context a step's `if:` sees: the visible steps done before it.
inline value steps_context(const step_view& view) {
  object steps;
  for (std::size_t i = 0; i < view.done().size() && i < view.steps().size(); ++i) {
    const step_spec& s = view.steps()[i];
    if (!s.visible) continue;
    const step_run& r = view.done()[i];
    steps.insert_or_assign(s.id,
                           value::make_object({{"outcome", value(status_name(r.outcome))},
                                               {"conclusion", value(status_name(r.conclusion))},
                                               {"outputs", value::make_object()}}));
  }
  return value(std::move(steps));
}

/// Evaluates a step's normalised `if:` (compiled with step_condition_contexts()) for one
/// leg: `leg(slot, name)` gives github, vars, inputs, matrix and strategy (a leg_scope);
/// `env()` gives the step's `env`; `runner` is empty; `needs`, `steps` and `job` come from
/// the view; the status functions look at the job's status (SEMANTICS §1.10). Each context
/// is built only when the expression reads it, and nothing is copied for the contexts it
/// reads in place.
template <class Leg, class Env>
bool evaluate_step_condition(const step_view& view, const expr::expression& e, const Leg& leg,
                             Env&& env, const condition_state& state,
                             const step_condition_options& options) {
  std::optional<value> needs;
  std::optional<value> steps;
  std::optional<value> job;
  auto lookup = [&](std::size_t slot, std::string_view name) -> const value& {
    switch (static_cast<step_slot>(slot)) {
      case step_slot::needs:
        if (view.job() == nullptr) break;  // the leg's own
        if (!needs) needs.emplace(needs_context(*view.job(), state));
        return *needs;
      case step_slot::steps:
        if (!steps) steps.emplace(steps_context(view));
        return *steps;
      case step_slot::job:
        if (!job) {
          job.emplace(value::make_object({{"status", value(status_name(view.job_status()))}}));
        }
        return *job;
      case step_slot::runner: {
        static const value runner = value::make_object();
        return runner;
      }
      case step_slot::env: return env();
      default: break;
    }
    return leg(slot, name);
  };
  auto r = e.evaluate_with(lookup, options[view.cancelled() ? 2 : view.failure() ? 1 : 0]);
  if (!r) {
    view.report_error(r.diagnostics().empty() ? std::string("evaluation failed")
                                              : r.diagnostics().front().message);
    return false;
  }
  return expr::truthy(*r);
}

/// A step's display name: its `name:`, else GitHub's `Run <uses>` / `Run <first line>`.
PIPEWRIGHT_DECL std::string step_name(const model::step& st, const value& contexts) {
  if (st.name) {
    if (st.name->is_expression()) {
      if (auto r = st.name->evaluate(contexts); r && r->is_primitive()) return expr::to_string(*r);
    }
    if (st.name->raw.is_string()) return std::string(st.name->text());
    return expr::to_string(st.name->raw);
  }
  if (st.uses) return "Run " + st.uses->text;
  if (st.run && st.run->raw.is_string()) {
    std::string_view t = st.run->text();
    while (!t.empty() && (t.front() == ' ' || t.front() == '\n')) t.remove_prefix(1);
    return "Run " + std::string(t.substr(0, t.find('\n')));
  }
  return st.id;
}

/// `<job>.<step>` keys of durations and outcomes: `<job>` the leg's display name or the
/// job id (the leg wins), `<step>` the step's id or its display name (ignoring case).
template <class T>
const T* lookup_step(const std::vector<std::pair<std::string, T>>& list, std::string_view leg,
                     std::string_view job, std::string_view id, std::string_view name) {
  if (list.empty()) return nullptr;
  for (const std::string_view owner : {leg, job}) {
    for (const std::string_view key : {id, name}) {
      if (key.empty()) continue;
      for (const auto& p : list) {
        const std::string_view k = p.first;
        if (k.size() == owner.size() + 1 + key.size() && k[owner.size()] == '.' &&
            plan_iequals(k.substr(0, owner.size()), owner) &&
            plan_iequals(k.substr(owner.size() + 1), key)) {
          return &p.second;
        }
      }
    }
  }
  return nullptr;
}

/// Marks the entry of `list` whose value `found` points at (a lookup's answer) as used.
template <class T>
void mark_used(const std::vector<std::pair<std::string, T>>& list, const T* found,
               std::vector<char>* used) {
  if (found == nullptr || used == nullptr) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (&list[i].second == found) {
      (*used)[i] = 1;
      return;
    }
  }
}

template <class T>
const T* lookup_named(const std::vector<std::pair<std::string, T>>& list, std::string_view job,
                      std::string_view leg) {
  if (list.empty()) return nullptr;
  for (const auto& p : list) {
    if (plan_iequals(p.first, leg)) return &p.second;
  }
  for (const auto& p : list) {
    if (plan_iequals(p.first, job)) return &p.second;
  }
  return nullptr;
}

inline bool to_bool_value(const value& v, bool fallback) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_string()) {
    if (plan_iequals(v.as_string(), "true")) return true;
    if (plan_iequals(v.as_string(), "false")) return false;
    return fallback;
  }
  if (v.is_number()) return expr::truthy(v);
  return fallback;
}

/// A job's steps as the plan models them: `parallel:` groups flattened, `if:` compiled.
struct planned_steps {
  std::vector<const model::step*> steps;
  std::vector<std::shared_ptr<const expr::expression>> ifs;  ///< null: success() or an error
  std::vector<std::string> if_errors;                        ///< why an `if:` did not compile
};

/// Flattens and compiles the steps of `mj`; problems go to `diagnostics` when given.
inline planned_steps plan_steps(const model::job& mj, const plan_options& options,
                                std::vector<diagnostic>* diagnostics) {
  planned_steps out;
  for (const model::step& st : mj.steps) {
    if (st.parallel.empty()) {
      out.steps.push_back(&st);
    } else {
      for (const model::step& sub : st.parallel) out.steps.push_back(&sub);
    }
  }
  out.ifs.resize(out.steps.size());
  out.if_errors.resize(out.steps.size());
  for (std::size_t i = 0; i < out.steps.size(); ++i) {
    if (out.steps[i]->condition.text == "success()") continue;
    expr::compile_options co;
    co.contexts = step_condition_contexts();
    co.functions = options.functions;
    auto e = expr::compile(out.steps[i]->condition.text, co);
    if (e) {
      out.ifs[i] = std::make_shared<const expr::expression>(std::move(*e));
      continue;
    }
    out.if_errors[i] = e.diagnostics().empty() ? std::string("invalid expression")
                                               : e.diagnostics().front().message;
    if (diagnostics == nullptr) continue;
    for (diagnostic& x : e.diagnostics()) {
      x.message = "job '" + mj.id + "' step " + std::to_string(i + 1) + ": if: " + x.message;
      diagnostics->push_back(std::move(x));
    }
  }
  return out;
}

}  // namespace detail

PIPEWRIGHT_DECL matrix::options matrix_options_for(const model::job& mj, const value& job_ctx,
                                                   bool fail_fast, std::uint32_t max_parallel) {
  matrix::options mo;
  mo.job_name = mj.name && mj.name->raw.is_string() ? std::string(mj.name->text()) : mj.id;
  mo.contexts = job_ctx;
  mo.fail_fast = fail_fast;
  mo.max_parallel = max_parallel;
  mo.path = "/jobs/" + mj.id + "/strategy/matrix";
  return mo;
}

namespace detail {

/// The contexts of one leg: the job's `job_ctx` with the leg's `matrix` and `strategy`.
inline value leg_contexts(const value& job_ctx, const value& matrix, const value& strategy) {
  object ctx;
  if (const object* members = job_ctx.if_object()) ctx = *members;
  ctx.insert_or_assign("matrix", matrix);
  ctx.insert_or_assign("strategy", strategy);
  return value(std::move(ctx));
}

/// Where a leg stands among its job's legs: what its `strategy` context is built from.
struct leg_position {
  bool fail_fast = true;
  std::uint64_t index = 0;         ///< strategy.job-index
  std::uint64_t total = 1;         ///< strategy.job-total
  std::uint64_t max_parallel = 0;  ///< strategy.max-parallel; 0: the total
};

/// The `strategy` context of a leg: `given` when not null (a matrix policy's, the default
/// leg's), else built from its position.
inline value leg_strategy(const value& given, const leg_position& at) {
  if (!given.is_null()) return given;
  return matrix::strategy_context(at.fail_fast, at.index, at.total, at.max_parallel);
}

/// One leg's contexts, read in place rather than copied into an object: the job's (github,
/// vars, inputs, needs), the leg's `matrix`, and its `strategy` (given, or built from its
/// position when first read). A lookup for expression::evaluate_with(); as_object() builds the
/// object leg_contexts() does, for what needs one.
class leg_scope {
 public:
  leg_scope(const value& job, const value& matrix, const value& strategy, leg_position at) noexcept
      : job_(job), matrix_(matrix), strategy_(strategy), at_(at) {}

  /// The context `name` (ignoring case); null when there is none.
  [[nodiscard]] const value& context(std::string_view name) const {
    if (plan_iequals(name, "matrix")) return matrix_;
    if (plan_iequals(name, "strategy")) return strategy();
    const object* members = job_.if_object();
    const value* v = members != nullptr ? members->find(name) : nullptr;
    return v != nullptr ? *v : value::null_ref();
  }
  const value& operator()(std::size_t /*slot*/, std::string_view name) const {
    return context(name);
  }
  [[nodiscard]] const value& strategy() const {
    if (!strategy_.is_null()) return strategy_;
    if (!built_) built_.emplace(leg_strategy(strategy_, at_));
    return *built_;
  }
  /// The contexts as one object (github, vars, inputs, needs, matrix, strategy).
  [[nodiscard]] value as_object() const { return leg_contexts(job_, matrix_, strategy()); }

 private:
  const value& job_;
  const value& matrix_;
  const value& strategy_;
  leg_position at_;
  mutable std::optional<value> built_;
};

inline std::string runs_on_label(const model::job& j, const leg_scope& scope) {
  const model::template_value* t = runs_on_source(j);
  if (t == nullptr) return std::string();
  auto v = t->evaluate_with(scope);
  return v ? first_label(*v) : std::string(t->text());
}

/// Expands job `mj`'s matrix `m` (resolved with `job_ctx`) with the plan's matrix policy.
/// The legs' ids are not built (the plan does not use them), nor their `strategy` (null:
/// leg_strategy() builds it from the leg's position when it is read).
inline result<std::vector<matrix::leg>> expand_matrix(const value& m, const model::job& mj,
                                                      const value& job_ctx, bool fail_fast,
                                                      std::uint32_t max_parallel,
                                                      const plan_options& options) {
  const matrix::options mo = matrix_options_for(mj, job_ctx, fail_fast, max_parallel);
  if (options.expand_matrix) return options.expand_matrix(m, mo);
  auto s = options.compile_matrix ? options.compile_matrix(m, mo) : matrix::compile(m, mo);
  if (!s) return result<std::vector<matrix::leg>>::failure(std::move(s.diagnostics()));
  const matrix::legs all = s->materialise();
  std::vector<matrix::leg> out;
  out.reserve(all.size());
  // Legs whose name reads the same matrix values share it (`build ${{ matrix.os }}`).
  expr::shared_results<std::string> names =
      shared_per_leg(all.size() != 0 ? all[0].name_template() : nullptr);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const matrix::leg_view v = all[i];
    matrix::leg l;
    l.matrix = v.matrix();
    const leg_scope scope(job_ctx, l.matrix, l.strategy,
                          leg_position{fail_fast, v.position(), all.size(), max_parallel});
    l.name = names.get_with([&](std::string_view c) -> const value& { return scope.context(c); },
                            [&] { return v.name_with_lookup(scope); });
    out.push_back(std::move(l));
  }
  return result<std::vector<matrix::leg>>::success(std::move(out), {});
}

/// An `env` entry for a step's `if:`: its name, and its value as written or its template
/// compiled once for every leg of the job.
struct env_template {
  std::string name;
  value raw;                          ///< the value as written
  std::optional<interpolation> text;  ///< empty: not a string, `raw` as is
  [[nodiscard]] value evaluate(const value& contexts) const {
    return text ? value(text->evaluate(contexts).text) : raw;
  }
};

/// The step conditions of a job's legs, shared by all of them (owned: a plan outlives its
/// workflow): the compiled `if:` of each planned step, the `env` templates, the job's
/// contexts and each leg's matrix. Step `step` of leg `leg` is evaluated with the leg's
/// contexts read in place; its `env` is built only for an `if:` that reads it. A leg's
/// step_spec refers to it by leg and step (step_condition): nothing is allocated per leg.
class job_step_conditions final : public step_condition_source {
 public:
  struct leg {
    value matrix;    ///< the leg's `matrix`
    value strategy;  ///< given (a matrix policy's); null: built from `at`
    leg_position at;
  };

  std::vector<env_template> env;  ///< the workflow's then the job's `env`
  /// Per planned step: its own `env` entries (most steps have none).
  std::vector<std::vector<env_template>> own_env;
  std::vector<std::shared_ptr<const expr::expression>> ifs;  ///< per planned step
  std::shared_ptr<condition_state> state;
  step_condition_options options{};  ///< make_step_condition_options(*state)
  value job;                         ///< the job's contexts (github, vars, inputs, needs)
  std::vector<leg> legs;

  [[nodiscard]] bool evaluate(const step_view& view, std::uint32_t leg_index,
                              std::uint32_t step) const override {
    const leg& l = legs[leg_index];
    const leg_scope scope(job, l.matrix, l.strategy, l.at);
    std::optional<value> step_env;
    auto env_of = [&]() -> const value& {
      if (!step_env) step_env.emplace(env_of_step(scope.as_object(), step));
      return *step_env;
    };
    return evaluate_step_condition(view, *ifs[step], scope, env_of, *state, options);
  }

  /// The step context of a leg whose contexts are `leg_ctx`: github, vars, inputs, needs,
  /// matrix, strategy, the interpolated workflow and job `env`, and an empty `runner`.
  [[nodiscard]] value step_context(const value& leg_ctx) const {
    value step_ctx = leg_ctx.shallow_clone(2);
    step_ctx.as_object().insert_or_assign("env", env_of_step(leg_ctx, no_step));
    step_ctx.as_object().insert_or_assign("runner", value::make_object());
    return step_ctx;
  }

 private:
  static constexpr std::size_t no_step = static_cast<std::size_t>(-1);

  /// The `env` step `step` sees (no_step: the workflow's and the job's only): each entry
  /// interpolated; what the plan cannot know stays as written (`${{ secrets.X }}`).
  [[nodiscard]] value env_of_step(const value& leg_ctx, std::size_t step) const {
    object out;
    for (const env_template& t : env) out.insert_or_assign(t.name, t.evaluate(leg_ctx));
    if (step < own_env.size()) {
      for (const env_template& t : own_env[step]) {
        out.insert_or_assign(t.name, t.evaluate(leg_ctx));
      }
    }
    return value(std::move(out));
  }
};

/// Builds the leg_specs of one job from its matrix legs: runner, duration and outcome
/// (plan_options), continue-on-error, concurrency and the step-level model. The plan's
/// and the run's (a matrix expanded from needs' outputs) legs are built the same way.
struct leg_builder {
  const model::template_map& workflow_env;
  const model::job& job;
  const plan_options& options;
  const planned_steps& steps;
  std::shared_ptr<condition_state> state;
  std::vector<diagnostic>* diagnostics = nullptr;   ///< null: problems not reported again
  std::vector<char>* duration_used = nullptr;       ///< which plan_options::durations matched
  std::vector<char>* outcome_used = nullptr;        ///< which plan_options::outcomes matched
  std::set<const model::step*> timeout_reported{};  // PW0706 once per step, not per leg
  /// What the legs' step conditions share (made by the first leg with steps).
  std::shared_ptr<job_step_conditions> conditions{};
  /// Per planned step: its display name when it does not depend on the leg (filled with
  /// `conditions`).
  std::vector<std::optional<std::string>> fixed_names{};
  /// The legs' `runs-on` labels, shared among legs that read the same matrix values (made by
  /// the first leg).
  std::optional<expr::shared_results<std::string>> runners{};

  /// The leg_spec of `l`, the leg at `at` of the job whose contexts are `job_ctx`.
  leg_spec build(const matrix::leg& l, const value& job_ctx, const leg_position& at) {
    const leg_scope scope(job_ctx, l.matrix, l.strategy, at);
    leg_spec ls;
    ls.name = l.name;
    ls.matrix = l.matrix;
    if (!runners) {
      const model::template_value* t = runs_on_source(job);
      runners = shared_per_leg(t != nullptr ? t->compiled.get() : nullptr);
    }
    ls.runner =
        runners->get_with([&](std::string_view c) -> const value& { return scope.context(c); },
                          [&] { return runs_on_label(job, scope); });
    if (const double* d = lookup_named(options.durations, job.id, l.name)) {
      mark_used(options.durations, d, duration_used);
      ls.duration = *d;
    } else {
      ls.duration = options.default_duration;
    }
    if (const status* s = lookup_named(options.outcomes, job.id, l.name)) {
      mark_used(options.outcomes, s, outcome_used);
      ls.outcome = *s;
    }
    if (auto c = eval_optional(job.continue_on_error, scope)) {
      ls.continue_on_error = to_bool_value(*c, false);
    }
    if (job.concurrency) {
      if (auto g = job.concurrency->group.evaluate_with(scope); g && g->is_primitive()) {
        ls.concurrency_group = expr::to_string(*g);
      } else {
        ls.concurrency_group = std::string(job.concurrency->group.text());
      }
      if (auto c = eval_optional(job.concurrency->cancel_in_progress, scope)) {
        ls.cancel_in_progress = to_bool_value(*c, false);
      }
    }
    if (!steps.steps.empty()) add_steps(ls, l, at, scope, job_ctx);
    return ls;
  }

 private:
  static std::vector<env_template> env_templates(const model::template_map& m,
                                                 std::vector<env_template> out = {}) {
    for (const model::named_value& e : m.entries) {
      env_template t{e.name.text, e.value.raw, std::nullopt};
      if (e.value.raw.is_string()) t.text.emplace(e.value.raw.as_string());
      out.push_back(std::move(t));
    }
    return out;
  }

  void share_steps(const value& job_ctx) {
    auto js = std::make_shared<job_step_conditions>();
    js->env = env_templates(job.env, env_templates(workflow_env));
    js->ifs = steps.ifs;
    js->state = state;
    js->options = make_step_condition_options(*state);
    js->job = job_ctx;
    js->own_env.resize(steps.steps.size());
    fixed_names.resize(steps.steps.size());
    for (std::size_t i = 0; i < steps.steps.size(); ++i) {
      const model::step& st = *steps.steps[i];
      if (steps.ifs[i]) js->own_env[i] = env_templates(st.env);
      if (!st.name || !st.name->is_expression()) fixed_names[i] = step_name(st, value());
    }
    conditions = std::move(js);
  }

  // The step-level model of one leg: durations by `job.step` (id or display name), the
  // rest sharing the leg's duration (named) or default_duration equally; outcomes by
  // `job.step`, a leg-level failure or cancellation going to its last step.
  void add_steps(leg_spec& ls, const matrix::leg& l, const leg_position& at, const leg_scope& scope,
                 const value& job_ctx) {
    if (!conditions) share_steps(job_ctx);
    const auto leg_index = static_cast<std::uint32_t>(conditions->legs.size());
    conditions->legs.push_back(job_step_conditions::leg{l.matrix, l.strategy, at});
    // The step context (templated names, continue-on-error, timeout-minutes), when read.
    std::optional<value> step_ctx;
    auto step_context = [&]() -> const value& {
      if (!step_ctx) step_ctx.emplace(conditions->step_context(scope.as_object()));
      return *step_ctx;
    };
    const std::string& leg_name = l.name;
    const double* leg_duration = lookup_named(options.durations, job.id, leg_name);
    mark_used(options.durations, leg_duration, duration_used);
    const bool leg_timed = leg_duration != nullptr;
    double named = 0;
    std::size_t unnamed = 0;
    bool explicit_outcome = false;
    ls.steps.reserve(steps.steps.size());
    for (const model::step* st : steps.steps) {
      const std::size_t i = ls.steps.size();
      step_spec ss;
      ss.id = st->id;
      ss.visible = !st->generated_id;
      ss.name = fixed_names[i] ? *fixed_names[i] : step_name(*st, step_context());
      if (const double* d = lookup_step(options.durations, leg_name, job.id, ss.id, ss.name)) {
        mark_used(options.durations, d, duration_used);
        ss.duration = *d;
        named += *d;
      } else {
        ss.duration = -1;  // shares the rest, below
        ++unnamed;
      }
      if (const status* o = lookup_step(options.outcomes, leg_name, job.id, ss.id, ss.name)) {
        mark_used(options.outcomes, o, outcome_used);
        ss.outcome = *o;
        explicit_outcome = true;
      }
      if (st->continue_on_error) {
        const bool reads = st->continue_on_error->is_expression();
        if (auto c = eval_optional(st->continue_on_error, reads ? step_context() : value())) {
          ss.continue_on_error = to_bool_value(*c, false);
        }
      }
      if (st->timeout_minutes) {
        const bool reads = st->timeout_minutes->is_expression();
        if (auto t = eval_optional(st->timeout_minutes, reads ? step_context() : value())) {
          const double m = expr::to_number(*t);
          if (m > 0) ss.timeout = std::min(m, max_step_timeout_minutes) * 60;
          if ((!(m > 0) || m > max_step_timeout_minutes) && diagnostics != nullptr &&
              timeout_reported.insert(st).second) {
            diagnostics->push_back(make_warning(codes::schedule_step_timeout,
                                                "job '" + job.id + "' step '" + ss.name +
                                                    "': timeout-minutes is " + expr::to_string(*t) +
                                                    ", not a positive number of at most 360",
                                                st->timeout_minutes->span));
          }
        }
      }
      ss.condition_text = st->condition.text;
      if (steps.ifs[i]) {
        ss.condition = step_condition(conditions, leg_index, static_cast<std::uint32_t>(i));
      } else if (!steps.if_errors[i].empty()) {
        ss.condition = [why = steps.if_errors[i]](const step_view& v) {
          v.report_error(why);
          return false;
        };
      }
      ls.steps.push_back(std::move(ss));
    }
    const double total = leg_timed ? ls.duration : options.default_duration;
    const double share = unnamed == 0 ? 0
                                      : (leg_timed ? std::max(0.0, total - named) : total) /
                                            static_cast<double>(unnamed);
    double sum = 0;
    for (step_spec& ss : ls.steps) {
      if (ss.duration < 0) ss.duration = share;
      sum += ss.duration;
    }
    ls.duration = sum;
    if (!explicit_outcome && ls.outcome != status::success) {
      ls.steps.back().outcome = ls.outcome;
    }
  }
};

/// A matrix that reads its needs' outputs, kept by its job_spec until the run builds it.
struct deferred_matrix {
  model::job job;
  model::template_map workflow_env;
  plan_options options;
  std::shared_ptr<condition_state> state;
  value job_ctx;                   ///< github, vars, inputs and an empty `needs`
  bool fail_fast = true;           ///< strategy.fail-fast, as planned
  std::uint32_t max_parallel = 0;  ///< strategy.max-parallel, as planned
  std::string name_prefix{};       ///< a called job's `<calling leg name> / `
  std::string plan_id{};           ///< its plan id (durations, outcomes); empty: the job's
};

/// Builds the legs of `d` from the needs' results and outputs `view` sees.
inline result<std::vector<leg_spec>> expand_deferred(const deferred_matrix& d,
                                                     const condition_view& view) {
  value job_ctx = d.job_ctx.clone();
  job_ctx.as_object().insert_or_assign("needs", needs_context(view, *d.state));
  matrix::resolve_options ro;
  ro.path = "/jobs/" + d.job.id + "/strategy/matrix";
  ro.needs_known = true;
  ro.inputs_known = d.options.event.name != "workflow_call";
  const model::strategy& st = *d.job.strategy;
  matrix::resolved_matrix rm = st.matrix_expression
                                   ? matrix::resolve(st.matrix_expression->raw, job_ctx, ro)
                                   : matrix::resolve(st.matrix, job_ctx, ro);
  // Not pending again: `needs` is known now, and a matrix reading inputs the event does not
  // supply is never deferred.
  if (!rm.known()) return result<std::vector<leg_spec>>::failure(std::move(rm.diagnostics));
  auto e = expand_matrix(rm.matrix, d.job, job_ctx, d.fail_fast, d.max_parallel, d.options);
  if (!e) return result<std::vector<leg_spec>>::failure(std::move(e.diagnostics()));
  model::job named;
  const model::job* built = &d.job;
  if (!d.plan_id.empty()) {
    named = d.job;
    named.id = d.plan_id;
    built = &named;
  }
  const planned_steps ps = plan_steps(*built, d.options, nullptr);
  leg_builder builder{d.workflow_env, *built, d.options, ps, d.state};
  std::vector<leg_spec> legs;
  legs.reserve(e->size());
  for (std::size_t k = 0; k < e->size(); ++k) {
    matrix::leg& l = (*e)[k];
    if (!d.name_prefix.empty()) l.name.insert(0, d.name_prefix);
    legs.push_back(
        builder.build(l, job_ctx, leg_position{d.fail_fast, k, e->size(), d.max_parallel}));
  }
  return result<std::vector<leg_spec>>::success(std::move(legs), {});
}

}  // namespace detail

namespace detail {

/// What a pending matrix waits for, as written: its expressions evaluated with every `needs`
/// value and the inputs it reads unknown.
inline std::vector<std::string> matrix_waits(const matrix::pending_matrix& pm, const value& job_ctx,
                                             const std::vector<expr::user_function>& functions) {
  std::vector<std::string> waits;
  auto segments = expr::split_template(pm.expression);
  expr::unknown_paths unknown;
  unknown.add("needs");
  for (const std::string& i : pm.inputs) unknown.add("inputs." + i);
  expr::partial_options po;
  po.unknown = unknown;
  if (segments) {
    for (const expr::template_segment& seg : *segments) {
      if (!seg.is_expression) continue;
      expr::compile_options co;
      co.contexts = {"github", "needs", "vars", "inputs"};
      co.status_functions = false;
      co.hash_files = false;
      co.functions = functions;
      auto e = expr::compile(seg.text, co);
      if (!e) continue;
      auto r = expr::evaluate_partial(*e, job_ctx, po);
      if (!r) continue;
      for (std::string& w : r->waits_for) {
        if (std::find(waits.begin(), waits.end(), w) == waits.end()) waits.push_back(std::move(w));
      }
    }
  }
  if (waits.empty()) {
    for (const std::string& id : pm.needs) waits.push_back("needs." + id + ".outputs");
    for (const std::string& i : pm.inputs) waits.push_back("inputs." + i);
  }
  return waits;
}

/// The leg count of a matrix that is only a literal `include:` list (each entry one leg,
/// whatever its values), else nothing.
inline std::optional<std::uint32_t> include_only_count(const model::strategy& st) {
  if (st.matrix_expression || !st.matrix.is_object() || st.matrix.as_object().size() != 1) {
    return std::nullopt;
  }
  const auto& [key, list] = *st.matrix.as_object().begin();
  if (key != "include" || !list.is_array() || list.as_array().empty()) return std::nullopt;
  for (const value& entry : list.as_array()) {
    if (!entry.is_object()) return std::nullopt;
  }
  return static_cast<std::uint32_t>(list.as_array().size());
}

}  // namespace detail

namespace detail {

/// A template (`with:` value, an input's default) evaluated with some values unknown: the
/// value when determined (a lone expression keeps its type), else what it waits for.
struct partial_template {
  std::optional<value> known;
  std::vector<std::string> waits_for;
  std::string error;  ///< a known part failed to evaluate
};

inline partial_template evaluate_template(const value& raw, const value& contexts,
                                          std::vector<std::string> allowed,
                                          const expr::partial_options& po,
                                          const std::vector<expr::user_function>& functions) {
  partial_template out;
  if (!raw.is_string() || raw.as_string().find("${{") == std::string_view::npos) {
    out.known = raw;
    return out;
  }
  auto segments = expr::split_template(raw.as_string());
  if (!segments) {
    out.error = segments.diagnostics().empty() ? std::string("invalid template")
                                               : segments.diagnostics().front().message;
    return out;
  }
  const bool lone = segments->size() == 1 && segments->front().is_expression;
  std::string text;
  for (const expr::template_segment& s : *segments) {
    if (!s.is_expression) {
      text += s.text;
      continue;
    }
    expr::compile_options co;
    co.contexts = allowed;
    co.status_functions = false;
    co.hash_files = false;
    co.functions = functions;
    auto e = expr::compile(s.text, co);
    if (!e) {
      out.error = e.diagnostics().empty() ? std::string("invalid expression")
                                          : e.diagnostics().front().message;
      return out;
    }
    auto r = expr::evaluate_partial(*e, contexts, po);
    if (!r) {
      out.error = r.diagnostics().empty() ? std::string("evaluation failed")
                                          : r.diagnostics().front().message;
      return out;
    }
    if (!r->known) {
      for (std::string& w : r->waits_for) {
        if (std::find(out.waits_for.begin(), out.waits_for.end(), w) == out.waits_for.end()) {
          out.waits_for.push_back(std::move(w));
        }
      }
      continue;
    }
    if (lone) {
      if (out.waits_for.empty()) out.known = std::move(*r->known);
      return out;
    }
    text += expr::to_string(*r->known);
  }
  if (out.waits_for.empty()) out.known = value(std::move(text));
  return out;
}

/// One called workflow, read once per plan.
struct called_workflow {
  model::read_report report;
  std::optional<trigger::triggers> triggers;
};

/// The workflow whose jobs a planner pass plans: the top one, or one called by a job.
struct call_scope {
  const model::workflow* wf = nullptr;
  value base;                               ///< github, vars, inputs
  std::vector<std::string> unknown_inputs;  ///< inputs known only at run time
  bool inputs_complete = true;              ///< matrix::resolve_options::inputs_known
  std::string id_prefix;                    ///< "" or "build/" (plan_job::id)
  std::string name_prefix;                  ///< "" or "build (linux) / " (display names)
  std::uint32_t caller = no_job;            ///< the calling job's plan index
  std::size_t level = 1;                    ///< levels of workflows, the top one is 1
  std::string file;                         ///< the `uses:` it was called with; "" on top
  const model::job* root_job = nullptr;     ///< the top workflow's job that leads here
};

/// Plans the jobs of one workflow into `p`, and those of the workflows its jobs call.
class planner {
 public:
  planner(plan& p, const plan_options& options, bool repository_given)
      : p_(p), options_(options), repository_given_(repository_given) {
    outcome_used_.assign(options.outcomes.size(), 0);
    duration_used_.assign(options.durations.size(), 0);
  }

  /// The first problem that makes the run fail at start ("" when none).
  const std::string& startup_failure() const { return startup_failure_; }
  std::vector<char>& outcome_used() { return outcome_used_; }
  std::vector<char>& duration_used() { return duration_used_; }

  /// Plans the jobs of `sc.wf`; returns their plan indices.
  std::vector<std::uint32_t> plan_scope(const call_scope& sc) {
    const model::workflow& wf = *sc.wf;
    const std::size_t n = wf.jobs.size();
    const auto first = static_cast<std::uint32_t>(p_.jobs.size());
    const std::size_t end = first + n;
    p_.jobs.resize(end);
    p_.specs.resize(end);
    std::vector<std::uint32_t> indices(n);
    for (std::size_t j = 0; j < n; ++j) {
      indices[j] = first + static_cast<std::uint32_t>(j);
      plan_job& pj = p_.jobs[first + j];
      pj.id = sc.id_prefix + wf.jobs[j].id;
      pj.name = sc.name_prefix + std::string(wf.jobs[j].display_name());
      pj.condition = wf.jobs[j].condition.text;
      pj.called_by = sc.caller;
      pj.level = static_cast<std::uint32_t>(sc.level);
    }
    // Needs, as plan indices within this workflow.
    for (std::size_t j = 0; j < n; ++j) {
      for (const model::located_string& s : wf.jobs[j].needs) {
        const std::size_t k = wf_index(wf, s.text);
        if (k < n && k != j)
          p_.jobs[first + j].needs.push_back(first + static_cast<std::uint32_t>(k));
      }
    }

    // Known outputs (literal values only; expressions are known only at run time, and so
    // are a called workflow's: those it declares, or any when it was not read).
    std::vector<value> outputs(end);
    std::vector<std::vector<std::string>> run_time_outputs(end);
    std::vector<std::string> local_ids(end);
    for (std::size_t j = 0; j < n; ++j) {
      object o;
      for (const model::named_value& e : wf.jobs[j].outputs.entries) {
        if (!e.value.is_expression()) {
          o.insert_or_assign(e.name.text, e.value.raw);
        } else {
          run_time_outputs[first + j].push_back(e.name.text);
        }
      }
      if (wf.jobs[j].uses) run_time_outputs[first + j].assign(1, "*");
      outputs[first + j] = value(std::move(o));
      local_ids[first + j] = wf.jobs[j].id;
    }

    for (std::size_t j = 0; j < n; ++j) {
      const model::job& mj = wf.jobs[j];
      const std::uint32_t index = first + static_cast<std::uint32_t>(j);
      auto state = std::make_shared<condition_state>();
      state->base = sc.base;
      state->job_ids = local_ids;
      state->outputs = outputs;
      state->hash_files = options_.hash_files;
      state->run_time_outputs = run_time_outputs;
      state->repository_unknown = !repository_given_;
      state->vars_unknown = options_.vars.is_null();
      state->workflow_run_conclusion_unknown = options_.event.name == "workflow_run" &&
                                               options_.event.workflow_conclusion == "undetermined";
      state->unknown_inputs = sc.unknown_inputs;
      plan_one(sc, mj, index, state);
    }
    return indices;
  }

 private:
  static std::size_t wf_index(const model::workflow& wf, std::string_view id) {
    for (std::size_t i = 0; i < wf.jobs.size(); ++i) {
      if (plan_iequals(wf.jobs[i].id, id)) return i;
    }
    return static_cast<std::size_t>(-1);
  }

  void plan_one(const call_scope& sc, const model::job& mj, std::uint32_t index,
                const std::shared_ptr<condition_state>& state) {
    const model::workflow& wf = *sc.wf;
    {
      job_spec& spec = p_.specs[index];
      spec.id = p_.jobs[index].id;
      spec.needs = p_.jobs[index].needs;
      spec.condition_text = mj.condition.text;
      spec.called_by = sc.caller;
    }

    // Condition.
    if (mj.condition.text != "success()") {
      expr::compile_options co;
      co.contexts = {"github", "needs", "vars", "inputs"};
      co.hash_files = false;
      co.functions = options_.functions;
      auto e = expr::compile(mj.condition.text, co);
      if (e) {
        state->expression = std::make_shared<const expr::expression>(std::move(*e));
      } else {
        for (diagnostic& x : e.diagnostics()) {
          x.message = "job '" + p_.jobs[index].id + "': if: " + x.message;
          report(sc, std::move(x));
        }
        p_.specs[index].condition = [](const condition_view&) { return false; };
      }
    }
    if (state->expression) {
      p_.specs[index].condition = [state](const condition_view& view) {
        return evaluate_condition(view, *state);
      };
    }

    // Strategy.
    bool fail_fast = true;
    std::uint32_t max_parallel = 0;
    value job_ctx = sc.base.clone();
    job_ctx.as_object().insert_or_assign("needs", value::make_object());
    if (mj.strategy) {
      if (auto ff = eval_optional(mj.strategy->fail_fast, job_ctx)) {
        fail_fast = to_bool_value(*ff, true);
      }
      if (auto mp = eval_optional(mj.strategy->max_parallel, job_ctx)) {
        const double d = expr::to_number(*mp);
        if (d >= 1 && d < 4294967295.0) max_parallel = static_cast<std::uint32_t>(d);
      }
    }
    p_.specs[index].fail_fast = fail_fast;
    p_.specs[index].max_parallel = max_parallel;

    // Matrix.
    std::vector<matrix::leg> legs;
    bool expanded = false;
    bool deferred = false;  // pending on needs' outputs: expanded during an executor's run
    if (mj.strategy && (mj.strategy->matrix_expression || !mj.strategy->matrix.is_null())) {
      plan_job& pj = p_.jobs[index];
      job_spec& spec = p_.specs[index];
      pj.has_matrix = true;
      matrix::resolve_options ro;
      ro.path = "/jobs/" + mj.id + "/strategy/matrix";
      ro.inputs_known = sc.inputs_complete;
      matrix::resolved_matrix rm =
          mj.strategy->matrix_expression
              ? matrix::resolve(mj.strategy->matrix_expression->raw, job_ctx, ro)
              : matrix::resolve(mj.strategy->matrix, job_ctx, ro);
      std::string pending;
      const bool known = rm.known();
      value m = std::move(rm.matrix);
      if (rm.pending) {
        pending = rm.pending->expression;
        pj.matrix_needs = rm.pending->needs;
        pj.matrix_reason = rm.pending->reason;
        deferred =
            rm.diagnostics.empty() && !rm.pending->needs.empty() && rm.pending->inputs.empty();
      }
      if (rm.pending && rm.diagnostics.empty()) {
        pj.matrix_waits = matrix_waits(*rm.pending, job_ctx, options_.functions);
        pj.pending_legs = include_only_count(*mj.strategy);
      }
      // A matrix is evaluated only when its job would start: when the event does not start
      // the workflow (invalid inputs among the reasons), its problems are not reported.
      if (!rm.diagnostics.empty()) {
        pj.matrix_error = rm.diagnostics.front().message;
        for (diagnostic& x : rm.diagnostics) {
          if (p_.runs) report(sc, std::move(x));
        }
      }
      if (known) {
        auto e = expand_matrix(m, mj, job_ctx, fail_fast, max_parallel, options_);
        if (e) {
          legs = std::move(*e);
          expanded = true;
        } else {
          pj.matrix_error = e.diagnostics().front().message;
          for (diagnostic& x : e.diagnostics()) {
            if (p_.runs) report(sc, std::move(x));
          }
        }
      }
      if (!pj.matrix_error.empty()) {
        // GitHub reports the error on the job when it would start, and fails it.
        spec.error = "strategy.matrix: " + pj.matrix_error;
      } else if (!expanded) {
        pj.matrix_pending = true;
        pj.matrix_expression = pending;
        spec.pending = pj.matrix_waits;
        if (spec.pending.empty()) spec.pending.emplace_back("strategy.matrix");
      }
    }
    if (!expanded) {
      matrix::leg single;
      single.name = std::string(mj.display_name());
      // Without legs, a name that reads `matrix` stays as written (never a made-up name).
      if (p_.jobs[index].has_matrix && mj.name && mj.name->raw.is_string()) {
        single.name = std::string(mj.name->text());
      } else if (mj.name && mj.name->is_expression()) {
        if (auto r = mj.name->evaluate(job_ctx); r && r->is_primitive()) {
          single.name = expr::to_string(*r);
        }
      }
      single.strategy = value::make_object({{"fail-fast", value(fail_fast)},
                                            {"job-index", value(0.0)},
                                            {"job-total", value(1.0)},
                                            {"max-parallel", value(1.0)}});
      legs.push_back(std::move(single));
    }
    if (!sc.name_prefix.empty()) {
      for (matrix::leg& l : legs) l.name.insert(0, sc.name_prefix);
    }

    if (mj.kind == model::job_kind::reusable_call && mj.uses) {
      plan_call_job(sc, mj, index, state, job_ctx, std::move(legs), expanded);
      return;
    }

    // The leg builder looks durations and outcomes up by the job's plan id.
    model::job named;
    const model::job* built = &mj;
    if (!sc.id_prefix.empty()) {
      named = mj;
      named.id = p_.jobs[index].id;
      built = &named;
    }
    std::vector<diagnostic> found;
    const planned_steps ps = plan_steps(*built, options_, &found);
    leg_builder builder{wf.env, *built, options_,        ps,
                        state,  &found, &duration_used_, &outcome_used_};
    plan_job& pj = p_.jobs[index];
    job_spec& spec = p_.specs[index];
    spec.legs.reserve(legs.size());
    pj.legs.reserve(legs.size());
    for (std::size_t k = 0; k < legs.size(); ++k) {
      matrix::leg& l = legs[k];
      spec.legs.push_back(
          builder.build(l, job_ctx, leg_position{fail_fast, k, legs.size(), max_parallel}));
      pj.legs.push_back(plan_leg{std::move(l.name), std::move(l.matrix)});
    }
    for (diagnostic& x : found) report(sc, std::move(x));
    if (deferred) {
      // The matrix reads its needs' outputs: an executor's run builds the legs from them.
      auto d = std::make_shared<deferred_matrix>(deferred_matrix{
          mj, wf.env, options_, state, job_ctx, fail_fast, max_parallel, sc.name_prefix,
          sc.id_prefix.empty() ? std::string() : p_.jobs[index].id});
      spec.expand = [d](const condition_view& view) { return expand_deferred(*d, view); };
    }
    if (!spec.legs.empty()) pj.runs_on = spec.legs.front().runner;
  }

  /// A diagnostic of a called workflow is anchored at the top job that leads to it.
  void report(const call_scope& sc, diagnostic d) {
    if (sc.root_job != nullptr) {
      d.notes.push_back("in " + sc.file + " at " + (d.path.empty() ? std::string("/") : d.path) +
                        ", called from job '" + sc.root_job->id + "'");
      d.path = "/jobs/" + sc.root_job->id;
      d.span = sc.root_job->uses ? sc.root_job->uses->span : sc.root_job->id_span;
    }
    p_.diagnostics.push_back(std::move(d));
  }

  /// Where a problem with the call of `mj` is reported: its `uses:` on top, else the top job.
  void report_call(const call_scope& sc, const model::job& mj, std::string_view code,
                   severity level, std::string message) {
    diagnostic d{std::string(code),          level,         std::move(message),
                 "/jobs/" + mj.id + "/uses", mj.uses->span, {}};
    report(sc, std::move(d));
  }

  /// The called workflow `uses`, read once; null when it cannot be read.
  const called_workflow* fetch(const std::string& uses, std::string& why) {
    auto it = cache_.find(uses);
    if (it != cache_.end()) {
      if (!it->second) why = "not found";
      return it->second.get();
    }
    std::optional<std::string> text =
        options_.resolve_workflow ? options_.resolve_workflow(uses) : std::nullopt;
    if (!text || !options_.load_workflow) {
      why = "not found";
      cache_.emplace(uses, nullptr);
      return nullptr;
    }
    if (loaded_ >= model::max_called_workflows) {
      why = "limit";
      return nullptr;
    }
    ++loaded_;
    auto w = std::make_unique<called_workflow>();
    w->report = options_.load_workflow(*text);
    if (w->report.ok()) {
      auto t = trigger::parse_on(w->report.workflow.on);
      if (t) w->triggers = std::move(*t);
    }
    return cache_.emplace(uses, std::move(w)).first->second.get();
  }

  /// A job that calls a reusable workflow: the called workflow's jobs are planned once per
  /// leg of its matrix, as the job's; when they cannot be, the job is one undetermined
  /// (another repository's workflow) or failed (a missing file, a limit) job without legs.
  void plan_call_job(const call_scope& sc, const model::job& mj, std::uint32_t index,
                     const std::shared_ptr<condition_state>& state, const value& job_ctx,
                     std::vector<matrix::leg> legs, bool matrix_known) {
    const std::string& uses = mj.uses->text;
    {
      plan_call c;
      c.uses = uses;
      c.secrets_inherit = mj.secrets_inherit;
      for (const model::named_value& e : mj.secrets.entries) c.secrets.push_back(e.name.text);
      p_.jobs[index].call = std::move(c);
    }
    const bool local = uses.rfind("./", 0) == 0;
    auto not_expanded = [&](std::string note) {
      plan_job& pj = p_.jobs[index];
      job_spec& spec = p_.specs[index];
      pj.call->note = std::move(note);
      // Its legs stand for the job (as an invalid or pending matrix's): they never run.
      for (const matrix::leg& l : legs) {
        leg_spec ls;
        ls.name = l.name;
        ls.matrix = l.matrix;
        ls.duration = options_.default_duration;
        spec.legs.push_back(std::move(ls));
        pj.legs.push_back(plan_leg{l.name, l.matrix});
      }
      if (spec.error.empty() && spec.pending.empty()) {
        spec.pending.push_back(uses);
        spec.pending_source = "the called workflow";
      }
    };
    auto failed = [&](std::string why) {
      p_.specs[index].error = why;
      not_expanded(std::move(why));
    };
    // What GitHub finds when it loads the workflow and the workflows it calls: the run fails
    // at start and no job runs (the job is marked failed too, for plans that go on).
    auto invalid = [&](std::string why) {
      if (startup_failure_.empty()) startup_failure_ = "job '" + p_.jobs[index].id + "': " + why;
      failed(std::move(why));
    };
    if (!p_.specs[index].error.empty() || (!matrix_known && p_.jobs[index].has_matrix)) {
      not_expanded(p_.specs[index].error.empty()
                       ? "not expanded: its matrix is known only at run time"
                       : "not expanded: its matrix is invalid");
      return;
    }
    if (sc.level + 1 > options_.max_call_levels) {
      const std::string why = "calling " + uses + " nests workflows deeper than " +
                              std::to_string(options_.max_call_levels) +
                              " levels (GitHub's limit, the top workflow included)";
      report_call(sc, mj, codes::model_call_depth_limit, severity::error,
                  "job '" + p_.jobs[index].id + "': " + why);
      invalid(why);
      return;
    }
    std::string why;
    const called_workflow* cw = fetch(uses, why);
    if (cw == nullptr) {
      if (why == "limit") {
        const std::string m = "more than " + std::to_string(model::max_called_workflows) +
                              " distinct reusable workflows are called (GitHub's limit); " + uses +
                              " is not planned";
        report_call(sc, mj, codes::model_call_limit, severity::error,
                    "job '" + p_.jobs[index].id + "': " + m);
        invalid(m);
      } else if (local && options_.resolve_workflow) {
        const std::string m = "the called workflow " + uses + " does not exist";
        report_call(sc, mj, codes::schedule_call_not_found, severity::error,
                    "job '" + p_.jobs[index].id + "': " + m);
        invalid(m);
      } else {
        const std::string m =
            local ? "no called workflows were given: its jobs are planned when they can be read"
                  : "it is another repository's workflow: its jobs are planned when a copy "
                    "is given";
        report_call(sc, mj, codes::schedule_call_not_expanded, severity::note,
                    "job '" + p_.jobs[index].id + "' calls " + uses + ": " + m +
                        "; until then the job waits for it (undetermined)");
        not_expanded("not expanded: " + m);
      }
      return;
    }
    const trigger::event_config* wc = cw->triggers ? cw->triggers->find("workflow_call") : nullptr;
    if (!cw->report.ok() || wc == nullptr) {
      std::string m = "the called workflow " + uses + " is invalid: ";
      if (wc == nullptr && cw->report.ok()) {
        m += "it has no workflow_call trigger";
      } else {
        for (const diagnostic& d : cw->report.diagnostics) {
          if (!d.is_error()) continue;
          m += d.message + " [" + d.code + "]";
          break;
        }
      }
      report_call(sc, mj, codes::model_called_workflow_invalid, severity::error,
                  "job '" + p_.jobs[index].id + "': " + m);
      invalid(m);
      return;
    }
    const model::workflow& callee = cw->report.workflow;
    if (p_.jobs.size() + callee.jobs.size() * legs.size() > model::default_max_jobs) {
      const std::string m = "the called workflows add up to more than " +
                            std::to_string(model::default_max_jobs) + " jobs; " + uses +
                            " is not planned";
      report_call(sc, mj, codes::model_job_limit, severity::error,
                  "job '" + p_.jobs[index].id + "': " + m);
      invalid(m);
      return;
    }

    // The outputs the calling job will have: those the called workflow declares.
    std::vector<std::string> declared;
    if (const value* o =
            callee.on.is_object() ? callee.on.as_object().find("workflow_call") : nullptr;
        o != nullptr && o->is_object()) {
      if (const value* outs = o->as_object().find("outputs");
          outs != nullptr && outs->is_object()) {
        for (const auto& [name, def] : outs->as_object()) declared.push_back(name);
      }
    }

    std::vector<std::uint32_t> called;
    std::vector<std::string> instances;
    std::vector<value> inputs;
    std::vector<std::vector<std::string>> unknown;
    const plan_job& caller = p_.jobs[index];
    const std::string caller_id = caller.id;
    const bool several = caller.has_matrix;
    std::vector<call_scope> scopes;
    for (std::size_t k = 0; k < legs.size(); ++k) {
      value leg_ctx = job_ctx.shallow_clone(2);
      leg_ctx.as_object().insert_or_assign("matrix", legs[k].matrix);
      leg_ctx.as_object().insert_or_assign(
          "strategy",
          leg_strategy(legs[k].strategy, leg_position{p_.specs[index].fail_fast, k, legs.size(),
                                                      p_.specs[index].max_parallel}));
      call_scope inner;
      inner.wf = &callee;
      inner.level = sc.level + 1;
      inner.file = uses;
      inner.caller = index;
      inner.root_job = sc.root_job != nullptr ? sc.root_job : &mj;
      inner.id_prefix = caller_id + (several ? "[" + std::to_string(k) + "]" : std::string()) + "/";
      inner.name_prefix = legs[k].name + " / ";
      if (const input_error bad = call_inputs(sc, mj, *wc, leg_ctx, *state, inner);
          !bad.message.empty()) {
        // A required input not given or a literal of the wrong type: GitHub rejects the
        // workflow before the run starts. A value computed by an expression is checked when
        // the job starts, and the job fails. Either way no called job runs.
        std::string m = (several ? legs[k].name + ": " : std::string()) + bad.message;
        if (bad.at_start) {
          invalid(std::move(m));
        } else {
          failed(std::move(m));
        }
        return;
      }
      instances.push_back(legs[k].name);
      inputs.push_back(inner.base.as_object().find("inputs")->clone());
      unknown.push_back(inner.unknown_inputs);
      scopes.push_back(std::move(inner));
    }
    for (const call_scope& inner : scopes) {
      for (const std::uint32_t c : plan_scope(inner)) called.push_back(c);
    }
    plan_job& pj = p_.jobs[index];
    job_spec& spec = p_.specs[index];
    pj.call->expanded = true;
    pj.call->instances = std::move(instances);
    pj.call->inputs = std::move(inputs);
    pj.call->unknown_inputs = std::move(unknown);
    pj.call->outputs = std::move(declared);
    pj.call->jobs = called;
    spec.calls = std::move(called);
    spec.legs.clear();
    pj.legs.clear();
  }

  /// The `inputs` of one call: the caller's `with:` evaluated for the calling leg (what
  /// reads its needs' outputs stays unknown), typed and completed with the defaults by
  /// trigger::resolve_inputs as GitHub does. Returns the first error (reported; empty when
  /// the inputs are valid as far as they are known) and whether GitHub finds it when it
  /// loads the workflow (a required input not given, a literal of the wrong type) rather than
  /// when the job starts (a value an expression computes).
  struct input_error {
    std::string message;
    bool at_start = false;
  };
  input_error call_inputs(const call_scope& sc, const model::job& mj,
                          const trigger::event_config& wc, const value& leg_ctx,
                          const condition_state& state, call_scope& inner) {
    input_error first_error;
    expr::partial_options po;
    po.unknown = [&state](std::span<const std::string> path) {
      return (!path.empty() && plan_iequals(path[0], "needs")) || unknown_context(path, state);
    };
    object provided;
    std::vector<std::string> unknown;
    for (const model::named_value& e : mj.with.entries) {
      const trigger::input_def* d = wc.find_input(e.name.text);
      if (d == nullptr) continue;  // check::calls reports it (PW0417)
      partial_template t = evaluate_template(
          e.value.raw, leg_ctx, {"github", "needs", "strategy", "matrix", "inputs", "vars"}, po,
          options_.functions);
      if (!t.error.empty()) {
        const std::string m = "with." + e.name.text + ": " + t.error;
        report_call(sc, mj, codes::trigger_input_invalid_value, severity::error,
                    "job '" + mj.id + "': " + m);
        if (first_error.message.empty()) first_error.message = m;
        unknown.push_back(d->name);
        continue;
      }
      if (t.known) {
        provided.insert_or_assign(d->name, std::move(*t.known));
      } else {
        unknown.push_back(d->name);
      }
    }
    // Defaults may read github, inputs and vars.
    value defaults_ctx = sc.base.clone();
    defaults_ctx.as_object().insert_or_assign("inputs", value(provided));
    condition_state dstate = state;
    dstate.unknown_inputs = unknown;
    expr::partial_options dpo;
    dpo.unknown = [&dstate](std::span<const std::string> path) {
      return unknown_context(path, dstate);
    };
    for (const trigger::input_def& d : wc.inputs) {
      if (provided.find(d.name) != nullptr ||
          std::find(unknown.begin(), unknown.end(), d.name) != unknown.end()) {
        continue;
      }
      if (!d.default_value.is_string() ||
          d.default_value.as_string().find("${{") == std::string_view::npos) {
        continue;
      }
      partial_template r = evaluate_template(d.default_value, defaults_ctx,
                                             {"github", "inputs", "vars"}, dpo, options_.functions);
      if (r.known) {
        provided.insert_or_assign(d.name, std::move(*r.known));
      } else {
        unknown.push_back(d.name);
      }
    }
    // Stand-ins for the unknown ones, so that the check does not call them missing.
    object given = provided;
    for (const std::string& u : unknown) {
      const trigger::input_def* d = wc.find_input(u);
      given.insert_or_assign(
          u, d != nullptr && d->type == trigger::input_type::boolean  ? value(true)
             : d != nullptr && d->type == trigger::input_type::number ? value(0.0)
                                                                      : value(std::string()));
    }
    auto resolved = trigger::resolve_inputs(wc, value(std::move(given)));
    object ctx;
    if (resolved) {
      for (const auto& [k, v] : resolved->as_object()) {
        if (std::find(unknown.begin(), unknown.end(), k) == unknown.end()) {
          ctx.insert_or_assign(k, v);
        }
      }
    } else {
      for (diagnostic& x : resolved.diagnostics()) {
        if (x.code == codes::trigger_input_unexpected) continue;  // PW0417 at lint
        if (x.is_error() && first_error.message.empty()) {
          first_error.message = x.message;
          first_error.at_start = x.code == codes::trigger_input_required || literal_input(mj, x);
        }
        x.message = "job '" + mj.id + "' calls " + mj.uses->text + ": " + x.message;
        report_call(sc, mj, x.code, x.level, x.message);
      }
    }
    inner.base = sc.base.clone();
    inner.base.as_object().insert_or_assign("inputs", value(std::move(ctx)));
    inner.unknown_inputs = std::move(unknown);
    inner.inputs_complete = inner.unknown_inputs.empty();
    return first_error;
  }

  /// Whether the input a resolve_inputs() diagnostic is about (its path `/inputs/NAME`) was
  /// given by the call as a literal (no `${{ }}`), or not given at all (its default is
  /// wrong): what GitHub checks when it loads the workflow.
  static bool literal_input(const model::job& mj, const diagnostic& x) {
    constexpr std::string_view prefix = "/inputs/";
    if (x.path.rfind(prefix, 0) != 0) return true;
    const std::string_view name = std::string_view(x.path).substr(prefix.size());
    for (const model::named_value& e : mj.with.entries) {
      if (!plan_iequals(e.name.text, name)) continue;
      return !e.value.raw.is_string() ||
             e.value.raw.as_string().find("${{") == std::string_view::npos;
    }
    return true;
  }

  plan& p_;
  const plan_options& options_;
  bool repository_given_;
  std::vector<char> outcome_used_;
  std::vector<char> duration_used_;
  std::map<std::string, std::unique_ptr<called_workflow>> cache_;
  std::size_t loaded_ = 0;
  std::string startup_failure_;  ///< the first problem GitHub finds at load (see plan)
};

/// The waves of a plan with calls: a called job starts with its calling job (same wave
/// for the called workflow's first jobs), and the calling job's dependants come after all
/// of its called jobs. Jobs on a cycle are in no wave.
inline void compute_waves(plan& p) {
  const std::size_t n = p.jobs.size();
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> next(n);  // (job, step)
  std::vector<std::uint32_t> indegree(n, 0);
  auto edge = [&](std::uint32_t from, std::uint32_t to, std::uint32_t step) {
    next[from].emplace_back(to, step);
    ++indegree[to];
  };
  // Every job a calling job stands for (its called jobs, and theirs).
  auto called_closure = [&p](std::uint32_t j) {
    std::vector<std::uint32_t> out;
    std::vector<std::uint32_t> todo{j};
    while (!todo.empty()) {
      const std::uint32_t a = todo.back();
      todo.pop_back();
      if (!p.jobs[a].call || p.jobs[a].call->jobs.empty()) {
        if (a != j) out.push_back(a);
        continue;
      }
      for (const std::uint32_t c : p.jobs[a].call->jobs) {
        out.push_back(c);
        todo.push_back(c);
      }
    }
    return out;
  };
  for (std::uint32_t j = 0; j < n; ++j) {
    for (const std::uint32_t d : p.jobs[j].needs) {
      if (d >= n) continue;
      edge(d, j, 1);
      for (const std::uint32_t c : called_closure(d)) edge(c, j, 1);
    }
    if (p.jobs[j].called_by < n) edge(p.jobs[j].called_by, j, 0);
  }
  std::vector<std::uint32_t> level(n, 0);
  std::vector<char> placed(n, 0);
  std::vector<std::uint32_t> order;
  for (std::uint32_t j = 0; j < n; ++j) {
    if (indegree[j] == 0) order.push_back(j);
  }
  for (std::size_t h = 0; h < order.size(); ++h) {
    const std::uint32_t j = order[h];
    placed[j] = 1;
    for (const auto& [d, step] : next[j]) {
      level[d] = std::max(level[d], level[j] + step);
      if (--indegree[d] == 0) order.push_back(d);
    }
  }
  p.waves.clear();
  for (std::uint32_t j = 0; j < n; ++j) {
    p.jobs[j].wave = level[j];
    if (placed[j] == 0) continue;
    if (p.waves.size() <= level[j]) p.waves.resize(level[j] + 1);
    p.waves[level[j]].push_back(j);
  }
}

}  // namespace detail

PIPEWRIGHT_DECL result<plan> make_plan(const model::workflow& wf, const plan_options& options) {
  plan p;
  p.functions = options.functions;
  // Trigger.
  auto on = trigger::parse_on(wf.on);
  if (on) {
    for (const diagnostic& x : on.diagnostics()) p.diagnostics.push_back(x);  // warnings
    const trigger::decision d = trigger::match(*on, options.event);
    p.runs = d.runs;
    p.event = d.event;
    p.reasons = d.reasons;
    p.summary = d.summary();
    p.inputs = d.inputs;
    for (const diagnostic& x : d.diagnostics) p.diagnostics.push_back(x);
  } else {
    p.runs = false;
    p.event = trigger::describe(options.event);
    p.reasons.emplace_back("the workflow's 'on:' is invalid");
    p.summary = p.event + ": the workflow's 'on:' is invalid \xE2\x86\x92 not run";
    for (const diagnostic& x : on.diagnostics()) p.diagnostics.push_back(x);
  }
  if (!options.inputs.is_null()) p.inputs = options.inputs;
  if (p.inputs.is_null()) p.inputs = value::make_object();
  trigger::context_options copts = options.context;
  if (copts.workflow.empty() && wf.name && !wf.name->is_expression()) {
    copts.workflow = std::string(wf.name->text());
  }
  const bool repository_given =
      !options.repository.empty() ||
      options.event.repository.full_name != trigger::repository_info{}.full_name;
  p.repository_known = repository_given;
  if (options.repository.empty()) {
    p.github = trigger::github_context(options.event, copts);
  } else {
    trigger::event e = options.event;
    e.repository.full_name = options.repository;
    p.github = trigger::github_context(e, copts);
  }

  value base = value::make_object();
  base.as_object().insert_or_assign("github", p.github);
  base.as_object().insert_or_assign("vars",
                                    options.vars.is_null() ? value::make_object() : options.vars);
  base.as_object().insert_or_assign("inputs", p.inputs);
  p.vars = options.vars.is_null() ? value::make_object() : options.vars;
  p.vars_known = !options.vars.is_null();

  if (wf.concurrency) {
    if (auto g = wf.concurrency->group.evaluate(base); g && g->is_primitive()) {
      p.concurrency_group = expr::to_string(*g);
    } else {
      p.concurrency_group = std::string(wf.concurrency->group.text());
    }
    if (auto c = detail::eval_optional(wf.concurrency->cancel_in_progress, base)) {
      p.cancel_in_progress = detail::to_bool_value(*c, false);
    }
  }

  // The graph of the top workflow.
  const std::size_t n = wf.jobs.size();
  std::vector<std::string_view> ids(n);
  std::vector<std::uint32_t> offsets(n + 1, 0);
  std::vector<std::string_view> need_names;
  for (std::size_t j = 0; j < n; ++j) {
    ids[j] = wf.jobs[j].id;
    for (const model::located_string& s : wf.jobs[j].needs) need_names.push_back(s.text);
    offsets[j + 1] = static_cast<std::uint32_t>(need_names.size());
  }
  const graph::needs_list nl{ids, offsets, need_names};
  const graph::resolution res = graph::resolve(nl);
  for (diagnostic& x : graph::describe(res, nl)) p.diagnostics.push_back(std::move(x));

  // Jobs (those of called workflows after them) and their specs.
  detail::planner planner(p, options, repository_given);
  detail::call_scope top;
  top.wf = &wf;
  top.base = base;
  top.inputs_complete = options.event.name != "workflow_call";
  planner.plan_scope(top);
  if (!planner.startup_failure().empty() && p.runs) {
    // GitHub loads the called workflows before the run starts; one that cannot be called as
    // written fails the run at start, and no job runs.
    p.runs = false;
    p.startup_failure = planner.startup_failure();
    p.reasons.push_back("the workflow is not valid: " + p.startup_failure);
    p.summary += "; but the workflow is not valid: startup failure, no job runs";
  }
  std::vector<char>& outcome_used = planner.outcome_used();
  std::vector<char>& duration_used = planner.duration_used();
  if (p.jobs.size() == n) {
    for (std::size_t k = 0; k < res.waves.wave_count(); ++k) {
      std::vector<std::uint32_t> wave;
      for (const graph::vertex v : res.waves.wave(k)) {
        if (v < res.vertex_job.size()) wave.push_back(res.vertex_job[v]);
      }
      p.waves.push_back(std::move(wave));
    }
    for (std::size_t j = 0; j < n; ++j) {
      const graph::vertex v = j < res.job_vertex.size() ? res.job_vertex[j] : 0;
      p.jobs[j].wave = v < res.waves.level.size() ? res.waves.level[v] : 0;
    }
  } else {
    detail::compute_waves(p);  // with the called workflows' jobs
  }

  // A name that matches nothing is a typo or a stale job: say so. While a matrix is pending
  // its legs' names are not known yet, so nothing can be said.
  bool pending = false;
  for (const plan_job& j : p.jobs) pending = pending || j.matrix_pending;
  auto unmatched = [&p, pending](std::string_view what, const auto& list,
                                 const std::vector<char>& used) {
    for (std::size_t i = 0; i < list.size() && !pending; ++i) {
      if (used[i] != 0) continue;
      p.diagnostics.push_back(make_warning(
          codes::matrix_unknown_name, std::string(what) + " '" + list[i].first +
                                          "' names no job, matrix leg or step of the workflow; "
                                          "it has no effect"));
    }
  };
  unmatched("outcome", options.outcomes, outcome_used);
  unmatched("duration", options.durations, duration_used);
  return result<plan>::success(std::move(p), {});
}

PIPEWRIGHT_DECL workflow_run as_workflow_run(const plan& p, double arrival) {
  workflow_run r;
  r.jobs = p.specs;
  r.arrival = arrival;
  r.concurrency_group = p.concurrency_group;
  r.cancel_in_progress = p.cancel_in_progress;
  return r;
}

namespace detail {

/// A normalised `success() && (…)` that is false because of a needed job: say which.
PIPEWRIGHT_DECL void name_culprits(const plan& p, run_result& r) {
  for (std::size_t j = 0; j < p.specs.size() && j < r.job_results.size(); ++j) {
    if (r.job_results[j] != status::skipped || !p.specs[j].condition) continue;
    if (p.specs[j].condition_text.rfind("success() && (", 0) != 0) continue;
    if (j >= r.job_reasons.size() || r.job_reasons[j].rfind("condition", 0) != 0) continue;
    const std::vector<char> finished(p.specs.size(), 1);
    const condition_view view(p.specs, r.job_results, finished, static_cast<std::uint32_t>(j),
                              false);
    std::string culprit;
    view.for_each_ancestor([&](std::uint32_t a) {
      const status s = r.job_results[a];
      if (!culprit.empty() || s == status::success || s == status::undetermined) return;
      culprit = "needed job '" + p.specs[a].id + "' " +
                (s == status::failure     ? "failed"
                 : s == status::cancelled ? "was cancelled"
                                          : "was skipped");
    });
    if (!culprit.empty()) r.job_reasons[j] += ": " + culprit;
  }
}

/// A job skipped because its `if:` is false: add the values of the github, inputs and vars
/// references it read ("github.repository is 'fork/repo'"), so that the reason says what the
/// plan decided with. Values the plan does not know (a repository or vars not given) are
/// left out.
inline void name_values(const plan& p, run_result& r) {
  auto not_known = [&p](const std::vector<std::string>& path) {
    return unknown_before_run(path, !p.repository_known, !p.vars_known);
  };
  for (std::size_t j = 0; j < p.jobs.size() && j < r.job_results.size(); ++j) {
    if (r.job_results[j] != status::skipped || j >= r.job_reasons.size()) continue;
    if (r.job_reasons[j].rfind("condition", 0) != 0) continue;
    if (p.jobs[j].condition.rfind("success() && (", 0) == 0) {
      // A needed job that did not succeed decided (name_culprits says which), not the values.
      const std::vector<char> finished(p.specs.size(), 1);
      const condition_view view(p.specs, r.job_results, finished, static_cast<std::uint32_t>(j),
                                false);
      bool decided = false;
      view.for_each_ancestor([&](std::uint32_t a) {
        decided = decided ||
                  (r.job_results[a] != status::success && r.job_results[a] != status::undetermined);
      });
      if (decided) continue;
    }
    expr::compile_options co;
    co.contexts = {"github", "needs", "vars", "inputs"};
    co.hash_files = false;
    co.functions = p.functions;
    auto e = expr::compile(p.jobs[j].condition, co);
    if (!e) continue;
    const value contexts = value::make_object(
        {{"github", p.github}, {"inputs", p.inputs}, {"vars", p.vars}, {"needs", value()}});
    std::vector<std::vector<std::string>> read;
    expr::partial_options po;
    po.unknown = [&read, &not_known](std::span<const std::string> path) {
      if (path.size() < 2 || plan_iequals(path[0], "needs")) return false;
      std::vector<std::string> v(path.begin(), path.end());
      const bool unknown = not_known(v);
      if (!unknown && std::find(read.begin(), read.end(), v) == read.end()) {
        read.push_back(std::move(v));
      }
      return unknown;  // as in the simulation: what decided is what is known
    };
    po.status = [](expr::builtin, std::span<const value>) { return expr::truth::unknown; };
    if (!expr::evaluate_partial(*e, contexts, po)) continue;
    std::string values;
    for (const std::vector<std::string>& path : read) {
      const value* at = &contexts;
      std::string dotted;
      for (const std::string& k : path) {
        at = at->is_object() ? at->as_object().find(k) : nullptr;
        if (at == nullptr) break;
        dotted += (dotted.empty() ? "" : ".") + k;
      }
      if (at == nullptr || !at->is_primitive() || at->is_null()) continue;
      const std::string shown =
          at->is_string() ? "'" + std::string(at->as_string()) + "'" : expr::to_string(*at);
      values += (values.empty() ? "" : ", ") + dotted + " is " + shown;
    }
    if (!values.empty()) r.job_reasons[j] += " (" + values + ")";
  }
}

}  // namespace detail

PIPEWRIGHT_DECL std::vector<std::uint32_t> ancestors(const plan& p, std::uint32_t j) {
  std::vector<char> seen(p.jobs.size(), 0);
  std::vector<std::uint32_t> todo;
  if (j < p.jobs.size()) todo.assign(p.jobs[j].needs.begin(), p.jobs[j].needs.end());
  while (!todo.empty()) {
    const std::uint32_t a = todo.back();
    todo.pop_back();
    if (a >= p.jobs.size() || seen[a] != 0) continue;
    seen[a] = 1;
    todo.insert(todo.end(), p.jobs[a].needs.begin(), p.jobs[a].needs.end());
  }
  std::vector<std::uint32_t> out;
  for (std::uint32_t a = 0; a < p.jobs.size(); ++a) {
    if (seen[a] != 0) out.push_back(a);
  }
  return out;
}

PIPEWRIGHT_DECL run_result run_plan(const plan& p, const simulate_options& options) {
  if (p.runs) {
    run_result r = simulate(p.specs, options);
    detail::name_values(p, r);
    detail::name_culprits(p, r);
    return r;
  }
  run_result r;
  const std::string reason =
      p.startup_failure.empty()
          ? "the workflow does not run: " + p.summary
          : "startup failure (the workflow is not valid): " + p.startup_failure;
  for (std::size_t j = 0; j < p.specs.size(); ++j) {
    for (std::size_t l = 0; l < p.specs[j].legs.size(); ++l) {
      leg_run lr;
      lr.job = static_cast<std::uint32_t>(j);
      lr.leg = static_cast<std::uint32_t>(l);
      lr.result = status::skipped;
      lr.reason = reason;
      r.legs.push_back(std::move(lr));
    }
    r.job_results.push_back(status::skipped);
    r.job_reasons.push_back(reason);
  }
  r.conclusion = status::skipped;
  return r;
}

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright
