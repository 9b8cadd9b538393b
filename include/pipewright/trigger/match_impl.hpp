/// @file match_impl.hpp
/// The definitions behind trigger/match.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/trigger/glob.hpp"
#include "pipewright/trigger/match.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

PIPEWRIGHT_DECL std::string describe(const event& e) {
  if (e.name == "push") return "push to " + effective_ref(e);
  if (e.name == "pull_request" || e.name == "pull_request_target" || e.name == "merge_group") {
    std::string s = e.name;
    if (!e.action.empty()) s += " " + e.action;
    if (!e.base_ref.empty()) s += " into " + e.base_ref;
    if (!e.head_ref.empty() && e.name != "merge_group") s += " from " + e.head_ref;
    return s;
  }
  if (e.name == "workflow_dispatch") return "workflow_dispatch on " + effective_ref(e);
  if (e.name == "workflow_run") {
    std::string s = "workflow_run";
    if (!e.action.empty()) s += " " + e.action;
    s += e.workflow_name.empty() ? std::string(" of a workflow not named")
                                 : " of '" + e.workflow_name + "'";
    return s + " on " + e.workflow_branch;
  }
  if (e.name == "schedule")
    return e.schedule.empty() ? "schedule" : "schedule '" + e.schedule + "'";
  return e.action.empty() ? e.name : e.name + " " + e.action;
}

namespace detail {

inline std::string quote_list(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

/// A branch or tag filter against one name; adds the reason.
inline bool ref_filter(const filter& f, std::string_view base, std::string_view what,
                       std::string_view name, std::vector<std::string>& reasons) {
  const std::string key(f.key(base));
  const verdict v = f.patterns.evaluate(name);
  const std::string subject = std::string(what) + " '" + std::string(name) + "'";
  if (!v.matched()) {
    reasons.push_back(subject + " matches no " + key + " pattern");
    return f.ignore;
  }
  const std::string& pat = f.patterns[v.decided_by].text();
  if (!f.ignore) {
    reasons.push_back(v.included ? subject + " matches " + key + " pattern '" + pat + "'"
                                 : subject + " is excluded by " + key + " pattern '" + pat + "'");
    return v.included;
  }
  reasons.push_back(v.included ? subject + " matches " + key + " pattern '" + pat + "'"
                               : subject + " is re-included by " + key + " pattern '" + pat + "'");
  return !v.included;
}

/// At most `limit` quoted items of `v`, then how many more: "'a', 'b' and 3 more".
inline std::string quoted_some(const std::vector<std::string>& v, std::size_t limit) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < limit; ++i) s += (i != 0 ? ", '" : "'") + v[i] + "'";
  if (v.size() > limit) s += " and " + std::to_string(v.size() - limit) + " more";
  return s;
}

/// Path filters against the changed files; adds the reason, which names the patterns (and,
/// when none passes, the files).
inline bool path_filter(const filter& f, const event& e, std::vector<std::string>& reasons) {
  const std::string key = std::string(f.key("paths")) + " (" + quoted_some(f.texts, 5) + ")";
  if (e.diff_unavailable) {
    reasons.push_back("the diff is unavailable (over 1,000 commits, or it timed out), so " + key +
                      " passes");
    return true;
  }
  if (e.changed_files.empty()) {
    reasons.push_back("no changed files, and " + key + " is set");
    return false;
  }
  const std::size_t n = std::min(e.changed_files.size(), max_changed_files);
  const std::string considered = e.changed_files.size() > max_changed_files
                                     ? " (only the first " + std::to_string(max_changed_files) +
                                           " of " + std::to_string(e.changed_files.size()) +
                                           " changed files count)"
                                     : std::string();
  const std::string files = std::to_string(n) + (n == 1 ? " changed file" : " changed files");
  for (std::size_t i = 0; i < n; ++i) {
    const verdict v = f.patterns.evaluate(e.changed_files[i]);
    const bool kept = f.ignore ? !v.included : v.included;
    if (!kept) continue;
    if (!f.ignore) {
      reasons.push_back("'" + e.changed_files[i] + "' matches paths pattern '" +
                        f.patterns[v.decided_by].text() + "'" + considered);
    } else if (v.matched()) {
      reasons.push_back("'" + e.changed_files[i] + "' is re-included by paths-ignore pattern '" +
                        f.patterns[v.decided_by].text() + "'" + considered);
    } else {
      reasons.push_back("'" + e.changed_files[i] + "' matches no paths-ignore pattern" +
                        considered);
    }
    return true;
  }
  const std::vector<std::string> seen(e.changed_files.begin(),
                                      e.changed_files.begin() + static_cast<std::ptrdiff_t>(n));
  reasons.push_back((f.ignore ? key + " matched all " : key + " matched none of the ") + files +
                    " (" + quoted_some(seen, 5) + ")" + considered);
  return false;
}

