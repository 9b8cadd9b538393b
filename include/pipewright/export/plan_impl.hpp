/// @file plan_impl.hpp
/// The definitions behind export/plan.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/run.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

namespace detail {

inline value number_of(std::size_t n) {
  return value(static_cast<double>(n));
}

inline value strings_of(const std::vector<std::string>& v) {
  array a;
  for (const std::string& s : v) a.emplace_back(s);
  return value(std::move(a));
}

/// A node id safe for DOT and Mermaid: `j` and the job's index.
inline std::string node_id(std::size_t j) {
  return "j" + std::to_string(j);
}

PIPEWRIGHT_DECL std::string dot_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

PIPEWRIGHT_DECL std::string mermaid_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"') {
      out += "#quot;";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

inline bool job_is(const schedule::run_result* run, std::size_t j, schedule::status s) {
  return run != nullptr && j < run->job_results.size() && run->job_results[j] == s;
}

inline bool job_skipped(const schedule::run_result* run, std::size_t j) {
  return job_is(run, j, schedule::status::skipped);
}

inline bool job_undetermined(const schedule::run_result* run, std::size_t j) {
  return job_is(run, j, schedule::status::undetermined);
}

/// A job's call of a reusable workflow as JSON, or null.
inline value call_json(const schedule::plan& p, const schedule::plan_job& pj) {
  if (!pj.call) return value();
  const schedule::plan_call& c = *pj.call;
  array instances;
  for (std::size_t k = 0; k < c.instances.size(); ++k) {
    instances.push_back(
        value::make_object({{"name", value(c.instances[k])},
                            {"inputs", k < c.inputs.size() ? c.inputs[k] : value::make_object()},
                            {"unknown_inputs", strings_of(k < c.unknown_inputs.size()
                                                              ? c.unknown_inputs[k]
                                                              : std::vector<std::string>{})}}));
  }
  array jobs;
  for (const std::uint32_t j : c.jobs) {
    if (j < p.jobs.size()) jobs.emplace_back(p.jobs[j].id);
  }
  return value::make_object({{"uses", value(c.uses)},
                             {"expanded", value(c.expanded)},
                             {"note", value(c.note)},
                             {"instances", value(std::move(instances))},
                             {"secrets_inherit", value(c.secrets_inherit)},
                             {"secrets", strings_of(c.secrets)},
                             {"outputs", strings_of(c.outputs)},
                             {"jobs", value(std::move(jobs))}});
}

/// A calling job's label line: what it calls, and how many times (one call per leg).
inline std::string call_label(const schedule::plan_job& pj) {
  std::string out = "calls " + pj.call->uses;
  if (pj.call->instances.size() > 1) {
    out += " (" + std::to_string(pj.call->instances.size()) + " calls)";
  }
  if (!pj.call->expanded) out += " (not read)";
  return out;
}

/// Whether job `j` is one of the first jobs of a called workflow (no needs inside it): the
/// graphs draw an edge from its calling job.
inline bool call_starts(const schedule::plan& p, std::size_t j) {
  return p.jobs[j].called_by < p.jobs.size() && p.jobs[j].needs.empty();
}

/// A pending matrix's leg count: known (an `include:`-only list) or null.
inline value pending_count(const schedule::plan_job& pj) {
  return pj.pending_legs ? number_of(*pj.pending_legs) : value();
}

inline std::string seconds_text(double s) {
  if (std::isfinite(s) && s == std::floor(s) && std::fabs(s) < 1e15) {
    return std::to_string(static_cast<long long>(s));
  }
  std::string out;
  json::write(out, value(s), json::compact_style);
  return out;
}

/// Builds a value from begin/key/scalar/end calls: emit_plan()'s value back end.
class value_builder {
 public:
  void begin_object() { open(value::make_object()); }
  void begin_array() { open(value::make_array()); }
  void end() {
    value v = std::move(stack_.back());
    stack_.pop_back();
    key_ = std::move(keys_.back());
    keys_.pop_back();
    add(std::move(v));
  }
  void key(std::string_view k) { key_ = std::string(k); }
  void string(std::string_view s) { add(value(s)); }
  void number(double d) { add(value(d)); }
  void boolean(bool b) { add(value(b)); }
  void null() { add(value()); }
  void any(const value& v) { add(v); }
  value take() { return std::move(root_); }

