// host::load_time_zone (include/pipewright/host/zoneinfo.hpp): zones read from a database
// directory, here the copies in tests/data/trigger/zoneinfo.
#include "pipewright/host/zoneinfo.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace host = pipewright::host;
namespace codes = pipewright::codes;

namespace {
const std::string dir = std::string(PIPEWRIGHT_TEST_DATA_DIR) + "/trigger/zoneinfo";
}

TEST(HostZoneinfo, LoadsAZoneByItsIanaName) {
  auto z = host::load_time_zone("Europe/Berlin", dir);
  ASSERT_TRUE(z.ok()) << z.first_error()->message;
  EXPECT_EQ(z->name(), "Europe/Berlin");
  using namespace std::chrono;
  EXPECT_EQ(z->offset(sys_seconds(sys_days(year{2026} / July / 1))), hours{2});
}

TEST(HostZoneinfo, UnknownOrUnsafeNamesAreErrors) {
  for (const std::string_view name : {"Mars/Olympus_Mons", "Europe", "../README.md", "/etc/passwd",
                                      "Europe//Berlin", "Europe/./Berlin", "", "Europe/Berlin "}) {
    auto z = host::load_time_zone(name, dir);
    ASSERT_FALSE(z.ok()) << name;
    EXPECT_EQ(z.first_error()->code, codes::trigger_unknown_timezone) << name;
  }
  EXPECT_EQ(host::load_time_zone("Mars/Olympus_Mons", dir).first_error()->message,
            "time zone 'Mars/Olympus_Mons' is not in the time-zone database (" + dir + ")");
  EXPECT_TRUE(host::valid_zone_name("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(host::valid_zone_name("Etc/GMT+5"));
  EXPECT_FALSE(host::valid_zone_name("Europe/.."));
}
