// The matrix stage and the JSON reader in instructions (load-independent): parses a
// 4-axis matrix with include and exclude (88 legs) and expands it, REPS times; with a second
// argument, only parses it.
// usage: matrix_driver REPS [json-only]
#include <cstdio>
#include <cstdlib>
#include <string>
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"
namespace pw = pipewright;
int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s\n", "matrix_driver REPS [json-only]");
    return 2;
  }
  const int reps = std::atoi(argv[1]);
  const bool json_only = argc > 2;
  std::string text =
      R"({"os":["ubuntu-latest","windows-latest","macos-latest"],"node":[14,16,18,20],"py":["3.9","3.10","3.11","3.12"],"flag":[true,false],
    "include":[{"os":"ubuntu-latest","node":20,"experimental":true},{"os":"alpine","node":22}],
    "exclude":[{"os":"macos-latest","node":14},{"os":"windows-latest","py":"3.9"}]})";
  std::size_t sum = 0;
  for (int i = 0; i < reps; ++i) {
    auto m = pw::json::parse(text);
    if (json_only) {
      sum += m->as_object().size();
      continue;
    }
    pw::matrix::options o;
    o.job_name = "test";
    auto legs = pw::matrix::expand(*m, o);
    sum += legs->size() + legs->back().name.size();
  }
  std::printf("%zu\n", sum);
}
