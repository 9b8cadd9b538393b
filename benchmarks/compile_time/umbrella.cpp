// The cost of the umbrella header alone: what every user of the whole library pays.
#include <pipewright/pipewright.hpp>

int main() {
  return 0;
}
