/// @file findings_impl.hpp
/// The definitions behind export/findings.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/export/findings.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/value.hpp"
#include "pipewright/version.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

PIPEWRIGHT_DECL finding_region region_of(const diagnostic& d, const line_index& lines) {
  finding_region r;
  if (!d.span.known() || (lines.source().empty() && d.span.begin != 0)) return r;
  r.start = lines.locate(d.span.begin);
  if (d.span.end != source_span::npos && d.span.end > d.span.begin) {
    // A span that takes in a line ending ends on that line, not at the start of the next.
    const std::string_view source = lines.source();
    std::size_t end = std::min(d.span.end, source.size());
    if (end > d.span.begin + 1 && source[end - 1] == '\n') {
      --end;
      if (end > d.span.begin + 1 && source[end - 1] == '\r') --end;
    }
    r.end = lines.locate(end);
  }
  return r;
}

PIPEWRIGHT_DECL value diagnostic_json(const diagnostic& d, std::string_view file,
                                      const line_index& lines) {
  const finding_region r = region_of(d, lines);
  value notes = value::make_array();
  for (const std::string& n : d.notes) notes.as_array().push_back(value(n));
  return value::make_object({{"file", value(std::string(file))},
                             {"line", r.start.line},
                             {"column", r.start.column},
                             {"end_line", r.end.line},
                             {"end_column", r.end.column},
                             {"code", value(d.code)},
                             {"severity", value(std::string(severity_name(d.level)))},
                             {"message", value(d.message)},
                             {"path", value(d.path)},
                             {"notes", std::move(notes)}});
}

namespace detail {

/// Escapes a workflow command's data (`%`, CR, LF) or, with `property`, a property value
/// (also `:` and `,`), as the runner's command parser expects.
inline void append_command_escaped(std::string& out, std::string_view s, bool property) {
  for (const char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':':
        if (property) {
          out += "%3A";
        } else {
          out += c;
        }
        break;
      case ',':
        if (property) {
          out += "%2C";
        } else {
          out += c;
        }
        break;
      default: out += c;
    }
  }
}

}  // namespace detail

PIPEWRIGHT_DECL std::string github_annotation(const diagnostic& d, std::string_view file,
                                              const line_index& lines) {
  const finding_region r = region_of(d, lines);
  std::string out = "::";
  out += d.level == severity::error ? "error" : d.level == severity::warning ? "warning" : "notice";
  out += " file=";
  detail::append_command_escaped(out, file, true);
  if (r.start.line > 0) {
    out += ",line=" + std::to_string(r.start.line) + ",col=" + std::to_string(r.start.column);
    if (r.end.line > 0) {
      out +=
          ",endLine=" + std::to_string(r.end.line) + ",endColumn=" + std::to_string(r.end.column);
    }
  }
  out += ",title=";
  detail::append_command_escaped(out, d.code, true);
  out += "::";
  std::string message = d.message;
  for (const std::string& n : d.notes) message += "\n" + n;
  detail::append_command_escaped(out, message, false);
  out += '\n';
  return out;
}

namespace detail {

/// `json_unexpected_character` -> `JsonUnexpectedCharacter` (a SARIF rule's `name`).
inline std::string pascal_case(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (const char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

/// The GitHub Markdown anchor of a code's section in docs/errors.md (`### PW0101 name`).
inline std::string errors_anchor(const codes::code_info& c) {
  std::string out;
  for (const char ch : c.code)
    out += ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
  out += '-';
  out += c.name;
  return out;
}

PIPEWRIGHT_DECL std::string fingerprint(std::initializer_list<std::string_view> parts) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::string_view p : parts) {
    for (const char c : p) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    h ^= 0xff;
    h *= 0x100000001b3ULL;
  }
  constexpr char hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = hex[h & 0xF];
    h >>= 4;
  }
  return out;
}

