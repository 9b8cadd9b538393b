/// @file render.hpp
/// Rendering diagnostics for people: `file:line:col: error[PW0101]: message`, the source line
/// and a caret underline. Line and column are computed here, from byte offsets.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"

namespace pipewright {
inline namespace v0 {

/// A 1-based line and column. Columns count characters (UTF-8 code points), not bytes.
struct line_col {
  std::size_t line = 0;
  std::size_t column = 0;
  friend constexpr bool operator==(line_col, line_col) noexcept = default;
};

/// The line and column of byte `offset` in `source` (an offset past the end maps to the end).
/// Lines end at `\n`; a `\r` before it belongs to the line ending.
inline line_col locate(std::string_view source, std::size_t offset) noexcept {
  offset = std::min(offset, source.size());
  line_col lc{1, 1};
  // A UTF-8 byte-order mark at the start takes no column (GitHub and the YAML adapter skip it).
  std::size_t line_start = source.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3 ? 3 : 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') {
      ++lc.line;
      line_start = i + 1;
    }
  }
  for (std::size_t i = line_start; i < offset; ++i) {
    // Count code points: every byte that is not a UTF-8 continuation byte starts one.
    if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++lc.column;
  }
  return lc;
}

/// Line starts of one source text, built once (linear), so that each position is found by
/// a binary search instead of a scan from the start: rendering N diagnostics of a file costs
/// O(size + N log lines), not O(size x N).
class line_index {
 public:
  line_index() = default;
  explicit line_index(std::string_view source) : source_(source) {
    starts_.push_back(0);
    for (std::size_t i = source.find('\n'); i != std::string_view::npos;
         i = source.find('\n', i + 1)) {
      starts_.push_back(i + 1);
    }
  }

  /// The source this index was built for.
  [[nodiscard]] std::string_view source() const noexcept { return source_; }
  /// How many lines the source has (a final line without `\n` counts; an empty source has 1).
  [[nodiscard]] std::size_t lines() const noexcept { return starts_.size(); }

  /// Same result as `pipewright::locate(source(), offset)`.
  [[nodiscard]] line_col locate(std::size_t offset) const noexcept {
    if (starts_.empty()) return {1, 1};
    offset = std::min(offset, source_.size());
    const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const std::size_t line = static_cast<std::size_t>(after - starts_.begin());
    line_col lc{line, 1};
    std::size_t from = starts_[line - 1];
    if (line == 1 && offset >= 3 && source_.substr(0, 3) == "\xEF\xBB\xBF") from = 3;  // no column
    for (std::size_t i = from; i < offset; ++i) {
      // Count code points: every byte that is not a UTF-8 continuation byte starts one.
      if ((static_cast<unsigned char>(source_[i]) & 0xC0) != 0x80) ++lc.column;
    }
    return lc;
  }

  /// The byte offset where 1-based `line` starts (the source's size past the last line).
  [[nodiscard]] std::size_t line_begin(std::size_t line) const noexcept {
    return line >= 1 && line <= starts_.size() ? starts_[line - 1] : source_.size();
  }

  /// The text of 1-based `line`, without its line ending (`\n` or `\r\n`); empty past the end.
  [[nodiscard]] std::string_view line(std::size_t line) const noexcept {
    if (line < 1 || line > starts_.size()) return {};
    const std::size_t begin = starts_[line - 1];
    std::size_t end = line < starts_.size() ? starts_[line] - 1 : source_.size();
    if (end > begin && source_[end - 1] == '\r') --end;
    return source_.substr(begin, end - begin);
  }

 private:
  std::string_view source_;
  std::vector<std::size_t> starts_;
};

/// Options for render().
struct render_options {
  bool show_source = true;  ///< print the source line and a caret underline
  bool show_path = true;    ///< print the document path as a note when known
  bool color = false;       ///< ANSI colours (bold location, coloured severity and caret)
};

