// The compiled library: with PIPEWRIGHT_SEPARATE_COMPILATION (defined by the CMake target
// `pipewright::compiled` for this file and for what links it), the converted headers only
// declare their functions; this one file defines them (README, "Compiled once").
#if !defined(PIPEWRIGHT_SEPARATE_COMPILATION)
#error "src/compiled.cpp is built with PIPEWRIGHT_SEPARATE_COMPILATION"
#endif

#include "pipewright/export/cascade_impl.hpp"
#include "pipewright/export/trace_impl.hpp"
#include "pipewright/expr/expression_impl.hpp"
#include "pipewright/expr/partial_impl.hpp"
#include "pipewright/graph/resolve_impl.hpp"
#include "pipewright/matrix/dynamic_impl.hpp"
#include "pipewright/matrix/matrix_impl.hpp"
#include "pipewright/model/action_impl.hpp"
#include "pipewright/model/read_impl.hpp"
#include "pipewright/model/schema_impl.hpp"
#include "pipewright/repository/cascade_impl.hpp"
#include "pipewright/repository/checks_impl.hpp"
#include "pipewright/repository/protection_impl.hpp"
#include "pipewright/schedule/callback_impl.hpp"
#include "pipewright/schedule/plan_impl.hpp"
#include "pipewright/schedule/simulate_impl.hpp"
#include "pipewright/schedule/step_runtime_impl.hpp"
#include "pipewright/trigger/cron_impl.hpp"
#include "pipewright/trigger/event_impl.hpp"
#include "pipewright/trigger/match_impl.hpp"
#include "pipewright/trigger/on_impl.hpp"
#include "pipewright/value/json_impl.hpp"
#include "pipewright/value/value_impl.hpp"
