// basic_engine names its policy bundle's broken observer policy in plain English.
// expect: Policies::observer must derive from schedule::observer
#include "pipewright/engine/engine.hpp"

struct wrong {
  void on_start() {}
};
struct broken : pipewright::engine::github_policies {
  using observer = wrong;
};

int main() {
  pipewright::engine::basic_engine<broken> e;
  (void)e;
  return 0;
}
