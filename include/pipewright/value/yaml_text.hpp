/// @file yaml_text.hpp
/// A value tree as YAML text: two-space indentation, keys in the tree's order, strings quoted
/// unless plainly safe under YAML 1.1 and 1.2, multi-line strings as literal blocks. Deterministic;
/// reading the text back (any YAML 1.2 loader) gives the same tree.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace yaml_text {

namespace detail {

inline bool is_yaml_word(std::string_view s) {
  for (std::string_view w : {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}) {
    if (pipewright::detail::iequals(s, w)) return true;
  }
  return false;
}

/// True when `s` can be written without quotes and reads back as the same string under both
/// YAML 1.1 and 1.2 resolution: no indicator first, no `: ` or ` #`, and nothing a resolver
/// could take for a Boolean, null, number, date or merge key (anything starting with a digit,
/// a sign or a dot is quoted).
inline bool plain_safe(std::string_view s) {
  if (s.empty() || is_yaml_word(s) || s == "=" || s.back() == ' ' || s.back() == ':') return false;
  const std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`<=~+.0123456789 ";
  if (indicators.find(s.front()) != std::string_view::npos) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return false;
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') return false;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return false;
  }
  return true;
}

inline void write_scalar_string(std::string& out, std::string_view s) {
  if (plain_safe(s)) {
    out += s;
  } else {
    out += json::dump(value(s), json::compact_style);
  }
}

/// A multi-line string as a literal block, when the block reads back exactly.
inline bool block_safe(std::string_view s) {
  if (s.find('\n') == std::string_view::npos) return false;
  if (s.front() == ' ' || s.front() == '\n' || s.front() == '\t') return false;
  for (const char c : s) {
    if (c == '\r' || (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')) {
      return false;
    }
  }
  // Literal lines must not end in spaces we could lose; they do not, but a line of only
  // spaces would be read as empty.
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) nl = s.size();
    const std::string_view line = s.substr(start, nl - start);
    if (!line.empty() && line.find_first_not_of(' ') == std::string_view::npos) return false;
    start = nl + 1;
  }
  return true;
}

inline void indent_to(std::string& out, std::size_t n) {
  out.append(n, ' ');
}

inline void write_block(std::string& out, std::string_view s, std::size_t indent) {
  std::size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  out += trailing == 0 ? "|-" : (trailing == 1 ? "|" : "|+");
  out += '\n';
  const std::string_view body = s.substr(0, s.size() - trailing);
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t nl = body.find('\n', start);
    if (nl == std::string_view::npos) nl = body.size();
    const std::string_view line = body.substr(start, nl - start);
    if (!line.empty()) {
      indent_to(out, indent);
      out += line;
    }
    out += '\n';
    start = nl + 1;
  }
  for (std::size_t k = 1; k < trailing; ++k) out += '\n';
}

inline void write_key(std::string& out, std::string_view key) {
  if (key == "on") {
    out += key;
  } else {
    write_scalar_string(out, key);
  }
  out += ':';
}

inline void write_yaml_value(std::string& out, const value& v, std::size_t indent);

/// Writes a value that follows `key:` or `- `: scalars on the same line, containers below.
inline void write_after_key(std::string& out, const value& v, std::size_t indent) {
  if (v.is_null()) {
    out += '\n';
  } else if (v.is_bool()) {
    out += v.as_bool() ? " true\n" : " false\n";
  } else if (v.is_number()) {
    out += ' ';
    out += json::dump(v, json::compact_style);
    out += '\n';
  } else if (v.is_string()) {
    out += ' ';
    if (block_safe(v.as_string())) {
      write_block(out, v.as_string(), indent + 2);
    } else {
      write_scalar_string(out, v.as_string());
      out += '\n';
    }
  } else if (v.is_array() && v.as_array().empty()) {
    out += " []\n";
  } else if (v.is_object() && v.as_object().empty()) {
    out += " {}\n";
  } else {
    out += '\n';
    write_yaml_value(out, v, indent + 2);
  }
}

inline void write_yaml_value(std::string& out, const value& v, std::size_t indent) {
  if (v.is_object()) {
    for (const auto& [k, member_value] : v.as_object()) {
      indent_to(out, indent);
      write_key(out, k);
      write_after_key(out, member_value, indent);
    }
  } else if (v.is_array()) {
    for (const value& e : v.as_array()) {
      indent_to(out, indent);
      out += '-';
      if (e.is_object() && !e.as_object().empty()) {
        bool first = true;
        for (const auto& [k, member_value] : e.as_object()) {
          if (first) {
            out += ' ';
          } else {
            indent_to(out, indent + 2);
          }
          first = false;
          write_key(out, k);
          write_after_key(out, member_value, indent + 2);
        }
      } else {
        write_after_key(out, e, indent);
      }
    }
  }
}

}  // namespace detail

/// Appends `v` as a YAML block document (no `---`); the key `on` is written plain, as GitHub
/// workflows write it.
inline void write(std::string& out, const value& v) {
  if (v.is_object() || v.is_array()) {
    detail::write_yaml_value(out, v, 0);
  } else {
    std::string scalar;
    detail::write_after_key(scalar, v, 0);
    out += scalar.empty() || scalar == "\n" ? std::string("null\n") : scalar.substr(1);
  }
}

/// `v` as YAML text (see write()).
inline std::string dump(const value& v) {
  std::string out;
  write(out, v);
  return out;
}

}  // namespace yaml_text
}  // namespace v0
}  // namespace pipewright