inline bool types_pass(const event_config& cfg, const event& e, std::vector<std::string>& reasons) {
  const std::vector<std::string> types = cfg.effective_types();
  if (types.empty()) return true;
  const std::string which =
      cfg.types_set ? "types (" + quote_list(types) + ")"
                    : "the default types of " + cfg.name + " (" + quote_list(types) + ")";
  if (e.action.empty()) {
    reasons.push_back("the event has no activity type, and " + which + " are set");
    return false;
  }
  for (const std::string& t : types) {
    if (t == e.action) {
      reasons.push_back("activity type '" + e.action + "' is in " + which);
      return true;
    }
  }
  reasons.push_back("activity type '" + e.action + "' is not in " + which);
  return false;
}

inline bool skip_ci(const event& e, std::vector<std::string>& reasons) {
  if (e.commit_messages.empty()) return false;
  const std::string& head = e.commit_messages.back();
  for (const std::string_view m : skip_markers) {
    if (head.find(m) != std::string::npos) {
      reasons.push_back("the head commit message contains '" + std::string(m) + "'");
      return true;
    }
  }
  return false;
}

inline bool push_pass(const event_config& cfg, const event& e, std::vector<std::string>& reasons) {
  const std::string ref = effective_ref(e);
  const bool tag = is_tag_ref(ref);
  if (!tag && !is_branch_ref(ref)) {
    reasons.push_back("the ref is neither refs/heads/… nor refs/tags/…");
    return false;
  }
  const std::string name = short_ref_name(ref);
  const filter& mine = tag ? cfg.tags : cfg.branches;
  const filter& other = tag ? cfg.branches : cfg.tags;
  const std::string_view what = tag ? "tag" : "branch";
  if (mine.present) {
    if (!ref_filter(mine, tag ? "tags" : "branches", what, name, reasons)) return false;
  } else if (other.present) {
    reasons.push_back(tag ? "no tag filter, branch filter present"
                          : "no branch filter, tag filter present");
    return false;
  } else if (!cfg.paths.present) {
    reasons.push_back("no branch, tag or path filter");
  } else {
    reasons.push_back("no branch or tag filter");
  }
  if (cfg.paths.present) {
    if (tag) {
      reasons.push_back("path filters are not evaluated for tag pushes");
    } else if (!path_filter(cfg.paths, e, reasons)) {
      return false;
    }
  }
  return true;
}

inline bool pull_request_pass(const event_config& cfg, const event& e,
                              std::vector<std::string>& reasons) {
  if (!types_pass(cfg, e, reasons)) return false;
  if (cfg.branches.present) {
    if (!ref_filter(cfg.branches, "branches", "base branch", e.base_ref, reasons)) return false;
  }
  if (cfg.paths.present && !path_filter(cfg.paths, e, reasons)) return false;
  if (!cfg.branches.present && !cfg.paths.present && !cfg.types_set) {
    reasons.push_back("no branch or path filter");
  }
  return true;
}

}  // namespace detail

