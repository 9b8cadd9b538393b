/// @file argo_impl.hpp
/// The definitions behind export/argo.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/export/argo.hpp"
#include "pipewright/export/findings.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/partial.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

namespace detail {

/// States a job's needs chain can be in when its `depends` is evaluated.
enum argo_state : unsigned {
  argo_all_succeeded = 1,  ///< success() true
  argo_some_failed = 2,    ///< failure() true
  argo_other = 4,          ///< neither: some ancestor skipped, none failed
};

/// Which argo_state values make a job's condition true, and how exactly that is known.
struct argo_condition {
  unsigned table = argo_all_succeeded;
  bool runtime = false;  ///< reads needs outputs or names jobs: the value part is not exported
  /// Set when the `if:` reads `needs.<id>.result`: the (state, direct needs' results)
  /// combinations that make it true, results as argo_result values in needs order.
  bool by_results = false;
  std::vector<std::pair<unsigned, std::vector<unsigned>>> combos;
};

/// A need's result as `needs.<id>.result` shows it, and the Argo phases that give it.
enum argo_result : unsigned { argo_success, argo_failure, argo_skipped };

/// Most direct needs whose results are enumerated (3 to this power combinations).
inline constexpr std::size_t argo_max_result_needs = 6;

inline bool argo_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/// True when `s` is a task name Argo accepts in a DAG using `depends`.
inline bool argo_valid_task_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > argo_max_task_name || s.front() == '-') return false;
  if (s.front() >= '0' && s.front() <= '9') return false;
  for (const char c : s) {
    if (!argo_name_char(c)) return false;
  }
  return true;
}

/// `s` as a lower-case DNS label: other characters become `-`, runs of `-` collapse.
inline std::string argo_dns_label(std::string_view s, std::size_t max) {
  std::string out;
  for (const char c : s) {
    const char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    const bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (ok) {
      out += l;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > max) out.resize(max);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

/// A concurrency group as an Argo mutex name. Groups compare ignoring case, as on GitHub;
/// when the group has characters a DNS label lacks (`ci/main`, `ci main`), a fingerprint
/// of the lower-cased group follows, so that two groups never share one mutex.
inline std::string argo_mutex_name(std::string_view group) {
  std::string lower(group);
  for (char& c : lower) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  std::string out = argo_dns_label(lower, 183);
  if (out != lower) out += (out.empty() ? "" : "-") + fingerprint({lower});
  return out;
}

/// A parameter name (`[-a-zA-Z0-9_]+`): other characters become `_`.
inline std::string argo_param_name(std::string_view s) {
  std::string out;
  for (const char c : s) out += argo_name_char(c) || c == '_' ? c : '_';
  return out.empty() ? std::string("_") : out;
}

/// Task names for the jobs: the id when Argo accepts it, else `_` → `-`, a `j` before a
/// leading `-` or digit, and `-2`, `-3`… against collisions.
inline std::vector<std::string> argo_task_names(const schedule::plan& p) {
  std::vector<std::string> names(p.jobs.size());
  std::vector<char> renamed(p.jobs.size(), 0);
  auto taken = [&names](std::string_view n, std::size_t upto) {
    for (std::size_t k = 0; k < upto; ++k) {
      if (pipewright::detail::iequals(names[k], n)) return true;
    }
    return false;
  };
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    if (argo_valid_task_name(p.jobs[j].id)) {
      names[j] = p.jobs[j].id;
      continue;
    }
    renamed[j] = 1;
  }
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    if (renamed[j] == 0) continue;
    std::string n;
    for (const char c : p.jobs[j].id) n += argo_name_char(c) ? c : '-';
    if (n.empty() || n.front() == '-' || (n.front() >= '0' && n.front() <= '9')) n = "j" + n;
    if (n.size() > argo_max_task_name - 8) n.resize(argo_max_task_name - 8);
    std::string candidate = n;
    for (int k = 2; taken(candidate, names.size()); ++k) candidate = n + "-" + std::to_string(k);
    names[j] = candidate;
  }
  return names;
}

/// The gate task's name for job task `task` (argo()): `<task>-if`, cut to Argo's length and
/// numbered against collisions with the jobs' tasks and the gates named before.
inline std::string argo_gate_name(std::string_view task, const std::vector<std::string>& tasks,
                                  const std::vector<std::string>& gates) {
  std::string base(task.substr(0, argo_max_task_name - 8));
  base += "-if";
  auto taken = [&](std::string_view n) {
    for (const std::vector<std::string>* list : {&tasks, &gates}) {
      for (const std::string& x : *list) {
        if (pipewright::detail::iequals(x, n)) return true;
      }
    }
    return false;
  };
  std::string candidate = base;
  for (int k = 2; taken(candidate); ++k) candidate = base + "-" + std::to_string(k);
  return candidate;
}

/// Whether `text` contains `word`, ignoring ASCII case.
inline bool argo_icontains(std::string_view text, std::string_view word) {
  for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
    if (pipewright::detail::iequals(text.substr(at, word.size()), word)) return true;
  }
  return false;
}

/// Whether `text` calls one of the status functions.
inline bool argo_has_status_call(std::string_view text) {
  for (const std::string_view f : {"success(", "failure(", "always(", "cancelled("}) {
    if (argo_icontains(text, f)) return true;
  }
  return false;
}

/// Evaluates `e` in needs-chain state `st`; sets `named` when a status function names jobs.
inline bool argo_eval_in(const expr::expression& e, const value& contexts, unsigned st,
                         bool& named) {
  expr::evaluation_options eo;
  eo.status_function = [st, &named](expr::builtin which, std::span<const value> args) {
    if (!args.empty()) named = true;
    switch (which) {
      case expr::builtin::always: return true;
      case expr::builtin::cancelled: return false;
      case expr::builtin::success: return st == argo_all_succeeded;
      default: return st == argo_some_failed;
    }
  };
  auto r = e.evaluate(contexts, eo);
  return r && expr::truthy(*r);
}

