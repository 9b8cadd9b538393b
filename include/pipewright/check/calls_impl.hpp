/// @file calls_impl.hpp
/// The definitions behind check/calls.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/check/calls.hpp"
#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/reusable.hpp"
#include "pipewright/model/schema.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/render.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/trigger/on.hpp"

namespace pipewright {
inline namespace v0 {
namespace check {

namespace detail {

using model::call_options;
using model::job;
using model::job_kind;
using model::max_call_expansions;
using model::max_called_workflows;
using model::named_value;
using model::permissions;
using model::permissions_policy;
using model::read_report;
using model::template_value;
using model::workflow;
using model::workflow_loader;
using model::workflow_resolver;
namespace schema = model::schema;

enum class perm_level : std::uint8_t { none, read, write };

/// The scopes in the order GitHub's messages list them; the first `all_scopes` are the ones
/// `read-all` / `write-all` and the policies set.
inline constexpr std::array<std::string_view, 16> perm_scopes = {
    "actions",          "checks",          "contents", "deployments",   "discussions",
    "issues",           "packages",        "pages",    "pull-requests", "repository-projects",
    "statuses",         "security-events", "id-token", "attestations",  "models",
    "artifact-metadata"};
inline constexpr std::size_t all_scopes = 13;
inline constexpr std::size_t id_token_scope = 12;

struct perm_set {
  std::array<perm_level, perm_scopes.size()> level{};
};

inline std::string_view perm_level_name(perm_level l) noexcept {
  return l == perm_level::write ? "write" : l == perm_level::read ? "read" : "none";
}

/// The permissions a `permissions` value grants; nullopt for an expression (not checked).
inline std::optional<perm_set> to_perm_set(const permissions& p) {
  perm_set s;
  switch (p.kind) {
    case permissions::form::expression: return std::nullopt;
    case permissions::form::read_all:
    case permissions::form::write_all:
      for (std::size_t i = 0; i < all_scopes; ++i) {
        s.level[i] = p.kind == permissions::form::read_all ? perm_level::read : perm_level::write;
      }
      return s;
    case permissions::form::scopes: break;
  }
  for (const auto& [scope, level] : p.scopes) {
    for (std::size_t i = 0; i < perm_scopes.size(); ++i) {
      if (scope.text != perm_scopes[i]) continue;
      s.level[i] = level.text == "write"  ? perm_level::write
                   : level.text == "read" ? perm_level::read
                                          : perm_level::none;
    }
  }
  return s;
}

inline perm_set policy_set(permissions_policy policy, bool trusted) {
  perm_set s;
  if (policy == permissions_policy::limited_read) {
    s.level[2] = perm_level::read;  // contents
    s.level[6] = perm_level::read;  // packages
    return s;
  }
  for (std::size_t i = 0; i < all_scopes; ++i) s.level[i] = perm_level::write;
  if (!trusted) s.level[id_token_scope] = perm_level::none;
  return s;
}

/// GitHub's "requesting 'a: write', but is only allowed 'a: read'" lists; empty when allowed.
inline std::pair<std::string, std::string> perm_violations(const perm_set& requested,
                                                           const perm_set& allowed) {
  std::string req;
  std::string max;
  for (std::size_t i = 0; i < perm_scopes.size(); ++i) {
    if (requested.level[i] <= allowed.level[i]) continue;
    if (!req.empty()) {
      req += ", ";
      max += ", ";
    }
    req += std::string(perm_scopes[i]) + ": " + std::string(perm_level_name(requested.level[i]));
    max += std::string(perm_scopes[i]) + ": " + std::string(perm_level_name(allowed.level[i]));
  }
  return {req, max};
}

/// One called workflow, loaded once per check.
struct called_file {
  std::string text;
  read_report report;
  std::optional<trigger::triggers> triggers;  ///< nullopt when `on` does not read
};

class call_checker {
 public:
  call_checker(const workflow_resolver& resolve, const workflow_loader& load,
               const call_options& options, std::vector<diagnostic>& out)
      : resolve_(resolve), load_(load), options_(options), out_(out) {}

  void run(const workflow& root, std::string_view root_text) {
    jobs_ = root.jobs.size();
    std::optional<perm_set> root_perms;
    if (root.permissions) root_perms = to_perm_set(*root.permissions);
    const bool root_expr = root.permissions && !root_perms;
    for (const job& j : root.jobs) {
      if (j.kind != job_kind::reusable_call || !j.uses) continue;
      std::optional<perm_set> p = root_perms;
      bool expr = root_expr;
      if (j.permissions) {
        p = to_perm_set(*j.permissions);
        expr = !p;
      }
      frame f{root_text, {}, &j};
      visit(j, f, p, expr, 1);
      if (stop_) return;
    }
  }

 private:
  /// Where a call is written: its file (empty `ref` for the root) and the root job above it.
  struct frame {
    std::string_view text;
    std::string ref;
    const job* root_job;
  };

  void report(std::string_view code, std::string message, const frame& f, source_span span,
              severity level = severity::error) {
    diagnostic d{std::string(code), level, std::move(message), "/jobs/" + f.root_job->id, span, {}};
    if (!f.ref.empty()) {
      const line_col lc = locate(f.text, span.known() ? span.begin : 0);
      d.notes.push_back("in " + f.ref + " (Line: " + std::to_string(lc.line) + ", Col: " +
                        std::to_string(lc.column) + "), called from job '" + f.root_job->id + "'");
      d.span = f.root_job->uses ? f.root_job->uses->span : f.root_job->id_span;
    }
    out_.push_back(std::move(d));
  }

  const called_file* fetch(const std::string& ref, const frame& f, const job& call) {
    auto it = cache_.find(ref);
    if (it != cache_.end()) return it->second.get();
    std::optional<std::string> text = resolve_ ? resolve_(ref) : std::nullopt;
    if (!text) {
      if (options_.note_unresolved) {
        report(codes::model_call_unresolved,
               "Cannot check the call of '" + ref + "': the workflow was not found", f,
               call.uses->span, severity::note);
      }
      cache_.emplace(ref, nullptr);
      return nullptr;
    }
    if (loaded_ >= max_called_workflows) {
      report(codes::model_call_limit,
             "More than " + std::to_string(max_called_workflows) +
                 " reusable workflows are called; '" + ref + "' is not checked",
             f, call.uses->span);
      stop_ = true;
      return nullptr;
    }
    ++loaded_;
    auto file = std::make_unique<called_file>();
    file->text = std::move(*text);
    file->report = load_(file->text);
    if (file->report.ok()) {
      auto t = trigger::parse_on(file->report.workflow.on);
      if (t) file->triggers = std::move(*t);
    }
    return cache_.emplace(ref, std::move(file)).first->second.get();
  }

  void visit(const job& call, const frame& f, const std::optional<perm_set>& caller_perms,
             bool caller_perms_expr, std::size_t depth) {
    if (++expansions_ > max_call_expansions) {
      report(codes::model_call_limit,
             "More than " + std::to_string(max_call_expansions) +
                 " reusable-workflow calls to follow; the rest are not checked",
             f, call.uses->span);
      stop_ = true;
      return;
    }
    if (depth > options_.max_depth) {
      report(codes::model_call_depth_limit,
             "Nested reusable workflow depth exceeded " + std::to_string(options_.max_depth) + ".",
             f, call.uses->span);
      return;
    }
    const std::string& ref = call.uses->text;
    if (semantics::contains_expression(ref)) return;
    const called_file* file = fetch(ref, f, call);
    if (file == nullptr) return;
    const frame inner{file->text, ref, f.root_job};

    // The called file must itself be a valid workflow with a workflow_call trigger.
    if (!file->report.ok()) {
      for (const diagnostic& d : file->report.diagnostics) {
        if (!d.is_error()) continue;
        const line_col lc = locate(file->text, d.span.known() ? d.span.begin : 0);
        diagnostic e{std::string(codes::model_called_workflow_invalid),
                     severity::error,
                     "Error from called workflow " + ref + ": " + d.message,
                     "/jobs/" + f.root_job->id,
                     f.ref.empty() ? call.uses->span
                                   : (f.root_job->uses ? f.root_job->uses->span : source_span{}),
                     {}};
        e.notes.push_back(ref + " (Line: " + std::to_string(lc.line) +
                          ", Col: " + std::to_string(lc.column) + ") [" + d.code + "]");
        out_.push_back(std::move(e));
      }
      return;
    }
    const workflow& w = file->report.workflow;
    const trigger::event_config* wc =
        file->triggers ? file->triggers->find("workflow_call") : nullptr;
    if (wc == nullptr) {
      report(codes::model_called_workflow_invalid,
             "Error from called workflow " + ref +
                 ": workflow_call key is not defined in the referenced workflow.",
             f, call.uses->span);
      return;
    }
    check_inputs(call, *wc, f);
    check_secrets(call, *wc, f);

    // Jobs count across files, each call again.
    jobs_ += w.jobs.size();
    if (options_.max_jobs != 0 && jobs_ > options_.max_jobs && !job_limit_reported_) {
      job_limit_reported_ = true;
      report(
          codes::model_job_limit,
          "The workflow may not contain more than " + std::to_string(options_.max_jobs) + " jobs",
          f, call.uses->span);
    }

    // Permissions: the called workflow and each of its jobs against what the caller allows.
    const bool unchecked = caller_perms_expr;
    const perm_set allowed =
        caller_perms ? *caller_perms : policy_set(options_.default_permissions, options_.trusted);
    std::optional<perm_set> inherited = caller_perms;
    bool inherited_expr = caller_perms_expr;
    if (w.permissions) {
      const std::optional<perm_set> requested = to_perm_set(*w.permissions);
      if (requested && !unchecked) {
        auto [req, max] = perm_violations(*requested, allowed);
        if (!req.empty()) {
          report(codes::model_call_permissions,
                 "Error calling workflow '" + ref + "'. The workflow '" + ref +
                     "' is requesting '" + req + "', but is only allowed '" + max + "'.",
                 f, call.id_span);
        }
      }
      inherited = requested;
      inherited_expr = !requested;
    }
    for (const job& e : w.jobs) {
      if (!e.permissions) continue;
      const std::optional<perm_set> requested = to_perm_set(*e.permissions);
      if (!requested || unchecked) continue;
      auto [req, max] = perm_violations(*requested, allowed);
      if (!req.empty()) {
        report(codes::model_call_permissions,
               "Error calling workflow '" + ref + "'. The nested job '" +
                   std::string(e.display_name()) + "' is requesting '" + req +
                   "', but is only allowed '" + max + "'.",
               f, call.id_span);
      }
    }

    // Nested calls.
    for (const job& e : w.jobs) {
      if (e.kind != job_kind::reusable_call || !e.uses) continue;
      std::optional<perm_set> p = inherited;
      bool expr = inherited_expr;
      if (e.permissions) {
        p = to_perm_set(*e.permissions);
        expr = !p;
      }
      visit(e, inner, p, expr, depth + 1);
      if (stop_) return;
    }
  }

  void check_inputs(const job& call, const trigger::event_config& wc, const frame& f) {
    if (call.with.expression) return;
    for (const trigger::input_def& d : wc.inputs) {
      const template_value* v = call.with.find(d.name);
      if (v == nullptr) {
        if (d.required) {
          report(codes::model_call_input_required,
                 "Input " + d.name + " is required, but not provided while calling.", f,
                 call.uses->span);
        }
        continue;
      }
      if (v->is_expression()) continue;
      const bool fits = d.type == trigger::input_type::boolean ? v->raw.is_bool()
                        : d.type == trigger::input_type::number
                            ? v->raw.is_number()
                            : !v->raw.is_array() && !v->raw.is_object();
      if (!fits) {
        report(codes::model_call_input_type,
               "Unexpected value '" + schema::literal_text(v->raw) + "'", f, v->span);
      }
    }
    for (const named_value& e : call.with.entries) {
      if (wc.find_input(e.name.text) == nullptr) {
        report(codes::model_call_input_undefined,
               "Invalid input, " + e.name.text + " is not defined in the referenced workflow.", f,
               e.value.span.known() ? e.value.span : e.name.span);
      }
    }
  }

  void check_secrets(const job& call, const trigger::event_config& wc, const frame& f) {
    if (call.secrets_inherit || call.secrets.expression) return;
    for (const std::string& s : wc.required_secrets) {
      if (call.secrets.find(s) == nullptr) {
        report(codes::model_call_secret_required,
               "Secret " + s + " is required, but not provided while calling.", f, call.uses->span);
      }
    }
    for (const named_value& e : call.secrets.entries) {
      bool defined = false;
      for (const std::string& s : wc.secrets)
        defined = defined || pipewright::detail::iequals(s, e.name.text);
      if (!defined) {
        report(codes::model_call_secret_undefined,
               "Invalid secret, " + e.name.text + " is not defined in the referenced workflow.", f,
               e.value.span.known() ? e.value.span : e.name.span);
      }
    }
  }

  const workflow_resolver& resolve_;
  const workflow_loader& load_;
  const call_options& options_;
  std::vector<diagnostic>& out_;
  std::map<std::string, std::unique_ptr<called_file>> cache_;
  std::size_t loaded_ = 0;
  std::size_t expansions_ = 0;
  std::size_t jobs_ = 0;
  bool job_limit_reported_ = false;
  bool stop_ = false;
};

}  // namespace detail

PIPEWRIGHT_DECL std::vector<diagnostic> calls(const model::workflow& root,
                                              std::string_view root_text,
                                              const model::workflow_resolver& resolve,
                                              const model::workflow_loader& load,
                                              const model::call_options& options) {
  std::vector<diagnostic> out;
  detail::call_checker checker(resolve, load, options, out);
  checker.run(root, root_text);
  return out;
}

}  // namespace check
}  // namespace v0
}  // namespace pipewright
