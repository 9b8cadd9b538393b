// The pipewright command-line tool: the repository a workflow file lives in (its root, the
// `owner/name` of its `origin` remote) and its configuration file. File-system code: the CLI
// only, never the library.
#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "app.hpp"
#include "pipewright/host/workspace.hpp"
#include "pipewright/model/action.hpp"
#include "pipewright/model/reusable.hpp"

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

/// The workflow files of `dir` (`*.yml`, `*.yaml`, not in subdirectories), sorted, each as
/// `prefix` + its name.
inline std::vector<std::string> yaml_files(const std::filesystem::path& dir,
                                           const std::string& prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().filename().string();
    const std::string ext = it->path().extension().string();
    if (ext == ".yml" || ext == ".yaml") out.push_back(prefix + name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Where the called workflows of workflow `file` are read from, the repository root its
/// `uses: ./.github/workflows/x.yml` calls resolve against: `dir` when given (--workflows),
/// else the repository the file is in when it is in one's `.github/workflows` (as every file
/// discover_workflows() finds in a repository is); nullopt otherwise (a file elsewhere cannot
/// say where `./.github/workflows` is).
inline std::optional<std::filesystem::path> workflows_root(const std::string& file,
                                                           const std::optional<std::string>& dir) {
  if (dir) return std::filesystem::path(*dir);
  if (file == "-") return std::nullopt;
  // As written (`.github/workflows/ci.yml`), else absolute (`workflows/ci.yml` read from
  // inside `.github`).
  std::error_code ec;
  const std::filesystem::path path(file);
  for (const std::filesystem::path& p :
       {path, std::filesystem::absolute(path, ec).lexically_normal()}) {
    const std::filesystem::path parent = p.parent_path();
    if (parent.filename() == "workflows" && parent.parent_path().filename() == ".github") {
      const std::filesystem::path root = parent.parent_path().parent_path();
      return root.empty() ? std::filesystem::path(".") : root;
    }
  }
  return std::nullopt;
}

/// The text of the workflows `file` calls, read by the workspace policy
/// (host::directory_workspace::workflow_text: `./PATH` under workflows_root(), a copy of
/// `owner/repo/PATH@ref` at `<root>/owner/repo/PATH`); empty when there is no root.
inline model::workflow_resolver call_resolver(const std::string& file,
                                              const std::optional<std::string>& dir) {
  const std::optional<std::filesystem::path> root = workflows_root(file, dir);
  if (!root) return {};
  auto ws = std::make_shared<const host::directory_workspace>(*root);
  return [ws](std::string_view uses) { return ws->workflow_text(uses); };
}

/// The action metadata files (`action.yml`, `action.yaml`) under `dir` at any depth, sorted,
/// each as `prefix` + its path below `dir`.
inline std::vector<std::string> action_files(const std::filesystem::path& dir,
                                             const std::string& prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator
           it(dir, std::filesystem::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if ((name == "action.yml" || name == "action.yaml") && it->is_regular_file(ec)) {
      out.push_back(prefix + it->path().lexically_relative(dir).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The repository root the local actions (`uses: ./path`) of the steps of `file` resolve
/// against, as the runner resolves them against the workspace: `dir` when given
/// (--workflows); else the root of the `.github/workflows` or `.github/actions` directory
/// the file is in; else, for an action's metadata (`action.yml`, `action.yaml`) elsewhere,
/// the git repository around it; nullopt otherwise (a workflow elsewhere cannot say where
/// its repository's root is, as for workflows_root()).
inline std::optional<std::filesystem::path> actions_root(const std::string& file,
                                                         const std::optional<std::string>& dir) {
  if (auto root = workflows_root(file, dir)) return root;
  if (file == "-") return std::nullopt;
  const std::filesystem::path path(file);
  std::error_code ec;
  for (const std::filesystem::path& p :
       {path, std::filesystem::absolute(path, ec).lexically_normal()}) {
    for (std::filesystem::path at = p.parent_path(); !at.empty() && at.has_relative_path();
         at = at.parent_path()) {
      if (at.filename() == "actions" && at.parent_path().filename() == ".github") {
        const std::filesystem::path root = at.parent_path().parent_path();
        return root.empty() ? std::filesystem::path(".") : root;
      }
    }
  }
  const std::string name = path.filename().string();
  if (name != "action.yml" && name != "action.yaml") return std::nullopt;
  const std::filesystem::path parent = path.parent_path();
  return repository_root(parent.empty() ? std::filesystem::path(".") : parent);
}

/// The metadata of the local actions the steps of `file` use, read from under
/// actions_root() (host::directory_workspace::action_text); empty when there is no root.
inline model::action_resolver action_resolver(const std::string& file,
                                              const std::optional<std::string>& dir) {
  const std::optional<std::filesystem::path> root = actions_root(file, dir);
  if (!root) return {};
  auto ws = std::make_shared<const host::directory_workspace>(*root);
  return [ws](std::string_view uses) { return ws->action_text(uses); };
}

/// The workflows a command reads, from its path arguments (docs/repository.md, "Discovery"):
/// none, the `.github/workflows` of the git repository around the current directory; a
/// directory, its `.github/workflows` when it has one, else its own YAML files; a file, that
/// file. The calls of each resolve against workflows_root().
struct discovered_workflows {
  std::vector<std::string> files;
  /// The action metadata under the `.github/actions` of each repository found (not of a
  /// file argument): `lint` checks them too.
  std::vector<std::string> actions;
  std::string error;  ///< why nothing could be found (a usage error)
  /// True when `error` only says that a repository (or directory argument) with action
  /// metadata under `.github/actions` has no workflow: `lint` checks the actions, the
  /// commands that read workflows stop with `error`.
  bool actions_only = false;
};

inline discovered_workflows discover_workflows(const std::vector<std::string_view>& args) {
  discovered_workflows d;
  std::error_code ec;
  if (args.empty()) {
    const std::optional<std::filesystem::path> root = repository_root(".");
    if (!root) {
      d.error = "no workflow files given, and the current directory is not in a git repository";
      return d;
    }
    const std::filesystem::path dir = *root / ".github" / "workflows";
    std::filesystem::path shown =
        std::filesystem::proximate(dir, std::filesystem::current_path(ec), ec);
    if (ec) shown = dir;
    d.files = yaml_files(dir, shown.generic_string() + "/");
    if (d.files.empty()) d.error = "no workflow files in " + shown.generic_string();
    const std::filesystem::path actions = *root / ".github" / "actions";
    std::filesystem::path shown_actions =
        std::filesystem::proximate(actions, std::filesystem::current_path(ec), ec);
    if (ec) shown_actions = actions;
    d.actions = action_files(actions, shown_actions.generic_string() + "/");
    d.actions_only = d.files.empty() && !d.actions.empty();
    return d;
  }
  for (const std::string_view a : args) {
    const std::string arg(a);
    if (arg != "-" && std::filesystem::is_directory(arg, ec)) {
      std::string prefix = arg;
      while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
      const std::filesystem::path workflows = std::filesystem::path(arg) / ".github" / "workflows";
      std::vector<std::string> found = std::filesystem::is_directory(workflows, ec)
                                           ? yaml_files(workflows, prefix + "/.github/workflows/")
                                           : yaml_files(arg, prefix + "/");
      std::vector<std::string> found_actions = action_files(
          std::filesystem::path(arg) / ".github" / "actions", prefix + "/.github/actions/");
      if (found.empty()) {
        if (found_actions.empty()) {
          d.error = "no workflow files in '" + arg + "'";
          d.actions_only = false;
          return d;
        }
        if (d.error.empty()) {
          d.error = "no workflow files in '" + arg + "'";
          d.actions_only = true;
        }
      }
      for (std::string& found_action : found_actions) d.actions.push_back(std::move(found_action));
      d.files.insert(d.files.end(), found.begin(), found.end());
    } else {
      d.files.push_back(arg);
    }
  }
  return d;
}

}  // namespace pipewright::cli
