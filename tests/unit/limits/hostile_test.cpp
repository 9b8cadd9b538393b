// Hostile inputs under resource limits: each input runs in a forked child with an
// address-space limit (1 GiB; skipped under sanitizers, which reserve terabytes of virtual
// memory) and a CPU limit (20 s) plus a wall-clock alarm (60 s). The parent checks that the
// child exited normally and printed the expected diagnostic code, i.e. that the library
// stopped the input with its limit instead of being killed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hostile_inputs.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/yaml/workflow.hpp"
#include "pipewright/yaml/yaml.hpp"

namespace pw = pipewright;
namespace codes = pipewright::codes;
using pipewright_limits::codes_of;

namespace {

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define PIPEWRIGHT_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PIPEWRIGHT_TEST_SANITIZED 1
#endif

#ifdef PIPEWRIGHT_TEST_SANITIZED
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif

constexpr rlim_t address_space_limit = rlim_t{1} << 30;  // 1 GiB
constexpr rlim_t cpu_seconds = 20;
constexpr unsigned wall_seconds = 60;

struct outcome {
  bool exited = false;
  int exit_code = -1;
  int signal = 0;
  std::string output;
  double seconds = 0;
};

/// Runs `body` in a child under the limits; what it returns is the child's output. An
/// exception escaping `body` ends the child with status 4.
outcome run_limited(const std::function<std::string()>& body, rlim_t cpu_limit = cpu_seconds) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return {};
  if (pid == 0) {
    close(fds[0]);
    if (!sanitized) {
      const rlimit as{address_space_limit, address_space_limit};
      setrlimit(RLIMIT_AS, &as);
    }
    const rlimit cpu{cpu_limit, cpu_limit + 1};
    setrlimit(RLIMIT_CPU, &cpu);
    alarm(wall_seconds);
    std::string out;
    try {
      out = body();
    } catch (...) {
      _exit(4);
    }
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) _exit(3);
      done += static_cast<std::size_t>(n);
    }
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  outcome o;
  char buf[4096];
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    o.output.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  o.exited = WIFEXITED(status);
  o.exit_code = o.exited ? WEXITSTATUS(status) : -1;
  o.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  return o;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += x + " ";
  return s;
}

std::string eval(const std::string& text) {
  pw::expr::compile_options co;
  co.contexts = {"github"};
  auto e = pw::expr::compile(text, co);
  if (!e) return joined(codes_of(e.diagnostics()));
  auto v = e->evaluate(pw::value());
  return v ? std::string("ok") : joined(codes_of(v.diagnostics()));
}

std::string workflow(const std::string& text) {
  return joined(codes_of(pw::yaml::load_workflow_report(text).diagnostics));
}

struct hostile_case {
  const char* name;
  std::function<std::string()> run;
  std::string expected;  // a diagnostic code, or a marker the child prints
};

