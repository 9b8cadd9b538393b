/// @file pipewright.hpp
/// The umbrella header: everything in the core library (not the optional YAML adapter).
#pragma once

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/fwd.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/number_format.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/value.hpp"
#include "pipewright/version.hpp"
