/// @file cascade.hpp
/// A cascade of workflow runs (repository/cascade.hpp) drawn as one graph: a subgraph per run
/// holding its job graph (as plan_dot() and plan_mermaid() draw it), and an edge per
/// workflow_run trigger, labelled with its type and the triggering run's conclusion.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/repository/cascade.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

/// The cascade in Graphviz DOT: a cluster per run (titled `titles[k]`), an edge between
/// clusters per trigger.
PIPEWRIGHT_DECL std::string cascade_dot(const repository::cascade_result& c,
                                        const std::vector<std::string>& titles);

/// The cascade as a Mermaid flowchart: a subgraph per run (its waves nested inside), an edge
/// between subgraphs per trigger.
PIPEWRIGHT_DECL std::string cascade_mermaid(const repository::cascade_result& c,
                                            const std::vector<std::string>& titles);

}  // namespace export_
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/export/cascade_impl.hpp"
#endif
