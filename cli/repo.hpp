// The pipewright command-line tool: the repository a workflow file lives in (its root, the
// `owner/name` of its `origin` remote) and its configuration file. File-system code: the CLI
// only, never the library.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "app.hpp"

namespace pipewright::cli {

/// The nearest directory at or above `start` that holds `.git` (a directory, or a file for
/// worktrees and submodules); nullopt when there is none.
inline std::optional<std::filesystem::path> repository_root(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  dir = dir.lexically_normal();
  for (;;) {
    if (std::filesystem::exists(dir / ".git", ec)) return dir;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

/// `owner/name` from a remote URL of a GitHub repository (`https://github.com/o/n(.git)`,
/// `git@github.com:o/n.git`, `ssh://git@github.com/o/n`); empty when it is not one.
inline std::string github_repository_of_url(std::string_view url) {
  while (!url.empty() && (url.back() == '/' || url.back() == ' ' || url.back() == '\r')) {
    url.remove_suffix(1);
  }
  if (url.size() > 4 && url.substr(url.size() - 4) == ".git") url.remove_suffix(4);
  const std::size_t host = url.find("github.com");
  if (host == std::string_view::npos) return {};
  std::string_view rest = url.substr(host + 10);
  if (rest.empty() || (rest.front() != '/' && rest.front() != ':')) return {};
  rest.remove_prefix(1);
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= rest.size() ||
      rest.find('/', slash + 1) != std::string_view::npos) {
    return {};
  }
  return std::string(rest);
}

/// The `owner/name` of the `origin` remote in `root/.git/config`; empty when unknown.
inline std::string origin_repository(const std::filesystem::path& root) {
  std::error_code ec;
  std::filesystem::path git = root / ".git";
  if (std::filesystem::is_regular_file(git, ec)) {
    // A worktree or submodule: ".git" holds "gitdir: PATH"; the config is in the common dir.
    auto pointer = read_input(git.string());
    if (!pointer) return {};
    std::string_view text = *pointer;
    if (text.substr(0, 8) != "gitdir: ") return {};
    text.remove_prefix(8);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    std::filesystem::path dir(std::string{text});
    if (dir.is_relative()) dir = root / dir;
    auto common = read_input((dir / "commondir").string());
    if (common) {
      std::string c = *common;
      while (!c.empty() && (c.back() == '\n' || c.back() == '\r')) c.pop_back();
      dir = std::filesystem::path(c).is_relative() ? dir / c : std::filesystem::path(c);
    }
    git = dir;
  }
  auto config = read_input((git / "config").string());
  if (!config) return {};
  bool in_origin = false;
  std::string_view text = *config;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty() && line.front() == '[') {
      in_origin = line.substr(0, 17) == "[remote \"origin\"]";
      continue;
    }
    if (in_origin && line.substr(0, 3) == "url") {
      const std::size_t eq = line.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view url = line.substr(eq + 1);
      while (!url.empty() && url.front() == ' ') url.remove_prefix(1);
      return github_repository_of_url(url);
    }
  }
  return {};
}

/// The configuration file at `root`: `.github/pipewright.yaml`, else `.github/pipewright.yml`.
inline std::optional<std::filesystem::path> find_config(const std::filesystem::path& root) {
  std::error_code ec;
  for (const char* name : {".github/pipewright.yaml", ".github/pipewright.yml"}) {
    const std::filesystem::path p = root / name;
    if (std::filesystem::is_regular_file(p, ec)) return p;
  }
  return std::nullopt;
}

/// `file` relative to `root` with `/` separators, or `file` as given when it is outside.
inline std::string relative_to(const std::filesystem::path& root, std::string_view file) {
  std::error_code ec;
  const std::filesystem::path abs =
      std::filesystem::absolute(std::filesystem::path(std::string(file)), ec).lexically_normal();
  if (ec) return std::string(file);
  const std::filesystem::path rel = abs.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return std::string(file);
  return rel.generic_string();
}

}  // namespace pipewright::cli
