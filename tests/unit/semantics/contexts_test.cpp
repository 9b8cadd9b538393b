#include "pipewright/semantics/contexts.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

namespace psc = pipewright::semantics;

static_assert(psc::allowed_contexts("jobs.<id>.if") != nullptr);
static_assert(psc::allowed_contexts("jobs.<id>.steps.if")->hash_files);
static_assert(psc::allowed_contexts("nope") == nullptr);
static_assert(psc::context_bits::of("github") == 1u);
static_assert(psc::context_bits::of("inputs") == (1u << 11));
static_assert(psc::context_bits::of("nope") == 0u);
static_assert(psc::context_bits::of_key("run-name") ==
              (psc::context_bits::of("github") | psc::context_bits::of("inputs") |
               psc::context_bits::of("vars")));

TEST(SemanticsContexts, OnlyJobIfPassesJobNamesToStatusFunctions) {
  for (const psc::key_availability& k : psc::availability_table) {
    EXPECT_EQ(k.status_function_args, k.key == "jobs.<id>.if") << k.key;
    EXPECT_TRUE(!k.status_function_args || k.status_functions) << k.key;
  }
}

TEST(SemanticsContexts, EveryRowNamesOnlyStandardContextsOnce) {
  for (const psc::key_availability& k : psc::availability_table) {
    std::uint32_t seen = 0;
    for (std::string_view c : k.contexts) {
      const std::uint32_t bit = psc::context_bits::of(c);
      EXPECT_NE(bit, 0u) << k.key << ": " << c;
      EXPECT_EQ(seen & bit, 0u) << k.key << ": " << c;
      seen |= bit;
    }
  }
}

TEST(SemanticsContexts, ContainerEnvHasNoStepsContext) {
  const std::uint32_t bits = psc::context_bits::of_key("jobs.<id>.container.env.<k>");
  EXPECT_EQ(bits & psc::context_bits::of("steps"), 0u);
  EXPECT_NE(bits & psc::context_bits::of("secrets"), 0u);
}
