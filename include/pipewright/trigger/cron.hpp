/// @file cron.hpp
/// GitHub's `schedule` cron syntax (SEMANTICS.md §6.7): parsing and the next fire times.
///
/// Five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of
/// week 0-6 or SUN-SAT (0 is Sunday). Each field is a `,` list of items; an item is `*`, a
/// value, a range `a-b`, optionally followed by `/step` (`*/15`, `1-30/5`, `5/10` = from 5 to
/// the field's maximum). Names are case-insensitive and may be single values or range ends.
/// `@daily` and the other shortcuts are not supported. When both day fields are restricted,
/// a day matches if either does (classic cron).
///
/// ```cpp
/// auto c = pipewright::trigger::cron::parse("30 5 * * 1-5");
/// auto times = c->next(from, 3);   // the next three fire times after `from`, in UTC
/// ```
/// Diagnostics: PW0511 (invalid), PW0512 (a warning from too_frequent()).
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
#include "pipewright/trigger/zone.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

/// A point in time with minute resolution, in UTC.
using sys_minutes = std::chrono::sys_time<std::chrono::minutes>;

/// A parsed cron expression; see the file comment.
class cron {
 public:
  /// Parses a five-field expression; PW0511 on error (span: the offending field in `text`).
  static result<cron> parse(std::string_view text);

  /// The first `count` fire times strictly after `after`, in order. Stops after 8 years
  /// without a fire time (enough for 29 February), so an expression that never fires
  /// (`0 0 31 2 *`) gives none.
  [[nodiscard]] std::vector<sys_minutes> next(sys_minutes after, std::size_t count) const;

  /// The same for a schedule with `timezone:`: the fields match the wall-clock time of
  /// `zone`; each fire time is the instant time_zone::to_utc gives (a time the clocks skip
  /// runs at the jump, a repeated hour runs once). Instants, ascending, without repeats.
  [[nodiscard]] std::vector<sys_minutes> next(sys_minutes after, std::size_t count,
                                              const time_zone& zone) const;

  /// True when two fire times can be less than 5 minutes apart, which GitHub does not honour.
  [[nodiscard]] bool too_frequent() const noexcept;

  [[nodiscard]] bool minute(int m) const noexcept { return bit(minutes_, m); }
  [[nodiscard]] bool hour(int h) const noexcept { return bit(hours_, h); }
  [[nodiscard]] bool day_of_month(int d) const noexcept { return bit(days_, d); }
  [[nodiscard]] bool month(int m) const noexcept { return bit(months_, m); }
  [[nodiscard]] bool day_of_week(int d) const noexcept { return bit(weekdays_, d); }
  /// The expression as written.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

  /// True when `day` (a UTC calendar day) is a day this expression fires on.
  [[nodiscard]] bool fires_on(std::chrono::sys_days day) const noexcept;

 private:
  static bool bit(std::uint64_t set, int i) noexcept {
    return i >= 0 && i < 64 && ((set >> i) & 1u) != 0;
  }

  /// Calls `take(day, h, m)` for each matching minute of the days from `day` on, in order,
  /// until `out` holds `count` times or 8 years pass without a day that fires.
  template <class Take>
  void walk(std::chrono::sys_days day, std::size_t count, const std::vector<sys_minutes>& out,
            Take take) const;

  std::string text_;
  std::uint64_t minutes_ = 0;
  std::uint64_t hours_ = 0;
  std::uint64_t days_ = 0;
  std::uint64_t months_ = 0;
  std::uint64_t weekdays_ = 0;
  bool dom_star_ = false;
  bool dow_star_ = false;
};

/// A character that cannot appear in a cron expression, where it is, and why.
struct cron_character {
  source_span span;    ///< the character's bytes in the expression
  std::string reason;  ///< "character 6 is U+00A0 (no-break space), not a plain space; ..."
};

/// The first character of `text` that no cron expression may hold (only ASCII letters,
/// digits, spaces and `* , - /` may appear), or none. Spaces that are not the ASCII space
/// (a no-break space copied from a web page, a tab) and dashes that are not `-` are named,
/// so the message says what to retype.
PIPEWRIGHT_DECL std::optional<cron_character> cron_bad_character(std::string_view text);

/// Formats a UTC time as `YYYY-MM-DDTHH:MMZ`.
PIPEWRIGHT_DECL std::string format_utc(sys_minutes t);

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/trigger/cron_impl.hpp"
#endif
