/// @file workspace.hpp
/// A workspace policy over a directory of this machine, for `engine::basic_engine`:
/// hashFiles() with GitHub's algorithm under the root (host/hash_files.hpp), and the text
/// of the workflows that local calls (`uses: ./.github/workflows/x.yml`) name, read from
/// under the root (and local copies of other repositories' workflows, `<root>/owner/repo/
/// path`). Part of host/, the optional file-system layer (not in the core umbrella
/// header).
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/host/hash_files.hpp"

namespace pipewright {
inline namespace v0 {
namespace host {

/// The files under one directory (a repository's root).
class directory_workspace {
 public:
  /// The current directory.
  directory_workspace() : directory_workspace(std::filesystem::path(".")) {}
  explicit directory_workspace(std::filesystem::path root, hash_files_options limits = {})
      : root_(std::move(root)), hash_(default_hash_files(root_, limits)) {}

  /// hashFiles(): GitHub's algorithm over the files under the root.
  [[nodiscard]] result<std::string> hash_files(std::span<const std::string> patterns,
                                               bool follow) const {
    return hash_(patterns, follow);
  }

  /// The text of a local call's workflow (`./` followed by a path under the root), or of a
  /// local copy of another repository's (`owner/repo/path@ref` read from
  /// `<root>/owner/repo/path`, whatever the ref); nullopt for a path with a `..` segment or
  /// a file that cannot be read.
  [[nodiscard]] std::optional<std::string> workflow_text(std::string_view uses) const {
    const bool local = uses.substr(0, 2) == "./";
    const std::size_t at = uses.rfind('@');
    if (!local && (at == std::string_view::npos || at == 0)) return std::nullopt;
    return read_under(
        std::filesystem::path(std::string(local ? uses.substr(2) : uses.substr(0, at))));
  }

  /// The metadata text of the local action a step's `uses: ./path` names: `path/action.yml`,
  /// else `path/action.yaml` under the root (the runner's order); nullopt for another
  /// `uses`, a path with a `..` segment, or a directory with neither file.
  [[nodiscard]] std::optional<std::string> action_text(std::string_view uses) const {
    if (uses.substr(0, 2) != "./") return std::nullopt;
    const std::filesystem::path dir(std::string(uses.substr(2)));
    for (const char* name : {"action.yml", "action.yaml"}) {
      if (auto text = read_under(dir / name)) return text;
    }
    return std::nullopt;
  }

  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

 private:
  /// The text of `rel` under the root; nullopt for an absolute path, a `..` segment or a file
  /// that cannot be read.
  [[nodiscard]] std::optional<std::string> read_under(const std::filesystem::path& rel) const {
    if (rel.empty() || rel.is_absolute()) return std::nullopt;
    for (const auto& part : rel) {
      if (part == "..") return std::nullopt;
    }
    std::ifstream in(root_ / rel, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::filesystem::path root_;
  expr::hash_files_policy hash_;
};

}  // namespace host
}  // namespace v0
}  // namespace pipewright
