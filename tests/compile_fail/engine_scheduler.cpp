// basic_engine names its policy bundle's broken scheduler policy in plain English.
// expect: Policies::scheduler must have
#include "pipewright/engine/engine.hpp"

struct wrong {
  bool before(int, int) const { return false; }
};
struct broken : pipewright::engine::github_policies {
  using scheduler = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
