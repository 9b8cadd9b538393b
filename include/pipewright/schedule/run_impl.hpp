/// @file run_impl.hpp
/// The definitions behind pipewright/schedule/run.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cmath>

#include "pipewright/schedule/run.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

PIPEWRIGHT_DECL bool decide_job(std::span<const job_spec> jobs, std::uint32_t j,
                                std::span<const status> results, std::span<const value> outputs,
                                std::string& error) {
  const std::vector<char> finished(jobs.size(), 1);
  const condition_view view(jobs, results, finished, j, false, &error, outputs);
  return jobs[j].condition ? jobs[j].condition(view) : view.success();
}

PIPEWRIGHT_DECL double github_minute_multiplier(std::string_view runner) noexcept {
  auto has = [runner](std::string_view word) {
    if (runner.size() < word.size()) return false;
    for (std::size_t i = 0; i + word.size() <= runner.size(); ++i) {
      bool same = true;
      for (std::size_t k = 0; k < word.size() && same; ++k) {
        char c = runner[i + k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        same = c == word[k];
      }
      if (same) return true;
    }
    return false;
  };
  if (has("macos")) return 10;
  if (has("windows")) return 2;
  return 1;
}

PIPEWRIGHT_DECL double billed_minutes(double seconds) noexcept {
  return seconds <= 0 ? 0 : std::ceil(seconds / 60.0);
}

PIPEWRIGHT_DECL void condition_view::report_undetermined(std::vector<std::string> waits_for) const {
  if (undetermined_ == nullptr) return;
  *undetermined_ = std::move(waits_for);
  if (undetermined_->empty()) undetermined_->emplace_back("?");
}

PIPEWRIGHT_DECL bool condition_view::success() const {
  if (cancelled_) return false;
  bool ok = true;
  for_each_ancestor([&](std::uint32_t a) { ok = ok && results_[a] == status::success; });
  return ok;
}

PIPEWRIGHT_DECL bool condition_view::failure() const {
  bool failed = false;
  for_each_ancestor([&](std::uint32_t a) { failed = failed || results_[a] == status::failure; });
  return failed;
}

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright
