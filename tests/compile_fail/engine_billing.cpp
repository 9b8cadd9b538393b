// basic_engine names its policy bundle's broken billing policy in plain English.
// expect: Policies::billing must have
#include "pipewright/engine/engine.hpp"

struct wrong {
  int price() const { return 1; }
};
struct broken : pipewright::engine::github_policies {
  using billing = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
