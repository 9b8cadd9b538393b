/// @file on_impl.hpp
/// The definitions behind trigger/on.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/trigger/event.hpp"
#include "pipewright/trigger/on.hpp"
#include "pipewright/value/number_format.hpp"
#include "pipewright/value/path.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

namespace detail {

/// Walks a value tree and its source map together.
struct cursor {
  const value* v;
  const source_map* map;
  source_map::node_id node;
  doc_path path;

  [[nodiscard]] source_span span() const noexcept {
    return map != nullptr && node != source_map::none ? map->span(node) : source_span{};
  }
  [[nodiscard]] source_span key_span() const noexcept {
    return map != nullptr && node != source_map::none ? map->key_span(node) : source_span{};
  }
  /// The k-th member (object) or element (array).
  [[nodiscard]] cursor child(std::size_t k) const {
    cursor c{nullptr, map, map != nullptr ? map->child(node, k) : source_map::none, path};
    if (v->is_object()) {
      c.v = &v->as_object()[k].second;
      c.path.push(v->as_object()[k].first);
    } else {
      c.v = &v->as_array()[k];
      c.path.push(k);
    }
    return c;
  }
  /// The member named `key`, if any.
  [[nodiscard]] std::optional<cursor> member(std::string_view key) const {
    const object& o = v->as_object();
    for (std::size_t k = 0; k < o.size(); ++k) {
      if (pipewright::detail::iequals(o[k].first, key)) return child(k);
    }
    return std::nullopt;
  }
};

class on_reader {
 public:
  std::vector<diagnostic> diags;

  void error(std::string_view code, std::string message, const cursor& at, bool key = false) {
    diags.push_back(
        make_error(code, std::move(message), key ? at.key_span() : at.span(), at.path.str()));
  }

  /// A string or a sequence of strings; false (reported) otherwise.
  bool strings(const cursor& at, std::string_view what, std::vector<std::string>& out) {
    if (at.v->is_string()) {
      out.emplace_back(at.v->as_string());
      return true;
    }
    if (at.v->is_array()) {
      bool ok = true;
      for (std::size_t i = 0; i < at.v->as_array().size(); ++i) {
        const cursor item = at.child(i);
        if (item.v->is_string()) {
          out.emplace_back(item.v->as_string());
        } else if (item.v->is_number() || item.v->is_bool()) {
          // YAML `[1.0, true]`: GitHub reads scalars as their text.
          out.push_back(scalar_text(*item.v));
        } else {
          error(codes::trigger_invalid_value,
                std::string(what) + " must be a string or a list of strings; item " +
                    std::to_string(i) + " is a " + std::string(kind_name(item.v->type())),
                item);
          ok = false;
        }
      }
      return ok;
    }
    error(codes::trigger_invalid_value,
          std::string(what) + " must be a string or a list of strings, not a " +
              std::string(kind_name(at.v->type())),
          at);
    return false;
  }

  static std::string scalar_text(const value& v) {
    if (v.is_bool()) return v.as_bool() ? "true" : "false";
    if (v.is_number()) return format_number(v.as_number(), number_style::g15);
    return std::string(v.as_string());
  }

  void read_filter(const cursor& cfg, std::string_view base, filter& f) {
    const std::string ignore_key = std::string(base) + "-ignore";
    const auto pos = cfg.member(base);
    const auto neg = cfg.member(ignore_key);
    if (pos && neg) {
      error(codes::trigger_conflicting_filters,
            "'" + std::string(base) + "' and '" + ignore_key +
                "' cannot both be set for one event; use '" + std::string(base) +
                "' with '!' patterns instead",
            *neg, true);
      return;
    }
    const auto& at = pos ? pos : neg;
    if (!at) return;
    f.present = true;
    f.ignore = !pos;
    f.span = at->span();
    if (!strings(*at, std::string(f.ignore ? ignore_key : std::string(base)), f.texts)) return;
    auto list = pattern_list::compile(f.texts);
    for (diagnostic d : list.diagnostics()) {
      std::size_t idx = 0;
      bool indexed = false;
      if (d.path.size() > 1) {
        indexed = true;
        for (std::size_t i = 1; i < d.path.size(); ++i) {
          idx = idx * 10 + static_cast<std::size_t>(d.path[i] - '0');
        }
      }
      const cursor item = indexed && at->v->is_array() ? at->child(idx) : *at;
      d.path = item.path.str();
      d.span = item.span();
      diags.push_back(std::move(d));
    }
    if (list) f.patterns = std::move(*list);
  }

