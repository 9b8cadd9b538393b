// basic_engine names its policy bundle's broken executor policy in plain English.
// expect: Policies::executor must have
#include "pipewright/engine/engine.hpp"

struct wrong {
  void run() {}
};
struct broken : pipewright::engine::github_policies {
  using executor = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
