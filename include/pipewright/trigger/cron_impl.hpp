/// @file cron_impl.hpp
/// The definitions behind trigger/cron.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/trigger/cron.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

namespace detail {

struct cron_field {
  std::string_view name;
  int min;
  int max;
  const std::array<std::string_view, 12>* names;  // names[i] stands for min + i
  std::size_t name_count;
};

inline constexpr std::array<std::string_view, 12> month_names{
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
inline constexpr std::array<std::string_view, 12> weekday_names{
    "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "", "", "", "", ""};

/// Reads a number or a name; -1 when it is neither, -2 for a name where none is allowed.
inline int cron_value(std::string_view s, const cron_field& f) noexcept {
  if (s.empty()) return -1;
  if (s[0] >= '0' && s[0] <= '9') {
    int v = 0;
    for (const char c : s) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
      if (v > 1000) return 1000;
    }
    return v;
  }
  if (f.names == nullptr) return -2;
  for (std::size_t i = 0; i < f.name_count; ++i) {
    if (pipewright::detail::iequals((*f.names)[i], s)) return f.min + static_cast<int>(i);
  }
  return -1;
}

/// Parses one field into a bit set; empty string on success, else the reason.
inline std::string cron_parse_field(std::string_view text, const cron_field& f,
                                    std::uint64_t& out) {
  out = 0;
  const std::string where = " in the " + std::string(f.name) + " field";
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(start, comma - start);
    if (item.empty()) return "an empty list item" + where;
    int lo = f.min;
    int hi = f.max;
    int step = 1;
    std::string_view range = item;
    const std::size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      const std::string_view st = item.substr(slash + 1);
      if (st.empty() || st.find_first_not_of("0123456789") != std::string_view::npos) {
        return "the step '" + std::string(st) + "' is not a positive number" + where;
      }
      step = cron_value(st, cron_field{f.name, 0, 0, nullptr, 0});
      if (step <= 0) return "the step must be a positive number" + where;
      range = item.substr(0, slash);
    }
    if (range == "*") {
      // the whole field
    } else {
      const std::size_t dash = range.find('-');
      const std::string_view a = range.substr(0, dash);
      const int va = cron_value(a, f);
      if (va == -2) return "'" + std::string(a) + "' is not a number" + where;
      if (va < 0) return "'" + std::string(a) + "' is not a valid value" + where;
      if (va < f.min || va > f.max) {
        return "'" + std::string(a) + "' is out of range" + where + " (" + std::to_string(f.min) +
               "-" + std::to_string(f.max) + ")";
      }
      lo = va;
      if (dash != std::string_view::npos) {
        const std::string_view b = range.substr(dash + 1);
        const int vb = cron_value(b, f);
        if (vb == -2) return "'" + std::string(b) + "' is not a number" + where;
        if (vb < 0) return "'" + std::string(b) + "' is not a valid value" + where;
        if (vb < f.min || vb > f.max) {
          return "'" + std::string(b) + "' is out of range" + where + " (" + std::to_string(f.min) +
                 "-" + std::to_string(f.max) + ")";
        }
        if (vb < va) return "the range '" + std::string(range) + "' is reversed" + where;
        hi = vb;
      } else if (slash == std::string_view::npos) {
        hi = va;
      }
    }
    for (int v = lo; v <= hi; v += step) out |= std::uint64_t{1} << v;
    if (comma == text.size()) break;
    start = comma + 1;
  }
  return {};
}

}  // namespace detail

