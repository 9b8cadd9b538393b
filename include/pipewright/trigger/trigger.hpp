/// @file trigger.hpp
/// The trigger stage in one include: filter globs, cron, events, `on:` and matching
/// (docs/triggers.md).
#pragma once

#include "pipewright/trigger/cron.hpp"
#include "pipewright/trigger/event.hpp"
#include "pipewright/trigger/glob.hpp"
#include "pipewright/trigger/match.hpp"
#include "pipewright/trigger/on.hpp"
