// basic_engine names its policy bundle's broken workspace policy in plain English.
// expect: Policies::workspace must have
#include "pipewright/engine/engine.hpp"

struct wrong {
  bool hash_files() const { return false; }
};
struct broken : pipewright::engine::github_policies {
  using workspace = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