std::vector<hostile_case> cases() {
  using namespace pipewright_limits;
  return {
      {"yaml billion laughs",
       [] { return joined(codes_of(pw::yaml::load(billion_laughs()).diagnostics())); },
       std::string(codes::yaml_alias_limit)},
      {"yaml nested 100000 deep",
       [] { return joined(codes_of(pw::yaml::load(nested_brackets(100'000)).diagnostics())); },
       std::string(codes::yaml_depth_limit)},
      {"yaml 64 MiB text", [] { return workflow(std::string(64u << 20, '#')); },
       std::string(codes::yaml_size_limit)},
      {"json nested 1000000 deep",
       [] { return joined(codes_of(pw::json::parse(nested_brackets(1'000'000)).diagnostics())); },
       std::string(codes::json_depth_limit)},
      {"expression 100000 characters", [] { return eval(long_expression(100'000)); },
       std::string(codes::expr_max_length)},
      {"expression 21001 characters", [] { return eval(long_expression(21'001)); },
       std::string(codes::expr_max_length)},
      {"expression nested 6000 deep", [] { return eval(nested_expression(6'000)); },
       std::string(codes::expr_max_depth)},
      {"format() bomb 10^12", [] { return eval(format_bomb(12)); },
       std::string(codes::expr_memory_limit)},
      {"join() bomb", [] { return eval(join_bomb(6)); }, std::string(codes::expr_memory_limit)},
      {"toJSON() bomb", [] { return eval(tojson_bomb()); }, std::string(codes::expr_memory_limit)},
      {"matrix 2^40 legs with GitHub's limits",
       [] {
         auto s = pw::matrix::compile(pw::json::parse_or_throw(wide_matrix(40)));
         return joined(codes_of(s.diagnostics()));
       },
       std::string(codes::matrix_too_large)},
      {"matrix 2^30 legs with the 256 leg limit",
       [] {
         auto s = pw::matrix::compile(pw::json::parse_or_throw(wide_matrix(30)));
         return joined(codes_of(s.diagnostics()));
       },
       std::string(codes::matrix_too_many_legs)},
      {"matrix 2^60 legs, limit lifted, 5 legs streamed",
       [] {
         auto s = pw::matrix::compile(pw::json::parse_or_throw(wide_matrix(60)), {},
                                      pw::matrix::unlimited{});
         if (!s) return joined(codes_of(s.diagnostics()));
         std::uint64_t seen = 0;
         s->for_each([&](const pw::matrix::leg_view& leg) {
           (void)leg.name();
           return ++seen < 5;
         });
         return "streamed " + std::to_string(seen) + " of " + std::to_string(s->count());
       },
       "streamed 5 of 1152921504606846976"},
      {"matrix 2^30 legs, 70 excludes + 70 includes, unlimited",
       [] {
         auto s = pw::matrix::compile(pw::json::parse_or_throw(wide_matrix_with_rules(30, 70)), {},
                                      pw::matrix::unlimited{});
         if (!s) return joined(codes_of(s.diagnostics()));
         return std::string(s->counted_without_enumerating() ? "counted " : "streamed ") +
                std::to_string(s->count());
       },
       "counted "},
      {"10000 jobs", [] { return workflow(many_jobs(10'000)); },
       std::string(codes::model_job_limit)},
      {"needs fan-in of 5000", [] { return workflow(needs_fan_in(5'000)); },
       std::string(codes::graph_needs_limit)},
      {"needs fan-in of 900", [] { return workflow(needs_fan_in(900)); },
       std::string(codes::graph_needs_limit)},
  };
}

}  // namespace

TEST(Hostile, EveryInputEndsWithItsDiagnosticWithinTheLimits) {
  if (sanitized) {
    std::printf(
        "[ hostile  ] built with a sanitizer: the 1 GiB address-space limit is skipped "
        "(the CPU and wall-clock limits still apply)\n");
  }
  for (const hostile_case& c : cases()) {
    const outcome o = run_limited(c.run);
    std::printf("[ hostile  ] %-50s %6.2fs  %s\n", c.name, o.seconds, o.output.c_str());
    EXPECT_TRUE(o.exited) << c.name << ": killed by signal " << o.signal;
    EXPECT_EQ(o.exit_code, 0) << c.name;
    EXPECT_NE(o.output.find(c.expected), std::string::npos)
        << c.name << ": expected " << c.expected << ", got '" << o.output << "'";
  }
}

TEST(Hostile, TheHarnessStopsAChildThatRunsTooLong) {
  // Positive control for the CPU limit: a busy loop is killed (SIGXCPU or SIGKILL).
  const outcome o = run_limited(
      []() -> std::string {
        volatile std::uint64_t n = 0;
        for (;;) n = n + 1;
      },
      1);
  EXPECT_FALSE(o.exited);
  EXPECT_TRUE(o.signal == SIGXCPU || o.signal == SIGKILL) << "signal " << o.signal;
}

TEST(Hostile, TheHarnessStopsAChildThatAllocatesTooMuch) {
  // Positive control for the address-space limit: allocating without bound fails (the
  // child ends with status 4, std::bad_alloc) instead of succeeding.
  if (sanitized) GTEST_SKIP() << "no address-space limit under sanitizers";
  const outcome o = run_limited([]() -> std::string {
    std::vector<std::unique_ptr<char[]>> hog;
    for (;;) hog.emplace_back(new char[std::size_t{64} << 20]);
  });
  EXPECT_TRUE(o.exited);
  EXPECT_EQ(o.exit_code, 4);
}
