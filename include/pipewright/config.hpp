/// @file config.hpp
/// Compiler checks and the few macros the library uses.
#pragma once

#include "pipewright/version.hpp"

#if !defined(__cplusplus) || (__cplusplus < 202002L && !defined(_MSVC_LANG))
#error "pipewright needs C++20 (-std=c++20)"
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PIPEWRIGHT_LIKELY(x) __builtin_expect(!!(x), 1)
#define PIPEWRIGHT_UNLIKELY(x) __builtin_expect(!!(x), 0)
/// Keeps a rarely taken path out of line, so that its caller's usual path stays small.
#define PIPEWRIGHT_NOINLINE __attribute__((noinline))
#else
#define PIPEWRIGHT_LIKELY(x) (x)
#define PIPEWRIGHT_UNLIKELY(x) (x)
#define PIPEWRIGHT_NOINLINE
#endif

/// The build mode. Header-only by default: every function is defined in the headers.
/// With PIPEWRIGHT_SEPARATE_COMPILATION defined (by the `pipewright::compiled` CMake target,
/// for the library's source file and for what links it), the converted headers only declare
/// their functions, and the library's one source file defines them (README, "Compiled once"). Every
/// TU of a program must use the same mode.
#if defined(PIPEWRIGHT_SEPARATE_COMPILATION)
#define PIPEWRIGHT_HEADER_ONLY 0
/// Marks a function declared in a header and defined in its `_impl.hpp`.
#define PIPEWRIGHT_DECL
#else
#define PIPEWRIGHT_HEADER_ONLY 1
#define PIPEWRIGHT_DECL inline
#endif
