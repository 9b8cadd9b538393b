/// @file findings.hpp
/// The last pass of a lint over one file, for every code alike: inline suppressions
/// (`# pipewright: ignore[PW0401]` on the reported line or the line above), codes turned off
/// or re-levelled by the caller (`--ignore`, the configuration file's `rules:`), notes for
/// suppressions that silence nothing (PW0004), and the order people read: by position.
///
/// ```cpp
/// const pipewright::line_index lines(text);
/// std::vector<pipewright::diagnostic> shown =
///     pipewright::lint::finish(std::move(found), lines, {.levels = {{"PW0906", std::nullopt}}});
/// ```
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/render.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {

/// One code named by a `pipewright: ignore[...]` comment.
struct suppression {
  std::string code;  ///< as written (`PW0901`)
  std::size_t line;  ///< 1-based line of the comment
  source_span span;  ///< the code's text inside the comment
};

/// A code's level as the caller wants it: a severity, or nullopt for "off" (never reported).
struct code_level {
  std::string code;
  std::optional<severity> level;
};

/// Options of finish().
struct finish_options {
  /// Codes re-levelled or turned off (the last entry for a code wins).
  std::vector<code_level> levels{};
  /// Whether `# pipewright: ignore[...]` comments silence findings.
  bool comment_suppressions = true;
  /// Whether a suppression that silences nothing is reported (PW0004, a note).
  bool report_unused = true;
  /// Checks that did not run (for example `--no-security`: every `PW09` code): their
  /// suppressions are not reported as unused. Each entry is a code or a code prefix.
  std::vector<std::string> not_checked{};
};

namespace detail {

/// Appends the codes named by `pipewright: ignore[...]` comments on one line (the text after
/// a `#`), with their spans shifted by `line_begin`.
inline void suppressions_on_line(std::string_view line, std::size_t line_number,
                                 std::size_t line_begin, std::vector<suppression>& out) {
  constexpr std::string_view marker = "pipewright:";
  for (std::size_t at_m = line.find(marker); at_m != std::string_view::npos;
       at_m = line.find(marker, at_m + 1)) {
    if (line.rfind('#', at_m) == std::string_view::npos) continue;
    std::size_t i = at_m + marker.size();
    while (i < line.size() && line[i] == ' ') ++i;
    if (line.substr(i, 7) != "ignore[") continue;
    i += 7;
    const std::size_t close = line.find(']', i);
    if (close == std::string_view::npos) continue;
    while (i < close) {
      std::size_t comma = line.find(',', i);
      if (comma == std::string_view::npos || comma > close) comma = close;
      std::size_t b = i;
      std::size_t e = comma;
      while (b < e && line[b] == ' ') ++b;
      while (e > b && line[e - 1] == ' ') --e;
      if (e > b) {
        out.push_back(suppression{std::string(line.substr(b, e - b)), line_number,
                                  source_span{line_begin + b, line_begin + e}});
      }
      i = comma + 1;
    }
  }
}

}  // namespace detail

/// Every `pipewright: ignore[...]` code in the source behind `lines`, in source order.
inline std::vector<suppression> find_suppressions(const line_index& lines) {
  std::vector<suppression> out;
  const std::string_view source = lines.source();
  if (source.find("pipewright:") == std::string_view::npos) return out;
  for (std::size_t n = 1; n <= lines.lines(); ++n) {
    const std::string_view line = lines.line(n);
    if (line.find("pipewright:") == std::string_view::npos) continue;
    detail::suppressions_on_line(line, n, lines.line_begin(n), out);
  }
  return out;
}

/// Applies suppressions and levels to the findings of one file and sorts them by position
/// (findings without a position first, then by code); adds a PW0004 note for each suppression
/// that silenced nothing (unless its code is off or not checked) or names no code.
inline std::vector<diagnostic> finish(std::vector<diagnostic> found, const line_index& lines,
                                      const finish_options& options = {}) {
  using pipewright::detail::iequals;
  std::vector<suppression> comments;
  if (options.comment_suppressions) comments = find_suppressions(lines);
  std::vector<bool> used(comments.size(), false);
  auto level_of = [&options](std::string_view code) -> const code_level* {
    const code_level* hit = nullptr;
    for (const code_level& l : options.levels) {
      if (iequals(l.code, code)) hit = &l;
    }
    return hit;
  };
  auto not_checked = [&options](std::string_view code) {
    return std::any_of(options.not_checked.begin(), options.not_checked.end(),
                       [code](const std::string& p) {
                         return code.size() >= p.size() && iequals(code.substr(0, p.size()), p);
                       });
  };

  std::vector<diagnostic> out;
  out.reserve(found.size());
  for (diagnostic& d : found) {
    const code_level* level = level_of(d.code);
    if (level != nullptr && !level->level) continue;
    if (!comments.empty() && d.span.known()) {
      const std::size_t line = lines.locate(d.span.begin).line;
      bool silenced = false;
      for (std::size_t k = 0; k < comments.size(); ++k) {
        const suppression& s = comments[k];
        if ((s.line == line || s.line + 1 == line) && iequals(s.code, d.code)) {
          used[k] = true;
          silenced = true;
        }
      }
      if (silenced) continue;
    }
    if (level != nullptr) d.level = *level->level;
    out.push_back(std::move(d));
  }

  if (options.report_unused) {
    for (std::size_t k = 0; k < comments.size(); ++k) {
      if (used[k]) continue;
      const suppression& s = comments[k];
      const bool known =
          std::any_of(std::begin(codes::all), std::end(codes::all),
                      [&s](const codes::code_info& c) { return iequals(c.code, s.code); });
      std::string message;
      if (!known) {
        message = "'pipewright: ignore[" + s.code + "]' names no pipewright code";
      } else {
        const code_level* level = level_of(s.code);
        if ((level != nullptr && !level->level) || not_checked(s.code)) continue;
        message = "'pipewright: ignore[" + s.code + "]' silences nothing: no " + s.code +
                  " finding on this line or the next";
      }
      diagnostic d{std::string(codes::lint_unused_suppression),
                   severity::note,
                   std::move(message),
                   {},
                   s.span,
                   {}};
      d.notes.emplace_back("remove the code from the comment, or the comment");
      const code_level* own = level_of(d.code);
      if (own != nullptr) {
        if (!own->level) continue;
        d.level = *own->level;
      }
      out.push_back(std::move(d));
    }
  }

  std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
    const bool ka = a.span.known();
    const bool kb = b.span.known();
    if (ka != kb) return !ka;
    if (ka && a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.code < b.code;
  });
  return out;
}

}  // namespace lint
}  // namespace v0
}  // namespace pipewright
