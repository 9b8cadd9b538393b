/// @file version.hpp
/// The library's version, as numbers and as a string.
#pragma once

#define PIPEWRIGHT_VERSION_MAJOR 0
#define PIPEWRIGHT_VERSION_MINOR 1
#define PIPEWRIGHT_VERSION_PATCH 0
#define PIPEWRIGHT_VERSION_STRING "0.1.0"

namespace pipewright {
inline namespace v0 {

/// The version this header belongs to.
struct version_info {
  int major;
  int minor;
  int patch;
  const char* text;
};

inline constexpr version_info version{PIPEWRIGHT_VERSION_MAJOR, PIPEWRIGHT_VERSION_MINOR,
                                      PIPEWRIGHT_VERSION_PATCH, PIPEWRIGHT_VERSION_STRING};

}  // namespace v0
}  // namespace pipewright
