/// @file workflow_impl.hpp
/// The definitions behind check/workflow.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/check/workflow.hpp"
#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/graph/resolve.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/model/read.hpp"
#include "pipewright/model/schema.hpp"
#include "pipewright/model/workflow.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/trigger/cron.hpp"
#include "pipewright/trigger/on.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace check {

namespace detail {

/// One cron field (GitHub's validateCronPart).
inline bool cron_number(std::string_view s, int& out) noexcept {
  if (s.empty() || s.size() > 4) return false;
  int v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

struct cron_range {
  int min;
  int max;
  std::span<const std::string_view> names;  ///< names[i] stands for min_name + i
  int first_name_value;
};

inline int cron_name(std::string_view s, const cron_range& r) noexcept {
  for (std::size_t i = 0; i < r.names.size(); ++i) {
    if (pipewright::detail::iequals(s, r.names[i])) return r.first_name_value + static_cast<int>(i);
  }
  return -1;
}

inline bool cron_part(std::string_view v, const cron_range& r, bool separators) noexcept {
  if (cron_name(v, r) >= 0) return true;
  if (v == "*") return true;
  if (v.find(',') != std::string_view::npos) {
    if (!separators) return false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
      if (i == v.size() || v[i] == ',') {
        const std::string_view piece = v.substr(start, i - start);
        if (piece.empty() || !cron_part(piece, r, true)) return false;
        start = i + 1;
      }
    }
    return true;
  }
  if (const std::size_t slash = v.find('/'); slash != std::string_view::npos) {
    if (!separators) return false;
    const std::string_view start = v.substr(0, slash);
    const std::string_view step = v.substr(slash + 1);
    int n = 0;
    if (step.find('/') != std::string_view::npos || start.empty() || !cron_number(step, n) ||
        n <= 0) {
      return false;
    }
    return cron_part(start, r, true) && cron_part(step, r, false);
  }
  if (const std::size_t dash = v.find('-'); dash != std::string_view::npos) {
    if (!separators) return false;
    const std::string_view a = v.substr(0, dash);
    const std::string_view b = v.substr(dash + 1);
    if (a.empty() || b.empty() || b.find('-') != std::string_view::npos) return false;
    if (!cron_part(a, r, false) || !cron_part(b, r, false)) return false;
    int x = cron_name(a, r);
    int y = cron_name(b, r);
    if (x < 0 && !cron_number(a, x)) return false;
    if (y < 0 && !cron_number(b, y)) return false;
    return y >= x;
  }
  int n = 0;
  return cron_number(v, n) && n >= r.min && n <= r.max;
}

/// The node of member `key` of object `obj` (node `n`), or none.
inline source_map::node_id child_of(const source_map& map, const value& obj, source_map::node_id n,
                                    std::string_view key) {
  const object* o = obj.if_object();
  if (o == nullptr) return source_map::none;
  for (std::size_t k = 0; k < o->size(); ++k) {
    if ((*o)[k].first == key) return map.child(n, k);
  }
  return source_map::none;
}

/// True when `a` and `b` are about the same node: overlapping spans, or document paths of
/// which one contains the other.
inline bool same_place(const diagnostic& a, const diagnostic& b) {
  if (a.span.known() && b.span.known()) {
    if (a.span.begin == b.span.begin) return true;
    if (a.span.begin < b.span.end && b.span.begin < a.span.end) return true;
  }
  if (a.path.empty() || b.path.empty()) return false;
  const std::string& shorter = a.path.size() <= b.path.size() ? a.path : b.path;
  const std::string& longer = a.path.size() <= b.path.size() ? b.path : a.path;
  return longer.compare(0, shorter.size(), shorter) == 0 &&
         (longer.size() == shorter.size() || longer[shorter.size()] == '/');
}

/// The trigger stage's checks that the schema does not make (trigger::parse_on): filter
/// glob syntax, lists of only `!` patterns (a warning), input declarations and their keys
/// (GitHub's parser rejects `name:` under a workflow_dispatch input: "Unexpected value"; a
/// key beside `inputs:` it ignores, so PW0504 is not taken), the dispatch input limit,
/// schedules more often than GitHub runs them (a warning). A problem the reader already reported at
/// the same place (the schema's errors, PW0408 cron, PW0409 filter conflicts) is not reported
/// twice.
inline void triggers(const value& on, const source_map& map, source_map::node_id n,
                     std::vector<diagnostic>& out) {
  auto parsed = trigger::parse_on(on, &map, n);
  const std::size_t reader_count = out.size();
  for (diagnostic& d : parsed.diagnostics()) {
    const bool wanted =
        d.code == codes::trigger_invalid_pattern || d.code == codes::trigger_negation_only ||
        d.code == codes::trigger_invalid_input_definition ||
        d.code == codes::trigger_too_many_inputs || d.code == codes::trigger_schedule_too_frequent;
    if (!wanted) continue;
    bool reported = false;
    for (std::size_t i = 0; i < reader_count && !reported; ++i) {
      reported = same_place(out[i], d);
    }
    if (!reported) out.push_back(std::move(d));
  }
}

}  // namespace detail

PIPEWRIGHT_DECL bool valid_cron(std::string_view cron) noexcept {
  static constexpr std::string_view months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::string_view days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  const detail::cron_range ranges[] = {
      {0, 59, {}, 0}, {0, 23, {}, 0}, {1, 31, {}, 0}, {1, 12, months, 1}, {0, 6, days, 0}};
  std::string_view parts[5];
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < cron.size()) {
    if (cron[i] == ' ') {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < cron.size() && cron[i] != ' ') ++i;
    if (count == 5) return false;
    parts[count++] = cron.substr(start, i - start);
  }
  // GitHub splits on runs of spaces: a leading or trailing space makes an empty field.
  if (count != 5 || cron.front() == ' ' || cron.back() == ' ') return false;
  for (std::size_t k = 0; k < 5; ++k) {
    if (!detail::cron_part(parts[k], ranges[k], true)) return false;
  }
  return true;
}

PIPEWRIGHT_DECL void on(const value& on, const source_map& map, source_map::node_id n,
                        std::vector<diagnostic>& out) {
  const object* o = on.if_object();
  if (o == nullptr) return;
  for (std::size_t k = 0; k < o->size(); ++k) {
    const value& ev = (*o)[k].second;
    const source_map::node_id en = map.child(n, k);
    if ((*o)[k].first == "schedule" && ev.is_array()) {
      const array& items = ev.as_array();
      for (std::size_t i = 0; i < items.size(); ++i) {
        const value& cron = items[i]["cron"];
        if (!cron.is_string() || semantics::contains_expression(cron.as_string())) continue;
        if (!valid_cron(cron.as_string())) {
          diagnostic d = make_error(
              codes::model_invalid_cron,
              "Invalid cron expression. Expected format: '* * * * *' (minute hour day month "
              "weekday)",
              map.span(detail::child_of(map, items[i], map.child(en, i), "cron")));
          // GitHub's message stays word for word; the note says what is wrong when it is a
          // character that only looks right (a no-break space, an en dash).
          if (auto bad = trigger::cron_bad_character(cron.as_string())) {
            d.notes.push_back(std::move(bad->reason));
          }
          out.push_back(std::move(d));
        }
      }
      continue;
    }
    const object* filters = ev.if_object();
    if (filters == nullptr) continue;
    const std::string& name = (*o)[k].first;
    if ((name == "create" || name == "delete") && !filters->empty()) {
      // GitHub's schema gives these events no configuration; its parser rejects the
      // mapping ("A mapping was not expected"). Say what the writer probably wanted.
      for (diagnostic& d : out) {
        if (d.level != severity::error || !d.span.known() || !map.span(en).known()) continue;
        const source_span s = map.span(en);
        if (d.span.begin >= s.begin && d.span.begin < std::max(s.end, s.begin + 1)) {
          d.notes.push_back("'" + name + "' takes no filters: it runs for every branch and tag " +
                            (name == "create" ? "created" : "deleted") +
                            "; to act on some, test github.ref_type and github.ref in a "
                            "job's if:");
          break;
        }
      }
    }
    for (std::string_view f : {"branches", "tags", "paths"}) {
      const std::string ignore = std::string(f) + "-ignore";
      if (filters->find(f) != nullptr && filters->find(ignore) != nullptr) {
        out.push_back(make_error(codes::model_filter_conflict,
                                 "Event '" + (*o)[k].first + "': you may only define one of '" +
                                     std::string(f) + "' and '" + ignore + "' for a single event",
                                 map.key_span(detail::child_of(map, ev, en, ignore))));
      }
    }
  }
  detail::triggers(on, map, n, out);
}

PIPEWRIGHT_DECL void exclude_keys(const object& m, const source_map& map, source_map::node_id mn,
                                  std::vector<diagnostic>& out) {
  for (std::size_t i = 0; i < m.size(); ++i) {
    const array* excludes = m[i].first == "exclude" ? m[i].second.if_array() : nullptr;
    if (excludes == nullptr) continue;
    const source_map::node_id en = map.child(mn, i);
    for (std::size_t e = 0; e < excludes->size(); ++e) {
      const object* entry = (*excludes)[e].if_object();
      if (entry == nullptr) continue;
      const source_map::node_id entry_node = map.child(en, e);
      for (std::size_t k = 0; k < entry->size(); ++k) {
        const std::string& key = (*entry)[k].first;
        bool vector = false;
        for (std::size_t a = 0; a < m.size() && !vector; ++a) {
          vector = m[a].first != "include" && m[a].first != "exclude" &&
                   pipewright::detail::iequals(m[a].first, key);
        }
        if (!vector) {
          out.push_back(make_error(
              codes::matrix_exclude_unknown_key,
              "Matrix exclude key '" + key + "' does not match any key within the matrix",
              map.key_span(map.child(entry_node, k))));
        }
      }
    }
  }
}

