// The pipewright command-line tool: shared plumbing for the subcommands (arguments, files,
// output, exit codes, JSON Lines batches).
#pragma once

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/export/findings.hpp"
#include "pipewright/export/jsonl.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/json.hpp"

namespace pipewright::cli {

/// Exit codes shared by every subcommand.
enum exit_code : int {
  exit_ok = 0,        ///< success, nothing found
  exit_findings = 1,  ///< the input has problems, or the run failed
  exit_usage = 2,     ///< the command line is wrong
};

/// Largest input file the tool reads (PW0002 beyond it).
inline constexpr std::size_t max_input_bytes = std::size_t{256} << 20;

/// Where a subcommand writes; tests capture it.
struct streams {
  std::FILE* in = stdin;
  std::FILE* out = stdout;
  std::FILE* err = stderr;

  /// Set by a command given `--format json`: report() then writes each diagnostic as one JSON
  /// object per line (export_::diagnostic_json, the shape of `lint --format json`).
  mutable bool json_diagnostics = false;

  void write(std::string_view s) const { std::fwrite(s.data(), 1, s.size(), out); }
  void error(std::string_view s) const { std::fwrite(s.data(), 1, s.size(), err); }
};

/// A subcommand's arguments with small helpers for options.
class arguments {
 public:
  explicit arguments(std::span<const std::string_view> args) : args_(args.begin(), args.end()) {}

  /// Removes `--name` if present; returns whether it was.
  bool flag(std::string_view name) {
    for (auto it = args_.begin(); it != args_.end(); ++it) {
      if (*it == name) {
        args_.erase(it);
        return true;
      }
    }
    return false;
  }
  /// Removes `--name VALUE` or `--name=VALUE` (the first one); empty when absent. Sets
  /// `missing` when the option has no value.
  std::optional<std::string> option(std::string_view name, bool& missing) {
    for (auto it = args_.begin(); it != args_.end(); ++it) {
      if (*it == name) {
        if (it + 1 == args_.end()) {
          missing = true;
          args_.erase(it);
          return std::nullopt;
        }
        std::string v(*(it + 1));
        args_.erase(it, it + 2);
        return v;
      }
      if (it->size() > name.size() && it->substr(0, name.size()) == name &&
          (*it)[name.size()] == '=') {
        std::string v(it->substr(name.size() + 1));
        args_.erase(it);
        return v;
      }
    }
    return std::nullopt;
  }
  /// Removes every `--name VALUE`; returns the values in order.
  std::vector<std::string> options(std::string_view name, bool& missing) {
    std::vector<std::string> out;
    while (auto v = option(name, missing)) out.push_back(std::move(*v));
    return out;
  }
  /// The first remaining argument that starts with `-` (but is not `-`), if any.
  [[nodiscard]] std::optional<std::string_view> unknown_option() const {
    for (std::string_view a : args_) {
      if (a.size() > 1 && a[0] == '-') return a;
    }
    return std::nullopt;
  }
  [[nodiscard]] const std::vector<std::string_view>& positional() const { return args_; }

 private:
  std::vector<std::string_view> args_;
};

/// Reads a whole file, or standard input for "-".
inline result<std::string> read_input(const std::string& path, std::FILE* in = stdin) {
  std::FILE* f = path == "-" ? in : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return make_error(codes::io_read_failed, "cannot open '" + path + "': " + std::strerror(errno));
  }
  std::string data;
  char buf[65536];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f);
    data.append(buf, n);
    if (data.size() > max_input_bytes) {
      if (f != in) std::fclose(f);
      return make_error(codes::io_input_too_large, "'" + path + "' is larger than " +
                                                       std::to_string(max_input_bytes) + " bytes");
    }
    if (n < sizeof buf) break;
  }
  const bool failed = std::ferror(f) != 0;
  if (f != in) std::fclose(f);
  if (failed) return make_error(codes::io_read_failed, "cannot read '" + path + "'");
  // A UTF-8 byte-order mark is not part of the text (GitHub ignores it): dropping it here
  // keeps every command's line:column right on line 1.
  if (data.compare(0, 3, "\xEF\xBB\xBF") == 0) data.erase(0, 3);
  return data;
}

/// Prints a usage error and returns exit_usage.
inline int usage_error(const streams& io, std::string_view command, std::string_view message) {
  io.error("pipewright");
  if (!command.empty()) {
    io.error(" ");
    io.error(command);
  }
  io.error(": ");
  io.error(message);
  io.error("\n(see 'pipewright ");
  if (!command.empty()) {
    io.error(command);
    io.error(" ");
  }
  io.error("--help')\n");
  return exit_usage;
}

/// Writes diagnostics to the error stream: rendered for people, or as JSON lines after
/// `--format json` (streams::json_diagnostics). `filename` names the input (a path, or
/// `<stdin>`); it is empty only for command-line text.
inline void report(const streams& io, const std::vector<diagnostic>& diags, std::string_view source,
                   std::string_view filename) {
  if (!io.json_diagnostics) {
    io.error(render_all(diags, source, filename));
    return;
  }
  const line_index lines(source);
  std::string out;
  for (const diagnostic& d : diags) {
    json::write(out, export_::diagnostic_json(d, filename, lines), json::compact_style);
    out += '\n';
  }
  io.error(out);
}