/// Classifies a normalised `if:` by evaluating it, with the event's contexts, in each state
/// of the needs chain (the run is never cancelled when an Argo task starts) and, when it
/// reads `needs.<id>.result`, for each combination of the direct needs' results.
inline argo_condition argo_classify(std::string_view text, const value& contexts,
                                    const std::vector<std::string>& needs) {
  argo_condition c;
  if (text == "success()") return c;
  constexpr unsigned states[] = {argo_all_succeeded, argo_some_failed, argo_other};
  constexpr unsigned all_states = argo_all_succeeded | argo_some_failed | argo_other;
  expr::compile_options co;
  co.contexts = {"github", "vars", "inputs"};
  co.status_function_args = true;
  co.hash_files = false;
  auto e = expr::compile(text, co);
  if (!e) {
    co.contexts.emplace_back("needs");
    e = expr::compile(text, co);
    // An if: that does not compile at all fails the job on GitHub; never run it here.
    if (!e) {
      c.table = 0;
      return c;
    }
    const bool outputs = argo_icontains(text, "outputs");
    if (!outputs && needs.size() <= argo_max_result_needs) {
      // Only needs results: every combination, pruned to those the state allows.
      c.table = 0;
      std::size_t count = 1;
      for (std::size_t k = 0; k < needs.size(); ++k) count *= 3;
      bool named = false;
      std::vector<unsigned> feasible(3, 0);
      std::vector<unsigned> satisfied(3, 0);
      for (std::size_t s = 0; s < 3; ++s) {
        for (std::size_t code = 0; code < count; ++code) {
          std::vector<unsigned> results(needs.size());
          bool possible = true;
          object needs_ctx;
          std::size_t rest = code;
          for (std::size_t k = 0; k < needs.size(); ++k, rest /= 3) {
            results[k] = static_cast<unsigned>(rest % 3);
            possible = possible &&
                       !(states[s] == argo_all_succeeded && results[k] != argo_success) &&
                       !(states[s] == argo_other && results[k] == argo_failure);
            needs_ctx.insert_or_assign(
                needs[k],
                value::make_object(
                    {{"result", value(std::string(results[k] == argo_success   ? "success"
                                                  : results[k] == argo_failure ? "failure"
                                                                               : "skipped"))},
                     {"outputs", value::make_object()}}));
          }
          if (!possible) continue;
          ++feasible[s];
          value ctx = contexts.clone();
          ctx.as_object().insert_or_assign("needs", value(std::move(needs_ctx)));
          if (argo_eval_in(*e, ctx, states[s], named)) {
            ++satisfied[s];
            c.table |= states[s];
            c.combos.emplace_back(states[s], std::move(results));
          }
        }
      }
      if (!named) {
        for (std::size_t s = 0; s < 3; ++s) {
          c.by_results = c.by_results || (satisfied[s] != 0 && satisfied[s] != feasible[s]);
        }
        if (!c.by_results) c.combos.clear();
        return c;
      }
      c.combos.clear();
    }
    c.runtime = true;
    constexpr std::string_view guard = "success() && (";
    const bool guarded = text.size() > guard.size() && text.substr(0, guard.size()) == guard &&
                         !argo_has_status_call(text.substr(guard.size()));
    c.table = guarded ? unsigned{argo_all_succeeded} : all_states;
    return c;
  }
  c.table = 0;
  for (const unsigned st : states) {
    bool named = false;
    const bool holds = argo_eval_in(*e, contexts, st, named);
    if (named) {
      c.runtime = true;
      c.table = all_states;
      return c;
    }
    if (holds) c.table |= st;
  }
  return c;
}

/// The references of `text` (a normalised `if:`) to values plan `p` does not know and the
/// export cannot learn at run time (schedule::unknown_before_run(): the repository or vars
/// not given) on which its decision depends, as written. Needs, success() and failure() are
/// taken as unknown too, so that only a decision that holds whatever they are exports.
inline std::vector<std::string> argo_unknown_reads(std::string_view text, const value& contexts,
                                                   const schedule::plan& p) {
  std::vector<std::string> out;
  const bool repository_unknown = !p.repository_known;
  const bool vars_unknown = !p.vars_known;
  if (text == "success()" || (!repository_unknown && !vars_unknown)) return out;
  expr::compile_options co;
  co.contexts = {"github", "needs", "vars", "inputs"};
  co.status_function_args = true;
  co.hash_files = false;
  const auto e = expr::compile(text, co);
  if (!e) return out;
  expr::partial_options po;
  po.unknown = [&](std::span<const std::string> path) {
    return (!path.empty() && pipewright::detail::iequals(path[0], "needs")) ||
           schedule::unknown_before_run(path, repository_unknown, vars_unknown);
  };
  // A task that starts is in a run that is not stopped (as argo_classify() has it).
  po.status = [](expr::builtin which, std::span<const value>) {
    return which == expr::builtin::always      ? expr::truth::yes
           : which == expr::builtin::cancelled ? expr::truth::no
                                               : expr::truth::unknown;
  };
  const auto r = expr::evaluate_partial(*e, contexts, po);
  if (!r || r->truthy != expr::truth::unknown) return out;
  for (const std::string& w : r->waits_for) {
    const std::string_view head = std::string_view(w).substr(0, w.find_first_of(".["));
    if (pipewright::detail::iequals(head, "github") || pipewright::detail::iequals(head, "vars")) {
      out.push_back(w);
    }
  }
  return out;
}

inline std::string argo_join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

/// `x.Succeeded || x.Failed || …`: x has finished in any way.
inline std::string argo_done(std::string_view x) {
  const std::string n(x);
  return "(" + n + ".Succeeded || " + n + ".Failed || " + n + ".Errored || " + n + ".Skipped || " +
         n + ".Omitted)";
}

inline std::string argo_failed(std::string_view x) {
  const std::string n(x);
  return "(" + n + ".Failed || " + n + ".Errored)";
}

/// A template_value as text for the export: its value for `contexts` when it evaluates to a
/// primitive, else as written.
inline std::optional<std::string> argo_text(const model::template_value& t, const value& contexts) {
  auto r = t.evaluate(contexts);
  if (r && r->is_primitive() && !r->is_null()) return expr::to_string(*r);
  return std::nullopt;
}

inline value argo_parameter(std::string name, std::string v) {
  return value::make_object({{"name", value(std::move(name))}, {"value", value(std::move(v))}});
}

/// Whether `text` mentions the GitHub token.
inline bool argo_mentions_token(std::string_view text) {
  return argo_icontains(text, "GITHUB_TOKEN") || argo_icontains(text, "github.token");
}

inline bool argo_template_mentions_token(const model::template_map& m) {
  for (const model::named_value& e : m.entries) {
    if (e.value.raw.is_string() && argo_mentions_token(e.value.raw.as_string())) return true;
  }
  return false;
}

