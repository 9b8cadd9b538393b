/// @file event_impl.hpp
/// The definitions behind trigger/event.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/trigger/event.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

PIPEWRIGHT_DECL event push_event(std::string_view ref, std::vector<std::string> changed_files,
                                 std::vector<std::string> commit_messages) {
  event e;
  e.name = "push";
  e.ref = normalize_ref(ref);
  e.changed_files = std::move(changed_files);
  e.commit_messages = std::move(commit_messages);
  e.before = "0000000000000000000000000000000000000001";
  e.after = "0000000000000000000000000000000000000002";
  return e;
}

PIPEWRIGHT_DECL event pull_request_event(std::string_view action, std::string_view base,
                                         std::string_view head,
                                         std::vector<std::string> changed_files,
                                         std::string_view name) {
  event e;
  e.name = std::string(name);
  e.action = std::string(action);
  e.base_ref = short_ref_name(base);
  e.head_ref = short_ref_name(head);
  e.number = 1;
  e.changed_files = std::move(changed_files);
  return e;
}

PIPEWRIGHT_DECL event workflow_dispatch_event(std::string_view ref, value inputs) {
  event e;
  e.name = "workflow_dispatch";
  if (!ref.empty()) e.ref = normalize_ref(ref);
  e.inputs = inputs.is_null() ? value::make_object() : std::move(inputs);
  return e;
}

PIPEWRIGHT_DECL event workflow_call_event(value inputs) {
  event e;
  e.name = "workflow_call";
  e.inputs = inputs.is_null() ? value::make_object() : std::move(inputs);
  return e;
}

PIPEWRIGHT_DECL event workflow_run_event(std::string_view workflow_name, std::string_view branch,
                                         std::string_view action, std::string_view conclusion) {
  event e;
  e.name = "workflow_run";
  e.action = std::string(action);
  e.workflow_name = std::string(workflow_name);
  e.workflow_branch = std::string(branch);
  e.workflow_conclusion = std::string(conclusion);
  return e;
}

PIPEWRIGHT_DECL event schedule_event(std::string_view cron) {
  event e;
  e.name = "schedule";
  e.schedule = std::string(cron);
  e.actor = "github-actions[bot]";
  return e;
}

PIPEWRIGHT_DECL event simple_event(std::string_view name, std::string_view action) {
  event e;
  e.name = std::string(name);
  e.action = std::string(action);
  return e;
}

namespace detail {

inline value str_or_null(const std::string& s) {
  return s.empty() ? value() : value(s);
}

inline value repository_payload(const repository_info& r) {
  const std::size_t slash = r.full_name.find('/');
  const std::string nm = slash == std::string::npos ? r.full_name : r.full_name.substr(slash + 1);
  return value::make_object({{"id", value(r.id)},
                             {"name", value(nm)},
                             {"full_name", value(r.full_name)},
                             {"owner", value::make_object({{"login", value(r.owner())}})},
                             {"default_branch", value(r.default_branch)}});
}

inline value strings(const std::vector<std::string>& v) {
  array a;
  a.reserve(v.size());
  for (const std::string& s : v) a.emplace_back(s);
  return value(std::move(a));
}

}  // namespace detail

PIPEWRIGHT_DECL value event_payload(const event& e) {
  if (!e.payload.is_null()) return e.payload;
  object p;
  if (!e.action.empty() && e.name != "repository_dispatch") p.insert("action", e.action);
  const value sender = value::make_object({{"login", value(e.actor)}});
  if (e.name == "push") {
    p.insert("ref", effective_ref(e));
    p.insert("before", e.before);
    p.insert("after", e.after.empty() ? e.sha : e.after);
    array commits;
    for (const std::string& m : e.commit_messages) {
      commits.push_back(value::make_object({{"message", value(m)}}));
    }
    p.insert("head_commit",
             e.commit_messages.empty()
                 ? value()
                 : value::make_object(
                       {{"id", value(e.after)}, {"message", value(e.commit_messages.back())}}));
    p.insert("commits", value(std::move(commits)));
    p.insert("created", false);
    p.insert("deleted", false);
    p.insert("forced", false);
    p.insert("pusher", value::make_object({{"name", value(e.actor)}}));
  } else if (e.name == "pull_request" || e.name == "pull_request_target") {
    array labels;
    for (const std::string& l : e.labels)
      labels.push_back(value::make_object({{"name", value(l)}}));
    p.insert("number", e.number);
    p.insert(
        "pull_request",
        value::make_object({{"number", value(e.number)},
                            {"title", value(e.title)},
                            {"draft", value(e.draft)},
                            {"labels", value(std::move(labels))},
                            {"base", value::make_object({{"ref", value(e.base_ref)}})},
                            {"head", value::make_object({{"ref", value(e.head_ref)},
                                                         {"sha", detail::str_or_null(e.sha)}})}}));
  } else if (e.name == "workflow_dispatch") {
    object in;
    for (const auto& [k, v] : e.inputs.as_object()) {
      if (v.is_bool()) {
        in.insert(k, v.as_bool() ? "true" : "false");
      } else {
        in.insert(k, v);
      }
    }
    p.insert("inputs", value(std::move(in)));
    p.insert("ref", effective_ref(e));
    p.insert("workflow", ".github/workflows/workflow.yml");
  } else if (e.name == "workflow_run") {
    p.insert("workflow_run",
             value::make_object({{"name", value(e.workflow_name)},
                                 {"head_branch", value(e.workflow_branch)},
                                 {"conclusion", detail::str_or_null(e.workflow_conclusion)}}));
  } else if (e.name == "schedule") {
    p.insert("schedule", e.schedule);
  } else if (e.name == "repository_dispatch") {
    p.insert("action", e.action);
    p.insert("client_payload", value::make_object());
  } else if (e.name == "merge_group") {
    p.insert("merge_group", value::make_object({{"base_ref", value("refs/heads/" + e.base_ref)},
                                                {"head_ref", value(effective_ref(e))},
                                                {"head_sha", detail::str_or_null(e.sha)}}));
  } else if (e.name == "release") {
    p.insert("release", value::make_object({{"tag_name", value(short_ref_name(e.ref))}}));
  }
  p.insert("repository", detail::repository_payload(e.repository));
  p.insert("sender", sender);
  return value(std::move(p));
}