 private:
  void open(value v) {
    stack_.push_back(std::move(v));
    keys_.push_back(std::move(key_));
  }
  void add(value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (stack_.back().is_array()) {
      stack_.back().as_array().push_back(std::move(v));
    } else {
      stack_.back().as_object().insert(std::move(key_), std::move(v));
    }
  }
  std::vector<value> stack_;
  std::vector<std::string> keys_;
  std::string key_;
  value root_;
};

/// Writes compact JSON (json::compact_style) from the same calls, straight into one buffer:
/// emit_plan()'s text back end.
class text_builder {
 public:
  explicit text_builder(std::string& out) : out_(out) {}
  text_builder(const text_builder&) = delete;
  text_builder& operator=(const text_builder&) = delete;
  ~text_builder() { out_.finish(); }
  void begin_object() { open('{'); }
  void begin_array() { open('['); }
  void end() {
    out_.put(closers_.back());
    closers_.pop_back();
    first_ = false;
  }
  void key(std::string_view k) {
    separate();
    json::detail::write_string(out_, k);
    out_.put(':');
    after_key_ = true;
  }
  void string(std::string_view s) {
    separate();
    json::detail::write_string(out_, s);
  }
  void number(double d) {
    separate();
    json::detail::write_number(out_, d, json::compact_style);
  }
  void boolean(bool b) {
    separate();
    out_.put(b ? std::string_view("true") : std::string_view("false"));
  }
  void null() {
    separate();
    out_.put("null");
  }
  void any(const value& v) {
    separate();
    json::detail::write_value(out_, v, json::compact_style, 0);
  }

 private:
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) out_.put(',');
    first_ = false;
  }
  void open(char c) {
    separate();
    out_.put(c);
    closers_.push_back(c == '{' ? '}' : ']');
    first_ = true;
  }
  json::detail::sink out_;
  std::string closers_;
  bool first_ = true;
  bool after_key_ = false;
};

template <class Builder>
void emit_strings(Builder& b, const std::vector<std::string>& v) {
  b.begin_array();
  for (const std::string& s : v) b.string(s);
  b.end();
}