PIPEWRIGHT_DECL std::optional<cron_character> cron_bad_character(std::string_view text) {
  std::size_t i = 0;
  std::size_t count = 0;
  while (i < text.size()) {
    const std::size_t at = i;
    const std::uint32_t cp = pipewright::detail::decode_utf8(text, i);
    ++count;
    const bool ok = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                    (cp >= 'A' && cp <= 'Z') || cp == ' ' || cp == '*' || cp == ',' || cp == '-' ||
                    cp == '/';
    if (ok) continue;
    std::string_view name;
    bool space = false;
    switch (cp) {
      case 0x09:
        name = "a tab";
        space = true;
        break;
      case 0xA0:
        name = "no-break space";
        space = true;
        break;
      case 0x2007:
        name = "figure space";
        space = true;
        break;
      case 0x2009:
        name = "thin space";
        space = true;
        break;
      case 0x200B:
        name = "zero-width space";
        space = true;
        break;
      case 0x202F:
        name = "narrow no-break space";
        space = true;
        break;
      case 0x3000:
        name = "ideographic space";
        space = true;
        break;
      case 0xFEFF:
        name = "zero-width no-break space";
        space = true;
        break;
      case 0x2010: name = "hyphen"; break;
      case 0x2011: name = "non-breaking hyphen"; break;
      case 0x2013: name = "en dash"; break;
      case 0x2014: name = "em dash"; break;
      case 0x2212: name = "minus sign"; break;
      default: break;
    }
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string code = "U+";
    if (cp > 0x10FFFF) {
      code = "the byte 0x";
      code += hex[(cp - 0x110000) >> 4 & 0xF];
      code += hex[(cp - 0x110000) & 0xF];
    } else {
      const int digits = cp > 0xFFFF ? 6 : 4;
      for (int d = digits - 1; d >= 0; --d) code += hex[(cp >> (4 * d)) & 0xF];
    }
    std::string why = "character " + std::to_string(count) + " is " + code;
    if (!name.empty()) why += " (" + std::string(name) + ")";
    if (space) {
      why += ", not a plain space; separate the fields with ASCII spaces";
    } else if (cp >= 0x2010 && cp <= 0x2212) {
      why += ", not '-'; write ranges with an ASCII hyphen-minus";
    } else {
      why += "; a cron expression holds only ASCII digits, letters, spaces and * , - /";
    }
    return cron_character{source_span{at, i}, std::move(why)};
  }
  return std::nullopt;
}

PIPEWRIGHT_DECL result<cron> cron::parse(std::string_view text) {
  auto fail = [&text](source_span span, const std::string& why) {
    return make_error(codes::trigger_invalid_cron,
                      "invalid cron expression '" + std::string(text) + "': " + why, span);
  };
  if (!text.empty() && text.find_first_not_of(" \t") != std::string_view::npos &&
      text[text.find_first_not_of(" \t")] == '@') {
    return fail(source_span{0, text.size()},
                "'@' shortcuts such as @daily are not supported; write five fields");
  }
  // (Tabs separate fields here, as in classic cron; check::valid_cron holds GitHub's rule.)
  if (auto bad = cron_bad_character(text); bad && text[bad->span.begin] != '\t') {
    return fail(bad->span, bad->reason);
  }
  std::vector<std::pair<std::size_t, std::size_t>> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) break;
    const std::size_t b = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    fields.emplace_back(b, i);
  }
  if (fields.size() != 5) {
    return fail(source_span{0, text.size()},
                "expected 5 fields (minute hour day month weekday), found " +
                    std::to_string(fields.size()));
  }
  static constexpr detail::cron_field specs[5] = {
      {"minute", 0, 59, nullptr, 0},
      {"hour", 0, 23, nullptr, 0},
      {"day-of-month", 1, 31, nullptr, 0},
      {"month", 1, 12, &detail::month_names, 12},
      {"day-of-week", 0, 6, &detail::weekday_names, 7},
  };
  cron c;
  c.text_ = std::string(text);
  std::uint64_t* outs[5] = {&c.minutes_, &c.hours_, &c.days_, &c.months_, &c.weekdays_};
  for (std::size_t f = 0; f < 5; ++f) {
    const std::string_view ft = text.substr(fields[f].first, fields[f].second - fields[f].first);
    const std::string why = detail::cron_parse_field(ft, specs[f], *outs[f]);
    if (!why.empty()) return fail(source_span{fields[f].first, fields[f].second}, why);
  }
  const std::string_view dom = text.substr(fields[2].first, fields[2].second - fields[2].first);
  const std::string_view dow = text.substr(fields[4].first, fields[4].second - fields[4].first);
  c.dom_star_ = !dom.empty() && dom[0] == '*';
  c.dow_star_ = !dow.empty() && dow[0] == '*';
  return c;
}

PIPEWRIGHT_DECL std::vector<sys_minutes> cron::next(sys_minutes after, std::size_t count) const {
  using namespace std::chrono;
  std::vector<sys_minutes> out;
  if (count == 0) return out;
  const sys_minutes start = after + minutes{1};
  walk(floor<days>(start), count, out, [&](sys_days day, int h, int m) {
    const sys_minutes t = sys_minutes(day) + hours{h} + minutes{m};
    if (t >= start) out.push_back(t);
  });
  return out;
}

PIPEWRIGHT_DECL std::vector<sys_minutes> cron::next(sys_minutes after, std::size_t count,
                                                    const time_zone& zone) const {
  using namespace std::chrono;
  if (zone.is_utc()) return next(after, count);
  std::vector<sys_minutes> out;
  if (count == 0) return out;
  // Start a day early in local time: the instant `after` may be late on the previous
  // local day, and a skipped time may land after it.
  const auto local_after =
      after + duration_cast<minutes>(zone.offset(time_point_cast<seconds>(after)));
  walk(floor<days>(local_after) - days{1}, count, out, [&](sys_days day, int h, int m) {
    const local_minutes wall{(day + hours{h} + minutes{m}).time_since_epoch()};
    const sys_minutes t = zone.to_utc(wall);
    if (t > after && (out.empty() || t > out.back())) out.push_back(t);
  });
  return out;
}

template <class Take>
void cron::walk(std::chrono::sys_days day, std::size_t count, const std::vector<sys_minutes>& out,
                Take take) const {
  using namespace std::chrono;
  constexpr days window{366 * 8 + 2};
  sys_days last = day + window;
  for (; day <= last && out.size() < count; day += days{1}) {
    if (!fires_on(day)) continue;
    last = day + window;
    for (int h = 0; h < 24 && out.size() < count; ++h) {
      if (!hour(h)) continue;
      for (int m = 0; m < 60 && out.size() < count; ++m) {
        if (minute(m)) take(day, h, m);
      }
    }
  }
}

PIPEWRIGHT_DECL std::string format_utc(sys_minutes t) {
  using namespace std::chrono;
  const sys_days d = floor<days>(t);
  const year_month_day ymd(d);
  const auto mins = (t - sys_minutes(d)).count();
  char buf[32];
  const int y = static_cast<int>(ymd.year());
  const unsigned mo = static_cast<unsigned>(ymd.month());
  const unsigned dd = static_cast<unsigned>(ymd.day());
  std::string s;
  auto two = [&buf](long v) {
    buf[0] = static_cast<char>('0' + (v / 10) % 10);
    buf[1] = static_cast<char>('0' + v % 10);
    return std::string(buf, 2);
  };
  s = std::to_string(y) + "-" + two(mo) + "-" + two(dd) + "T" + two(mins / 60) + ":" +
      two(mins % 60) + "Z";
  return s;
}

PIPEWRIGHT_DECL bool cron::too_frequent() const noexcept {
  int prev = -1;
  int first = -1;
  for (int m = 0; m < 60; ++m) {
    if (!minute(m)) continue;
    if (first < 0) first = m;
    if (prev >= 0 && m - prev < 5) return true;
    prev = m;
  }
  // Wrapping into the next hour, when every hour fires.
  bool every_hour = true;
  for (int h = 0; h < 24; ++h) every_hour = every_hour && hour(h);
  return every_hour && first >= 0 && first + 60 - prev < 5 && first != prev;
}

PIPEWRIGHT_DECL bool cron::fires_on(std::chrono::sys_days day) const noexcept {
  const std::chrono::year_month_day ymd(day);
  const std::chrono::weekday wd(day);
  if (!month(static_cast<int>(static_cast<unsigned>(ymd.month())))) return false;
  const bool dom = day_of_month(static_cast<int>(static_cast<unsigned>(ymd.day())));
  const bool dow = day_of_week(static_cast<int>(wd.c_encoding()));
  if (dom_star_ || dow_star_) return dom && dow;
  return dom || dow;
}

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright
