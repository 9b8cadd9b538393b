// semantics::same_name: GitHub matches ids and context names ignoring ASCII case.
#include <gtest/gtest.h>

#include "pipewright/semantics/ids.hpp"

using pipewright::semantics::same_name;

static_assert(same_name("Build", "bUILD"));
static_assert(!same_name("build", "build2"));

TEST(SameName, IgnoresAsciiCaseOnly) {
  EXPECT_TRUE(same_name("Build-Linux_x64", "build-linux_X64"));
  EXPECT_TRUE(same_name("", ""));
  EXPECT_FALSE(same_name("test", "tests"));
  EXPECT_FALSE(same_name("a-b", "a_b"));
  // Longer than the short-key path's sixteen bytes.
  EXPECT_TRUE(same_name("A-Very-Long-Job-Identifier", "a-very-long-job-identifier"));
  EXPECT_FALSE(same_name("A-Very-Long-Job-Identifier", "a-very-long-job-identifiez"));
}