/// The plan (and, when given, its run) as `pipewright.plan/1.4` JSON, through `b`: the one
/// description of the schema, for plan_json() (a value) and write_plan_json() (text). The
/// top-level object is left open: the caller may add members, then calls `b.end()`.
template <class Builder>
void emit_plan(Builder& b, const schedule::plan& p, const schedule::run_result* run) {
  b.begin_object();
  b.key("schema");
  b.string(plan_schema);
  b.key("event");
  b.string(p.event);
  b.key("runs");
  b.boolean(p.runs);
  b.key("startup_failure");
  if (p.startup_failure.empty()) {
    b.null();
  } else {
    b.string(p.startup_failure);
  }
  b.key("reasons");
  emit_strings(b, p.reasons);
  b.key("jobs");
  b.begin_array();
  std::size_t leg_index = 0;
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    const schedule::plan_job& pj = p.jobs[j];
    b.begin_object();
    b.key("id");
    b.string(pj.id);
    b.key("name");
    b.string(pj.name);
    b.key("needs");
    b.begin_array();
    for (const std::uint32_t n : pj.needs) {
      if (n < p.jobs.size()) b.string(p.jobs[n].id);
    }
    b.end();
    b.key("if");
    b.string(pj.condition);
    b.key("wave");
    b.number(static_cast<double>(pj.wave));
    b.key("runs_on");
    b.string(pj.runs_on);
    // Only on calls and called jobs: the plans of other workflows read as before.
    if (pj.called_by < p.jobs.size()) {
      b.key("called_by");
      b.string(p.jobs[pj.called_by].id);
    }
    if (pj.call) {
      b.key("call");
      b.any(call_json(p, pj));
    }
    // A matrix built from its needs' outputs during the run has the run's legs.
    const bool grown = run != nullptr && j < run->expanded.size() && !run->expanded[j].empty();
    b.key("matrix");
    if (pj.matrix_pending) {
      array waits;
      for (const std::string& w : pj.matrix_needs) waits.emplace_back(w);
      value m = value::make_object({{"pending", value(true)},
                                    {"expression", value(pj.matrix_expression)},
                                    {"needs", value(std::move(waits))},
                                    {"reason", value(pj.matrix_reason)}});
      m.as_object().insert("legs", grown ? number_of(run->expanded[j].size()) : pending_count(pj));
      b.any(m);
    } else if (!pj.matrix_error.empty()) {
      b.any(value::make_object(
          {{"pending", value(false)}, {"legs", value()}, {"error", value(pj.matrix_error)}}));
    } else if (pj.has_matrix) {
      // A call's matrix legs are its calls (its `legs` are its called jobs').
      const std::size_t count =
          pj.call && pj.call->expanded ? pj.call->instances.size() : pj.legs.size();
      b.begin_object();
      b.key("pending");
      b.boolean(false);
      b.key("legs");
      b.number(static_cast<double>(count));
      b.end();
    } else {
      b.null();
    }
    if (run != nullptr && j < run->job_results.size()) {
      b.key("status");
      b.string(schedule::status_name(run->job_results[j]));
      b.key("reason");
      b.string(j < run->job_reasons.size() ? std::string_view(run->job_reasons[j])
                                           : std::string_view());
      b.key("waits_for");
      b.begin_array();
      if (j < run->job_waits.size()) {
        for (const std::string& w : run->job_waits[j]) b.string(w);
      }
      b.end();
    }
    b.key("legs");
    b.begin_array();
    const std::size_t count = grown ? run->expanded[j].size() : pj.legs.size();
    // A pending matrix's placeholder stands for legs not known yet: it is no leg.
    const bool placeholder = pj.matrix_pending && !grown;
    for (std::size_t l = 0; l < count; ++l, ++leg_index) {
      if (placeholder) continue;
      const schedule::leg_spec* ls = grown ? &run->expanded[j][l]
                                     : j < p.specs.size() && l < p.specs[j].legs.size()
                                         ? &p.specs[j].legs[l]
                                         : nullptr;
      b.begin_object();
      b.key("name");
      b.string(grown ? ls->name : pj.legs[l].name);
      b.key("matrix");
      b.any(grown ? ls->matrix : pj.legs[l].matrix);
      if (ls != nullptr) {
        b.key("runs_on");
        b.string(ls->runner);
        b.key("continue_on_error");
        b.boolean(ls->continue_on_error);
        if (!ls->concurrency_group.empty()) {
          b.key("concurrency");
          b.string(ls->concurrency_group);
        }
      }
      if (run != nullptr && leg_index < run->legs.size()) {
        const schedule::leg_run& lr = run->legs[leg_index];
        b.key("status");
        b.string(schedule::status_name(lr.result));
        b.key("reason");
        b.string(lr.reason);
        b.key("start");
        b.number(lr.start);
        b.key("end");
        b.number(lr.end);
        if (!lr.steps.empty() && ls != nullptr) {
          const std::vector<schedule::step_spec>& specs = ls->steps;
          b.key("steps");
          b.begin_array();
          for (std::size_t k = 0; k < lr.steps.size() && k < specs.size(); ++k) {
            const schedule::step_run& sr = lr.steps[k];
            b.begin_object();
            b.key("id");
            b.string(specs[k].id);
            b.key("name");
            b.string(specs[k].name);
            b.key("outcome");
            b.string(schedule::status_name(sr.outcome));
            b.key("conclusion");
            b.string(schedule::status_name(sr.conclusion));
            b.key("reason");
            b.string(sr.reason);
            b.key("start");
            b.number(sr.start);
            b.key("end");
            b.number(sr.end);
            b.end();
          }
          b.end();
        }
      }
      b.end();
    }
    b.end();
    b.end();
  }
  b.end();
  b.key("waves");
  b.begin_array();
  for (const auto& w : p.waves) {
    b.begin_array();
    for (const std::uint32_t j : w) {
      if (j < p.jobs.size()) b.string(p.jobs[j].id);
    }
    b.end();
  }
  b.end();
  if (run != nullptr) {
    b.key("run");
    b.begin_object();
    b.key("conclusion");
    b.string(schedule::status_name(run->conclusion));
    b.key("makespan");
    b.number(run->makespan);
    b.key("billed_minutes");
    b.number(run->billed_minutes);
    b.key("critical_path");
    b.begin_array();
    for (const std::uint32_t l : run->critical_path) {
      if (l >= run->legs.size()) continue;
      const schedule::leg_run& lr = run->legs[l];
      if (lr.job < p.specs.size()) b.string(run->spec(p.specs, lr).name);
    }
    b.end();
    b.end();
  }
  b.key("diagnostics");
  b.begin_array();
  for (const diagnostic& d : p.diagnostics) b.string(d.code + ": " + d.message);
  b.end();
}

