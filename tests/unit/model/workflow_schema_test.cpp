// Tests of include/pipewright/model/workflow_schema.hpp: the table is whole. (This check was a
// static_assert in the header; it runs here so that including the header costs no
// constant evaluation.)
#include "pipewright/model/workflow_schema.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace {

namespace ws = pipewright::model::schema;

TEST(WorkflowSchema, EveryReferencedNameIsDefined) {
  EXPECT_TRUE(ws::references_resolve(ws::workflow_defs::table));
}

TEST(WorkflowSchema, ReferencesResolveFindsAnUndefinedName) {
  constexpr ws::property props[] = {{"on", "no-such-definition", true}};
  const ws::definition defs[] = {ws::mapping_def("root", props), ws::string_def("string")};
  EXPECT_FALSE(ws::references_resolve(defs));
  const ws::definition fixed[] = {ws::mapping_def("root", props),
                                  ws::string_def("no-such-definition")};
  EXPECT_TRUE(ws::references_resolve(fixed));
}

}  // namespace