  void read_types(const cursor& cfg, event_config& ev) {
    const auto at = cfg.member("types");
    if (!at) return;
    bool any = false;
    const auto allowed = activity_types(ev.name, any);
    std::vector<std::string> list;
    if (!strings(*at, "types", list)) return;
    ev.types_set = true;
    for (std::size_t i = 0; i < list.size(); ++i) {
      bool ok = any;
      for (const std::string_view a : allowed) ok = ok || a == list[i];
      if (!ok) {
        std::string msg =
            "Unexpected value '" + list[i] + "': '" + ev.name + "' has the activity types ";
        for (std::size_t k = 0; k < allowed.size(); ++k) {
          msg += (k == 0 ? "" : ", ") + std::string(allowed[k]);
        }
        error(codes::trigger_unknown_activity_type, std::move(msg),
              at->v->is_array() ? at->child(i) : *at);
        continue;
      }
      ev.types.push_back(list[i]);
    }
  }

  void read_inputs(const cursor& cfg, event_config& ev, bool call) {
    const auto at = cfg.member("inputs");
    if (!at || at->v->is_null()) return;
    if (!at->v->is_object()) {
      error(codes::trigger_invalid_value, "'inputs' must be a mapping of input ids", *at);
      return;
    }
    const object& o = at->v->as_object();
    if (!call && o.size() > max_dispatch_inputs) {
      error(codes::trigger_too_many_inputs,
            "workflow_dispatch declares " + std::to_string(o.size()) + " inputs; GitHub allows " +
                std::to_string(max_dispatch_inputs),
            *at);
    }
    for (std::size_t k = 0; k < o.size(); ++k) {
      const cursor in = at->child(k);
      input_def d;
      d.name = o[k].first;
      d.span = in.key_span();
      if (!in.v->is_object()) {
        if (!in.v->is_null()) {
          error(codes::trigger_invalid_input_definition, "input '" + d.name + "' must be a mapping",
                in);
          continue;
        }
        if (call) {
          error(codes::trigger_invalid_input_definition,
                "input '" + d.name + "': Required property is missing: type", in, true);
          continue;
        }
        ev.inputs.push_back(std::move(d));
        continue;
      }
      bool ok = true;
      const object& props = in.v->as_object();
      for (std::size_t p = 0; p < props.size(); ++p) {
        const std::string& key = props[p].first;
        // GitHub's schema (workflow-dispatch-input, workflow-call-input-definition): these
        // keys only; `deprecationMessage` is an action input's, not a workflow's.
        const bool known = key == "description" || key == "required" || key == "default" ||
                           key == "type" || (!call && key == "options");
        if (!known) {
          error(codes::trigger_invalid_input_definition,
                "Unexpected value '" + key + "' in input '" + d.name + "'", in.child(p), true);
          ok = false;
        }
      }
      if (const auto t = in.member("type")) {
        const std::string_view tn = t->v->as_string();
        if (tn == "string") {
          d.type = input_type::string;
        } else if (tn == "boolean") {
          d.type = input_type::boolean;
        } else if (tn == "number") {
          d.type = input_type::number;
        } else if (!call && tn == "choice") {
          d.type = input_type::choice;
        } else if (!call && tn == "environment") {
          d.type = input_type::environment;
        } else {
          error(codes::trigger_invalid_input_definition,
                "input '" + d.name + "' has the type '" + scalar_text(*t->v) + "'; " +
                    (call ? "workflow_call inputs are boolean, number or string"
                          : "workflow_dispatch inputs are string, boolean, choice, number or "
                            "environment"),
                *t);
          ok = false;
        }
      } else if (call) {
        error(codes::trigger_invalid_input_definition,
              "input '" + d.name + "': Required property is missing: type", in, true);
        ok = false;
      }
      if (const auto r = in.member("required")) {
        if (!r->v->is_bool()) {
          error(codes::trigger_invalid_input_definition,
                "input '" + d.name + "': 'required' must be true or false", *r);
          ok = false;
        }
        d.required = r->v->as_bool();
      }
      if (const auto desc = in.member("description")) d.description = scalar_text(*desc->v);
      if (const auto opts = in.member("options")) {
        if (!strings(*opts, "options", d.options)) ok = false;
      }
      if (d.type == input_type::choice && d.options.empty() && ok) {
        error(codes::trigger_invalid_input_definition,
              "Missing 'options' for choice input '" + d.name + "'", in, true);
        ok = false;
      }
      if (const auto def = in.member("default")) {
        const value& v = *def->v;
        d.default_value = v;
        bool fits = v.is_string() || v.is_bool() || v.is_number() || v.is_null();
        if (call && fits && !v.is_null() &&
            !(v.is_string() && semantics::contains_expression(v.as_string()))) {
          fits = (d.type == input_type::boolean && v.is_bool()) ||
                 (d.type == input_type::number && v.is_number()) ||
                 (d.type == input_type::string && v.is_string());
        }
        if (!fits) {
          error(codes::trigger_invalid_input_definition,
                "input '" + d.name + "': the default does not fit the type " +
                    std::string(input_type_name(d.type)),
                *def);
          ok = false;
        }
        if (v.is_null()) d.default_value = value();
      }
      if (ok) ev.inputs.push_back(std::move(d));
    }
  }

