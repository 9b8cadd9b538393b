// Baseline for measure.sh: the same header as pipeline_100.cpp, no definition.
#include "pipewright/static_/workflow.hpp"

int main() {
  return 0;
}
