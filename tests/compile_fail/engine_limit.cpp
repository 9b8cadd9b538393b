// basic_engine names its policy bundle's broken limit policy in plain English.
// expect: Policies::limit must have
#include "pipewright/engine/engine.hpp"

struct wrong {
  int max_legs() const { return 1; }
};
struct broken : pipewright::engine::github_policies {
  using limit = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