/// Reads `path` (standard input for "-") and gives its text to `parse` (json::parse,
/// yaml::load): the document, or nothing once the problems were reported at their positions
/// in the file (shown as `<stdin>` for "-").
template <class Parse>
auto read_document(const streams& io, const std::string& path, Parse&& parse)
    -> std::optional<std::remove_cvref_t<decltype(*parse(std::string_view()))>> {
  const std::string shown = path == "-" ? "<stdin>" : path;
  auto text = read_input(path, io.in);
  if (!text) {
    report(io, text.diagnostics(), "", shown);
    return std::nullopt;
  }
  auto doc = parse(std::string_view(*text));
  if (!doc) {
    report(io, doc.diagnostics(), *text, shown);
    return std::nullopt;
  }
  return std::move(*doc);
}

/// read_document() of a JSON file.
inline std::optional<value> read_json_document(const streams& io, const std::string& path) {
  return read_document(io, path, [](std::string_view text) { return json::parse(text); });
}

/// Calls `fn(line, number)` for every line of `in` (without its line ending), numbered from 1.
/// Reads in large blocks; `line` views the block, valid until `fn` returns.
template <class Fn>
void for_each_line(std::FILE* in, Fn&& fn) {
  constexpr std::size_t block = std::size_t{1} << 20;
  std::vector<char> buf(block);
  std::size_t size = 0;   // bytes in buf
  std::size_t begin = 0;  // the unread part of buf starts here
  std::size_t number = 0;
  auto emit = [&](std::size_t from, std::size_t to) {
    std::string_view line(buf.data() + from, to - from);
    ++number;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    fn(line, number);
  };
  for (;;) {
    // Keep the unfinished line at the front, then read a block after it.
    std::memmove(buf.data(), buf.data() + begin, size - begin);
    size -= begin;
    begin = 0;
    if (buf.size() - size < block) buf.resize(size + block);
    const std::size_t n = std::fread(buf.data() + size, 1, block, in);
    std::size_t scan = size;
    size += n;
    for (;;) {
      const void* nl = std::memchr(buf.data() + scan, '\n', size - scan);
      if (nl == nullptr) break;
      const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
      emit(begin, end);
      begin = scan = end;
    }
    if (n == 0) break;
  }
  if (begin < size) emit(begin, size);
}

/// Writes `response` as one compact JSON line.
inline void write_line(const streams& io, const value& response) {
  std::string out;
  json::write(out, response, json::compact_style);
  out += '\n';
  io.write(out);
}

/// Runs a JSON Lines batch: `write(out, line)` appends the answer to each input line (its
/// text) to `out`, one compact JSON object, and returns its "ok"; blank lines are skipped.
/// Never stops early. Returns exit_ok when every answer was "ok": true, exit_findings
/// otherwise.
template <class Write>
int run_jsonl_written(const streams& io, Write&& write) {
  int status = exit_ok;
  std::string out;
  for_each_line(io.in, [&](std::string_view line, std::size_t) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    if (!write(out, line)) status = exit_findings;
    out += '\n';
    if (out.size() >= (std::size_t{1} << 16)) {
      io.write(out);
      out.clear();
    }
  });
  io.write(out);
  std::fflush(io.out);
  return status;
}

/// run_jsonl_written() with `handle` answering each input line (its text) with an object,
/// written as one compact line; blank lines are skipped. Never stops early. Returns exit_ok
/// when every line was answered with "ok": true, exit_findings otherwise.
template <class Handle>
int run_jsonl_lines(const streams& io, Handle&& handle) {
  return run_jsonl_written(io, [&handle](std::string& out, std::string_view line) {
    const value response = handle(line);
    json::write(out, response, json::compact_style);
    return response["ok"].is_bool() && response["ok"].as_bool();
  });
}

/// run_jsonl_lines() with each line parsed as a JSON value and given to `handle`; a line
/// that is not JSON gets `{"id": null, "ok": false, "error": "..."}`.
inline int run_jsonl(const streams& io, const std::function<value(const value&)>& handle) {
  return run_jsonl_lines(io, [&handle](std::string_view line) {
    auto parsed = json::parse(line);
    return parsed ? handle(*parsed) : export_::jsonl_parse_error(*parsed.first_error());
  });
}

/// The concatenation of `Parts` as one constant string: help texts that share a fragment.
template <const std::string_view&... Parts>
struct joined {
  static constexpr auto storage = [] {
    std::array<char, (Parts.size() + ... + 0) + 1> a{};
    std::size_t i = 0;
    for (const std::string_view part : {Parts...}) {
      for (const char ch : part) a[i++] = ch;
    }
    return a;
  }();
  static constexpr std::string_view value{storage.data(), storage.size() - 1};
};

/// One subcommand of the tool.
struct command {
  std::string_view name;
  std::string_view summary;
  std::string_view help;
  int (*run)(arguments& args, const streams& io);
};

}  // namespace pipewright::cli
