/// @file runners.hpp
/// GitHub's runner labels: the GitHub-hosted images' labels, the labels GitHub retired (a job
/// asking for one waits in the queue until it is cancelled), and the labels every self-hosted
/// runner gets. Source: docs.github.com, "GitHub-hosted runners" (standard and larger runners,
/// as of 2026) and "Self-hosted runners: using labels"; ../shared/SEMANTICS.md.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"

namespace pipewright {
inline namespace v0 {
namespace semantics {

/// Labels of GitHub-hosted runners, standard and larger macOS ones.
inline constexpr std::array<std::string_view, 24> github_hosted_labels = {
    "ubuntu-latest",      "ubuntu-26.04",
    "ubuntu-24.04",       "ubuntu-22.04",
    "ubuntu-26.04-arm",   "ubuntu-24.04-arm",
    "ubuntu-22.04-arm",   "ubuntu-slim",
    "windows-latest",     "windows-2025",
    "windows-2022",       "windows-11-arm",
    "macos-latest",       "macos-26",
    "macos-15",           "macos-14",
    "macos-26-intel",     "macos-15-intel",
    "macos-latest-large", "macos-15-large",
    "macos-14-large",     "macos-latest-xlarge",
    "macos-15-xlarge",    "macos-14-xlarge",
};

/// Labels GitHub no longer provides.
inline constexpr std::array<std::string_view, 11> retired_github_labels = {
    "ubuntu-16.04", "ubuntu-18.04",   "ubuntu-20.04",    "windows-2016",
    "windows-2019", "macos-10.15",    "macos-11",        "macos-12",
    "macos-13",     "macos-13-large", "macos-13-xlarge",
};

/// The default labels of every self-hosted runner (operating system and architecture).
inline constexpr std::array<std::string_view, 7> self_hosted_labels = {
    "self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64",
};

/// Whether `label` is in `list`, compared as GitHub compares labels (ignoring case).
template <std::size_t N>
constexpr bool has_label(const std::array<std::string_view, N>& list,
                         std::string_view label) noexcept {
  return std::any_of(list.begin(), list.end(),
                     [label](std::string_view l) { return pipewright::detail::iequals(l, label); });
}

}  // namespace semantics
}  // namespace v0
}  // namespace pipewright
