/// @file on.hpp
/// A workflow's `on:` read into typed form: events, activity types, filters, inputs, crons.
///
/// `parse_on()` takes the `on` value as the YAML adapter produces it (and, optionally, its
/// source map and node, for byte spans) and checks it as GitHub does (SEMANTICS.md §6):
/// the three forms of `on`, known events and activity types, the keys each event accepts,
/// filter shapes, conflicting `x`/`x-ignore` keys, glob syntax, input declarations and cron
/// syntax. Every error found is reported, not only the first.
///
/// ```cpp
/// auto doc = pipewright::yaml::load(text);
/// auto node = doc->map.find(doc->root, "/on");
/// auto t = pipewright::trigger::parse_on(doc->root["on"], &doc->map, node);
/// ```
///
/// `resolve_inputs()` checks the inputs an event provides against the declarations and builds
/// the `inputs` context. Diagnostics: PW0501–PW0516.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/semantics/events.hpp"
#include "pipewright/trigger/cron.hpp"
#include "pipewright/trigger/glob.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

/// Most top-level workflow_dispatch inputs (GitHub, since 2025-12-04).
inline constexpr std::size_t max_dispatch_inputs = 25;
/// Largest workflow_dispatch input payload, in characters.
inline constexpr std::size_t max_dispatch_input_chars = 65535;
/// Changed files a path filter looks at; GitHub considers only the first 300 of the diff.
inline constexpr std::size_t max_changed_files = 300;

/// One filter key of an event (`branches`, `tags-ignore`, `paths`, …).
struct filter {
  bool present = false;  ///< the key is set
  bool ignore = false;   ///< the `-ignore` form
  pattern_list patterns;
  std::vector<std::string> texts;  ///< the patterns as written
  source_span span;
  [[nodiscard]] std::string_view key(std::string_view base) const {
    return ignore ? (base == "branches" ? "branches-ignore"
                     : base == "tags"   ? "tags-ignore"
                                        : "paths-ignore")
                  : base;
  }
};

/// The type of a workflow_dispatch or workflow_call input.
enum class input_type : unsigned char { string, boolean, number, choice, environment };

constexpr std::string_view input_type_name(input_type t) noexcept {
  switch (t) {
    case input_type::string: return "string";
    case input_type::boolean: return "boolean";
    case input_type::number: return "number";
    case input_type::choice: return "choice";
    case input_type::environment: return "environment";
  }
  return "string";
}

/// One declared input.
struct input_def {
  std::string name;
  std::string description;
  input_type type = input_type::string;
  bool required = false;
  value default_value;               ///< null when there is no default
  std::vector<std::string> options;  ///< choice
  source_span span;
};

/// One `schedule` entry.
struct cron_entry {
  trigger::cron expr;
  std::string timezone;  ///< IANA name; kept, not applied (next() is in UTC)
  source_span span;
};

/// One event of `on:` with its configuration.
struct event_config {
  std::string name;
  source_span span;  ///< the event's key (mapping form) or its string
  bool types_set = false;
  std::vector<std::string> types;
  filter branches;                     ///< branches or branches-ignore
  filter tags;                         ///< tags or tags-ignore
  filter paths;                        ///< paths or paths-ignore
  std::vector<std::string> workflows;  ///< workflow_run
  std::vector<input_def> inputs;       ///< workflow_dispatch, workflow_call
  std::vector<std::string> secrets;    ///< workflow_call: declared secret names
  std::vector<std::string> required_secrets;
  std::vector<cron_entry> crons;  ///< schedule
  value config;                   ///< the raw configuration (null when none)

  /// The activity types this event fires for: `types`, or GitHub's default (pull_request and
  /// pull_request_target: opened, synchronize, reopened; other events: every type, empty).
  [[nodiscard]] std::vector<std::string> effective_types() const {
    if (types_set) return types;
    if (name == "pull_request" || name == "pull_request_target") {
      return {"opened", "synchronize", "reopened"};
    }
    return {};
  }
  [[nodiscard]] const input_def* find_input(std::string_view id) const noexcept {
    for (const input_def& d : inputs) {
      if (pipewright::detail::iequals(d.name, id)) return &d;
    }
    return nullptr;
  }
};

/// Every event of a workflow's `on:`, in the order written.
struct triggers {
  std::vector<event_config> events;
  [[nodiscard]] const event_config* find(std::string_view name) const noexcept {
    for (const event_config& e : events) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }
  /// The event names, comma-separated ("push, pull_request").
  [[nodiscard]] std::string names() const {
    std::string s;
    for (const event_config& e : events) {
      if (!s.empty()) s += ", ";
      s += e.name;
    }
    return s;
  }
};

using semantics::activity_types;

/// Reads `on:`; see the file comment. `map`/`node` (optional) give spans; `path` is the
/// document path of `on` for diagnostics.
PIPEWRIGHT_DECL result<triggers> parse_on(const value& on, const source_map* map = nullptr,
                                          source_map::node_id node = source_map::none,
                                          std::string_view path = "/on");

/// Checks the `inputs` an event provides (an object) against the declarations of
/// `config` (workflow_dispatch or workflow_call) and builds the `inputs` context: typed
/// values (Booleans stay Booleans), defaults for what is not given (`false`, `0` or `""`
/// without a default). Errors: PW0513 required input missing, PW0514 undeclared input,
/// PW0515 a value that does not fit, PW0516 dispatch inputs over 65,535 characters.
PIPEWRIGHT_DECL result<value> resolve_inputs(const event_config& config, const value& provided);

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/trigger/on_impl.hpp"
#endif
