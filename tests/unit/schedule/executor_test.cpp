// The asynchronous executor (execute_async): legs start and the scheduler keeps going while
// they run; completions arrive out of order and from other threads; fail-fast, a cancelled
// run and the running-leg limit reach running legs. Statuses are checked against the
// synchronous executor (execute), which runs on the simulator's clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pipewright/schedule/callback.hpp"
#include "pipewright/yaml/workflow.hpp"

using namespace pipewright;
using namespace pipewright::schedule;

namespace {

// Jobs whose statuses do not depend on which of two running legs ends first: a diamond, a
// failure with always() / failure() dependants, job-level continue-on-error, a matrix
// without fail-fast, a condition on an output produced at run time.
const char* const async_workflow_text = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    outputs:
      go: ${{ steps.x.outputs.go }}
    steps: [{id: x, run: echo}]
  b:
    needs: a
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        n: [1, 2, 3, 4]
    steps: [{run: echo}]
  c:
    needs: a
    if: needs.a.outputs.go == 'yes'
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  d:
    needs: [b, c]
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  e:
    needs: d
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  f:
    needs: d
    if: failure()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  g:
    needs: a
    continue-on-error: true
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  h:
    needs: g
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)";

// How a leg ends in the scenarios below.
leg_outcome outcome_of(const leg_call& c, bool b3_fails, bool g_fails) {
  leg_outcome o;
  o.duration = 10.0 + static_cast<double>(c.leg);
  if (c.job == "a") o.outputs = {{"go", "yes"}};
  if (c.job == "b" && c.leg == 2 && b3_fails) o.result = status::failure;
  if (c.job == "g" && g_fails) o.result = status::failure;
  return o;
}

// Completes each leg on a thread of its own after a random pause: completions arrive out
// of start order, from threads other than the scheduler's.
class threaded_executor {
 public:
  threaded_executor(bool b3_fails, bool g_fails, unsigned seed)
      : b3_fails_(b3_fails), g_fails_(g_fails), rng_(seed) {}
  threaded_executor(const threaded_executor&) = delete;
  threaded_executor& operator=(const threaded_executor&) = delete;
  ~threaded_executor() { join(); }

  void start(leg_call c, std::stop_token /*stop*/, leg_done done) {
    const int pause = std::uniform_int_distribution<int>(0, 3000)(rng_);
    ++started;
    threads_.emplace_back([this, c = std::move(c), done = std::move(done), pause] {
      std::this_thread::sleep_for(std::chrono::microseconds(pause));
      const int now = ++running;
      int seen = max_running.load();
      while (now > seen && !max_running.compare_exchange_weak(seen, now)) {
      }
      leg_outcome o = outcome_of(c, b3_fails_, g_fails_);
      --running;
      done(std::move(o));
    });
  }
  void join() {
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  std::atomic<int> started{0};
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};

 private:
  bool b3_fails_;
  bool g_fails_;
  std::mt19937 rng_;
  std::vector<std::thread> threads_;
};

std::vector<status> leg_results(const run_result& r) {
  std::vector<status> out;
  for (const leg_run& l : r.legs) out.push_back(l.result);
  return out;
}

}  // namespace