/// A guess at the size of the plan's JSON, so that a large plan's text is not copied as its
/// buffer grows: each job's first leg stands for its others.
inline std::size_t plan_json_size_hint(const schedule::plan& p, const schedule::run_result* run) {
  std::size_t n = 1024;
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    const schedule::plan_job& pj = p.jobs[j];
    n += 256 + 2 * pj.id.size() + pj.name.size() + pj.runs_on.size();
    if (pj.legs.empty()) continue;
    const schedule::plan_leg& first = pj.legs.front();
    std::size_t leg = 96 + first.name.size() + pj.runs_on.size() +
                      json::detail::size_hint(first.matrix, json::compact_style, 0);
    if (run != nullptr) {
      leg += 96;
      if (j < p.specs.size() && !p.specs[j].legs.empty()) {
        for (const schedule::step_spec& st : p.specs[j].legs.front().steps) {
          leg += 128 + st.id.size() + st.name.size();
        }
      }
    }
    n += leg * pj.legs.size();
  }
  return n;
}

PIPEWRIGHT_DECL void dot_body(std::string& out, const schedule::plan& p,
                              const schedule::run_result* run, std::string_view prefix,
                              std::string_view indent) {
  const std::string pre(prefix);
  const std::string in(indent);
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    const schedule::plan_job& pj = p.jobs[j];
    std::string label = dot_escape(pj.id);
    if (pj.call) {
      label += "\\n" + dot_escape(call_label(pj));
    } else if (pj.matrix_pending) {
      label += "\\nmatrix pending: " + dot_escape(pj.matrix_expression);
      if (pj.pending_legs) label += "\\n" + std::to_string(*pj.pending_legs) + " legs";
    } else if (!pj.matrix_error.empty()) {
      label += "\\ninvalid matrix";
    } else if (pj.has_matrix) {
      label += "\\n" + std::to_string(pj.legs.size()) + " legs";
      for (const schedule::plan_leg& l : pj.legs) label += "\\l  " + dot_escape(l.name);
      label += "\\l";
    }
    out += in + pre + node_id(j) + " [label=\"" + label + "\"";
    if (pj.has_matrix && !pj.call) out += ", shape=box3d";
    if (job_skipped(run, j)) {
      out += ", style=\"rounded,dashed\", color=grey, fontcolor=grey";
    } else if (job_undetermined(run, j)) {
      out += ", style=\"rounded,dotted\", xlabel=\"undetermined\"";
    }
    out += "];\n";
  }
  for (std::size_t k = 0; k < p.waves.size(); ++k) {
    out += in + "{ rank=same;";
    for (const std::uint32_t j : p.waves[k]) out += " " + pre + node_id(j) + ";";
    out += " }\n";
  }
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    for (const std::uint32_t n : p.jobs[j].needs) {
      out += in + pre + node_id(n) + " -> " + pre + node_id(j) + ";\n";
    }
    if (call_starts(p, j)) {
      out += in + pre + node_id(p.jobs[j].called_by) + " -> " + pre + node_id(j) +
             " [style=dashed, label=\"calls\"];\n";
    }
  }
}

