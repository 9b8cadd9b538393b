/// @file static.hpp
/// Compile-time pipelines (`pipewright::static_`): definitions checked by the compiler,
/// their graph and matrix figures as constants, checked expressions, and the conversions to
/// the runtime model and to GitHub Actions YAML. See docs/static.md.
#pragma once

#include "pipewright/static_/analysis.hpp"
#include "pipewright/static_/convert.hpp"
#include "pipewright/static_/definition.hpp"
#include "pipewright/static_/expression.hpp"
#include "pipewright/static_/workflow.hpp"
