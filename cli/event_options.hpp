// The pipewright command-line tool: the event options every command that plans or matches a
// workflow takes (plan, simulate, graph, matrix, export, run, triggers), read in one place,
// with one --help fragment, and the trigger::event they describe.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "pipewright/semantics/events.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/json.hpp"
#include "repo.hpp"

namespace pipewright::cli {

/// The --help text of the event options, shared by every command that takes them.
inline constexpr std::string_view event_options_help =
    R"(The event (the same options in plan, simulate, graph, matrix, export, run, triggers):
  --event E      push (default), pull_request, pull_request_target, workflow_dispatch,
                 workflow_call, workflow_run, schedule, merge_group, release, issues, ...
                 (any event name)
  --ref R        push: the ref pushed (refs/tags/v1 for a tag; a bare name is a branch;
                 default main); workflow_dispatch: the ref to run on; workflow_run: the
                 branch the triggering run ran on
  --base R       pull_request*, merge_group: the base branch (default main)
  --head R       pull_request*: the head branch (default feature)
  --changed PATH a file the push or pull request changes (repeat); path filters see only
                 these, and with path filters and no changed file the workflow does not run,
                 as on GitHub
  --type T       the activity type; default: opened for pull_request*, issues; completed
                 for workflow_run, check_run, check_suite; checks_requested for merge_group;
                 published for release, registry_package; submitted for
                 pull_request_review; started for watch; created for the others that have
                 types (a workflow's types: filter is checked against it)
  --workflow N   workflow_run: the name of the workflow that ran
  --message M    a commit message (repeat; the last is the head commit: [skip ci])
  --cron EXPR    schedule: the cron expression that fired (default: any)
  --payload F    a webhook payload (JSON) for the event; the options above still apply
  --input K=V    a workflow_dispatch or workflow_call input (repeat); a missing required
                 input is an error (PW0513)
  --var K=V      a configuration variable of the vars context (repeat); with none, vars is
                 not known
  --secret NAME  a secret the repository (or the caller) defines (repeat); with none, the
                 secrets are not known. run: its value comes from the environment variable
                 NAME; workflow_call: a required secret not given is an error (PW0419)
  --repo O/N     the repository (github.repository); default: the payload's, else the
                 'origin' remote of the git work tree the workflow file is in, else unknown
                 ('--repo unknown': unknown whatever the remote; a payload's still counts).
                 The environment variable PIPEWRIGHT_REPO, when set, is the default --repo
)";

/// The event options as given on the command line.
struct event_options {
  std::optional<std::string> event;
  std::optional<std::string> ref;
  std::optional<std::string> base;
  std::optional<std::string> head;
  std::optional<std::string> type;
  std::optional<std::string> workflow;
  std::optional<std::string> cron;
  std::optional<std::string> payload;
  std::optional<std::string> repo;  ///< as given: OWNER/NAME or "unknown"
  std::vector<std::string> changed;
  std::vector<std::string> messages;
  std::vector<std::string> inputs;   ///< K=V
  std::vector<std::string> vars;     ///< K=V
  std::vector<std::string> secrets;  ///< names

  /// Whether any option was given.
  [[nodiscard]] bool any() const {
    return event || ref || base || head || type || workflow || cron || payload || repo ||
           !changed.empty() || !messages.empty() || !inputs.empty() || !vars.empty() ||
           !secrets.empty();
  }
  /// The options again, as arguments of another pipewright command (export's leg pods), with
  /// `repository` (the one resolved, or "") as --repo. The payload is left out: it travels
  /// as a file of its own.
  [[nodiscard]] std::vector<std::string> arguments(std::string_view repository) const {
    std::vector<std::string> out;
    auto one = [&out](std::string_view name, const std::optional<std::string>& v) {
      if (!v) return;
      out.emplace_back(name);
      out.push_back(*v);
    };
    auto many = [&out](std::string_view name, const std::vector<std::string>& list) {
      for (const std::string& v : list) {
        out.emplace_back(name);
        out.push_back(v);
      }
    };
    one("--event", event);
    one("--ref", ref);
    one("--base", base);
    one("--head", head);
    one("--type", type);
    one("--workflow", workflow);
    one("--cron", cron);
    many("--changed", changed);
    many("--message", messages);
    many("--input", inputs);
    many("--var", vars);
    many("--secret", secrets);
    if (!repository.empty()) one("--repo", std::string(repository));
    return out;
  }
};

/// Splits `K=V`; false when there is no `=` or no key.
inline bool split_kv(const std::string& kv, std::string& k, std::string& v) {
  const std::size_t eq = kv.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  k = kv.substr(0, eq);
  v = kv.substr(eq + 1);
  return true;
}

/// Whether `repo` is `OWNER/NAME` (one slash, neither part empty).
inline bool is_owner_name(std::string_view repo) {
  const std::size_t slash = repo.find('/');
  return slash != std::string_view::npos && slash != 0 && slash + 1 != repo.size() &&
         repo.find('/', slash + 1) == std::string_view::npos;
}

/// The activity type an event has when --type is not given: its most common one (see
/// event_options_help); empty for an event without activity types.
inline std::string_view default_activity_type(std::string_view event) {
  if (event == "pull_request" || event == "pull_request_target" || event == "issues") {
    return "opened";
  }
  if (event == "workflow_run" || event == "check_run" || event == "check_suite") {
    return "completed";
  }
  if (event == "merge_group") return "checks_requested";
  if (event == "release" || event == "registry_package") return "published";
  if (event == "pull_request_review") return "submitted";
  if (event == "watch") return "started";
  bool any = false;
  return semantics::activity_types(event, any).empty() ? std::string_view() : "created";
}

/// Removes the event options from `args`; returns an exit status on a usage error, else -1.
inline int read_event_options(std::string_view command, arguments& args, const streams& io,
                              event_options& o) {
  bool missing = false;
  o.event = args.option("--event", missing);
  o.ref = args.option("--ref", missing);
  o.base = args.option("--base", missing);
  o.head = args.option("--head", missing);
  o.type = args.option("--type", missing);
  o.workflow = args.option("--workflow", missing);
  o.cron = args.option("--cron", missing);
  o.payload = args.option("--payload", missing);
  o.repo = args.option("--repo", missing);
  if (const char* env = std::getenv("PIPEWRIGHT_REPO"); !o.repo && env != nullptr && *env != 0) {
    o.repo = std::string(env);  // the default --repo (scripts, tests that must not guess)
  }
  o.changed = args.options("--changed", missing);
  o.messages = args.options("--message", missing);
  o.inputs = args.options("--input", missing);
  o.vars = args.options("--var", missing);
  o.secrets = args.options("--secret", missing);
  if (missing) return usage_error(io, command, "an option is missing its value");
  if (o.event && !trigger::is_event_name(*o.event)) {
    return usage_error(io, command, "unknown event '" + *o.event + "'");
  }
  std::string k;
  std::string v;
  for (const auto* list : {&o.inputs, &o.vars}) {
    for (const std::string& kv : *list) {
      if (!split_kv(kv, k, v)) {
        return usage_error(io, command,
                           std::string(list == &o.inputs ? "--input" : "--var") +
                               " takes KEY=VALUE, got '" + kv + "'");
      }
    }
  }
  for (const std::string& s : o.secrets) {
    if (s.empty() || s.find('=') != std::string::npos) {
      return usage_error(io, command, "--secret takes a NAME, got '" + s + "'");
    }
  }
  if (o.repo && *o.repo != "unknown" && !is_owner_name(*o.repo)) {
    return usage_error(io, command, "--repo takes OWNER/NAME, got '" + *o.repo + "'");
  }
  return -1;
}

/// `K=V` pairs as an object of strings (read_event_options checked them).
inline value key_values(const std::vector<std::string>& list) {
  object out;
  std::string k;
  std::string v;
  for (const std::string& kv : list) {
    if (split_kv(kv, k, v)) out.insert_or_assign(k, value(v));
  }
  return value(std::move(out));
}

/// The event the options describe (push to main without --event); problems with the payload
/// are reported. Returns an exit status, or -1 to go on.
inline int make_event(const event_options& o, const streams& io, trigger::event& e) {
  const std::string name = o.event ? *o.event : std::string("push");
  const std::string type = o.type ? *o.type : std::string(default_activity_type(name));
  value inputs = key_values(o.inputs);
  if (o.payload) {
    auto parsed = read_json_document(io, *o.payload);
    if (!parsed) return exit_findings;
    auto ev = trigger::event_from_payload(name, *parsed);
    if (!ev) {
      report(io, ev.diagnostics(), "", *o.payload);
      return exit_findings;
    }
    e = std::move(*ev);
    if (o.ref) e.ref = trigger::normalize_ref(*o.ref);
    if (o.base) e.base_ref = trigger::short_ref_name(*o.base);
    if (o.head) e.head_ref = trigger::short_ref_name(*o.head);
    if (o.type) e.action = *o.type;
    if (o.workflow) e.workflow_name = *o.workflow;
    if (o.cron) e.schedule = *o.cron;
    if (!o.changed.empty()) e.changed_files = o.changed;
    if (!o.messages.empty()) e.commit_messages = o.messages;
    if (!o.inputs.empty()) e.inputs = std::move(inputs);
  } else if (name == "push") {
    e = trigger::push_event(o.ref ? *o.ref : std::string("refs/heads/main"), o.changed, o.messages);
  } else if (name == "pull_request" || name == "pull_request_target") {
    e = trigger::pull_request_event(type, o.base ? *o.base : std::string("main"),
                                    o.head ? *o.head : std::string("feature"), o.changed, name);
    e.commit_messages = o.messages;
  } else if (name == "workflow_dispatch") {
    e = trigger::workflow_dispatch_event(o.ref ? *o.ref : std::string("refs/heads/main"),
                                         std::move(inputs));
  } else if (name == "workflow_call") {
    e = trigger::workflow_call_event(std::move(inputs));
  } else if (name == "workflow_run") {
    e = trigger::workflow_run_event(o.workflow ? *o.workflow : std::string(),
                                    o.ref ? trigger::short_ref_name(*o.ref) : std::string("main"),
                                    type);
  } else if (name == "schedule") {
    e = trigger::schedule_event(o.cron ? *o.cron : std::string());
  } else if (name == "merge_group") {
    e = trigger::simple_event(name, type);
    e.base_ref = o.base ? trigger::short_ref_name(*o.base) : std::string("main");
  } else {
    e = trigger::simple_event(name, type);
    if (o.ref) e.ref = trigger::normalize_ref(*o.ref);
  }
  if (!o.secrets.empty()) {
    e.secrets = o.secrets;
    e.secrets_given = true;
  }
  return -1;
}

/// The repository the event happens in: --repo; else the payload's (`event`'s, when it names
/// one); else the `origin` remote of the git work tree `workflow_file` is in; else "" (not
/// known). `--repo unknown` gives "".
inline std::string repository_of(const event_options& o, const trigger::event& e,
                                 std::string_view workflow_file) {
  if (o.repo) return *o.repo == "unknown" ? std::string() : *o.repo;
  if (e.repository.full_name != trigger::repository_info{}.full_name) {
    return e.repository.full_name;
  }
  if (workflow_file.empty() || workflow_file == "-") return {};
  const std::filesystem::path dir = std::filesystem::path(std::string(workflow_file)).parent_path();
  const auto root = repository_root(dir.empty() ? std::filesystem::path(".") : dir);
  return root ? origin_repository(*root) : std::string();
}

}  // namespace pipewright::cli