TEST(AsyncExecutor, OutOfOrderCompletionsGiveTheSynchronousStatuses) {
  auto wf = yaml::load_workflow(async_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  static_assert(executor<threaded_executor>);
  int scenarios = 0;
  for (const bool b3_fails : {false, true}) {
    for (const bool g_fails : {false, true}) {
      auto sync = [&](const leg_call& c) { return outcome_of(c, b3_fails, g_fails); };
      const run_result want = execute(*wf, *p, sync);
      for (unsigned seed = 1; seed <= 5; ++seed) {
        threaded_executor host(b3_fails, g_fails, seed);
        const run_result got = execute_async(*wf, *p, host);
        host.join();
        EXPECT_EQ(got.job_results, want.job_results) << b3_fails << g_fails << seed;
        EXPECT_EQ(leg_results(got), leg_results(want)) << b3_fails << g_fails << seed;
        EXPECT_EQ(got.conclusion, want.conclusion);
        ++scenarios;
      }
    }
  }
  EXPECT_EQ(scenarios, 20);
  // The scenario with b (3) failing: d is skipped, e runs (always), f runs (failure()).
  threaded_executor host(true, false, 9);
  const run_result r = execute_async(*wf, *p, host);
  host.join();
  ASSERT_EQ(r.job_results.size(), 8U);
  EXPECT_EQ(r.job_results[1], status::failure);  // b
  EXPECT_EQ(r.job_results[2], status::success);  // c: its if: read a's run-time output
  EXPECT_EQ(r.job_results[3], status::skipped);  // d
  EXPECT_EQ(r.job_results[4], status::success);  // e: always()
  EXPECT_EQ(r.job_results[5], status::success);  // f: failure()
  EXPECT_EQ(r.job_results[7], status::success);  // h: g's failure had continue-on-error
}

TEST(AsyncExecutor, LegsRunAtTheSameTimeUpToTheLimit) {
  auto wf = yaml::load_workflow(async_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  // Holds each leg of b until `wanted` legs are running at once (or `patience` passed), so
  // the test sees whether the scheduler started them together.
  struct gate_executor {
    int wanted = 0;
    std::chrono::milliseconds patience{2000};
    std::mutex m;
    std::condition_variable cv;
    int running = 0;
    int max_running = 0;
    std::vector<std::thread> threads;
    void start(leg_call c, std::stop_token, leg_done done) {
      threads.emplace_back([this, c = std::move(c), done = std::move(done)] {
        {
          std::unique_lock<std::mutex> lock(m);
          ++running;
          max_running = std::max(max_running, running);
          cv.notify_all();
          if (c.job == "b") cv.wait_for(lock, patience, [this] { return running >= wanted; });
        }
        leg_outcome o = outcome_of(c, false, false);
        {
          const std::lock_guard<std::mutex> lock(m);
          --running;
        }
        done(std::move(o));
      });
    }
    ~gate_executor() {
      for (std::thread& t : threads) t.join();
    }
  };
  {
    gate_executor host;
    host.wanted = 4;  // b's four legs
    const run_result r = execute_async(*wf, *p, host);
    EXPECT_EQ(r.conclusion, status::success);
    EXPECT_GE(host.max_running, 4);
  }
  {
    gate_executor host;
    host.wanted = 3;  // never reached under the limit: each pair waits out its patience
    host.patience = std::chrono::milliseconds(200);
    simulate_options o;
    o.max_running = 2;
    const run_result r = execute_async(*wf, *p, host, o);
    EXPECT_EQ(r.conclusion, status::success);
    EXPECT_EQ(host.max_running, 2);
  }
}

TEST(AsyncExecutor, FailFastStopsTheRunningLegs) {
  auto wf = yaml::load_workflow(R"(on: push
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2, 3]
    steps: [{run: echo}]
  after:
    needs: test
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)");
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  // Leg 0 fails as soon as the others run; the others run until they are stopped.
  struct stoppable {
    std::vector<std::thread> threads;
    std::atomic<int> stopped{0};
    std::atomic<int> started{0};
    std::vector<std::string> order;  // `after` must start only once every test leg ended
    std::mutex m;
    void start(leg_call c, std::stop_token stop, leg_done done) {
      ++started;
      {
        const std::lock_guard<std::mutex> lock(m);
        order.push_back("start " + c.name);
      }
      threads.emplace_back([this, c = std::move(c), stop, done = std::move(done)] {
        leg_outcome o;
        o.duration = 5;
        if (c.job == "test" && c.leg == 0) {
          while (started.load() < 3) std::this_thread::yield();
          o.result = status::failure;
        } else if (c.job == "test") {
          while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          ++stopped;
          o.result = status::cancelled;
        }
        {
          const std::lock_guard<std::mutex> lock(m);
          order.push_back("end " + c.name);
        }
        done(std::move(o));
      });
    }
    ~stoppable() {
      for (std::thread& t : threads) t.join();
    }
  } host;
  const run_result r = execute_async(*wf, *p, host);
  for (std::thread& t : host.threads) t.join();
  host.threads.clear();
  EXPECT_EQ(host.stopped.load(), 2);
  ASSERT_EQ(r.legs.size(), 4U);
  EXPECT_EQ(r.legs[0].result, status::failure);
  EXPECT_EQ(r.legs[1].result, status::cancelled);
  EXPECT_EQ(r.legs[2].result, status::cancelled);
  EXPECT_EQ(r.legs[1].reason, "fail-fast: 'test (1)' failed");
  EXPECT_EQ(r.job_results[0], status::failure);
  EXPECT_EQ(r.job_results[1], status::success);  // after: always()
  ASSERT_EQ(host.order.size(), 8U);
  EXPECT_EQ(host.order[6], "start after");  // only once the stopped legs reported
}

TEST(AsyncExecutor, ACancelledRunStopsRunningLegsAndStillRunsAlwaysJobs) {
  auto wf = yaml::load_workflow(R"(on: push
jobs:
  long:
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  later:
    needs: long
    runs-on: ubuntu-latest
    steps: [{run: echo}]
  cleanup:
    needs: long
    if: always()
    runs-on: ubuntu-latest
    steps: [{run: echo}]
)");
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  std::stop_source cancel;
  struct host_t {
    std::stop_source* cancel = nullptr;
    std::vector<std::thread> threads;
    void start(leg_call c, std::stop_token stop, leg_done done) {
      threads.emplace_back([this, c = std::move(c), stop, done = std::move(done)] {
        leg_outcome o;
        o.duration = 1;
        if (c.job == "long") {
          cancel->request_stop();  // "Cancel workflow" while it runs
          while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          o.result = status::cancelled;
        }
        done(std::move(o));
      });
    }
    ~host_t() {
      for (std::thread& t : threads) t.join();
    }
  } host;
  host.cancel = &cancel;
  simulate_options o;
  o.stop = cancel.get_token();
  const run_result r = execute_async(*wf, *p, host, o);
  EXPECT_EQ(r.job_results[0], status::cancelled);
  EXPECT_EQ(r.job_results[1], status::skipped);
  EXPECT_EQ(r.job_results[2], status::success);
  EXPECT_EQ(r.conclusion, status::cancelled);
}

TEST(AsyncExecutor, TheSynchronousAdapterMatchesExecute) {
  auto wf = yaml::load_workflow(async_workflow_text);
  ASSERT_TRUE(wf.ok());
  auto p = make_plan(*wf);
  ASSERT_TRUE(p.ok());
  auto f = [](const leg_call& c) { return outcome_of(c, true, true); };
  sync_executor<decltype(f)> adapter{f};
  static_assert(executor<decltype(adapter)>);
  const run_result got = execute_async(*wf, *p, adapter);
  const run_result want = execute(*wf, *p, f);
  EXPECT_EQ(leg_results(got), leg_results(want));
  EXPECT_EQ(got.makespan, want.makespan);
  for (std::size_t i = 0; i < got.legs.size(); ++i) {
    EXPECT_EQ(got.legs[i].start, want.legs[i].start) << i;
    EXPECT_EQ(got.legs[i].end, want.legs[i].end) << i;
  }
}