/// A path as a URI reference: `/` separators kept, bytes outside the unreserved set and `/`
/// percent-encoded; absolute paths become `file://` URIs.
inline std::string path_uri(std::string_view path) {
  constexpr char hex[] = "0123456789ABCDEF";
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace detail

PIPEWRIGHT_DECL value sarif_log(std::span<const sarif_file> files, const sarif_options& options) {
  value rules = value::make_array();
  for (const codes::code_info& c : codes::all) {
    std::string full;
    if (options.describe != nullptr) full = std::string(options.describe(c.code));
    if (full.empty()) full = std::string(c.summary);
    const std::string help_uri =
        options.information_uri + "/docs/errors.md#" + detail::errors_anchor(c);
    rules.as_array().push_back(value::make_object(
        {{"id", value(std::string(c.code))},
         {"name", value(detail::pascal_case(c.name))},
         {"shortDescription", value::make_object({{"text", value(std::string(c.summary))}})},
         {"fullDescription", value::make_object({{"text", value(full)}})},
         {"help",
          value::make_object({{"text", value(full + " (" + help_uri + ")")},
                              {"markdown", value(full + "\n\n[" + std::string(c.code) +
                                                 " in docs/errors.md](" + help_uri + ")")}})},
         {"helpUri", value(help_uri)}}));
  }
  auto rule_index = [](std::string_view code) -> std::size_t {
    std::size_t i = 0;
    for (const codes::code_info& c : codes::all) {
      if (c.code == code) return i;
      ++i;
    }
    return static_cast<std::size_t>(-1);
  };

  value artifacts = value::make_array();
  value results = value::make_array();
  std::size_t artifact = 0;
  for (const sarif_file& f : files) {
    const std::string uri = detail::path_uri(f.uri);
    artifacts.as_array().push_back(
        value::make_object({{"location", value::make_object({{"uri", value(uri)}})}}));
    const line_index lines(f.source);
    std::map<std::string, std::size_t> seen;  // fingerprints so far: a repeat gets ":2"
    for (const diagnostic& d : f.diagnostics) {
      const finding_region r = region_of(d, lines);
      value location = value::make_object(
          {{"artifactLocation", value::make_object({{"uri", value(uri)}, {"index", artifact}})}});
      if (r.start.line > 0) {
        value region =
            value::make_object({{"startLine", r.start.line}, {"startColumn", r.start.column}});
        if (r.end.line > 0) {
          region.as_object().insert("endLine", value(r.end.line));
          region.as_object().insert("endColumn", value(r.end.column));
        }
        location.as_object().insert("region", std::move(region));
      }
      std::string text = d.message;
      for (const std::string& n : d.notes) text += "\n" + n;
      std::string line_text;
      if (r.start.line > 0) {
        std::string_view l = lines.line(r.start.line);
        while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
        line_text = std::string(l);
      }
      std::string print = detail::fingerprint({d.code, d.path, line_text});
      const std::size_t repeats = ++seen[print];
      print += ":" + std::to_string(repeats);
      value result = value::make_object(
          {{"ruleId", value(d.code)},
           {"level", value(std::string(severity_name(d.level)))},
           {"message", value::make_object({{"text", value(text)}})},
           {"locations",
            value::make_array({value::make_object({{"physicalLocation", std::move(location)}})})},
           {"partialFingerprints",
            value::make_object({{"pipewrightFinding/v1", value(std::move(print))}})}});
      const std::size_t index = rule_index(d.code);
      if (index != static_cast<std::size_t>(-1))
        result.as_object().insert("ruleIndex", value(index));
      results.as_array().push_back(std::move(result));
    }
    ++artifact;
  }

  value driver = value::make_object({{"name", value(std::string("pipewright"))},
                                     {"version", value(std::string(version.text))},
                                     {"semanticVersion", value(std::string(version.text))},
                                     {"informationUri", value(options.information_uri)},
                                     {"rules", std::move(rules)}});
  value run = value::make_object({{"tool", value::make_object({{"driver", std::move(driver)}})},
                                  {"artifacts", std::move(artifacts)},
                                  {"columnKind", value(std::string("unicodeCodePoints"))},
                                  {"results", std::move(results)}});
  return value::make_object(
      {{"$schema", value(std::string("https://json.schemastore.org/sarif-2.1.0.json"))},
       {"version", value(std::string("2.1.0"))},
       {"runs", value::make_array({std::move(run)})}});
}

}  // namespace export_
}  // namespace v0
}  // namespace pipewright