PIPEWRIGHT_DECL value github_context(const event& e, const context_options& o) {
  const std::string ref = effective_ref(e);
  const bool pr = e.name == "pull_request" || e.name == "pull_request_target";
  std::string sha = e.sha;
  if (sha.empty() && e.name == "push") sha = e.after;
  std::string ref_type;
  if (is_tag_ref(ref)) {
    ref_type = "tag";
  } else if (is_branch_ref(ref) || ref.substr(0, 10) == "refs/pull/") {
    ref_type = "branch";
  }
  const std::string& repo = e.repository.full_name;
  const std::size_t slash = repo.find('/');
  const std::string repo_name = slash == std::string::npos ? repo : repo.substr(slash + 1);
  object g;
  g.insert("event_name", e.name);
  g.insert("event", event_payload(e));
  g.insert("ref", ref);
  g.insert("ref_name", short_ref_name(ref));
  g.insert("ref_type", ref_type);
  g.insert("ref_protected", false);
  g.insert("sha", sha);
  g.insert("base_ref", pr ? e.base_ref : std::string());
  g.insert("head_ref", pr ? e.head_ref : std::string());
  g.insert("repository", repo);
  g.insert("repository_owner", e.repository.owner());
  g.insert("repository_id", e.repository.id);
  g.insert("actor", e.actor);
  g.insert("triggering_actor", e.triggering_actor.empty() ? e.actor : e.triggering_actor);
  g.insert("workflow", o.workflow.empty() ? o.workflow_path : o.workflow);
  g.insert("workflow_ref", repo + "/" + o.workflow_path + "@" + ref);
  g.insert("workflow_sha", sha);
  g.insert("run_id", o.run_id);
  g.insert("run_number", o.run_number);
  g.insert("run_attempt", o.run_attempt);
  g.insert("job", value());
  g.insert("token", value());
  g.insert("server_url", o.server_url);
  g.insert("api_url", o.server_url == "https://github.com" ? std::string("https://api.github.com")
                                                           : o.server_url + "/api/v3");
  g.insert("graphql_url", o.server_url == "https://github.com"
                              ? std::string("https://api.github.com/graphql")
                              : o.server_url + "/api/graphql");
  g.insert("workspace", "/home/runner/work/" + repo_name + "/" + repo_name);
  g.insert("event_path", "/home/runner/work/_temp/_github_workflow/event.json");
  g.insert("retention_days", "90");
  g.insert("secret_source", "Actions");
  g.insert("action", "");
  g.insert("action_path", "");
  g.insert("action_ref", "");
  g.insert("action_repository", "");
  return value(std::move(g));
}

namespace detail {

/// Reads an optional string member; false (with a diagnostic) when it has another type.
inline bool read_string(const value& obj, std::string_view key, std::string& out,
                        std::vector<diagnostic>& diags, std::string_view where) {
  const value& v = obj[key];
  if (v.is_null()) return true;
  if (!v.is_string()) {
    diags.push_back(make_error(codes::trigger_invalid_event,
                               "the payload's '" + std::string(key) + "' is a " +
                                   std::string(kind_name(v.type())) + ", expected a string",
                               {}, std::string(where) + "/" + std::string(key)));
    return false;
  }
  out = std::string(v.as_string());
  return true;
}

}  // namespace detail

