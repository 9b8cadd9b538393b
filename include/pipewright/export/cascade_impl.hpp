/// @file cascade_impl.hpp
/// The definitions behind pipewright/export/cascade.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include "pipewright/export/cascade.hpp"
#include "pipewright/export/plan.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

namespace detail {

inline std::string run_prefix(std::size_t k) {
  return "r" + std::to_string(k) + "_";
}

/// `completed: success`, or `requested`.
inline std::string trigger_label(const repository::cascade_run& r) {
  return r.trigger_type == "completed" ? "completed: " + r.trigger_conclusion : r.trigger_type;
}

}  // namespace detail

PIPEWRIGHT_DECL std::string cascade_dot(const repository::cascade_result& c,
                                        const std::vector<std::string>& titles) {
  std::string out =
      "digraph cascade {\n  rankdir=LR;\n  compound=true;\n  node [shape=box, style=rounded];\n";
  for (std::size_t k = 0; k < c.runs.size(); ++k) {
    const std::string pre = detail::run_prefix(k);
    const std::string title = k < titles.size() ? titles[k] : pre;
    out += "  subgraph cluster_" + pre + " {\n    label=\"" + detail::dot_escape(title) + "\";\n";
    out += "    " + pre + "anchor [shape=point, style=invis];\n";
    detail::dot_body(out, c.runs[k].plan, &c.runs[k].result, pre, "    ");
    out += "  }\n";
  }
  for (std::size_t k = 0; k < c.runs.size(); ++k) {
    if (!c.runs[k].triggered_by) continue;
    const std::string from = detail::run_prefix(*c.runs[k].triggered_by);
    const std::string to = detail::run_prefix(k);
    out += "  " + from + "anchor -> " + to + "anchor [ltail=cluster_" + from + ", lhead=cluster_" +
           to + ", label=\"" + detail::dot_escape(detail::trigger_label(c.runs[k])) + "\"];\n";
  }
  out += "}\n";
  return out;
}

PIPEWRIGHT_DECL std::string cascade_mermaid(const repository::cascade_result& c,
                                            const std::vector<std::string>& titles) {
  std::string out = "flowchart LR\n";
  std::vector<detail::mermaid_plan> plans;
  for (std::size_t k = 0; k < c.runs.size(); ++k) {
    const std::string pre = detail::run_prefix(k);
    const std::string title = k < titles.size() ? titles[k] : pre;
    out += "  subgraph " + pre + "run[\"" + detail::mermaid_escape(title) + "\"]\n";
    detail::mermaid_body(out, c.runs[k].plan, pre, "    ");
    out += "  end\n";
    plans.push_back({&c.runs[k].plan, &c.runs[k].result, pre});
  }
  for (std::size_t k = 0; k < c.runs.size(); ++k) {
    if (!c.runs[k].triggered_by) continue;
    out += "  " + detail::run_prefix(*c.runs[k].triggered_by) + "run -->|" +
           detail::mermaid_escape(detail::trigger_label(c.runs[k])) + "| " + detail::run_prefix(k) +
           "run\n";
  }
  detail::mermaid_classes(out, plans);
  return out;
}

}  // namespace export_
}  // namespace v0
}  // namespace pipewright
