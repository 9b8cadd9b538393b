// basic_engine refuses a function set whose signatures name a built-in (`Contains`, ignoring
// case): the runtime would call the built-in, never the host's function.
// expect: a name is a built-in function's
#include <array>
#include <vector>

#include "pipewright/engine/engine.hpp"

struct shadowing {
  static constexpr std::array<pipewright::expr::function_signature, 1> signatures{
      {{"Contains", 2, 2}}};
  std::vector<pipewright::expr::user_function> functions() const { return {}; }
};
struct host : pipewright::engine::github_policies {
  using functions = shadowing;
};

int main() {
  pipewright::engine::basic_engine<host> e;
  (void)e;
  return 0;
}
