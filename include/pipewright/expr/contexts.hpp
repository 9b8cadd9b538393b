/// @file contexts.hpp
/// Compile options for a workflow key, from the context-availability table
/// (semantics/contexts.hpp, re-exported here).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/semantics/contexts.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

// The table itself is GitHub's fact, below value/: semantics/contexts.hpp.
using semantics::allowed_contexts;
using semantics::availability_table;
using semantics::key_availability;
using semantics::standard_contexts;

/// Compile options for `key`: its contexts and functions; an unknown key allows nothing.
inline compile_options options_for_key(std::string_view key) {
  compile_options o;
  o.status_functions = false;
  o.hash_files = false;
  if (const key_availability* k = allowed_contexts(key)) {
    for (std::string_view c : k->contexts) o.contexts.emplace_back(c);
    o.status_functions = k->status_functions;
    o.status_function_args = k->status_function_args;
    o.hash_files = k->hash_files;
  }
  return o;
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
