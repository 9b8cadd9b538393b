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