  void read_schedule(const cursor& at, event_config& ev) {
    if (!at.v->is_array() || at.v->as_array().empty()) {
      error(codes::trigger_invalid_value,
            "'schedule' must be a list of mappings such as {cron: '30 5 * * 1-5'}", at);
      return;
    }
    for (std::size_t i = 0; i < at.v->as_array().size(); ++i) {
      const cursor item = at.child(i);
      const auto c = item.v->is_object() ? item.member("cron") : std::nullopt;
      if (!c || !c->v->is_string()) {
        error(codes::trigger_invalid_value, "each schedule entry needs a 'cron' string", item);
        continue;
      }
      for (std::size_t p = 0; p < item.v->as_object().size(); ++p) {
        const std::string& key = item.v->as_object()[p].first;
        if (key != "cron" && key != "timezone") {
          error(codes::trigger_unexpected_key, "Unexpected value '" + key + "'", item.child(p),
                true);
        }
      }
      auto parsed = cron::parse(c->v->as_string());
      if (!parsed) {
        for (diagnostic d : parsed.diagnostics()) {
          d.path = c->path.str();
          const source_span s = c->span();
          // Point into the scalar when it is a quoted string on one line.
          d.span = s.known() ? s : d.span;
          diags.push_back(std::move(d));
        }
        continue;
      }
      cron_entry e{std::move(*parsed), {}, c->span()};
      if (const auto tz = item.member("timezone")) {
        if (!tz->v->is_string() || tz->v->as_string().empty()) {
          error(codes::trigger_invalid_value, "'timezone' must be an IANA time zone name", *tz);
        } else {
          e.timezone = std::string(tz->v->as_string());
        }
      }
      if (e.expr.too_frequent()) {
        diags.push_back(make_warning(codes::trigger_schedule_too_frequent,
                                     "'" + e.expr.text() +
                                         "' asks for runs less than 5 minutes apart; GitHub "
                                         "runs schedules at most every 5 minutes",
                                     c->span(), c->path.str()));
      }
      ev.crons.push_back(std::move(e));
    }
  }

  void read_event(const cursor& key_at, const cursor* cfg, event_config& ev) {
    if (cfg == nullptr || cfg->v->is_null()) {
      if (ev.name == "schedule") {
        error(codes::trigger_invalid_value,
              "'schedule' must be a list of mappings such as {cron: '30 5 * * 1-5'}", key_at);
      } else if (ev.name == "workflow_run") {
        error(codes::trigger_invalid_value, "workflow_run needs 'workflows'", key_at,
              cfg != nullptr);
      }
      return;
    }
    ev.config = *cfg->v;
    if (ev.name == "schedule") {
      read_schedule(*cfg, ev);
      return;
    }
    if (!cfg->v->is_object()) {
      error(codes::trigger_invalid_value,
            "the configuration of '" + ev.name + "' must be a mapping or empty", *cfg);
      return;
    }
    std::vector<std::string_view> keys;
    bool any = false;
    if (!activity_types(ev.name, any).empty() || any) keys.push_back("types");
    const bool branch_filters = ev.name == "push" || ev.name == "pull_request" ||
                                ev.name == "pull_request_target" || ev.name == "workflow_run" ||
                                ev.name == "merge_group";
    if (branch_filters) {
      keys.push_back("branches");
      keys.push_back("branches-ignore");
    }
    if (ev.name == "push") {
      keys.push_back("tags");
      keys.push_back("tags-ignore");
    }
    if (ev.name == "push" || ev.name == "pull_request" || ev.name == "pull_request_target") {
      keys.push_back("paths");
      keys.push_back("paths-ignore");
    }
    if (ev.name == "workflow_run") keys.push_back("workflows");
    if (ev.name == "workflow_dispatch" || ev.name == "workflow_call") keys.push_back("inputs");
    if (ev.name == "workflow_call") {
      keys.push_back("secrets");
      keys.push_back("outputs");
    }
    if (ev.name == "image_version") {
      keys.push_back("names");
      keys.push_back("versions");
    }
    const object& o = cfg->v->as_object();
    for (std::size_t k = 0; k < o.size(); ++k) {
      bool ok = false;
      for (const std::string_view key : keys) ok = ok || key == o[k].first;
      if (!ok) {
        error(codes::trigger_unexpected_key,
              "Unexpected value '" + o[k].first + "': '" + ev.name + "' does not accept it",
              cfg->child(k), true);
      }
    }
    read_types(*cfg, ev);
    if (branch_filters) read_filter(*cfg, "branches", ev.branches);
    if (ev.name == "push") read_filter(*cfg, "tags", ev.tags);
    if (ev.name == "push" || ev.name == "pull_request" || ev.name == "pull_request_target") {
      read_filter(*cfg, "paths", ev.paths);
    }
    if (ev.name == "workflow_run") {
      const auto w = cfg->member("workflows");
      if (!w) {
        error(codes::trigger_invalid_value, "workflow_run needs 'workflows'", *cfg);
      } else {
        strings(*w, "workflows", ev.workflows);
      }
    }
    if (ev.name == "workflow_dispatch") read_inputs(*cfg, ev, false);
    if (ev.name == "workflow_call") {
      read_inputs(*cfg, ev, true);
      if (const auto s = cfg->member("secrets"); s && s->v->is_object()) {
        const object& so = s->v->as_object();
        for (std::size_t k = 0; k < so.size(); ++k) {
          ev.secrets.push_back(so[k].first);
          if (so[k].second["required"].as_bool()) ev.required_secrets.push_back(so[k].first);
        }
      }
    }
  }

  void add_event(std::string_view name, const cursor& key_at, const cursor* cfg, bool key,
                 triggers& out) {
    if (!is_event_name(name)) {
      error(codes::trigger_unknown_event, "Unexpected value '" + std::string(name) + "'", key_at,
            key);
      return;
    }
    event_config ev;
    ev.name = std::string(name);
    ev.span = key ? key_at.key_span() : key_at.span();
    read_event(key_at, cfg, ev);
    out.events.push_back(std::move(ev));
  }
};

}  // namespace detail

PIPEWRIGHT_DECL result<triggers> parse_on(const value& on, const source_map* map,
                                          source_map::node_id node, std::string_view path) {
  detail::on_reader r;
  triggers out;
  const detail::cursor root{&on, map, map != nullptr ? node : source_map::none,
                            doc_path(std::string(path))};
  if (on.is_string()) {
    r.add_event(on.as_string(), root, nullptr, false, out);
  } else if (on.is_array() && !on.as_array().empty()) {
    for (std::size_t i = 0; i < on.as_array().size(); ++i) {
      const detail::cursor item = root.child(i);
      if (!item.v->is_string()) {
        r.error(codes::trigger_on_invalid,
                "each item of 'on' must be an event name, not a " +
                    std::string(kind_name(item.v->type())),
                item);
        continue;
      }
      r.add_event(item.v->as_string(), item, nullptr, false, out);
    }
  } else if (on.is_object() && !on.as_object().empty()) {
    for (std::size_t k = 0; k < on.as_object().size(); ++k) {
      const detail::cursor member = root.child(k);
      r.add_event(on.as_object()[k].first, member, &member, true, out);
    }
  } else {
    r.error(codes::trigger_on_invalid,
            "'on' must be an event name, a list of event names or a mapping of events, not " +
                std::string(on.is_array() || on.is_object() ? "an empty " : "a ") +
                std::string(kind_name(on.type())),
            root);
  }
  if (has_errors(r.diags)) return result<triggers>::failure(std::move(r.diags));
  return result<triggers>::success(std::move(out), std::move(r.diags));
}

