/// @file zone.hpp
/// Time zones for `schedule` entries with `timezone:` (SEMANTICS.md §6.7): the UTC offsets of
/// one IANA zone over time, read from TZif data (RFC 8536, the files of /usr/share/zoneinfo),
/// and the conversion of a wall-clock time to the instant GitHub runs it.
///
/// The core reads no file: host::load_time_zone (host/zoneinfo.hpp) reads one and hands its
/// bytes to time_zone::from_tzif.
///
/// ```cpp
/// auto z = pipewright::trigger::time_zone::from_tzif("Europe/Berlin", bytes);
/// auto times = cron->next(after, 3, *z);          // fire times as UTC instants
/// pipewright::trigger::format_local(times[0], *z);  // "2026-03-29T03:00+02:00"
/// ```
/// Diagnostics: PW0518 (data that is not TZif).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

/// Most transitions a TZif file may list (the largest zones have a few hundred).
inline constexpr std::size_t max_zone_transitions = 100'000;

/// A local (wall-clock) time with minute resolution: minutes since 1970-01-01 00:00 local.
using local_minutes = std::chrono::local_time<std::chrono::minutes>;

namespace detail {

/// One rule date of a POSIX TZ string: `Mm.w.d`, `Jn` (1-365, no 29 February) or `n` (0-365).
struct tz_rule_date {
  char kind = 'M';
  int month = 0;
  int week = 0;
  int day = 0;               ///< weekday (M), or the day number (J, n)
  std::int32_t time = 7200;  ///< seconds after local midnight (may be negative or past 24h)
};

/// The footer of a TZif v2+ file: the rule for instants after the last transition.
struct posix_tz {
  std::int32_t std_offset = 0;  ///< seconds east of UTC (POSIX writes the opposite sign)
  bool has_dst = false;
  std::int32_t dst_offset = 0;
  tz_rule_date start;
  tz_rule_date end;
};

}  // namespace detail

/// A time zone: its UTC offset at every instant. Value type; cheap to copy for small zones.
class time_zone {
 public:
  /// UTC (offset 0, no transitions).
  time_zone() = default;

  /// Reads RFC 8536 TZif data (versions 1 to 4) for the zone `name`. PW0518 when `bytes` is
  /// not TZif or is cut short. Instants after the last transition follow the file's POSIX
  /// TZ footer when it has one, else the last offset.
  static result<time_zone> from_tzif(std::string_view name, std::string_view bytes);

  /// The zone's name (an IANA name such as "Europe/Berlin"; "UTC" by default).
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  /// Seconds east of UTC at instant `t`: local time = `t` + offset.
  [[nodiscard]] std::chrono::seconds offset(std::chrono::sys_seconds t) const;

  /// The instant GitHub runs a job scheduled at wall-clock time `local`: the only instant
  /// with that local time; the earlier of two when the clocks go back (the hour repeats);
  /// and when the clocks go forward over it (no such local time), the instant of the jump,
  /// so a 02:30 run becomes 03:00 (SEMANTICS.md §6.7).
  [[nodiscard]] std::chrono::sys_time<std::chrono::minutes> to_utc(local_minutes local) const;

  /// True when the zone is UTC all the time (no transitions, offset 0).
  [[nodiscard]] bool is_utc() const noexcept {
    return at_.empty() && initial_ == 0 && (!tail_ || (!tail_->has_dst && tail_->std_offset == 0));
  }

 private:
  std::string name_ = "UTC";
  std::vector<std::int64_t> at_;          ///< transition instants, UTC seconds, ascending
  std::vector<std::int32_t> after_;       ///< the offset from at_[i] on
  std::int32_t initial_ = 0;              ///< the offset before the first transition
  std::optional<detail::posix_tz> tail_;  ///< after the last transition
};

/// Formats instant `t` as the wall-clock time of `zone` with its offset,
/// `YYYY-MM-DDTHH:MM+hh:mm` (`Z` for UTC, as trigger::format_utc).
PIPEWRIGHT_DECL std::string format_local(std::chrono::sys_time<std::chrono::minutes> t,
                                         const time_zone& zone);

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/trigger/zone_impl.hpp"
#endif
