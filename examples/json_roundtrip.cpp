// Reads a GitHub event payload, looks a few things up and prints it in toJSON's layout.
#include <cstdio>
#include <string>

#include "pipewright/pipewright.hpp"

int main() {
  const char* payload = R"({"ref": "refs/heads/main",
    "repository": {"full_name": "octo-org/octo-repo", "Private": false},
    "commits": [{"id": "6113728f", "message": "Fix the build\n\nDetails"}]})";

  pipewright::result<pipewright::value> event = pipewright::json::parse(payload);
  if (!event) {
    std::fputs(pipewright::render_all(event.diagnostics(), payload, "event.json").c_str(), stderr);
    return 1;
  }
  const pipewright::value& e = *event;
  // Object keys are looked up case-insensitively, as GitHub's contexts are.
  std::printf("ref: %s\n", std::string(e["ref"].as_string()).c_str());
  std::printf("private: %s\n", e["repository"]["private"].as_bool() ? "true" : "false");
  std::printf("first commit: %s\n", std::string(e["commits"][0]["id"].as_string()).c_str());
  std::printf("%s\n", pipewright::json::dump(e["commits"]).c_str());

  // Malformed input is a diagnostic, never an exception or a crash.
  const char* broken = "{\"ref\": \"refs/heads/main\",}";
  pipewright::result<pipewright::value> bad = pipewright::json::parse(broken);
  std::fputs(pipewright::render_all(bad.diagnostics(), broken, "broken.json").c_str(), stdout);
  return 0;
}
