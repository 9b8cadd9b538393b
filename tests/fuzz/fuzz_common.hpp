// Shared helpers of the libFuzzer targets: a check that aborts (so libFuzzer reports it as a
// finding) and the fixed, rich expression context.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

/// Stops the run with a message when an invariant does not hold.
#define PIPEWRIGHT_FUZZ_CHECK(cond)                                                           \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)

namespace pipewright_fuzz {

/// Every standard context, filled the way a pull request's run would see them.
inline const pipewright::value& rich_contexts() {
  static const pipewright::value contexts = pipewright::json::parse_or_throw(R"({
    "github": {
      "event_name": "pull_request", "ref": "refs/pull/7/merge", "ref_name": "7/merge",
      "head_ref": "feature/x", "base_ref": "main", "sha": "0123456789abcdef0123456789abcdef01234567",
      "repository": "octo/repo", "repository_owner": "octo", "actor": "mona", "run_id": "42",
      "run_number": "7", "run_attempt": "1", "workflow": "CI", "job": "build",
      "token": "***", "workspace": "/home/runner/work/repo/repo", "action": "__run",
      "event": {
        "action": "opened", "number": 7,
        "pull_request": {"title": "Fix ${{ bug }}", "body": "line1\nline2", "draft": false,
                         "labels": [{"name": "bug"}, {"name": "ci"}],
                         "head": {"ref": "feature/x", "sha": "abc"}, "base": {"ref": "main"}},
        "issue": {"title": "t", "body": null, "number": 3},
        "commits": [{"message": "one", "id": "a"}, {"message": "two", "id": "b"}],
        "head_commit": {"message": "two"}, "forced": false, "deleted": false
      }
    },
    "env": {"CI": "true", "NAME": "world", "EMPTY": "", "NUM": "42", "JSON": "{\"a\":[1,2]}"},
    "vars": {"REGION": "eu", "ENABLED": "true"},
    "secrets": {"GITHUB_TOKEN": "***", "NPM": "***"},
    "inputs": {"debug": true, "level": 3, "name": "x", "list": "[1,2,3]"},
    "matrix": {"os": "ubuntu-latest", "node": 20, "include": null, "flags": ["a", "b"],
               "cfg": {"opt": true, "n": 1.5}},
    "strategy": {"fail-fast": true, "job-index": 1, "job-total": 4, "max-parallel": 4},
    "needs": {"build": {"result": "success", "outputs": {"version": "1.2.3", "json": "[1,{\"x\":2}]"}},
              "test": {"result": "failure", "outputs": {}}},
    "jobs": {"build": {"result": "success", "outputs": {"a": "1"}}},
    "steps": {"checkout": {"outcome": "success", "conclusion": "success", "outputs": {"ref": "main"}},
              "build": {"outcome": "failure", "conclusion": "success", "outputs": {}}},
    "job": {"status": "success", "container": {"id": "c", "network": "n"},
            "services": {"redis": {"ports": {"6379": "49153"}}}},
    "runner": {"os": "Linux", "arch": "X64", "name": "r", "temp": "/tmp", "tool_cache": "/opt"}
  })");
  return contexts;
}

/// The context names of rich_contexts().
inline const std::vector<std::string>& rich_context_names() {
  static const std::vector<std::string> names = {"github", "env",    "vars",     "secrets",
                                                 "inputs", "matrix", "strategy", "needs",
                                                 "jobs",   "steps",  "job",      "runner"};
  return names;
}

}  // namespace pipewright_fuzz