namespace detail {

/// True when `v` holds a `${{ }}` anywhere, in a string or a mapping key.
inline bool holds_expression(const value& v) {
  if (v.is_string()) return semantics::contains_expression(v.as_string());
  if (const object* o = v.if_object()) {
    for (const auto& [key, member] : *o) {
      if (semantics::contains_expression(key) || holds_expression(member)) return true;
    }
  } else if (const array* a = v.if_array()) {
    for (const value& item : *a) {
      if (holds_expression(item)) return true;
    }
  }
  return false;
}

}  // namespace detail

PIPEWRIGHT_DECL void static_matrix(const object& m, const source_map& map, source_map::node_id mn,
                                   std::vector<diagnostic>& out) {
  for (const auto& [key, v] : m) {
    if (semantics::contains_expression(key) || detail::holds_expression(v)) return;
  }
  const value whole{object(m)};
  auto compiled = pipewright::matrix::compile(whole);
  if (compiled) return;
  const std::size_t before = out.size();
  for (diagnostic& d : compiled.diagnostics()) {
    if (d.code == codes::matrix_exclude_unknown_key) continue;  // exclude_keys reports it
    const source_map::node_id n = map.find(whole, mn, d.path);
    if (d.path.empty()) {
      // The whole matrix: point at its `matrix:` key, the value may span many lines.
      d.span = map.key_span(mn).known() ? map.key_span(mn) : map.span(mn);
    } else {
      d.span = map.span(n);
    }
    d.path.clear();
    bool reported = false;
    for (std::size_t i = 0; i < before && !reported; ++i) reported = detail::same_place(out[i], d);
    if (!reported) out.push_back(std::move(d));
  }
}

PIPEWRIGHT_DECL void needs(const model::workflow& w, std::vector<diagnostic>& out) {
  if (w.jobs.empty()) {
    out.push_back(make_error(codes::graph_no_start_job,
                             "The workflow must contain at least one job with no dependencies.",
                             w.jobs_span));
    return;
  }
  std::vector<std::string_view> ids;
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::string_view> needs;
  for (const model::job& j : w.jobs) {
    ids.push_back(j.id);
    for (const model::located_string& n : j.needs) needs.push_back(n.text);
    offsets.push_back(static_cast<std::uint32_t>(needs.size()));
  }
  const graph::needs_list in{ids, offsets, needs};
  const graph::resolution r = graph::resolve(in);
  if (r.ok()) return;
  std::vector<diagnostic> diags = graph::describe(r, in);
  // describe() lists: no start job, duplicate ids, then one per problem, in that order.
  std::size_t at = 0;
  if (r.no_start_job && at < diags.size()) diags[at++].span = w.jobs_span;
  for (const graph::vertex v : r.duplicate_ids) {
    if (at < diags.size()) diags[at++].span = w.jobs[v].id_span;
  }
  for (const graph::need_problem& p : r.problems) {
    if (at < diags.size() && p.job < w.jobs.size() && p.entry < w.jobs[p.job].needs.size()) {
      diags[at].span = w.jobs[p.job].needs[p.entry].span;
      diags[at].path = "/jobs/" + w.jobs[p.job].id + "/needs";
    }
    ++at;
  }
  for (diagnostic& d : diags) out.push_back(std::move(d));
}

PIPEWRIGHT_DECL model::read_report read_workflow(const value& root, const source_map& map,
                                                 std::string_view source,
                                                 model::read_options options) {
  const reader_hooks hooks;
  options.hooks = &hooks;
  return model::read_workflow(root, map, source, options);
}

PIPEWRIGHT_DECL result<model::workflow> read(const value& root, const source_map& map,
                                             std::string_view source,
                                             const model::read_options& options) {
  model::read_report report = check::read_workflow(root, map, source, options);
  if (!report.ok()) return result<model::workflow>::failure(std::move(report.diagnostics));
  return result<model::workflow>::success(std::move(report.workflow),
                                          std::move(report.diagnostics));
}

PIPEWRIGHT_DECL std::vector<diagnostic> workflow(const model::workflow& w, const source_map& map) {
  std::vector<diagnostic> out;
  check::on(w.on, map, w.on_node, out);
  for (const model::job& j : w.jobs) {
    if (!j.strategy) continue;
    if (const object* m = j.strategy->matrix.if_object()) {
      exclude_keys(*m, map, j.strategy->matrix_node, out);
      static_matrix(*m, map, j.strategy->matrix_node, out);
    }
  }
  needs(w, out);
  return out;
}

PIPEWRIGHT_DECL result<model::workflow> builder_check::operator()(model::workflow w) const {
  std::vector<diagnostic> diags;
  for (const model::job& j : w.jobs) {
    std::string problem = model::detail::id_problem(j.id);
    if (!problem.empty()) diags.push_back(make_error(codes::model_invalid_id, problem));
    if (j.kind == model::job_kind::normal && !j.runs_on) {
      diags.push_back(make_error(codes::model_required_property,
                                 "Required property is missing: runs-on", {}, "/jobs/" + j.id));
    }
  }
  needs(w, diags);
  if (has_errors(diags)) return result<model::workflow>::failure(std::move(diags));
  return result<model::workflow>::success(std::move(w), std::move(diags));
}

}  // namespace check
}  // namespace v0
}  // namespace pipewright
