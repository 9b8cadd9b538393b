/// @file document.hpp
/// What every loader returns: a value tree and where each value came from in its text.
#pragma once

#include "pipewright/config.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {

/// A loaded document: the value tree and its source map (empty when the loader keeps no
/// positions; diagnostics then carry their JSON-pointer path only).
struct document {
  value root;
  source_map map;
};

}  // namespace v0
}  // namespace pipewright