PIPEWRIGHT_DECL decision match(const triggers& t, const event& e) {
  decision d;
  d.event = describe(e);
  auto& reasons = d.reasons;
  if (!is_event_name(e.name)) {
    reasons.push_back("'" + e.name + "' is not a GitHub Actions event");
    return d;
  }
  const event_config* cfg = t.find(e.name);
  if (cfg == nullptr) {
    reasons.push_back("'" + e.name + "' is not in on: (" + t.names() + ")");
    return d;
  }
  if (e.by_github_token && e.name != "workflow_dispatch" && e.name != "repository_dispatch") {
    const bool pr_activity =
        (e.name == "pull_request" || e.name == "pull_request_target") &&
        (e.action == "opened" || e.action == "synchronize" || e.action == "reopened");
    if (!pr_activity) {
      reasons.push_back("events caused by GITHUB_TOKEN do not start workflow runs");
      return d;
    }
    d.approval_required = true;
    reasons.push_back("caused by GITHUB_TOKEN, so the run waits for approval");
  }
  bool ok = true;
  if (e.name == "push") {
    ok = detail::push_pass(*cfg, e, reasons);
    if (ok && detail::skip_ci(e, reasons)) ok = false;
  } else if (e.name == "pull_request" || e.name == "pull_request_target") {
    ok = detail::pull_request_pass(*cfg, e, reasons);
    if (ok && e.name == "pull_request" && detail::skip_ci(e, reasons)) ok = false;
  } else if (e.name == "merge_group") {
    ok = detail::types_pass(*cfg, e, reasons);
    if (ok && cfg->branches.present) {
      ok = detail::ref_filter(cfg->branches, "branches", "base branch", e.base_ref, reasons);
    }
  } else if (e.name == "workflow_run") {
    ok = detail::types_pass(*cfg, e, reasons);
    if (ok) {
      const auto it = std::find(cfg->workflows.begin(), cfg->workflows.end(), e.workflow_name);
      if (it == cfg->workflows.end()) {
        reasons.push_back((e.workflow_name.empty() ? std::string("the triggering workflow's name "
                                                                 "is not given, so it is not")
                                                   : "'" + e.workflow_name + "' is not") +
                          " in workflows (" + detail::quote_list(cfg->workflows) + ")");
        ok = false;
      } else {
        reasons.push_back("'" + e.workflow_name + "' is in workflows");
      }
    }
    if (ok && cfg->branches.present) {
      ok = detail::ref_filter(cfg->branches, "branches", "branch", e.workflow_branch, reasons);
    }
  } else if (e.name == "schedule") {
    if (cfg->crons.empty()) {
      reasons.push_back("on: schedule has no cron entry");
      ok = false;
    } else if (e.schedule.empty()) {
      reasons.push_back("the workflow has " + std::to_string(cfg->crons.size()) +
                        (cfg->crons.size() == 1 ? " cron schedule" : " cron schedules"));
    } else {
      ok = false;
      for (const cron_entry& c : cfg->crons) ok = ok || c.expr.text() == e.schedule;
      reasons.push_back(ok ? "'" + e.schedule + "' is one of the workflow's cron schedules"
                           : "'" + e.schedule + "' is not one of the workflow's cron schedules");
    }
  } else if (e.name == "workflow_dispatch" || e.name == "workflow_call") {
    auto in = resolve_inputs(*cfg, e.inputs);
    if (!in) {
      ok = false;
      reasons.push_back("the inputs are invalid: " + in.first_error()->message);
      d.diagnostics = std::move(in.diagnostics());
    } else {
      d.inputs = std::move(*in);
      // A call must pass every required secret (when the caller's secrets are known).
      const bool check_secrets = e.name == "workflow_call" && e.secrets_given;
      for (std::size_t k = 0; check_secrets && k < cfg->required_secrets.size(); ++k) {
        const std::string& r = cfg->required_secrets[k];
        bool passed = false;
        for (const std::string& given : e.secrets) {
          passed = passed || pipewright::detail::iequals(given, r);
        }
        if (passed) continue;
        ok = false;
        reasons.push_back("the required secret '" + r + "' is not passed");
        d.diagnostics.push_back(
            make_error(codes::model_call_secret_required,
                       "Secret " + r + " is required, but not provided while calling."));
      }
    }
    if (ok && in) {
      reasons.push_back(e.name == "workflow_dispatch"
                            ? (cfg->inputs.empty() ? std::string("manual dispatch")
                                                   : "manual dispatch, inputs valid")
                            : (cfg->inputs.empty()
                                   ? std::string("called as a reusable workflow")
                                   : "called as a reusable workflow, inputs valid"));
    }
  } else {
    ok = detail::types_pass(*cfg, e, reasons);
    if (ok && !cfg->types_set) reasons.push_back("every activity type triggers");
  }
  if (ok && reasons.empty()) reasons.push_back("on: " + e.name);
  d.runs = ok;
  return d;
}

PIPEWRIGHT_DECL std::vector<labelled_event> standard_events(
    const std::vector<std::string>& changed_files) {
  std::vector<labelled_event> out;
  out.push_back({"push to main", push_event("refs/heads/main", changed_files)});
  out.push_back({"push to develop", push_event("refs/heads/develop", changed_files)});
  out.push_back(
      {"pull request to main", pull_request_event("opened", "main", "feature", changed_files)});
  out.push_back({"tag v1.0.0", push_event("refs/tags/v1.0.0", changed_files)});
  out.push_back({"workflow_dispatch", workflow_dispatch_event("refs/heads/main")});
  return out;
}

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright
