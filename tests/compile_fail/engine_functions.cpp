// basic_engine names its policy bundle's broken functions policy in plain English.
// expect: Policies::functions must be default-constructible
#include "pipewright/engine/engine.hpp"

struct wrong {
  int functions() const { return 0; }
};
struct broken : pipewright::engine::github_policies {
  using functions = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