namespace detail {

inline bool number_text(std::string_view s, double& out) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i == s.size()) return false;
  const std::size_t begin = i;
  if (s[i] == '-' || s[i] == '+') ++i;
  bool digits = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    ++i;
    digits = true;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
      digits = true;
    }
  }
  if (!digits) return false;
  std::size_t end = i;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i != s.size()) return false;
  double v = 0;
  double scale = 0;
  bool neg = false;
  for (std::size_t k = begin; k < end; ++k) {
    const char c = s[k];
    if (c == '-') {
      neg = true;
    } else if (c == '.') {
      scale = 1;
    } else if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      if (scale > 0) scale *= 10;
    }
  }
  if (scale > 0) v /= scale;
  out = neg ? -v : v;
  return true;
}

}  // namespace detail

PIPEWRIGHT_DECL result<value> resolve_inputs(const event_config& config, const value& provided) {
  std::vector<diagnostic> diags;
  const bool call = config.name == "workflow_call";
  const object& given = provided.as_object();
  if (!provided.is_null() && !provided.is_object()) {
    return make_error(codes::trigger_input_invalid_value, "the inputs must be an object");
  }
  std::size_t chars = 0;
  for (const auto& [k, v] : given) {
    chars += k.size() + detail::on_reader::scalar_text(v).size();
    if (config.find_input(k) == nullptr) {
      diags.push_back(
          make_error(codes::trigger_input_unexpected,
                     (call ? "Invalid input, " + k + " is not defined in the referenced workflow"
                           : "Unexpected inputs provided: [\"" + k + "\"]"),
                     {}, "/inputs/" + k));
    }
  }
  if (!call && chars > max_dispatch_input_chars) {
    diags.push_back(
        make_error(codes::trigger_input_too_large, "the inputs have " + std::to_string(chars) +
                                                       " characters; GitHub allows " +
                                                       std::to_string(max_dispatch_input_chars)));
  }
  object ctx;
  for (const input_def& d : config.inputs) {
    const value* v = given.find(d.name);
    const bool has = v != nullptr && !v->is_null();
    value raw = has ? *v : d.default_value;
    if (!has && d.required && d.default_value.is_null()) {
      diags.push_back(make_error(codes::trigger_input_required,
                                 "Required input '" + d.name + "' not provided", d.span,
                                 "/inputs/" + d.name));
      continue;
    }
    auto bad = [&](const std::string& why) {
      diags.push_back(make_error(codes::trigger_input_invalid_value,
                                 "Provided value for input '" + d.name + "' " + why,
                                 has ? source_span{} : d.span, "/inputs/" + d.name));
    };
    if (raw.is_array() || raw.is_object()) {
      bad("is a " + std::string(kind_name(raw.type())) + ", expected a " +
          std::string(input_type_name(d.type)));
      continue;
    }
    switch (d.type) {
      case input_type::boolean: {
        if (raw.is_null()) {
          ctx.insert(d.name, false);
        } else if (raw.is_bool()) {
          ctx.insert(d.name, raw);
        } else if (raw.is_string() && (raw.as_string() == "true" || raw.as_string() == "false")) {
          ctx.insert(d.name, raw.as_string() == "true");
        } else {
          bad("'" + detail::on_reader::scalar_text(raw) + "' is not a boolean (true or false)");
        }
        break;
      }
      case input_type::number: {
        double n = 0;
        if (raw.is_null()) {
          ctx.insert(d.name, 0);
        } else if (raw.is_number()) {
          ctx.insert(d.name, raw);
        } else if (raw.is_string() && detail::number_text(raw.as_string(), n)) {
          ctx.insert(d.name, n);
        } else {
          bad("'" + detail::on_reader::scalar_text(raw) + "' is not a number");
        }
        break;
      }
      case input_type::choice: {
        const std::string s = detail::on_reader::scalar_text(raw);
        bool ok = raw.is_null() && !has;
        for (const std::string& o : d.options) ok = ok || o == s;
        if (!ok) {
          std::string opts;
          for (const std::string& o : d.options) opts += (opts.empty() ? "" : ", ") + o;
          bad("'" + s + "' is not in the list of allowed values (" + opts + ")");
        } else {
          ctx.insert(d.name, s);
        }
        break;
      }
      case input_type::string:
      case input_type::environment:
        ctx.insert(d.name, raw.is_null() ? std::string() : detail::on_reader::scalar_text(raw));
        break;
    }
  }
  if (has_errors(diags)) return result<value>::failure(std::move(diags));
  return value(std::move(ctx));
}

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright
