/// @file zone_impl.hpp
/// The definitions behind trigger/zone.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/trigger/zone.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

namespace detail {

class tz_reader {
 public:
  explicit tz_reader(std::string_view s) noexcept : s_(s) {}
  [[nodiscard]] bool done() const noexcept { return i_ >= s_.size(); }
  [[nodiscard]] char peek() const noexcept { return done() ? '\0' : s_[i_]; }
  bool eat(char c) noexcept {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  /// A zone abbreviation: three or more letters, or `<...>`.
  bool name() noexcept {
    if (eat('<')) {
      while (!done() && peek() != '>') ++i_;
      return eat('>');
    }
    std::size_t n = 0;
    while ((peek() >= 'a' && peek() <= 'z') || (peek() >= 'A' && peek() <= 'Z')) {
      ++i_;
      ++n;
    }
    return n >= 3;
  }
  bool number(int max_digits, int& out) noexcept {
    int n = 0;
    out = 0;
    while (peek() >= '0' && peek() <= '9' && n < max_digits) {
      out = out * 10 + (peek() - '0');
      ++i_;
      ++n;
    }
    return n > 0;
  }
  /// `[+-]hh[:mm[:ss]]` in seconds (hours up to 167, for rule times).
  bool duration(std::int32_t& out) noexcept {
    const bool negative = eat('-');
    if (!negative) eat('+');
    int h = 0;
    int m = 0;
    int sec = 0;
    if (!number(3, h) || h > 167) return false;
    if (eat(':')) {
      if (!number(2, m) || m > 59) return false;
      if (eat(':') && (!number(2, sec) || sec > 59)) return false;
    }
    out = (h * 3600 + m * 60 + sec) * (negative ? -1 : 1);
    return true;
  }
  bool rule_date(tz_rule_date& d) noexcept {
    if (eat('M')) {
      d.kind = 'M';
      if (!number(2, d.month) || d.month < 1 || d.month > 12 || !eat('.')) return false;
      if (!number(1, d.week) || d.week < 1 || d.week > 5 || !eat('.')) return false;
      if (!number(1, d.day) || d.day > 6) return false;
    } else if (eat('J')) {
      d.kind = 'J';
      if (!number(3, d.day) || d.day < 1 || d.day > 365) return false;
    } else {
      d.kind = 'n';
      if (!number(3, d.day) || d.day > 365) return false;
    }
    d.time = 7200;
    if (eat('/')) return duration(d.time);
    return true;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

/// Parses a POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3`; nullopt when it is not one.
inline std::optional<posix_tz> parse_posix_tz(std::string_view text) {
  tz_reader r(text);
  posix_tz tz;
  std::int32_t off = 0;
  if (!r.name() || !r.duration(off)) return std::nullopt;
  tz.std_offset = -off;
  if (r.done()) return tz;
  if (!r.name()) return std::nullopt;
  tz.has_dst = true;
  tz.dst_offset = tz.std_offset + 3600;
  if (r.peek() != ',' && !r.done()) {
    if (!r.duration(off)) return std::nullopt;
    tz.dst_offset = -off;
  }
  // Without rules POSIX leaves the dates to the implementation; TZif footers always have them.
  if (!r.eat(',') || !r.rule_date(tz.start) || !r.eat(',') || !r.rule_date(tz.end)) {
    return std::nullopt;
  }
  if (!r.done()) return std::nullopt;
  return tz;
}

/// The local midnight (as days since the epoch) of rule date `d` in `year`.
inline std::chrono::sys_days rule_day(const tz_rule_date& d, int year) {
  using namespace std::chrono;
  const std::chrono::year y{year};
  if (d.kind == 'M') {
    const auto m = month{static_cast<unsigned>(d.month)};
    const weekday wd{static_cast<unsigned>(d.day)};
    if (d.week == 5) return sys_days(y / m / wd[last]);
    return sys_days(y / m / wd[static_cast<unsigned>(d.week)]);
  }
  const sys_days jan1 = sys_days(y / January / 1);
  if (d.kind == 'J') {
    // Day 60 is always 1 March: 29 February is never counted.
    const int skip = y.is_leap() && d.day >= 60 ? 1 : 0;
    return jan1 + days{d.day - 1 + skip};
  }
  return jan1 + days{d.day};
}

inline std::int64_t read_be(std::string_view s, std::size_t at, std::size_t n) noexcept {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < n; ++k) v = (v << 8) | static_cast<unsigned char>(s[at + k]);
  if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

}  // namespace detail

PIPEWRIGHT_DECL result<time_zone> time_zone::from_tzif(std::string_view name,
                                                       std::string_view bytes) {
  auto bad = [&name](std::string why) {
    return make_error(codes::trigger_unknown_timezone,
                      "time zone '" + std::string(name) + "': " + std::move(why));
  };
  constexpr std::size_t header = 44;
  if (bytes.size() < header || bytes.substr(0, 4) != "TZif") {
    return bad("not TZif data (RFC 8536)");
  }
  struct counts {
    std::size_t isut, isstd, leap, time, type, chars;
  };
  auto read_counts = [&bytes](std::size_t at) {
    auto c = [&](std::size_t k) {
      return static_cast<std::size_t>(
          static_cast<std::uint32_t>(detail::read_be(bytes, at + 20 + 4 * k, 4)));
    };
    return counts{c(0), c(1), c(2), c(3), c(4), c(5)};
  };
  auto block_size = [](const counts& c, std::size_t time_size) {
    return c.time * time_size + c.time + c.type * 6 + c.chars + c.leap * (time_size + 4) + c.isstd +
           c.isut;
  };
  counts c = read_counts(0);
  const auto limit_ok = [](const counts& k) {
    return k.time <= max_zone_transitions && k.type >= 1 && k.type <= 256 &&
           k.leap <= max_zone_transitions && k.chars <= 65536 && k.isstd <= 256 && k.isut <= 256;
  };
  if (!limit_ok(c)) return bad("the TZif header's counts are out of range");
  std::size_t at = header;
  std::size_t time_size = 4;
  if (bytes[4] >= '2') {
    // Version 2 and later repeat the data with 64-bit times: skip the 32-bit block.
    at += block_size(c, 4);
    if (bytes.size() < at + header || bytes.substr(at, 4) != "TZif") {
      return bad("the TZif data is cut short");
    }
    c = read_counts(at);
    if (!limit_ok(c)) return bad("the TZif header's counts are out of range");
    at += header;
    time_size = 8;
  }
  if (bytes.size() < at + block_size(c, time_size)) return bad("the TZif data is cut short");
  time_zone z;
  z.name_ = std::string(name);
  const std::size_t types_at = at + c.time * time_size + c.time;
  std::vector<std::int32_t> type_offsets(c.type);
  for (std::size_t t = 0; t < c.type; ++t) {
    const std::int64_t off = detail::read_be(bytes, types_at + 6 * t, 4);
    if (off < -25 * 3600 || off > 26 * 3600) return bad("a UTC offset is out of range");
    type_offsets[t] = static_cast<std::int32_t>(off);
  }
  z.initial_ = type_offsets[0];
  z.at_.reserve(c.time);
  z.after_.reserve(c.time);
  for (std::size_t k = 0; k < c.time; ++k) {
    const std::int64_t t = detail::read_be(bytes, at + k * time_size, time_size);
    const auto type =
        static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + c.time * time_size + k]));
    if (type >= c.type) return bad("a transition names a local time type that does not exist");
    if (!z.at_.empty() && t <= z.at_.back()) return bad("the transitions are not in order");
    z.at_.push_back(t);
    z.after_.push_back(type_offsets[type]);
  }
  if (time_size == 8) {
    // The footer: "\n<POSIX TZ string>\n".
    const std::size_t foot = at + block_size(c, 8);
    if (foot < bytes.size() && bytes[foot] == '\n') {
      const std::size_t end = bytes.find('\n', foot + 1);
      if (end != std::string_view::npos && end > foot + 1) {
        z.tail_ = detail::parse_posix_tz(bytes.substr(foot + 1, end - foot - 1));
      }
    }
  }
  return z;
}

PIPEWRIGHT_DECL std::chrono::seconds time_zone::offset(std::chrono::sys_seconds t) const {
  using namespace std::chrono;
  const std::int64_t s = t.time_since_epoch().count();
  if (tail_ && (at_.empty() || s >= at_.back())) {
    const detail::posix_tz& tz = *tail_;
    if (!tz.has_dst) return seconds{tz.std_offset};
    // The year of the local standard time; rules never fall at a year's edge.
    const auto local_day = floor<days>(sys_seconds{seconds{s + tz.std_offset}});
    const int y = static_cast<int>(year_month_day(local_day).year());
    const std::int64_t start =
        duration_cast<seconds>(detail::rule_day(tz.start, y).time_since_epoch()).count() +
        tz.start.time - tz.std_offset;
    const std::int64_t end =
        duration_cast<seconds>(detail::rule_day(tz.end, y).time_since_epoch()).count() +
        tz.end.time - tz.dst_offset;
    const bool dst = start < end ? (s >= start && s < end) : (s >= start || s < end);
    return seconds{dst ? tz.dst_offset : tz.std_offset};
  }
  const auto it = std::upper_bound(at_.begin(), at_.end(), s);
  if (it == at_.begin()) return seconds{initial_};
  return seconds{after_[static_cast<std::size_t>(it - at_.begin() - 1)]};
}

PIPEWRIGHT_DECL std::chrono::sys_time<std::chrono::minutes> time_zone::to_utc(
    local_minutes local) const {
  using namespace std::chrono;
  const sys_seconds wall{duration_cast<seconds>(local.time_since_epoch())};
  // Offsets are under a day, and zones do not change twice within two days.
  const seconds before = offset(wall - days{1});
  const seconds after = offset(wall + days{1});
  const sys_seconds a = wall - before;
  const sys_seconds b = wall - after;
  const bool a_ok = offset(a) == before;
  const bool b_ok = offset(b) == after;
  sys_seconds t = a;
  if (a_ok && b_ok) {
    t = std::min(a, b);
  } else if (b_ok) {
    t = b;
  } else if (!a_ok) {
    // In the gap: the first instant with the new offset, between b and a.
    sys_seconds lo = std::min(a, b);
    sys_seconds hi = std::max(a, b);
    while (hi - lo > seconds{1}) {
      const sys_seconds mid = lo + (hi - lo) / 2;
      if (offset(mid) == after) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    t = hi;
  }
  return ceil<minutes>(t);
}

PIPEWRIGHT_DECL std::string format_local(std::chrono::sys_time<std::chrono::minutes> t,
                                         const time_zone& zone) {
  using namespace std::chrono;
  const auto off = duration_cast<minutes>(zone.offset(time_point_cast<seconds>(t)));
  const auto local = t + off;
  const sys_days d = floor<days>(local);
  const year_month_day ymd(d);
  const long mins = static_cast<long>((local - sys_time<minutes>(d)).count());
  auto two = [](long v) {
    std::string s(2, '0');
    s[0] = static_cast<char>('0' + (v / 10) % 10);
    s[1] = static_cast<char>('0' + v % 10);
    return s;
  };
  std::string s = std::to_string(static_cast<int>(ymd.year())) + "-" +
                  two(static_cast<long>(static_cast<unsigned>(ymd.month()))) + "-" +
                  two(static_cast<long>(static_cast<unsigned>(ymd.day()))) + "T" + two(mins / 60) +
                  ":" + two(mins % 60);
  if (zone.is_utc()) return s + "Z";
  const long o = static_cast<long>(off.count());
  s += o < 0 ? '-' : '+';
  s += two((o < 0 ? -o : o) / 60) + ":" + two((o < 0 ? -o : o) % 60);
  return s;
}

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright
