// Time zones for `schedule` entries with `timezone:` (include/pipewright/trigger/zone.hpp):
// TZif data of the IANA database (tests/data/trigger/zoneinfo, see its README), offsets,
// daylight saving time gaps and repeated hours, and cron fire times in a zone.
#include "pipewright/trigger/zone.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "pipewright/trigger/cron.hpp"
#include "test_support.hpp"

namespace trigger = pipewright::trigger;
namespace codes = pipewright::codes;
using namespace std::chrono;

namespace {

trigger::time_zone zone(const std::string& name) {
  const std::string bytes = pipewright::test::read_data("trigger/zoneinfo/" + name);
  EXPECT_FALSE(bytes.empty()) << name;
  auto z = trigger::time_zone::from_tzif(name, bytes);
  EXPECT_TRUE(z.ok()) << name << ": " << (z.ok() ? "" : z.first_error()->message);
  return z.ok() ? *z : trigger::time_zone();
}

sys_seconds utc_at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return sys_seconds(sys_days(year{y} / month{mo} / day{d})) + hours{h} + minutes{mi};
}

trigger::local_minutes wall(int y, unsigned mo, unsigned d, int h, int mi) {
  return trigger::local_minutes(
      (sys_days(year{y} / month{mo} / day{d}) + hours{h} + minutes{mi}).time_since_epoch());
}

std::string utc(trigger::sys_minutes t) {
  return trigger::format_utc(t);
}

std::vector<std::string> next(std::string_view expr, const trigger::time_zone& z, sys_seconds from,
                              std::size_t n) {
  auto c = trigger::cron::parse(expr);
  EXPECT_TRUE(c.ok()) << expr;
  std::vector<std::string> out;
  if (!c.ok()) return out;
  for (const auto t : c->next(floor<minutes>(from), n, z)) {
    out.push_back(trigger::format_local(t, z));
  }
  return out;
}

using list = std::vector<std::string>;

}  // namespace

TEST(TimeZone, OffsetsFollowTheDatabase) {
  const trigger::time_zone ny = zone("America/New_York");
  EXPECT_EQ(ny.name(), "America/New_York");
  EXPECT_EQ(ny.offset(utc_at(2026, 1, 15)), hours{-5});
  EXPECT_EQ(ny.offset(utc_at(2026, 7, 15)), hours{-4});
  // 2026-03-08 02:00 EST is 07:00 UTC: the switch to EDT.
  EXPECT_EQ(ny.offset(utc_at(2026, 3, 8, 6, 59)), hours{-5});
  EXPECT_EQ(ny.offset(utc_at(2026, 3, 8, 7, 0)), hours{-4});
  const trigger::time_zone berlin = zone("Europe/Berlin");
  EXPECT_EQ(berlin.offset(utc_at(2026, 1, 1)), hours{1});
  EXPECT_EQ(berlin.offset(utc_at(2026, 6, 1)), hours{2});
  // Southern hemisphere: summer time spans the new year.
  const trigger::time_zone sydney = zone("Australia/Sydney");
  EXPECT_EQ(sydney.offset(utc_at(2026, 1, 1)), hours{11});
  EXPECT_EQ(sydney.offset(utc_at(2026, 7, 1)), hours{10});
  EXPECT_TRUE(zone("UTC").is_utc());
  EXPECT_TRUE(trigger::time_zone().is_utc());
  EXPECT_FALSE(ny.is_utc());
}

TEST(TimeZone, AfterTheLastTransitionTheFootersRuleApplies) {
  // The files list transitions up to 2037; later instants follow the POSIX TZ footer.
  const trigger::time_zone ny = zone("America/New_York");
  EXPECT_EQ(ny.offset(utc_at(2040, 1, 15)), hours{-5});
  EXPECT_EQ(ny.offset(utc_at(2040, 7, 15)), hours{-4});
  // Second Sunday of March 2040 is the 11th: 02:00 EST = 07:00 UTC.
  EXPECT_EQ(ny.offset(utc_at(2040, 3, 11, 6, 59)), hours{-5});
  EXPECT_EQ(ny.offset(utc_at(2040, 3, 11, 7, 0)), hours{-4});
  // First Sunday of November 2040 is the 4th: 02:00 EDT = 06:00 UTC.
  EXPECT_EQ(ny.offset(utc_at(2040, 11, 4, 5, 59)), hours{-4});
  EXPECT_EQ(ny.offset(utc_at(2040, 11, 4, 6, 0)), hours{-5});
  const trigger::time_zone berlin = zone("Europe/Berlin");
  // Last Sunday of March 2045 is the 26th, at 01:00 UTC.
  EXPECT_EQ(berlin.offset(utc_at(2045, 3, 26, 0, 59)), hours{1});
  EXPECT_EQ(berlin.offset(utc_at(2045, 3, 26, 1, 0)), hours{2});
  const trigger::time_zone sydney = zone("Australia/Sydney");
  EXPECT_EQ(sydney.offset(utc_at(2045, 1, 1)), hours{11});
  EXPECT_EQ(sydney.offset(utc_at(2045, 7, 1)), hours{10});
}

TEST(TimeZone, WallClockTimesBecomeTheInstantsGitHubRuns) {
  const trigger::time_zone ny = zone("America/New_York");
  EXPECT_EQ(utc(ny.to_utc(wall(2026, 1, 15, 9, 30))), "2026-01-15T14:30Z");
  // 02:30 does not exist on 2026-03-08: the run happens at the jump, 03:00 EDT.
  EXPECT_EQ(utc(ny.to_utc(wall(2026, 3, 8, 2, 30))), "2026-03-08T07:00Z");
  // 01:30 happens twice on 2026-11-01: the first (EDT).
  EXPECT_EQ(utc(ny.to_utc(wall(2026, 11, 1, 1, 30))), "2026-11-01T05:30Z");
  EXPECT_EQ(utc(ny.to_utc(wall(2026, 11, 1, 2, 30))), "2026-11-01T07:30Z");
}

TEST(TimeZone, CronFieldsMatchTheZonesWallClock) {
  const trigger::time_zone ny = zone("America/New_York");
  // Across the spring-forward night: 02:30 is skipped on the 8th and runs at 03:00.
  EXPECT_EQ(next("30 2 * * *", ny, utc_at(2026, 3, 6, 12), 3),
            (list{"2026-03-07T02:30-05:00", "2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00"}));
  // Across the fall-back night: 01:30 runs once.
  EXPECT_EQ(next("30 1 * * *", ny, utc_at(2026, 10, 31, 12), 3),
            (list{"2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00", "2026-11-03T01:30-05:00"}));
  // Weekdays are the zone's: Monday 00:15 in Berlin is Sunday 23:15 UTC in winter.
  const trigger::time_zone berlin = zone("Europe/Berlin");
  auto c = trigger::cron::parse("15 0 * * MON");
  ASSERT_TRUE(c.ok());
  const auto times = c->next(floor<minutes>(utc_at(2026, 1, 1)), 1, berlin);
  ASSERT_EQ(times.size(), 1U);
  EXPECT_EQ(utc(times[0]), "2026-01-04T23:15Z");
  EXPECT_EQ(trigger::format_local(times[0], berlin), "2026-01-05T00:15+01:00");
  // UTC: the same times as without a zone.
  EXPECT_EQ(next("0 12 1 * *", trigger::time_zone(), utc_at(2026, 1, 1), 2),
            (list{"2026-01-01T12:00Z", "2026-02-01T12:00Z"}));
}

TEST(TimeZone, DataThatIsNotTzifIsAnErrorNeverACrash) {
  for (const std::string_view bad : {std::string_view(""), std::string_view("TZif"),
                                     std::string_view("not a time zone file at all, no")}) {
    auto z = trigger::time_zone::from_tzif("X/Y", bad);
    ASSERT_FALSE(z.ok());
    EXPECT_EQ(z.first_error()->code, codes::trigger_unknown_timezone);
  }
  // Every cut of a real file and every single-byte change: an error or a zone, no crash.
  const std::string bytes = pipewright::test::read_data("trigger/zoneinfo/Europe/Berlin");
  ASSERT_FALSE(bytes.empty());
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    auto z = trigger::time_zone::from_tzif("Europe/Berlin", std::string_view(bytes).substr(0, n));
    if (z.ok()) (void)z->offset(utc_at(2026, 1, 1));
  }
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::string changed = bytes;
    changed[i] = static_cast<char>(changed[i] ^ 0xA5);
    auto z = trigger::time_zone::from_tzif("Europe/Berlin", changed);
    if (z.ok()) {
      (void)z->offset(utc_at(2050, 1, 1));
      (void)z->to_utc(wall(2026, 3, 29, 2, 30));
    }
  }
}
