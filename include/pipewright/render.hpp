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
  std::size_t line_start = 0;
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

/// Options for render().
struct render_options {
  bool show_source = true;  ///< print the source line and a caret underline
  bool show_path = true;    ///< print the document path as a note when known
};

namespace detail {
inline void append_number(std::string& out, std::size_t n) {
  out += std::to_string(n);
}
}  // namespace detail

/// Renders one diagnostic. `source` may be empty (then no source line is shown).
inline std::string render(const diagnostic& d, std::string_view source, std::string_view filename,
                          const render_options& options = {}) {
  std::string out;
  out += filename.empty() ? std::string_view("<input>") : filename;
  const bool located = d.span.known() && (!source.empty() || d.span.begin == 0);
  line_col lc{};
  if (located) {
    lc = locate(source, d.span.begin);
    out += ':';
    detail::append_number(out, lc.line);
    out += ':';
    detail::append_number(out, lc.column);
  }
  out += ": ";
  out += severity_name(d.level);
  out += '[';
  out += d.code;
  out += "]: ";
  out += d.message;
  out += '\n';
  if (located && options.show_source && !source.empty()) {
    const std::size_t begin = std::min(d.span.begin, source.size());
    std::size_t line_start = begin;
    while (line_start > 0 && source[line_start - 1] != '\n') --line_start;
    std::size_t line_end = source.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = source.size();
    std::string_view line = source.substr(line_start, line_end - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string gutter = std::to_string(lc.line);
    out.append(gutter.size() + 1, ' ');
    out += "|\n";
    out += gutter;
    out += " | ";
    out += line;
    out += '\n';
    out.append(gutter.size() + 1, ' ');
    out += "| ";
    // Keep tabs so the caret lines up under the same text.
    for (std::size_t i = line_start; i < begin && i < line_start + line.size(); ++i) {
      const char c = source[i];
      if (c == '\t') {
        out += '\t';
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        out += ' ';
      }
    }
    out += '^';
    std::size_t end =
        d.span.end == source_span::npos ? begin : std::min(d.span.end, line_start + line.size());
    std::size_t chars = 0;
    for (std::size_t i = begin + 1; i < end; ++i) {
      if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++chars;
    }
    out.append(chars, '~');
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

/// Renders several diagnostics, one after the other.
inline std::string render_all(const std::vector<diagnostic>& diags, std::string_view source,
                              std::string_view filename, const render_options& options = {}) {
  std::string out;
  for (const diagnostic& d : diags) out += render(d, source, filename, options);
  return out;
}

}  // namespace v0
}  // namespace pipewright
