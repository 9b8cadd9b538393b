// Cron expressions: GitHub's syntax, limits and the next fire times (SEMANTICS.md §6.7).
#include "pipewright/trigger/cron.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace trigger = pipewright::trigger;
namespace codes = pipewright::codes;
using namespace std::chrono;

namespace {

trigger::sys_minutes at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return trigger::sys_minutes(sys_days(year{y} / month{mo} / day{d})) + hours{h} + minutes{mi};
}

std::vector<std::string> next(std::string_view expr, trigger::sys_minutes from, std::size_t n) {
  auto c = trigger::cron::parse(expr);
  EXPECT_TRUE(c.ok()) << expr << ": " << (c.ok() ? "" : c.first_error()->message);
  std::vector<std::string> out;
  if (!c.ok()) return out;
  for (const auto t : c->next(from, n)) out.push_back(trigger::format_utc(t));
  return out;
}

std::string cron_error(std::string_view expr) {
  auto c = trigger::cron::parse(expr);
  EXPECT_FALSE(c.ok()) << expr;
  if (c.ok()) return {};
  EXPECT_EQ(c.first_error()->code, codes::trigger_invalid_cron);
  return c.first_error()->message;
}

}  // namespace

TEST(TriggerCron, WeekdaysAtFiveThirty) {
  // 2024-03-01 is a Friday.
  EXPECT_EQ(
      next("30 5 * * 1-5", at(2024, 3, 1), 3),
      (std::vector<std::string>{"2024-03-01T05:30Z", "2024-03-04T05:30Z", "2024-03-05T05:30Z"}));
}

TEST(TriggerCron, NextIsStrictlyAfterTheStart) {
  EXPECT_EQ(next("30 5 * * *", at(2024, 3, 1, 5, 30), 1),
            (std::vector<std::string>{"2024-03-02T05:30Z"}));
}

TEST(TriggerCron, StepsAndLists) {
  EXPECT_EQ(next("*/15 * * * *", at(2024, 1, 1, 10, 7), 4),
            (std::vector<std::string>{"2024-01-01T10:15Z", "2024-01-01T10:30Z", "2024-01-01T10:45Z",
                                      "2024-01-01T11:00Z"}));
  EXPECT_EQ(
      next("0 8,12-13 * * *", at(2024, 1, 1), 3),
      (std::vector<std::string>{"2024-01-01T08:00Z", "2024-01-01T12:00Z", "2024-01-01T13:00Z"}));
  EXPECT_EQ(
      next("0 1-10/4 * * *", at(2024, 1, 1), 3),
      (std::vector<std::string>{"2024-01-01T01:00Z", "2024-01-01T05:00Z", "2024-01-01T09:00Z"}));
  // start/step runs to the field's end.
  EXPECT_EQ(
      next("50/5 0 * * *", at(2024, 1, 1), 3),
      (std::vector<std::string>{"2024-01-01T00:50Z", "2024-01-01T00:55Z", "2024-01-02T00:50Z"}));
}

TEST(TriggerCron, NamesAreCaseInsensitive) {
  EXPECT_EQ(next("0 0 1 jan-Mar sun", at(2023, 12, 31), 2),
            next("0 0 1 1-3 0", at(2023, 12, 31), 2));
  EXPECT_EQ(next("0 12 * * MON", at(2024, 3, 1), 1),
            (std::vector<std::string>{"2024-03-04T12:00Z"}));
  EXPECT_EQ(next("0 0 1 DEC *", at(2024, 3, 1), 1),
            (std::vector<std::string>{"2024-12-01T00:00Z"}));
}

TEST(TriggerCron, BothDayFieldsRestrictedMeansEither) {
  // The 13th, or any Friday: 2024-09-06 (Fri), 2024-09-13 (Fri and the 13th), 2024-09-20.
  EXPECT_EQ(
      next("0 0 13 * 5", at(2024, 9, 1), 3),
      (std::vector<std::string>{"2024-09-06T00:00Z", "2024-09-13T00:00Z", "2024-09-20T00:00Z"}));
  // With a '*' day of week, only the 13th.
  EXPECT_EQ(next("0 0 13 * *", at(2024, 9, 1), 1), (std::vector<std::string>{"2024-09-13T00:00Z"}));
}

TEST(TriggerCron, LeapDayAndNeverFiring) {
  EXPECT_EQ(next("0 0 29 2 *", at(2024, 3, 1), 1), (std::vector<std::string>{"2028-02-29T00:00Z"}));
  EXPECT_EQ(
      next("0 0 29 2 *", at(2024, 3, 1), 3),
      (std::vector<std::string>{"2028-02-29T00:00Z", "2032-02-29T00:00Z", "2036-02-29T00:00Z"}));
  // 2100 is not a leap year: eight years between 2096 and 2104.
  EXPECT_EQ(next("0 0 29 2 *", at(2096, 3, 1), 1), (std::vector<std::string>{"2104-02-29T00:00Z"}));
  EXPECT_TRUE(next("0 0 31 2 *", at(2024, 1, 1), 1).empty());
  EXPECT_TRUE(next("0 0 31 4 *", at(2024, 1, 1), 3).empty());
}

TEST(TriggerCron, TooFrequentSchedules) {
  EXPECT_TRUE(trigger::cron::parse("* * * * *")->too_frequent());
  EXPECT_TRUE(trigger::cron::parse("*/2 * * * *")->too_frequent());
  EXPECT_TRUE(trigger::cron::parse("0,58 * * * *")->too_frequent());  // 58 → 0 wraps
  EXPECT_FALSE(trigger::cron::parse("0,58 3 * * *")->too_frequent());
  EXPECT_FALSE(trigger::cron::parse("*/5 * * * *")->too_frequent());
  EXPECT_FALSE(trigger::cron::parse("30 5 * * 1-5")->too_frequent());
}

TEST(TriggerCronErrors, InvalidFields) {
  EXPECT_NE(cron_error("* * * *").find("expected 5 fields"), std::string::npos);
  EXPECT_NE(cron_error("* * * * * *").find("found 6"), std::string::npos);
  EXPECT_NE(cron_error("").find("found 0"), std::string::npos);
  EXPECT_NE(cron_error("60 * * * *").find("out of range"), std::string::npos);
  EXPECT_NE(cron_error("* 24 * * *").find("hour"), std::string::npos);
  EXPECT_NE(cron_error("* * 0 * *").find("day-of-month"), std::string::npos);
  cron_error("* * 32 * *");
  cron_error("* * * 13 *");
  EXPECT_NE(cron_error("* * * * 7").find("day-of-week"), std::string::npos);
  EXPECT_NE(cron_error("5-1 * * * *").find("reversed"), std::string::npos);
  EXPECT_NE(cron_error("*/0 * * * *").find("positive"), std::string::npos);
  EXPECT_NE(cron_error("*/x * * * *").find("positive"), std::string::npos);
  cron_error("*/-1 * * * *");
  cron_error("1/ * * * *");
  EXPECT_NE(cron_error("MON * * * *").find("not a number"), std::string::npos);
  EXPECT_NE(cron_error("* * * JANUARY *").find("not a valid value"), std::string::npos);
  cron_error("* * * * SUNDAY");
  cron_error("1,,2 * * * *");
  cron_error("-5 * * * *");
  cron_error("* * * DEC-JAN *");
  EXPECT_NE(cron_error("@daily").find("not supported"), std::string::npos);
  cron_error("@hourly");
}

TEST(TriggerCronErrors, SpanIsTheBadField) {
  auto c = trigger::cron::parse("0 25 * * *");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.first_error()->span.begin, 2u);
  EXPECT_EQ(c.first_error()->span.end, 4u);
}

// Issue 18: a character that only looks right is named, with its position, instead of a
// message about fields or values that does not say what is wrong.
TEST(TriggerCron, ACharacterThatOnlyLooksRightIsNamed) {
  EXPECT_EQ(cron_error("30\xc2\xa0"
                       "5 * * 1-5"),
            "invalid cron expression '30\xc2\xa0"
            "5 * * 1-5': character 3 is U+00A0 (no-break "
            "space), not a plain space; separate the fields with ASCII spaces");
  auto c = trigger::cron::parse(
      "30 5 * * 1\xe2\x80\x93"
      "5");
  ASSERT_FALSE(c.ok());
  // The span is the character's bytes.
  EXPECT_EQ(c.first_error()->span.begin, 10U);
  EXPECT_EQ(c.first_error()->span.end, 13U);
  EXPECT_NE(c.first_error()->message.find("character 11 is U+2013 (en dash), not '-'"),
            std::string::npos);
  const auto bad = trigger::cron_bad_character(
      "0 0 * * \xe2\x80\xaf"
      "1");
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->reason.find("character 9 is U+202F (narrow no-break space)"), 0U);
  EXPECT_NE(trigger::cron_bad_character("0 0 ? * 1")->reason.find("character 5 is U+003F"),
            std::string::npos);
  EXPECT_NE(trigger::cron_bad_character("0 0 * * \xff")->reason.find("the byte 0xFF"),
            std::string::npos);
  EXPECT_FALSE(trigger::cron_bad_character("*/5 1-3,7 * JAN-MAR mon").has_value());
}
