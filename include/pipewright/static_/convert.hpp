/// @file convert.hpp
/// A compile-time pipeline at run time: to_value() (the workflow as the value tree a YAML
/// file would load to), to_model() (that tree through the workflow reader, so the model is
/// the one the YAML loader makes) and to_yaml() (GitHub Actions YAML).
///
/// ```cpp
/// auto model = pipewright::static_::to_model(ci);   // result<model::workflow>
/// std::string yaml = pipewright::static_::to_yaml(ci);
/// ```
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/check/workflow.hpp"
#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/static_/analysis.hpp"
#include "pipewright/static_/definition.hpp"
#include "pipewright/static_/workflow.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"
#include "pipewright/value/yaml_text.hpp"

namespace pipewright {
inline namespace v0 {
namespace static_ {

namespace detail {

inline value scalar_value(const item& i) {
  switch (i.type) {
    case scalar_kind::integer: return value(static_cast<double>(i.number));
    case scalar_kind::boolean: return value(i.number != 0);
    case scalar_kind::null: return value();
    case scalar_kind::real: return value(std::bit_cast<double>(i.number));
    default: return value(i.b);
  }
}

/// `obj[key]`, created as `init` when missing.
inline value& member(value& obj, std::string_view key, value init) {
  object& o = obj.as_object();
  if (value* v = o.find(key)) return *v;
  o.insert(std::string(key), std::move(init));
  return *o.find(key);
}

inline void append(value& arr, value v) {
  arr.as_array().push_back(std::move(v));
}

/// `concurrency:` as GitHub's short form (the group) or the mapping with cancel-in-progress.
inline value concurrency_value(const item& it) {
  if ((it.number & 2) == 0) return value(it.a);
  value cancel = it.type == scalar_kind::boolean ? value((it.number & 1) != 0) : value(it.b);
  return value::make_object({{"group", value(it.a)}, {"cancel-in-progress", std::move(cancel)}});
}

/// `defaults: {run: {...}}` with one more key.
inline void add_default(value& defaults, const item& it) {
  if (defaults.is_null()) defaults = value::make_object({{"run", value::make_object()}});
  member(*defaults.as_object().find("run"),
         it.kind == item_kind::defaults_shell ? "shell" : "working-directory", value(it.a));
}

inline value step_value(std::span<const item> items, std::size_t& i, std::size_t end) {
  value s = value::make_object();
  for (++i; i < end && items[i].level == item_level::step && items[i].kind != item_kind::step;
       ++i) {
    const item& it = items[i];
    switch (it.kind) {
      case item_kind::step_id: member(s, "id", value(it.a)); break;
      case item_kind::name: member(s, "name", value(it.a)); break;
      case item_kind::if_: member(s, "if", value(it.a)); break;
      case item_kind::uses: member(s, "uses", value(it.a)); break;
      case item_kind::run: member(s, "run", value(it.a)); break;
      case item_kind::shell: member(s, "shell", value(it.a)); break;
      case item_kind::working_directory: member(s, "working-directory", value(it.a)); break;
      case item_kind::timeout_minutes: member(s, "timeout-minutes", scalar_value(it)); break;
      case item_kind::continue_on_error: member(s, "continue-on-error", scalar_value(it)); break;
      case item_kind::with:
        member(s, "with", value::make_object())
            .as_object()
            .insert(std::string(it.a), scalar_value(it));
        break;
      case item_kind::env:
        member(s, "env", value::make_object())
            .as_object()
            .insert(std::string(it.a), scalar_value(it));
        break;
      default: break;
    }
  }
  --i;
  return s;
}

inline value job_value(std::span<const item> items, const job_view& jv) {
  value j = value::make_object();
  // Keys in the order a workflow usually has them.
  std::string_view name;
  value runs_on;
  value needs;
  value strategy;
  value matrix;
  value steps;
  value* rule = nullptr;
  value services;
  value* service = nullptr;
  value env;
  value with;
  value outputs;
  value permissions;
  value environment;
  value condition;
  value uses;
  value timeout;
  value continue_on_error;
  value concurrency;
  value defaults;
  value container;
  for (std::size_t i = jv.begin + 1; i < jv.end; ++i) {
    const item& it = items[i];
    if (it.level == item_level::step) {
      if (it.kind == item_kind::step) {
        if (steps.is_null()) steps = value::make_array();
        append(steps, step_value(items, i, jv.end));
      }
      continue;
    }
    if (it.level == item_level::service) {
      if (service == nullptr) continue;
      if (it.kind == item_kind::port) {
        append(member(*service, "ports", value::make_array()), value(it.a));
      } else if (it.kind == item_kind::env) {
        member(*service, "env", value::make_object())
            .as_object()
            .insert(std::string(it.a), scalar_value(it));
      }
      continue;
    }
    if (it.level == item_level::container) {
      if (container.is_null()) continue;
      if (it.kind == item_kind::port) {
        append(member(container, "ports", value::make_array()), value(it.a));
      } else if (it.kind == item_kind::env) {
        member(container, "env", value::make_object())
            .as_object()
            .insert(std::string(it.a), scalar_value(it));
      } else if (it.kind == item_kind::option) {
        value& o = member(container, "options", value(""));
        std::string joined(o.as_string());
        if (!joined.empty()) joined += ' ';
        joined += it.a;
        o = value(std::move(joined));
      }
      continue;
    }
    switch (it.kind) {
      case item_kind::name: name = it.a; break;
      case item_kind::concurrency: concurrency = concurrency_value(it); break;
      case item_kind::defaults_shell:
      case item_kind::defaults_working_directory: add_default(defaults, it); break;
      case item_kind::container: container = value::make_object({{"image", value(it.a)}}); break;
      case item_kind::runs_on:
        if (runs_on.is_null()) {
          runs_on = value(it.a);
        } else {
          if (runs_on.is_string()) runs_on = value::make_array({runs_on});
          append(runs_on, value(it.a));
        }
        break;
      case item_kind::needs:
        if (needs.is_null()) needs = value::make_array();
        append(needs, value(it.a));
        break;
      case item_kind::if_: condition = value(it.a); break;
      case item_kind::uses: uses = value(it.a); break;
      case item_kind::timeout_minutes: timeout = scalar_value(it); break;
      case item_kind::continue_on_error: continue_on_error = scalar_value(it); break;
      case item_kind::environment:
        if (it.b.empty()) {
          environment = value(it.a);
        } else {
          environment = value::make_object({{"name", value(it.a)}, {"url", value(it.b)}});
        }
        break;
      case item_kind::env:
        if (env.is_null()) env = value::make_object();
        env.as_object().insert(std::string(it.a), scalar_value(it));
        break;
      case item_kind::with:
        if (with.is_null()) with = value::make_object();
        with.as_object().insert(std::string(it.a), scalar_value(it));
        break;
      case item_kind::output:
        if (outputs.is_null()) outputs = value::make_object();
        outputs.as_object().insert(std::string(it.a), scalar_value(it));
        break;
      case item_kind::permission:
        if (permissions.is_null()) permissions = value::make_object();
        permissions.as_object().insert(std::string(it.a), scalar_value(it));
        break;
      case item_kind::fail_fast:
        if (strategy.is_null()) strategy = value::make_object();
        member(strategy, "fail-fast", scalar_value(it));
        break;
      case item_kind::max_parallel:
        if (strategy.is_null()) strategy = value::make_object();
        member(strategy, "max-parallel", scalar_value(it));
        break;
      case item_kind::axis:
        if (matrix.is_null()) matrix = value::make_object();
        member(matrix, it.a, value::make_array());
        rule = matrix.as_object().find(it.a);
        break;
      case item_kind::axis_value:
        if (rule != nullptr) append(*rule, scalar_value(it));
        break;
      case item_kind::include:
      case item_kind::exclude: {
        if (matrix.is_null()) matrix = value::make_object();
        value& list = member(matrix, it.kind == item_kind::include ? "include" : "exclude",
                             value::make_array());
        append(list, value::make_object());
        rule = &list.as_array().back();
        break;
      }
      case item_kind::entry:
        if (rule != nullptr && rule->is_object()) {
          rule->as_object().insert(std::string(it.a), scalar_value(it));
        }
        break;
      case item_kind::service: {
        if (services.is_null()) services = value::make_object();
        services.as_object().insert(std::string(it.a),
                                    value::make_object({{"image", value(it.b)}}));
        service = services.as_object().find(it.a);
        break;
      }
      default: break;
    }
  }
  if (!name.empty()) member(j, "name", value(name));
  if (!runs_on.is_null()) member(j, "runs-on", runs_on);
  if (!needs.is_null()) member(j, "needs", needs);
  if (!condition.is_null()) member(j, "if", condition);
  if (!permissions.is_null()) member(j, "permissions", permissions);
  if (!environment.is_null()) member(j, "environment", environment);
  if (!concurrency.is_null()) member(j, "concurrency", concurrency);
  if (!timeout.is_null()) member(j, "timeout-minutes", timeout);
  if (!continue_on_error.is_null()) member(j, "continue-on-error", continue_on_error);
  if (!matrix.is_null()) {
    if (strategy.is_null()) strategy = value::make_object();
    member(strategy, "matrix", matrix);
  }
  if (!strategy.is_null()) member(j, "strategy", strategy);
  if (!container.is_null()) member(j, "container", container);
  if (!services.is_null()) member(j, "services", services);
  if (!env.is_null()) member(j, "env", env);
  if (!defaults.is_null()) member(j, "defaults", defaults);
  if (!outputs.is_null()) member(j, "outputs", outputs);
  if (!uses.is_null()) member(j, "uses", uses);
  if (!with.is_null()) member(j, "with", with);
  if (!steps.is_null()) member(j, "steps", steps);
  return j;
}

inline value workflow_value(std::span<const item> items) {
  value w = value::make_object();
  if (!items.empty() && !items[0].a.empty()) member(w, "name", value(items[0].a));
  value on = value::make_object();
  value* event = nullptr;
  value* input = nullptr;
  value env;
  value run_name;
  value concurrency;
  value defaults;
  // An event's mapping, made on its first filter, type or input.
  auto event_object = [&event]() -> value& {
    if (event->is_null()) *event = value::make_object();
    return *event;
  };
  for (const item& it : items) {
    if (it.level != item_level::workflow) continue;
    if (it.kind == item_kind::filter && event != nullptr) {
      append(member(event_object(), it.a, value::make_array()), value(it.b));
    } else if (it.kind == item_kind::activity_type && event != nullptr) {
      append(member(event_object(), "types", value::make_array()), value(it.a));
    } else if (it.kind == item_kind::input && event != nullptr) {
      value& inputs = member(event_object(), "inputs", value::make_object());
      inputs.as_object().insert(std::string(it.a), value::make_object());
      input = inputs.as_object().find(it.a);
    } else if (it.kind == item_kind::input_field && input != nullptr) {
      member(*input, it.a, scalar_value(it));
    } else if (it.kind == item_kind::option && input != nullptr) {
      append(member(*input, "options", value::make_array()), value(it.a));
    } else if (it.kind == item_kind::run_name) {
      run_name = value(it.a);
    } else if (it.kind == item_kind::concurrency) {
      concurrency = concurrency_value(it);
    } else if (it.kind == item_kind::defaults_shell ||
               it.kind == item_kind::defaults_working_directory) {
      add_default(defaults, it);
    } else if (it.kind == item_kind::event) {
      input = nullptr;
      on.as_object().insert(std::string(it.a), value());
      event = on.as_object().find(it.a);
    } else if (it.kind == item_kind::branch && event != nullptr) {
      if (event->is_null()) *event = value::make_object({{"branches", value::make_array()}});
      append(member(*event, "branches", value::make_array()), value(it.a));
    } else if (it.kind == item_kind::cron && event != nullptr) {
      if (event->is_null()) *event = value::make_array();
      append(*event, value::make_object({{"cron", value(it.a)}}));
    } else if (it.kind == item_kind::env) {
      if (env.is_null()) env = value::make_object();
      env.as_object().insert(std::string(it.a), scalar_value(it));
    }
  }
  if (!run_name.is_null()) member(w, "run-name", run_name);
  member(w, "on", on);
  if (!env.is_null()) member(w, "env", env);
  if (!defaults.is_null()) member(w, "defaults", defaults);
  if (!concurrency.is_null()) member(w, "concurrency", concurrency);
  value jobs = value::make_object();
  for (const job_view& jv : jobs_of(items)) {
    jobs.as_object().insert(std::string(jv.id), job_value(items, jv));
  }
  member(w, "jobs", jobs);
  return w;
}

}  // namespace detail

/// The workflow as the value tree its YAML loads to.
template <std::size_t N, std::size_t J>
value to_value(const basic_workflow<N, J>& def) {
  return detail::workflow_value(def.definition());
}

/// The workflow read into the runtime model by the same reader as YAML files, so `plan`,
/// `simulate`, `graph` and the exports work on it, its expressions compiled with the host
/// `functions` (a function set's functions(), as an engine reads with). Diagnostics are the
/// reader's.
template <std::size_t N, std::size_t J>
result<model::workflow> to_model(const basic_workflow<N, J>& def,
                                 std::vector<pipewright::expr::user_function> functions) {
  model::read_options options;
  options.validate.functions = std::move(functions);
  return check::read(to_value(def), {}, {}, options);
}

/// to_model() with the definition's `host_functions` declared without callables (calls
/// give null): the model validates as with the function set, but a host that evaluates its
/// expressions passes the function set's functions().
template <std::size_t N, std::size_t J>
result<model::workflow> to_model(const basic_workflow<N, J>& def) {
  const std::vector<pipewright::expr::function_signature> hosts =
      detail::host_signatures(def.definition());
  return to_model(def, pipewright::expr::declared_functions(hosts));
}

/// GitHub Actions YAML for the workflow: two-space indentation, keys in a fixed order,
/// strings quoted unless plainly safe, multi-line strings as literal blocks.
template <std::size_t N, std::size_t J>
std::string to_yaml(const basic_workflow<N, J>& def) {
  std::string out;
  yaml_text::write(out, to_value(def));
  return out;
}

/// validate()'s problems as runtime diagnostics (code, message, JSON-pointer path, and for
/// expressions the span of the error inside the expression text).
template <std::size_t N, std::size_t J>
std::vector<diagnostic> to_diagnostics(const basic_workflow<N, J>& def, const report& r) {
  std::vector<diagnostic> out;
  const std::vector<detail::job_view> jobs = detail::jobs_of(def.definition());
  auto id = [&jobs](std::uint32_t j) {
    return j < jobs.size() ? std::string(jobs[j].id) : std::string();
  };
  for (const problem& p : r) {
    std::string path;
    if (p.job != problem::none) {
      path = "/jobs/" + id(p.job);
      if (p.step != problem::none) path += "/steps/" + std::to_string(p.step);
      if (!p.field.empty()) {
        std::string field(p.field);
        for (char& c : field) {
          if (c == '.') c = '/';
        }
        path += "/" + field;
      }
      if (!p.entry.empty()) path += "/" + std::string(p.entry);
    } else if (!p.field.empty()) {
      path = "/" + std::string(p.field);
      if (!p.entry.empty()) path += "/" + std::string(p.entry);
    }
    std::string message;
    switch (p.kind) {
      case problem_kind::no_jobs: message = "The workflow has no jobs"; break;
      case problem_kind::invalid_job_id:
        message = "The job id '" + id(p.job) + "' is invalid: ids start with a letter or '_', " +
                  "use only letters, digits, '_' and '-', are shorter than 100 characters " +
                  "and do not start with '__'";
        break;
      case problem_kind::duplicate_job:
        message = "The job id '" + id(p.job) + "' is used by another job (ids ignore case)";
        break;
      case problem_kind::unknown_needs:
        message = "Job '" + id(p.job) + "' depends on unknown job '" + std::string(p.text) + "'";
        break;
      case problem_kind::cycle: {
        message = "The needs of these jobs form a cycle: ";
        for (std::uint32_t k = 0; k < p.cycle_length && k < max_cycle_length; ++k) {
          message += id(p.cycle[k]) + " -> ";
        }
        if (p.cycle_length > max_cycle_length) message += "... -> ";
        message += id(p.cycle[0]);
        break;
      }
      case problem_kind::no_steps:
        message = "Job '" + id(p.job) + "' has neither steps nor a reusable-workflow 'uses'";
        break;
      case problem_kind::no_runs_on:
        message = "Job '" + id(p.job) + "' has steps but no 'runs-on'";
        break;
      case problem_kind::expression_syntax:
      case problem_kind::context_not_allowed:
      case problem_kind::expression_too_large:
        message = (p.kind == problem_kind::context_not_allowed
                       ? "An expression names a context that is not available here, at column "
                   : p.kind == problem_kind::expression_too_large
                       ? "An expression is larger than the compile-time limit, at column "
                       : "An expression does not parse, at column ") +
                  std::to_string(p.column) + ": " + std::string(p.text);
        break;
      case problem_kind::matrix_too_many_legs:
        message = "The matrix of job '" + id(p.job) + "' has " + std::to_string(p.count) +
                  " legs; the limit is " + std::to_string(max_matrix_legs);
        break;
      case problem_kind::matrix_empty_axis:
        message = "The matrix axis '" + std::string(p.entry) + "' of job '" + id(p.job) +
                  "' has no values";
        break;
      case problem_kind::matrix_too_large:
        message = "The matrix of job '" + id(p.job) + "' has a cross product of more than " +
                  std::to_string(max_matrix_product) + " combinations";
        break;
      case problem_kind::matrix_exclude_unknown_key:
        message = "A matrix exclude entry of job '" + id(p.job) + "' names '" +
                  std::string(p.entry) + "', which is not an axis";
        break;
      case problem_kind::filter_conflict:
        message = "The '" + std::string(p.text) + "' event has both '" + std::string(p.entry) +
                  "' and '" + std::string(p.entry) +
                  "-ignore'; GitHub allows only one of them for an event";
        break;
      case problem_kind::too_many_problems:
        message = "More than " + std::to_string(max_problems) + " problems; the rest are not shown";
        break;
    }
    source_span span;
    if (p.column > 0) {
      span.begin = p.column - 1;
      span.end = p.column;
    }
    out.push_back(make_error(p.code(), std::move(message), span, std::move(path)));
  }
  return out;
}

}  // namespace static_
}  // namespace v0
}  // namespace pipewright
