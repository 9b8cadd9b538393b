// basic_engine names a function set whose `signatures` is not an array of
// expr::function_signature.
// expect: Policies::functions::signatures must be a `static constexpr
#include <vector>

#include "pipewright/engine/engine.hpp"

struct odd {
  static constexpr int signatures = 3;
  std::vector<pipewright::expr::user_function> functions() const { return {}; }
};
struct host : pipewright::engine::github_policies {
  using functions = odd;
};

int main() {
  pipewright::engine::basic_engine<host> e;
  (void)e;
  return 0;
}
