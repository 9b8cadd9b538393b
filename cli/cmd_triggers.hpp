// `pipewright triggers`: which workflows an event starts, and why.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "event_options.hpp"
#include "pipewright/host/zoneinfo.hpp"
#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/json.hpp"
#include "repo.hpp"
#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML
#include "pipewright/yaml/yaml.hpp"
#endif

namespace pipewright::cli {

inline constexpr std::string_view triggers_help_usage =
    R"(usage: pipewright triggers [WORKFLOW.yml | DIR]... --event E [event options] [--github]
                           [--next N [--now TIME] [--zoneinfo DIR]] [--format text|json]
       pipewright triggers [WORKFLOW.yml | DIR]... --matrix [--changed PATH]... [--format text|json]

With no file, the .github/workflows/*.yml and *.yaml of the git repository around the
current directory; a directory means its .github/workflows (or its own YAML files).

Reads each workflow's 'on:' and says whether the event starts it, with the reason, as GitHub
decides: activity types (pull_request defaults to opened, synchronize, reopened), branch,
tag and path filters with their combination rules, [skip ci] markers, workflow_run names,
workflow_dispatch/workflow_call inputs, schedules. --event is required (or --matrix).

)";
inline constexpr std::string_view triggers_help_rest = R"(
  --next N       schedule: also list each cron's next N fire times after --now, in the
                 entry's timezone: (an IANA name; UTC without one), each time with its
                 UTC offset; a time the clocks skip runs at the jump (02:30 becomes
                 03:00), a repeated hour runs once
  --now TIME     the start for --next, as YYYY-MM-DDTHH:MM (UTC; default: the clock)
  --zoneinfo DIR the time-zone database for timezone: (default: $TZDIR, else
                 /usr/share/zoneinfo); an unknown zone is an error (PW0518)
  --github       also print the github context the event produces (its repository as
                 --repo says, else the first workflow file's 'origin' remote)

--matrix runs a fixed set of five events against every workflow and prints a table:
  push to main            push of refs/heads/main
  push to develop         push of refs/heads/develop
  pull request to main    pull_request, type opened, from 'feature' into 'main'
  tag v1.0.0              push of refs/tags/v1.0.0
  workflow_dispatch       workflow_dispatch on refs/heads/main, no inputs
The pushes and the pull request carry the --changed files (none by default, so workflows
with path filters do not run for them).

Output: one line per workflow, 'FILE (NAME): EVENT: REASONS → runs | not run'; with
--format json one object {"ok", "event", "workflows": [{"file", "name", "runs", "reasons",
"summary", "inputs"?, "errors"?}], "github"?}, or for --matrix {"ok", "workflows": [names],
"events": [{"event", "runs": [names]}]}.

Exit status: 0 ok (whether or not the workflows run), 1 a workflow or payload is invalid
or a schedule's timezone is unknown, 2 usage error.
)";
inline constexpr std::string_view triggers_help =
    joined<triggers_help_usage, event_options_help, triggers_help_rest>::value;

#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML

namespace detail {

struct loaded_workflow {
  std::string file;
  std::string name;
  trigger::triggers on;
};

/// Loads each file's `on:`; reports problems; false when any file failed.
inline bool load_triggers(const std::vector<std::string_view>& files, const streams& io,
                          std::vector<loaded_workflow>& out) {
  bool ok = true;
  for (const std::string_view f : files) {
    const std::string file(f);
    auto text = read_input(file, io.in);
    if (!text) {
      report(io, text.diagnostics(), "", file == "-" ? "<stdin>" : file);
      ok = false;
      continue;
    }
    const std::string shown = file == "-" ? "<stdin>" : file;
    auto doc = yaml::load(*text);
    if (!doc) {
      report(io, doc.diagnostics(), *text, shown);
      ok = false;
      continue;
    }
    const value& root = doc->root;
    if (!root.is_object() || root.as_object().find("on") == nullptr) {
      report(io, {make_error(codes::trigger_on_invalid, "the workflow has no 'on:'")}, *text,
             shown);
      ok = false;
      continue;
    }
    auto t = trigger::parse_on(root["on"], &doc->map, doc->map.find(root, "/on"));
    if (!t.diagnostics().empty()) report(io, t.diagnostics(), *text, shown);
    if (!t) {
      ok = false;
      continue;
    }
    std::string name = root["name"].is_string() ? std::string(root["name"].as_string()) : shown;
    out.push_back({shown, std::move(name), std::move(*t)});
  }
  return ok;
}

/// Reads YYYY-MM-DDTHH:MM with an optional trailing Z.
inline bool parse_minutes(std::string_view s, trigger::sys_minutes& out) {
  if (!s.empty() && s.back() == 'Z') s.remove_suffix(1);
  if (s.size() != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return false;
  int parts[5] = {0, 0, 0, 0, 0};
  const std::size_t at[5] = {0, 5, 8, 11, 14};
  const std::size_t len[5] = {4, 2, 2, 2, 2};
  for (std::size_t k = 0; k < 5; ++k) {
    for (std::size_t i = at[k]; i < at[k] + len[k]; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      parts[k] = parts[k] * 10 + (s[i] - '0');
    }
  }
  const std::chrono::year_month_day ymd{std::chrono::year{parts[0]},
                                        std::chrono::month{static_cast<unsigned>(parts[1])},
                                        std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!ymd.ok() || parts[3] > 23 || parts[4] > 59) return false;
  out = trigger::sys_minutes(std::chrono::sys_days(ymd)) + std::chrono::hours{parts[3]} +
        std::chrono::minutes{parts[4]};
  return true;
}

inline void pad_cell(std::string& out, std::string_view cell, std::size_t width) {
  out += cell;
  out.append(width > cell.size() ? width - cell.size() + 2 : 2, ' ');
}

}  // namespace detail

inline int run_triggers(arguments& args, const streams& io) {
  bool missing = false;
  const bool matrix = args.flag("--matrix");
  const bool show_github = args.flag("--github");
  event_options eo;
  if (const int rc = read_event_options("triggers", args, io, eo); rc >= 0) return rc;
  const auto next_text = args.option("--next", missing);
  const auto now_text = args.option("--now", missing);
  const auto zoneinfo = args.option("--zoneinfo", missing);
  const auto format = args.option("--format", missing);
  if (format && *format == "json") io.json_diagnostics = true;  // problems as JSON lines too
  if (missing) return usage_error(io, "triggers", "an option is missing its value");
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "triggers", "unknown option '" + std::string(*bad) + "'");
  }
  if (format && *format != "text" && *format != "json") {
    return usage_error(io, "triggers", "--format must be text or json");
  }
  const bool as_json = format && *format == "json";
  const discovered_workflows located = discover_workflows(args.positional());
  if (!located.error.empty()) return usage_error(io, "triggers", located.error);
  const std::vector<std::string> changed = eo.changed;
  if (matrix) {
    eo.changed.clear();
    if (eo.any() || show_github) {
      return usage_error(io, "triggers",
                         "--matrix takes only workflow files, --changed and --format");
    }
  }
  if (!matrix && !eo.event) return usage_error(io, "triggers", "expected --event E or --matrix");
  std::size_t next_count = 0;
  trigger::sys_minutes now =
      std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
  if (next_text || now_text || zoneinfo) {
    if (!eo.event || *eo.event != "schedule") {
      return usage_error(io, "triggers", "--next, --now and --zoneinfo go with --event schedule");
    }
    if (!next_text || next_text->empty() || next_text->size() > 4 ||
        next_text->find_first_not_of("0123456789") != std::string::npos) {
      return usage_error(io, "triggers", "--next takes a count from 0 to 9999");
    }
    next_count = static_cast<std::size_t>(std::stoul(*next_text));
    if (now_text && !detail::parse_minutes(*now_text, now)) {
      return usage_error(io, "triggers", "--now takes YYYY-MM-DDTHH:MM (UTC)");
    }
  }

  // The event, in the repository --repo names (else the first file's origin remote).
  trigger::event e;
  if (!matrix) {
    if (const int rc = make_event(eo, io, e); rc >= 0) return rc;
    const std::string repository = repository_of(eo, e, located.files.front());
    if (!repository.empty()) e.repository.full_name = repository;
  }

  std::vector<detail::loaded_workflow> workflows;
  const bool loaded = detail::load_triggers(
      std::vector<std::string_view>(located.files.begin(), located.files.end()), io, workflows);
  std::string out;

  if (matrix) {
    const auto events = trigger::standard_events(changed);
    if (as_json) {
      array names;
      for (const auto& w : workflows) names.emplace_back(w.name);
      array rows;
      for (const auto& ev : events) {
        array started;
        for (const auto& w : workflows) {
          if (trigger::match(w.on, ev.event).runs) started.emplace_back(w.name);
        }
        rows.push_back(
            value::make_object({{"event", value(ev.label)}, {"runs", value(std::move(started))}}));
      }
      json::write(out,
                  value::make_object({{"ok", loaded},
                                      {"workflows", value(std::move(names))},
                                      {"events", value(std::move(rows))}}),
                  json::compact_style);
      out += '\n';
    } else {
      std::size_t first = std::string_view("event").size();
      for (const auto& ev : events) first = std::max(first, ev.label.size());
      std::string line;
      detail::pad_cell(line, "event", first);
      for (std::size_t i = 0; i < workflows.size(); ++i) {
        if (i + 1 == workflows.size()) {
          line += workflows[i].name;
        } else {
          detail::pad_cell(line, workflows[i].name,
                           std::max<std::size_t>(workflows[i].name.size(), 4));
        }
      }
      out += line + "\n";
      for (const auto& ev : events) {
        line.clear();
        detail::pad_cell(line, ev.label, first);
        for (std::size_t i = 0; i < workflows.size(); ++i) {
          const std::string_view cell =
              trigger::match(workflows[i].on, ev.event).runs ? "runs" : "-";
          if (i + 1 == workflows.size()) {
            line += cell;
          } else {
            detail::pad_cell(line, cell, std::max<std::size_t>(workflows[i].name.size(), 4));
          }
        }
        out += line + "\n";
      }
    }
    io.write(out);
    return loaded ? exit_ok : exit_findings;
  }

  // Each schedule's zone, read once per name (host/zoneinfo.hpp); an unknown one fails.
  const std::string zone_dir = zoneinfo ? *zoneinfo : host::default_zoneinfo_dir();
  std::map<std::string, result<trigger::time_zone>> zones;
  bool zones_ok = true;
  auto zone_of = [&](const std::string& name) -> const result<trigger::time_zone>& {
    auto it = zones.find(name);
    if (it == zones.end()) {
      it = zones
               .emplace(name, name.empty() ? result<trigger::time_zone>(trigger::time_zone())
                                           : host::load_time_zone(name, zone_dir))
               .first;
      zones_ok = zones_ok && it->second.ok();
    }
    return it->second;
  };
  auto zone_label = [](const std::string& name) {
    return name.empty() ? std::string("UTC") : name;
  };

  trigger::context_options copts;
  if (as_json) {
    array list;
    for (const auto& w : workflows) {
      const trigger::decision d = trigger::match(w.on, e);
      object o;
      o.insert("file", w.file);
      o.insert("name", w.name);
      o.insert("runs", d.runs);
      array reasons;
      for (const std::string& r : d.reasons) reasons.emplace_back(r);
      o.insert("reasons", value(std::move(reasons)));
      o.insert("summary", d.summary());
      if (!d.inputs.is_null()) o.insert("inputs", d.inputs);
      if (next_count > 0) {
        if (const auto* sched = w.on.find("schedule")) {
          array crons;
          for (const auto& c : sched->crons) {
            const auto& zone = zone_of(c.timezone);
            object entry;
            entry.insert("cron", c.expr.text());
            entry.insert("timezone", zone_label(c.timezone));
            if (zone) {
              array times;
              for (const auto t : c.expr.next(now, next_count, *zone))
                times.emplace_back(trigger::format_local(t, *zone));
              entry.insert("next", value(std::move(times)));
            } else {
              const diagnostic& x = *zone.first_error();
              entry.insert("error", x.code + ": " + x.message);
            }
            crons.push_back(value(std::move(entry)));
          }
          o.insert("schedules", value(std::move(crons)));
        }
      }
      if (!d.diagnostics.empty()) {
        array errs;
        for (const diagnostic& x : d.diagnostics) errs.emplace_back(x.code + ": " + x.message);
        o.insert("errors", value(std::move(errs)));
      }
      list.push_back(value(std::move(o)));
    }
    object root;
    root.insert("ok", loaded && zones_ok);
    root.insert("event", trigger::describe(e));
    root.insert("workflows", value(std::move(list)));
    if (show_github) root.insert("github", trigger::github_context(e, copts));
    json::write(out, value(std::move(root)), json::compact_style);
    out += '\n';
  } else {
    for (const auto& w : workflows) {
      const trigger::decision d = trigger::match(w.on, e);
      out += w.file + " (" + w.name + "): " + d.summary() + "\n";
      const auto* sched = next_count > 0 ? w.on.find("schedule") : nullptr;
      for (std::size_t k = 0; sched != nullptr && k < sched->crons.size(); ++k) {
        const auto& c = sched->crons[k];
        out += "  cron '" + c.expr.text() + "' (" + zone_label(c.timezone) + ") next:";
        const auto& zone = zone_of(c.timezone);
        if (!zone) {
          const diagnostic& x = *zone.first_error();
          out += " unknown\n  error[" + x.code + "]: " + x.message + "\n";
          continue;
        }
        const auto times = c.expr.next(now, next_count, *zone);
        for (const auto t : times) out += " " + trigger::format_local(t, *zone);
        out += times.empty() ? " never (within 8 years)\n" : "\n";
      }
      for (const diagnostic& x : d.diagnostics) {
        out += "  " + std::string(severity_name(x.level)) + "[" + x.code + "]: " + x.message + "\n";
      }
    }
    if (show_github) {
      json::write(out, trigger::github_context(e, copts));
      out += '\n';
    }
  }
  io.write(out);
  return loaded && zones_ok ? exit_ok : exit_findings;
}

#else

inline int run_triggers(arguments&, const streams& io) {
  io.error(
      "pipewright triggers: this pipewright was built without YAML support (libyaml, "
      "pkg-config yaml-0.1), which reading workflow files needs\n");
  return exit_findings;
}

#endif

}  // namespace pipewright::cli