namespace detail {
inline void append_number(std::string& out, std::size_t n) {
  out += std::to_string(n);
}

/// The ANSI colour of a severity: red, yellow, cyan.
constexpr std::string_view severity_color(severity s) noexcept {
  switch (s) {
    case severity::error: return "\033[1;31m";
    case severity::warning: return "\033[1;33m";
    case severity::note: return "\033[1;36m";
  }
  return "\033[1m";
}
inline constexpr std::string_view ansi_bold = "\033[1m";
inline constexpr std::string_view ansi_reset = "\033[0m";
}  // namespace detail

/// Renders one diagnostic, finding its line through `index` (built over `source`). `source`
/// may be empty (then no source line is shown).
inline std::string render(const diagnostic& d, const line_index& index, std::string_view filename,
                          const render_options& options = {}) {
  const std::string_view source = index.source();
  const bool color = options.color;
  std::string out;
  if (color) out += detail::ansi_bold;
  out += filename.empty() ? std::string_view("<input>") : filename;
  const bool located = d.span.known() && (!source.empty() || d.span.begin == 0);
  line_col lc{};
  if (located) {
    lc = index.locate(d.span.begin);
    out += ':';
    detail::append_number(out, lc.line);
    out += ':';
    detail::append_number(out, lc.column);
  }
  out += ": ";
  if (color) {
    out += detail::ansi_reset;
    out += detail::severity_color(d.level);
  }
  out += severity_name(d.level);
  out += '[';
  out += d.code;
  out += "]:";
  if (color) {
    out += detail::ansi_reset;
    out += detail::ansi_bold;
  }
  out += ' ';
  out += d.message;
  if (color) out += detail::ansi_reset;
  out += '\n';
  if (located && options.show_source && !source.empty()) {
    const std::size_t begin = std::min(d.span.begin, source.size());
    const std::size_t line_start = index.line_begin(lc.line);
    const std::string_view line = index.line(lc.line);
    const std::string gutter = std::to_string(lc.line);
    out.append(gutter.size() + 1, ' ');
    out += "|\n";
    out += gutter;
    out += " | ";
    out += line;
    out += '\n';
    out.append(gutter.size() + 1, ' ');
    out += "| ";
    // Keep tabs so the caret lines up under the same text; a byte-order mark takes no column.
    const std::size_t text_start = lc.line == 1 && source.substr(0, 3) == "\xEF\xBB\xBF"
                                       ? std::min<std::size_t>(3, line.size())
                                       : 0;
    for (std::size_t i = line_start + text_start; i < begin && i < line_start + line.size(); ++i) {
      const char c = source[i];
      if (c == '\t') {
        out += '\t';
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        out += ' ';
      }
    }
    if (color) out += detail::severity_color(d.level);
    out += '^';
    std::size_t end =
        d.span.end == source_span::npos ? begin : std::min(d.span.end, line_start + line.size());
    std::size_t chars = 0;
    for (std::size_t i = begin + 1; i < end; ++i) {
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++chars;
    }
    out.append(chars, '~');
    if (color) out += detail::ansi_reset;
    out += '\n';
  }
  if (options.show_path && !d.path.empty()) {
    out += "  = at: ";
    out += d.path;
    out += '\n';
  }
  for (const std::string& note : d.notes) {
    out += "  = note: ";
    out += note;
    out += '\n';
  }
  return out;
}

/// Renders one diagnostic. `source` may be empty (then no source line is shown). For several
/// diagnostics of one source, render_all() (or a shared line_index) avoids rescanning it.
inline std::string render(const diagnostic& d, std::string_view source, std::string_view filename,
                          const render_options& options = {}) {
  return render(d, line_index(source), filename, options);
}

/// Renders several diagnostics of one source, one after the other (one line index for all).
inline std::string render_all(const std::vector<diagnostic>& diags, std::string_view source,
                              std::string_view filename, const render_options& options = {}) {
  std::string out;
  if (diags.empty()) return out;
  const line_index index(source);
  for (const diagnostic& d : diags) out += render(d, index, filename, options);
  return out;
}

}  // namespace v0
}  // namespace pipewright
