/// @file step_runtime_impl.hpp
/// The definitions behind schedule/step_runtime.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>

#include "pipewright/detail/text.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/schedule/step_runtime.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

PIPEWRIGHT_DECL step_runtime::step_runtime(const leg_call& call, step_runtime_options options)
    : call_(call), functions_(std::move(options.functions)) {
  if (functions_.empty()) functions_.assign(call.functions.begin(), call.functions.end());
  if (call.model_job != nullptr) {
    for (const model::step& st : call.model_job->steps) {
      if (st.parallel.empty()) {
        steps_.push_back(&st);
      } else {
        for (const model::step& sub : st.parallel) steps_.push_back(&sub);
      }
    }
  }
  runs_.resize(steps_.size());
  contexts_ = call.contexts.is_object() ? call.contexts.clone() : value::make_object();
  object& c = contexts_.as_object();
  c.insert_or_assign("runner", value::make_object({{"os", value("Linux")},
                                                   {"arch", value("X64")},
                                                   {"name", value("pipewright")},
                                                   {"environment", value("self-hosted")}}));
  // The secrets the host gives (`pipewright run --secret NAME`); none: an empty object.
  if (c.find("secrets") == nullptr || !c.find("secrets")->is_object()) {
    c.insert_or_assign("secrets", value::make_object());
  }
  c.insert_or_assign("steps", value::make_object());
  c.insert_or_assign("job", value::make_object({{"status", value("success")}}));
  // env: workflow then job (a job key replaces a workflow key).
  if (call.workflow != nullptr) add_env(call.workflow->env, job_env_);
  if (call.model_job != nullptr) add_env(call.model_job->env, job_env_);
  c.insert_or_assign("env", env_object(job_env_));
  if (call.model_job != nullptr && call.model_job->timeout_minutes) {
    if (auto t = call.model_job->timeout_minutes->evaluate(contexts_); t) {
      const double m = expr::to_number(*t);
      if (m > 0) job_timeout_ = m * 60;
    }
  }
}

PIPEWRIGHT_DECL std::optional<step_command> step_runtime::next(bool cancelled) {
  if (cancelled && job_status_ != status::cancelled) {
    job_status_ = status::cancelled;
    set_job_status();
  }
  while (next_ < steps_.size()) {
    const std::size_t i = next_++;
    const model::step& st = *steps_[i];
    step_command cmd;
    cmd.index = i;
    cmd.id = st.id;
    value step_contexts = contexts_.clone();
    std::vector<std::pair<std::string, std::string>> env = job_env_;
    for (const auto& [k, v] : added_env_) put(env, k, v);
    step_contexts.as_object().insert_or_assign("env", env_object(env));
    // The step's own env sees the job's env; then it joins it.
    std::vector<std::pair<std::string, std::string>> own;
    for (const model::named_value& e : st.env.entries) {
      put(own, e.name.text, text_of(e.value, step_contexts, cmd.problems));
    }
    for (const auto& [k, v] : own) put(env, k, v);
    step_contexts.as_object().insert_or_assign("env", env_object(env));
    cmd.name = detail::step_name(st, step_contexts);
    std::string error;
    if (!decide(st, step_contexts, error)) {
      step_run& r = runs_[i];
      r.outcome = r.conclusion = error.empty() ? status::skipped : status::failure;
      r.reason = error.empty() ? "condition `" + st.condition.text + "` is false"
                               : "if: could not be evaluated: " + error;
      r.start = r.end = clock_;
      if (!error.empty()) fail();
      publish(i, {});
      continue;
    }
    if (st.uses) {
      cmd.action = true;
      cmd.uses = st.uses->text;
    }
    if (st.run) cmd.script = text_of(*st.run, step_contexts, cmd.problems);
    cmd.shell = setting(st.shell, &model::defaults::shell, step_contexts, cmd.problems);
    cmd.working_directory = setting(st.working_directory, &model::defaults::working_directory,
                                    step_contexts, cmd.problems);
    cmd.env = std::move(env);
    cmd.path = path_;
    if (st.continue_on_error) {
      if (auto v = st.continue_on_error->evaluate(step_contexts); v) {
        cmd.continue_on_error = expr::truthy(*v);
      }
    }
    if (st.timeout_minutes) {
      if (auto v = st.timeout_minutes->evaluate(step_contexts); v) {
        const double m = expr::to_number(*v);
        if (m > 0) cmd.timeout = m * 60;
      }
    }
    current_ = i;
    current_continue_ = cmd.continue_on_error;
    return cmd;
  }
  return std::nullopt;
}

PIPEWRIGHT_DECL void step_runtime::record(const step_result& r) {
  if (current_ >= runs_.size()) return;
  step_run& run = runs_[current_];
  run.outcome = r.outcome;
  run.conclusion = r.outcome == status::failure && current_continue_ ? status::success : r.outcome;
  run.reason = r.reason;
  run.start = r.start;
  run.end = r.end;
  clock_ = std::max(clock_, r.end);
  if (run.conclusion == status::failure) fail();
  if (r.outcome == status::cancelled && job_status_ == status::success) {
    job_status_ = status::cancelled;
    set_job_status();
  }
  for (const auto& [k, v] : r.env) put(added_env_, k, v);
  for (const std::string& p : r.path) path_.insert(path_.begin(), p);
  publish(current_, r.outputs);
  current_ = static_cast<std::size_t>(-1);
}

