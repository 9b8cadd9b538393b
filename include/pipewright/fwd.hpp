/// @file fwd.hpp
/// Forward declarations of pipewright's main types.
#pragma once

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {

class value;
class object;
struct diagnostic;
template <class T>
class result;

}  // namespace v0
}  // namespace pipewright
