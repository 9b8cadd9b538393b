// basic_engine names its policy bundle's broken equality policy in plain English.
// expect: Policies::equality must be callable
#include "pipewright/engine/engine.hpp"

struct wrong {};
struct broken : pipewright::engine::github_policies {
  using equality = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
