// Expressions in instructions (load-independent): compiles and evaluates six typical
// expressions REPS times, or (with a second argument) evaluates them compiled once.
// usage: expr_driver REPS [eval-only]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/value/json.hpp"
namespace pw = pipewright;
int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s\n", "expr_driver REPS [eval-only]");
    return 2;
  }
  const int reps = std::atoi(argv[1]);
  const bool eval_only = argc > 2;
  const char* texts[] = {"github.ref == 'refs/heads/main' && github.event_name == 'push'",
                         "contains(github.event.pull_request.labels.*.name, 'deploy') || "
                         "startsWith(github.ref, 'refs/tags/')",
                         "format('{0}-{1}', matrix.os, matrix.node) == 'ubuntu-latest-18'",
                         "fromJSON(needs.setup.outputs.matrix).include[0].os",
                         "toJSON(github.event.commits)",
                         "!(github.actor != 'octocat') && endsWith(github.ref, 'main')"};
  pw::expr::compile_options co;
  co.contexts = {"github", "matrix", "needs", "inputs", "vars", "env"};
  pw::value ctx =
      pw::json::parse(
          R"({"github":{"ref":"refs/heads/main","event_name":"push","actor":"octocat","event":{"pull_request":{"labels":[{"name":"a"},{"name":"deploy"}]},"commits":[{"id":"1","message":"m"},{"id":"2","message":"n"}]}},"matrix":{"os":"ubuntu-latest","node":18},"needs":{"setup":{"outputs":{"matrix":"{\"include\":[{\"os\":\"linux\"}]}"}}}})")
          .value();
  std::vector<pw::expr::expression> compiled;
  for (const char* t : texts) compiled.push_back(pw::expr::compile(t, co).value());
  std::size_t sum = 0;
  for (int i = 0; i < reps; ++i) {
    for (std::size_t k = 0; k < 6; ++k) {
      if (eval_only) {
        auto v = compiled[k].evaluate(ctx);
        sum += pw::expr::to_string(*v).size();
      } else {
        auto r = pw::expr::compile(texts[k], co);
        auto v = r->evaluate(ctx);
        sum += pw::expr::to_string(*v).size();
      }
    }
  }
  std::printf("%zu\n", sum);
}
