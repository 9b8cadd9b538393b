// basic_engine names its policy bundle's broken loader policy in plain English.
// expect: Policies::loader must be default-constructible
#include "pipewright/engine/engine.hpp"

struct wrong {
  int load(int) const { return 0; }
};
struct broken : pipewright::engine::github_policies {
  using loader = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
