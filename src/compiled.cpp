// The compiled library: with PIPEWRIGHT_SEPARATE_COMPILATION (defined by the CMake target
// `pipewright::compiled` for this file and for what links it), the converted headers only
// declare their functions; this one file defines them (README, "Compiled once").
#if !defined(PIPEWRIGHT_SEPARATE_COMPILATION)
#error "src/compiled.cpp is built with PIPEWRIGHT_SEPARATE_COMPILATION"
#endif

#include "pipewright/check/calls_impl.hpp"
#include "pipewright/check/contexts_impl.hpp"
#include "pipewright/check/security_impl.hpp"
#include "pipewright/check/workflow_impl.hpp"
#include "pipewright/export/argo_impl.hpp"
#include "pipewright/export/findings_impl.hpp"
#include "pipewright/export/jsonl_impl.hpp"
#include "pipewright/export/plan_impl.hpp"
#include "pipewright/schedule/plan_impl.hpp"
