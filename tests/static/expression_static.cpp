// Compile-time-checked expressions: compiling this file is the test.
#include "pipewright/static_/expression.hpp"

namespace {
namespace st = pipewright::static_;

constexpr auto on_main = st::expr<"github.ref == 'refs/heads/main'">;
static_assert(on_main.text() == "github.ref == 'refs/heads/main'");
static_assert(on_main.key().empty());
constexpr auto os = st::expr<"matrix.os", "jobs.<id>.runs-on">;
static_assert(os.key() == "jobs.<id>.runs-on");

static_assert(st::is_valid("success() && contains(github.event.head_commit.message, '[ci]')"));
static_assert(!st::is_valid("github.ref =="));
static_assert(!st::is_valid("nosuch.context"));
static_assert(!st::is_valid("toJSON(1, 2)"));
static_assert(st::is_valid("matrix.os", "jobs.<id>.runs-on"));
static_assert(!st::is_valid("secrets.token", "jobs.<id>.runs-on"));
static_assert(st::is_valid("always()", "jobs.<id>.steps.if"));
static_assert(!st::is_valid("always()", "jobs.<id>.steps.run"));

}  // namespace
