// The README's C++ quick start is the program examples/readme_quickstart.cpp, which the
// example tests compile and run; this test keeps the two in step.
#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

TEST(Readme, QuickStartIsTheCompiledExample) {
  const std::string readme = pipewright::test::read_source("README.md");
  const std::string example = pipewright::test::read_source("examples/readme_quickstart.cpp");
  ASSERT_FALSE(readme.empty());
  ASSERT_FALSE(example.empty());
  const std::size_t open = readme.find("```cpp\n");
  ASSERT_NE(open, std::string::npos);
  const std::size_t body = open + 7;
  const std::size_t close = readme.find("```", body);
  ASSERT_NE(close, std::string::npos);
  const std::string block = readme.substr(body, close - body);
  // The example starts with a one-line comment the README leaves out.
  const std::string code = example.substr(example.find('\n') + 1);
  EXPECT_EQ(block, code);
}
