// export_::to_chrome_trace: the expected document is written by hand from the timeline
// (two build legs at 0, smoke and deploy when build ends at 60 s, notify skipped).
#include "pipewright/export/trace.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipewright/schedule/simulate.hpp"
#include "pipewright/value/json.hpp"

using namespace pipewright;
using namespace pipewright::schedule;

namespace {

job_spec make_job(std::string id, std::vector<std::uint32_t> needs, std::vector<leg_spec> legs) {
  job_spec j;
  j.id = std::move(id);
  j.needs = std::move(needs);
  j.legs = std::move(legs);
  return j;
}

}  // namespace

TEST(ChromeTrace, OneCompleteEventPerLegWithPoolsAsProcessesAndSlotsAsThreads) {
  const std::vector<job_spec> jobs{
      make_job(
          "build", {},
          {leg_spec("build (a)", "ubuntu-latest", 60), leg_spec("build (b)", "ubuntu-latest", 30)}),
      make_job("smoke", {0}, {leg_spec("smoke", "ubuntu-latest", 20)}),
      make_job("deploy", {0}, {leg_spec("deploy \"prod\"", "macos-latest", 10, status::failure)}),
      make_job("notify", {2}, {leg_spec("notify", "ubuntu-latest", 5)})};
  const run_result r = simulate(jobs);
  // clang-format off
  const std::string expected =
      R"json({"traceEvents":[
{"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"ubuntu-latest"}},
{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"slot 1"}},
{"name":"build (a)","cat":"build","ph":"X","ts":0,"dur":60000000,"pid":1,"tid":1,"args":{"job":"build","status":"success"}},
{"name":"thread_name","ph":"M","pid":1,"tid":2,"args":{"name":"slot 2"}},
{"name":"build (b)","cat":"build","ph":"X","ts":0,"dur":30000000,"pid":1,"tid":2,"args":{"job":"build","status":"success"}},
{"name":"smoke","cat":"smoke","ph":"X","ts":60000000,"dur":20000000,"pid":1,"tid":1,"args":{"job":"smoke","status":"success"}},
{"name":"process_name","ph":"M","pid":2,"tid":0,"args":{"name":"macos-latest"}},
{"name":"thread_name","ph":"M","pid":2,"tid":1,"args":{"name":"slot 1"}},
{"name":"deploy \"prod\"","cat":"deploy","ph":"X","ts":60000000,"dur":10000000,"pid":2,"tid":1,"args":{"job":"deploy","status":"failure"}}
],"displayTimeUnit":"ms"}
)json";
  // clang-format on
  const std::string trace = export_::to_chrome_trace(jobs, r);
  EXPECT_EQ(trace, expected);
  EXPECT_TRUE(json::parse(trace).ok());
}

TEST(ChromeTrace, ARunWhereNothingRanIsAnEmptyTrace) {
  std::vector<job_spec> jobs{make_job("a", {}, {leg_spec("a", "", 10)})};
  jobs[0].condition = [](const condition_view&) { return false; };
  const run_result r = simulate(jobs);
  EXPECT_EQ(export_::to_chrome_trace(jobs, r), "{\"traceEvents\":[],\"displayTimeUnit\":\"ms\"}\n");
  // Mismatched specs never read out of range.
  EXPECT_EQ(export_::to_chrome_trace(
                std::span<const job_spec>(),
                simulate(std::vector<job_spec>{make_job("b", {}, {leg_spec("b", "", 1)})})),
            "{\"traceEvents\":[],\"displayTimeUnit\":\"ms\"}\n");
}