PIPEWRIGHT_DECL result<event> event_from_payload(std::string_view name, const value& payload) {
  std::vector<diagnostic> diags;
  if (!is_event_name(name)) {
    return make_error(codes::trigger_invalid_event, "unknown event '" + std::string(name) + "'");
  }
  if (!payload.is_object()) {
    return make_error(codes::trigger_invalid_event, "the webhook payload is a " +
                                                        std::string(kind_name(payload.type())) +
                                                        ", expected a JSON object");
  }
  event e;
  e.name = std::string(name);
  e.payload = payload;
  detail::read_string(payload, "action", e.action, diags, "");
  const value& repo = payload["repository"];
  if (repo.is_object()) {
    detail::read_string(repo, "full_name", e.repository.full_name, diags, "/repository");
    detail::read_string(repo, "default_branch", e.repository.default_branch, diags, "/repository");
    if (repo["id"].is_number()) {
      e.repository.id = std::to_string(static_cast<long long>(repo["id"].as_number()));
    }
  }
  const value& sender = payload["sender"];
  if (sender.is_object()) detail::read_string(sender, "login", e.actor, diags, "/sender");
  if (name == "push") {
    detail::read_string(payload, "ref", e.ref, diags, "");
    detail::read_string(payload, "before", e.before, diags, "");
    detail::read_string(payload, "after", e.after, diags, "");
    e.sha = e.after;
    if (e.ref.empty()) {
      diags.push_back(make_error(codes::trigger_invalid_event, "a push payload needs 'ref'"));
    } else if (!is_branch_ref(e.ref) && !is_tag_ref(e.ref)) {
      diags.push_back(make_error(
          codes::trigger_invalid_event,
          "a push ref must start with refs/heads/ or refs/tags/, got '" + e.ref + "'", {}, "/ref"));
    }
    const value& commits = payload["commits"];
    std::vector<std::string> seen;
    for (const value& c : commits.as_array()) {
      if (c["message"].is_string()) e.commit_messages.emplace_back(c["message"].as_string());
      for (const char* key : {"added", "removed", "modified"}) {
        for (const value& f : c[key].as_array()) {
          if (!f.is_string()) continue;
          bool dup = false;
          for (const std::string& s : e.changed_files) dup = dup || s == f.as_string();
          if (!dup) e.changed_files.emplace_back(f.as_string());
        }
      }
    }
    const value& head = payload["head_commit"];
    if (head["message"].is_string() &&
        (e.commit_messages.empty() || e.commit_messages.back() != head["message"].as_string())) {
      e.commit_messages.emplace_back(head["message"].as_string());
    }
  } else if (name == "pull_request" || name == "pull_request_target") {
    const value& pr = payload["pull_request"];
    if (!pr.is_object()) {
      diags.push_back(
          make_error(codes::trigger_invalid_event, "a pull request payload needs 'pull_request'"));
    } else {
      detail::read_string(pr["base"], "ref", e.base_ref, diags, "/pull_request/base");
      detail::read_string(pr["head"], "ref", e.head_ref, diags, "/pull_request/head");
      detail::read_string(pr, "title", e.title, diags, "/pull_request");
      e.draft = pr["draft"].as_bool();
      e.number =
          pr["number"].is_number() ? pr["number"].as_number() : payload["number"].as_number();
      if (!(e.number >= 0)) e.number = 0;
      for (const value& l : pr["labels"].as_array()) {
        if (l["name"].is_string()) e.labels.emplace_back(l["name"].as_string());
      }
      if (name == "pull_request") {
        std::string merge;
        detail::read_string(pr, "merge_commit_sha", merge, diags, "/pull_request");
        e.sha = merge;
        if (e.sha.empty()) detail::read_string(pr["head"], "sha", e.sha, diags, "");
      } else {
        detail::read_string(pr["base"], "sha", e.sha, diags, "");
      }
    }
  } else if (name == "workflow_dispatch") {
    detail::read_string(payload, "ref", e.ref, diags, "");
    const value& in = payload["inputs"];
    if (!in.is_null() && !in.is_object()) {
      diags.push_back(make_error(codes::trigger_invalid_event,
                                 "the payload's 'inputs' must be an object", {}, "/inputs"));
    }
    e.inputs = in.is_object() ? in : value::make_object();
  } else if (name == "workflow_call") {
    const value& in = payload["inputs"];
    e.inputs = in.is_object() ? in : value::make_object();
  } else if (name == "workflow_run") {
    const value& run = payload["workflow_run"];
    detail::read_string(run, "name", e.workflow_name, diags, "/workflow_run");
    detail::read_string(run, "head_branch", e.workflow_branch, diags, "/workflow_run");
    detail::read_string(run, "conclusion", e.workflow_conclusion, diags, "/workflow_run");
  } else if (name == "schedule") {
    detail::read_string(payload, "schedule", e.schedule, diags, "");
    e.actor = sender.is_object() ? e.actor : "github-actions[bot]";
  } else if (name == "release") {
    std::string tag;
    detail::read_string(payload["release"], "tag_name", tag, diags, "/release");
    if (!tag.empty()) e.ref = "refs/tags/" + tag;
  } else if (name == "merge_group") {
    const value& mg = payload["merge_group"];
    std::string base;
    detail::read_string(mg, "base_ref", base, diags, "/merge_group");
    e.base_ref = short_ref_name(base);
    detail::read_string(mg, "head_ref", e.ref, diags, "/merge_group");
    detail::read_string(mg, "head_sha", e.sha, diags, "/merge_group");
  }
  if (has_errors(diags)) return result<event>::failure(std::move(diags));
  return e;
}

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright
