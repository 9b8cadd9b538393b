// Positive control for the engine_* cases: a host bundle that replaces every policy with a
// valid one compiles with the same command.
#include "pipewright/engine/engine.hpp"

struct host_functions {
  std::vector<pipewright::expr::user_function> functions() const { return {}; }
};
struct flat_billing {
  double multiplier(std::string_view) const { return 1; }
};
struct host : pipewright::engine::github_policies {
  using functions = host_functions;
  using limit = pipewright::matrix::unlimited;
  using scheduler = pipewright::schedule::fifo;
  using billing = flat_billing;
};

int main() {
  pipewright::engine::basic_engine<host> e;
  return e.load("{}").ok() ? 1 : 0;
}