PIPEWRIGHT_DECL void mermaid_body(std::string& out, const schedule::plan& p,
                                  std::string_view prefix, std::string_view indent) {
  const std::string pre(prefix);
  const std::string in(indent);
  for (std::size_t k = 0; k < p.waves.size(); ++k) {
    out += in + "subgraph " + pre + "wave" + std::to_string(k) + "[\"wave " + std::to_string(k) +
           "\"]\n";
    for (const std::uint32_t j : p.waves[k]) {
      if (j >= p.jobs.size()) continue;
      const schedule::plan_job& pj = p.jobs[j];
      std::string label = mermaid_escape(pj.id);
      if (pj.call) {
        label += "<br/>" + mermaid_escape(call_label(pj));
      } else if (pj.matrix_pending) {
        label += "<br/>matrix pending";
        if (pj.pending_legs) label += " (" + std::to_string(*pj.pending_legs) + " legs)";
      } else if (!pj.matrix_error.empty()) {
        label += "<br/>invalid matrix";
      } else if (pj.has_matrix) {
        label += "<br/>" + std::to_string(pj.legs.size()) + " legs";
      }
      out += in + "  " + pre + node_id(j) + "[\"" + label + "\"]\n";
    }
    out += in + "end\n";
  }
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    for (const std::uint32_t n : p.jobs[j].needs) {
      out += in + pre + node_id(n) + " --> " + pre + node_id(j) + "\n";
    }
    if (call_starts(p, j)) {
      out += in + pre + node_id(p.jobs[j].called_by) + " -.->|calls| " + pre + node_id(j) + "\n";
    }
  }
}

PIPEWRIGHT_DECL void mermaid_classes(std::string& out, const std::vector<mermaid_plan>& plans) {
  auto add_class = [&](schedule::status s, std::string_view style) {
    std::string nodes;
    for (const mermaid_plan& mp : plans) {
      for (std::size_t j = 0; j < mp.plan->jobs.size(); ++j) {
        if (!job_is(mp.run, j, s)) continue;
        if (!nodes.empty()) nodes += ',';
        nodes += mp.prefix + node_id(j);
      }
    }
    if (nodes.empty()) return;
    const std::string name(schedule::status_name(s));
    out += "  classDef " + name + " " + std::string(style) + "\n";
    out += "  class " + nodes + " " + name + "\n";
  };
  add_class(schedule::status::skipped, "stroke-dasharray: 5 5,color:#888,fill:#f4f4f4");
  add_class(schedule::status::undetermined, "stroke-dasharray: 2 2,fill:#fff8e1");
}

}  // namespace detail

PIPEWRIGHT_DECL value plan_json(const schedule::plan& p, const schedule::run_result* run) {
  detail::value_builder b;
  detail::emit_plan(b, p, run);
  b.end();
  return b.take();
}

PIPEWRIGHT_DECL void write_plan_json(std::string& out, const schedule::plan& p,
                                     const schedule::run_result* run, const object* extra) {
  out.reserve(out.size() + detail::plan_json_size_hint(p, run));
  detail::text_builder b(out);
  detail::emit_plan(b, p, run);
  if (extra != nullptr) {
    for (const auto& [k, v] : *extra) {
      b.key(k);
      b.any(v);
    }
  }
  b.end();
}

