/// @file hash_files.hpp
/// Part of host/, the optional file-system layer (like yaml/, not in the core umbrella
/// header): include it where a tool reads files.
///
/// The default file-system policy of hashFiles(): GitHub's algorithm (SEMANTICS.md §1.9)
/// over the files under a workspace root.
///
/// Each pattern (one per argument; lines of an argument are separate patterns; `#` lines and
/// blank lines are ignored; a leading `!` excludes) is matched against paths relative to the
/// workspace with `*`, `?`, `[...]` inside a segment and `**` across segments; a pattern that
/// matches a directory matches everything beneath it. Files are visited depth-first with
/// each directory's entries in byte order; every matching regular file is hashed with
/// SHA-256 and the result is the hex SHA-256 of the concatenated 32-byte digests, or '' when
/// nothing matched. Like GitHub's runner, the whole call may take at most
/// `hash_files_timeout` (120 s, configurable through hash_files_options); past it,
/// hashFiles() fails with PW0220.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/host/detail/sha256.hpp"

namespace pipewright {
inline namespace v0 {
namespace host {
namespace detail {

// Matches one path segment against a glob segment (`*`, `?`, `[...]`).
inline bool match_segment(std::string_view p, std::string_view s) noexcept {
  std::size_t pi = 0, si = 0, star_p = std::string_view::npos, star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    }
    if (pi < p.size() && p[pi] == '[') {
      std::size_t k = pi + 1;
      bool negate = k < p.size() && (p[k] == '!' || p[k] == '^');
      if (negate) ++k;
      bool matched = false;
      const std::size_t first = k;
      while (k < p.size() && (p[k] != ']' || k == first)) {
        if (k + 2 < p.size() && p[k + 1] == '-' && p[k + 2] != ']') {
          matched = matched || (s[si] >= p[k] && s[si] <= p[k + 2]);
          k += 3;
        } else {
          matched = matched || s[si] == p[k];
          ++k;
        }
      }
      if (k < p.size() && matched != negate) {
        pi = k + 1;
        ++si;
        continue;
      }
    } else if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p + 1;
    si = ++star_s;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

inline std::vector<std::string_view> split_path(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    const std::size_t j = std::min(s.find('/', i), s.size());
    if (j > i && s.substr(i, j - i) != ".") out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

inline bool match_glob(std::span<const std::string_view> p, std::span<const std::string_view> s) {
  if (p.empty()) return s.empty();
  if (p[0] == "**") {
    for (std::size_t k = 0; k <= s.size(); ++k) {
      if (match_glob(p.subspan(1), s.subspan(k))) return true;
    }
    return false;
  }
  if (s.empty() || !match_segment(p[0], s[0])) return false;
  return match_glob(p.subspan(1), s.subspan(1));
}

// True when the pattern matches the path or one of its ancestors (implicit descendants).
inline bool match_with_ancestors(std::span<const std::string_view> p,
                                 std::span<const std::string_view> s) {
  for (std::size_t n = s.size(); n > 0; --n) {
    if (match_glob(p, s.first(n))) return true;
  }
  return false;
}

}  // namespace detail

/// GitHub's limit on one hashFiles() call: the runner stops it after 120 seconds (PW0220).
inline constexpr std::chrono::milliseconds hash_files_timeout{120'000};

/// Limits of the default file-system policy.
struct hash_files_options {
  /// Longest time one hashFiles() call may take (walking and hashing); PW0220 past it.
  std::chrono::milliseconds timeout = hash_files_timeout;
};

/// hashFiles() over the files under `workspace` (see the file comment).
inline expr::hash_files_policy default_hash_files(std::filesystem::path workspace,
                                                  hash_files_options limits = {}) {
  return [root = std::move(workspace), limits](std::span<const std::string> args,
                                               bool follow) -> result<std::string> {
    namespace fs = std::filesystem;
    using clock = std::chrono::steady_clock;
    const clock::time_point deadline = clock::now() + limits.timeout;
    bool timed_out = false;
    auto out_of_time = [&]() {
      timed_out = timed_out || clock::now() >= deadline;
      return timed_out;
    };
    auto timeout_error = [&]() {
      std::string list;
      for (const std::string& a : args) {
        if (!list.empty()) list += ", ";
        list += a;
      }
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(limits.timeout);
      return make_error(codes::expr_hash_files_timeout,
                        "hashFiles('" + list + "') couldn't finish within " +
                            std::to_string(seconds.count()) + " seconds.");
    };
    std::error_code ec;
    const fs::path base = fs::weakly_canonical(root, ec);
    if (ec) return make_error(codes::expr_hash_files_failed, "cannot read the workspace");
    const std::string base_text = base.generic_string();
    struct pattern {
      bool exclude;
      std::string text;
    };
    std::vector<pattern> patterns;
    for (const std::string& a : args) {
      std::size_t i = 0;
      while (i <= a.size()) {
        std::size_t j = std::min(a.find('\n', i), a.size());
        std::string_view line(a.data() + i, j - i);
        i = j + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
          line.remove_prefix(1);
        while (!line.empty() &&
               (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
          line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#') continue;
        bool exclude = false;
        while (!line.empty() && line.front() == '!') {
          exclude = !exclude;
          line.remove_prefix(1);
        }
        std::string text(line);
        // Absolute patterns inside the workspace become relative.
        if (!text.empty() && text.front() == '/') {
          if (text.compare(0, base_text.size(), base_text) != 0) continue;
          text = text.substr(base_text.size());
        }
        patterns.push_back({exclude, std::move(text)});
      }
    }
    std::vector<std::vector<std::string_view>> split;
    split.reserve(patterns.size());
    for (const pattern& p : patterns) split.push_back(detail::split_path(p.text));

    detail::sha256 total;
    std::size_t matched = 0;
    // Depth-first walk, entries in byte order.
    std::vector<std::pair<fs::path, std::string>> files;
    std::size_t guard = 0;
    auto walk = [&](auto& self, const fs::path& dir, const std::string& rel) -> void {
      if (++guard > 1000000 || out_of_time()) return;
      std::vector<std::string> names;
      for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (out_of_time()) return;
        names.push_back(it->path().filename().string());
      }
      std::sort(names.begin(), names.end());
      for (const std::string& name : names) {
        const fs::path full = dir / name;
        const std::string r = rel.empty() ? name : rel + "/" + name;
        const auto st = fs::symlink_status(full, ec);
        const bool link = fs::is_symlink(st);
        const auto target = fs::status(full, ec);
        if (fs::is_directory(target)) {
          if (!link || follow) self(self, full, r);
        } else if (fs::is_regular_file(target)) {
          files.emplace_back(full, r);
        }
      }
    };
    walk(walk, base, "");
    if (timed_out) return timeout_error();
    for (const auto& [full, rel] : files) {
      if (out_of_time()) return timeout_error();
      const auto parts = detail::split_path(rel);
      bool in = false;
      for (std::size_t k = 0; k < patterns.size(); ++k) {
        if (patterns[k].exclude == in && detail::match_with_ancestors(split[k], parts)) {
          in = !patterns[k].exclude;
        }
      }
      if (!in) continue;
      std::FILE* f = std::fopen(full.string().c_str(), "rb");
      if (f == nullptr) {
        return make_error(codes::expr_hash_files_failed, "cannot read '" + rel + "'");
      }
      detail::sha256 one;
      char buf[65536];
      for (;;) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        one.update(buf, n);
        if (n < sizeof buf) break;
        if (out_of_time()) {
          std::fclose(f);
          return timeout_error();
        }
      }
      std::fclose(f);
      const auto d = one.finish();
      total.update(d.data(), d.size());
      ++matched;
    }
    if (matched == 0) return std::string();
    return detail::sha256::hex(total.finish());
  };
}

}  // namespace host
}  // namespace v0
}  // namespace pipewright