PIPEWRIGHT_DECL void step_runtime::skip_current(std::string reason) {
  if (current_ >= runs_.size()) return;
  step_run& run = runs_[current_];
  run.outcome = run.conclusion = status::skipped;
  run.reason = std::move(reason);
  run.start = run.end = clock_;
  publish(current_, {});
  current_ = static_cast<std::size_t>(-1);
}

PIPEWRIGHT_DECL leg_outcome step_runtime::outcome(double duration) const {
  leg_outcome o;
  o.result = job_status_;
  o.duration = duration;
  o.steps = runs_;
  if (call_.model_job != nullptr) {
    for (const model::named_value& e : call_.model_job->outputs.entries) {
      std::vector<std::string> ignored;
      o.outputs.emplace_back(e.name.text, text_of(e.value, contexts_, ignored));
    }
  }
  return o;
}

PIPEWRIGHT_DECL void step_runtime::put(std::vector<std::pair<std::string, std::string>>& env,
                                       std::string_view k, std::string v) {
  for (auto& [name, val] : env) {
    if (pipewright::detail::iequals(name, k)) {
      val = std::move(v);
      return;
    }
  }
  env.emplace_back(std::string(k), std::move(v));
}

PIPEWRIGHT_DECL value
step_runtime::env_object(const std::vector<std::pair<std::string, std::string>>& env) {
  object o;
  for (const auto& [k, v] : env) o.insert_or_assign(k, value(v));
  return value(std::move(o));
}

PIPEWRIGHT_DECL std::string step_runtime::text_of(const model::template_value& t,
                                                  const value& contexts,
                                                  std::vector<std::string>& problems) {
  auto r = t.evaluate(contexts);
  if (r) return expr::to_string(*r);
  problems.push_back(std::string(t.raw.is_string() ? t.text() : "") + ": " +
                     (r.diagnostics().empty() ? std::string("evaluation failed")
                                              : r.diagnostics().front().message));
  return t.raw.is_string() ? std::string(t.text()) : expr::to_string(t.raw);
}

PIPEWRIGHT_DECL void step_runtime::add_env(const model::template_map& m,
                                           std::vector<std::pair<std::string, std::string>>& out) {
  std::vector<std::string> ignored;
  for (const model::named_value& e : m.entries)
    put(out, e.name.text, text_of(e.value, contexts_, ignored));
}

PIPEWRIGHT_DECL std::string step_runtime::setting(
    const std::optional<model::template_value>& own,
    std::optional<model::template_value> model::defaults::*field, const value& contexts,
    std::vector<std::string>& problems) const {
  if (own) return text_of(*own, contexts, problems);
  if (call_.model_job != nullptr && call_.model_job->defaults &&
      (*call_.model_job->defaults).*field) {
    return text_of(*((*call_.model_job->defaults).*field), contexts, problems);
  }
  if (call_.workflow != nullptr && call_.workflow->defaults && (*call_.workflow->defaults).*field) {
    return text_of(*((*call_.workflow->defaults).*field), contexts, problems);
  }
  return std::string();
}

PIPEWRIGHT_DECL bool step_runtime::decide(const model::step& st, const value& contexts,
                                          std::string& error) const {
  if (st.condition.text == "success()") return job_status_ == status::success;
  expr::compile_options co;
  co.contexts = {"github", "needs", "strategy", "matrix", "steps",  "job",
                 "runner", "env",   "vars",     "inputs", "secrets"};
  co.functions = functions_;
  auto e = expr::compile(st.condition.text, co);
  if (!e) {
    error = e.diagnostics().empty() ? std::string("invalid expression")
                                    : e.diagnostics().front().message;
    return false;
  }
  expr::evaluation_options eo;
  eo.status = job_status_ == status::cancelled ? expr::job_status::cancelled
              : job_status_ == status::failure ? expr::job_status::failure
                                               : expr::job_status::success;
  auto r = e->evaluate(contexts, eo);
  if (!r) {
    error = r.diagnostics().empty() ? std::string("evaluation failed")
                                    : r.diagnostics().front().message;
    return false;
  }
  return expr::truthy(*r);
}

PIPEWRIGHT_DECL void step_runtime::fail() {
  if (job_status_ == status::success) {
    job_status_ = status::failure;
    set_job_status();
  }
}

PIPEWRIGHT_DECL void step_runtime::publish(
    std::size_t i, const std::vector<std::pair<std::string, std::string>>& outputs) {
  const model::step& st = *steps_[i];
  if (st.generated_id) return;
  object out;
  for (const auto& [k, v] : outputs) out.insert_or_assign(k, value(v));
  contexts_.as_object().find("steps")->as_object().insert_or_assign(
      st.id, value::make_object({{"outputs", value(std::move(out))},
                                 {"outcome", value(status_name(runs_[i].outcome))},
                                 {"conclusion", value(status_name(runs_[i].conclusion))}}));
}

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright
