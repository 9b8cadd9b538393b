// A consumer of pipewright: reads a small JSON text and prints it back in toJSON's layout.
// The packaging tests build this one file every way a project can get the library.
#include <cstdio>

#include "pipewright/pipewright.hpp"

int main() {
  const char* text = R"({"on": ["push", "pull_request"],
    "jobs": {"build": {"runs-on": "ubuntu-latest", "timeout-minutes": 30, "if": null}}})";
  pipewright::result<pipewright::value> doc = pipewright::json::parse(text);
  if (!doc) {
    std::fputs("consumer: the JSON text did not parse\n", stderr);
    return 1;
  }
  std::printf("pipewright %s\n%s\n", pipewright::version.text,
              pipewright::json::dump(*doc).c_str());
  return 0;
}
