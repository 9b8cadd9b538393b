// Helpers for the trigger tests: `on:` from YAML text.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "pipewright/trigger/trigger.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/yaml.hpp"

namespace pipewright::test {

/// Parses a workflow text's `on:` (with spans); returns the result.
inline result<trigger::triggers> parse_workflow_on(std::string_view workflow) {
  auto doc = yaml::load(workflow);
  if (!doc) return result<trigger::triggers>::failure(doc.diagnostics());
  const auto node = doc->map.find(doc->root, "/on");
  return trigger::parse_on(doc->root["on"], &doc->map, node);
}

/// The triggers of a workflow text; a test failure when they do not parse.
inline trigger::triggers on_ok(std::string_view workflow) {
  auto r = parse_workflow_on(workflow);
  EXPECT_TRUE(r.ok()) << workflow << "\n" << (r.ok() ? "" : r.first_error()->message);
  return r.ok() ? std::move(*r) : trigger::triggers{};
}

/// The first error of `on:`; a test failure when it parses.
inline diagnostic on_error(std::string_view workflow) {
  auto r = parse_workflow_on(workflow);
  EXPECT_FALSE(r.ok()) << workflow;
  if (r.ok()) return {};
  return *r.first_error();
}

/// A JSON text as a value (a webhook payload); the text must parse.
inline value obj(std::string_view json) {
  return json::parse(json).value();
}

}  // namespace pipewright::test
