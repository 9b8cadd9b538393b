// A build tool embedding the engine: its own function (`artifactName()`), its own executor
// that runs legs on threads and finishes them out of order, and an observer that counts
// what happened. The statuses are checked against the engine's simulator.
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <pipewright/engine/engine.hpp>
#include <pipewright/static_/expression.hpp>

namespace pw = pipewright;

// The host's function set: artifactName('linux') is 'pkg-linux.tar.gz'. Its signatures let
// static_ check expressions calling it during compilation; make_functions binds the callable
// to them, so the runtime's name and arity are the same.
struct host_functions {
  static constexpr std::array<pw::expr::function_signature, 1> signatures{{{"artifactName", 1, 1}}};
  [[nodiscard]] std::vector<pw::expr::user_function> functions() const {
    return pw::expr::make_functions(signatures, [](std::span<const pw::value> args) {
      return pw::result<pw::value>::success(
          pw::value("pkg-" + pw::expr::to_string(args[0]) + ".tar.gz"), {});
    });
  }
};

// The publish condition, checked during compilation with the host's function (a misspelt
// name or a wrong argument count would not compile).
constexpr auto publish_if = pw::static_::expr<"artifactName('linux') == 'pkg-linux.tar.gz'",
                                              "jobs.<id>.if", host_functions>;

// The host's executor: each leg on a thread; a leg started later sleeps less, so legs finish
// in the reverse of their start order. The leg named "build (windows)" fails.
class thread_executor {
 public:
  thread_executor() = default;
  thread_executor(const thread_executor&) = delete;
  thread_executor& operator=(const thread_executor&) = delete;
  thread_executor(thread_executor&&) = delete;
  ~thread_executor() { join(); }

  void start(pw::schedule::leg_call call, std::stop_token, pw::schedule::leg_done done) {
    const int pause_ms = 40 - 10 * static_cast<int>(started_++ % 4);
    threads_.emplace_back([call = std::move(call), done = std::move(done), pause_ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
      pw::schedule::leg_outcome o;
      o.duration = 60;
      if (call.name == "build (windows)") o.result = pw::schedule::status::failure;
      if (call.job == "build") o.outputs = {{"artifact", pw::expr::to_string(call.matrix["os"])}};
      done(std::move(o));
    });
  }
  void join() {
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

 private:
  unsigned started_ = 0;
  std::vector<std::thread> threads_;
};

// Counts what the engine reports as it happens.
struct counter : pw::schedule::observer {
  int started = 0, finished = 0, skipped = 0;
  void on_start(const pw::schedule::leg_run&) override { ++started; }
  void on_finish(const pw::schedule::leg_run&) override { ++finished; }
  void on_skip(const pw::schedule::leg_run&) override { ++skipped; }
};

struct host_policies : pw::engine::github_policies {
  using functions = host_functions;
  using executor = thread_executor;
  using observer = counter;
};

// JSON is a YAML subset: this host reads workflows without the YAML adapter.
constexpr const char* workflow = R"json({
  "on": "push",
  "jobs": {
    "build": {
      "runs-on": "ubuntu-latest",
      "strategy": {"fail-fast": false, "matrix": {"os": ["linux", "windows", "macos"]}},
      "steps": [{"run": "make ${{ artifactName(matrix.os) }}"}]
    },
    "publish": {
      "needs": "build",
      "if": "artifactName('linux') == 'pkg-linux.tar.gz'",
      "runs-on": "ubuntu-latest",
      "steps": [{"run": "upload"}]
    },
    "report": {
      "needs": "build",
      "if": "always()",
      "runs-on": "ubuntu-latest",
      "steps": [{"run": "echo ${{ needs.build.result }}"}]
    }
  }
})json";

int main() {
  pw::engine::basic_engine<host_policies> engine;
  const pw::engine::loaded_workflow w = engine.load(workflow);
  if (!w.ok()) {
    std::puts(w.diagnostics.front().message.c_str());
    return 1;
  }
  auto plan = engine.plan(w.workflow);
  if (!plan) return 1;
  const pw::schedule::run_result ran = engine.run(w.workflow, *plan);
  engine.executor().join();

  // The simulator, told the same outcome, must agree on every status.
  pw::schedule::plan_options o;
  o.outcomes = {{"build (windows)", pw::schedule::status::failure}};
  auto simulated_plan = engine.plan(w.workflow, o);
  pw::engine::github_engine reference;
  const pw::schedule::run_result simulated = reference.simulate(*simulated_plan);

  for (const pw::schedule::leg_run& l : ran.legs) {
    std::printf("%-16s %s%s%s\n", ran.spec(plan->specs, l).name.c_str(),
                std::string(pw::schedule::status_name(l.result)).c_str(),
                l.reason.empty() ? "" : ": ", l.reason.c_str());
  }
  std::printf("conclusion: %s\n", std::string(pw::schedule::status_name(ran.conclusion)).c_str());
  std::printf("observer: %d started, %d finished, %d skipped\n", engine.observer().started,
              engine.observer().finished, engine.observer().skipped);
  bool agree = ran.job_results == simulated.job_results && ran.conclusion == simulated.conclusion;
  for (std::size_t i = 0; i < ran.legs.size(); ++i) {
    agree = agree && ran.legs[i].result == simulated.legs[i].result;
  }
  std::printf("statuses agree with the simulator: %s\n", agree ? "yes" : "no");
  const pw::expr::expression checked = publish_if;
  auto holds = checked.evaluate(pw::value::make_object());
  std::printf("checked at compile time: %s is %s\n", std::string(publish_if.text()).c_str(),
              holds && pw::expr::truthy(*holds) ? "true" : "false");
  return agree ? 0 : 1;
}
