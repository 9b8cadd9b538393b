// Prints the YAML of tests/static/fields_definition.hpp, for GitHub's parser
// (ctest static.workflow_parser_accepts_fields).
#include <cstdio>
#include <string>

#include "../fields_definition.hpp"
#include "pipewright/static_/convert.hpp"

int main() {
  const std::string yaml = pipewright::static_::to_yaml(pipewright_test::fields_workflow);
  return std::fputs(yaml.c_str(), stdout) < 0 ? 1 : 0;
}