PIPEWRIGHT_DECL std::string plan_dot(const schedule::plan& p, const schedule::run_result* run) {
  std::string out = "digraph workflow {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  detail::dot_body(out, p, run, "", "  ");
  out += "}\n";
  return out;
}

PIPEWRIGHT_DECL std::string plan_mermaid(const schedule::plan& p, const schedule::run_result* run) {
  std::string out = "flowchart LR\n";
  detail::mermaid_body(out, p, "", "  ");
  detail::mermaid_classes(out, {{&p, run, ""}});
  return out;
}

PIPEWRIGHT_DECL value plan_graph_json(const schedule::plan& p, const schedule::run_result* run) {
  std::vector<std::size_t> wave_of(p.jobs.size(), 0);
  value waves = value::make_array();
  for (std::size_t k = 0; k < p.waves.size(); ++k) {
    value ids = value::make_array();
    for (const std::uint32_t j : p.waves[k]) {
      if (j >= p.jobs.size()) continue;
      wave_of[j] = k;
      ids.as_array().push_back(value(p.jobs[j].id));
    }
    waves.as_array().push_back(std::move(ids));
  }
  value nodes = value::make_array();
  value edges = value::make_array();
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    const schedule::plan_job& pj = p.jobs[j];
    value node = value::make_object(
        {{"id", value(pj.id)},
         {"wave", detail::number_of(wave_of[j])},
         {"legs", pj.call                    ? value()
                  : pj.matrix_pending        ? detail::pending_count(pj)
                  : !pj.matrix_error.empty() ? value()
                                             : detail::number_of(pj.legs.size())},
         {"matrix_pending", value(pj.matrix_pending)}});
    if (run != nullptr) {
      node.as_object().insert("skipped", value(detail::job_skipped(run, j)));
      node.as_object().insert("undetermined", value(detail::job_undetermined(run, j)));
    }
    nodes.as_array().push_back(std::move(node));
    for (const std::uint32_t n : pj.needs) {
      if (n >= p.jobs.size()) continue;
      edges.as_array().push_back(
          value::make_object({{"from", value(p.jobs[n].id)}, {"to", value(pj.id)}}));
    }
    if (detail::call_starts(p, j)) {
      edges.as_array().push_back(value::make_object({{"from", value(p.jobs[pj.called_by].id)},
                                                     {"to", value(pj.id)},
                                                     {"calls", value(true)}}));
    }
  }
  return value::make_object({{"schema", value(std::string("pipewright.graph/1.2"))},
                             {"nodes", std::move(nodes)},
                             {"edges", std::move(edges)},
                             {"waves", std::move(waves)}});
}

PIPEWRIGHT_DECL std::string run_gantt(const schedule::plan& p, const schedule::run_result& run) {
  std::string out = "gantt\n  dateFormat X\n  axisFormat %M:%S\n";
  std::uint32_t current = static_cast<std::uint32_t>(-1);
  for (const schedule::leg_run& lr : run.legs) {
    if (!lr.ran() || lr.job >= p.jobs.size() || lr.job >= p.specs.size()) continue;
    if (lr.job != current) {
      current = lr.job;
      out += "  section " + detail::mermaid_escape(p.jobs[lr.job].id) + "\n";
    }
    std::string name = detail::mermaid_escape(run.spec(p.specs, lr).name);
    for (char& c : name) {
      if (c == ':') c = ' ';
    }
    out += "    " + name + " :";
    if (lr.result == schedule::status::failure) out += "crit, ";
    out += detail::seconds_text(std::floor(lr.start)) + ", " +
           detail::seconds_text(std::ceil(lr.end)) + "\n";
  }
  return out;
}

}  // namespace export_
}  // namespace v0
}  // namespace pipewright