/// The runner map's entry for `label`, the default one, or null (PW1111).
inline std::optional<argo_runner> argo_find_runner(const argo_options& o, std::string_view label) {
  for (const argo_runner& r : o.runners) {
    if (pipewright::detail::iequals(r.label, label)) return r;
  }
  if (!o.default_runners) return std::nullopt;
  const std::string l = argo_dns_label(label, 256);
  auto has = [&l](std::string_view w) { return l.find(w) != std::string::npos; };
  if (has("macos")) return std::nullopt;
  argo_runner r;
  r.label = std::string(label);
  if (has("ubuntu") || l == "linux") {
    r.node_selector.emplace_back("kubernetes.io/os", "linux");
    return r;
  }
  if (has("windows")) {
    r.node_selector.emplace_back("kubernetes.io/os", "windows");
    return r;
  }
  return std::nullopt;
}

/// `data` in base64 (RFC 4648, with padding).
PIPEWRIGHT_DECL std::string argo_base64(std::string_view data) {
  constexpr std::string_view digits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < data.size(); i += 3) {
    const std::size_t left = data.size() - i;
    std::uint32_t v = std::uint32_t{static_cast<unsigned char>(data[i])} << 16;
    if (left > 1) v |= std::uint32_t{static_cast<unsigned char>(data[i + 1])} << 8;
    if (left > 2) v |= std::uint32_t{static_cast<unsigned char>(data[i + 2])};
    out += digits[(v >> 18) & 63];
    out += digits[(v >> 12) & 63];
    out += left > 1 ? digits[(v >> 6) & 63] : '=';
    out += left > 2 ? digits[v & 63] : '=';
  }
  return out;
}

/// Collects diagnostics with the job's YAML paths.
struct argo_reporter {
  std::vector<diagnostic>& out;
  void warn(std::string_view code, std::string message, source_span span, std::string path) {
    out.push_back(make_warning(code, std::move(message), span, std::move(path)));
  }
};
}  // namespace detail

