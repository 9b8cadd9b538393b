// The README's quick start, compiled and checked by the tests.
#include <cstdio>
#include <pipewright/pipewright.hpp>

int main() {
  const char* payload =
      R"({"ref": "refs/heads/main", "Repository": {"full_name": "octo-org/octo-repo"}})";
  pipewright::result<pipewright::value> event = pipewright::json::parse(payload);
  if (!event) {  // bad input is a diagnostic, never an exception or a crash
    std::fputs(pipewright::render_all(event.diagnostics(), payload, "event.json").c_str(), stderr);
    return 1;
  }
  // Keys are case-insensitive, as in GitHub's contexts; toJSON's exact layout:
  std::puts(pipewright::json::dump((*event)["repository"]).c_str());
}
