/// @file zoneinfo.hpp
/// The IANA time-zone database of this machine (TZif files, /usr/share/zoneinfo) for
/// `schedule` entries with `timezone:`. Part of host/, the optional file-system layer: the
/// core's trigger::time_zone reads the bytes, this header finds and reads the file.
///
/// ```cpp
/// auto z = pipewright::host::load_time_zone("America/New_York");
/// if (z) times = cron->next(now, 5, *z);
/// ```
/// Diagnostics: PW0518 (an unknown zone name, or a file that is not TZif).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/trigger/zone.hpp"

namespace pipewright {
inline namespace v0 {
namespace host {

/// Largest TZif file read (the largest zones are a few kilobytes).
inline constexpr std::size_t max_tzif_bytes = 1u << 20;

/// The database directory: `TZDIR` when set and not empty, else /usr/share/zoneinfo.
inline std::string default_zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");  // NOLINT(concurrency-mt-unsafe)
  return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

/// True when `name` can be an IANA zone name: `Area/Location` parts of letters, digits and
/// `_ + -`, no empty part, no `.` part (so no path outside the database).
inline bool valid_zone_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 255) return false;
  std::size_t part = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '/') {
      if (part == 0) return false;
      part = 0;
      continue;
    }
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '+' || c == '-';
    if (!ok) return false;
    ++part;
  }
  return true;
}

/// Reads zone `name` ("Europe/Berlin", "UTC") from the database under `dir`. PW0518 when the
/// name is not a zone name, the file is missing, or it is not TZif.
inline result<trigger::time_zone> load_time_zone(std::string_view name,
                                                 const std::string& dir = default_zoneinfo_dir()) {
  auto unknown = [&](const std::string& why) {
    return make_error(codes::trigger_unknown_timezone,
                      "time zone '" + std::string(name) + "' " + why);
  };
  if (!valid_zone_name(name)) return unknown("is not an IANA time zone name such as Europe/Berlin");
  const std::string path = dir + "/" + std::string(name);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return unknown("is not in the time-zone database (" + dir + ")");
  std::string data;
  char buf[16384];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    data.append(buf, n);
    if (n < sizeof buf || data.size() > max_tzif_bytes) break;
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return unknown("could not be read from " + path);
  if (data.size() > max_tzif_bytes) return unknown("is larger than a TZif file can be");
  return trigger::time_zone::from_tzif(name, data);
}

}  // namespace host
}  // namespace v0
}  // namespace pipewright