PIPEWRIGHT_DECL result<argo_workflow> argo(const model::workflow& wf, const schedule::plan& p,
                                           const argo_options& options) {
  if (!p.runs) {
    return make_error(codes::argo_not_exportable,
                      "the workflow does not run for this event (" + p.summary + ")");
  }
  for (const diagnostic& d : p.diagnostics) {
    if (d.code == codes::graph_cycle || d.code == codes::graph_unknown_job ||
        d.code == codes::graph_duplicate_job || d.code == codes::graph_no_start_job) {
      diagnostic e = d;
      e.code = std::string(codes::argo_not_exportable);
      e.message = "the needs graph is invalid: " + d.message;
      e.level = severity::error;
      return result<argo_workflow>::failure({std::move(e)});
    }
  }
  if (p.jobs.size() != wf.jobs.size()) {
    // The leg runner runs a job of `wf`; the jobs of called workflows are not among them.
    return make_error(codes::argo_not_exportable,
                      "the plan has the jobs of called workflows: export a plan made without "
                      "plan_options::resolve_workflow (each call one task)");
  }
  argo_workflow out;
  detail::argo_reporter report{out.diagnostics};
  const std::size_t n = p.jobs.size();
  out.task_names = detail::argo_task_names(p);
  out.depends.assign(n, std::string());
  out.when_false.assign(n, false);

  value contexts =
      value::make_object({{"github", p.github}, {"vars", p.vars}, {"inputs", p.inputs}});

  // A job is never decided on a guess: an if: that depends on a value not given fails.
  std::vector<diagnostic> guesses;
  for (std::size_t j = 0; j < n && j < wf.jobs.size(); ++j) {
    for (const std::string& w : detail::argo_unknown_reads(p.jobs[j].condition, contexts, p)) {
      const bool repo = pipewright::detail::iequals(w.substr(0, 6), "github");
      guesses.push_back(make_error(
          codes::argo_unknown_value,
          "job '" + p.jobs[j].id + "': if: " + p.jobs[j].condition + " depends on " + w +
              ", which was not given: " +
              (repo ? "give --repo OWNER/NAME (or export inside a clone whose origin is the "
                      "repository)"
                    : "give the repository's variables with --var NAME=VALUE"),
          wf.jobs[j].condition.span, "/jobs/" + wf.jobs[j].id + "/if"));
    }
  }
  if (!guesses.empty()) return result<argo_workflow>::failure(std::move(guesses));

  // Conditions, and which needs prove that their own ancestors succeeded.
  std::vector<detail::argo_condition> conds(n);
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<std::string> need_ids;
    for (const std::uint32_t k : p.jobs[j].needs) need_ids.push_back(p.jobs[k].id);
    conds[j] = detail::argo_classify(p.jobs[j].condition, contexts, need_ids);
    if (p.jobs[j].needs.empty()) conds[j].table &= detail::argo_all_succeeded;
  }

  array tasks;
  array gate_tasks;  // after the jobs' tasks, which keep the jobs' order
  std::vector<std::string> gate_names;
  array templates;
  std::size_t template_count = 2;  // main and the exit handler
  for (std::size_t j = 0; j < n && j < wf.jobs.size(); ++j) {
    const schedule::plan_job& pj = p.jobs[j];
    const schedule::job_spec& spec = p.specs[j];
    const model::job& mj = wf.jobs[j];
    const std::string& task = out.task_names[j];
    const std::string path = "/jobs/" + mj.id;
    if (task != pj.id) {
      report.warn(codes::argo_task_renamed,
                  "job '" + pj.id + "' is exported as Argo task '" + task +
                      "': Argo task names are letters, digits and '-', not starting with a digit",
                  mj.id_span, path);
    }

    // depends / when.
    const std::vector<std::uint32_t> ancestors =
        schedule::ancestors(p, static_cast<std::uint32_t>(j));
    std::vector<char> in_prime(n, 0);
    {
      std::vector<std::uint32_t> todo(pj.needs.begin(), pj.needs.end());
      while (!todo.empty()) {
        const std::uint32_t a = todo.back();
        todo.pop_back();
        if (a >= n || in_prime[a] != 0) continue;
        in_prime[a] = 1;
        // A need that ran only when success() held proves its ancestors succeeded.
        if ((conds[a].table & ~unsigned{detail::argo_all_succeeded}) != 0) {
          todo.insert(todo.end(), p.jobs[a].needs.begin(), p.jobs[a].needs.end());
        }
      }
    }
    std::vector<std::string> succ;
    std::vector<std::string> fail;
    std::vector<std::string> done;
    for (std::uint32_t a = 0; a < n; ++a) {
      if (in_prime[a] != 0) succ.push_back(out.task_names[a] + ".Succeeded");
    }
    for (const std::uint32_t a : ancestors) fail.push_back(detail::argo_failed(out.task_names[a]));
    for (const std::uint32_t a : pj.needs) done.push_back(detail::argo_done(out.task_names[a]));
    const std::string s_expr = detail::argo_join(succ, " && ");
    const std::string f_expr = "(" + detail::argo_join(fail, " || ") + ")";
    const unsigned t = conds[j].table;
    std::string depends;
    bool when_false = false;
    constexpr unsigned all =
        detail::argo_all_succeeded | detail::argo_some_failed | detail::argo_other;
    if (pj.needs.empty()) {
      when_false = t == 0;
    } else if (t == 0) {
      depends = detail::argo_join(done, " && ");
      when_false = true;
    } else if (t == all) {
      depends = detail::argo_join(done, " && ");
    } else if (t == detail::argo_all_succeeded) {
      depends = s_expr;
    } else if (t == detail::argo_some_failed) {
      depends = f_expr;
    } else if (t == (detail::argo_all_succeeded | detail::argo_some_failed)) {
      depends = "(" + s_expr + ") || " + f_expr;
    } else if (t == (detail::argo_all_succeeded | detail::argo_other)) {
      depends = "!" + f_expr;
    } else if (t == (detail::argo_some_failed | detail::argo_other)) {
      depends = "!(" + s_expr + ")";
    } else {  // only argo_other
      depends = "!(" + s_expr + ") && !" + f_expr;
    }
    if (conds[j].by_results && !pj.needs.empty()) {
      // The disjunction of the (state, needs' results) combinations that make the if: true.
      std::vector<std::string> terms;
      for (const auto& [st, results] : conds[j].combos) {
        std::string term = st == detail::argo_all_succeeded ? "(" + s_expr + ")"
                           : st == detail::argo_some_failed
                               ? f_expr
                               : "(!(" + s_expr + ") && !" + f_expr + ")";
        for (std::size_t k = 0; k < results.size() && k < pj.needs.size(); ++k) {
          const std::string& x = out.task_names[pj.needs[k]];
          term += " && " + (results[k] == detail::argo_success ? x + ".Succeeded"
                            : results[k] == detail::argo_failure
                                ? detail::argo_failed(x)
                                : "(" + x + ".Skipped || " + x + ".Omitted)");
        }
        terms.push_back("(" + term + ")");
      }
      depends = detail::argo_join(terms, " || ");
    }
    out.depends[j] = depends;
    out.when_false[j] = when_false;
    const std::string cond_text = pj.condition;
    if (conds[j].runtime && !pj.needs.empty()) {
      diagnostic d = make_warning(
          codes::argo_runtime_condition,
          "job '" + pj.id + "': if: " + cond_text +
              " reads values known only at run time: a gate task decides it with GitHub's "
              "evaluator when its needs have finished (one more pod before the job)",
          mj.condition.span, path + "/if");
      d.level = severity::note;
      out.diagnostics.push_back(std::move(d));
    }
    if (detail::argo_has_status_call(cond_text) &&
        (cond_text.find("always()") != std::string::npos ||
         cond_text.find("cancelled()") != std::string::npos)) {
      report.warn(codes::argo_status_after_stop,
                  "job '" + pj.id + "': if: " + cond_text +
                      ": Argo has no cancelled state; after 'argo stop' only exit handlers run, "
                      "so this job does not run after the run is cancelled" +
                      (cond_text.find("!cancelled()") == std::string::npos &&
                               cond_text.find("cancelled()") != std::string::npos
                           ? ", and cancelled() is always false"
                           : ""),
                  mj.condition.span, path + "/if");
    }

    // Runner, image, timeout.
    std::vector<std::string> labels;  // distinct runner labels of the legs, in order
    for (const schedule::leg_spec& l : spec.legs) {
      bool seen = false;
      for (const std::string& x : labels) seen = seen || x == l.runner;
      if (!seen) labels.push_back(l.runner);
    }
    double timeout_minutes = 360;
    if (mj.timeout_minutes) {
      auto r = mj.timeout_minutes->evaluate(contexts);
      const double d = r && (r->is_number() || r->is_string()) ? expr::to_number(*r) : -1;
      if (d > 0 && d < 1e7) {
        timeout_minutes = d;
      } else {
        report.warn(codes::argo_timeout_default,
                    "job '" + pj.id + "': timeout-minutes '" +
                        std::string(mj.timeout_minutes->text()) +
                        "' cannot be evaluated at export; exported as the 360-minute default",
                    mj.timeout_minutes->span, path + "/timeout-minutes");
      }
    }
    const auto deadline = static_cast<long long>(timeout_minutes * 60 + 0.5);

    // Needs outputs the legs read, as parameters.
    // A template's parameters, the task's arguments for them and the runner's options.
    struct runner_inputs {
      array params;
      array arguments;
      std::vector<std::string> options;  // in pairs
      void add(const std::string& name, std::string from_task, std::string_view option,
               std::string given) {
        params.push_back(value::make_object({{"name", value(name)}}));
        arguments.push_back(detail::argo_parameter(name, std::move(from_task)));
        options.emplace_back(option);
        options.push_back(std::move(given) + "{{inputs.parameters." + name + "}}");
      }
    };
    auto add_result = [&](runner_inputs& to, std::uint32_t a) {
      const std::string& from = out.task_names[a];
      to.add("result-" + from, "{{tasks." + from + ".status}}", "--needs-result",
             wf.jobs[a].id + "=");
    };
    auto add_outputs = [&](runner_inputs& to, std::uint32_t need) {
      const std::string& from = out.task_names[need];
      for (const model::named_value& o : wf.jobs[need].outputs.entries) {
        const std::string oname = detail::argo_param_name(o.name.text);
        to.add("needs-" + from + "-" + oname,
               "{{tasks." + from + ".outputs.parameters." + oname + "}}", "--needs-output",
               wf.jobs[need].id + "." + o.name.text + "=");
      }
    };
    runner_inputs leg_inputs;
    for (const std::uint32_t need : pj.needs) {
      if (need >= wf.jobs.size()) continue;
      add_result(leg_inputs, need);
      add_outputs(leg_inputs, need);
    }
    // A condition known only at run time is decided by a gate task when the needs have
    // finished: GitHub's evaluator with every ancestor's result and the needs' outputs.
    runner_inputs gate_inputs;
    const bool gated = conds[j].runtime && !pj.needs.empty();
    std::string gate;
    if (gated) {
      for (const std::uint32_t a : ancestors) {
        if (a < wf.jobs.size()) add_result(gate_inputs, a);
      }
      for (const std::uint32_t need : pj.needs) {
        if (need < wf.jobs.size()) add_outputs(gate_inputs, need);
      }
      gate = detail::argo_gate_name(task, out.task_names, gate_names);
      gate_names.push_back(gate);
      leg_inputs.add("pw-if-error", "{{tasks." + gate + ".outputs.parameters.pw-if-error}}",
                     "--if-error", "");
    }
    array& needs_params_in = leg_inputs.params;
    array& needs_params_task = leg_inputs.arguments;
    std::vector<std::string>& runner_needs = leg_inputs.options;

    // Services as sidecars.
    std::vector<std::pair<std::string, const model::template_value*>> service_images;
    if (mj.container && mj.container->image)
      service_images.emplace_back("image", &*mj.container->image);
    array sidecars;
    value host_names = value::make_array();
    for (std::size_t s = 0; s < mj.services.size(); ++s) {
      const model::container& svc = mj.services[s];
      const std::string spath = path + "/services/" + svc.id;
      // The image may read the matrix: a parameter each leg sets.
      const std::string sname = detail::argo_dns_label(svc.id, 63);
      object sc;
      sc.insert("name", value(sname));
      if (svc.image) {
        service_images.emplace_back("service-" + sname, &*svc.image);
        sc.insert("image", value("{{inputs.parameters.service-" + sname + "}}"));
      }
      const value& raw = svc.raw.is_object() ? svc.raw : value();
      if (raw.is_object()) {
        const value& env = raw["env"];
        if (env.is_object() && !env.as_object().empty()) {
          array ev;
          for (const auto& [k, v] : env.as_object()) {
            ev.push_back(value::make_object(
                {{"name", value(k)},
                 {"value",
                  value(v.is_string() ? std::string(v.as_string()) : expr::to_string(v))}}));
          }
          sc.insert("env", value(std::move(ev)));
        }
        const value& ports = raw["ports"];
        if (ports.is_array()) {
          array cp;
          for (const value& port : ports.as_array()) {
            const std::string text = expr::to_string(port);
            std::vector<std::string> parts(1);
            for (const char ch : text) {
              if (ch == ':') {
                parts.emplace_back();
              } else {
                parts.back() += ch;
              }
            }
            const std::string container = parts.back();
            const std::string host = parts.size() > 1 ? parts[parts.size() - 2] : container;
            const std::string number = container.substr(0, container.find('/'));
            const double d = expr::to_number(value(number));
            if (d >= 1 && d <= 65535) {
              cp.push_back(value::make_object({{"containerPort", value(d)}}));
            }
            if (!host.empty() && host != container) {
              report.warn(codes::argo_service_ports,
                          "job '" + pj.id + "': service '" + svc.id + "' maps host port " + host +
                              " to " + container +
                              ": a pod's containers share one network, so the service listens on " +
                              container,
                          svc.span, spath + "/ports");
            }
          }
          if (!cp.empty()) sc.insert("ports", value(std::move(cp)));
        }
        if (!raw["options"].is_null()) {
          report.warn(codes::argo_service_options,
                      "job '" + pj.id + "': service '" + svc.id +
                          "': options (health checks) are not applied; Argo starts sidecars "
                          "without waiting for them",
                      svc.span, spath + "/options");
        }
      }
      host_names.as_array().emplace_back(svc.id);
      sidecars.push_back(value(std::move(sc)));
    }

    // Other lossy features of the job.
    if (mj.uses) {
      report.warn(codes::argo_reusable_call,
                  "job '" + pj.id + "' calls the reusable workflow '" + mj.uses->text +
                      "'; the leg runner does not run called workflows",
                  mj.uses->span, path + "/uses");
    }
    if (mj.environment) {
      report.warn(codes::argo_environment,
                  "job '" + pj.id +
                      "': environment: deployment protection rules and approvals are not "
                      "exported",
                  mj.environment->span, path + "/environment");
    }
    if (mj.permissions) {
      report.warn(codes::argo_github_token,
                  "job '" + pj.id + "': permissions: Argo has no GITHUB_TOKEN to scope",
                  mj.permissions->span, path + "/permissions");
    }
    for (std::size_t s = 0; s < mj.steps.size(); ++s) {
      const model::step& st = mj.steps[s];
      const std::string stpath = path + "/steps/" + std::to_string(s);
      if (st.uses) {
        report.warn(codes::argo_action_step,
                    "job '" + pj.id + "': uses " + st.uses->text +
                        ": Argo has no action runtime; the leg runner must provide it",
                    st.uses->span, stpath + "/uses");
      }
      const bool token = (st.run && st.run->raw.is_string() &&
                          detail::argo_mentions_token(st.run->raw.as_string())) ||
                         detail::argo_template_mentions_token(st.env) ||
                         detail::argo_template_mentions_token(st.with);
      if (token) {
        report.warn(codes::argo_github_token,
                    "job '" + pj.id + "': step " + std::to_string(s) +
                        " reads the GITHUB_TOKEN, which has no Argo equivalent",
                    st.span, stpath);
      }
    }
    if (!spec.legs.empty() && !spec.legs.front().concurrency_group.empty()) {
      if (mj.concurrency) {
        report.warn(codes::argo_concurrency_queue,
                    "job '" + pj.id +
                        "': concurrency becomes an Argo mutex: Argo queues every waiting run "
                        "(priority, then creation time); GitHub keeps one pending run and "
                        "replaces it",
                    mj.concurrency->span, path + "/concurrency");
      }
      if (spec.legs.front().cancel_in_progress && mj.concurrency) {
        report.warn(codes::argo_cancel_in_progress,
                    "job '" + pj.id +
                        "': cancel-in-progress has no Argo equivalent; the submitter must stop "
                        "the running workflow",
                    mj.concurrency->span, path + "/concurrency/cancel-in-progress");
      }
    }
    // A matrix that reads needs outputs: an expand pod lists the legs, withParam runs them.
    const bool dynamic = pj.matrix_pending && !pj.matrix_needs.empty();
    if (pj.matrix_pending) {
      report.warn(codes::argo_runtime_matrix,
                  "job '" + pj.id + "': the matrix '" + pj.matrix_expression +
                      (dynamic ? "' is known only at run time: a pod expands it ('pipewright run "
                                 "--list-legs') and withParam runs its legs; their runs-on and "
                                 "services are not known at export"
                               : "' cannot be expanded at export; the job is one task running "
                                 "one leg named after the job"),
                  mj.strategy ? mj.strategy->span : mj.span, path + "/strategy/matrix");
    }
    const bool matrix = pj.has_matrix && !pj.matrix_pending && pj.matrix_error.empty();
    if (matrix && spec.fail_fast && spec.legs.size() > 1) {
      report.warn(codes::argo_matrix_fail_fast,
                  "job '" + pj.id +
                      "': fail-fast: Argo stops starting legs after a failure but does not "
                      "cancel the running ones",
                  mj.strategy ? mj.strategy->span : mj.span, path + "/strategy/fail-fast");
    }
    if ((matrix || dynamic) && !mj.outputs.entries.empty()) {
      report.warn(codes::argo_matrix_outputs,
                  "job '" + pj.id +
                      "': outputs of a matrix job: GitHub keeps the leg that finished last; the "
                      "export takes " +
                      (dynamic ? std::string("Argo's JSON list of every leg's value")
                               : "the last leg's ('" + pj.legs.back().name + "')"),
                  mj.outputs.span, path + "/outputs");
    }

    // What every pod of the job runs: the leg runner, given the files and the needs' outputs.
    auto runner_files = [&options] {
      // The files come base64-encoded through workflow parameters: Argo would read the
      // `{{ }}` of GitHub expressions as its own variables, and each leaf stays small.
      array artifacts;
      const std::pair<const char*, const std::string*> raws[] = {
          {"workflow", &options.workflow_text}, {"payload", &options.payload_text}};
      for (const auto& [aname, data] : raws) {
        if (data->empty()) continue;
        const std::string file(aname);
        artifacts.push_back(value::make_object(
            {{"name", value(file)},
             {"path", value("/pw/" + file + ".b64")},
             {"raw",
              value::make_object({{"data", value("{{workflow.parameters.pw-" + file + "}}")}})}}));
      }
      return artifacts;
    };
    auto runner_command = [&](std::initializer_list<std::string_view> mode,
                              const std::vector<std::string>& needs_options) {
      array command;
      if (!options.workflow_text.empty()) {
        std::string script = "base64 -d /pw/workflow.b64 > /pw/workflow.yml";
        if (!options.payload_text.empty()) {
          script += " && base64 -d /pw/payload.b64 > /pw/payload.json";
        }
        script += " && exec pipewright \"$@\"";
        for (const std::string_view a : {"sh", "-c"}) command.emplace_back(std::string(a));
        command.emplace_back(std::move(script));
      }
      for (const std::string_view a : {"pipewright", "run", "/pw/workflow.yml", "--job"}) {
        command.emplace_back(std::string(a));
      }
      command.emplace_back(mj.id);
      for (const std::string_view a : mode) command.emplace_back(std::string(a));
      for (const std::string& a : options.runner_arguments) command.emplace_back(a);
      if (!options.payload_text.empty()) {
        command.emplace_back(std::string("--payload"));
        command.emplace_back(std::string("/pw/payload.json"));
      }
      command.emplace_back(std::string("--outputs-dir"));
      command.emplace_back(std::string("/pw/outputs"));
      for (const std::string& a : needs_options) command.emplace_back(a);
      return command;
    };

    // The leaf templates: one per distinct runner label.
    std::vector<std::string> leaf_names;
    for (std::size_t k = 0; k < labels.size(); ++k) {
      const std::string& label = labels[k];
      std::string leaf = (matrix || dynamic ? "leg-" : "job-") + task;
      if (labels.size() > 1) leaf += "-" + std::to_string(k + 1);
      leaf_names.push_back(leaf);
      object tpl;
      tpl.insert("name", value(leaf));
      array params;
      params.push_back(value::make_object({{"name", value(std::string("leg"))}}));
      if (!spec.legs.front().concurrency_group.empty()) {
        params.push_back(value::make_object({{"name", value(std::string("mutex"))}}));
      }
      for (const auto& [pname, unused] : service_images) {
        params.push_back(value::make_object({{"name", value(pname)}}));
      }
      for (const value& x : needs_params_in) params.push_back(x);
      object inputs;
      inputs.insert("parameters", value(std::move(params)));
      array artifacts = runner_files();
      if (!artifacts.empty()) inputs.insert("artifacts", value(std::move(artifacts)));
      tpl.insert("inputs", value(std::move(inputs)));
      std::string image = options.image;
      const std::optional<argo_runner> runner =
          label.empty() ? std::optional<argo_runner>() : detail::argo_find_runner(options, label);
      if (!label.empty() && !runner) {
        report.warn(codes::argo_unmapped_runner,
                    "job '" + pj.id + "': no node mapping for runner label '" + label +
                        "'; its legs run on any node (give one with --runner-map)",
                    mj.runs_on ? mj.runs_on->span : mj.span, path + "/runs-on");
      }
      if (runner && !runner->image.empty()) image = runner->image;
      if (mj.container && mj.container->image) image = "{{inputs.parameters.image}}";
      if (runner && !runner->node_selector.empty()) {
        object ns;
        for (const auto& [key, v] : runner->node_selector) ns.insert_or_assign(key, value(v));
        tpl.insert("nodeSelector", value(std::move(ns)));
      }
      tpl.insert("activeDeadlineSeconds", value(std::to_string(deadline)));
      object sync;
      if (!spec.legs.front().concurrency_group.empty()) {
        sync.insert("mutexes",
                    value(array{value::make_object(
                        {{"name", value(std::string("{{inputs.parameters.mutex}}"))}})}));
      }
      if (runner && !runner->pool.empty()) {
        sync.insert(
            "semaphores",
            value(array{value::make_object(
                {{"configMapKeyRef", value::make_object({{"name", value(options.pool_config_map)},
                                                         {"key", value(runner->pool)}})}})}));
      }
      if (!sync.empty()) tpl.insert("synchronization", value(std::move(sync)));
      array command = runner_command({"--leg", "{{inputs.parameters.leg}}"}, runner_needs);
      tpl.insert("container", value::make_object({{"image", value(image)},
                                                  {"command", value(std::move(command))}}));
      if (!mj.outputs.entries.empty()) {
        array op;
        for (const model::named_value& o : mj.outputs.entries) {
          const std::string oname = detail::argo_param_name(o.name.text);
          op.push_back(value::make_object(
              {{"name", value(oname)},
               {"valueFrom", value::make_object({{"path", value("/pw/outputs/" + o.name.text)},
                                                 {"default", value(std::string())}})}}));
        }
        tpl.insert("outputs", value::make_object({{"parameters", value(std::move(op))}}));
      }
      if (!sidecars.empty()) {
        tpl.insert("sidecars", value(sidecars));
        tpl.insert("hostAliases",
                   value(array{value::make_object(
                       {{"ip", value(std::string("127.0.0.1"))}, {"hostnames", host_names}})}));
      }
      templates.push_back(value(std::move(tpl)));
      ++template_count;
    }
    auto leaf_of = [&](std::size_t l) {
      for (std::size_t k = 0; k < labels.size(); ++k) {
        if (labels[k] == spec.legs[l].runner) return leaf_names[k];
      }
      return leaf_names.front();
    };
    auto leg_arguments = [&](std::size_t l, bool from_inputs) {
      array a;
      a.push_back(detail::argo_parameter("leg", pj.legs[l].name));
      if (!spec.legs[l].concurrency_group.empty()) {
        const std::string m = detail::argo_mutex_name(spec.legs[l].concurrency_group);
        a.push_back(detail::argo_parameter("mutex", m));
      }
      if (!service_images.empty()) {
        value leg_contexts = contexts.clone();
        leg_contexts.as_object().insert_or_assign("matrix", pj.legs[l].matrix);
        for (const auto& [pname, image] : service_images) {
          a.push_back(detail::argo_parameter(
              pname, detail::argo_text(*image, leg_contexts).value_or(std::string())));
        }
      }
      const array& src = needs_params_task;
      for (const value& x : src) {
        const std::string name(x["name"].as_string());
        a.push_back(detail::argo_parameter(name, from_inputs
                                                     ? "{{inputs.parameters." + name + "}}"
                                                     : std::string(x["value"].as_string())));
      }
      return value::make_object({{"parameters", value(std::move(a))}});
    };

    // A wrapper's outputs: those of step `from` (a leg, or the legs of a withParam step).
    auto wrapper_outputs = [&mj](const std::string& from) {
      array op;
      for (const model::named_value& o : mj.outputs.entries) {
        const std::string oname = detail::argo_param_name(o.name.text);
        op.push_back(value::make_object(
            {{"name", value(oname)},
             {"valueFrom",
              value::make_object(
                  {{"parameter", value("{{steps." + from + ".outputs.parameters." + oname + "}}")},
                   {"default", value(std::string())}})}}));
      }
      return value::make_object({{"parameters", value(std::move(op))}});
    };
    std::string task_template;
    value task_arguments;
    if (matrix) {
      // A steps wrapper: one parallel group of the legs.
      object wrapper;
      task_template = "job-" + task;
      wrapper.insert("name", value(task_template));
      wrapper.insert("inputs", value::make_object({{"parameters", needs_params_in}}));
      if (spec.max_parallel > 0) {
        wrapper.insert("parallelism", value(static_cast<double>(spec.max_parallel)));
      }
      wrapper.insert("failFast", value(spec.fail_fast));
      array group;
      for (std::size_t l = 0; l < spec.legs.size() && l < pj.legs.size(); ++l) {
        group.push_back(value::make_object({{"name", value("leg-" + std::to_string(l))},
                                            {"template", value(leaf_of(l))},
                                            {"arguments", leg_arguments(l, true)}}));
      }
      const std::string last = "leg-" + std::to_string(group.size() - 1);
      wrapper.insert("steps", value(array{value(std::move(group))}));
      if (!mj.outputs.entries.empty()) wrapper.insert("outputs", wrapper_outputs(last));
      templates.push_back(value(std::move(wrapper)));
      ++template_count;
      task_arguments = value::make_object({{"parameters", needs_params_task}});
    } else if (dynamic) {
      task_template = "job-" + task;
      const std::string expand = "expand-" + task;
      object pod;
      pod.insert("name", value(expand));
      object inputs;
      inputs.insert("parameters", value(needs_params_in));
      array artifacts = runner_files();
      if (!artifacts.empty()) inputs.insert("artifacts", value(std::move(artifacts)));
      pod.insert("inputs", value(std::move(inputs)));
      pod.insert("activeDeadlineSeconds", value(std::to_string(deadline)));
      pod.insert(
          "container",
          value::make_object({{"image", value(options.image)},
                              {"command", value(runner_command({"--list-legs"}, runner_needs))}}));
      pod.insert(
          "outputs",
          value::make_object(
              {{"parameters",
                value(array{value::make_object(
                    {{"name", value(std::string("legs"))},
                     {"valueFrom", value::make_object(
                                       {{"path", value(std::string("/pw/outputs/legs"))}})}})})}}));
      templates.push_back(value(std::move(pod)));
      object wrapper;
      wrapper.insert("name", value(task_template));
      wrapper.insert("inputs", value::make_object({{"parameters", needs_params_in}}));
      if (spec.max_parallel > 0) {
        wrapper.insert("parallelism", value(static_cast<double>(spec.max_parallel)));
      }
      wrapper.insert("failFast", value(spec.fail_fast));
      array leg_params = leg_arguments(0, true)["parameters"].as_array();
      leg_params.front() = detail::argo_parameter("leg", "{{item}}");
      value legs = value::make_object({{"parameters", value(std::move(leg_params))}});
      array from_inputs;
      for (const value& x : needs_params_in) {
        const std::string name(x["name"].as_string());
        from_inputs.push_back(detail::argo_parameter(name, "{{inputs.parameters." + name + "}}"));
      }
      wrapper.insert(
          "steps",
          value(array{
              value(array{value::make_object(
                  {{"name", value(std::string("expand"))},
                   {"template", value(expand)},
                   {"arguments",
                    value::make_object({{"parameters", value(std::move(from_inputs))}})}})}),
              value(array{value::make_object(
                  {{"name", value(std::string("leg"))},
                   {"template", value(leaf_names.front())},
                   {"withParam", value(std::string("{{steps.expand.outputs.parameters.legs}}"))},
                   {"arguments", std::move(legs)}})})}));
      if (!mj.outputs.entries.empty()) wrapper.insert("outputs", wrapper_outputs("leg"));
      templates.push_back(value(std::move(wrapper)));
      template_count += 2;
      task_arguments = value::make_object({{"parameters", needs_params_task}});
    } else {
      task_template = leaf_names.front();
      task_arguments = leg_arguments(0, false);
    }
    if (gated) {
      object tpl;
      tpl.insert("name", value("if-" + task));
      object inputs;
      inputs.insert("parameters", value(std::move(gate_inputs.params)));
      array artifacts = runner_files();
      if (!artifacts.empty()) inputs.insert("artifacts", value(std::move(artifacts)));
      tpl.insert("inputs", value(std::move(inputs)));
      tpl.insert("activeDeadlineSeconds", value(std::to_string(argo_gate_deadline)));
      tpl.insert("container",
                 value::make_object(
                     {{"image", value(options.image)},
                      {"command", value(runner_command({"--decide"}, gate_inputs.options))}}));
      array op;
      for (const std::string_view o : {"pw-if", "pw-if-error"}) {
        object po;
        po.insert("name", value(std::string(o)));
        object from;
        from.insert("path", value("/pw/outputs/" + std::string(o)));
        if (o == "pw-if-error") from.insert("default", value(std::string()));
        po.insert("valueFrom", value(std::move(from)));
        op.push_back(value(std::move(po)));
      }
      tpl.insert("outputs", value::make_object({{"parameters", value(std::move(op))}}));
      templates.push_back(value(std::move(tpl)));
      ++template_count;
      object gt;
      gt.insert("name", value(gate));
      gt.insert("template", value("if-" + task));
      if (!depends.empty()) gt.insert("depends", value(depends));
      gt.insert("arguments",
                value::make_object({{"parameters", value(std::move(gate_inputs.arguments))}}));
      gate_tasks.push_back(value(std::move(gt)));
      depends = gate + ".Succeeded";
      out.depends[j] = depends;
    }
    object to;
    to.insert("name", value(task));
    to.insert("template", value(task_template));
    if (!depends.empty()) to.insert("depends", value(depends));
    if (when_false) to.insert("when", value(std::string("false")));
    if (gated) to.insert("when", value("{{tasks." + gate + ".outputs.parameters.pw-if}}"));
    if (!task_arguments["parameters"].as_array().empty()) to.insert("arguments", task_arguments);
    tasks.push_back(value(std::move(to)));
  }

  // Workflow-level features.
  if (wf.permissions) {
    report.warn(codes::argo_github_token, "permissions: Argo has no GITHUB_TOKEN to scope",
                wf.permissions->span, "/permissions");
  }
  if (wf.concurrency) {
    report.warn(codes::argo_concurrency_queue,
                "concurrency group '" + p.concurrency_group +
                    "' becomes an Argo mutex: Argo queues every waiting run (priority, then "
                    "creation time); GitHub keeps one pending run and replaces it",
                wf.concurrency->span, "/concurrency");
    if (p.cancel_in_progress) {
      report.warn(codes::argo_cancel_in_progress,
                  "cancel-in-progress has no Argo equivalent; the submitter must stop the "
                  "running workflow",
                  wf.concurrency->span, "/concurrency/cancel-in-progress");
    }
  }
  if (tasks.size() > argo_max_items || template_count > argo_max_items) {
    report.warn(codes::argo_too_many_tasks,
                std::to_string(tasks.size()) + " tasks and " + std::to_string(template_count) +
                    " templates exceed the full Argo CRDs' maxItems " +
                    std::to_string(argo_max_items) + "; install Argo's minimal CRDs",
                {}, "/jobs");
  }

  object main_tpl;
  main_tpl.insert("name", value(std::string("main")));
  for (value& g : gate_tasks) tasks.push_back(std::move(g));
  main_tpl.insert(
      "dag", value::make_object({{"failFast", value(false)}, {"tasks", value(std::move(tasks))}}));
  array all_templates;
  all_templates.push_back(value(std::move(main_tpl)));
  for (value& t : templates) all_templates.push_back(std::move(t));
  if (options.exit_handler) {
    // GitHub's conclusion is failure when any job failed; Argo's phase looks at leaves only.
    all_templates.push_back(value::make_object(
        {{"name", value(std::string("pw-exit"))},
         {"container",
          value::make_object(
              {{"image", value(options.image)},
               {"command", value(array{value(std::string("sh")), value(std::string("-c")),
                                       value(std::string(argo_exit_script))})},
               {"env", value(array{value::make_object(
                           {{"name", value(std::string("PW_FAILURES"))},
                            {"value", value(std::string("{{workflow.failures}}"))}})})}})}}));
  }

  std::string base = options.name;
  if (base.empty() && wf.name && !wf.name->is_expression() && wf.name->raw.is_string()) {
    base = std::string(wf.name->text());
  }
  base = detail::argo_dns_label(base, 50);
  if (base.empty()) base = "pipewright";

  object spec;
  spec.insert("entrypoint", value(std::string("main")));
  {
    array params;
    if (!options.workflow_text.empty()) {
      params.push_back(
          detail::argo_parameter("pw-workflow", detail::argo_base64(options.workflow_text)));
    }
    if (!options.payload_text.empty()) {
      params.push_back(
          detail::argo_parameter("pw-payload", detail::argo_base64(options.payload_text)));
    }
    if (!params.empty()) {
      spec.insert("arguments", value::make_object({{"parameters", value(std::move(params))}}));
    }
  }
  if (options.exit_handler) spec.insert("onExit", value(std::string("pw-exit")));
  if (wf.concurrency && !p.concurrency_group.empty()) {
    const std::string m = detail::argo_mutex_name(p.concurrency_group);
    spec.insert(
        "synchronization",
        value::make_object({{"mutexes", value(array{value::make_object({{"name", value(m)}})})}}));
  }
  spec.insert("templates", value(std::move(all_templates)));

  object manifest;
  manifest.insert("apiVersion", value(std::string("argoproj.io/v1alpha1")));
  manifest.insert("kind", value(std::string("Workflow")));
  manifest.insert("metadata", value::make_object({{"generateName", value(base + "-")}}));
  manifest.insert("spec", value(std::move(spec)));
  out.manifest = value(std::move(manifest));
  return result<argo_workflow>::success(std::move(out), {});
}

}  // namespace export_
}  // namespace v0
}  // namespace pipewright
